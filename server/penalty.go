package server

import (
	"net"
	"sync"
	"time"
)

// A fair limiter, after OpenSSH's PerSourcePenalties.
//
// Only connections that fail are charged: one that ends without a
// terminal starting (a failed or abandoned authentication) spends a token
// of its address's allowance (Limits.ConnRate a second, bursts of
// Limits.ConnBurst). A refused attempt spends nothing, and people who
// authenticate are never charged, however often they reconnect.
//
// An address that has spent its allowance is penalised, not locked out:
// its new connections take turns, one handshake at a time in the order
// they came, each with at most penaltyTurn to finish it, and at most
// Limits.PenaltyQueue waiting; further ones are refused. A flood from an address therefore costs one handshake at a
// time, and a registered person behind the same address (a council
// office behind one NAT) still gets in: their connection waits its turn
// behind the few flood connections ahead of it, then authenticates.

// sources tracks each address's allowance and, while it is penalised,
// its queue of connections waiting for their turn.
type sources struct {
	rate, burst float64
	queue       int
	max         int           // addresses remembered
	turnFor     time.Duration // how long a penalised connection may hold its turn

	mu sync.Mutex // guards m
	m  map[string]*source
}

type source struct {
	allowance bucket
	busy      bool            // a penalised connection has the turn
	waiting   []chan struct{} // penalised connections waiting, oldest first
}

func newSources(rate float64, burst, queue int) *sources {
	return &sources{rate: rate, burst: float64(burst), queue: queue, max: 65536, turnFor: penaltyTurn, m: map[string]*source{}}
}

// addrKey is the address a connection is counted under: its IP.
func addrKey(addr net.Addr) string {
	if t, ok := addr.(*net.TCPAddr); ok {
		return t.IP.String()
	}
	return addr.String()
}

// penaltyTurn is how long a penalised connection may hold its address's
// turn: a client that opens connections and then sends nothing cannot
// keep the people queued behind it waiting for the whole handshake
// timeout.
const penaltyTurn = 3 * time.Second

// turn is one connection's place: ready is closed once it may proceed.
type turn struct {
	s      *sources
	key    string
	ready  chan struct{}
	queued bool // it took (or waits for) its address's penalised turn

	once sync.Once
}

// hold is how long the connection may take over its handshake once its
// turn has come: unbounded for an address in good standing.
func (t *turn) hold() time.Duration {
	if t.queued {
		return t.s.turnFor
	}
	return 0
}

// admit returns the connection's turn, or nil to refuse it (the address
// is penalised and its queue is full). Refusing spends nothing.
func (s *sources) admit(addr net.Addr, now time.Time) *turn {
	key := addrKey(addr)
	s.mu.Lock()
	defer s.mu.Unlock()
	src, ok := s.m[key]
	if !ok {
		if len(s.m) >= s.max {
			s.pruneLocked(now)
		}
		src = &source{}
		s.m[key] = src
	}
	t := &turn{s: s, key: key, ready: make(chan struct{})}
	if src.allowance.level(now, s.rate, s.burst) >= 1 && !src.busy && len(src.waiting) == 0 {
		close(t.ready) // in good standing: no waiting
		return t
	}
	if src.busy && len(src.waiting) >= s.queue {
		return nil
	}
	t.queued = true
	if !src.busy {
		src.busy = true
		close(t.ready)
	} else {
		src.waiting = append(src.waiting, t.ready)
	}
	return t
}

// wait blocks until the connection's turn comes or deadline passes.
func (t *turn) wait(deadline time.Time) bool {
	select {
	case <-t.ready:
		return true
	default:
	}
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case <-t.ready:
		return true
	case <-timer.C:
		return false
	}
}

// done ends the connection's handshake: authenticated (a terminal
// started) costs nothing; anything else spends a token. A queued turn
// passes to the next connection waiting. Only the first call counts.
func (t *turn) done(authenticated bool, now time.Time) {
	t.once.Do(func() {
		s := t.s
		s.mu.Lock()
		defer s.mu.Unlock()
		src, ok := s.m[t.key]
		if !ok {
			return
		}
		if !authenticated {
			src.allowance.level(now, s.rate, s.burst)
			src.allowance.tokens = max(src.allowance.tokens-1, -s.burst)
		}
		if !t.queued {
			return
		}
		select {
		case <-t.ready:
		default:
			// Gave up waiting: leave the queue.
			for i, w := range src.waiting {
				if w == t.ready {
					src.waiting = append(src.waiting[:i], src.waiting[i+1:]...)
					break
				}
			}
			return
		}
		if len(src.waiting) > 0 {
			close(src.waiting[0])
			src.waiting = src.waiting[1:]
		} else {
			src.busy = false
		}
	})
}

// pruneLocked forgets addresses in good standing with nothing waiting: a
// new entry would start the same. If that frees nothing (a flood from
// many addresses), idle entries are dropped regardless.
func (s *sources) pruneLocked(now time.Time) {
	for k, src := range s.m {
		if !src.busy && src.allowance.level(now, s.rate, s.burst) >= s.burst {
			delete(s.m, k)
		}
	}
	if len(s.m) >= s.max {
		for k, src := range s.m {
			if !src.busy {
				delete(s.m, k)
			}
		}
	}
}
