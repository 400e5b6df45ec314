package store

import (
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	berrors "go.etcd.io/bbolt/errors"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Migrate converts a journal written before encryption (ErrPlaintext from
// Open) into an encrypted one under key, and returns how many conferences
// it holds. The encrypted copy is built beside the journal and renamed over
// it only once complete, then the plaintext file's blocks are overwritten;
// killed at any moment, the journal is either still the whole plaintext one
// (and Migrate runs again) or the whole encrypted one.
func Migrate(path string, key MasterKey) (int, error) {
	if key == (MasterKey{}) {
		return 0, fmt.Errorf("%w: it is all zeros", ErrBadMasterKey)
	}
	src, err := openDB(path)
	if err != nil {
		return 0, err
	}
	defer src.Close()
	var ids []string
	err = src.View(func(tx *bolt.Tx) error {
		if tx.Bucket(meta) != nil || tx.Bucket(confs) == nil {
			return fmt.Errorf("store: %s is not a plaintext journal", path)
		}
		return tx.Bucket(confs).ForEachBucket(func(k []byte) error {
			ids = append(ids, string(k))
			return nil
		})
	})
	if err != nil {
		return 0, err
	}
	tmp := path + migrateSuffix
	_ = os.Remove(tmp)
	dst, err := Open(tmp, key)
	if err != nil {
		return 0, err
	}
	err = copyPlain(src, dst, ids)
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return 0, fmt.Errorf("store: migrate %s: %w", path, err)
	}
	if err := replaceAndScrub(tmp, path); err != nil {
		return 0, err
	}
	return len(ids), nil
}

// copyPlain encrypts every event of the plaintext journal into dst, one
// transaction per conference.
func copyPlain(src *bolt.DB, dst *Bolt, ids []string) error {
	for _, id := range ids {
		created := map[string]cipher.AEAD{}
		err := src.View(func(stx *bolt.Tx) error {
			return dst.db.Update(func(tx *bolt.Tx) error {
				bk, err := tx.Bucket(confs).CreateBucket([]byte(id))
				if err != nil {
					return err
				}
				dk, err := dst.dataKey(tx, id, created)
				if err != nil {
					return err
				}
				return stx.Bucket(confs).Bucket([]byte(id)).ForEach(func(k, v []byte) error {
					if len(k) != 8 || binary.BigEndian.Uint64(k) == 0 {
						return fmt.Errorf("conference %s: malformed key %x", id, k)
					}
					return bk.Put(k, sealBlob(dk, v, eventAD(id, k)))
				})
			})
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// NeedsMigration reports whether the journal at path was written before
// encryption, without changing it.
func NeedsMigration(path string) (bool, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: 2 * time.Second})
	if errors.Is(err, berrors.ErrTimeout) {
		return false, fmt.Errorf("%w: %s", ErrInUse, path)
	}
	if err != nil {
		return false, fmt.Errorf("store: open %s: %w", path, err)
	}
	defer db.Close()
	plain := false
	err = db.View(func(tx *bolt.Tx) error {
		plain = tx.Bucket(meta) == nil && tx.Bucket(confs) != nil
		return nil
	})
	return plain, err
}
