// Package linear is confer's linear mode, for people who use a screen
// reader or a braille display. It draws no screen: it uses no alternate
// screen, no cursor addressing and no colour, and only ever appends plain
// lines. Each change to the conference is announced once, as a sentence,
// by comparing the snapshot this person saw last with the one they may see
// now; the board, the people present and the open question are read out on
// demand as numbered lists; actions use the same keys as the full-screen
// app, and forms ask one field per line.
//
// It reads the conference only through the small interfaces below and only
// ever keeps the snapshot the session filters for this person (see
// viewFor), so roles, sealed scores, restricted text, closed segments and
// exclusions apply exactly as they do on the full screen. It knows nothing
// of SSH: the server hands it the client's bytes and its output.
package linear

import (
	"context"
	"time"

	"confer/session"
)

// Room is what one linear terminal needs from a live conference.
type Room interface {
	ID() string
	Snapshot() session.Snapshot
	Do(ctx context.Context, cmd session.Command) error
	Subscribe(ctx context.Context) <-chan session.Version
	Attach(ctx context.Context, attendeeID string)
}

var _ Room = (*session.Hub)(nil)

// Conferences is what the linear lobby needs from the service.
type Conferences interface {
	For(a session.Actor) []session.Membership
	Room(id string) (Room, bool)
	FindInvite(code string) (Room, bool)
	Create(ctx context.Context, by session.Actor, op session.CreateConference) (Room, error)
}

// Options is everything one linear terminal needs, resolved by the server
// from the authenticated SSH session.
type Options struct {
	// Actor is who this terminal is, from the key the client actually
	// authenticated with. For an unknown key arriving with an invite code,
	// ID is empty and Fingerprint is set.
	Actor       session.Actor
	Conferences Conferences
	// Claim, when set, is the first-run chair invite: the terminal asks
	// for a name and agency and calls it to register this key as a chair.
	Claim func(name, agency string) (session.Actor, error)
	// People lists the known people a chair can add to a conference; may
	// be nil.
	People func() []session.Actor
	// Invite is the conference invite code the client gave as its SSH user
	// name, if any.
	Invite string
	// RecordsDir is where exported records are written (mode 0600).
	RecordsDir string
	// Export writes the three records of a snapshot into dir and returns
	// the files written (export.WriteAll, wired in by cmd). If nil,
	// exporting is refused with a sentence.
	Export func(dir string, s session.Snapshot) ([]string, error)
	// Remember, if set, records this person's choice of mode ("linear" or
	// "full") for their next connection.
	Remember func(mode string) error
	// Now is the clock; time.Now if nil.
	Now func() time.Time
}
