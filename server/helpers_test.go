package server

import (
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"charm.land/log/v2"
	gossh "golang.org/x/crypto/ssh"

	"confer/server/servertest"
	"confer/session"
	"confer/session/sessiontest"
	"confer/session/store"
	"confer/tui"
)

// env is a running server over a real store, with people and keys.
type env struct {
	t        *testing.T
	svc      *session.Service
	srv      *Server
	addr     string
	dir      string
	people   string
	keys     map[string]gossh.Signer // person ID -> key
	actors   map[string]session.Actor
	served   chan error
	mu       sync.Mutex
	resolved []tui.Options
	clock    time.Time // zero means real time
	logBuf   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  []byte
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.b = append(s.b, p...)
	return len(p), nil
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return string(s.b)
}

// testPeople are the people every env knows.
var testPeople = []Person{
	{ID: "chair", Name: "Alex Chair", Agency: "Children's Social Care", Profession: "Independent chair", MayChair: true},
	{ID: "minutes", Name: "Morgan Minutes", Agency: "Children's Social Care", Profession: "Conference administrator"},
	{ID: "viewer1", Name: "Vic Viewer", Agency: "Health", Profession: "GP"},
	{ID: "viewer2", Name: "Val Viewer", Agency: "Police", Profession: "Officer"},
}

// newEnv starts a server; configure may change the config and server
// before it serves.
func newEnv(t *testing.T, people []Person, configure func(*Config), serverHook func(*Server)) *env {
	t.Helper()
	dir := t.TempDir()
	e := &env{t: t, dir: dir, keys: map[string]gossh.Signer{}, actors: map[string]session.Actor{}, logBuf: &syncBuffer{}}
	var list []Person
	for _, p := range people {
		k := servertest.NewKey()
		e.keys[p.ID] = k
		p.Keys = []string{servertest.AuthorizedKey(k)}
		list = append(list, p)
		e.actors[p.ID] = session.Actor{ID: p.ID, Name: p.Name, Agency: p.Agency, MayChair: p.MayChair, Admin: p.Admin,
			Fingerprint: gossh.FingerprintSHA256(k.PublicKey())}
	}
	e.people = filepath.Join(dir, "people.json")
	if len(list) > 0 {
		data, err := json.MarshalIndent(list, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(e.people, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	j, err := store.Open(filepath.Join(dir, "confer.db"), sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	e.svc = svc
	cfg := Config{
		HostKeyPath: filepath.Join(dir, "keys", "host_ed25519"),
		PeoplePath:  e.people,
		RecordsDir:  filepath.Join(dir, "records"),
		Service:     svc,
		Logger:      log.NewWithOptions(e.logBuf, log.Options{Level: log.DebugLevel}),
		Limits:      Limits{ConnRate: 1000, ConnBurst: 1000},
	}
	cfg.Now = e.now
	var srv *Server
	if configure != nil {
		configure(&cfg)
	}
	srv, err = New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	srv.onSession = func(o tui.Options) {
		e.mu.Lock()
		e.resolved = append(e.resolved, o)
		e.mu.Unlock()
	}
	if serverHook != nil {
		serverHook(srv)
	}
	e.srv = srv
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	e.addr = l.Addr().String()
	e.served = make(chan error, 1)
	go func() { e.served <- srv.Serve(l) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			t.Errorf("Shutdown: %v", err)
		}
		if err := <-e.served; err != nil {
			t.Errorf("Serve returned %v, want nil after Shutdown", err)
		}
		if err := j.Close(); err != nil {
			t.Errorf("closing the journal: %v", err)
		}
	})
	return e
}

// dial connects as a person (by ID) or with a key of the caller's.
func (e *env) dial(key gossh.Signer, user string, o servertest.Options) (*servertest.Client, error) {
	o.User = user
	if o.Auth == nil {
		o.Auth = []gossh.AuthMethod{gossh.PublicKeys(key)}
	}
	return servertest.Dial(e.addr, o)
}

func (e *env) mustDial(id string) *servertest.Client {
	e.t.Helper()
	c, err := e.dial(e.keys[id], id, servertest.Options{})
	if err != nil {
		e.t.Fatalf("dial as %s: %v", id, err)
	}
	e.t.Cleanup(func() { c.Close() })
	return c
}

// resolvedOptions returns the app options of every terminal so far.
func (e *env) resolvedOptions() []tui.Options {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]tui.Options(nil), e.resolved...)
}

// now is the server's clock: real time, or the time set with setClock.
func (e *env) now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.clock.IsZero() {
		return time.Now()
	}
	return e.clock
}

func (e *env) setClock(t time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.clock = t
}

// conference creates a conference chaired by "chair" with the minute-taker
// and viewers added.
func (e *env) conference() *session.Hub {
	e.t.Helper()
	ctx := context.Background()
	h, err := e.svc.Create(ctx, e.actors["chair"], session.CreateConference{
		Type: session.Initial, Title: "Test family", Date: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC),
		Children: []session.Child{{Name: "Child A", DOB: time.Date(2020, 1, 2, 0, 0, 0, 0, time.UTC)}},
	})
	if err != nil {
		e.t.Fatalf("create conference: %v", err)
	}
	add := func(id string, role session.Role) {
		a := e.actors[id]
		err := h.Do(ctx, session.Command{By: e.actors["chair"], Op: session.AddAttendee{
			PersonID: id, Name: a.Name, Agency: a.Agency, Role: role, Attendance: session.Present, Remote: true}})
		if err != nil {
			e.t.Fatalf("add %s: %v", id, err)
		}
	}
	for id, role := range map[string]session.Role{"minutes": session.RoleMinuteTaker, "viewer1": session.RoleViewer, "viewer2": session.RoleViewer} {
		if _, ok := e.actors[id]; ok {
			add(id, role)
		}
	}
	return h
}

func waitCtx(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}
