package server

import (
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"confer/server/servertest"
	"confer/tui"
)

// Over budget the reader waits, and reports it, rather than reading.
func TestInputBudgetWaitsInsteadOfReading(t *testing.T) {
	now := time.Unix(0, 0)
	var slept time.Duration
	overs := 0
	b := &inputBudget{keyRate: 1000, keyBurst: 4000, pasteRate: 100_000, pasteBurst: 1 << 20,
		now:   func() time.Time { return now },
		sleep: func(d time.Duration) bool { slept += d; now = now.Add(d); return true },
		over:  func() { overs++ }}
	n, ok := b.grant(false, 32<<10)
	if !ok || n != 4000 {
		t.Fatalf("first grant: got %d, %v; want the 4000-byte burst", n, ok)
	}
	b.spend(false, n)
	n, ok = b.grant(false, 32<<10)
	if !ok || overs != 1 || slept < 40*time.Millisecond || n < 40 || n > 60 {
		t.Fatalf("empty budget: got %d bytes after sleeping %v (%d waits); want about 50 bytes after about 50 ms, one wait", n, slept, overs)
	}
	// Paste bytes have their own, larger budget.
	if n, _ := b.grant(true, 32<<10); n != 32<<10 {
		t.Fatalf("paste grant: got %d, want the whole 32 KiB buffer", n)
	}
	// A session that ends while waiting stops the reader.
	b.sleep = func(time.Duration) bool { return false }
	b.spend(false, n)
	if _, ok := b.grant(false, 1024); ok {
		t.Fatal("grant after the session ended: got ok, want false")
	}
}

func TestFloodWarnsOnceThenCloses(t *testing.T) {
	var warned, closed int
	f := &flood{warnAfter: 2 * time.Second, closeAfter: 5 * time.Second, warn: func() { warned++ }, close: func() { closed++ }}
	start := time.Unix(100, 0)
	for i := range 10 { // 4.5 s over budget, then a break
		f.over(start.Add(time.Duration(i) * 500 * time.Millisecond))
	}
	if warned != 1 || closed != 0 {
		t.Fatalf("after 4.5 s: warned %d, closed %d; want 1, 0", warned, closed)
	}
	start = start.Add(time.Minute) // a long break starts the count again
	for i := range 12 {
		f.over(start.Add(time.Duration(i) * 500 * time.Millisecond))
	}
	if warned != 1 || closed != 1 {
		t.Fatalf("after 5.5 s more: warned %d, closed %d; want 1 (only once), 1", warned, closed)
	}
}

// A client typing as fast as its connection allows is not read beyond its
// budget: its own SSH stops sending once the channel's window is full. It
// is told once, then closed.
func TestKeyFloodPushesBackThenCloses(t *testing.T) {
	e := newEnv(t, testPeople, func(c *Config) {
		c.Limits.InputRate, c.Limits.InputBurst = 64, 64
		c.Limits.FloodWarn, c.Limits.FloodClose = 300*time.Millisecond, 4*time.Second
	}, nil)
	c := e.mustDial("chair")
	ctx := waitCtx(t, 20*time.Second)
	if _, err := c.WaitFor(ctx, "conference"); err != nil {
		t.Fatal(err)
	}
	var sent atomic.Int64
	go func() {
		chunk := strings.Repeat("j", 32<<10)
		for c.Send(chunk) == nil {
			sent.Add(int64(len(chunk)))
		}
	}()
	if _, err := c.WaitFor(ctx, "slow down"); err != nil {
		t.Fatalf("got no warning during a flood: %v", err)
	}
	time.Sleep(time.Second)
	// Read and dropped, a loopback flood passes hundreds of MB a second;
	// held back, the client can send only the SSH window (2 MiB) and the
	// budget.
	if n := sent.Load(); n > 3<<20 {
		t.Fatalf("the client sent %d MiB in over a second of flood; want the server to stop reading (under 3 MiB)", n>>20)
	}
	if _, err := c.WaitFunc(ctx, func(_, out string) bool { return strings.Contains(out, "kept sending faster") }); err != nil {
		t.Fatalf("the flood was never closed: %v", err)
	}
	if err := c.WaitDone(ctx); err != nil {
		t.Fatal(err)
	}
}

// sizeModel records the largest window size its app is given.
type sizeModel struct {
	tea.Model
	w, h *atomic.Int64
}

func (m sizeModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if ws, ok := msg.(tea.WindowSizeMsg); ok {
		if int64(ws.Width) > m.w.Load() {
			m.w.Store(int64(ws.Width))
		}
		if int64(ws.Height) > m.h.Load() {
			m.h.Store(int64(ws.Height))
		}
	}
	inner, cmd := m.Model.Update(msg)
	m.Model = inner
	return m, cmd
}

// Frame keeps the painter drawing from the tui's own frames.
func (m sizeModel) Frame() (string, string) { return m.Model.(framer).Frame() }

