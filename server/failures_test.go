package server

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/log/v2"

	"confer/session"
	"confer/session/sessiontest"
	"confer/tui"
)

// secretText is typed in the tests below; it must never reach the log.
const secretText = "Dad shouted at the school gate"

// quotingError is an internal error whose text quotes what was typed, as
// an encoder's error may.
type quotingError struct{ value string }

func (e quotingError) Error() string { return fmt.Sprintf("cannot encode %q", e.value) }

// failingConferences is the service with every item.add failing with an
// error that quotes the item's text.
type failingConferences struct{ tui.Conferences }

func (f failingConferences) Room(id string) (tui.Room, bool) {
	r, ok := f.Conferences.Room(id)
	if !ok {
		return nil, false
	}
	return failingRoom{r}, true
}

type failingRoom struct{ tui.Room }

func (f failingRoom) Do(ctx context.Context, cmd session.Command) error {
	if add, ok := cmd.Op.(session.AddItem); ok {
		return fmt.Errorf("item.add: %w", quotingError{add.Text})
	}
	return f.Room.Do(ctx, cmd)
}

// A command that fails for an internal reason is logged with the
// conference, the person, the op's kind and the error's types, and none of
// what was typed; the person reads the plain sentence.
func TestInternalFailureIsLoggedWithoutText(t *testing.T) {
	e := newEnv(t, testPeople, nil, func(s *Server) {
		s.newModel = func(o tui.Options) tea.Model {
			c := o.Conferences.(*conferences)
			c.inner = failingConferences{c.inner}
			return tui.New(o)
		}
	})
	h := e.conference()
	c := e.mustDial("chair")
	ctx := waitCtx(t, 30*time.Second)
	if _, err := c.WaitFor(ctx, "Confidentiality"); err != nil {
		t.Fatal(err)
	}
	if err := c.Send("y"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitFor(ctx, "Agenda"); err != nil {
		t.Fatal(err)
	}
	if err := c.Send("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitFor(ctx, "Add to"); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(secretText + "\r"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.WaitFor(ctx, session.SomethingWentWrong); err != nil {
		t.Fatalf("the person was not told: %v", err)
	}
	logged := e.logBuf.String()
	var line string
	for _, l := range strings.Split(logged, "\n") {
		if strings.Contains(l, "command failed") {
			line = l
		}
	}
	for _, want := range []string{"conference=" + h.ID(), "person=chair", "kind=item.add", "*fmt.wrapError > server.quotingError"} {
		if !strings.Contains(line, want) {
			t.Errorf("the failure's log line lacks %q: %q", want, line)
		}
	}
	if strings.Contains(logged, "school gate") {
		t.Errorf("the log holds what was typed:\n%s", logged)
	}
}

// failingJournal is an in-memory journal whose appends fail once fail is
// set, as a full disk's would.
type failingJournal struct {
	*sessiontest.Journal
	fail atomic.Bool
}

var errDiskFull = errors.New("journal test: no space left on device")

func (j *failingJournal) Append(conf string, seq uint64, data []byte) <-chan error {
	if j.fail.Load() {
		done := make(chan error, 1)
		done <- fmt.Errorf("store: commit failed: %w", errDiskFull)
		return done
	}
	return j.Journal.Append(conf, seq, data)
}

// A change the journal could not save is logged with the journal's own
// error (which holds no typed text), and the command's text stays out.
func TestJournalFailureIsLoggedWithItsCause(t *testing.T) {
	j := &failingJournal{Journal: sessiontest.NewJournal()}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	chair := session.Actor{ID: "chair", Name: "Alex Chair", MayChair: true, Fingerprint: "SHA256:chair"}
	ctx := context.Background()
	h, err := svc.Create(ctx, chair, session.CreateConference{Type: session.Initial, Title: "Test family",
		Date: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Children: []session.Child{{Name: "Child A"}}})
	if err != nil {
		t.Fatal(err)
	}
	var buf syncBuffer
	s := &Server{log: log.NewWithOptions(&buf, log.Options{Level: log.DebugLevel})}
	r := &room{inner: h, s: s, actor: chair}
	j.fail.Store(true)
	err = r.Do(ctx, session.Command{By: chair, Op: session.AddItem{Section: session.Worries, Text: secretText}})
	if err == nil {
		t.Fatal("the journal failed and the command succeeded")
	}
	if got := session.ErrorMessage(err); strings.Contains(got, "school gate") || got == "" {
		t.Errorf("the person reads %q", got)
	}
	logged := buf.String()
	for _, want := range []string{"journal failed", "conference=" + h.ID(), "person=chair", "kind=item.add", errDiskFull.Error()} {
		if !strings.Contains(logged, want) {
			t.Errorf("the log lacks %q:\n%s", want, logged)
		}
	}
	if strings.Contains(logged, "school gate") {
		t.Errorf("the log holds what was typed:\n%s", logged)
	}
}

func (f failingConferences) Create(ctx context.Context, by session.Actor, op session.CreateConference) (tui.Room, error) {
	return nil, fmt.Errorf("create: %w", quotingError{op.Title})
}

// Creating a conference that fails for an internal reason is logged the
// same way, without the title typed.
func TestInternalCreateFailureIsLoggedWithoutText(t *testing.T) {
	var buf syncBuffer
	s := &Server{log: log.NewWithOptions(&buf, log.Options{Level: log.DebugLevel})}
	chair := session.Actor{ID: "chair", Fingerprint: "SHA256:chair"}
	c := &conferences{inner: failingConferences{}, s: s, actor: chair}
	_, err := c.Create(context.Background(), chair, session.CreateConference{Title: secretText})
	if got := session.ErrorMessage(err); got != session.SomethingWentWrong {
		t.Errorf("the person reads %q", got)
	}
	logged := buf.String()
	for _, want := range []string{"command failed", "person=chair", "kind=conference.create", "server.quotingError"} {
		if !strings.Contains(logged, want) {
			t.Errorf("the log lacks %q:\n%s", want, logged)
		}
	}
	if strings.Contains(logged, "school gate") {
		t.Errorf("the log holds what was typed:\n%s", logged)
	}
}

// errorShape names types and sentinels, never the text.
func TestErrorShapeHasNoText(t *testing.T) {
	err := errors.Join(fmt.Errorf("wrapped %q: %w", secretText, context.Canceled), quotingError{secretText})
	types, matches := errorShape(err)
	if want := "*errors.joinError > *fmt.wrapError > *errors.errorString > server.quotingError"; types != want {
		t.Errorf("types = %q, want %q", types, want)
	}
	if matches != context.Canceled.Error() {
		t.Errorf("matches = %q", matches)
	}
	if strings.Contains(types+matches, "gate") {
		t.Error("the shape holds the text")
	}
}
