package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"confer/session"
	"confer/session/sessiontest"
	"confer/session/store"

	bolt "go.etcd.io/bbolt"
)

// openSealed reads a sealed record file back with the test key: doc is
// the document as sealed ("full", "family-a3", "letter.html").
func openSealed(t *testing.T, dir, id, doc string) []byte {
	t.Helper()
	name := id + "-" + doc
	if !strings.HasSuffix(doc, ".html") {
		name += ".md"
	}
	sealed, err := os.ReadFile(filepath.Join(dir, "records", name+sealedSuffix))
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
		session.AddAction{What: knownTexts[5], Owner: "HV", Due: time.Now().AddDate(0, 0, 30).UTC().Truncate(24 * time.Hour)},
		session.EndConference{},
	} {
		if err := h.Do(ctx, session.Command{By: chair, Op: op}); err != nil {
			t.Fatalf("%s: %v", op.Kind(), err)
		}
	}
	files, err := sealedExporter(j, svc)(recordsDir, h.Snapshot())
	if err != nil || len(files) != 6 {
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
	// A key others can read is named in a warning.
	if err := os.Chmod(keyPath, 0o644); err != nil {
		t.Fatal(err)
	}
	note.Reset()
	j, err = openJournal(p, journalOpts{note: &note})
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	if !strings.Contains(note.String(), "can be read by other users") {
		t.Fatalf("no warning for a key of mode 0644: %q", note.String())
	}
	// The texts are really there, encrypted.
	key, _ := store.ReadMasterKeyFile(keyPath)
	j2, err := store.Open(p.journal, key)
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	sealed, _ := os.ReadFile(filepath.Join(p.records, id+"-full"+".md"+sealedSuffix))
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

// twoConferences holds two scripted conferences in a fresh data directory
// (the test key in the environment) and returns their IDs.
func twoConferences(t *testing.T) (dir, a, b string) {
	t.Helper()
	dir = t.TempDir()
	t.Setenv(keyEnv, sessiontest.Key.String())
	p := dataPaths(dir)
	j, err := openJournal(p, journalOpts{create: true, note: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	a = scripted(t, j, svc, p.records)
	b = scripted(t, j, svc, p.records)
	j.Close()
	return dir, a, b
}

// reopen replays the data directory as a restarted server would.
func reopen(t *testing.T, dir string) (*session.Service, func()) {
	t.Helper()
	j, err := openJournal(dataPaths(dir), journalOpts{note: &bytes.Buffer{}})
	if err != nil {
		t.Fatal(err)
	}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		j.Close()
		t.Fatal(err)
	}
	return svc, func() { j.Close() }
}

// TestEraseThenRestart: a typed confirmation is required; after erasure
// and a restart the conference is gone from replay, export, audit and the
// records directory, the erasure is audited, and the other conference is
// whole.
func TestEraseThenRestart(t *testing.T) {
	dir, a, b := twoConferences(t)
	svc, done := reopen(t, dir)
	wantB := svc.For(chair)
	bSeq := func() uint64 { h, _ := svc.Hub(b); return h.Snapshot().Seq }()
	done()

	var out bytes.Buffer
	if err := runErase([]string{"--data", dir, "--conference", a}, strings.NewReader("not-the-id\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Nothing was erased") {
		t.Fatalf("wrong confirmation: got %q", out.String())
	}
	svc, done = reopen(t, dir)
	if _, ok := svc.Hub(a); !ok {
		t.Fatal("conference erased without confirmation")
	}
	done()

	out.Reset()
	if err := runErase([]string{"--data", dir, "--conference", a}, strings.NewReader(a+"\n"), &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "Erased conference "+a) || !strings.Contains(out.String(), "6 record files") {
		t.Fatalf("erase said %q", out.String())
	}

	svc, done = reopen(t, dir)
	defer done()
	if _, ok := svc.Hub(a); ok {
		t.Fatal("erased conference replayed after a restart")
	}
	h, ok := svc.Hub(b)
	if !ok || h.Snapshot().Seq != bSeq {
		t.Fatalf("the other conference after erasure: present %v", ok)
	}
	got := svc.For(chair)
	if len(got) != 1 || len(wantB) != 2 || got[0].ConferenceID != b {
		t.Fatalf("lobby after erasure: got %+v", got)
	}
	entries, _ := os.ReadDir(dataPaths(dir).records)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), a) {
			t.Errorf("record %s of the erased conference is still there", e.Name())
		}
	}
	if len(entries) != 6 {
		t.Errorf("records left: got %d, want the other conference's 6", len(entries))
	}
	done()
	if err := runExport([]string{"--data", dir, "--conference", a}, &bytes.Buffer{}); err == nil {
		t.Error("export of an erased conference: got no error")
	}
	out.Reset()
	if err := runAudit([]string{"--data", dir, "--conference", a}, &out); err != nil || !strings.Contains(out.String(), "erased the conference") {
		t.Fatalf("audit of the erased conference: %v %q", err, out.String())
	}
	out.Reset()
	if err := runAudit([]string{"--data", dir, "--erasures"}, &out); err != nil || !strings.Contains(out.String(), "erased conference "+a+" (") ||
		!strings.Contains(out.String(), "1 erasures.") {
		t.Fatalf("erasure list: %v %q", err, out.String())
	}
	out.Reset()
	if err := runErase([]string{"--data", dir, "--conference", a, "--yes"}, nil, &out); err != nil || !strings.Contains(out.String(), "already erased") {
		t.Fatalf("erasing twice: %v %q", err, out.String())
	}
}

