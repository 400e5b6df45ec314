// Package sessiontest provides an in-memory journal for tests of the
// session layer and of the packages built on it, when a test checks rules,
// screens or records rather than durability. Tests of durability, replay
// and crashes use the real bbolt journal in session/store.
package sessiontest

import (
	"confer/session/store"

	"fmt"
	"maps"
	"slices"
	"sync"
)

// Journal is an in-memory session.Journal: every append completes at once.
// Like the real journal it refuses an event that is not its conference's
// next, so a test cannot pass on an order the store would reject.
type Journal struct {
	mu     sync.Mutex // guards events
	events map[string][][]byte
}

// NewJournal returns an empty journal.
func NewJournal() *Journal { return &Journal{events: map[string][][]byte{}} }

// Append stores a copy of data as event seq of conf.
func (j *Journal) Append(conf string, seq uint64, data []byte) <-chan error {
	j.mu.Lock()
	defer j.mu.Unlock()
	done := make(chan error, 1)
	if want := uint64(len(j.events[conf])) + 1; seq != want {
		done <- fmt.Errorf("sessiontest: conference %s: got event %d, want %d", conf, seq, want)
		return done
	}
	j.events[conf] = append(j.events[conf], slices.Clone(data))
	done <- nil
	return done
}

// Conferences lists the conferences with events, sorted.
func (j *Journal) Conferences() ([]string, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	return slices.Sorted(maps.Keys(j.events)), nil
}

// Load calls fn with each event of conf in order.
func (j *Journal) Load(conf string, fn func(uint64, []byte) error) error {
	j.mu.Lock()
	evs := slices.Clone(j.events[conf])
	j.mu.Unlock()
	for i, e := range evs {
		if err := fn(uint64(i+1), e); err != nil {
			return err
		}
	}
	return nil
}

// Len returns how many events conf has.
func (j *Journal) Len(conf string) int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return len(j.events[conf])
}

// Key is a fixed master key for tests that open a real journal
// (store.Open). It protects nothing: never use it outside tests.
var Key = store.MasterKey{0: 0x63, 1: 0x6f, 2: 0x6e, 3: 0x66, 31: 1}
