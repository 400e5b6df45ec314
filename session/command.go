package session

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Command is one request to change a conference: an operation and the actor
// who asked for it.
type Command struct {
	By Actor
	Op Op
}

// Op is one typed operation on a conference. The set is closed: only this
// package defines ops, so every change goes through a role check.
type Op interface {
	// Kind names the op in the journal and the audit trail.
	Kind() string
	// check refuses the op for this actor and state, or returns it
	// normalised (text cleaned, defaults filled) ready to record.
	check(c *Conference, x *checkCtx) (Op, error)
	// apply folds an accepted op into c and returns the audit summary.
	// It runs on live changes and on replay, so it must be deterministic
	// and use only the op, the event and c.
	apply(c *Conference, x *applyCtx) string
}

// checkCtx is what check may consult beyond the conference.
type checkCtx struct {
	by             Actor
	role           Role
	self           Attendee // the actor's attendee record, if any
	now            time.Time
	chairConnected bool
}

// applyCtx is what apply may consult: the event being applied, and whether
// the conference is private to the caller (replay), so slices may be
// changed in place instead of copied.
type applyCtx struct {
	e       *Event
	inPlace bool
	// veil is who may not see what this event records; every record the
	// op writes or changes carries it (see [Veil]). It is zero for ops
	// that record nothing said in the room.
	veil Veil
}

// HashCode returns the hash under which an invite code is kept. Codes are
// compared case-insensitively with spaces and dashes ignored, since people
// read them aloud and type them.
func HashCode(code string) string {
	norm := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(code))
	sum := sha256.Sum256([]byte("confer-invite:" + norm))
	return hex.EncodeToString(sum[:])
}

// onBehalf decides who a score, recommendation or dissent belongs to. Anyone
// admitted may speak for themselves; the chair and minute-taker may record
// for someone in the room (not joined remotely).
// It is the one place acting "on behalf of" someone is decided.
func onBehalf(c *Conference, x *checkCtx, attendeeID string, p Permission) (recordedBy string, err error) {
	if attendeeID == "" || attendeeID == x.self.ID {
		return "", permit(x, p)
	}
	if err := permit(x, PermRecordForOthers); err != nil {
		return "", err
	}
	a, ok := c.Attendee(attendeeID)
	if !ok || a.Removed {
		return "", refuse(ErrNotFound, "no attendee %q", attendeeID)
	}
	if a.Remote {
		return "", refuse(ErrNotPermitted, "%s joined remotely and gives their own answer", a.Name)
	}
	return x.self.ID, nil
}

// norm drops the monotonic reading and location so a time survives the
// journal's JSON unchanged and replay equals live state.
func norm(t time.Time) time.Time { return t.Round(0).UTC() }

func newID(c *Conference, prefix string) string {
	c.NextID++
	return prefix + strconv.Itoa(c.NextID)
}

// newPersonID returns a fresh ID for an attendee or guest that no attendee
// or guest already has. Known people keep their people-file ID as attendee
// ID, and that ID may look like a generated one ("p3"), so a plain counter
// could hand out a duplicate.
func newPersonID(c *Conference, prefix string) string {
	for {
		id := newID(c, prefix)
		if attendeeIndex(c, id) < 0 && indexOf(c.Guests, func(g Guest) bool { return g.ID == id }) < 0 {
			return id
		}
	}
}

// validID reports whether s is usable as a conference ID: short, and only
// letters, digits, '-' and '_', since it names a journal bucket and appears
// in file names and on screens.
func validID(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// familyBarred refuses a family viewer's own answer while a closed segment
// is in progress: the family is out of the room then and sees nothing of it.
func familyBarred(c *Conference, x *checkCtx, p Permission) error {
	if x.role == RoleFamily && c.InClosedSegment() {
		return refuse(ErrNotPermitted, "you cannot %s while a closed segment is in progress", p)
	}
	if x.role == RoleFamily && c.ExcludedNow(x.self.ID) {
		return refuse(ErrNotPermitted, "you cannot %s while you are asked to leave the conference", p)
	}
	return nil
}

// mutable returns s ready to be changed in place: a copy unless the
// conference is private to the caller. Snapshots share backing arrays, so
// an element is never written in a published slice; appends are fine
// because a published snapshot never reads past its own length.
func mutable[T any](x *applyCtx, s []T) []T {
	if x.inPlace {
		return s
	}
	return slices.Clone(s)
}

func indexOf[T any](s []T, match func(T) bool) int {
	for i, v := range s {
		if match(v) {
			return i
		}
	}
	return -1
}

func attendeeIndex(c *Conference, id string) int {
	return indexOf(c.Attendees, func(a Attendee) bool { return a.ID == id })
}

func itemIndex(c *Conference, id string) int {
	return indexOf(c.Items, func(it Item) bool { return it.ID == id })
}

func roundIndex(c *Conference, id string) int {
	return indexOf(c.Rounds, func(r ScalingRound) bool { return r.ID == id })
}

func actionIndex(c *Conference, id string) int {
	return indexOf(c.Actions, func(a Action) bool { return a.ID == id })
}

func checkChild(c *Conference, id string, required bool) error {
	if id == "" {
		if required {
			return refuse(ErrInvalid, "choose a child")
		}
		return nil
	}
	if _, ok := c.Child(id); !ok {
		return refuse(ErrNotFound, "no child %q in this conference", id)
	}
	return nil
}

// mayRestrict refuses a restricted mark from someone who may not set one.
func mayRestrict(x *checkCtx, restricted bool) error {
	if !restricted {
		return nil
	}
	return permit(x, PermRestrictText)
}
