package session

import (
	"context"
	"path/filepath"
	"reflect"
	"sync"
	"testing"
	"time"

	"confer/session/sessiontest"
	"confer/session/store"
)

// countingJournal is the real journal, counting replays per conference.
type countingJournal struct {
	*store.Bolt
	mu    sync.Mutex
	loads map[string]int
}

func (j *countingJournal) Load(conf string, fn func(uint64, []byte) error) error {
	j.mu.Lock()
	j.loads[conf]++
	j.mu.Unlock()
	return j.Bolt.Load(conf, fn)
}

var _ Archive = (*countingJournal)(nil)

func openCounting(t *testing.T, path string) (*Service, *countingJournal) {
	t.Helper()
	b, err := store.Open(path, sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	j := &countingJournal{Bolt: b, loads: map[string]int{}}
	svc, err := Open(j, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return svc, j
}

// TestEndedConferencesArchived: ended conferences are not replayed at
// start-up once summarised, still appear in the lobby, are loaded on
// demand whole, and a summary older than the journal is replaced.
func TestEndedConferencesArchived(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	svc, _ := openCounting(t, path)
	ctx := context.Background()
	var ids []string
	want := map[string]*Conference{}
	for i := range 3 {
		h, err := svc.Create(ctx, chairActor, CreateConference{Type: Initial, Title: "t",
			Date: time.Date(2027, 1, 4+i, 10, 0, 0, 0, time.UTC), Children: []Child{{Name: "Amy"}}})
		if err != nil {
			t.Fatal(err)
		}
		ops := []Op{AddItem{Section: Worries, Text: "worry"}}
		if i < 2 {
			ops = append(ops, EndConference{})
		}
		for _, op := range ops {
			if err := h.Do(ctx, Command{By: chairActor, Op: op}); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, h.ID())
		want[h.ID()] = h.Snapshot().Conference
	}
	lobby := svc.For(chairActor)
	svc.j.(*countingJournal).Bolt.Close()

	// First restart: everything is replayed once, ended ones archived.
	svc, j := openCounting(t, path)
	if len(svc.Hubs()) != 1 || svc.Archived() != 2 {
		t.Fatalf("after the first restart: %d in memory, %d archived; want 1 and 2", len(svc.Hubs()), svc.Archived())
	}
	if got := svc.For(chairActor); !reflect.DeepEqual(got, lobby) {
		t.Fatalf("lobby with archived conferences:\ngot  %+v\nwant %+v", got, lobby)
	}
	j.Bolt.Close()

	// Second restart: the ended ones are not replayed.
	svc, j = openCounting(t, path)
	if j.loads[ids[0]] != 0 || j.loads[ids[1]] != 0 || j.loads[ids[2]] != 1 {
		t.Fatalf("replays at start-up: got %v, want only %s", j.loads, ids[2])
	}
	if got := svc.For(chairActor); !reflect.DeepEqual(got, lobby) {
		t.Fatalf("lobby from summaries:\ngot  %+v\nwant %+v", got, lobby)
	}
	if n := len(svc.Ended()); n != 2 {
		t.Fatalf("ended: got %d, want 2", n)
	}
	h, ok := svc.Hub(ids[0])
	if !ok || !reflect.DeepEqual(h.Snapshot().Conference, want[ids[0]]) {
		t.Fatal("an archived conference loaded on demand differs from what was live")
	}
	if _, err := svc.Create(ctx, chairActor, CreateConference{ID: ids[1], Type: Initial,
		Date: time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC), Children: []Child{{Name: "B"}}}); err == nil {
		t.Fatal("created a conference with an archived conference's ID")
	}
	// Viewing it journals an event: its summary is now older than the journal.
	if err := h.Do(ctx, Command{By: chairActor, Op: AcceptConfidentiality{}}); err != nil {
		t.Fatal(err)
	}
	j.Bolt.Close()
	svc, j = openCounting(t, path)
	if j.loads[ids[0]] != 1 || j.loads[ids[1]] != 0 {
		t.Fatalf("after a viewing: replays %v, want %s replayed once to refresh its summary", j.loads, ids[0])
	}
	j.Bolt.Close()
	_, j = openCounting(t, path)
	if j.loads[ids[0]] != 0 {
		t.Fatalf("the refreshed summary was not used: replays %v", j.loads)
	}
}

// TestUnarchiveConcurrently: many terminals opening the same archived
// conference at once get one hub, replayed once.
func TestUnarchiveConcurrently(t *testing.T) {
	path := filepath.Join(t.TempDir(), "j.db")
	svc, _ := openCounting(t, path)
	ctx := context.Background()
	h, err := svc.Create(ctx, chairActor, CreateConference{Type: Initial,
		Date: time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC), Children: []Child{{Name: "Amy"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Do(ctx, Command{By: chairActor, Op: EndConference{}}); err != nil {
		t.Fatal(err)
	}
	id := h.ID()
	svc.j.(*countingJournal).Bolt.Close()
	_, j := openCounting(t, path) // archives it
	j.Bolt.Close()
	svc, j = openCounting(t, path)
	var wg sync.WaitGroup
	hubs := make([]*Hub, 16)
	for i := range hubs {
		wg.Go(func() {
			_ = svc.For(chairActor)
			hubs[i], _ = svc.Hub(id)
		})
	}
	wg.Wait()
	for _, got := range hubs {
		if got == nil || got != hubs[0] {
			t.Fatal("concurrent opens of an archived conference got different hubs")
		}
	}
	if j.loads[id] != 1 {
		t.Fatalf("replays: got %d, want 1", j.loads[id])
	}
}
