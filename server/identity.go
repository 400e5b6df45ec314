package server

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"confer/session"
	"confer/tui"
)

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
		InviteCommand: func(code string) string {
			return fmt.Sprintf("ssh -p %s %s@%s", s.port(), code, s.host())
		},
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
	opts.Conferences = &conferences{inner: tui.FromService(s.cfg.Service), s: s, t: t, actor: actor}
	return actor, opts
}

// claimer returns the first-run claim for the key: it registers its holder
// as someone who may chair, and an administrator, and spends the code.
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
		// The first chair is also an administrator, so that somebody can
		// hand the chair over while a chair is away.
		p := Person{ID: s.people.uniqueID(name), Name: name, Agency: agency, MayChair: true, Admin: true,
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
