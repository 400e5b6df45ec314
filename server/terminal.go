package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	gossh "golang.org/x/crypto/ssh"

	"confer/tui"
)

// terminal is one SSH session running the app.
type terminal struct {
	fp     string
	cancel context.CancelFunc
	conn   gossh.Conn

	mu      sync.Mutex // guards program, quit, reason
	program *tea.Program
	quit    func() // ends a linear-mode session (see linear.go)
	reason  string // why the server ended it, told to the client afterwards
}

// end quits the app with a reason the client is told afterwards.
func (t *terminal) end(reason string) {
	t.mu.Lock()
	if t.reason == "" {
		t.reason = reason
	}
	p, quit := t.program, t.quit
	t.mu.Unlock()
	if quit != nil {
		quit()
	}
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

// needTerminal is what a client without a PTY, or with a command, is told.
const needTerminal = "confer needs an interactive terminal: connect with ssh -t and no command, for example: ssh -t -p PORT HOST"

// handle runs one SSH session: check it asks for a terminal, resolve the
// actor, count it against the caps, run the app, and say why it ended.
func (s *Server) handle(sess ssh.Session) {
	started := time.Now()
	key, pty, winch, ok := s.checkRequest(sess)
	if !ok {
		return
	}
	fp := gossh.FingerprintSHA256(key)
	remote := sess.RemoteAddr().String()
	if g, ok := sess.Context().Value(guardKey{}).(*guardedConn); ok {
		g.started()
	}
	conn, _ := sess.Context().Value(ssh.ContextKeyConn).(gossh.Conn)
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	t := &terminal{fp: fp, cancel: cancel, conn: conn}
	actor, opts := s.resolve(sess, key, fp, t)
	opts.Width, opts.Height = clampWindow(pty.Window.Width, pty.Window.Height, s.lim.MaxWidth, s.lim.MaxHeight)
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

	out := s.output(sess, conn, cancel, fp, remote)
	var prog atomic.Pointer[tea.Program]
	var limited atomic.Bool
	fl := s.floodWatch(t, &prog, &limited, fp)
	if s.wantsLinear(sess, pty.Term, opts) {
		s.runLinear(ctx, t, opts, s.input(ctx, sess, &prog, fl, nil).budget, sess, out, conn, fl, winch)
		_ = sess.Exit(0)
		return
	}
	opts.Ctx = ctx
	opts.Looks = s.prefs.looks(opts.Actor.ID) // the display choice (see looks.go)

	// The client is read from here on, for the probe's answers; anything
	// else it sends waits for the app, which starts once the probe has
	// said how to draw (see probe.go and colour.go).
	ready := make(chan struct{})
	answers, send := newProbeAnswers(func(ev uv.Event) {
		select {
		case <-ready:
			prog.Load().Send(ev)
		case <-ctx.Done():
		}
	})
	go s.input(ctx, sess, &prog, fl, send).run()
	if conn != nil {
		defer s.keepAlive(ctx, conn, fp)()
	}
	// Once the app is gone, window changes are still taken (and dropped)
	// until the channel closes: the ssh package blocks its request loop,
	// and with it the channel's close, on handing one over.
	defer func() {
		go func() {
			for range winch {
			}
		}()
	}()

	env := append(sess.Environ(), "TERM="+pty.Term)
	found, err := probe(out, answers, asksPalette(env), probeTimeout)
	if err != nil || !found.utf8 {
		if err == nil {
			s.log.Info("refused", "fp", fp, "remote", remote, "reason", "terminal not in UTF-8")
			_, _ = io.WriteString(out, "\r\n"+notUTF8+"\r\n")
		}
		_ = sess.Exit(1)
		return
	}
	profile := colourProfile(env, found.palette256)
	s.log.Info("terminal", "fp", fp, "term", pty.Term, "colours", profile.String(), "palette256", found.palette256)

	p, pt, startPaint, stopPaint := s.program(ctx, env, opts, out, profile)
	defer stopPaint()
	prog.Store(p)
	close(ready)
	t.mu.Lock()
	t.program = p
	ending := t.reason != ""
	t.mu.Unlock()
	if ending {
		p.Quit()
	}
	go forwardResizes(ctx, p, winch, s.lim.MaxWidth, s.lim.MaxHeight, time.Second/time.Duration(s.lim.ResizeRate), fl.over)
	startPaint()
	_, err = p.Run()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		s.log.Error("app ended with an error", "fp", fp, "err", err.Error())
	}
	p.Kill()
	if pt != nil {
		stopPaint()
		pt.restore()
	}
	if why := t.why(); why != "" && ctx.Err() == nil {
		_, _ = fmt.Fprint(out, "\r\n"+why+"\r\n")
	}
	if limited.Load() {
		s.log.Info("input was rate limited", "fp", fp)
	}
	s.log.Info("session end", "fp", fp, "person", actor.ID, "remote", remote,
		"duration", time.Since(started).Round(time.Millisecond).String())
	_ = sess.Exit(0)
}

