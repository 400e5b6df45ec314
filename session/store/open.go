package store

import (
	"crypto/cipher"
	"errors"
	"fmt"
	"os"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// Open opens (creating if needed) the journal file at path with mode 0600,
// with the master key that wraps its data keys. It fails rather than
// waiting if another process holds the file. A wrong key is
// ErrWrongMasterKey and a journal from before encryption is ErrPlaintext;
// neither changes the file.
func Open(path string, key MasterKey) (*Bolt, error) {
	if key == (MasterKey{}) {
		return nil, fmt.Errorf("%w: it is all zeros", ErrBadMasterKey)
	}
	for {
		b, compact, err := openOnce(path, key)
		if err != nil || !compact {
			return b, err
		}
		// An erasure was committed but its compaction did not finish.
		if err := compactFile(path); err != nil {
			return nil, err
		}
	}
}

// openOnce opens the journal, or reports that an unfinished compaction
// must run first.
func openOnce(path string, key MasterKey) (b *Bolt, compact bool, err error) {
	db, err := openDB(path)
	if err != nil {
		return nil, false, err
	}
	defer func() {
		if err != nil || compact {
			db.Close()
		}
	}()
	// Holding the lock, clear what a killed compaction or migration left.
	_ = os.Remove(path + compactSuffix)
	_ = os.Remove(path + migrateSuffix)
	master := newAEAD(key[:])
	fresh := false
	err = db.View(func(tx *bolt.Tx) error {
		m := tx.Bucket(meta)
		if m == nil {
			if tx.Bucket(confs) != nil {
				return fmt.Errorf("%w: %s", ErrPlaintext, path)
			}
			fresh = true
			return nil
		}
		if string(m.Get(metaFormat)) != string(formatV2) {
			return fmt.Errorf("store: %s: unknown journal format %q", path, m.Get(metaFormat))
		}
		if !verifyKeyCheck(master, m.Get(metaCheck)) {
			return fmt.Errorf("%w %s", ErrWrongMasterKey, path)
		}
		compact = m.Get(metaCompact) != nil
		return nil
	})
	if err != nil || compact {
		return nil, compact, err
	}
	if fresh {
		if err := db.Update(func(tx *bolt.Tx) error { return initialise(tx, master) }); err != nil {
			return nil, false, fmt.Errorf("store: initialise %s: %w", path, err)
		}
	}
	b = &Bolt{db: db, path: path, master: master, dataKeys: map[string]cipher.AEAD{},
		reqs: make(chan appendReq, maxBatch), quit: make(chan struct{})}
	b.wg.Add(1)
	go b.writer()
	return b, false, nil
}

// initialise makes an empty file an encrypted journal.
func initialise(tx *bolt.Tx, master cipher.AEAD) error {
	for _, name := range [][]byte{confs, keys, erased} {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	m, err := tx.CreateBucketIfNotExists(meta)
	if err != nil {
		return err
	}
	if err := m.Put(metaFormat, formatV2); err != nil {
		return err
	}
	return m.Put(metaCheck, sealBlob(master, keyCheck, checkAD()))
}

// openDB opens the bbolt file, waiting briefly for another process's lock.
func openDB(path string) (*bolt.DB, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: 2 * time.Second})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, fmt.Errorf("%w: %s", ErrInUse, path)
	}
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return db, nil
}
