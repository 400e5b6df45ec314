package session

import (
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"confer/session/sessiontest"
	"confer/session/store"
)

// runRandom issues n seeded random commands to h, one at a time, and
// returns how many were accepted. Refusals must leave the snapshot as it
// was. It reports failures with Errorf so it may run in a goroutine.
func runRandom(t testing.TB, h *Hub, seed uint64, n int) (accepted int) {
	t.Helper()
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	for i := 0; i < n; i++ {
		before := h.Snapshot()
		cmd := genCmd(r, before.Conference, time.Now())
		err := h.Do(context.Background(), cmd)
		if err == nil {
			accepted++
			continue
		}
		if !isRefusal(err) {
			t.Errorf("command %d (%s by %s): unexpected error %v", i, cmd.Op.Kind(), cmd.By.ID, err)
			return accepted
		}
		if msg := ErrorMessage(err); !plainSentence(msg) || msg == SomethingWentWrong {
			t.Errorf("command %d (%s): refusal %q is not a plain sentence", i, cmd.Op.Kind(), msg)
		}
		if after := h.Snapshot(); after.Seq != before.Seq {
			t.Errorf("command %d (%s): refused with %v but seq moved %d -> %d", i, cmd.Op.Kind(), err, before.Seq, after.Seq)
			return accepted
		}
	}
	return accepted
}

func isRefusal(err error) bool {
	for _, e := range []error{ErrNotPermitted, ErrInvalid, ErrNotFound, ErrConflict, ErrEnded} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// TestReplayEqualsLive runs long random command sequences against a real
// bbolt journal (one conference driven sequentially, one by four
// goroutines at once so pipelined commands are in flight), then reopens
// the journal and checks every rebuilt conference equals the live one.
func TestReplayEqualsLive(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.db")
	j, err := store.Open(path, sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	// The real clock, in London time: it carries a monotonic reading and a
	// location, which norm must strip so replay matches.
	now := func() time.Time { return time.Now().In(london) }
	f := newFixtureWith(t, j, now)

	seqHub := f.hub
	parHub, err := f.svc.Create(context.Background(), chairActor, CreateConference{Type: Review, Date: time.Now(),
		Children: []Child{{Name: "Cal"}, {Name: "Dee"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, op := range []Op{
		AddAttendee{PersonID: mtActor.ID, Name: mtActor.Name, Role: RoleMinuteTaker},
		AddAttendee{PersonID: viewerActor.ID, Name: viewerActor.Name, Agency: "NHS", Role: RoleViewer},
	} {
		if err := parHub.Do(context.Background(), Command{By: chairActor, Op: op}); err != nil {
			t.Fatal(err)
		}
	}

	n := 700
	if testing.Short() {
		n = 150
	}
	var wg sync.WaitGroup
	var acceptedSeq int
	wg.Go(func() { acceptedSeq = runRandom(t, seqHub, 1, n) })
	for g := range 4 {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(uint64(100+g), 7))
			for i := 0; i < n/4; i++ {
				cmd := genCmd(r, parHub.Snapshot().Conference, time.Now())
				if err := parHub.Do(context.Background(), cmd); err != nil && !isRefusal(err) {
					t.Errorf("parallel command %s: %v", cmd.Op.Kind(), err)
					return
				}
			}
		})
	}
	wg.Wait()
	if t.Failed() {
		return
	}
	if acceptedSeq < n/3 {
		t.Fatalf("only %d of %d random commands were accepted; the generator is not exercising the state", acceptedSeq, n)
	}
	live := map[string]*Conference{}
	for _, h := range f.svc.Hubs() {
		live[h.ID()] = h.Snapshot().Conference
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}

	j2, err := store.Open(path, sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer j2.Close()
	svc2, err := Open(j2, Options{Now: now})
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if got := len(svc2.Hubs()); got != len(live) {
		t.Fatalf("conferences after reopen: got %d, want %d", got, len(live))
	}
	for id, want := range live {
		h, ok := svc2.Hub(id)
		if !ok {
			t.Fatalf("conference %s missing after reopen", id)
		}
		got := h.Snapshot().Conference
		if !reflect.DeepEqual(withoutCache(got), withoutCache(want)) {
			t.Errorf("conference %s: replayed state differs from live state (seq %d vs %d)\n%s", id, got.Seq, want.Seq, firstDiff(got, want))
		}
		if got.Seq < 10 {
			t.Errorf("conference %s: only %d events", id, got.Seq)
		}
	}
}

// withoutCache returns a copy of c without its cache of family views,
// which depends on who looked, not on the journal.
func withoutCache(c *Conference) *Conference {
	out := *c
	out.views = nil
	return &out
}

// firstDiff names the first top-level field that differs, to make a replay
// failure readable.
func firstDiff(a, b *Conference) string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	for i := 0; i < va.NumField(); i++ {
		if !va.Type().Field(i).IsExported() {
			continue
		}
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			return "field " + va.Type().Field(i).Name + " differs"
		}
	}
	return "no field differs"
}