// checkRequest refuses a session without a key, with a command or without
// a terminal, telling the client why; ok is false when it refused.
func (s *Server) checkRequest(sess ssh.Session) (key ssh.PublicKey, pty ssh.Pty, winch <-chan ssh.Window, ok bool) {
	key = sess.PublicKey()
	if key == nil {
		wish.Fatalln(sess, "confer: public-key authentication is required.")
		return nil, pty, nil, false
	}
	fp := gossh.FingerprintSHA256(key)
	remote := sess.RemoteAddr().String()
	if sess.RawCommand() != "" || sess.Subsystem() != "" {
		s.log.Info("refused", "fp", fp, "remote", remote, "reason", "command requested")
		wish.Fatalln(sess, strings.NewReplacer("PORT", s.port(), "HOST", s.host()).Replace(needTerminal))
		return nil, pty, nil, false
	}
	pty, winch, ok = sess.Pty()
	if !ok {
		s.log.Info("refused", "fp", fp, "remote", remote, "reason", "no terminal")
		wish.Fatalln(sess, strings.NewReplacer("PORT", s.port(), "HOST", s.host()).Replace(needTerminal))
		return nil, pty, nil, false
	}
	return key, pty, winch, true
}

// output is where everything shown to the client is written: whole writes
// serialised, each bounded in time, so a client that stops reading is
// closed rather than holding its app.
func (s *Server) output(sess ssh.Session, conn gossh.Conn, cancel context.CancelFunc, fp, remote string) *syncWriter {
	stuck := func() {
		s.log.Warn("client stopped reading; closing", "fp", fp, "remote", remote)
		if conn != nil {
			_ = conn.Close()
		}
		cancel()
	}
	return &syncWriter{w: &deadlineWriter{w: sess, timeout: s.lim.WriteTimeout, stuck: stuck, written: &s.written}}
}

// input reads what the client types within its budget (see flood.go),
// sending events to the program once it is stored in prog. fl tracks
// floods of input and window changes alike.
func (s *Server) input(ctx context.Context, sess ssh.Session, prog *atomic.Pointer[tea.Program], fl *flood, send func(uv.Event)) inputReader {
	return inputReader{r: sess, maxPaste: s.lim.MaxPaste, send: send, budget: &inputBudget{
		keyRate: float64(s.lim.InputRate), keyBurst: float64(s.lim.InputBurst),
		pasteRate: float64(s.lim.PasteRate), pasteBurst: float64(s.lim.PasteBurst),
		now: time.Now, sleep: sleeper(ctx), over: func() { fl.over(time.Now()) },
	}}
}

// floodWatch is the flood tracker for one terminal: it tells the person
// once, then ends their session.
func (s *Server) floodWatch(t *terminal, prog *atomic.Pointer[tea.Program], limited *atomic.Bool, fp string) *flood {
	return &flood{warnAfter: s.lim.FloodWarn, closeAfter: s.lim.FloodClose,
		warn: func() {
			limited.Store(true)
			s.log.Info("input over its limit; warned", "fp", fp)
			if p := prog.Load(); p != nil {
				// Send waits for this client's own loop only; not on the reader.
				go p.Send(tui.NoticeMsg("You are sending faster than confer accepts: slow down, or this connection will be closed."))
			}
		},
		close: func() {
			s.log.Warn("input over its limit for too long; closing", "fp", fp)
			t.end("Closed: this terminal kept sending faster than confer accepts.")
		}}
}

// program builds the client's app, drawn with profile, and, unless the
// config asks for Bubble Tea's own renderer, the painter that draws it (pt is then nil). start
// starts the painter and stop ends it.
func (s *Server) program(ctx context.Context, env []string, opts tui.Options, screen io.Writer, profile colorprofile.Profile) (p *tea.Program, pt *painter, start, stop func()) {
	var model tea.Model = s.newModel(opts)
	ask := queries(screen)
	render := []tea.ProgramOption{tea.WithFPS(s.lim.FPS)}
	paintCtx, stopPaint := context.WithCancel(ctx)
	if !s.cfg.CellRenderer {
		// The painter draws the screen (see painter.go); the program's
		// ticker then only flushes terminal queries, so it can be slow.
		pt = newPainter(screen, s.lines, profile, opts.Height)
		model = painted{inner: model, p: pt}
		render = []tea.ProgramOption{tea.WithoutRenderer(), tea.WithFPS(queryFPS)}
	}
	p = tea.NewProgram(model, append(render,
		tea.WithContext(ctx),
		tea.WithInput(nil), // readInput reads the client (see input.go)
		tea.WithOutput(screen),
		tea.WithEnvironment(env),
		tea.WithColorProfile(profile),
		tea.WithWindowSize(opts.Width, opts.Height),
		// Signals belong to the server process, not to one client's app.
		tea.WithoutSignalHandler(),
		tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg {
			// A remote client cannot be suspended from here.
			if _, ok := msg.(tea.SuspendMsg); ok {
				return tea.ResumeMsg{}
			}
			return ask(m, msg)
		}),
	)...)
	start = func() {
		if pt != nil {
			go pt.run(paintCtx)
		}
	}
	return p, pt, start, stopPaint
}

// host returns the host name for the hints shown to clients.
func (s *Server) host() string {
	if s.cfg.PublicHost != "" {
		return s.cfg.PublicHost
	}
	if a, ok := s.Addr().(*net.TCPAddr); ok && a != nil && !a.IP.IsUnspecified() {
		return a.IP.String()
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		return h
	}
	return "localhost"
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
