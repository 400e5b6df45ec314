package export

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"confer/session"
)

// TestDeterministic renders each document twice, the second time from a
// conference rebuilt from scratch, and wants the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := richConference(t, identity), richConference(t, identity)
	for _, e := range encoders {
		var x, y, z bytes.Buffer
		if err := e.enc(&x, a); err != nil {
			t.Fatal(err)
		}
		if err := e.enc(&y, a); err != nil {
			t.Fatal(err)
		}
		if err := e.enc(&z, b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(x.Bytes(), y.Bytes()) || !bytes.Equal(x.Bytes(), z.Bytes()) {
			t.Errorf("%s: two renderings differ", e.name)
		}
	}
}

// TestTimesAreLondon renders with the process's local zone set elsewhere
// and wants the same bytes: times are always shown in Europe/London.
func TestTimesAreLondon(t *testing.T) {
	snap := richConference(t, identity)
	var want, got bytes.Buffer
	if err := Full(&want, snap); err != nil {
		t.Fatal(err)
	}
	old := time.Local
	time.Local = time.FixedZone("UTC-5", -5*3600)
	defer func() { time.Local = old }()
	if err := Full(&got, snap); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want.Bytes()) {
		t.Errorf("the record changed with the local time zone")
	}
	// The review started at 09:55 GMT on Monday 23 November 2026.
	if !bytes.Contains(got.Bytes(), []byte("- **Date:** Monday 23 November 2026\n- **Time:** 09:55 to 12:01")) {
		t.Errorf("got a header without London's date and times")
	}
}

func TestWriteAll(t *testing.T) {
	snap := richConference(t, identity)
	dir := filepath.Join(t.TempDir(), "records")
	paths, err := WriteAllWithHTML(dir, snap)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		filepath.Join(dir, "conf-2-full.md"),
		filepath.Join(dir, "conf-2-family.md"),
		filepath.Join(dir, "conf-2-letter.md"),
		filepath.Join(dir, "conf-2-full.html"),
		filepath.Join(dir, "conf-2-family.html"),
		filepath.Join(dir, "conf-2-letter.html"),
	}
	if len(paths) != len(want) {
		t.Fatalf("got %d paths, want %d", len(paths), len(want))
	}
	for i, enc := range []func(*bytes.Buffer) error{
		func(b *bytes.Buffer) error { return Full(b, snap) },
		func(b *bytes.Buffer) error { return Family(b, snap) },
		func(b *bytes.Buffer) error { return Letter(b, snap) },
	} {
		if paths[i] != want[i] {
			t.Errorf("path %d: got %s, want %s", i, paths[i], want[i])
		}
		fi, err := os.Stat(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != 0o600 {
			t.Errorf("%s: got mode %o, want 600", paths[i], got)
		}
		data, err := os.ReadFile(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := enc(&b); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(data, b.Bytes()) {
			t.Errorf("%s: the file differs from the rendered document", paths[i])
		}
	}
	di, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := di.Mode().Perm(); got != 0o700 {
		t.Errorf("directory: got mode %o, want 700", got)
	}
	// Writing again replaces the files and leaves no temporary files.
	if _, err := WriteAllWithHTML(dir, snap); err != nil {
		t.Fatal(err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != 6 {
		var names []string
		for _, e := range ents {
			names = append(names, e.Name())
		}
		t.Errorf("got files %q, want only the three records, each as Markdown and HTML", names)
	}
	for _, p := range paths[3:] {
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: got %v, want a file of mode 600", p, err)
		}
	}
}

func TestWriteAllRefusesUnsafeIDs(t *testing.T) {
	snap := richConference(t, identity)
	for _, id := range []string{"", ".", "..", "../x", `a\b`, "a/b"} {
		c := *snap.Conference
		c.ID = id
		s := snap
		s.Conference = &c
		if _, err := WriteAll(t.TempDir(), s); !errors.Is(err, ErrBadID) {
			t.Errorf("ID %q: got %v, want ErrBadID", id, err)
		}
	}
	if _, err := WriteAll(t.TempDir(), session.Snapshot{}); !errors.Is(err, ErrNoConference) {
		t.Errorf("empty snapshot: got %v, want ErrNoConference", err)
	}
}

// TestWriteAllMarkdownOnly: WriteAll writes the Markdown alone; the HTML
// comes with WriteAllWithHTML (what ending a conference uses).
func TestWriteAllMarkdownOnly(t *testing.T) {
	paths, err := WriteAll(t.TempDir(), richConference(t, identity))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != 3 {
		t.Fatalf("got %q, want the three Markdown records", paths)
	}
	for _, p := range paths {
		if filepath.Ext(p) != ".md" {
			t.Errorf("%s: want .md", p)
		}
	}
}
