// Package server is confer's SSH front door: it authenticates people by
// their public keys (or a one-time invite code), resolves who they are from
// the key they actually authenticated with, and runs one Bubble Tea app per
// terminal. It refuses everything else SSH can do (shell, exec, forwarding,
// SFTP, agents) and bounds what any one client can cost: connection rate,
// handshake time, sessions per key and per conference, typed bytes per
// second, and how long a write to a frozen client may take.
package server

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
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
	// NoFrameCache turns off sharing rendered frames between terminals, to
	// measure what the cache saves.
	NoFrameCache bool
}

// Server serves confer over SSH.
type Server struct {
	cfg    Config
	lim    Limits
	log    *log.Logger
	ssh    *ssh.Server
	people *directory
	frames *tui.FrameCache
	lines  *lineCache // colour-converted lines shared by every painter
	rate   *addrLimiter

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

// terminal is one SSH session running the app.
type terminal struct {
	fp     string
	cancel context.CancelFunc
	conn   gossh.Conn

	mu      sync.Mutex // guards program, reason
	program *tea.Program
	reason  string // why the server ended it, told to the client afterwards
}

// end quits the app with a reason the client is told afterwards.
func (t *terminal) end(reason string) {
	t.mu.Lock()
	if t.reason == "" {
		t.reason = reason
	}
	p := t.program
	t.mu.Unlock()
	if p != nil {
		// Not inline: end may be called from the app's own update loop (a
		// refused Subscribe), where a blocking Send would deadlock.
		go p.Quit()
	}
}

func (t *terminal) why() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.reason
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
		newModel: tui.New,
	}
	if !cfg.NoFrameCache {
		s.frames = tui.NewFrameCache()
	}
	s.lines = newLineCache()
	s.rate = newAddrLimiter(s.lim.ConnRate, s.lim.ConnBurst)
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

