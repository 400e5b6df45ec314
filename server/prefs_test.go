package server

import (
	"os"
	"path/filepath"
	"testing"
)

func TestPrefsRememberPerPerson(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "prefs")
	p := prefs{dir: dir}
	if got := p.mode("asmith"); got != "" {
		t.Fatalf("mode before any choice: got %q, want none", got)
	}
	if err := p.remember("asmith")("linear"); err != nil {
		t.Fatal(err)
	}
	if got := p.mode("asmith"); got != "linear" {
		t.Errorf("mode after choosing linear: got %q", got)
	}
	if got := p.mode("bjones"); got != "" {
		t.Errorf("another person's mode: got %q, want none", got)
	}
	if err := p.remember("asmith")("something else"); err == nil {
		t.Errorf("an unknown mode was remembered")
	}
	fi, err := os.Stat(filepath.Join(dir, "asmith.mode"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("prefs file: %v, mode %v; want 0600", err, fi.Mode().Perm())
	}
	// IDs that are not plain file names, and guests (no ID), are never
	// remembered, and nothing is written outside the directory.
	for _, id := range []string{"", "../x", "a/b", ".hidden", "x\x00y"} {
		if p.remember(id) != nil {
			t.Errorf("remember(%q): got a function, want nil", id)
		}
		if got := p.mode(id); got != "" {
			t.Errorf("mode(%q) = %q", id, got)
		}
	}
	if (prefs{}).remember("asmith") != nil {
		t.Errorf("with no directory configured, a choice was rememberable")
	}
}
