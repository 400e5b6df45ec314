package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// testKey is a fixed master key for tests, so a child process and its
// parent open the same journal.
var testKey = MasterKey{0: 7, 13: 1, 31: 9}

// secrets are texts that must never appear in the journal's bytes.
var secrets = []string{"Amy Pond lives at 12 Leadworth Lane", "dad shouts at night", "NHS 943 476 5919"}

func fill(t *testing.T, b *Bolt, conf string, texts ...string) {
	t.Helper()
	for i, s := range texts {
		if err := wait(t, b.Append(conf, uint64(i+1), []byte(s))); err != nil {
			t.Fatalf("append %s %d: %v", conf, i+1, err)
		}
	}
}

func fileHolds(t *testing.T, path string, texts ...string) []string {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, s := range texts {
		if bytes.Contains(raw, []byte(s)) {
			found = append(found, s)
		}
	}
	return found
}

func hashFile(t *testing.T, path string) [32]byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(raw)
}

// TestJournalHoldsNoPlaintext: events are encrypted on disk and read back
// as written.
func TestJournalHoldsNoPlaintext(t *testing.T) {
	b, path := open(t)
	fill(t, b, "c1", secrets...)
	fill(t, b, "c2", "c2 "+secrets[0])
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	if found := fileHolds(t, path, secrets...); len(found) > 0 {
		t.Fatalf("journal bytes hold plaintext %q", found)
	}
	b2, err := Open(path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	if _, data := load(t, b2, "c1"); !slices.Equal(data, secrets) {
		t.Fatalf("read back: got %q, want %q", data, secrets)
	}
}

// TestWrongKeyChangesNothing: another key is refused with ErrWrongMasterKey
// and the file is byte for byte as it was.
func TestWrongKeyChangesNothing(t *testing.T) {
	b, path := open(t)
	fill(t, b, "c1", secrets...)
	b.Close()
	before := hashFile(t, path)
	other := NewMasterKey()
	if b2, err := Open(path, other); !errors.Is(err, ErrWrongMasterKey) {
		if err == nil {
			b2.Close()
		}
		t.Fatalf("wrong key: got %v, want ErrWrongMasterKey", err)
	}
	if _, err := Open(path, MasterKey{}); !errors.Is(err, ErrBadMasterKey) {
		t.Fatalf("zero key: got %v, want ErrBadMasterKey", err)
	}
	if hashFile(t, path) != before {
		t.Fatal("opening with a wrong key changed the journal file")
	}
}

// TestEventsBoundToTheirPlace: an encrypted event copied to another
// position does not decrypt there.
func TestEventsBoundToTheirPlace(t *testing.T) {
	b, path := open(t)
	fill(t, b, "c1", "one", "two")
	b.Close()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(confs).Bucket([]byte("c1"))
		one := bytes.Clone(bk.Get(seqKey(1)))
		return bk.Put(seqKey(2), one)
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	b2, err := Open(path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	err = b2.Load("c1", func(uint64, []byte) error { return nil })
	if !errors.Is(err, errUnreadable) {
		t.Fatalf("event 1 moved to 2: got %v, want errUnreadable", err)
	}
}

func seqKey(seq uint64) []byte {
	var k [8]byte
	binary.BigEndian.PutUint64(k[:], seq)
	return k[:]
}

// rawBucket returns copies of a conference's stored event bytes and its
// wrapped data key, as they sit in the file.
func rawBucket(t *testing.T, path, conf string) (events [][]byte, wrapped []byte) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_ = db.View(func(tx *bolt.Tx) error {
		wrapped = bytes.Clone(tx.Bucket(keys).Get([]byte(conf)))
		return tx.Bucket(confs).Bucket([]byte(conf)).ForEach(func(_, v []byte) error {
			events = append(events, bytes.Clone(v))
			return nil
		})
	})
	return events, wrapped
}

// TestEraseDestroysOnlyThatConference: after Erase the conference, its data
// key and its encrypted bytes are gone from the file; the erasure is
// recorded without content; every other conference is intact; and the
// erased ID takes no more events.
func TestEraseDestroysOnlyThatConference(t *testing.T) {
	b, path := open(t)
	for _, c := range []string{"a", "b", "c"} {
		fill(t, b, c, c+" one", c+" two", c+" three")
	}
	if err := b.PutSummaries(map[string][]byte{"a": []byte("sum a"), "b": []byte(secrets[1])}); err != nil {
		t.Fatal(err)
	}
	b.Close()
	if found := fileHolds(t, path, secrets[1]); len(found) > 0 {
		t.Fatal("a summary is stored in plaintext")
	}
	events, wrapped := rawBucket(t, path, "b")
	at := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	if err := Erase(path, testKey, Erasure{Conference: "b", At: at, By: "operator"}); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range append(events, wrapped) {
		if bytes.Contains(raw, e[len(e)-24:]) {
			t.Fatalf("after erasure the file still holds stored blob %d of b", i)
		}
	}
	b2, err := Open(path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	got, _ := b2.Conferences()
	if !slices.Equal(got, []string{"a", "c"}) {
		t.Fatalf("conferences after erasure: got %v, want [a c]", got)
	}
	for _, c := range []string{"a", "c"} {
		if _, data := load(t, b2, c); !slices.Equal(data, []string{c + " one", c + " two", c + " three"}) {
			t.Fatalf("%s after erasing b: got %q", c, data)
		}
	}
	var sums []string
	if err := b2.Summaries(func(conf string, data []byte) error {
		sums = append(sums, fmt.Sprintf("%s:%s", conf, data))
		return nil
	}); err != nil || !slices.Equal(sums, []string{"a:sum a"}) {
		t.Fatalf("summaries after erasing b: got %q %v, want [a:sum a]", sums, err)
	}
	// A new event makes a summary stale: it is dropped.
	if err := wait(t, b2.Append("a", 4, []byte("a four"))); err != nil {
		t.Fatal(err)
	}
	sums = nil
	_ = b2.Summaries(func(conf string, _ []byte) error { sums = append(sums, conf); return nil })
	if len(sums) != 0 {
		t.Fatalf("summaries after appending to a: got %q, want none", sums)
	}
	ers, err := b2.Erasures()
	if err != nil || len(ers) != 1 || ers[0] != (Erasure{Conference: "b", At: at, By: "operator", Events: 3}) {
		t.Fatalf("erasure log: got %+v %v", ers, err)
	}
	if err := wait(t, b2.Append("b", 4, []byte("more"))); !errors.Is(err, ErrErased) {
		t.Fatalf("append to an erased conference: got %v, want ErrErased", err)
	}
	if err := wait(t, b2.Append("b", 1, []byte("again"))); !errors.Is(err, ErrErased) {
		t.Fatalf("re-creating an erased conference: got %v, want ErrErased", err)
	}
	if _, err := b2.SealRecord("b", "full", []byte("x")); !errors.Is(err, ErrErased) {
		t.Fatalf("sealing a record of an erased conference: got %v, want ErrErased", err)
	}
	if err := Erase(filepath.Join(t.TempDir(), "none.db"), testKey, Erasure{Conference: "a"}); !errors.Is(err, ErrNoConference) {
		t.Fatalf("erasing from an empty journal: got %v, want ErrNoConference", err)
	}
}

// TestRecordsSealed: a sealed record opens only for its conference and
// document, and holds no plaintext.
func TestRecordsSealed(t *testing.T) {
	b, _ := open(t)
	fill(t, b, "a", "x")
	fill(t, b, "b", "y")
	sealed, err := b.SealRecord("a", "full", []byte(secrets[0]))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(sealed, []byte(secrets[0])) || !IsSealedRecord(sealed) {
		t.Fatal("sealed record holds its plaintext or is not recognised")
	}
	if got, err := b.OpenRecord("a", "full", sealed); err != nil || string(got) != secrets[0] {
		t.Fatalf("open: got %q %v", got, err)
	}
	for _, w := range [][2]string{{"b", "full"}, {"a", "family"}} {
		if _, err := b.OpenRecord(w[0], w[1], sealed); err == nil {
			t.Errorf("record of a/full opened as %s/%s", w[0], w[1])
		}
	}
	if _, err := b.OpenRecord("a", "full", []byte("# plain")); !errors.Is(err, ErrNotSealed) {
		t.Errorf("plain file: got %v, want ErrNotSealed", err)
	}
}

// writePlaintext writes a journal as confer wrote it before encryption.
func writePlaintext(t *testing.T, path string, confs map[string][]string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		root, err := tx.CreateBucket([]byte("conferences"))
		if err != nil {
			return err
		}
		for id, evs := range confs {
			bk, err := root.CreateBucket([]byte(id))
			if err != nil {
				return err
			}
			for i, e := range evs {
				if err := bk.Put(seqKey(uint64(i+1)), []byte(e)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func plainConfs() map[string][]string {
	m := map[string][]string{}
	for i := range 20 {
		id := fmt.Sprintf("conf%02d", i)
		for j := range 30 {
			m[id] = append(m[id], fmt.Sprintf("%s: %s #%d", id, secrets[j%len(secrets)], j))
		}
	}
	return m
}

// checkMigrated opens the journal and checks it holds want, encrypted.
func checkMigrated(t *testing.T, path string, want map[string][]string) {
	t.Helper()
	b, err := Open(path, testKey)
	if err != nil {
		t.Fatalf("open after migration: %v", err)
	}
	defer b.Close()
	ids, _ := b.Conferences()
	if len(ids) != len(want) {
		t.Fatalf("after migration: got %d conferences, want %d", len(ids), len(want))
	}
	for id, evs := range want {
		if _, data := load(t, b, id); !slices.Equal(data, evs) {
			t.Fatalf("%s after migration: got %d events, want %d", id, len(data), len(evs))
		}
	}
	if found := fileHolds(t, path, secrets...); len(found) > 0 {
		t.Fatalf("migrated journal holds plaintext %q", found)
	}
}

// TestMigratePlaintext: a plaintext journal is refused by Open untouched,
// and Migrate converts it whole.
func TestMigratePlaintext(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	want := plainConfs()
	writePlaintext(t, path, want)
	before := hashFile(t, path)
	if _, err := Open(path, testKey); !errors.Is(err, ErrPlaintext) {
		t.Fatalf("open plaintext: got %v, want ErrPlaintext", err)
	}
	if hashFile(t, path) != before {
		t.Fatal("refusing a plaintext journal changed it")
	}
	n, err := Migrate(path, testKey)
	if err != nil || n != len(want) {
		t.Fatalf("migrate: got %d %v, want %d", n, err, len(want))
	}
	checkMigrated(t, path, want)
	if _, err := Migrate(path, testKey); err == nil {
		t.Fatal("migrating an encrypted journal again: got no error")
	}
}