// loadHostKey reads the ed25519 host key at path, creating it if missing.
func loadHostKey(path string) (ssh.Signer, error) {
	if path == "" {
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		return gossh.NewSignerFromKey(priv)
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("server: host key directory: %w", err)
		}
		_, priv, err := ed25519.GenerateKey(rand.Reader)
		if err != nil {
			return nil, err
		}
		block, err := gossh.MarshalPrivateKey(priv, "confer host key")
		if err != nil {
			return nil, err
		}
		data = pem.EncodeToMemory(block)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, fmt.Errorf("server: create host key: %w", err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return nil, fmt.Errorf("server: write host key: %w", err)
		}
		if err := f.Sync(); err != nil {
			f.Close()
			return nil, fmt.Errorf("server: write host key: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, fmt.Errorf("server: write host key: %w", err)
		}
	} else if err != nil {
		return nil, fmt.Errorf("server: read host key: %w", err)
	}
	signer, err := gossh.ParsePrivateKey(data)
	if err != nil {
		return nil, fmt.Errorf("server: host key %s: %w", path, err)
	}
	if signer.PublicKey().Type() != gossh.KeyAlgoED25519 {
		return nil, fmt.Errorf("server: host key %s is %s, want ssh-ed25519", path, signer.PublicKey().Type())
	}
	return signer, nil
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

// BootstrapCode returns the one-time first-run code that lets one person
// register as a chair, or "" once somebody in the people file may chair
// (or the code was used or expired).
func (s *Server) BootstrapCode() string {
	_ = s.people.reload()
	if s.people.anyChair() {
		return ""
	}
	s.bootMu.Lock()
	defer s.bootMu.Unlock()
	if s.bootCode == "" || !s.cfg.Now().Before(s.bootExpires) {
		return ""
	}
	return s.bootCode
}

// isBootstrap reports whether code is the valid first-run code.
func (s *Server) isBootstrap(code string) bool {
	boot := s.BootstrapCode()
	return boot != "" && code != "" && session.HashCode(code) == session.HashCode(boot)
}

// validInvite reports whether code is a conference invite that can still
// be redeemed.
func (s *Server) validInvite(code string) bool {
	if code == "" || len(code) > 64 {
		return false
	}
	h, ok := s.cfg.Service.FindInvite(code)
	if !ok {
		return false
	}
	hash := session.HashCode(code)
	snap := h.Snapshot()
	if !snap.Ended.IsZero() {
		return false
	}
	for _, inv := range snap.Invites {
		if inv.Hash == hash {
			return inv.UsedBy == "" && s.cfg.Now().Before(inv.Expires)
		}
	}
	return false
}

// boundGuest reports whether the key is bound to a guest who is waiting in
// or was admitted to a conference that has not been ended.
func (s *Server) boundGuest(fp string) bool {
	for _, h := range s.cfg.Service.Hubs() {
		c := h.Snapshot().Conference
		if !c.Ended.IsZero() {
			continue
		}
		if g, ok := c.GuestFor(fp); ok && (g.Status == session.GuestWaiting || g.Status == session.GuestAdmitted) {
			if g.Status == session.GuestWaiting {
				return true
			}
			if _, ok := c.AttendeeFor(session.Actor{Fingerprint: fp}); ok {
				return true
			}
		}
	}
	return false
}

// authorize decides whether an offered key may authenticate. It must not
// record who the client is: a client can offer a key it does not hold.
// Identity is resolved later from the key it actually proved.
func (s *Server) authorize(ctx ssh.Context, key ssh.PublicKey) bool {
	if err := s.people.reload(); err != nil {
		s.warn("people file not reloaded", "err", err.Error())
	}
	fp := gossh.FingerprintSHA256(key)
	if _, ok := s.people.lookup(fp); ok {
		return true
	}
	user := ctx.User()
	if s.isBootstrap(user) || s.validInvite(user) || s.boundGuest(fp) {
		return true
	}
	s.log.Debug("key refused", "fp", fp, "remote", ctx.RemoteAddr().String())
	return false
}

// admitConn applies the per-address rate and the connection cap before any
// handshake work is done.
func (s *Server) admitConn(ctx ssh.Context, c net.Conn) net.Conn {
	if !s.rate.allow(c.RemoteAddr(), time.Now()) {
		s.warn("connection refused: rate limit", "remote", c.RemoteAddr().String())
		return nil
	}
	if s.conns.Add(1) > int64(s.lim.MaxConns) {
		s.conns.Add(-1)
		s.warn("connection refused: too many connections", "remote", c.RemoteAddr().String())
		return nil
	}
	g := newGuardedConn(c, s.lim.HandshakeTimeout, s.lim.IdleTimeout)
	ctx.SetValue(guardKey{}, g)
	return g
}

// guardKey finds a connection's guardedConn in its ssh.Context.
type guardKey struct{}

// warn logs at most one warning a second, so a flood cannot flood the log.
func (s *Server) warn(msg string, kv ...any) {
	now := time.Now().UnixNano()
	last := s.lastWarn.Load()
	if now-last < int64(time.Second) || !s.lastWarn.CompareAndSwap(last, now) {
		return
	}
	s.log.Warn(msg, kv...)
}

// needTerminal is what a client without a PTY, or with a command, is told.
const needTerminal = "confer needs an interactive terminal: connect with ssh -t and no command, for example: ssh -t -p PORT HOST"

// handle runs one SSH session: resolve the actor, check the caps, run the
// app, and say why it ended.
func (s *Server) handle(sess ssh.Session) {
	started := time.Now()
	key := sess.PublicKey()
	if key == nil {
		wish.Fatalln(sess, "confer: public-key authentication is required.")
		return
	}
	fp := gossh.FingerprintSHA256(key)
	remote := sess.RemoteAddr().String()
	if sess.RawCommand() != "" || sess.Subsystem() != "" {
		s.log.Info("refused", "fp", fp, "remote", remote, "reason", "command requested")
		wish.Fatalln(sess, strings.Replace(needTerminal, "PORT", s.port(), 1))
		return
	}
	pty, winch, ok := sess.Pty()
	if !ok {
		s.log.Info("refused", "fp", fp, "remote", remote, "reason", "no terminal")
		wish.Fatalln(sess, strings.Replace(needTerminal, "PORT", s.port(), 1))
		return
	}

	if g, ok := sess.Context().Value(guardKey{}).(*guardedConn); ok {
		g.started()
	}
	conn, _ := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn)
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	t := &terminal{fp: fp, cancel: cancel, conn: conn}
	actor, opts := s.resolve(sess, key, fp, t)
	if msg := s.register(t); msg != "" {
		s.log.Info("refused", "fp", fp, "remote", remote, "reason", msg)
		wish.Fatalln(sess, "confer: "+msg)
		return
	}
	defer s.unregister(t)

	if s.onSession != nil {
		s.onSession(opts)
	}
	s.log.Info("session start", "fp", fp, "person", actor.ID, "remote", remote,
		"term", pty.Term, "width", pty.Window.Width, "height", pty.Window.Height,
		"invite", opts.Invite != "", "claim", opts.Claim != nil)

	stuck := func() {
		s.log.Warn("client stopped reading; closing", "fp", fp, "remote", remote)
		if conn != nil {
			_ = conn.Close()
		}
		cancel()
	}
	out := &deadlineWriter{w: sess, timeout: s.lim.WriteTimeout, stuck: stuck, written: &s.written}
	var notice atomic.Bool
	var prog atomic.Pointer[tea.Program]
	var lastNotice atomic.Int64 // unix nanoseconds of the last dropped-input notice
	in := &inputLimiter{r: sess, rate: float64(s.lim.InputRate), burst: float64(s.lim.InputBurst), now: time.Now,
		dropped: func(n int) {
			if notice.CompareAndSwap(false, true) {
				s.log.Info("input dropped", "fp", fp, "bytes", n)
			}
			// Tell the person, at most every few seconds; Send waits for
			// this client's own loop only, so it runs off the reader.
			now, last := time.Now().UnixNano(), lastNotice.Load()
			if p := prog.Load(); p != nil && now-last > int64(5*time.Second) && lastNotice.CompareAndSwap(last, now) {
				go p.Send(tui.NoticeMsg("Input dropped: typed or pasted faster than confer accepts."))
			}
		}}

	opts.Ctx = ctx
	opts.Width, opts.Height = pty.Window.Width, pty.Window.Height
	env := append(sess.Environ(), "TERM="+pty.Term)
	profile := colorprofile.Env(env)
	screen := &syncWriter{w: out}
	var model tea.Model = s.newModel(opts)
	render := []tea.ProgramOption{tea.WithFPS(s.lim.FPS)}
	var pt *painter
	paintCtx, stopPaint := context.WithCancel(ctx)
	defer stopPaint()
	if !s.cfg.CellRenderer {
		// The painter draws the screen (see painter.go); the program's
		// ticker then only flushes terminal queries, so it can be slow.
		pt = newPainter(screen, s.lines, profile, pty.Window.Height)
		go pt.run(paintCtx)
		model = painted{Model: model, p: pt}
		render = []tea.ProgramOption{tea.WithoutRenderer(), tea.WithFPS(queryFPS)}
	}
	p := tea.NewProgram(model, append(render,
		tea.WithContext(ctx),
		tea.WithInput(nil), // readInput below reads the client (see input.go)
		tea.WithOutput(screen),
		tea.WithEnvironment(env),
		tea.WithColorProfile(profile),
		tea.WithWindowSize(pty.Window.Width, pty.Window.Height),
		// Signals belong to the server process, not to one client's app.
		tea.WithoutSignalHandler(),
		tea.WithFilter(func(_ tea.Model, msg tea.Msg) tea.Msg {
			// A remote client cannot be suspended from here.
			if _, ok := msg.(tea.SuspendMsg); ok {
				return tea.ResumeMsg{}
			}
			return msg
		}),
	)...)
	prog.Store(p)
	t.mu.Lock()
	t.program = p
	ending := t.reason != ""
	t.mu.Unlock()
	if ending {
		p.Quit()
	}

	if conn != nil {
		defer s.keepAlive(ctx, conn, fp)()
	}
	go readInput(in, func(ev uv.Event) { p.Send(ev) })
	// Window changes: the ssh package holds the newest one in a channel of
	// one, and this goroutine passes on only the latest of any that piled
	// up while the app was busy.
	go func() {
		for {
			select {
			case <-ctx.Done():
				p.Quit()
				return
			case w, ok := <-winch:
				if !ok {
					return
				}
			latest:
				for {
					select {
					case next, ok := <-winch:
						if !ok {
							break latest
						}
						w = next
					default:
						break latest
					}
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()

	_, err := p.Run()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		s.log.Error("app ended with an error", "fp", fp, "err", err.Error())
	}
	p.Kill()
	if pt != nil {
		stopPaint()
		pt.restore()
	}
	if why := t.why(); why != "" && ctx.Err() == nil {
		_, _ = fmt.Fprint(screen, "\r\n"+why+"\r\n")
	}
	if notice.Load() {
		s.log.Info("input was rate limited", "fp", fp)
	}
	s.log.Info("session end", "fp", fp, "person", actor.ID, "remote", remote,
		"duration", time.Since(started).Round(time.Millisecond).String())
	_ = sess.Exit(0)
}

// port returns the listening port for the hint shown to clients.
func (s *Server) port() string {
	if a := s.Addr(); a != nil {
		if _, p, err := net.SplitHostPort(a.String()); err == nil {
			return p
		}
	}
	return "2222"
}

// register counts a terminal against the caps; it returns a reason to
// refuse, or "".
func (s *Server) register(t *terminal) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closing:
		return "the server is shutting down; try again in a minute."
	case len(s.sessions) >= s.lim.MaxSessions:
		return "the server is full; try again later."
	case s.perKey[t.fp] >= s.lim.MaxSessionsPerKey:
		return fmt.Sprintf("this key already has %d terminals open; close one first.", s.perKey[t.fp])
	}
	s.sessions[t] = struct{}{}
	s.perKey[t.fp]++
	s.wg.Add(1)
	return ""
}

func (s *Server) unregister(t *terminal) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.sessions, t)
	if s.perKey[t.fp]--; s.perKey[t.fp] <= 0 {
		delete(s.perKey, t.fp)
	}
	s.wg.Done()
}

