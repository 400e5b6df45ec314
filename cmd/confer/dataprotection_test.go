package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"confer/session"
	"confer/session/sessiontest"
	"confer/session/store"
)

// openSealed reads a sealed record file back with the test key.
func openSealed(t *testing.T, dir, id, doc string) []byte {
	t.Helper()
	sealed, err := os.ReadFile(filepath.Join(dir, "records", id+"-"+doc+sealedSuffix))
	if err != nil {
		t.Fatal(err)
	}
	j, err := store.Open(dataPaths(dir).journal, sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	plain, err := j.OpenRecord(id, doc, sealed)
	if err != nil {
		t.Fatal(err)
	}
	return plain
}

// knownTexts are typed into a scripted conference; none may be found in
// any file of the data directory.
var knownTexts = []string{
	"Leadworth Children's Centre",
	"Amelia Pond-Williams",
	"Father drinks heavily most evenings",
	"Grandmother collects Amelia every day",
	"Police intelligence about the uncle",
	"Health visitor to call weekly",
}

var chair = session.Actor{ID: "chair", Name: "Jo Okafor", MayChair: true}

// scripted holds a conference that uses every known text, ends it, and
// exports it from the app (sealed). It returns the conference ID.
func scripted(t *testing.T, j *store.Bolt, svc *session.Service, recordsDir string) string {
	t.Helper()
	ctx := context.Background()
	h, err := svc.Create(ctx, chair, session.CreateConference{Type: session.Initial, Venue: knownTexts[0],
		Date: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Children: []session.Child{{Name: knownTexts[1]}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []session.Op{
		session.AddItem{Section: session.Worries, Text: knownTexts[2]},
		session.AddItem{Section: session.Strengths, Text: knownTexts[3]},
		session.AddItem{Section: session.Worries, Text: knownTexts[4], Restricted: true},
		session.AddAction{What: knownTexts[5], Owner: "HV", Due: time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)},
		session.EndConference{},
	} {
		if err := h.Do(ctx, session.Command{By: chair, Op: op}); err != nil {
			t.Fatalf("%s: %v", op.Kind(), err)
		}
	}
	files, err := sealedExporter(j, svc)(recordsDir, h.Snapshot())
	if err != nil || len(files) != 3 {
		t.Fatalf("app export: %v %v", files, err)
	}
	return h.ID()
}

// grepDir returns every file under dir holding one of texts.
func grepDir(t *testing.T, dir string, texts []string) []string {
	t.Helper()
	var found []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		raw, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, s := range texts {
			if bytes.Contains(raw, []byte(s)) {
				found = append(found, filepath.Base(p)+": "+s)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// TestFirstRunCreatesKeyAndStoresNoPlaintext: the first run creates the
// master key beside the data directory (0600) and says so; after a
// scripted conference, its export from the app and from the command line,
// no file in the data directory holds any of the texts typed.
func TestFirstRunCreatesKeyAndStoresNoPlaintext(t *testing.T) {
	root := t.TempDir()
	p := dataPaths(filepath.Join(root, "confer-data"))
	if err := os.MkdirAll(p.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	var note bytes.Buffer
	j, err := openJournal(p, journalOpts{create: true, note: &note})
	if err != nil {
		t.Fatal(err)
	}
	keyPath := filepath.Join(root, "confer-master.key")
	if st, err := os.Stat(keyPath); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("key file: got %v %v, want mode 0600 at %s", st, err, keyPath)
	}
	if !strings.Contains(note.String(), keyPath) || !strings.Contains(note.String(), "BACK IT UP") {
		t.Fatalf("first-run message does not say where the key is and to back it up:\n%s", note.String())
	}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	id := scripted(t, j, svc, p.records)
	j.Close()
	var out bytes.Buffer
	if err := runExport([]string{"--data", p.dir, "--conference", id}, &out); err != nil {
		t.Fatal(err)
	}
	if found := grepDir(t, p.dir, knownTexts); len(found) > 0 {
		t.Fatalf("data directory holds plaintext: %q", found)
	}
	// The texts are really there, encrypted.
	key, _ := store.ReadMasterKeyFile(keyPath)
	j2, err := store.Open(p.journal, key)
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	sealed, _ := os.ReadFile(filepath.Join(p.records, id+"-full"+sealedSuffix))
	full, err := j2.OpenRecord(id, "full", sealed)
	if err != nil || !bytes.Contains(full, []byte(knownTexts[2])) {
		t.Fatalf("sealed full record does not open to the record: %v", err)
	}
}

func hashFile(t *testing.T, path string) [32]byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(raw)
}

// TestWrongOrMissingKeyChangesNothing: the server refuses to start with a
// missing key, another installation's key, or a key inside the data
// directory, in a sentence saying what to do; the journal is unchanged and
// no key is created.
func TestWrongOrMissingKeyChangesNothing(t *testing.T) {
	dir := t.TempDir()
	seed(t, dir)
	os.Unsetenv(keyEnv)
	journal := dataPaths(dir).journal
	before := hashFile(t, journal)
	wrong := filepath.Join(t.TempDir(), "other.key")
	if _, err := store.CreateMasterKeyFile(wrong); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(t.TempDir(), "missing.key")
	for _, tc := range []struct {
		key, want string
	}{
		{missing, "does not exist"},
		{wrong, "does not open the journal"},
		{filepath.Join(dir, "k.key"), "inside the data directory"},
	} {
		err := run(context.Background(), []string{"--data", dir, "--listen", "127.0.0.1:0", "--master-key", tc.key}, &bytes.Buffer{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("key %s: got %v, want an error containing %q", tc.key, err, tc.want)
		}
		if hashFile(t, journal) != before {
			t.Fatalf("key %s: the journal changed", tc.key)
		}
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Fatal("a missing key for an existing journal was created")
	}
	t.Setenv(keyEnv, "confer-master-key-v1:bm90IGEga2V5")
	if err := runAudit([]string{"--data", dir, "--conference", "x"}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), keyEnv) {
		t.Errorf("malformed $%s: got %v", keyEnv, err)
	}
}
