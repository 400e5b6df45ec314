package session

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync/atomic"
	"testing"
	"time"

	"confer/session/sessiontest"
	"confer/session/store"
)

// Benchmarks of durable commands use the real bbolt journal in a temporary
// directory, so every command is synced to disk before Do returns. Run:
//
//	go test -run '^$' -bench . -benchtime 2s -count 5 ./session/

// benchConference creates a conference on j with one board item per
// writer, for writers to edit: edits keep the board a fixed size however
// large b.N grows.
func benchConference(b *testing.B, svc *Service, writers int) (*Hub, []string) {
	b.Helper()
	h, err := svc.Create(context.Background(), chairActor, CreateConference{Type: Initial, Date: time.Now(), Children: []Child{{Name: "A"}}})
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, writers)
	for i := range ids {
		if err := h.Do(context.Background(), Command{By: chairActor, Op: AddItem{Section: Worries, Text: "start"}}); err != nil {
			b.Fatal(err)
		}
		ids[i] = fmt.Sprintf("i%d", h.Snapshot().NextID)
	}
	return h, ids
}

func benchService(b *testing.B) *Service {
	b.Helper()
	j, err := store.Open(filepath.Join(b.TempDir(), "bench.db"), sessiontest.Key)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { j.Close() })
	svc, err := Open(j, Options{})
	if err != nil {
		b.Fatal(err)
	}
	return svc
}

func reportRate(b *testing.B) {
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "cmds/s")
}

// BenchmarkDoSequential is one client issuing durable commands one after
// another: every command waits for its own fsync.
func BenchmarkDoSequential(b *testing.B) {
	h, ids := benchConference(b, benchService(b), 1)
	ctx := context.Background()
	n := 0
	b.ResetTimer()
	for b.Loop() {
		n++
		op := EditItem{ID: ids[0], Text: fmt.Sprintf("edit %d", n)}
		if err := h.Do(ctx, Command{By: chairActor, Op: op}); err != nil {
			b.Fatal(err)
		}
	}
	reportRate(b)
}