// joinConference counts one more terminal watching a conference, if the
// cap allows.
func (s *Server) joinConference(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perConf[id] >= s.lim.MaxSessionsPerConference {
		return false
	}
	s.perConf[id]++
	return true
}

func (s *Server) leaveConference(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.perConf[id]--; s.perConf[id] <= 0 {
		delete(s.perConf, id)
	}
}

// keepAlive asks the client to answer every interval and drops the
// connection if it does not answer in time: this finds dead connections
// and clients that stopped reading altogether (ssh suspended, lid shut).
// Between probes it holds no goroutine: each probe runs on its timer's.
// The returned func stops it.
func (s *Server) keepAlive(ctx context.Context, conn gossh.Conn, fp string) (stop func()) {
	var (
		mu      sync.Mutex
		timer   *time.Timer
		stopped bool
	)
	probe := func() {
		if ctx.Err() != nil {
			return
		}
		unanswered := time.AfterFunc(s.lim.KeepAliveTimeout, func() {
			if ctx.Err() == nil {
				s.log.Warn("keepalive unanswered; closing", "fp", fp)
			}
			_ = conn.Close()
		})
		_, _, err := conn.SendRequest("keepalive@openssh.com", true, nil)
		if !unanswered.Stop() {
			return // closed for not answering
		}
		if err != nil {
			_ = conn.Close()
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if !stopped {
			timer.Reset(s.lim.KeepAliveInterval)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	timer = time.AfterFunc(s.lim.KeepAliveInterval, probe)
	return func() {
		mu.Lock()
		defer mu.Unlock()
		stopped = true
		timer.Stop()
	}
}

// resolve builds the actor and app options from the key the client
// actually authenticated with (never from keys it merely offered).
func (s *Server) resolve(sess ssh.Session, key ssh.PublicKey, fp string, t *terminal) (session.Actor, tui.Options) {
	_ = s.people.reload()
	opts := tui.Options{
		People:     s.people.actors,
		RecordsDir: s.cfg.RecordsDir,
		Export:     s.cfg.Export,
		Frames:     s.frames,
		Now:        s.cfg.Now,
	}
	var actor session.Actor
	if p, ok := s.people.lookup(fp); ok {
		actor = p.Actor(fp)
	} else {
		actor = session.Actor{Fingerprint: fp}
		user := sess.User()
		switch {
		case s.isBootstrap(user):
			opts.Claim = s.claimer(key, fp)
		case s.validInvite(user):
			opts.Invite = user
		}
	}
	opts.Actor = actor
	opts.Conferences = &conferences{Conferences: tui.FromService(s.cfg.Service), s: s, t: t, actor: actor}
	return actor, opts
}

// claimer returns the first-run claim for the key: it registers its holder
// as someone who may chair and spends the code.
func (s *Server) claimer(key ssh.PublicKey, fp string) func(name, agency string) (session.Actor, error) {
	return func(name, agency string) (session.Actor, error) {
		s.bootMu.Lock()
		defer s.bootMu.Unlock()
		if s.bootCode == "" || !s.cfg.Now().Before(s.bootExpires) || s.people.anyChair() {
			return session.Actor{}, ErrClaimed
		}
		name, err := session.Clean(name, false)
		if err != nil {
			return session.Actor{}, err
		}
		agency, err = session.Clean(agency, false)
		if err != nil {
			return session.Actor{}, err
		}
		if name == "" {
			return session.Actor{}, &session.UserError{Kind: session.ErrInvalid, Msg: "your name is needed"}
		}
		// The people file is read by hand and by every login: keep entries
		// to the length the session layer allows for a name.
		for _, f := range []struct{ what, v string }{{"your name", name}, {"your agency", agency}} {
			if n := utf8.RuneCountInString(f.v); n > session.MaxLine {
				return session.Actor{}, &session.UserError{Kind: session.ErrInvalid, Msg: fmt.Sprintf("%s is %d characters; the limit is %d", f.what, n, session.MaxLine)}
			}
		}
		p := Person{ID: s.people.uniqueID(name), Name: name, Agency: agency, MayChair: true,
			Keys: []string{strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key)))}}
		if err := s.people.add(p); err != nil {
			s.log.Error("first-run claim not saved", "fp", fp, "err", err.Error())
			return session.Actor{}, &session.UserError{Kind: session.ErrClosed, Msg: "the people file could not be written"}
		}
		s.bootCode = ""
		s.log.Info("first-run chair registered", "person", p.ID, "fp", fp)
		return p.Actor(fp), nil
	}
}

