// Package server is confer's SSH front door: it authenticates people by
// their public keys (or a one-time invite code), resolves who they are from
// the key they actually authenticated with, and runs one Bubble Tea app per
// terminal. It refuses everything else SSH can do (shell, exec, forwarding,
// SFTP, agents) and bounds what any one client can cost: failed
// connections per address, handshake time, sessions per key and per
// conference, terminal size, typed bytes and window changes per second,
// and how long a write to a frozen client may take.
//
// The room holds, by file:
//   - server.go: the server's configuration and lifecycle (New, Serve,
//     Shutdown) and the SSH channel filter;
//   - hostkey.go: loading or creating the ed25519 host key;
//   - identity.go: who may authenticate (people file, first-run code,
//     invites, bound guests) and who a terminal is once it has;
//   - people.go: the people file;
//   - caps.go: admission of connections and the per-key and
//     per-conference terminal caps;
//   - penalty.go: each address's allowance for failed connections, and
//     turn-taking for penalised addresses;
//   - limits.go: the configurable limits, the token bucket, and the
//     guarded connection and writer that enforce deadlines;
//   - terminal.go: one SSH session from request to exit, step by step;
//   - probe.go: the UTF-8 and palette checks before the first screen,
//     and the terminal queries the server writes for the app;
//   - colour.go: how many colours a terminal is drawn with;
//   - flood.go: the input budget that stops reading instead of dropping,
//     window-change coalescing, terminal size bounds, and flood closing;
//   - input.go: decoding the client's bytes into key and paste events;
//   - painter.go: drawing frames to the terminal by changed lines;
//   - rooms.go: the wrappers around the tui's view of conferences that
//     count, refuse and log;
//   - failures.go: logging commands that fail for an internal reason,
//     without what was typed.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"confer/session"
	"confer/tui"
)

// Errors the server reports.
var (
	ErrNoService = errors.New("server: no session service configured")
	ErrClaimed   = errors.New("server: the first-run invite has already been used or has expired")
)

// Config configures a [Server].
type Config struct {
	// Addr is the listen address for ListenAndServe; default 127.0.0.1:2222.
	Addr string
	// HostKeyPath is the ed25519 host key, created with mode 0600 (in a
	// directory created 0700) if missing. Empty means a new key in memory
	// for every start, which is only useful in tests.
	HostKeyPath string
	// PeoplePath is the people file (see [ParsePeople]); it may not exist
	// yet and is re-read when it changes.
	PeoplePath string
	// RecordsDir is where exported records are written.
	RecordsDir string
	// Service holds the conferences.
	Service *session.Service
	// Logger receives structured logs; nothing is logged if nil.
	Logger *log.Logger
	// Now is the clock; time.Now if nil.
	Now func() time.Time
	// Limits bound each client; the zero value means [DefaultLimits].
	Limits Limits
	// Export writes a conference's three records into a directory
	// (export.WriteAll); if nil the app refuses to export.
	Export func(dir string, s session.Snapshot) ([]string, error)
	// CellRenderer draws with Bubble Tea's own cell renderer instead of
	// confer's line painter, to measure what the painter saves.
	CellRenderer bool
	// PublicHost is the host name people use to reach the server, shown
	// in the ssh commands it tells them (invites, hints). Empty means the
	// listening IP, or this machine's host name when listening on all
	// addresses.
	PublicHost string
	// NoFrameCache turns off sharing rendered frames between terminals, to
	// measure what the cache saves.
	NoFrameCache bool
	// PrefsDir is where each person's choice of mode (linear or full
	// screen) is remembered; empty means it is not.
	PrefsDir string
}

// Server serves confer over SSH.
type Server struct {
	cfg     Config
	lim     Limits
	log     *log.Logger
	ssh     *ssh.Server
	people  *directory
	frames  *tui.FrameCache
	lines   *lineCache // colour-converted lines shared by every painter
	sources *sources   // per-address allowance for failed connections
	prefs   prefs      // each person's choice of mode (see linear.go)

	// onSession, when set (by tests), is called with each terminal's
	// resolved app options (the actor among them) before its app starts.
	onSession func(tui.Options)
	// newModel builds each terminal's app; tui.New unless a test replaces it.
	newModel func(tui.Options) tea.Model

	// Written counts bytes written to terminals.
	written atomic.Uint64
	conns   atomic.Int64

	bootMu      sync.Mutex // guards bootCode, bootExpires
	bootCode    string
	bootExpires time.Time

	mu       sync.Mutex // guards everything below
	ln       net.Listener
	closing  bool
	sessions map[*terminal]struct{}
	perKey   map[string]int
	perConf  map[string]int
	wg       sync.WaitGroup // one per running session handler

	lastWarn atomic.Int64 // unix nanos of the last throttled warning
}

