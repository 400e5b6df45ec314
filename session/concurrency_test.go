package session

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"confer/session/sessiontest"
	"confer/session/store"
)

// TestConcurrentOneConference: many people changing one conference at
// once over a real journal. Nothing is lost, a subscriber sees versions
// only go up, and a subscriber that never reads blocks nobody.
func TestConcurrentOneConference(t *testing.T) {
	j := openBolt(t, filepath.Join(t.TempDir(), "j.db"))
	f := newFixture(t, j)
	h := f.hub
	start := h.Snapshot()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A subscriber that never reads: its slot fills once and stays full.
	_ = h.Subscribe(ctx)
	// A subscriber that reads, checking versions strictly increase and
	// that each one it is told about is already published.
	watch := h.Subscribe(ctx)
	var last Version
	var seen int
	var watchErr error
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for v := range watch {
			if v <= last && watchErr == nil {
				watchErr = fmt.Errorf("version went from %d to %d", last, v)
			}
			s := h.Snapshot()
			if s.Version < v && watchErr == nil {
				watchErr = fmt.Errorf("told about version %d while the snapshot is at %d", v, s.Version)
			}
			// Read every field of the published state while writers run,
			// so the race detector sees any write into a shared slice.
			if _, err := json.Marshal(s.Conference); err != nil && watchErr == nil {
				watchErr = err
			}
			_ = s.FamilyView()
			last = v
			seen++
		}
	}()

	const writers, each = 8, 40
	actors := []Actor{chairActor, mtActor}
	var wg sync.WaitGroup
	for w := range writers {
		wg.Go(func() {
			for i := range each {
				op := AddItem{Section: Sections[(w+i)%len(Sections)], Text: fmt.Sprintf("writer %d item %d", w, i)}
				if err := h.Do(context.Background(), Command{By: actors[w%2], Op: op}); err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	// Scores from everyone who may give one, racing the board writers.
	for _, a := range []Actor{viewerActor, familyActor, chairActor} {
		wg.Go(func() {
			for i := range each {
				op := CastScore{RoundID: f.ids["round"], Value: i % 11, Reason: "changing my mind"}
				if err := h.Do(context.Background(), Command{By: a, Op: op}); err != nil {
					t.Errorf("score by %s: %v", a.ID, err)
					return
				}
			}
		})
	}
	wg.Wait()
	cancel()
	<-watched
	if watchErr != nil {
		t.Fatal(watchErr)
	}

	end := h.Snapshot()
	if got, want := len(end.Items), len(start.Items)+writers*each; got != want {
		t.Fatalf("items: got %d, want %d", got, want)
	}
	wantEvents := uint64(writers*each + 3*each)
	if got := end.Seq - start.Seq; got != wantEvents {
		t.Fatalf("events: got %d, want %d", got, wantEvents)
	}
	if got, want := len(end.Audit), int(end.Seq); got != want {
		t.Fatalf("audit lines: got %d, want %d", got, want)
	}
	r, _ := end.Round(f.ids["round"])
	if got := len(r.Scores); got != 3 {
		t.Fatalf("scores: got %d, want 3 (one per person, the last kept)", got)
	}
	for _, sc := range r.Scores {
		if sc.Value != (each-1)%11 {
			t.Errorf("final score of %s: got %d, want %d", sc.AttendeeID, sc.Value, (each-1)%11)
		}
	}
	if seen == 0 {
		t.Fatal("the reading subscriber saw no versions")
	}
	// The journal holds exactly what was published.
	var n uint64
	if err := j.Load(h.ID(), func(seq uint64, _ []byte) error { n = seq; return nil }); err != nil {
		t.Fatal(err)
	}
	if n != end.Seq {
		t.Fatalf("journal ends at %d, published state at %d", n, end.Seq)
	}
}

// TestConcurrentManyConferences: writers on many conferences at once share
// one journal without losing anything.
func TestConcurrentManyConferences(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	j, err := store.Open(path, sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := Open(j, Options{})
	if err != nil {
		t.Fatal(err)
	}
	const confs, writers, each = 12, 3, 15
	var wg sync.WaitGroup
	hubs := make([]*Hub, confs)
	for i := range confs {
		h, err := svc.Create(context.Background(), chairActor, CreateConference{Type: Initial, Date: time.Now(), Children: []Child{{Name: "A"}}})
		if err != nil {
			t.Fatal(err)
		}
		hubs[i] = h
		for w := range writers {
			wg.Go(func() {
				for k := range each {
					op := AddItem{Section: Strengths, Text: fmt.Sprintf("c%d w%d k%d", i, w, k)}
					if err := h.Do(context.Background(), Command{By: chairActor, Op: op}); err != nil {
						t.Errorf("conference %d: %v", i, err)
						return
					}
				}
			})
		}
	}
	wg.Wait()
	for i, h := range hubs {
		if got := len(h.Snapshot().Items); got != writers*each {
			t.Errorf("conference %d: got %d items, want %d", i, got, writers*each)
		}
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	j2 := openBolt(t, path)
	svc2, err := Open(j2, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, h := range hubs {
		h2, ok := svc2.Hub(h.ID())
		if !ok || len(h2.Snapshot().Items) != writers*each {
			t.Errorf("conference %d after reopen: found %v, want %d items", i, ok, writers*each)
		}
	}
}

// TestSlowSubscriberDoesNotBlock: a subscriber that never reads holds at
// most one version, the newest, and Do never waits for it.
func TestSlowSubscriberDoesNotBlock(t *testing.T) {
	f := newFixture(t, nil)
	ch := f.hub.Subscribe(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 200 {
			f.do(t, mtActor, AddItem{Section: Harm, Text: fmt.Sprintf("item %d", i)})
		}
	}()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("Do blocked behind a subscriber that never reads")
	}
	if got := len(ch); got != 1 {
		t.Fatalf("unread versions held: got %d, want 1", got)
	}
	if got, want := <-ch, f.snap().Version; got != want {
		t.Fatalf("the held version: got %d, want the newest %d", got, want)
	}
}

// TestSubscribeClosesWithContext: the channel closes when ctx ends and the
// subscription is forgotten.
func TestSubscribeClosesWithContext(t *testing.T) {
	f := newFixture(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	ch := f.hub.Subscribe(ctx)
	other := f.hub.Subscribe(context.Background())
	if got := f.hub.Subscribers(); got != 2 {
		t.Fatalf("subscribers: got %d, want 2", got)
	}
	cancel()
	for range ch {
		// Drain anything sent before the close; the loop ends when it closes.
	}
	if got := f.hub.Subscribers(); got != 1 {
		t.Fatalf("subscribers after cancel: got %d, want 1", got)
	}
	// Publishing after the close must not panic on the closed channel.
	f.do(t, mtActor, AddItem{Section: Harm, Text: "after close"})
	if v := <-other; v != f.snap().Version {
		t.Fatalf("remaining subscriber: got version %d, want %d", v, f.snap().Version)
	}
	// An already-ended context gives a channel that closes at once.
	done, stop := context.WithCancel(context.Background())
	stop()
	for range f.hub.Subscribe(done) {
	}
}

// TestAttachPresence: presence counts terminals per attendee, goes down as
// their contexts end, and each change is published.
func TestAttachPresence(t *testing.T) {
	f := newFixture(t, nil)
	h := f.hub
	watch := h.Subscribe(context.Background())
	waitFor := func(what string, ok func(Snapshot) bool) {
		t.Helper()
		timeout := time.After(30 * time.Second)
		for !ok(h.Snapshot()) {
			select {
			case <-watch:
			case <-timeout:
				t.Fatalf("presence never reached: %s (connected %v)", what, h.Snapshot().Connected)
			}
		}
	}
	c1, cancel1 := context.WithCancel(context.Background())
	c2, cancel2 := context.WithCancel(context.Background())
	c3, cancel3 := context.WithCancel(context.Background())
	v0 := h.Snapshot().Version
	h.Attach(c1, f.ids["viewer"])
	h.Attach(c2, f.ids["viewer"])
	h.Attach(c3, f.ids["chair"])
	s := h.Snapshot()
	if s.Connected[f.ids["viewer"]] != 2 || !s.ChairConnected() || s.Version != v0+3 {
		t.Fatalf("after attaching: connected %v, chair connected %v, version %d; want viewer 2, chair yes, version %d",
			s.Connected, s.ChairConnected(), s.Version, v0+3)
	}
	cancel1()
	waitFor("viewer down to 1", func(s Snapshot) bool { return s.Connected[f.ids["viewer"]] == 1 })
	cancel2()
	cancel3()
	waitFor("nobody connected", func(s Snapshot) bool { return len(s.Connected) == 0 })
	if h.Snapshot().ChairConnected() {
		t.Fatal("chair still connected after their terminal closed")
	}
	// Presence is not journaled: the conference itself did not change.
	if got, want := h.Snapshot().Seq, s.Seq; got != want {
		t.Fatalf("seq after presence changes: got %d, want %d", got, want)
	}
}