// A client claiming a terminal of 100×2147483647, and then 65535×65535,
// gets a working screen drawn at no more than the bound, and the server's
// memory stays small.
func TestHugeTerminalIsBounded(t *testing.T) {
	var w, h atomic.Int64
	e := newEnv(t, testPeople, nil, func(s *Server) {
		s.newModel = func(o tui.Options) tea.Model { return sizeModel{Model: tui.New(o), w: &w, h: &h} }
	})
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	c, err := e.dial(e.keys["chair"], "chair", servertest.Options{Width: 100, Height: 2147483647, ScreenWidth: 100, ScreenHeight: 40})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := waitCtx(t, 20*time.Second)
	if _, err := c.WaitFor(ctx, "conference"); err != nil {
		t.Fatal(err)
	}
	opts := e.resolvedOptions()
	if got := opts[len(opts)-1]; got.Width != 100 || got.Height != 200 {
		t.Fatalf("app started at %dx%d, want 100x200", got.Width, got.Height)
	}
	if err := c.WindowChange(65535, 65535); err != nil {
		t.Fatal(err)
	}
	if err := c.WindowChange(120, 40); err != nil {
		t.Fatal(err)
	}
	// Still working: keys reach the app and it draws.
	if err := c.Send("n"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitFor(ctx, "Type"); err != nil {
		t.Fatal(err)
	}
	if w.Load() > 500 || h.Load() > 200 {
		t.Fatalf("the app was given %dx%d, want at most 500x200", w.Load(), h.Load())
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if grew := int64(after.HeapInuse) - int64(before.HeapInuse); grew > 64<<20 {
		t.Fatalf("heap grew by %d MiB for one terminal, want under 64 MiB", grew>>20)
	}
	if n := c.Bytes(); n > 4<<20 {
		t.Fatalf("the client was sent %d MiB, want under 4 MiB", n>>20)
	}
}

// Window changes sent as fast as possible reach the app a few times a
// second at most, coalesced into the newest, and the flood is closed.
func TestResizeFloodIsCoalescedAndClosed(t *testing.T) {
	var sizes atomic.Int64
	var mu sync.Mutex
	e := newEnv(t, testPeople, func(c *Config) {
		c.Limits.FloodWarn, c.Limits.FloodClose = 500*time.Millisecond, 2*time.Second
	}, func(s *Server) {
		s.newModel = func(o tui.Options) tea.Model {
			return countSizes{Model: tui.New(o), n: &sizes, mu: &mu}
		}
	})
	c := e.mustDial("chair")
	ctx := waitCtx(t, 20*time.Second)
	if _, err := c.WaitFor(ctx, "conference"); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	var sent atomic.Int64
	go func() {
		for i := 0; c.WindowChange(80+i%40, 24+i%10) == nil; i++ {
			sent.Add(1)
		}
	}()
	if err := c.WaitDone(ctx); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if !strings.Contains(c.Output(), "kept sending faster") {
		t.Fatalf("the resize flood ended without the reason; output:\n%s", c.Output())
	}
	// ResizeRate is 10 a second; allow the first and some scheduling slack.
	if got, most := sizes.Load(), int64(took.Seconds()*10)+5; got > most {
		t.Fatalf("the app got %d window sizes in %v (%d sent), want at most %d", got, took, sent.Load(), most)
	}
}

type countSizes struct {
	tea.Model
	n  *atomic.Int64
	mu *sync.Mutex
}

func (m countSizes) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if _, ok := msg.(tea.WindowSizeMsg); ok {
		m.n.Add(1)
	}
	inner, cmd := m.Model.Update(msg)
	m.Model = inner
	return m, cmd
}

func (m countSizes) Frame() (string, string) { return m.Model.(framer).Frame() }

// A 1 MB paste, and a paste holding an unterminated OSC, leave the
// session responsive: the paste ends, the person is told what was kept,
// and the next key works at once.
func TestBigAndBrokenPastesLeaveSessionResponsive(t *testing.T) {
	for _, tc := range []struct{ name, paste, told string }{
		{"1 MB", strings.Repeat("0123456789abcdef", 1<<16), "Paste cut"},
		{"unterminated OSC", "minutes \x1b]52;c;dGV4dA no terminator, more text", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, testPeople, nil, nil)
			c := e.mustDial("chair")
			ctx := waitCtx(t, 20*time.Second)
			if _, err := c.WaitFor(ctx, "Your conferences"); err != nil {
				t.Fatal(err)
			}
			if err := c.Send("\x1b[200~" + tc.paste + "\x1b[201~"); err != nil {
				t.Fatal(err)
			}
			if tc.told != "" {
				if _, err := c.WaitFor(ctx, tc.told); err != nil {
					t.Fatalf("not told the paste was cut: %v", err)
				}
			}
			if err := c.Send("n"); err != nil {
				t.Fatal(err)
			}
			if _, err := c.WaitFor(ctx, "Type"); err != nil {
				t.Fatalf("n after the paste did nothing: %v", err)
			}
		})
	}
}
