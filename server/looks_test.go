package server

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"confer/server/servertest"
	"confer/session"
)

// chooseNoColour opens the display form with ctrl+t and chooses no colour.
func chooseNoColour(t *testing.T, c *servertest.Client, who string) {
	t.Helper()
	ctx := waitCtx(t, 30*time.Second)
	send(t, c, "\x14")
	waitOutput(t, ctx, c, who, "Choose what is easiest to read")
	send(t, c, "\t", "\x1b[C", "\x1b[C", "\r", "\r")
	if _, err := c.WaitFor(ctx, "Display: no colour."); err != nil {
		t.Fatalf("%s: %v\n%s", who, err, c.Screen())
	}
}

// connectColours connects as id and returns the colours its first screen
// used.
func connectColours(t *testing.T, e *env, id string, o servertest.Options) colourUse {
	t.Helper()
	c, err := e.dial(e.keys[id], id, o)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.WaitFor(waitCtx(t, 30*time.Second), "Your conferences"); err != nil {
		t.Fatalf("%v\n%s", err, c.Screen())
	}
	return colours(c.RawOutput())
}

// A person's display choice (ctrl+t) is kept in DATA/prefs/ID.look (0600)
// and survives reconnecting and a restart of the server on the same
// directory; what is found there is checked, and NO_COLOR still wins.
func TestLookRememberedOverSSH(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "prefs")
	prefsIn := func(c *Config) { c.PrefsDir = dir }
	e := newEnv(t, testPeople, prefsIn, nil)
	if got := connectColours(t, e, "chair", servertest.Options{}); got == (colourUse{}) {
		t.Fatal("before any choice: no colour at all, want the usual colours")
	}
	c := e.mustDial("chair")
	waitOutput(t, waitCtx(t, 30*time.Second), c, "chair", "Your conferences")
	chooseNoColour(t, c, "chair")
	c.Close()
	f := filepath.Join(dir, "chair.look")
	waitFile(t, f)
	fi, err := os.Stat(f)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("saved choice: %v, want a 0600 file", err)
	}
	if got := connectColours(t, e, "chair", servertest.Options{}); got != (colourUse{}) {
		t.Errorf("reconnecting after choosing no colour: colours %+v", got)
	}

	// A restart: a new server on the same prefs directory.
	again := newEnv(t, testPeople, prefsIn, nil)
	if got := connectColours(t, again, "chair", servertest.Options{}); got != (colourUse{}) {
		t.Errorf("after a restart: colours %+v, want none", got)
	}

	// High contrast is drawn in the basic colours only, unless the
	// connection says NO_COLOR.
	if err := os.WriteFile(f, []byte("dark contrast\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := connectColours(t, again, "chair", servertest.Options{}); got != (colourUse{basic: true}) {
		t.Errorf("saved high contrast: colours %+v, want the basic ones only", got)
	}
	if got := connectColours(t, again, "chair", servertest.Options{Env: map[string]string{"NO_COLOR": "1"}}); got != (colourUse{}) {
		t.Errorf("saved high contrast with NO_COLOR: colours %+v, want none", got)
	}
	// Garbage in the file is ignored: the usual colours.
	for _, junk := range []string{"\x1b[31mdark none\n", strings.Repeat("dark none ", 50), "dark\n"} {
		if err := os.WriteFile(f, []byte(junk), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := connectColours(t, again, "chair", servertest.Options{}); !got.c256 {
			t.Errorf("file %q: colours %+v, want the usual 256 colours", junk, got)
		}
	}
}

// A guest, who has no person ID, can choose a display but nothing is
// written for them.
func TestGuestLookNotWritten(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "prefs")
	e := newEnv(t, testPeople, func(c *Config) { c.PrefsDir = dir }, nil)
	h := e.conference()
	code := session.NewInviteCode()
	if err := h.Do(context.Background(), session.Command{By: e.actors["chair"], Op: session.CreateInvite{
		Hash: session.HashCode(code), Expires: time.Now().Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	g, _ := expectAdmitted(t, e, servertest.NewKey(), code, "guest with an invite")
	ctx := waitCtx(t, 30*time.Second)
	waitOutput(t, ctx, g, "guest", "Your name")
	send(t, g, "G", "a", "i", "l", "\t", "\x1b[C", "\r", "\r")
	waitOutput(t, ctx, g, "guest", "Waiting for the chair")
	chooseNoColour(t, g, "guest")
	// A person's choice is written to the same directory, so the guest's
	// would have been by now.
	c := e.mustDial("viewer1")
	chooseNoColour(t, c, "viewer1")
	waitFile(t, filepath.Join(dir, "viewer1.look"))
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, de := range ents {
		if de.Name() != "viewer1.look" {
			t.Errorf("written for a guest: %s", de.Name())
		}
	}
}

// waitFile waits until f exists.
func waitFile(t *testing.T, f string) {
	t.Helper()
	ctx := waitCtx(t, 10*time.Second)
	for {
		if _, err := os.Stat(f); err == nil {
			return
		}
		select {
		case <-ctx.Done():
			t.Fatalf("%s was never written", f)
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// The file store keeps only short printable text, and only for plain IDs.
func TestLookFileBounds(t *testing.T) {
	p := prefs{dir: filepath.Join(t.TempDir(), "prefs")}
	st := p.looks("asmith")
	if st.LoadLook() != "" {
		t.Fatal("a look before any was saved")
	}
	for _, bad := range []string{"dark\x1b[2J", "dark\nnone", strings.Repeat("x", maxLook+1)} {
		if st.SaveLook(bad) == nil {
			t.Errorf("saved %q", bad)
		}
	}
	if err := st.SaveLook("light none"); err != nil || st.LoadLook() != "light none" {
		t.Fatalf("save: %v; load %q", err, st.LoadLook())
	}
	for _, junk := range []string{strings.Repeat("y", 4096), "dark\x1b[2J\n", "dark\nnone\n"} {
		if err := os.WriteFile(filepath.Join(p.dir, "asmith.look"), []byte(junk), 0o600); err != nil {
			t.Fatal(err)
		}
		if got := st.LoadLook(); got != "" {
			t.Errorf("file holding %.20q loaded as %.20q", junk, got)
		}
	}
	for _, id := range []string{"", "../x", ".hidden", "a/b"} {
		if p.looks(id) != nil {
			t.Errorf("looks(%q): a store, want none", id)
		}
	}
	if (prefs{}).looks("asmith") != nil {
		t.Error("no prefs directory: a store, want none")
	}
}
