package server

import (
	"io"
	"os"
	"strings"

	"confer/tui"
)

// maxLook bounds a saved display choice: tui's are a few words.
const maxLook = 64

// lookFile is one person's display choice (ctrl+t), kept as DIR/ID.look.
// The text is tui's; this only keeps it small and printable.
type lookFile struct {
	p    prefs
	file string
}

// looks returns the store of the person's display choice, or nil for a
// guest, an ID that is not a plain file name, or no prefs directory.
func (p prefs) looks(id string) tui.LookStore {
	f := p.file(id, ".look")
	if f == "" {
		return nil
	}
	return lookFile{p: p, file: f}
}

// LoadLook returns the saved text, or "" if there is none or it is not
// what SaveLook could have written.
func (l lookFile) LoadLook() string {
	fh, err := os.Open(l.file)
	if err != nil {
		return ""
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, maxLook+2))
	if err != nil || len(b) > maxLook+1 {
		return ""
	}
	s := strings.TrimSuffix(string(b), "\n")
	if len(s) > maxLook || !plainLook(s) {
		return ""
	}
	return s
}

// SaveLook replaces the saved choice.
func (l lookFile) SaveLook(text string) error {
	if len(text) > maxLook || !plainLook(text) {
		return errNoPrefs
	}
	return l.p.write(l.file, text)
}

// plainLook reports whether s is printable ASCII only.
func plainLook(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < ' ' || s[i] > '~' {
			return false
		}
	}
	return true
}
