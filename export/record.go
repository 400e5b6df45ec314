package export

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"confer/session"
)

// Errors the encoders return.
var (
	// ErrNoConference is returned for a snapshot that holds no conference.
	ErrNoConference = errors.New("export: the snapshot holds no conference")
	// ErrBadID is returned when a conference ID cannot safely name a file.
	ErrBadID = errors.New("export: unusable conference ID")
)

// Full writes the full conference record.
func Full(w io.Writer, s session.Snapshot) error {
	if s.Conference == nil {
		return ErrNoConference
	}
	r := &record{s: s, c: s.Conference}
	r.write()
	return flush(w, &r.d)
}

// Family writes the family copy for the family as a whole: whatever
// session's family view leaves out (restricted text, closed segments, what
// was recorded while any family member was excluded) is withheld, with a
// visible "withheld" line where a section had such content.
func Family(w io.Writer, s session.Snapshot) error {
	if s.Conference == nil {
		return ErrNoConference
	}
	return familyCopy(w, s.FamilyView())
}

// FamilyFor writes one family member's own family copy: as [Family], except
// that what was recorded while another family member was excluded is
// theirs to read. [session.Snapshot.FamilyCopies] says who needs one.
func FamilyFor(w io.Writer, s session.Snapshot, attendeeID string) error {
	if s.Conference == nil {
		return ErrNoConference
	}
	return familyCopy(w, s.FamilyViewFor(attendeeID))
}

// familyCopy writes the family copy of a family view.
func familyCopy(w io.Writer, fv session.Snapshot) error {
	r := &record{s: fv, c: fv.Conference, family: true}
	r.write()
	return flush(w, &r.d)
}

