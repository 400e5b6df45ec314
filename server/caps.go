package server

import (
	"fmt"
	"net"
	"time"

	"charm.land/ssh"
)

// admitConn applies the connection cap and the address's standing (see
// penalty.go) before any handshake work is done.
func (s *Server) admitConn(ctx ssh.Context, c net.Conn) net.Conn {
	if s.conns.Add(1) > int64(s.lim.MaxConns) {
		s.conns.Add(-1)
		s.warn("connection refused: too many connections", "remote", c.RemoteAddr().String())
		return nil
	}
	t := s.sources.admit(c.RemoteAddr(), time.Now())
	if t == nil {
		s.conns.Add(-1)
		s.warn("connection refused: address penalised for failed connections", "remote", c.RemoteAddr().String())
		return nil
	}
	g := newGuardedConn(c, s.lim.HandshakeTimeout, s.lim.IdleTimeout, t)
	ctx.SetValue(guardKey{}, g)
	return g
}

// guardKey finds a connection's guardedConn in its ssh.Context.
type guardKey struct{}

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
