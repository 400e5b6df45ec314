package server

import (
	"io"
	"net"
	"os"
	"sync/atomic"
	"time"
)

// Limits bound what one address, key, conference or client can cost the
// server. The zero value of every field means its default.
type Limits struct {
	// ConnRate is how many failed connections (ones that end without a
	// terminal starting) per second one IP address is allowed, with
	// bursts of ConnBurst; beyond that the address is penalised and its
	// new connections take turns, PenaltyQueue at most waiting (see
	// penalty.go). Refused attempts and people who authenticate spend
	// nothing. Defaults: 2 per second, burst 20, queue 16.
	ConnRate     float64
	ConnBurst    int
	PenaltyQueue int
	// HandshakeTimeout bounds the SSH handshake and authentication.
	// Default 10 s.
	HandshakeTimeout time.Duration
	// MaxConns caps open TCP connections, authenticated or not.
	// Default 4096.
	MaxConns int
	// MaxSessions caps terminals across the server. Default 2000.
	MaxSessions int
	// MaxSessionsPerKey caps terminals one key may hold open. Default 8.
	MaxSessionsPerKey int
	// MaxSessionsPerConference caps terminals watching one conference.
	// Default 500.
	MaxSessionsPerConference int
	// InputRate is how many bytes per second one terminal may type, with
	// bursts of InputBurst. Beyond it confer stops reading the terminal,
	// so SSH flow control slows the sender; nothing is read and dropped.
	// Defaults: 2 KiB/s, burst 16 KiB.
	InputRate  int
	InputBurst int
	// PasteRate and PasteBurst are the same budget for bytes inside a
	// bracketed paste, which reach the app as one event however long.
	// Defaults: 256 KiB/s, burst 1 MiB.
	PasteRate  int
	PasteBurst int
	// MaxPaste is the longest paste passed on; a longer one is cut there,
	// the person is told how much was kept, and the rest is skipped.
	// Default 64 KiB.
	MaxPaste int
	// ResizeRate is how many window changes a second reach the app; more
	// are coalesced into the newest. Default 10.
	ResizeRate int
	// MaxWidth and MaxHeight bound the terminal size the app draws for,
	// whatever the client asks. Defaults: 500 columns, 200 rows.
	MaxWidth, MaxHeight int
	// FloodWarn is how long a terminal may stay over its input or resize
	// budget before it is told to stop, and FloodClose before it is
	// closed. Defaults: 10 s and 30 s.
	FloodWarn, FloodClose time.Duration
	// KeepAliveInterval is how often the server asks a quiet client to
	// answer; a client that does not answer within KeepAliveTimeout is
	// dropped. Defaults: 10 s and 10 s.
	KeepAliveInterval time.Duration
	KeepAliveTimeout  time.Duration
	// IdleTimeout drops a connection with no traffic at all, keepalive
	// answers included. Default 3 × KeepAliveInterval.
	IdleTimeout time.Duration
	// WriteTimeout drops a client whose terminal output cannot be written
	// within this time (a client that stopped reading). Default 10 s.
	WriteTimeout time.Duration
	// FPS is the most frames per second sent to one terminal. Default 60.
	// Bubble Tea wakes every session once per frame even when nothing
	// changed, so a lower rate saves idle CPU (confer-bench, 500 idle
	// sessions: 0.16 cores at 60, 0.13 at 30, 0.12 at 20) but adds up to a
	// frame to every update's latency (10 viewers: p50 24 ms at 60, 34 ms
	// at 30).
	FPS int
}

// DefaultLimits are the limits a zero Limits stands for.
var DefaultLimits = Limits{
	ConnRate: 2, ConnBurst: 20, PenaltyQueue: 16, HandshakeTimeout: 10 * time.Second, MaxConns: 4096,
	MaxSessions: 2000, MaxSessionsPerKey: 8, MaxSessionsPerConference: 500,
	InputRate: 2048, InputBurst: 16 << 10, PasteRate: 256 << 10, PasteBurst: 1 << 20, MaxPaste: 64 << 10,
	ResizeRate: 10, MaxWidth: 500, MaxHeight: 200, FloodWarn: 10 * time.Second, FloodClose: 30 * time.Second,
	KeepAliveInterval: 10 * time.Second, KeepAliveTimeout: 10 * time.Second,
	WriteTimeout: 10 * time.Second, FPS: 60,
}

// withDefaults fills every zero field from DefaultLimits.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	set := func(v *float64, def float64) {
		if *v <= 0 {
			*v = def
		}
	}
	seti := func(v *int, def int) {
		if *v <= 0 {
			*v = def
		}
	}
	setd := func(v *time.Duration, def time.Duration) {
		if *v <= 0 {
			*v = def
		}
	}
	set(&l.ConnRate, d.ConnRate)
	seti(&l.ConnBurst, d.ConnBurst)
	seti(&l.PenaltyQueue, d.PenaltyQueue)
	setd(&l.HandshakeTimeout, d.HandshakeTimeout)
	seti(&l.MaxConns, d.MaxConns)
	seti(&l.MaxSessions, d.MaxSessions)
	seti(&l.MaxSessionsPerKey, d.MaxSessionsPerKey)
	seti(&l.MaxSessionsPerConference, d.MaxSessionsPerConference)
	seti(&l.InputRate, d.InputRate)
	seti(&l.InputBurst, d.InputBurst)
	seti(&l.PasteRate, d.PasteRate)
	seti(&l.PasteBurst, d.PasteBurst)
	seti(&l.MaxPaste, d.MaxPaste)
	seti(&l.ResizeRate, d.ResizeRate)
	seti(&l.MaxWidth, d.MaxWidth)
	seti(&l.MaxHeight, d.MaxHeight)
	setd(&l.FloodWarn, d.FloodWarn)
	setd(&l.FloodClose, d.FloodClose)
	setd(&l.KeepAliveInterval, d.KeepAliveInterval)
	setd(&l.KeepAliveTimeout, d.KeepAliveTimeout)
	setd(&l.IdleTimeout, 3*l.KeepAliveInterval)
	setd(&l.WriteTimeout, d.WriteTimeout)
	seti(&l.FPS, d.FPS)
	return l
}

