package server

import (
	"context"
	"errors"
	"time"

	"confer/session"
	"confer/tui"
)

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