// BenchmarkDoOneConference is many people in one meeting issuing durable
// commands at once (32 clients per CPU): group commit shares the fsync.
func BenchmarkDoOneConference(b *testing.B) {
	const perCPU = 32
	svc := benchService(b)
	h, ids := benchConference(b, svc, 1024)
	ctx := context.Background()
	var next atomic.Int64
	b.SetParallelism(perCPU)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		id := ids[int(next.Add(1)-1)%len(ids)]
		n := 0
		for pb.Next() {
			n++
			op := EditItem{ID: id, Text: fmt.Sprintf("edit %d", n)}
			if err := h.Do(ctx, Command{By: chairActor, Op: op}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b)
}

// BenchmarkDoFiftyConferences is 50 conferences running at once, with a
// few clients each, sharing one journal.
func BenchmarkDoFiftyConferences(b *testing.B) {
	const confs, clientsEach = 50, 4
	svc := benchService(b)
	hubs := make([]*Hub, confs)
	ids := make([][]string, confs)
	for i := range hubs {
		hubs[i], ids[i] = benchConference(b, svc, clientsEach)
	}
	ctx := context.Background()
	var next atomic.Int64
	// RunParallel starts parallelism*GOMAXPROCS goroutines: enough for
	// every client of every conference.
	b.SetParallelism(confs*clientsEach/max(1, runtime.GOMAXPROCS(0)) + 1)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		k := int(next.Add(1) - 1)
		h, id := hubs[k%confs], ids[k%confs][(k/confs)%clientsEach]
		n := 0
		for pb.Next() {
			n++
			op := EditItem{ID: id, Text: fmt.Sprintf("edit %d", n)}
			if err := h.Do(ctx, Command{By: chairActor, Op: op}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	reportRate(b)
}

// benchJournal builds, once, a journal holding one conference of n events
// of the usual mix (board items, edits, scores, actions).
func benchJournal(b *testing.B, n int) (Journal, string) {
	b.Helper()
	j := sessiontest.NewJournal()
	svc, err := Open(j, Options{Now: newStepClock().Now})
	if err != nil {
		b.Fatal(err)
	}
	f := &fixture{svc: svc}
	f.hub, err = svc.Create(context.Background(), chairActor, CreateConference{Type: Initial, Date: time.Now(), Children: []Child{{Name: "A"}, {Name: "B"}}})
	if err != nil {
		b.Fatal(err)
	}
	f.do(b, chairActor, AddAttendee{PersonID: viewerActor.ID, Name: "GP", Agency: "NHS", Role: RoleViewer})
	for f.snap().Seq < uint64(n) {
		s := f.snap()
		k := int(s.Seq)
		switch {
		case len(s.Items) < 400 && k%3 != 0:
			f.do(b, chairActor, AddItem{Section: Sections[k%len(Sections)], Text: fmt.Sprintf("item %d with some ordinary words in it", k), Restricted: k%7 == 0})
		case k%5 == 0:
			if r, ok := s.OpenRound(); ok {
				if len(r.Scores) > 0 && k%2 == 0 {
					f.do(b, chairActor, CloseRound{RoundID: r.ID})
				} else {
					f.do(b, viewerActor, CastScore{RoundID: r.ID, Value: k % 11, Reason: "reason"})
				}
			} else if len(s.Rounds) < 90 {
				f.do(b, chairActor, OpenRound{ChildID: "k1"})
			} else {
				f.do(b, chairActor, ProceedWithoutQuorum{Reason: fmt.Sprintf("reason %d", k)})
			}
		case k%11 == 0 && len(s.Actions) < 100:
			f.do(b, chairActor, AddAction{What: "do something", Owner: "someone", Due: time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)})
		default:
			it := s.Items[k%len(s.Items)]
			f.do(b, chairActor, EditItem{ID: it.ID, Text: fmt.Sprintf("edited %d", k), Restricted: it.Restricted})
		}
	}
	return j, f.hub.ID()
}

// BenchmarkReplay10k rebuilds a 10,000-event conference from its journal
// (decoding included). The journal is built once, outside the timer, in a
// real bbolt file.
func BenchmarkReplay10k(b *testing.B) {
	mem, id := benchJournal(b, 10_000)
	j, err := store.Open(filepath.Join(b.TempDir(), "replay.db"), sessiontest.Key)
	if err != nil {
		b.Fatal(err)
	}
	defer j.Close()
	// Queue every event, then wait: one commit for many, so the setup is
	// quick.
	var pending []<-chan error
	err = mem.Load(id, func(seq uint64, data []byte) error {
		pending = append(pending, j.Append(id, seq, data))
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	for _, ch := range pending {
		if err := <-ch; err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	cpu0 := cpuTime()
	for b.Loop() {
		c, err := replay(j, id)
		if err != nil {
			b.Fatal(err)
		}
		if c.Seq != 10_000 {
			b.Fatalf("replayed %d events, want 10000", c.Seq)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/replay")
	b.ReportMetric(float64((cpuTime()-cpu0).Milliseconds())/float64(b.N), "cpu-ms/replay")
}

// bench500 returns a hub whose conference has 500 board items, a tenth of
// them restricted.
func bench500(b *testing.B) *Hub {
	f := newFixture(b, nil)
	for i := 0; len(f.snap().Items) < 500; i++ {
		f.do(b, mtActor, AddItem{Section: Sections[i%len(Sections)], Text: fmt.Sprintf("item %d", i), Restricted: i%10 == 0})
	}
	return f.hub
}

// BenchmarkSnapshot500 reads the current state of a 500-item conference,
// as every terminal does on every change.
func BenchmarkSnapshot500(b *testing.B) {
	h := bench500(b)
	b.ResetTimer()
	for b.Loop() {
		s := h.Snapshot()
		if len(s.Items) != 500 {
			b.Fatal(len(s.Items))
		}
	}
}

// BenchmarkFamilyView500 is the family's filtered copy of the same.
func BenchmarkFamilyView500(b *testing.B) {
	h := bench500(b)
	b.ResetTimer()
	for b.Loop() {
		s := h.Snapshot().FamilyView()
		if len(s.Items) != 450 {
			b.Fatal(len(s.Items))
		}
	}
}

// BenchmarkFamilyView500Fresh is the family view made afresh, as it is
// once per family member after each change (later frames read the cache).
func BenchmarkFamilyView500Fresh(b *testing.B) {
	h := bench500(b)
	s := h.Snapshot()
	b.ResetTimer()
	for b.Loop() {
		v := s.filtered(familyAll)
		if len(v.Items) != 450 {
			b.Fatal(len(v.Items))
		}
	}
}
