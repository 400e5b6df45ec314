// Command confer-bench measures the SSH server under load: one
// minute-taker adding items while N viewers watch, each a real SSH client
// with a PTY.
//
// The server runs in this process; the clients run in a child process (this
// same binary, re-executed), so the CPU and memory measured here are the
// server's alone. Latency is measured in the child, from the moment the
// driver presses enter to save an item to the moment each viewer's output
// contains the item's unique token, so both ends use one clock.
//
//	confer-bench -viewers 200 -runs 3
//	confer-bench -viewers 200 -no-frame-cache
//	confer-bench -viewers 200 -cell-renderer
//	confer-bench -idle 500 -idle-for 10s
//	confer-bench -viewers 20 -flood
//
// With -flood two more terminals join: one types as fast as its
// connection allows, one sends window changes as fast as it can. The
// server's CPU is measured for flood-for with only them busy (flood
// cpu), then the updates run with them still going, so p50 and p99 show
// what they cost everyone else; compare with the same run without -flood.
package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"encoding/pem"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strconv"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"confer/server"
	"confer/server/servertest"
	"confer/session"
	"confer/session/store"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-child" {
		if err := child(os.Args[2:]); err != nil {
			fmt.Fprintln(os.Stderr, "confer-bench child:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "confer-bench:", err)
		os.Exit(1)
	}
}

// result is one run's figures.
type result struct {
	Viewers         int
	Updates         int
	P50, P99        time.Duration
	Missed          int
	CPUPerUpdate    time.Duration // server CPU per viewer-update
	ClientCPU       time.Duration // child process CPU per viewer-update
	AllocPerUpdate  float64       // bytes the server allocated per viewer-update
	RSSPerSession   float64       // bytes
	HeapPerSession  float64       // bytes
	StackPerSession float64       // bytes of goroutine stacks
	GoPerSession    float64       // goroutines
	BytesPerUpdate  float64       // bytes received per viewer-update
	Hits, Misses    uint64
	IdleCPU         float64 // fraction of one core, idle mode
	FloodCPU        float64 // fraction of one core, flood phase
}

func run(args []string) error {
	fs := flag.NewFlagSet("confer-bench", flag.ContinueOnError)
	viewers := fs.Int("viewers", 10, "viewers watching")
	updates := fs.Int("updates", 8, "items the driver adds per run (the board panel must show them all: at 80x24, 8)")
	runs := fs.Int("runs", 3, "runs; the table shows each run and the medians")
	noCache := fs.Bool("no-frame-cache", false, "turn off the shared frame cache")
	fps := fs.Int("fps", 0, "frames per second per terminal (0: server default)")
	fs.BoolVar(&cellRenderer, "cell-renderer", false, "draw with Bubble Tea's cell renderer instead of confer's line painter")
	fs.IntVar(&termW, "width", 80, "terminal width of every client")
	fs.IntVar(&termH, "height", 24, "terminal height of every client")
	fs.BoolVar(&perUpdate, "per-update", false, "print each update's fastest, median and slowest delivery to stderr")
	idle := fs.Int("idle", 0, "instead: connect this many idle viewers and measure idle CPU")
	idleFor := fs.Duration("idle-for", 10*time.Second, "how long to measure idle CPU")
	onceFlag := fs.Bool("once", false, "internal: one run in this process, result as JSON")
	fs.BoolVar(&flood, "flood", false, "add a key flooder and a window-change flooder (see the package doc)")
	fs.DurationVar(&floodFor, "flood-for", 2*time.Second, "with -flood: how long to measure the server's CPU with only the flooders busy")
	cpuprofile := fs.String("cpuprofile", "", "write the server's CPU profile of the measured phases to this file")
	fs.StringVar(&heapProfile, "memprofile", "", "write the server's heap profile, with every client connected, to this file (and FILE.after once the updates are done)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			return err
		}
		defer f.Close()
		profile = f
	}
	if *onceFlag {
		// One run in this fresh process, so its memory figures start clean.
		var r result
		var err error
		if *idle > 0 {
			r, err = once(*idle, 0, *idleFor, *noCache, *fps)
		} else {
			r, err = once(*viewers, *updates, 0, *noCache, *fps)
		}
		if err != nil {
			return err
		}
		return json.NewEncoder(os.Stdout).Encode(r)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	var results []result
	for i := range *runs {
		cmd := exec.Command(self, append([]string{"-once"}, args...)...)
		cmd.Stderr = os.Stderr
		out, err := cmd.Output()
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		var r result
		if err := json.Unmarshal(out, &r); err != nil {
			return fmt.Errorf("run %d: %q: %w", i+1, out, err)
		}
		results = append(results, r)
	}
	print(os.Stdout, results, *idle > 0, *noCache)
	return nil
}

