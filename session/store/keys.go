package store

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/chacha20poly1305"
)

// MasterKey wraps every conference's data key. It is kept outside the data
// directory: whoever holds the journal but not the master key reads nothing.
type MasterKey [chacha20poly1305.KeySize]byte

// ErrNoMasterKey is returned when the master key file a journal needs does
// not exist.
var ErrNoMasterKey = errors.New("store: master key missing")

// ErrWrongMasterKey is returned when the master key given does not open the
// journal (it is another installation's key, or the file was changed).
var ErrWrongMasterKey = errors.New("store: master key does not open this journal")

// ErrBadMasterKey is returned for a key file or variable that does not hold
// a master key.
var ErrBadMasterKey = errors.New("store: not a master key")

// keyFilePrefix starts the one line of a key file, so a key pasted in the
// wrong place is recognisable.
const keyFilePrefix = "confer-master-key-v1:"

// NewMasterKey returns a fresh random master key.
func NewMasterKey() MasterKey {
	var k MasterKey
	_, _ = rand.Read(k[:]) // crypto/rand.Read never fails on supported platforms
	return k
}

// String returns the key in the form a key file or the environment holds.
func (k MasterKey) String() string {
	return keyFilePrefix + base64.StdEncoding.EncodeToString(k[:])
}

// ParseMasterKey reads a key in the form String writes (surrounding space
// ignored).
func ParseMasterKey(s string) (MasterKey, error) {
	var k MasterKey
	s = strings.TrimSpace(s)
	raw, ok := strings.CutPrefix(s, keyFilePrefix)
	if !ok {
		return k, fmt.Errorf("%w: it does not start with %q", ErrBadMasterKey, keyFilePrefix)
	}
	b, err := base64.StdEncoding.DecodeString(raw)
	if err != nil || len(b) != len(k) {
		return k, fmt.Errorf("%w: it is not %d bytes of base64", ErrBadMasterKey, len(k))
	}
	copy(k[:], b)
	if k == (MasterKey{}) {
		return k, fmt.Errorf("%w: it is all zeros", ErrBadMasterKey)
	}
	return k, nil
}

// ReadMasterKeyFile reads the key file at path. A missing file is
// ErrNoMasterKey.
func ReadMasterKeyFile(path string) (MasterKey, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return MasterKey{}, fmt.Errorf("%w: %s does not exist", ErrNoMasterKey, path)
	}
	if err != nil {
		return MasterKey{}, fmt.Errorf("store: read master key: %w", err)
	}
	k, err := ParseMasterKey(string(b))
	if err != nil {
		return k, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// CreateMasterKeyFile writes a fresh key to path (mode 0600, synced), and
// fails if the file already exists: a key is never overwritten.
func CreateMasterKeyFile(path string) (MasterKey, error) {
	k := NewMasterKey()
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return k, fmt.Errorf("store: create master key: %w", err)
		}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return k, fmt.Errorf("store: create master key: %w", err)
	}
	_, err = f.WriteString(k.String() + "\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(path)
		return k, fmt.Errorf("store: write master key: %w", err)
	}
	syncDir(filepath.Dir(path))
	return k, nil
}

// syncDir makes a create, rename or remove in dir durable.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// Sealed blobs start with a version byte, then the random nonce.
const sealVersion = 1

func newAEAD(key []byte) cipher.AEAD {
	a, err := chacha20poly1305.NewX(key)
	if err != nil {
		panic("store: " + err.Error()) // only for a wrong key length, which the types prevent
	}
	return a
}

// sealBlob encrypts plain with a fresh random nonce, bound to ad.
func sealBlob(a cipher.AEAD, plain, ad []byte) []byte {
	out := make([]byte, 1+a.NonceSize(), 1+a.NonceSize()+len(plain)+a.Overhead())
	out[0] = sealVersion
	_, _ = rand.Read(out[1:])
	return a.Seal(out, out[1:1+a.NonceSize()], plain, ad)
}

// errUnreadable is returned for a sealed blob that does not open.
var errUnreadable = errors.New("store: sealed data does not open with this key")

// openBlob decrypts a blob sealBlob made with the same key and ad.
func openBlob(a cipher.AEAD, sealed, ad []byte) ([]byte, error) {
	return openBlobTo(nil, a, sealed, ad)
}

// openBlobTo is openBlob appending the plaintext to dst.
func openBlobTo(dst []byte, a cipher.AEAD, sealed, ad []byte) ([]byte, error) {
	n := a.NonceSize()
	if len(sealed) < 1+n+a.Overhead() || sealed[0] != sealVersion {
		return dst, errUnreadable
	}
	plain, err := a.Open(dst, sealed[1:1+n], sealed[1+n:], ad)
	if err != nil {
		return dst, errUnreadable
	}
	return plain, nil
}

// Associated data binds each blob to its place, so a blob copied to another
// conference or position does not open there.
func keyAD(conf string) []byte { return []byte("confer-data-key\x00" + conf) }

func eventAD(conf string, key []byte) []byte {
	return append([]byte("confer-event\x00"+conf+"\x00"), key...)
}

func recordAD(conf, name string) []byte {
	return []byte("confer-record\x00" + conf + "\x00" + name)
}

// keyCheck is sealed with the master key in a new journal, so a wrong key
// is told apart from a damaged event before anything is read or written.
var keyCheck = []byte("confer journal key check")

func checkAD() []byte { return []byte("confer-key-check") }

func verifyKeyCheck(master cipher.AEAD, sealed []byte) bool {
	plain, err := openBlob(master, sealed, checkAD())
	return err == nil && bytes.Equal(plain, keyCheck)
}

// dataKey returns the conference's data key, unwrapping it from the keys
// bucket. With created non-nil, a conference without one gets a fresh key,
// written in tx and recorded in created (cached only once tx commits).
func (b *Bolt) dataKey(tx *bolt.Tx, conf string, created map[string]cipher.AEAD) (cipher.AEAD, error) {
	b.keysMu.Lock()
	dk, ok := b.dataKeys[conf]
	b.keysMu.Unlock()
	if ok {
		return dk, nil
	}
	if dk, ok := created[conf]; ok {
		return dk, nil
	}
	kb := tx.Bucket(keys)
	if wrapped := kb.Get([]byte(conf)); wrapped != nil {
		raw, err := openBlob(b.master, wrapped, keyAD(conf))
		if err != nil || len(raw) != chacha20poly1305.KeySize {
			return nil, fmt.Errorf("store: the data key of conference %s does not unwrap: %w", conf, errUnreadable)
		}
		dk := newAEAD(raw)
		b.keysMu.Lock()
		b.dataKeys[conf] = dk
		b.keysMu.Unlock()
		return dk, nil
	}
	if created == nil {
		return nil, fmt.Errorf("store: conference %s has no data key", conf)
	}
	raw := make([]byte, chacha20poly1305.KeySize)
	_, _ = rand.Read(raw)
	if err := kb.Put([]byte(conf), sealBlob(b.master, raw, keyAD(conf))); err != nil {
		return nil, err
	}
	dk = newAEAD(raw)
	created[conf] = dk
	return dk, nil
}

// forget drops a conference's data key from memory.
func (b *Bolt) forget(conf string) {
	b.keysMu.Lock()
	delete(b.dataKeys, conf)
	b.keysMu.Unlock()
}
