package session

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"confer/session/sessiontest"
	"confer/session/store"
)

// crashConfs are the conferences the crash child writes to, one writer
// goroutine each, so appends from several conferences share commits.
var crashConfs = []string{"crash-a", "crash-b", "crash-c"}

// TestCrashChild is the child process of TestCrashKeepsAcknowledged; it does
// nothing in a normal test run. It opens the journal, then changes its
// conferences as fast as it can, printing "conf seq kind text" for each
// command once Do has returned nil (the change is acknowledged).
func TestCrashChild(t *testing.T) {
	path := os.Getenv("CONFER_CRASH_CHILD")
	if path == "" {
		t.Skip("only runs as the crash test's child process")
	}
	j, err := store.Open(path, sessiontest.Key)
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(2)
	}
	svc, err := Open(j, Options{NewID: func() string { return "unused" }})
	if err != nil {
		fmt.Fprintln(os.Stderr, "replay:", err)
		os.Exit(3)
	}
	var out sync.Mutex
	w := bufio.NewWriter(os.Stdout)
	ack := func(format string, args ...any) {
		out.Lock()
		defer out.Unlock()
		fmt.Fprintf(w, format+"\n", args...)
		w.Flush() // one write per line: the parent must see every acknowledgement
	}
	var wg sync.WaitGroup
	for _, id := range crashConfs {
		h, ok := svc.Hub(id)
		if !ok {
			var err error
			h, err = svc.Create(context.Background(), chairActor, CreateConference{ID: id, Type: Initial,
				Date: time.Date(2027, 1, 4, 10, 0, 0, 0, time.UTC), Children: []Child{{Name: "Amy"}}})
			if err != nil {
				fmt.Fprintln(os.Stderr, "create:", err)
				os.Exit(4)
			}
			ack("%s 1 %s -", id, (CreateConference{}).Kind())
		}
		wg.Go(func() {
			for n := 0; ; n++ {
				c := h.Snapshot().Conference
				var op Op
				text := fmt.Sprintf("%s item %d at seq %d", id, n, c.Seq+1)
				if len(c.Items) < 40 {
					op = AddItem{Section: Worries, Text: text}
				} else {
					op = RemoveItem{ID: c.Items[0].ID}
					text = c.Items[0].ID
				}
				if err := h.Do(context.Background(), Command{By: chairActor, Op: op}); err != nil {
					fmt.Fprintln(os.Stderr, "do:", err)
					os.Exit(5)
				}
				// One writer per conference, so the snapshot's seq is this
				// command's (or later, only if it is this one's).
				ack("%s %d %s %s", id, h.Snapshot().Seq, op.Kind(), text)
			}
		})
	}
	wg.Wait()
}

type acked struct {
	kind, text string
}

// TestCrashKeepsAcknowledged starts the test binary as a child that writes
// to a journal, kills it with SIGKILL at random moments (reusing the same
// journal each time), and checks that every command the child saw
// acknowledged is in the journal with its content, and that the journal
// still opens and replays cleanly.
func TestCrashKeepsAcknowledged(t *testing.T) {
	if os.Getenv("CONFER_CRASH_CHILD") != "" {
		t.Skip("in the child")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	kills := 20
	if testing.Short() {
		kills = 5
	}
	r := rand.New(rand.NewPCG(42, 1))
	want := map[string]map[uint64]acked{}
	total := 0
	for round := 0; round < kills; round++ {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "CONFER_CRASH_CHILD="+path)
		var stderr strings.Builder
		cmd.Stderr = &stderr
		stdout, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string, 1024)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(stdout)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		// Kill once the child has acknowledged a random number of commands,
		// so the kill lands while it is busy writing, not while it starts.
		target := 1 + r.IntN(150)
		got := 0
		killed := false
		for line := range lines {
			f := strings.SplitN(line, " ", 4)
			if len(f) != 4 {
				t.Fatalf("child printed %q", line)
			}
			seq, err := strconv.ParseUint(f[1], 10, 64)
			if err != nil {
				t.Fatalf("child printed %q", line)
			}
			if want[f[0]] == nil {
				want[f[0]] = map[uint64]acked{}
			}
			want[f[0]][seq] = acked{kind: f[2], text: f[3]}
			got++
			if got == target && !killed {
				// A random extra moment, so the kill is not always right
				// after a write to the pipe.
				time.Sleep(time.Duration(r.IntN(3000)) * time.Microsecond)
				if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
					t.Fatal(err)
				}
				killed = true
			}
		}
		err = cmd.Wait()
		if !killed {
			t.Fatalf("child exited before being killed: %v\n%s", err, stderr.String())
		}
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Fatalf("child did not die of SIGKILL: %v\n%s", err, stderr.String())
		}
		total += got
	}

	// Every acknowledged command is in the journal, in place, with its
	// content; and the journal replays.
	j, err := store.Open(path, sessiontest.Key)
	if err != nil {
		t.Fatalf("journal does not open after %d kills: %v", kills, err)
	}
	defer j.Close()
	if _, err := Open(j, Options{}); err != nil {
		t.Fatalf("journal does not replay after %d kills: %v", kills, err)
	}
	for _, id := range crashConfs {
		evs := map[uint64]Event{}
		err := j.Load(id, func(seq uint64, data []byte) error {
			e, err := DecodeEvent(data)
			if err != nil {
				return err
			}
			evs[seq] = e
			return nil
		})
		if err != nil {
			t.Fatalf("load %s: %v", id, err)
		}
		for seq, a := range want[id] {
			e, ok := evs[seq]
			if !ok {
				t.Errorf("%s: acknowledged event %d (%s) is missing", id, seq, a.kind)
				continue
			}
			if e.Op.Kind() != a.kind {
				t.Errorf("%s event %d: got kind %s, want %s", id, seq, e.Op.Kind(), a.kind)
				continue
			}
			var text string
			switch op := e.Op.(type) {
			case AddItem:
				text = op.Text
			case RemoveItem:
				text = op.ID
			default:
				text = "-"
			}
			if text != a.text {
				t.Errorf("%s event %d: got %q, want %q", id, seq, text, a.text)
			}
		}
	}
	t.Logf("%d kills, %d acknowledged commands checked", kills, total)
}
