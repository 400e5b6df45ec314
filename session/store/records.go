package store

import (
	"bytes"
	"crypto/cipher"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// recordMagic starts every sealed record file, so a sealed record is
// recognised (and not mistaken for a damaged Markdown file).
var recordMagic = []byte("confer sealed record v1\n")

// ErrNotSealed is returned by OpenRecord for data that is not a sealed
// record.
var ErrNotSealed = errors.New("store: not a sealed record")

// SealRecord encrypts a record file's contents with the conference's data
// key, bound to the conference and the document name, so erasing the
// conference makes its record files unreadable too.
func (b *Bolt) SealRecord(conf, name string, plain []byte) ([]byte, error) {
	dk, err := b.viewDataKey(conf)
	if err != nil {
		return nil, err
	}
	return append(bytes.Clone(recordMagic), sealBlob(dk, plain, recordAD(conf, name))...), nil
}

// OpenRecord decrypts what SealRecord returned for the same conference and
// document name.
func (b *Bolt) OpenRecord(conf, name string, sealed []byte) ([]byte, error) {
	rest, ok := bytes.CutPrefix(sealed, recordMagic)
	if !ok {
		return nil, ErrNotSealed
	}
	dk, err := b.viewDataKey(conf)
	if err != nil {
		return nil, err
	}
	plain, err := openBlob(dk, rest, recordAD(conf, name))
	if err != nil {
		return nil, fmt.Errorf("store: record %s of conference %s: %w", name, conf, err)
	}
	return plain, nil
}

// IsSealedRecord reports whether data is a sealed record file.
func IsSealedRecord(data []byte) bool { return bytes.HasPrefix(data, recordMagic) }

func (b *Bolt) viewDataKey(conf string) (dk cipher.AEAD, err error) {
	err = b.db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(erased).Get([]byte(conf)) != nil {
			return fmt.Errorf("%w: %s", ErrErased, conf)
		}
		dk, err = b.dataKey(tx, conf, nil)
		return err
	})
	return dk, err
}