// bucket is a token bucket; callers hold whatever lock guards it.
type bucket struct {
	tokens float64
	last   time.Time
}

func (b *bucket) take(now time.Time, rate, burst, n float64) float64 {
	if b.last.IsZero() {
		b.tokens = burst
	} else {
		b.tokens = min(burst, b.tokens+rate*now.Sub(b.last).Seconds())
	}
	b.last = now
	got := min(n, b.tokens)
	b.tokens -= got
	return got
}

// level refills the bucket to now and returns its tokens, taking none.
func (b *bucket) level(now time.Time, rate, burst float64) float64 {
	b.take(now, rate, burst, 0)
	return b.tokens
}

// deadlineWriter bounds every write to a terminal: if one has not
// completed within timeout (the client stopped reading and the SSH window
// is full), stuck is called, which closes the connection and so unblocks
// the write with an error. Without it a frozen client would hold the
// renderer's lock, and with it its program's update loop, forever.
// Writes must not overlap (a syncWriter serialises them): one timer is
// re-armed for each.
type deadlineWriter struct {
	w       io.Writer
	timeout time.Duration
	stuck   func()
	written *atomic.Uint64 // bytes written, for measurements; may be nil
	timer   *time.Timer
}

func (d *deadlineWriter) Write(p []byte) (int, error) {
	if d.timer == nil {
		d.timer = time.AfterFunc(d.timeout, d.stuck)
	} else {
		d.timer.Reset(d.timeout)
	}
	n, err := d.w.Write(p)
	d.timer.Stop()
	if d.written != nil {
		d.written.Add(uint64(n))
	}
	return n, err
}

// guardedConn enforces the handshake deadline and the idle timeout on a
// connection. (charm.land/ssh can do both, but its serverConn updates the
// deadline fields from two goroutines without a lock, which the race
// detector reports; this keeps them in atomics.)
type guardedConn struct {
	net.Conn
	idle time.Duration
	// turn is the connection's place among its address's (see
	// penalty.go); the handshake waits for it and it ends when a session
	// starts or the connection closes. Nil in tests that build one bare.
	turn     *turn
	deadline time.Time   // the handshake's
	held     atomic.Bool // the penalised turn's own deadline is set
	// handshake is set until a session starts; while set, the handshake
	// deadline given at accept stands and traffic does not extend it.
	handshake atomic.Bool
	next      atomic.Int64 // unix nanos after which the idle deadline is pushed again
}

func newGuardedConn(c net.Conn, handshake, idle time.Duration, t *turn) *guardedConn {
	g := &guardedConn{Conn: c, idle: idle, turn: t, deadline: time.Now().Add(handshake)}
	g.handshake.Store(true)
	_ = c.SetDeadline(g.deadline)
	return g
}

// touch pushes the idle deadline forward, at most every quarter of it so
// busy connections do not reset a timer for every packet.
func (g *guardedConn) touch() {
	if g.handshake.Load() {
		return
	}
	now := time.Now()
	if now.UnixNano() < g.next.Load() {
		return
	}
	g.next.Store(now.Add(g.idle / 4).UnixNano())
	_ = g.Conn.SetDeadline(now.Add(g.idle))
}

// started ends the handshake deadline: a session is running.
func (g *guardedConn) started() {
	if g.handshake.CompareAndSwap(true, false) {
		if g.turn != nil {
			g.turn.done(true, time.Now())
		}
		g.next.Store(0)
		g.touch()
	}
}

func (g *guardedConn) Read(p []byte) (int, error) {
	if g.handshake.Load() && g.turn != nil {
		if !g.turn.wait(g.deadline) {
			return 0, os.ErrDeadlineExceeded
		}
		if d := g.turn.hold(); d > 0 && g.held.CompareAndSwap(false, true) {
			// A penalised connection's turn has come: it has a short
			// while to authenticate, so it cannot hold the queue.
			_ = g.Conn.SetDeadline(earliest(g.deadline, time.Now().Add(d)))
		}
	}
	g.touch()
	return g.Conn.Read(p)
}

// Close ends the connection; if no session ever started, its address is
// charged for it.
func (g *guardedConn) Close() error {
	if g.turn != nil {
		g.turn.done(false, time.Now())
	}
	return g.Conn.Close()
}

func (g *guardedConn) Write(p []byte) (int, error) {
	g.touch()
	return g.Conn.Write(p)
}

func earliest(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
