package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"
)

func open(t *testing.T) (*Bolt, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "j.db")
	b, err := Open(path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b, path
}

// wait returns the result of an append, failing the test if it never
// comes: an append must always be answered.
func wait(t *testing.T, ch <-chan error) error {
	t.Helper()
	select {
	case err := <-ch:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("append never answered")
		return nil
	}
}

func load(t *testing.T, b *Bolt, conf string) (seqs []uint64, data []string) {
	t.Helper()
	err := b.Load(conf, func(seq uint64, d []byte) error {
		seqs = append(seqs, seq)
		data = append(data, string(d))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return seqs, data
}

// TestOrderAndDurability: pipelined appends from several conferences are
// kept in order per conference and survive a reopen.
func TestOrderAndDurability(t *testing.T) {
	b, path := open(t)
	const n = 200
	confs := []string{"a", "b", "c"}
	var wg sync.WaitGroup
	for _, c := range confs {
		wg.Go(func() {
			// Queue everything before waiting, as the hub does under load.
			chans := make([]<-chan error, 0, n)
			for i := 1; i <= n; i++ {
				chans = append(chans, b.Append(c, uint64(i), []byte(fmt.Sprintf("%s-%d", c, i))))
			}
			for i, ch := range chans {
				if err := wait(t, ch); err != nil {
					t.Errorf("%s append %d: %v", c, i+1, err)
				}
			}
		})
	}
	wg.Wait()
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := info.Mode().Perm(); mode != 0o600 {
		t.Errorf("journal file mode: got %o, want 600", mode)
	}

	b2, err := Open(path, testKey)
	if err != nil {
		t.Fatal(err)
	}
	defer b2.Close()
	got, err := b2.Conferences()
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	if !slices.Equal(got, confs) {
		t.Fatalf("conferences: got %v, want %v", got, confs)
	}
	for _, c := range confs {
		seqs, data := load(t, b2, c)
		if len(seqs) != n {
			t.Fatalf("%s: got %d events, want %d", c, len(seqs), n)
		}
		for i := range seqs {
			if seqs[i] != uint64(i+1) || data[i] != fmt.Sprintf("%s-%d", c, i+1) {
				t.Fatalf("%s event %d: got seq %d %q", c, i+1, seqs[i], data[i])
			}
		}
	}
	if err := b2.Load("nope", func(uint64, []byte) error { return nil }); err == nil {
		t.Error("loading an unknown conference: got no error")
	}
}

// TestGapsRefused: an append that is not the next event of its conference
// is refused on its own, and the journal carries on.
func TestGapsRefused(t *testing.T) {
	b, _ := open(t)
	if err := wait(t, b.Append("c", 2, []byte("two first"))); !errors.Is(err, ErrOutOfOrder) {
		t.Fatalf("first event numbered 2: got %v, want ErrOutOfOrder", err)
	}
	if err := wait(t, b.Append("c", 1, []byte("one"))); err != nil {
		t.Fatal(err)
	}
	for _, seq := range []uint64{3, 1, 0} {
		if err := wait(t, b.Append("c", seq, []byte("bad"))); !errors.Is(err, ErrOutOfOrder) {
			t.Errorf("seq %d after 1: got %v, want ErrOutOfOrder", seq, err)
		}
	}
	if err := wait(t, b.Append("", 1, []byte("x"))); !errors.Is(err, ErrOutOfOrder) {
		t.Errorf("no conference name: got %v, want ErrOutOfOrder", err)
	}
	if err := wait(t, b.Append("c", 2, []byte("two"))); err != nil {
		t.Fatalf("the right next event after refusals: %v", err)
	}
	if seqs, data := load(t, b, "c"); !slices.Equal(seqs, []uint64{1, 2}) || data[1] != "two" {
		t.Fatalf("journal: got %v %q, want [1 2] ending with two", seqs, data)
	}
}

// TestCloseWithQueuedAppends: Close answers everything still queued (saved
// or refused), never hangs, and later appends fail with ErrClosed.
func TestCloseWithQueuedAppends(t *testing.T) {
	b, _ := open(t)
	const n = 2000
	chans := make([]<-chan error, 0, n)
	for i := 1; i <= n; i++ {
		chans = append(chans, b.Append("c", uint64(i), []byte("x")))
	}
	closed := make(chan error, 1)
	go func() { closed <- b.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("Close: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("Close hung with appends queued")
	}
	saved, refused := 0, 0
	for i, ch := range chans {
		switch err := wait(t, ch); {
		case err == nil:
			if refused > 0 {
				t.Fatalf("append %d saved after an earlier one was refused: a gap", i+1)
			}
			saved++
		case errors.Is(err, ErrClosed):
			refused++
		default:
			t.Fatalf("append %d: got %v, want nil or ErrClosed", i+1, err)
		}
	}
	t.Logf("%d saved, %d refused by Close", saved, refused)
	if err := wait(t, b.Append("c", uint64(n+1), []byte("late"))); !errors.Is(err, ErrClosed) {
		t.Fatalf("append after Close: got %v, want ErrClosed", err)
	}
	if err := b.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
}

// TestFailedCommitStopsLaterAppends: once a commit fails, every later
// append fails too, even for other conferences, so no conference's journal
// can have a gap.
func TestFailedCommitStopsLaterAppends(t *testing.T) {
	b, _ := open(t)
	if err := wait(t, b.Append("c", 1, []byte("one"))); err != nil {
		t.Fatal(err)
	}
	// Pull the file out from under the writer: the next commit fails.
	if err := b.db.Close(); err != nil {
		t.Fatal(err)
	}
	first := wait(t, b.Append("c", 2, []byte("two")))
	if first == nil {
		t.Fatal("commit on a closed database succeeded")
	}
	for _, conf := range []string{"c", "other"} {
		seq := uint64(3)
		if conf == "other" {
			seq = 1
		}
		if err := wait(t, b.Append(conf, seq, []byte("later"))); err == nil {
			t.Fatalf("append to %s after a failed commit: got nil, want an error", conf)
		}
	}
	closed := make(chan struct{})
	go func() { b.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(30 * time.Second):
		t.Fatal("Close hung after a failed commit")
	}
}

// TestOpenLocked: a second process (here, a second Open) cannot open a
// journal in use; it fails instead of waiting for ever.
func TestOpenLocked(t *testing.T) {
	_, path := open(t)
	b2, err := Open(path, testKey)
	if err == nil {
		b2.Close()
		t.Fatal("second Open of a journal in use: got no error")
	}
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second Open of a journal in use: got %v, want ErrInUse", err)
	}
	if _, err := Migrate(path, testKey); !errors.Is(err, ErrInUse) {
		t.Fatalf("Migrate of a journal in use: got %v, want ErrInUse", err)
	}
}