// conferences wraps the service the app sees, to count terminals per
// conference and log joins, leaves and role changes.
type conferences struct {
	tui.Conferences
	s     *Server
	t     *terminal
	actor session.Actor
}

func (c *conferences) wrap(r tui.Room) tui.Room {
	if r == nil {
		return nil
	}
	return &room{Room: r, s: c.s, t: c.t, actor: c.actor}
}

func (c *conferences) Room(id string) (tui.Room, bool) {
	r, ok := c.Conferences.Room(id)
	if !ok {
		return nil, false
	}
	return c.wrap(r), true
}

func (c *conferences) Create(ctx context.Context, by session.Actor, op session.CreateConference) (tui.Room, error) {
	r, err := c.Conferences.Create(ctx, by, op)
	if err != nil {
		return nil, err
	}
	c.s.log.Info("conference created", "conference", r.ID(), "person", by.ID, "fp", by.Fingerprint)
	return c.wrap(r), nil
}

func (c *conferences) FindInvite(code string) (tui.Room, bool) {
	r, ok := c.Conferences.FindInvite(code)
	if !ok {
		return nil, false
	}
	return c.wrap(r), true
}

type room struct {
	tui.Room
	s     *Server
	t     *terminal
	actor session.Actor
}

// Subscribe refuses (with a closed channel, which ends the app) once the
// conference has as many terminals as the cap allows.
func (r *room) Subscribe(ctx context.Context) <-chan session.Version {
	id := r.ID()
	if !r.s.joinConference(id) {
		r.s.warn("conference full", "conference", id, "fp", r.actor.Fingerprint)
		r.t.end("This conference has as many terminals connected as the server allows.")
		ch := make(chan session.Version)
		close(ch)
		return ch
	}
	context.AfterFunc(ctx, func() { r.s.leaveConference(id) })
	return r.Room.Subscribe(ctx)
}

