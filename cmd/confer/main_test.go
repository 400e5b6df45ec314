package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"confer/session"
	"confer/session/sessiontest"
	"confer/session/store"
)

// seed writes a journal with one conference into a data directory, the way
// a server would have left it, and returns the conference ID.
func seed(t *testing.T, dir string) string {
	t.Helper()
	t.Setenv(keyEnv, sessiontest.Key.String())
	j, err := store.Open(dataPaths(dir).journal, sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	chair := session.Actor{ID: "chair", Name: "Jo Okafor", MayChair: true}
	h, err := svc.Create(context.Background(), chair, session.CreateConference{Type: session.Initial,
		Date: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Children: []session.Child{{Name: "Amy"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []session.Op{
		session.AddItem{Section: session.Worries, Text: "visible worry"},
		session.AddItem{Section: session.Worries, Text: "restricted third-party detail", Restricted: true},
	} {
		if err := h.Do(context.Background(), session.Command{By: chair, Op: op}); err != nil {
			t.Fatal(err)
		}
	}
	return h.ID()
}

// TestExportWritesAllThreePrivately: without --out the records are sealed
// into DATA/records with mode 0600.
func TestExportWritesAllThreePrivately(t *testing.T) {
	dir := t.TempDir()
	id := seed(t, dir)
	var out bytes.Buffer
	if err := runExport([]string{"--data", dir, "--conference", id}, &out); err != nil {
		t.Fatal(err)
	}
	files := strings.Fields(out.String())
	if len(files) != 6 || !strings.HasSuffix(files[5], id+"-letter.html.sealed") {
		t.Fatalf("got %d files listed (%q), want the three .md.sealed then the three .html.sealed", len(files), out.String())
	}
	for _, f := range files {
		if filepath.Dir(f) != filepath.Join(dir, "records") {
			t.Errorf("%s: got directory %s, want DATA/records", f, filepath.Dir(f))
		}
		st, err := os.Stat(f)
		if err != nil {
			t.Fatal(err)
		}
		if st.Mode().Perm() != 0o600 {
			t.Errorf("%s: got mode %v, want 0600", f, st.Mode().Perm())
		}
	}
	family := openSealed(t, dir, id, "family")
	if !strings.Contains(string(family), "visible worry") || strings.Contains(string(family), "third-party") {
		t.Fatalf("family copy: want the visible item and not the restricted one:\n%s", family)
	}
}

func TestExportOneToStdout(t *testing.T) {
	dir := t.TempDir()
	id := seed(t, dir)
	var out bytes.Buffer
	if err := runExport([]string{"--data", dir, "--conference", id, "--full", "--out", "-"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "restricted third-party detail") {
		t.Fatalf("full record on stdout lacks the restricted item:\n%s", out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "records")); !os.IsNotExist(err) {
		t.Fatalf("got a records directory (%v), want nothing written for --out -", err)
	}
}

// TestExportHTML: --html writes each document as printable HTML beside
// its Markdown (sealed without --out, plain with it), and with --out -
// writes the one page to standard output.
func TestExportHTML(t *testing.T) {
	dir := t.TempDir()
	id := seed(t, dir)
	var out bytes.Buffer
	// Without --out, the HTML is sealed into the records like the Markdown.
	if err := runExport([]string{"--data", dir, "--conference", id, "--letter", "--html"}, &out); err != nil {
		t.Fatal(err)
	}
	sealed := strings.Fields(out.String())
	if len(sealed) != 2 || sealed[1] != filepath.Join(dir, "records", id+"-letter.html.sealed") {
		t.Fatalf("--letter --html without --out: got %q, want the letter sealed as .md and .html", sealed)
	}
	if page := openSealed(t, dir, id, "letter.html"); !bytes.HasPrefix(page, []byte("<!DOCTYPE html>")) {
		t.Fatalf("sealed letter page does not open to HTML: %.80q", page)
	}
	out.Reset()
	away := t.TempDir()
	if err := runExport([]string{"--data", dir, "--conference", id, "--html", "--out", away}, &out); err != nil {
		t.Fatal(err)
	}
	files := strings.Fields(out.String())
	if len(files) != 6 || !strings.HasSuffix(files[5], id+"-letter.html") {
		t.Fatalf("got files %q, want the three .md then the three .html", files)
	}
	out.Reset()
	if err := runExport([]string{"--data", dir, "--conference", id, "--family", "--html", "--out", "-"}, &out); err != nil {
		t.Fatal(err)
	}
	if page := out.String(); !strings.HasPrefix(page, "<!DOCTYPE html>") || strings.Contains(page, "third-party") ||
		strings.Contains(page, "<script") {
		t.Fatalf("family copy as HTML: got\n%s", page)
	}
}

func TestExportRefusesClearly(t *testing.T) {
	dir := t.TempDir()
	id := seed(t, dir)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--data", dir}, "--conference ID is required"},
		{[]string{"--data", dir, "--conference", "nope"}, `no conference "nope"`},
		{[]string{"--data", filepath.Join(dir, "missing"), "--conference", id}, "no journal"},
		{[]string{"--data", dir, "--conference", id, "--out", "-"}, "exactly one of"},
	} {
		err := runExport(tc.args, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%v: got %v, want an error containing %q", tc.args, err, tc.want)
		}
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "deadlines.json")
	if err := os.WriteFile(bad, []byte(`{"extra_non_working_days": ["8 May"]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"--minutes-days", "30"}, {"serve"},
		{"--data", dir, "--deadlines", bad}, {"--data", dir, "--deadlines", filepath.Join(dir, "missing.json")}} {
		if err := run(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v: got nil, want a refusal", args)
		}
	}
}