func flush(w io.Writer, d *doc) error {
	if _, err := io.WriteString(w, d.String()); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// record renders the full record or the family copy; they share one
// structure so a family member and a professional can talk about the same
// section.
type record struct {
	s      session.Snapshot
	c      *session.Conference
	family bool
	// names caches personName.
	names map[string]string
	d     doc
}

func (r *record) write() {
	// Room for a typical record up front, so a long one is not copied
	// over and over as it grows.
	scores := 0
	for _, rd := range r.c.Rounds {
		scores += len(rd.Scores)
	}
	r.d.Grow(8<<10 + 200*len(r.c.Items) + 80*len(r.c.Audit) + 100*scores + 120*len(r.c.Actions))
	r.header()
	if r.family {
		r.plainPage()
	}
	r.attendance()
	r.quorum()
	r.confidentiality()
	r.reports()
	r.caseContext()
	r.agenda()
	r.stepNotes()
	r.board()
	r.scaling()
	r.summary()
	r.recommendations()
	r.decisions()
	r.dissent()
	r.plan()
	r.coreGroup()
	r.nextDates()
	r.segments()
	r.exclusions()
	r.distribution()
	r.amendments()
	r.audit()
	if r.family {
		wordsWeUse(&r.d, r.d.String())
		howToComplain(&r.d, r.c)
	}
}

// withheld writes the family copy's line for a section that lost content.
func (r *record) withheld(n int) {
	if r.family && n > 0 {
		r.d.note("Some information in this section has been withheld from the family copy.")
	}
}

// marks returns the full record's markers for restricted and closed content.
func (r *record) marks(restricted, closed bool) string {
	if r.family {
		return ""
	}
	var m string
	if restricted {
		m += " **\\[restricted\\]**"
	}
	if closed {
		m += " **\\[closed segment\\]**"
	}
	return m
}

// person names an attendee with their agency, escaped.
func (r *record) person(id string) string {
	a, ok := r.c.Attendee(id)
	if !ok {
		return escapeLine(id)
	}
	return nameAgency(a)
}

func nameAgency(a session.Attendee) string {
	if a.Agency == "" {
		return escapeLine(a.Name)
	}
	return escapeLine(a.Name) + ", " + escapeLine(a.Agency)
}

func (r *record) child(id string) string {
	if id == "" {
		return "All children"
	}
	if ch, ok := r.c.Child(id); ok {
		return escapeLine(ch.Name)
	}
	return escapeLine(id)
}

func (r *record) manyChildren() bool { return len(r.c.Children) > 1 }

func (r *record) at(t time.Time) string { return at(t, r.c.Date) }

func (r *record) header() {
	c := r.c
	r.d.h(1, escapeLine(c.Type.String()))
	if r.family {
		r.d.p("**Family copy.** This copy leaves out information the conference agreed should not be " +
			"shared with the family. Where something was left out, the record says so.")
	} else {
		r.d.p("**Full record. Confidential.** For the professionals on the distribution list only. " +
			"The family receives the family copy.")
	}
	if c.Title != "" {
		r.d.li("**Conference:** " + escapeLine(c.Title))
	}
	kids := make([]string, len(c.Children))
	for i, ch := range c.Children {
		born := "date of birth not recorded"
		switch {
		case !ch.DOB.IsZero():
			born = "born " + plainDay(ch.DOB)
		case !ch.Due.IsZero():
			born = "unborn, expected " + plainDay(ch.Due)
		case c.Type == session.PreBirth:
			born = "unborn"
		}
		kids[i] = escapeLine(ch.Name) + " (" + born + ")"
	}
	r.d.li("**Children:** " + strings.Join(kids, "; "))
	r.d.li("**Date:** " + day(c.Date))
	r.d.li("**Time:** " + r.times())
	if c.Venue != "" {
		r.d.li("**Venue:** " + escapeLine(c.Venue))
	}
	if ch, ok := c.Chair(); ok {
		r.d.li("**Chair:** " + nameAgency(ch))
	}
	if mt, ok := c.MinuteTaker(); ok {
		r.d.li("**Minute-taker:** " + nameAgency(mt))
	} else {
		r.d.li("**Minute-taker:** none recorded")
	}
	if p := c.Previous; p != nil && !p.Date.IsZero() {
		r.d.li("**Previous conference:** " + day(p.Date))
	}
	r.d.li("**Reference:** " + escapeLine(c.ID))
	r.d.li("**Record:** " + versionLine(c))
	r.d.endList()
}

func (r *record) times() string {
	c := r.c
	switch {
	case c.Started.IsZero():
		return "not started (scheduled for " + clock(c.Date) + ")"
	case c.Ended.IsZero():
		return "started " + r.at(c.Started) + "; still in progress when this record was made"
	}
	return r.at(c.Started) + " to " + r.at(c.Ended)
}

// actorName names the actor of an audit entry: the attendee with that ID,
// or (for a guest, whose actor ID is not their attendee ID) the name the
// actor carried.
func (r *record) actorName(e session.AuditEntry) string {
	if a, ok := r.c.Attendee(e.ActorID); ok {
		return escapeLine(a.Name)
	}
	return escapeLine(e.Actor)
}

// personName is an attendee's name alone, escaped. Names are looked up
// once per person: every board item names its author.
func (r *record) personName(id string) string {
	if n, ok := r.names[id]; ok {
		return n
	}
	n := escapeLine(id)
	if a, ok := r.c.Attendee(id); ok {
		n = escapeLine(a.Name)
	}
	if r.names == nil {
		r.names = map[string]string{}
	}
	r.names[id] = n
	return n
}

// exclusions lists each time a family member was asked to leave: who, from
// when to when, and why. A family member's own copy lists only their own,
// without the chair's words; the shared family copy lists none.
func (r *record) exclusions() {
	if len(r.c.Exclusions) == 0 {
		return
	}
	r.d.h(2, "Exclusions")
	if !r.family {
		r.d.p("Each of these family members was asked to leave part of the meeting. What was recorded " +
			"while they were out is withheld from their family copy.")
	}
	t := table{head: []string{"Who", "From", "To", "Grounds"}}
	for _, e := range r.c.Exclusions {
		to := "still excluded"
		if !e.Ended.IsZero() {
			to = r.at(e.Ended)
		}
		why := escapeLine(e.Grounds.String())
		if e.Detail != "" {
			why += ": " + inline(e.Detail)
		}
		t.add(r.personName(e.AttendeeID), r.at(e.Started), to, why)
	}
	t.write(&r.d.Builder)
}
