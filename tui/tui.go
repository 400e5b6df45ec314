// Package tui is the Bubble Tea app one SSH client sees: the lobby, the
// confidentiality gate and the live whiteboard of one conference. It talks
// to conferences only through the small interfaces below and knows nothing
// of SSH; the server package wires it to each session.
//
// The room holds: the root model and its named parts (model.go: the room
// state that leaving resets, the board view, the status line), its update
// loop (update.go, keyroute.go, room.go), keys enabled from session's
// permissions (keys.go), safe typing (guard.go), the screens and board
// drawing (screens.go, board.go, panes.go, entries.go, panels.go,
// view.go), forms with named fields (form.go, board_forms.go,
// round_forms.go, people_keys.go), looks and palettes (palette.go,
// styles.go, look.go), the lobby's watch (lobby.go) and the frame cache
// shared between clients (frames.go). Who may do what and what a family
// member may see are session's rules; tui only asks.
package tui

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// Room is what one terminal needs from a live conference.
type Room interface {
	ID() string
	Snapshot() session.Snapshot
	Do(ctx context.Context, cmd session.Command) error
	Subscribe(ctx context.Context) <-chan session.Version
	Attach(ctx context.Context, attendeeID string)
}

var _ Room = (*session.Hub)(nil)

// Conferences is what the lobby needs from the service.
type Conferences interface {
	For(a session.Actor) []session.Membership
	Room(id string) (Room, bool)
	Create(ctx context.Context, by session.Actor, op session.CreateConference) (Room, error)
	FindInvite(code string) (Room, bool)
	Now() time.Time
}

// FromService adapts a session.Service to Conferences.
func FromService(s *session.Service) Conferences { return service{s} }

type service struct{ s *session.Service }

func (v service) For(a session.Actor) []session.Membership { return v.s.For(a) }
func (v service) Now() time.Time                           { return v.s.Now() }

func (v service) Room(id string) (Room, bool) {
	h, ok := v.s.Hub(id)
	return h, ok
}

func (v service) Create(ctx context.Context, by session.Actor, op session.CreateConference) (Room, error) {
	h, err := v.s.Create(ctx, by, op)
	if err != nil {
		return nil, err
	}
	return h, nil
}

func (v service) FindInvite(code string) (Room, bool) {
	h, ok := v.s.FindInvite(code)
	return h, ok
}

// Options is everything one client's app needs, resolved by the server
// from the authenticated SSH session.
type Options struct {
	// Ctx ends when the SSH session ends; subscriptions and presence are
	// tied to it.
	Ctx context.Context
	// Actor is who this terminal is, from the key the client actually
	// authenticated with. For an unknown key arriving with an invite code,
	// ID is empty and Fingerprint is set.
	Actor       session.Actor
	Conferences Conferences
	// People lists the known people a chair can add to a conference.
	People func() []session.Actor
	// Invite is the conference invite code the client gave as its SSH user
	// name, if any.
	Invite string
	// Claim, when set, is the first-run chair invite: the app asks for a
	// name and agency and calls it to register this key as a chair.
	Claim func(name, agency string) (session.Actor, error)
	// RecordsDir is where exported records are written (mode 0600).
	RecordsDir string
	// Frames shares rendered frames between clients with identical views.
	// May be nil.
	Frames *FrameCache
	// Width and Height are the initial terminal size from the PTY request.
	Width, Height int
	// Export writes the three records of a snapshot into dir and returns
	// the files written (export.WriteAll, wired in by cmd: tui does not
	// import export). If nil, exporting is refused with a message.
	Export func(dir string, s session.Snapshot) ([]string, error)
	// Now is the clock; time.Now if nil.
	Now func() time.Time
	// InviteCommand, if set, is the exact ssh command a guest types to
	// connect with an invite code (the server knows its host and port).
	InviteCommand func(code string) string
	// Looks, if set, keeps this person's display choice (ctrl+t) between
	// connections; without it the choice lasts while the server runs.
	Looks LookStore
}

// New returns the root model for one client.
func New(o Options) tea.Model {
	return newModel(o)
}

// guestFinder is implemented by Conferences that can find the conference
// where a key is waiting to be admitted, so a guest who reconnects without
// the (already spent) code still reaches the waiting screen.
type guestFinder interface {
	Waiting(fingerprint string) (Room, bool)
}

// Waiting returns the conference where a guest with this key fingerprint is
// waiting to be admitted.
func (v service) Waiting(fingerprint string) (Room, bool) {
	if fingerprint == "" {
		return nil, false
	}
	for _, h := range v.s.Hubs() {
		if g, ok := h.Snapshot().GuestFor(fingerprint); ok && g.Status == session.GuestWaiting {
			return h, true
		}
	}
	return nil, false
}