// New checks the configuration, loads the people file and host key, and
// returns a server ready to Serve.
func New(cfg Config) (*Server, error) {
	if cfg.Service == nil {
		return nil, ErrNoService
	}
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:2222"
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	logger := cfg.Logger
	if logger == nil {
		logger = log.New(io.Discard)
	}
	people, err := newDirectory(cfg.PeoplePath)
	if err != nil {
		return nil, err
	}
	signer, err := loadHostKey(cfg.HostKeyPath)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg: cfg, lim: cfg.Limits.withDefaults(), log: logger, people: people,
		sessions: map[*terminal]struct{}{}, perKey: map[string]int{}, perConf: map[string]int{},
		newModel: tui.New, prefs: prefs{dir: cfg.PrefsDir},
	}
	if !cfg.NoFrameCache {
		s.frames = tui.NewFrameCache()
	}
	s.lines = newLineCache()
	s.sources = newSources(s.lim.ConnRate, s.lim.ConnBurst, s.lim.PenaltyQueue)
	if !people.anyChair() {
		s.bootCode = session.NewInviteCode()
		s.bootExpires = cfg.Now().Add(24 * time.Hour)
	}
	s.ssh = &ssh.Server{
		Addr:             cfg.Addr,
		Handler:          s.handle,
		HostSigners:      []ssh.Signer{signer},
		Version:          "confer",
		PublicKeyHandler: s.authorize,
		// Handshake and idle deadlines are set by admitConn's guardedConn.
		ConnCallback: s.admitConn,
		ConnectionCloseCallback: func(net.Conn) {
			s.conns.Add(-1)
		},
		ConnectionFailedCallback: func(c net.Conn, err error) {
			// Throttled: failed handshakes are what a flood is made of.
			s.warn("connection refused", "remote", c.RemoteAddr().String(), "reason", err.Error())
		},
		ServerConfigCallback: func(ssh.Context) *gossh.ServerConfig {
			return &gossh.ServerConfig{MaxAuthTries: 6}
		},
		// Only session channels: no port forwarding, no X11, no agents.
		ChannelHandlers:   map[string]ssh.ChannelHandler{"session": sessionWithoutExtras},
		RequestHandlers:   map[string]ssh.RequestHandler{},
		SubsystemHandlers: map[string]ssh.SubsystemHandler{},
	}
	return s, nil
}

// sessionWithoutExtras accepts a session channel but refuses agent
// forwarding and X11 on it, which the ssh package would otherwise accept.
func sessionWithoutExtras(srv *ssh.Server, conn *gossh.ServerConn, ch gossh.NewChannel, ctx ssh.Context) {
	ssh.DefaultSessionHandler(srv, conn, filteredChannel{ch}, ctx)
}

type filteredChannel struct{ gossh.NewChannel }

func (f filteredChannel) Accept() (gossh.Channel, <-chan *gossh.Request, error) {
	ch, reqs, err := f.NewChannel.Accept()
	if err != nil {
		return ch, reqs, err
	}
	out := make(chan *gossh.Request)
	go func() {
		defer close(out)
		for r := range reqs {
			switch r.Type {
			case "auth-agent-req@openssh.com", "x11-req", "subsystem":
				if r.WantReply {
					_ = r.Reply(false, nil)
				}
				continue
			}
			out <- r
		}
	}()
	return ch, out, nil
}

// Serve accepts connections on l until Shutdown; it then returns nil.
func (s *Server) Serve(l net.Listener) error {
	s.mu.Lock()
	if s.closing {
		s.mu.Unlock()
		l.Close()
		return nil
	}
	s.ln = l
	s.mu.Unlock()
	s.log.Info("listening", "addr", l.Addr().String(),
		"host_key", gossh.FingerprintSHA256(s.ssh.HostSigners[0].PublicKey()))
	err := s.ssh.Serve(l)
	s.mu.Lock()
	closing := s.closing
	s.mu.Unlock()
	if closing || errors.Is(err, ssh.ErrServerClosed) {
		return nil
	}
	return err
}

// ListenAndServe listens on the configured address and serves.
func (s *Server) ListenAndServe() error {
	l, err := net.Listen("tcp", s.cfg.Addr)
	if err != nil {
		return fmt.Errorf("server: listen: %w", err)
	}
	return s.Serve(l)
}

// Addr returns the address the server listens on, once it does.
func (s *Server) Addr() net.Addr {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ln == nil {
		return nil
	}
	return s.ln.Addr()
}

// HostKey returns the server's public host key.
func (s *Server) HostKey() gossh.PublicKey { return s.ssh.HostSigners[0].PublicKey() }

// Shutdown stops accepting connections, tells every terminal the server is
// going down, ends their apps and waits for them (or for ctx), then closes
// every connection. Every change anyone saw is already durable, because
// the session layer syncs before it publishes.
func (s *Server) Shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.closing = true
	if s.ln != nil {
		// Closed here too: ssh.Server only knows the listener once its
		// Serve has started, which may be after this.
		_ = s.ln.Close()
	}
	terms := make([]*terminal, 0, len(s.sessions))
	for t := range s.sessions {
		terms = append(terms, t)
	}
	s.mu.Unlock()

	// Close the listeners without waiting for connections.
	done, cancel := context.WithCancel(context.Background())
	cancel()
	_ = s.ssh.Shutdown(done)

	for _, t := range terms {
		t.end("The confer server is shutting down. Everything recorded so far is saved.")
	}
	finished := make(chan struct{})
	go func() {
		s.wg.Wait()
		close(finished)
	}()
	var err error
	select {
	case <-finished:
	case <-ctx.Done():
		err = ctx.Err()
	}
	_ = s.ssh.Close()
	s.log.Info("stopped", "sessions_ended", len(terms))
	return err
}

// warn logs at most one warning a second, so a flood cannot flood the log.
func (s *Server) warn(msg string, kv ...any) {
	now := time.Now().UnixNano()
	last := s.lastWarn.Load()
	if now-last < int64(time.Second) || !s.lastWarn.CompareAndSwap(last, now) {
		return
	}
	s.log.Warn(msg, kv...)
}

// sessionCount returns how many terminals are running.
func (s *Server) sessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// FrameStats returns the shared frame cache's hits and misses (zeros with
// Config.NoFrameCache).
func (s *Server) FrameStats() (hits, misses uint64) {
	if s.frames == nil {
		return 0, 0
	}
	return s.frames.Stats()
}

// BytesWritten returns how many bytes the server has written to terminals.
func (s *Server) BytesWritten() uint64 { return s.written.Load() }
