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
	if len(files) != 3 {
		t.Fatalf("got %d files listed (%q), want 3", len(files), out.String())
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
	for _, args := range [][]string{{"--minutes-days", "30"}, {"serve"}} {
		if err := run(context.Background(), args, &bytes.Buffer{}); err == nil {
			t.Errorf("%v: got nil, want a refusal", args)
		}
	}
}
