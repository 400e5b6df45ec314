package session

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"

	"confer/session/sessiontest"
	"confer/session/store"
)

// plainJournal hides the store's Archive, so every conference is replayed.
type plainJournal struct{ Journal }

// benchEndedJournal writes n ended conferences of about a dozen events
// each into a real encrypted journal, and returns its path.
func benchEndedJournal(b *testing.B, n int) string {
	b.Helper()
	mem := sessiontest.NewJournal()
	next := 0
	svc, err := Open(mem, Options{Now: newStepClock().Now, NewID: func() string { next++; return fmt.Sprintf("c%05d", next) }})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	for i := range n {
		h, err := svc.Create(ctx, chairActor, CreateConference{Type: Initial, Title: fmt.Sprintf("Conference %d", i),
			Date: time.Date(2020, 1, 1, 10, 0, 0, 0, time.UTC).AddDate(0, 0, i%2000), Children: []Child{{Name: "A"}, {Name: "B"}}})
		if err != nil {
			b.Fatal(err)
		}
		ops := []Op{AddAttendee{PersonID: viewerActor.ID, Name: "GP", Agency: "NHS", Role: RoleViewer}}
		for k := range 9 {
			ops = append(ops, AddItem{Section: Sections[k%len(Sections)], Text: fmt.Sprintf("item %d with some ordinary words in it", k)})
		}
		ops = append(ops, EndConference{})
		for _, op := range ops {
			if err := h.Do(ctx, Command{By: chairActor, Op: op}); err != nil {
				b.Fatal(err)
			}
		}
	}
	path := filepath.Join(b.TempDir(), "ended.db")
	j, err := store.Open(path, sessiontest.Key)
	if err != nil {
		b.Fatal(err)
	}
	// Queue everything, then wait: few commits, so the setup is quick.
	ids, _ := mem.Conferences()
	var pending []<-chan error
	for _, id := range ids {
		_ = mem.Load(id, func(seq uint64, data []byte) error {
			pending = append(pending, j.Append(id, seq, data))
			return nil
		})
	}
	for _, ch := range pending {
		if err := <-ch; err != nil {
			b.Fatal(err)
		}
	}
	// The first start-up writes the summaries.
	if _, err := Open(j, Options{}); err != nil {
		b.Fatal(err)
	}
	j.Close()
	return path
}

// BenchmarkStartup10kEnded opens a journal of 10,000 ended conferences as
// the server starts: the store (key check) and the service. "archived"
// keeps summaries; "replay-all" replays every conference, as before
// archiving. heap-MB is the live heap the open service holds.
func BenchmarkStartup10kEnded(b *testing.B) {
	path := benchEndedJournal(b, 10_000)
	for _, mode := range []string{"archived", "replay-all"} {
		b.Run(mode, func(b *testing.B) {
			var heap uint64
			var cpu time.Duration
			for b.Loop() {
				var before runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&before)
				cpu0 := cpuTime()
				j, err := store.Open(path, sessiontest.Key)
				if err != nil {
					b.Fatal(err)
				}
				var jj Journal = j
				if mode == "replay-all" {
					jj = plainJournal{j}
				}
				svc, err := Open(jj, Options{})
				if err != nil {
					b.Fatal(err)
				}
				if got := len(svc.Ended()); got != 10_000 {
					b.Fatalf("ended conferences: got %d, want 10000", got)
				}
				cpu += cpuTime() - cpu0
				var after runtime.MemStats
				runtime.GC()
				runtime.ReadMemStats(&after)
				heap = after.HeapAlloc - min(after.HeapAlloc, before.HeapAlloc)
				runtime.KeepAlive(svc)
				j.Close()
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/startup")
			b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
			// CPU time is steadier than wall time on a shared machine.
			b.ReportMetric(float64(cpu.Milliseconds())/float64(b.N), "cpu-ms/startup")
		})
	}
}

// cpuTime is the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
