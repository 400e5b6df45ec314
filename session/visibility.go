package session

import (
	"slices"
)

// Veil records who may not see a record because of when it was written or
// last changed: every family viewer if that was during a closed segment,
// and each family member who was excluded at the time. It is stamped on
// the record by the event that wrote it (see [applyCtx.veil]), so the rule
// is decided once per event, whatever kind of record the event wrote.
type Veil struct {
	// Closed is set for what was recorded during a closed segment.
	Closed bool `json:"closed,omitempty"`
	// Excluded are the attendee IDs of family members who were excluded
	// when it was recorded.
	Excluded []string `json:"excluded,omitempty"`
}

// join returns the veil of a record changed by an event with veil o: it
// stays withheld from everyone it was withheld from, and from everyone who
// could not hear the change. The result never shares o's or v's slice.
func (v Veil) join(o Veil) Veil {
	out := Veil{Closed: v.Closed || o.Closed}
	if len(v.Excluded)+len(o.Excluded) > 0 {
		ex := slices.Concat(v.Excluded, o.Excluded)
		slices.Sort(ex)
		out.Excluded = slices.Compact(ex)
	}
	return out
}

// audience is who a view is for.
type audience struct {
	family bool
	// id is one family member's attendee ID, or "" for the family as a
	// whole (the shared family copy and the letter), who are shown only
	// what every family member may see.
	id string
}

// familyAll is the family as a whole.
var familyAll = audience{family: true}

// hides is the one rule of what a family member may see, by when it was
// recorded: nothing from a closed segment, and nothing from while they were
// excluded.
func (v Veil) hides(a audience) bool {
	if !a.family {
		return false
	}
	if v.Closed {
		return true
	}
	if len(v.Excluded) == 0 {
		return false
	}
	return a.id == "" || slices.Contains(v.Excluded, a.id)
}

// disclosure is what an op declares about what it writes. Every op kind
// must declare one (TestEveryKindDeclaresDisclosure); an op that does not
// is treated as recordsSpeech, the strictest.
type disclosure int

const (
	undeclared disclosure = iota
	// recordsSpeech: the op writes what was said in the room (board text,
	// scores, reasons, attendees, the core group...). What it writes is
	// veiled from whoever could not hear it when it was recorded.
	recordsSpeech
	// recordsNothingSaid: the op only moves the meeting along or hides
	// more (the agenda step, a reveal, a removal, a role, a restriction
	// mark); nothing it writes needs withholding.
	recordsNothingSaid
	// professionalsOnly: the op writes what no family view ever holds
	// (invites, guests and their keys, exclusions' grounds).
	professionalsOnly
)

// discloser is an op's declaration.
type discloser interface{ disclosure() disclosure }

// disclosureOf returns op's declaration, or recordsSpeech if it has none.
func disclosureOf(op Op) disclosure {
	if d, ok := op.(discloser); ok && d.disclosure() != undeclared {
		return d.disclosure()
	}
	return recordsSpeech
}

// veilNow is the veil for what an event records now: closed while a closed
// segment is in progress, and naming every family member excluded now.
func (c *Conference) veilNow() Veil {
	v := Veil{Closed: c.InClosedSegment()}
	for _, e := range c.Exclusions {
		if e.Ended.IsZero() {
			v.Excluded = append(v.Excluded, e.AttendeeID)
		}
	}
	if len(v.Excluded) > 1 {
		slices.Sort(v.Excluded)
	}
	return v
}
