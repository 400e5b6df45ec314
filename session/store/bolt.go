// Package store is confer's durable event journal on the embedded bbolt
// database: one bucket per conference, one key per event, keyed by its
// big-endian sequence number so a cursor walks events in order.
//
// Every event is encrypted at rest (XChaCha20-Poly1305) with its
// conference's own random data key, and each data key is kept wrapped by
// the master key, which lives outside the data directory. Destroying a
// conference's data key erases it: see [Erase].
//
// Appends are group-committed: one writer goroutine takes every append
// queued while the previous transaction was syncing and commits them in a
// single transaction, so many concurrent commands share one fsync without
// any added delay for a lone command.
package store

import (
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// ErrClosed is returned for appends after Close or after a failed commit.
var ErrClosed = errors.New("store: journal closed")

// ErrOutOfOrder is returned for an append whose sequence number is not the
// next one for its conference: the journal never has a gap or a rewrite.
var ErrOutOfOrder = errors.New("store: event out of order")

// ErrErased is returned for an append to a conference that was erased.
var ErrErased = errors.New("store: conference erased")

// ErrInUse is returned by Open when another process (a running server)
// holds the journal.
var ErrInUse = errors.New("store: journal in use by another process")

// ErrPlaintext is returned by Open for a journal written by a version of
// confer that did not encrypt; [Migrate] converts it.
var ErrPlaintext = errors.New("store: journal is not encrypted")

// Buckets: events per conference; wrapped data keys; the format and the
// key check; and the erasure log.
var (
	confs  = []byte("conferences")
	keys   = []byte("keys")
	meta   = []byte("meta")
	erased = []byte("erased")
)

// Keys in the meta bucket.
var (
	metaFormat  = []byte("format")
	metaCheck   = []byte("key-check")
	metaCompact = []byte("compact-pending")
	formatV2    = []byte("confer-journal-2 encrypted")
)

// maxBatch bounds one transaction so a flood of appends cannot build an
// unbounded commit.
const maxBatch = 4096

type appendReq struct {
	conf string
	seq  uint64
	data []byte
	done chan error
}

// Bolt is a journal in one bbolt file.
type Bolt struct {
	db     *bolt.DB
	path   string
	master cipher.AEAD

	keysMu   sync.Mutex             // guards dataKeys
	dataKeys map[string]cipher.AEAD // unwrapped data keys, by conference

	reqs chan appendReq
	quit chan struct{}
	wg   sync.WaitGroup

	mu     sync.Mutex // guards failed
	failed error

	sendMu sync.RWMutex // held for reading while an append is queued, for writing to close
	closed bool         // guarded by sendMu
}

// Append queues one event; the channel yields nil once it is synced.
// Events are committed in the order queued. After any failed commit every
// later append fails too, so a conference's journal never has a gap.
func (b *Bolt) Append(conf string, seq uint64, data []byte) <-chan error {
	done := make(chan error, 1)
	b.sendMu.RLock()
	defer b.sendMu.RUnlock()
	b.mu.Lock()
	err := b.failed
	b.mu.Unlock()
	if b.closed {
		err = ErrClosed
	}
	if err != nil {
		done <- err
		return done
	}
	select {
	case b.reqs <- appendReq{conf: conf, seq: seq, data: data, done: done}:
	case <-b.quit:
		done <- ErrClosed
	}
	return done
}

func (b *Bolt) writer() {
	defer b.wg.Done()
	batch := make([]appendReq, 0, 64)
	for {
		batch = batch[:0]
		select {
		case r := <-b.reqs:
			batch = append(batch, r)
		case <-b.quit:
			b.drain(ErrClosed)
			return
		}
	more:
		for len(batch) < maxBatch {
			select {
			case r := <-b.reqs:
				batch = append(batch, r)
			default:
				break more
			}
		}
		refused, err := b.commit(batch)
		if err != nil {
			b.mu.Lock()
			if b.failed == nil {
				b.failed = fmt.Errorf("store: commit failed: %w", err)
			}
			err = b.failed
			b.mu.Unlock()
		}
		for i, r := range batch {
			if err == nil && refused[i] != nil {
				r.done <- refused[i]
				continue
			}
			r.done <- err
		}
		if err != nil {
			// Refuse everything queued behind the failure.
			b.drain(err)
		}
	}
}

// drain fails every queued append without blocking.
func (b *Bolt) drain(err error) {
	for {
		select {
		case r := <-b.reqs:
			r.done <- err
		default:
			return
		}
	}
}

// commit writes a batch in one transaction. An append that would leave a
// gap or overwrite an event is refused on its own (refused[i]) without
// failing the batch: it is the caller's mistake, not the disk's. The error
// is for the transaction itself, and fails the whole batch.
func (b *Bolt) commit(batch []appendReq) (refused []error, err error) {
	b.mu.Lock()
	failed := b.failed
	b.mu.Unlock()
	if failed != nil {
		return nil, failed
	}
	refused = make([]error, len(batch))
	created := map[string]cipher.AEAD{}
	err = b.db.Update(func(tx *bolt.Tx) error {
		root := tx.Bucket(confs)
		for i, r := range batch {
			if r.conf == "" {
				refused[i] = fmt.Errorf("%w: no conference named", ErrOutOfOrder)
				continue
			}
			if tx.Bucket(erased).Get([]byte(r.conf)) != nil {
				refused[i] = fmt.Errorf("%w: %s", ErrErased, r.conf)
				continue
			}
			var last uint64
			bk := root.Bucket([]byte(r.conf))
			if bk != nil {
				if k, _ := bk.Cursor().Last(); len(k) == 8 {
					last = binary.BigEndian.Uint64(k)
				}
			}
			if r.seq != last+1 {
				refused[i] = fmt.Errorf("%w: conference %s is at event %d; refusing event %d", ErrOutOfOrder, r.conf, last, r.seq)
				continue
			}
			if bk == nil {
				var err error
				if bk, err = root.CreateBucket([]byte(r.conf)); err != nil {
					return err
				}
			}
			dk, err := b.dataKey(tx, r.conf, created)
			if err != nil {
				return err
			}
			var key [8]byte
			binary.BigEndian.PutUint64(key[:], r.seq)
			if err := bk.Put(key[:], sealBlob(dk, r.data, eventAD(r.conf, key[:]))); err != nil {
				return err
			}
			// A new event makes the conference's summary stale.
			if sb := tx.Bucket(summaries); sb != nil && sb.Get([]byte(r.conf)) != nil {
				if err := sb.Delete([]byte(r.conf)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err == nil {
		// Keys made in a transaction that did not commit are never cached.
		b.keysMu.Lock()
		for conf, dk := range created {
			b.dataKeys[conf] = dk
		}
		b.keysMu.Unlock()
	}
	return refused, err
}

// Conferences lists every conference in the journal.
func (b *Bolt) Conferences() ([]string, error) {
	var out []string
	err := b.db.View(func(tx *bolt.Tx) error {
		return tx.Bucket(confs).ForEachBucket(func(k []byte) error {
			out = append(out, string(k))
			return nil
		})
	})
	return out, err
}

// Load calls fn with each event of a conference in sequence order,
// decrypted. The data passed to fn is valid only during the call.
func (b *Bolt) Load(conf string, fn func(seq uint64, data []byte) error) error {
	return b.db.View(func(tx *bolt.Tx) error {
		bk := tx.Bucket(confs).Bucket([]byte(conf))
		if bk == nil {
			return fmt.Errorf("store: no conference %s", conf)
		}
		dk, err := b.dataKey(tx, conf, nil)
		if err != nil {
			return err
		}
		// One buffer for the plaintext and one for the associated data,
		// reused for every event: fn may use data only during the call.
		var plain []byte
		ad := eventAD(conf, make([]byte, 8))
		adKey := ad[len(ad)-8:]
		return bk.ForEach(func(k, v []byte) error {
			if len(k) != 8 {
				return fmt.Errorf("store: conference %s: malformed key %x", conf, k)
			}
			seq := binary.BigEndian.Uint64(k)
			copy(adKey, k)
			var err error
			if plain, err = openBlobTo(plain[:0], dk, v, ad); err != nil {
				return fmt.Errorf("store: conference %s event %d: %w", conf, seq, err)
			}
			return fn(seq, plain)
		})
	})
}

// Close stops the writer after failing whatever is still queued, and
// closes the file.
func (b *Bolt) Close() error {
	b.sendMu.Lock()
	if b.closed {
		b.sendMu.Unlock()
		return nil
	}
	b.closed = true
	// Closing quit under the lock is safe: queued senders select on it.
	close(b.quit)
	b.sendMu.Unlock()
	b.wg.Wait()
	b.drain(ErrClosed)
	return b.db.Close()
}