// TestAuditListsExportsAndViews: a plaintext copy taken with confer export
// is journaled with who and where, a viewing after the end is listed, and
// plaintext copies are refused inside the data directory.
func TestAuditListsExportsAndViews(t *testing.T) {
	dir, a, _ := twoConferences(t)
	if err := runExport([]string{"--data", dir, "--conference", a, "--out", filepath.Join(dir, "x")}, &bytes.Buffer{}); err == nil ||
		!strings.Contains(err.Error(), "not written inside the data directory") {
		t.Fatalf("plaintext export inside the data dir: got %v", err)
	}
	away := t.TempDir()
	t.Setenv("USER", "sam")
	if err := runExport([]string{"--data", dir, "--conference", a, "--family", "--out", away}, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	// Someone opens the ended conference.
	svc, done := reopen(t, dir)
	h, _ := svc.Hub(a)
	if err := h.Do(context.Background(), session.Command{By: chair, Op: session.AcceptConfidentiality{}}); err != nil {
		t.Fatal(err)
	}
	done()
	var out bytes.Buffer
	if err := runAudit([]string{"--data", dir, "--conference", a}, &out); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Jo Okafor (chair)  exported full (md+html), family (md+html), letter (md+html) to " + dataPaths(dir).records + ", sealed",
		"Operator sam (command line) (@operator)  exported family to " + away + ", a plaintext copy",
		"Jo Okafor (chair)  viewed the ended conference",
		"2 exports, 1 viewings after the end.",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("audit lacks %q:\n%s", want, out.String())
		}
	}
	if found := grepDir(t, dir, knownTexts); len(found) > 0 {
		t.Fatalf("data directory holds plaintext after exports: %q", found)
	}
}

// TestRetentionListsOnlyForReview: ended conferences past the period are
// listed; nothing is erased.
func TestRetentionListsOnlyForReview(t *testing.T) {
	dir, a, b := twoConferences(t)
	var out bytes.Buffer
	if err := runRetention([]string{"--data", dir, "--days", "100000"}, &out); err != nil || !strings.Contains(out.String(), "No ended conference") {
		t.Fatalf("long period: %v %q", err, out.String())
	}
	out.Reset()
	if err := runRetention([]string{"--data", dir, "--days", "0"}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), a) || !strings.Contains(out.String(), b) || !strings.Contains(out.String(), "Nothing has been erased") {
		t.Fatalf("retention report: %q", out.String())
	}
	svc, done := reopen(t, dir)
	defer done()
	if len(svc.Ended()) != 2 {
		t.Fatal("retention erased something")
	}
	out.Reset()
	retentionNotice(&out, svc, 0)
	if !strings.Contains(out.String(), "2 ended conferences are past the retention period of 0 days") {
		t.Fatalf("start-up notice: %q", out.String())
	}
	out.Reset()
	retentionNotice(&out, svc, 100000)
	if out.Len() != 0 {
		t.Fatalf("start-up notice with nothing due: %q", out.String())
	}
}

