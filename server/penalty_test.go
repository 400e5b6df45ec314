package server

import (
	"net"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"confer/server/servertest"
)

var office = &net.TCPAddr{IP: net.IPv4(192, 0, 2, 7), Port: 40000}

// Refused attempts spend nothing, and connections that authenticate are
// never charged: only failures penalise an address.
func TestSourcesChargeOnlyFailures(t *testing.T) {
	now := time.Unix(1000, 0)
	s := newSources(1, 3, 2)
	for range 50 { // a person reconnecting again and again
		tk := s.admit(office, now)
		if tk == nil || !tk.wait(now) || tk.queued {
			t.Fatal("an address whose connections authenticate was held back")
		}
		tk.done(true, now)
	}
	for range 3 { // three failures spend the burst
		s.admit(office, now).done(false, now)
	}
	first := s.admit(office, now)
	if first == nil || !first.queued {
		t.Fatal("after its burst of failures the address is not penalised")
	}
	var queued []*turn
	for range 2 {
		tk := s.admit(office, now)
		if tk == nil {
			t.Fatal("refused while the queue had room")
		}
		queued = append(queued, tk)
	}
	for range 100 { // refused attempts: nil, and they spend nothing
		if s.admit(office, now) != nil {
			t.Fatal("admitted beyond the queue")
		}
	}
	if lvl := s.m[addrKey(office)].allowance.level(now, 1, 3); lvl < -0.01 {
		t.Fatalf("refused attempts spent the allowance: %.2f tokens", lvl)
	}
	// Turns pass in order: the first authenticates, the next may go.
	select {
	case <-queued[0].ready:
		t.Fatal("the second connection went before the first finished")
	default:
	}
	first.done(true, now)
	if !queued[0].wait(now.Add(time.Second)) {
		t.Fatal("the next connection did not get its turn")
	}
	// After the allowance refills, no more waiting.
	queued[0].done(true, now)
	queued[1].done(true, now)
	if tk := s.admit(office, now.Add(10*time.Second)); tk == nil || tk.queued {
		t.Fatal("the address stayed penalised after its allowance refilled")
	}
}

// While a client floods an address with failing connections, a registered
// person from the same address still connects.
func TestPersonConnectsDuringFloodFromSameAddress(t *testing.T) {
	e := newEnv(t, testPeople, func(c *Config) {
		c.Limits.ConnRate, c.Limits.ConnBurst = 1, 5
	}, nil)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var failed atomic.Int64
	stranger := servertest.NewKey()
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				c, err := e.dial(stranger, "guess-a-code", servertest.Options{})
				if err == nil {
					c.Close()
					t.Error("an unknown key got in")
					return
				}
				failed.Add(1)
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()
	for failed.Load() < 50 {
		time.Sleep(10 * time.Millisecond)
	}
	for i := range 3 {
		c, err := e.dial(e.keys["chair"], "chair", servertest.Options{Auth: []gossh.AuthMethod{gossh.PublicKeys(e.keys["chair"])}})
		if err != nil {
			t.Fatalf("attempt %d: the registered person could not connect during the flood: %v", i+1, err)
		}
		if _, err := c.WaitFor(waitCtx(t, 15*time.Second), "conference"); err != nil {
			t.Fatal(err)
		}
		c.Close()
	}
	if n := failed.Load(); n < 50 {
		t.Fatalf("the flood made only %d attempts", n)
	}
}

// Connections that open and then send nothing cannot hold a penalised
// address's queue: each has a short while once its turn comes, and the
// registered person behind them gets in well within their ssh timeout.
func TestSilentConnectionsDoNotHoldThePenalisedQueue(t *testing.T) {
	e := newEnv(t, testPeople, func(c *Config) {
		c.Limits.ConnRate, c.Limits.ConnBurst = 0.01, 2
	}, func(s *Server) { s.sources.turnFor = 300 * time.Millisecond })
	for range 3 { // spend the allowance: the address is penalised
		if c, err := e.dial(servertest.NewKey(), "x", servertest.Options{}); err == nil {
			c.Close()
			t.Fatal("an unknown key got in")
		}
	}
	for range 4 { // silent connections, queued ahead of the person
		nc, err := net.Dial("tcp", e.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer nc.Close()
	}
	time.Sleep(50 * time.Millisecond) // let them take their places first
	c, err := e.dial(e.keys["chair"], "chair", servertest.Options{})
	if err != nil {
		t.Fatalf("the registered person could not get in behind silent connections: %v", err)
	}
	defer c.Close()
	if _, err := c.WaitFor(waitCtx(t, 15*time.Second), "conference"); err != nil {
		t.Fatal(err)
	}
}
