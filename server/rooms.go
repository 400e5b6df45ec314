package server

import (
	"context"
	"errors"
	"time"

	"confer/session"
	"confer/tui"
)

// The wrappers below name the interface they wrap as a field and spell
// out every method, including the optional ones tui looks for with a
// type assertion (Waiting): embedding the interface would hide those, and
// did (a waiting guest who reconnected was told their key was unknown).
// TestWrappersKeepEveryMethod checks that nothing the service offers is
// lost.

// conferences wraps the service the app sees, to count terminals per
// conference and log joins, leaves and role changes.
type conferences struct {
	inner tui.Conferences
	s     *Server
	t     *terminal
	actor session.Actor
}

// waiter is the optional method tui uses to find where a reconnecting
// guest waits.
type waiter interface {
	Waiting(fingerprint string) (tui.Room, bool)
}

var (
	_ tui.Conferences = (*conferences)(nil)
	_ waiter          = (*conferences)(nil)
	_ tui.Room        = (*room)(nil)
)

func (c *conferences) wrap(r tui.Room) tui.Room {
	if r == nil {
		return nil
	}
	return &room{inner: r, s: c.s, t: c.t, actor: c.actor}
}

func (c *conferences) For(a session.Actor) []session.Membership { return c.inner.For(a) }

func (c *conferences) Now() time.Time { return c.inner.Now() }

func (c *conferences) Room(id string) (tui.Room, bool) {
	r, ok := c.inner.Room(id)
	if !ok {
		return nil, false
	}
	return c.wrap(r), true
}

func (c *conferences) Create(ctx context.Context, by session.Actor, op session.CreateConference) (tui.Room, error) {
	r, err := c.inner.Create(ctx, by, op)
	if err != nil {
		c.logCreateFailure(ctx, by, err)
		return nil, err
	}
	c.s.log.Info("conference created", "conference", r.ID(), "person", by.ID, "fp", by.Fingerprint)
	return c.wrap(r), nil
}

func (c *conferences) FindInvite(code string) (tui.Room, bool) {
	r, ok := c.inner.FindInvite(code)
	if !ok {
		return nil, false
	}
	return c.wrap(r), true
}

// Waiting finds the conference where a guest with this key waits, if the
// wrapped service can.
func (c *conferences) Waiting(fingerprint string) (tui.Room, bool) {
	w, ok := c.inner.(waiter)
	if !ok {
		return nil, false
	}
	r, ok := w.Waiting(fingerprint)
	if !ok {
		return nil, false
	}
	return c.wrap(r), true
}

// room wraps one conference a terminal opened.
type room struct {
	inner tui.Room
	s     *Server
	t     *terminal
	actor session.Actor
}

func (r *room) ID() string { return r.inner.ID() }

func (r *room) Snapshot() session.Snapshot { return r.inner.Snapshot() }

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
	return r.inner.Subscribe(ctx)
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
	r.inner.Attach(ctx, attendeeID)
}

// Do logs role changes, refusals and failures by kind only: never their
// content (see failures.go).
func (r *room) Do(ctx context.Context, cmd session.Command) error {
	err := r.inner.Do(ctx, cmd)
	kind := ""
	if cmd.Op != nil {
		kind = cmd.Op.Kind()
	}
	switch {
	case errors.Is(err, session.ErrNotPermitted):
		r.s.log.Info("command refused", "conference", r.ID(), "kind", kind, "person", cmd.By.ID, "fp", cmd.By.Fingerprint)
	case err != nil:
		r.logFailure(ctx, cmd, kind, err)
	default:
		switch cmd.Op.(type) {
		case session.SetRole, session.HandOverChair, session.AdmitGuest, session.TurnAwayGuest, session.EndConference,
			session.StartClosedSegment, session.EndClosedSegment, session.AcceptConfidentiality:
			r.s.log.Info("change", "conference", r.ID(), "kind", kind, "person", cmd.By.ID, "fp", cmd.By.Fingerprint)
		}
	}
	return err
}
