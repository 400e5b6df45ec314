package server

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// prefs keeps what each person chose about how confer is shown to them,
// small files per person ID in a directory of the data directory:
// DIR/ID.mode holds "linear" or "full", DIR/ID.look their display choice
// (see tui.LookStore). Guests, who have no person ID, are not remembered.
// The zero value remembers nothing.
type prefs struct{ dir string }

// modeFile is where a person's choice of mode is kept, or "" if it cannot
// be: no directory configured, or an ID that is not a plain file name.
func (p prefs) modeFile(id string) string { return p.file(id, ".mode") }

// file is where one of a person's choices is kept, or "" if it cannot be.
func (p prefs) file(id, ext string) string {
	if p.dir == "" || id == "" || strings.HasPrefix(id, ".") || len(id) > 128 {
		return ""
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.') {
			return ""
		}
	}
	return filepath.Join(p.dir, id+ext)
}

// mode returns the person's remembered mode, or "".
func (p prefs) mode(id string) string {
	f := p.modeFile(id)
	if f == "" {
		return ""
	}
	b, err := os.ReadFile(f)
	if err != nil {
		return ""
	}
	switch m := strings.TrimSpace(string(b)); m {
	case "linear", "full":
		return m
	}
	return ""
}

// errNoPrefs is returned when a choice cannot be remembered.
var errNoPrefs = errors.New("server: choices are not remembered on this server")

// remember returns the function that records the person's choice of mode,
// or nil if it cannot be remembered.
func (p prefs) remember(id string) func(mode string) error {
	f := p.modeFile(id)
	if f == "" {
		return nil
	}
	return func(mode string) error {
		if mode != "linear" && mode != "full" {
			return errNoPrefs
		}
		return p.write(f, mode)
	}
}

// write replaces one choice's file, mode 0600, whole or not at all.
func (p prefs) write(f, text string) error {
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		return err
	}
	tmp := f + ".tmp"
	if err := os.WriteFile(tmp, []byte(text+"\n"), 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, f)
}