// maxViewerPeople keeps the attendance list under the session's cap.
const maxViewerPeople = 190

// termW and termH are every client's terminal size.
var termW, termH int

// cellRenderer selects Bubble Tea's renderer (server.Config.CellRenderer),
// for comparing with the line painter.
var cellRenderer bool

// perUpdate asks the clients to print each update's latencies.
var perUpdate bool

// flood adds the two flooders; floodFor is how long their cost is measured.
var (
	flood    bool
	floodFor time.Duration
)

// heapProfile, if set, is where the heap profile is written.
var heapProfile string

// profile, if set, receives a CPU profile of the first run's measured phase.
var profile io.Writer

// once starts a fresh server, runs the child clients against it and
// returns the figures.
func once(viewers, updates int, idleFor time.Duration, noCache bool, fps int) (result, error) {
	dir, err := os.MkdirTemp("", "confer-bench-")
	if err != nil {
		return result{}, err
	}
	defer os.RemoveAll(dir)

	// People: one minute-taker (the driver), one chair, N viewers, each
	// with their own key, written where the child can read them.
	type person struct {
		server.Person
		pem []byte
	}
	var people []person
	add := func(id, name string, chair bool) {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		k, _ := gossh.NewSignerFromKey(priv)
		block, _ := gossh.MarshalPrivateKey(priv, "")
		people = append(people, person{Person: server.Person{ID: id, Name: name, Agency: "Agency " + id,
			MayChair: chair, Keys: []string{servertest.AuthorizedKey(k)}}, pem: pem.EncodeToMemory(block)})
	}
	add("chair", "Chair Person", true)
	add("driver", "Minute Taker", false)
	// A conference lists at most 200 attendees, so beyond that viewers'
	// terminals share people (the same person on several terminals).
	for i := range min(viewers, maxViewerPeople) {
		add(fmt.Sprintf("viewer-%04d", i), fmt.Sprintf("Viewer %d", i), false)
	}
	if flood {
		add("flood-keys", "Key Flooder", false)
		add("flood-sizes", "Size Flooder", false)
	}
	var list []server.Person
	for _, p := range people {
		list = append(list, p.Person)
	}
	data, _ := json.Marshal(list)
	if err := os.WriteFile(filepath.Join(dir, "people.json"), data, 0o600); err != nil {
		return result{}, err
	}
	keysDir := filepath.Join(dir, "keys")
	if err := os.MkdirAll(keysDir, 0o700); err != nil {
		return result{}, err
	}
	for _, p := range people {
		if err := os.WriteFile(filepath.Join(keysDir, p.ID), p.pem, 0o600); err != nil {
			return result{}, err
		}
	}

	j, err := store.Open(filepath.Join(dir, "confer.db"), store.NewMasterKey())
	if err != nil {
		return result{}, err
	}
	defer j.Close()
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		return result{}, err
	}
	actor := func(p person) session.Actor {
		return session.Actor{ID: p.ID, Name: p.Name, Agency: p.Agency, MayChair: p.MayChair}
	}
	ctx := context.Background()
	h, err := svc.Create(ctx, actor(people[0]), session.CreateConference{Type: session.Initial, Title: "Bench",
		Date: time.Now(), Children: []session.Child{{Name: "Child A"}}})
	if err != nil {
		return result{}, err
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(people))
	sem := make(chan struct{}, 64)
	for i, p := range people[1:] {
		role := session.RoleViewer
		if i == 0 {
			role = session.RoleMinuteTaker
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			errs <- h.Do(ctx, session.Command{By: actor(people[0]), Op: session.AddAttendee{PersonID: p.ID,
				Name: p.Name, Agency: p.Agency, Role: role, Attendance: session.Present, Remote: true}})
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return result{}, err
		}
	}
	// The agenda is started so every screen shows the board.
	if err := h.Do(ctx, session.Command{By: actor(people[0]), Op: session.GoToStep{Index: 0}}); err != nil {
		return result{}, err
	}

	lim := server.Limits{ConnRate: 1e6, ConnBurst: 1e6, MaxSessions: 100000, MaxSessionsPerKey: 100,
		MaxSessionsPerConference: 100000, FPS: fps}
	srv, err := server.New(server.Config{PeoplePath: filepath.Join(dir, "people.json"), Service: svc,
		RecordsDir: filepath.Join(dir, "records"), Limits: lim, NoFrameCache: noCache, CellRenderer: cellRenderer})
	if err != nil {
		return result{}, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return result{}, err
	}
	go func() { _ = srv.Serve(l) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	runtime.GC()
	rss0, heap0 := memory()
	stack0, gor0 := stacks()

	self, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(self, "-child", "-addr", l.Addr().String(), "-keys", keysDir,
		"-viewers", strconv.Itoa(viewers), "-people", strconv.Itoa(min(viewers, maxViewerPeople)), "-updates", strconv.Itoa(updates),
		"-width", strconv.Itoa(termW), "-height", strconv.Itoa(termH), "-per-update="+strconv.FormatBool(perUpdate),
		"-flood="+strconv.FormatBool(flood))
	cmd.Stderr = os.Stderr
	in, _ := cmd.StdinPipe()
	outPipe, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		return result{}, err
	}
	defer cmd.Process.Kill()
	out := bufio.NewScanner(outPipe)
	out.Buffer(make([]byte, 1<<20), 1<<20)
	if !out.Scan() || out.Text() != "READY" {
		return result{}, fmt.Errorf("child did not get ready: %q %v", out.Text(), out.Err())
	}
	sessions := viewers + 1
	if flood {
		sessions += 2
	}
	runtime.GC()
	rss1, heap1 := memory()
	stack1, gor1 := stacks()
	if heapProfile != "" {
		if f, err := os.Create(heapProfile); err == nil {
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
		if f, err := os.Create(heapProfile + ".goroutines"); err == nil {
			_ = pprof.Lookup("goroutine").WriteTo(f, 1)
			f.Close()
		}
	}
	r := result{Viewers: viewers, Updates: updates,
		RSSPerSession:   (float64(rss1) - float64(rss0)) / float64(sessions),
		HeapPerSession:  (float64(heap1) - float64(heap0)) / float64(sessions),
		StackPerSession: (float64(stack1) - float64(stack0)) / float64(sessions),
		GoPerSession:    float64(gor1-gor0) / float64(sessions)}

	if profile != nil {
		_ = pprof.StartCPUProfile(profile)
		defer pprof.StopCPUProfile()
	}
	if flood {
		fmt.Fprintln(in, "FLOOD")
		c0, t0 := cpuTime(), time.Now()
		time.Sleep(floodFor)
		r.FloodCPU = float64(cpuTime()-c0) / float64(time.Since(t0))
	}
	hits0, misses0 := srv.FrameStats()
	alloc0 := allocated()
	cpu0 := cpuTime()
	start := time.Now()
	if idleFor > 0 {
		time.Sleep(idleFor)
		r.IdleCPU = float64(cpuTime()-cpu0) / float64(time.Since(start))
		fmt.Fprintln(in, "STOP")
		_ = cmd.Wait()
		return r, nil
	}
	fmt.Fprintln(in, "GO")
	if !out.Scan() {
		return result{}, fmt.Errorf("child ended early: %v", out.Err())
	}
	cpu1 := cpuTime()
	alloc1 := allocated()
	hits1, misses1 := srv.FrameStats()
	if heapProfile != "" {
		// The allocations of the measured phase are this profile less the
		// one written before it (go tool pprof -base). A heap profile
		// counts allocations as of the last collection, so collect first.
		runtime.GC()
		if f, err := os.Create(heapProfile + ".after"); err == nil {
			_ = pprof.WriteHeapProfile(f)
			f.Close()
		}
	}
	var cr childResult
	if err := json.Unmarshal(out.Bytes(), &cr); err != nil {
		return result{}, fmt.Errorf("child result %q: %w", out.Text(), err)
	}
	fmt.Fprintln(in, "STOP")
	_ = cmd.Wait()
	delivered := max(1, len(cr.Latencies))
	slices.Sort(cr.Latencies)
	r.P50 = cr.Latencies[len(cr.Latencies)/2]
	r.P99 = cr.Latencies[min(len(cr.Latencies)-1, len(cr.Latencies)*99/100)]
	r.Missed = cr.Missed
	r.CPUPerUpdate = (cpu1 - cpu0) / time.Duration(delivered)
	r.AllocPerUpdate = float64(alloc1-alloc0) / float64(delivered)
	r.ClientCPU = cr.CPU / time.Duration(delivered)
	r.BytesPerUpdate = float64(cr.Bytes) / float64(delivered)
	r.Hits, r.Misses = hits1-hits0, misses1-misses0
	return r, nil
}
