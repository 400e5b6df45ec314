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

// Family writes the family copy: restricted items and closed segments
// withheld (with a visible "withheld" line where a section had such
// content).
func Family(w io.Writer, s session.Snapshot) error {
	if s.Conference == nil {
		return ErrNoConference
	}
	fv, held := familySnapshot(s)
	r := &record{s: fv, c: fv.Conference, family: true, heldScores: held, heldGoals: map[string]int{}}
	for _, it := range s.Items {
		if it.Section == session.SafetyGoals && it.Pair != "" && it.Hidden() {
			r.heldGoals[it.Pair]++
		}
	}
	r.write()
	return flush(w, &r.d)
}

func flush(w io.Writer, d *doc) error {
	if _, err := io.WriteString(w, d.String()); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// familySnapshot is [session.Snapshot.FamilyView] plus one more rule: a
// score given while a closed segment was in progress is withheld even when
// its round was opened before the segment, since everything recorded in a
// closed segment is restricted (SPEC §3.6) and a score carries no mark of
// its own. The bounds are inclusive so an instant shared with a segment's
// start or end errs on the side of withholding. It returns the withheld
// score count per round ID.
func familySnapshot(s session.Snapshot) (session.Snapshot, map[string]int) {
	fv := s.FamilyView()
	if len(s.Segments) == 0 {
		return fv, nil
	}
	inSegment := func(t time.Time) bool {
		for _, sg := range s.Segments {
			if !t.Before(sg.Started) && (sg.Ended.IsZero() || !t.After(sg.Ended)) {
				return true
			}
		}
		return false
	}
	held := map[string]int{}
	c := *fv.Conference
	// A fresh slice: the rounds' backing array is shared with the hub.
	rounds := make([]session.ScalingRound, len(c.Rounds))
	for i, r := range c.Rounds {
		kept := make([]session.Score, 0, len(r.Scores))
		for _, sc := range r.Scores {
			if inSegment(sc.At) {
				held[r.ID]++
				continue
			}
			kept = append(kept, sc)
		}
		r.Scores = kept
		rounds[i] = r
	}
	c.Rounds = rounds
	fv.Conference = &c
	return fv, held
}

// record renders the full record or the family copy; they share one
// structure so a family member and a professional can talk about the same
// section.
type record struct {
	s      session.Snapshot
	c      *session.Conference
	family bool
	// heldScores counts scores withheld from each round of the family copy.
	heldScores map[string]int
	// heldGoals counts safety goals withheld from each danger statement.
	heldGoals map[string]int
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
