package server

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"confer/server/servertest"
	"confer/session"
	"confer/tui"
)

// probeModel stands in for the app where a test is about the server's
// plumbing rather than the screens: it follows one conference through the
// same Room interface the app uses and fills the screen with a pattern
// that changes with every version, so every update rewrites the screen.
type probeModel struct {
	o    tui.Options
	conf func() string
	ch   <-chan session.Version
	v    session.Version
	w, h int
}

type probeChanged session.Version

func (m *probeModel) wait() tea.Cmd {
	ch := m.ch
	return func() tea.Msg {
		v, ok := <-ch
		if !ok {
			return tea.Quit()
		}
		return probeChanged(v)
	}
}

func (m *probeModel) Init() tea.Cmd {
	m.w, m.h = m.o.Width, m.o.Height
	r, ok := m.o.Conferences.Room(m.conf())
	if !ok {
		return tea.Quit
	}
	r.Attach(m.o.Ctx, m.o.Actor.ID)
	m.ch = r.Subscribe(m.o.Ctx)
	m.v = r.Snapshot().Version
	return m.wait()
}

func (m *probeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case probeChanged:
		m.v = session.Version(msg)
		if m.o.Width >= 500 {
			// A client that asked for a huge terminal gets 64 KiB of
			// harmless output per update, to fill its SSH window quickly.
			return m, tea.Batch(m.wait(), tea.Raw(strings.Repeat("\x1b[0m", 16<<10)))
		}
		return m, m.wait()
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
	case tea.KeyPressMsg:
		if msg.String() == "q" {
			return m, tea.Quit
		}
	}
	return m, nil
}

func (m *probeModel) View() tea.View {
	var b strings.Builder
	fmt.Fprintf(&b, "version %d", m.v)
	fill := strings.Repeat(string(rune('a'+int(m.v)%26)), max(0, m.w-1))
	for i := 1; i < m.h; i++ {
		b.WriteString("\n")
		b.WriteString(fill)
	}
	v := tea.NewView(b.String())
	v.AltScreen = true
	return v
}

// probeEnv is an env whose terminals run probeModel on one conference.
func probeEnv(t *testing.T, configure func(*Config), hook ...func(*Server)) (*env, *session.Hub) {
	var mu sync.Mutex
	var conf string
	e := newEnv(t, testPeople, configure, func(s *Server) {
		s.newModel = func(o tui.Options) tea.Model {
			return &probeModel{o: o, conf: func() string { mu.Lock(); defer mu.Unlock(); return conf }}
		}
		for _, f := range hook {
			f(s)
		}
	})
	h := e.conference()
	mu.Lock()
	conf = h.ID()
	mu.Unlock()
	return e, h
}

func addItem(t *testing.T, e *env, h *session.Hub, text string) {
	t.Helper()
	err := h.Do(context.Background(), session.Command{By: e.actors["chair"], Op: session.AddItem{Section: session.Worries, Text: text}})
	if err != nil {
		t.Fatalf("add item: %v", err)
	}
}