// Attach logs the join and, when the terminal goes, the leave.
func (r *room) Attach(ctx context.Context, attendeeID string) {
	id := r.ID()
	at, _ := r.Snapshot().Attendee(attendeeID)
	joined := time.Now()
	r.s.log.Info("join", "conference", id, "attendee", attendeeID, "role", string(at.Role), "fp", r.actor.Fingerprint)
	context.AfterFunc(ctx, func() {
		r.s.log.Info("leave", "conference", id, "attendee", attendeeID, "fp", r.actor.Fingerprint,
			"duration", time.Since(joined).Round(time.Second).String())
	})
	r.Room.Attach(ctx, attendeeID)
}

// Do logs role changes and refusals by kind only: never their content.
func (r *room) Do(ctx context.Context, cmd session.Command) error {
	err := r.Room.Do(ctx, cmd)
	kind := ""
	if cmd.Op != nil {
		kind = cmd.Op.Kind()
	}
	switch {
	case errors.Is(err, session.ErrNotPermitted):
		r.s.log.Info("command refused", "conference", r.ID(), "kind", kind, "person", cmd.By.ID, "fp", cmd.By.Fingerprint)
	case err != nil:
	default:
		switch cmd.Op.(type) {
		case session.SetRole, session.HandOverChair, session.AdmitGuest, session.TurnAwayGuest, session.EndConference,
			session.StartClosedSegment, session.EndClosedSegment, session.AcceptConfidentiality:
			r.s.log.Info("change", "conference", r.ID(), "kind", kind, "person", cmd.By.ID, "fp", cmd.By.Fingerprint)
		}
	}
	return err
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
