package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Suffixes of the temporary files a compaction or a migration writes
// beside the journal before renaming them over it.
const (
	compactSuffix = ".compact"
	migrateSuffix = ".migrating"
)

// ErrNoConference is returned for an erasure of a conference the journal
// does not hold.
var ErrNoConference = errors.New("store: no such conference")

// Erasure is the journal's record that a conference was erased. It holds
// no content: the conference ID, when, by whom, and how many events went.
type Erasure struct {
	Conference string    `json:"conference"`
	At         time.Time `json:"at"`
	By         string    `json:"by"`
	Events     uint64    `json:"events"`
}

// Erase destroys a conference in the journal file at path: its data key
// and its events are deleted and an [Erasure] is recorded, in one
// transaction; then the file is compacted into a fresh copy, so no freed
// page keeps the wrapped key or the encrypted events, and the old file's
// blocks are overwritten with zeros. If the process dies part-way, the
// next Open finishes the compaction; nothing else in the journal changes.
func Erase(path string, key MasterKey, e Erasure) error {
	b, err := Open(path, key)
	if err != nil {
		return err
	}
	err = b.erase(e)
	if cerr := b.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return compactFile(path)
}

func (b *Bolt) erase(e Erasure) error {
	conf := []byte(e.Conference)
	err := b.db.Update(func(tx *bolt.Tx) error {
		bk := tx.Bucket(confs).Bucket(conf)
		if bk == nil {
			return fmt.Errorf("%w: %s", ErrNoConference, e.Conference)
		}
		if k, _ := bk.Cursor().Last(); len(k) == 8 {
			e.Events = binary.BigEndian.Uint64(k)
		}
		if err := tx.Bucket(confs).DeleteBucket(conf); err != nil {
			return err
		}
		if err := tx.Bucket(keys).Delete(conf); err != nil {
			return err
		}
		if sb := tx.Bucket(summaries); sb != nil {
			if err := sb.Delete(conf); err != nil {
				return err
			}
		}
		rec, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if err := tx.Bucket(erased).Put(conf, rec); err != nil {
			return err
		}
		return tx.Bucket(meta).Put(metaCompact, []byte{1})
	})
	b.forget(e.Conference)
	return err
}

// Erasures lists every erasure recorded in the journal, oldest first.
func (b *Bolt) Erasures() ([]Erasure, error) {
	var out []Erasure
	err := b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(erased).ForEach(func(k, v []byte) error {
			var e Erasure
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("store: erasure of %s: %w", k, err)
			}
			out = append(out, e)
			return nil
		})
	})
	slices.SortStableFunc(out, func(a, b Erasure) int { return a.At.Compare(b.At) })
	return out, err
}

// compactFile rewrites the journal at path into a fresh file holding only
// live data, renames it over path and overwrites the old file's blocks.
// The rename is atomic: a crash leaves the old file (still marked for
// compaction) or the new one.
func compactFile(path string) error {
	src, err := openDB(path)
	if err != nil {
		return err
	}
	defer src.Close()
	tmp := path + compactSuffix
	_ = os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if err != nil {
		return fmt.Errorf("store: compact %s: %w", path, err)
	}
	err = bolt.Compact(dst, src, 64<<20)
	if err == nil {
		err = dst.Update(func(tx *bolt.Tx) error { return tx.Bucket(meta).Delete(metaCompact) })
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return fmt.Errorf("store: compact %s: %w", path, err)
	}
	return replaceAndScrub(tmp, path)
}

// replaceAndScrub renames tmp over path and then overwrites the replaced
// file with zeros through a handle opened before the rename, so its
// blocks no longer hold what it held. (On flash storage or a
// copy-on-write file system the device may keep old blocks regardless:
// that is why erasure rests on destroying the key.)
func replaceAndScrub(tmp, path string) error {
	old, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	defer old.Close()
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("store: %w", err)
	}
	syncDir(filepath.Dir(path))
	info, err := old.Stat()
	if err != nil {
		return nil // the new file is in place; scrubbing is best effort
	}
	zeros := make([]byte, 64<<10)
	for left := info.Size(); left > 0; left -= int64(len(zeros)) {
		n := min(left, int64(len(zeros)))
		if _, err := old.Write(zeros[:n]); err != nil {
			return nil
		}
	}
	_ = old.Sync()
	return nil
}
