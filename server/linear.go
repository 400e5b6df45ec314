package server

import (
	"context"
	"fmt"
	"io"
	"strings"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"confer/linear"
	"confer/session"
	"confer/tui"
)

// modeEnv is the environment variable a client sets to choose the linear
// mode for screen readers and braille displays before anything is drawn:
// ssh -o SetEnv=CONFER_MODE=linear. CONFER_MODE=full asks for the full
// screen whatever the person chose before.
const modeEnv = "CONFER_MODE"

// wantsLinear reports whether this session runs the linear mode: asked
// for by the client (CONFER_MODE, in any case), remembered for the person,
// or a terminal that cannot address its cursor (TERM=dumb), which could
// not show the full screen at all.
func (s *Server) wantsLinear(sess ssh.Session, term string, opts tui.Options) bool {
	for _, kv := range sess.Environ() {
		if v, ok := strings.CutPrefix(kv, modeEnv+"="); ok {
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "linear":
				return true
			case "full":
				return false
			}
		}
	}
	if m := s.prefs.mode(opts.Actor.ID); m != "" {
		return m == "linear"
	}
	return term == "dumb"
}

// runLinear runs the linear mode for one session until it ends, then says
// why the server ended it, if it did. Its input is read within the same
// budget as the full screen's (see flood.go): over it, reading waits, and
// a terminal that stays over it is warned, then closed. It sends nothing
// but plain lines: no terminal queries, so no UTF-8 probe either.
func (s *Server) runLinear(ctx context.Context, t *terminal, opts tui.Options, budget *inputBudget, in io.Reader, out io.Writer,
	conn gossh.Conn, fl *flood, winch <-chan ssh.Window) {
	lctx, quit := context.WithCancel(ctx)
	defer quit()
	t.mu.Lock()
	t.quit = quit
	ending := t.reason != ""
	t.mu.Unlock()
	if ending {
		quit()
	}
	if conn != nil {
		defer s.keepAlive(ctx, conn, t.fp)()
	}
	// Window changes mean nothing here, but must still be taken: the ssh
	// package blocks its request loop on handing one over.
	go func() {
		for range winch {
		}
	}()
	lt := linear.New(linear.Options{
		Actor:       opts.Actor,
		Conferences: linearConferences{opts.Conferences},
		Invite:      opts.Invite,
		Claim:       opts.Claim,
		People:      opts.People,
		RecordsDir:  opts.RecordsDir,
		Export:      opts.Export,
		Now:         opts.Now,
		Remember:    s.prefs.remember(opts.Actor.ID),
	})
	warned := fl.warn
	fl.warn = func() {
		warned()
		lt.Notice("You are sending faster than confer accepts: slow down, or this connection will be closed.")
	}
	_ = lt.Run(lctx, budgetReader{r: in, b: budget}, out)
	if why := t.why(); why != "" && ctx.Err() == nil {
		_, _ = fmt.Fprint(out, why+"\r\n")
	}
	s.log.Info("linear session end", "fp", t.fp, "person", opts.Actor.ID)
}

// budgetReader reads a client's bytes only as fast as its typing budget
// allows (the linear mode has no pastes: every byte is typed).
type budgetReader struct {
	r io.Reader
	b *inputBudget
}

func (br budgetReader) Read(p []byte) (int, error) {
	if br.b == nil || len(p) == 0 {
		return br.r.Read(p)
	}
	n, ok := br.b.grant(false, len(p))
	if !ok {
		return 0, io.EOF
	}
	n, err := br.r.Read(p[:n])
	br.b.spend(false, n)
	return n, err
}

// linearConferences gives the linear mode the same conferences the
// full-screen app gets, caps and logging included.
type linearConferences struct{ c tui.Conferences }

func (l linearConferences) For(a session.Actor) []session.Membership { return l.c.For(a) }

func (l linearConferences) Room(id string) (linear.Room, bool) {
	r, ok := l.c.Room(id)
	if !ok {
		return nil, false
	}
	return r, true
}

func (l linearConferences) FindInvite(code string) (linear.Room, bool) {
	r, ok := l.c.FindInvite(code)
	if !ok {
		return nil, false
	}
	return r, true
}

func (l linearConferences) Create(ctx context.Context, by session.Actor, op session.CreateConference) (linear.Room, error) {
	r, err := l.c.Create(ctx, by, op)
	if err != nil {
		return nil, err
	}
	return r, nil
}