// writeOldDataDir writes a data directory as the version before
// encryption left it: a plaintext journal and a plaintext record.
func writeOldDataDir(t *testing.T, dir string) (id string, seq uint64) {
	t.Helper()
	mem := sessiontest.NewJournal()
	svc, err := session.Open(mem, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h, err := svc.Create(ctx, chair, session.CreateConference{Type: session.Initial, Venue: knownTexts[0],
		Date: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Children: []session.Child{{Name: knownTexts[1]}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, text := range knownTexts[2:] {
		if err := h.Do(ctx, session.Command{By: chair, Op: session.AddItem{Section: session.Worries, Text: text}}); err != nil {
			t.Fatal(err)
		}
	}
	id = h.ID()
	db, err := bolt.Open(dataPaths(dir).journal, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		root, _ := tx.CreateBucket([]byte("conferences"))
		bk, _ := root.CreateBucket([]byte(id))
		return mem.Load(id, func(s uint64, data []byte) error {
			seq = s
			return bk.Put(binary.BigEndian.AppendUint64(nil, s), data)
		})
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	records := dataPaths(dir).records
	if err := os.MkdirAll(records, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(records, id+"-full.md"), []byte("# Record\n"+knownTexts[2]), 0o600); err != nil {
		t.Fatal(err)
	}
	return id, seq
}

// TestOldDataDirConvertedOnFirstStart: a plaintext data directory from the
// version before encryption is refused by the offline commands with a
// sentence saying how to convert it, and converted on the server's first
// start: same conference, no plaintext left, records sealed.
func TestOldDataDirConvertedOnFirstStart(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "confer-data")
	os.Unsetenv(keyEnv)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	id, seq := writeOldDataDir(t, dir)
	if found := grepDir(t, dir, knownTexts[:3]); len(found) == 0 {
		t.Fatal("the old data directory should hold plaintext")
	}
	before := hashFile(t, dataPaths(dir).journal)
	err := runAudit([]string{"--data", dir, "--conference", id}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "start the server once") {
		t.Fatalf("offline command on a plaintext journal: got %v", err)
	}
	if hashFile(t, dataPaths(dir).journal) != before {
		t.Fatal("refusing changed the journal")
	}
	var note bytes.Buffer
	j, err := openJournal(dataPaths(dir), journalOpts{create: true, note: &note})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Created the master key", "Converting", "Converted 1 conferences", "Encrypted 1 plaintext record files"} {
		if !strings.Contains(note.String(), want) {
			t.Errorf("first start says %q, want it to contain %q", note.String(), want)
		}
	}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h, ok := svc.Hub(id)
	if !ok || h.Snapshot().Seq != seq || h.Snapshot().Items[len(h.Snapshot().Items)-1].Text != knownTexts[len(knownTexts)-1] {
		t.Fatal("the converted journal does not replay to the same conference")
	}
	sealed, _ := os.ReadFile(filepath.Join(dataPaths(dir).records, id+"-full"+".md"+sealedSuffix))
	if plain, err := j.OpenRecord(id, "full", sealed); err != nil || !bytes.Contains(plain, []byte(knownTexts[2])) {
		t.Fatalf("the old record was not sealed: %v", err)
	}
	j.Close()
	if found := grepDir(t, dir, knownTexts); len(found) > 0 {
		t.Fatalf("plaintext left after conversion: %q", found)
	}
	if _, err := os.Stat(filepath.Join(dataPaths(dir).records, id+"-full.md")); !os.IsNotExist(err) {
		t.Fatal("the plaintext record is still there")
	}
}

// TestUnsealJournaledAndChecked: a sealed record is written out as it was
// sealed, the copy is audited, and a file moved to another conference's
// name does not open.
func TestUnsealJournaledAndChecked(t *testing.T) {
	dir, a, b := twoConferences(t)
	file := filepath.Join(dataPaths(dir).records, a+"-full"+".md"+sealedSuffix)
	var out bytes.Buffer
	if err := runUnseal([]string{"--data", dir, file}, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), knownTexts[2]) {
		t.Fatalf("unsealed record lacks its text:\n%s", out.String())
	}
	out.Reset()
	if err := runAudit([]string{"--data", dir, "--conference", a}, &out); err != nil ||
		!strings.Contains(out.String(), "exported full to standard output, from "+a+"-full"+".md"+sealedSuffix) {
		t.Fatalf("audit after unseal: %v\n%s", err, out.String())
	}
	moved := filepath.Join(t.TempDir(), b+"-full"+".md"+sealedSuffix)
	raw, _ := os.ReadFile(file)
	if err := os.WriteFile(moved, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := runUnseal([]string{"--data", dir, moved}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "does not open") {
		t.Fatalf("a record renamed to another conference: got %v", err)
	}
}