func TestNoPTYRefused(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	c, err := e.dial(e.keys["viewer1"], "x", servertest.Options{NoPTY: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := waitCtx(t, 10*time.Second)
	if err := c.WaitDone(ctx); err != nil {
		t.Fatalf("session without a PTY: %v, want it closed", err)
	}
	if got := c.Output(); !strings.Contains(got, "confer needs an interactive terminal") {
		t.Fatalf("no-PTY output: got %q, want the interactive terminal message", got)
	}
}

func TestExecRefused(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	for _, o := range []servertest.Options{{Command: "cat /etc/passwd"}, {Command: "sh", NoPTY: true}} {
		c, err := e.dial(e.keys["viewer1"], "x", o)
		if err != nil {
			t.Fatalf("exec %q: %v", o.Command, err)
		}
		ctx := waitCtx(t, 10*time.Second)
		if err := c.WaitDone(ctx); err != nil {
			t.Fatalf("exec %q: %v, want the session closed", o.Command, err)
		}
		if got := c.Output(); !strings.Contains(got, "confer needs an interactive terminal") {
			t.Fatalf("exec %q output: got %q, want the interactive terminal message", o.Command, got)
		}
		c.Close()
	}
	if n := len(e.resolvedOptions()); n != 0 {
		t.Fatalf("apps started for refused sessions: got %d, want 0", n)
	}
}

func TestSubsystemAndForwardingRefused(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	c, err := e.dial(e.keys["viewer1"], "x", servertest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.Conn().NewSession()
	if err != nil {
		t.Fatal(err)
	}
	if err := sess.RequestSubsystem("sftp"); err == nil {
		t.Fatal("sftp subsystem: got accepted, want refused")
	}
	sess.Close()
	if _, err := c.Conn().Dial("tcp", "127.0.0.1:22"); err == nil {
		t.Fatal("direct-tcpip forwarding: got a channel, want refused")
	}
	if _, err := c.Conn().Listen("tcp", "127.0.0.1:0"); err == nil {
		t.Fatal("remote forwarding: got a listener, want refused")
	}
	sess2, err := c.Conn().NewSession()
	if err != nil {
		t.Fatal(err)
	}
	ok, err := sess2.SendRequest("auth-agent-req@openssh.com", true, nil)
	if err != nil || ok {
		t.Fatalf("agent forwarding: got ok=%v err=%v, want refused", ok, err)
	}
	sess2.Close()
}

func TestSessionsPerKeyCapped(t *testing.T) {
	e := newEnv(t, testPeople, func(c *Config) { c.Limits.MaxSessionsPerKey = 2 }, nil)
	for i := range 2 {
		_, _ = expectAdmitted(t, e, e.keys["viewer1"], "x", fmt.Sprintf("session %d", i+1))
	}
	c, err := e.dial(e.keys["viewer1"], "x", servertest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := waitCtx(t, 10*time.Second)
	if err := c.WaitDone(ctx); err != nil {
		t.Fatalf("third session: %v, want it closed", err)
	}
	if got := c.Output(); !strings.Contains(got, "already has 2 terminals open") {
		t.Fatalf("third session output: got %q, want the per-key limit message", got)
	}
}

func TestConferenceCapped(t *testing.T) {
	e, _ := probeEnv(t, func(c *Config) { c.Limits.MaxSessionsPerConference = 1 })
	first := e.mustDial("viewer1")
	ctx := waitCtx(t, 10*time.Second)
	if _, err := first.WaitFor(ctx, "version"); err != nil {
		t.Fatal(err)
	}
	second := e.mustDial("viewer2")
	if err := second.WaitDone(ctx); err != nil {
		t.Fatalf("second terminal on a full conference: %v, want it ended", err)
	}
	if got := second.Output(); !strings.Contains(got, "as many terminals connected as the server allows") {
		t.Fatalf("full conference output: got %q, want the cap message", got)
	}
}

func TestShutdownTellsSessions(t *testing.T) {
	e, _ := probeEnv(t, nil)
	c := e.mustDial("viewer1")
	ctx := waitCtx(t, 10*time.Second)
	if _, err := c.WaitFor(ctx, "version"); err != nil {
		t.Fatal(err)
	}
	if err := e.srv.Shutdown(ctx); err != nil {
		t.Fatalf("Shutdown: %v", err)
	}
	if err := c.WaitDone(ctx); err != nil {
		t.Fatalf("after Shutdown: %v, want the session ended", err)
	}
	if got := c.Output(); !strings.Contains(got, "shutting down") {
		t.Fatalf("after Shutdown the client saw %q, want the shutting-down message", got)
	}
	if _, err := e.dial(e.keys["viewer1"], "x", servertest.Options{}); err == nil {
		t.Fatal("dial after Shutdown: connected, want refused")
	}
}

// TestStuckClientDoesNotDelayOthers has one viewer that never reads its
// terminal output. Updates keep reaching another viewer, and the stuck
// session is closed once a write to it has waited WriteTimeout.
func TestStuckClientDoesNotDelayOthers(t *testing.T) {
	e, h := probeEnv(t, func(c *Config) {
		c.Limits.WriteTimeout = 500 * time.Millisecond
	})
	ctx := waitCtx(t, 15*time.Second)
	good := e.mustDial("viewer1")
	if _, err := good.WaitFor(ctx, "version"); err != nil {
		t.Fatal(err)
	}
	// A very wide terminal gets 64 KiB per update from the probe, so its
	// SSH window (2 MiB) fills after a few dozen updates.
	stuck, err := e.dial(e.keys["viewer2"], "x", servertest.Options{NoRead: true, Width: 500, Height: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer stuck.Close()
	waitResolved(t, e, 1)

	stuckGone := make(chan struct{})
	go func() {
		_ = stuck.Conn().Wait()
		close(stuckGone)
	}()
	// Drive updates until the stuck client is dropped; the good viewer must
	// see each one.
	var updates int
	for updates = 1; ; updates++ {
		addItem(t, e, h, fmt.Sprintf("update %d", updates))
		want := h.Snapshot().Version
		if _, err := waitVersion(ctx, good, want); err != nil {
			t.Fatalf("good viewer after %d updates: want version %d or later (subscribers %d): %v", updates, want, h.Subscribers(), err)
		}
		select {
		case <-stuckGone:
		default:
			if updates > 2000 {
				t.Fatalf("stuck client still connected after %d updates, want it dropped", updates)
			}
			continue
		}
		break
	}
	// The good viewer still follows after the drop.
	addItem(t, e, h, "after")
	if _, err := waitVersion(ctx, good, h.Snapshot().Version); err != nil {
		t.Fatalf("good viewer after the drop: %v", err)
	}
	if log := e.logBuf.String(); !strings.Contains(log, "client stopped reading") {
		t.Fatalf("log: got %q, want the stuck client logged", log)
	}
	t.Logf("stuck client dropped after %d updates", updates)
}

// TestUnansweredKeepaliveClosesTheConnection has a client that answers
// keepalives for a few intervals and then stops reading its connection
// altogether: the server closes it once a probe goes unanswered, which
// also shows that each answered probe arms the next.
func TestUnansweredKeepaliveClosesTheConnection(t *testing.T) {
	e, _ := probeEnv(t, func(c *Config) {
		c.Limits.KeepAliveInterval = 100 * time.Millisecond
		c.Limits.KeepAliveTimeout = 300 * time.Millisecond
		c.Limits.IdleTimeout = time.Minute // so only the keepalive can close it
	})
	ctx := waitCtx(t, 15*time.Second)
	freeze := make(chan struct{})
	c, err := e.dial(e.keys["viewer1"], "x", servertest.Options{Freeze: freeze})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.WaitFor(ctx, "version"); err != nil {
		t.Fatal(err)
	}
	gone := make(chan struct{})
	go func() {
		_ = c.Conn().Wait()
		close(gone)
	}()
	select {
	case <-gone:
		t.Fatal("a client that answers keepalives was closed")
	case <-time.After(8 * 100 * time.Millisecond): // eight probes, all answered
	}
	close(freeze)
	frozen := time.Now()
	select {
	case <-gone:
		t.Logf("closed %v after the client froze", time.Since(frozen).Round(10*time.Millisecond))
	case <-ctx.Done():
		t.Fatal("a client that answers nothing is still connected")
	}
	if log := e.logBuf.String(); !strings.Contains(log, "keepalive unanswered") {
		t.Errorf("log: got %q, want the unanswered keepalive logged", log)
	}
}

// waitVersion waits until a probe screen shows version want or later
// (later versions may replace it: the queue is latest-wins).
func waitVersion(ctx context.Context, c *servertest.Client, want session.Version) (string, error) {
	return c.WaitFunc(ctx, func(screen, _ string) bool {
		var v session.Version
		_, err := fmt.Sscanf(screen, "version %d", &v)
		return err == nil && v >= want
	})
}

// blockedWriter blocks every write until closed.
type blockedWriter struct{ closed chan struct{} }

func (b *blockedWriter) Write(p []byte) (int, error) {
	<-b.closed
	return 0, io.ErrClosedPipe
}

func TestDeadlineWriterUnblocks(t *testing.T) {
	bw := &blockedWriter{closed: make(chan struct{})}
	var stuck atomic.Int32
	d := &deadlineWriter{w: bw, timeout: 10 * time.Millisecond, stuck: func() {
		if stuck.Add(1) == 1 {
			close(bw.closed)
		}
	}}
	if _, err := d.Write([]byte("frame")); err == nil {
		t.Fatal("write to a stuck client: got nil error, want it failed")
	}
	if got := stuck.Load(); got != 1 {
		t.Fatalf("stuck called %d times, want 1", got)
	}
}

// TestConnectDisconnectNoLeak runs many connect/disconnect cycles and
// checks goroutines and heap come back to where they were: once with the
// probe app (the server's own plumbing: subscriptions, presence, caps),
// once with the real app reaching its confidentiality screen.
func TestConnectDisconnectNoLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("2,000 SSH connections")
	}
	t.Run("probe", func(t *testing.T) { leakCycles(t, true, "version") })
	t.Run("app", func(t *testing.T) { leakCycles(t, false, "Confidentiality") })
}

func leakCycles(t *testing.T, probe bool, want string) {
	// No onSession hook: it keeps every session's options for other tests.
	// Closing sessions may still count for a moment after the client has
	// gone, so the per-key cap is raised above the 8 workers.
	cfg := func(c *Config) {
		c.Limits.ConnRate, c.Limits.ConnBurst, c.Limits.MaxSessionsPerKey = 10000, 10000, 100
	}
	var e *env
	if probe {
		e, _ = probeEnv(t, cfg, func(s *Server) { s.onSession = nil })
	} else {
		e = newEnv(t, testPeople, cfg, func(s *Server) { s.onSession = nil })
		e.conference()
	}
	cycle := func(n int) {
		var wg sync.WaitGroup
		jobs := make(chan int)
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range jobs {
					c, err := e.dial(e.keys["viewer1"], "x", servertest.Options{Screenless: true})
					if err != nil {
						t.Errorf("dial: %v", err)
						continue
					}
					ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
					_, err = c.WaitFunc(ctx, func(_, out string) bool { return strings.Contains(out, want) })
					cancel()
					if err != nil {
						t.Errorf("session: %v; output %q", err, c.Output())
					}
					c.Close()
				}
			}()
		}
		for i := range n {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	}
	settle := func() (int, uint64) {
		var g int
		var ms runtime.MemStats
		for range 50 {
			runtime.GC()
			g = runtime.NumGoroutine()
			if e.srv.sessionCount() == 0 && e.srv.conns.Load() == 0 {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		runtime.ReadMemStats(&ms)
		return g, ms.HeapInuse
	}
	cycle(50) // warm up pools and caches
	g0, h0 := settle()
	cycle(1000)
	var g1 int
	var h1 uint64
	for range 100 { // let closing connections finish
		if g1, h1 = settle(); g1 <= g0+5 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("goroutines %d -> %d, heap in use %d KiB -> %d KiB", g0, g1, h0>>10, h1>>10)
	if g1 > g0+5 {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Fatalf("goroutines after 1,000 cycles: got %d, want at most %d\n%s", g1, g0+5, buf[:n])
	}
	if h1 > h0+3<<20 {
		t.Fatalf("heap in use after 1,000 cycles: got %d KiB, want at most %d KiB", h1>>10, (h0+3<<20)>>10)
	}
	if n := e.srv.sessionCount(); n != 0 {
		t.Fatalf("sessions still registered: got %d, want 0", n)
	}
}
