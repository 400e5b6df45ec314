package session

import (
	"fmt"
	"slices"
	"strconv"
	"time"
)

func init() {
	register(
		func() Op { return &CreateConference{} },
		func() Op { return &EndConference{} },
	)
}

// CreateConference starts a conference; the actor becomes its chair. It is
// the first event of every journal and is issued through
// [Service.Create].
type CreateConference struct {
	ID       string         `json:"id"`
	Type     ConferenceType `json:"type"`
	Title    string         `json:"title,omitempty"`
	Children []Child        `json:"children"`
	Date     time.Time      `json:"date"`
	Venue    string         `json:"venue,omitempty"`
	// Agenda is the agreed agenda; empty means the built-in template.
	Agenda    []AgendaStep `json:"agenda,omitempty"`
	Deadlines *Deadlines   `json:"deadlines,omitempty"`
	// Previous and PreviousActions carry a review's link to the conference
	// before it; see [ReviewFrom].
	Previous        *Previous `json:"previous,omitempty"`
	PreviousActions []Action  `json:"previous_actions,omitempty"`
}

// Kind implements Op.
func (CreateConference) Kind() string { return "conference.create" }

func (CreateConference) disclosure() disclosure { return recordsNothingSaid }

func (o CreateConference) check(c *Conference, x *checkCtx) (Op, error) {
	if c.ID != "" {
		return nil, refuse(ErrConflict, "the conference already exists")
	}
	if !x.by.MayChair {
		return nil, refuse(ErrNotPermitted, "%s", refusal(RoleNone, PermCreateConference))
	}
	if !validID(o.ID) {
		return nil, refuse(ErrInvalid, "the conference ID must be 1 to 64 letters, digits, '-' or '_'")
	}
	if !o.Type.Valid() {
		return nil, refuse(ErrInvalid, "choose a conference type")
	}
	var err error
	if o.Title, err = cleanField("the title", o.Title, optionalLine); err != nil {
		return nil, err
	}
	if o.Venue, err = cleanField("the venue", o.Venue, optionalLine); err != nil {
		return nil, err
	}
	if len(o.Children) == 0 {
		return nil, refuse(ErrInvalid, "name at least one child")
	}
	if len(o.Children) > 12 {
		return nil, refuse(ErrInvalid, "a conference can cover at most 12 children")
	}
	kids := make([]Child, len(o.Children))
	for i, ch := range o.Children {
		name, err := cleanField("the child's name", ch.Name, requiredLine)
		if err != nil {
			return nil, err
		}
		kids[i] = Child{ID: "k" + strconv.Itoa(i+1), Name: name, DOB: norm(ch.DOB)}
	}
	o.Children = kids
	if o.Date.IsZero() {
		return nil, refuse(ErrInvalid, "the conference has no date")
	}
	o.Date = norm(o.Date)
	if len(o.Agenda) == 0 {
		o.Agenda = BuiltinTemplate(o.Type).Steps
	} else if o.Agenda, err = checkSteps(o.Agenda); err != nil {
		return nil, err
	}
	if o.Deadlines == nil {
		d := DefaultDeadlines
		o.Deadlines = &d
	} else {
		d := *o.Deadlines
		if err := d.check(); err != nil {
			return nil, err
		}
		o.Deadlines = &d
	}
	// A review's link to the previous conference is built by ReviewFrom
	// from recorded state, but the op is exported: check it as typed text.
	if o.Previous != nil {
		p := *o.Previous
		if p.ConferenceID, err = cleanField("the previous conference ID", p.ConferenceID, optionalLine); err != nil {
			return nil, err
		}
		p.Date = norm(p.Date)
		if len(p.Rounds) > 100 {
			return nil, refuse(ErrInvalid, "too many previous rounds")
		}
		rounds := make([]PreviousRound, len(p.Rounds))
		for i, r := range p.Rounds {
			if r.ChildName, err = cleanField("the child's name", r.ChildName, optionalLine); err != nil {
				return nil, err
			}
			if r.ChildID, err = cleanField("the child ID", r.ChildID, optionalLine); err != nil {
				return nil, err
			}
			if r.Question, err = cleanField("the question", r.Question, optionalLongLine); err != nil {
				return nil, err
			}
			if len(r.Scores) > MaxAttendees {
				return nil, refuse(ErrInvalid, "too many previous scores")
			}
			r.Scores = slices.Clone(r.Scores)
			for _, v := range r.Scores {
				if v < 0 || v > 10 {
					return nil, refuse(ErrInvalid, "a previous score is out of range")
				}
			}
			rounds[i] = r
		}
		if len(rounds) == 0 {
			rounds = nil
		}
		p.Rounds = rounds
		o.Previous = &p
	}
	if len(o.PreviousActions) > 500 {
		return nil, refuse(ErrInvalid, "the previous plan has too many actions")
	}
	var prev []Action
	for _, a := range o.PreviousActions {
		if err := checkAction(c, &a.What, &a.Owner, a.Due, ""); err != nil {
			return nil, err
		}
		// Child IDs are positional (k1, k2...) and ReviewFrom keeps the
		// children in order, so a carried action's child must exist here.
		if a.ChildID != "" && indexOf(kids, func(k Child) bool { return k.ID == a.ChildID }) < 0 {
			return nil, refuse(ErrInvalid, "a previous action names child %q who is not in this conference", a.ChildID)
		}
		prev = append(prev, Action{What: a.What, Owner: a.Owner, Due: norm(a.Due), ChildID: a.ChildID,
			Restricted: a.Restricted || a.Closed})
	}
	o.PreviousActions = prev
	return o, nil
}

func (o CreateConference) apply(c *Conference, x *applyCtx) string {
	c.ID, c.Type, c.Title, c.Venue = o.ID, o.Type, o.Title, o.Venue
	c.Children, c.Date, c.Created = o.Children, o.Date, x.e.At
	c.Agenda = cloneSteps(o.Agenda)
	c.Step = -1
	if o.Deadlines != nil {
		c.Deadline = *o.Deadlines
	}
	c.Previous = o.Previous
	for _, a := range o.PreviousActions {
		a.ID = newID(c, "a")
		a.FromPrevious = true
		a.Status = ActionOpen
		a.Created = x.e.At
		c.Actions = append(c.Actions, a)
	}
	by := x.e.By
	c.Attendees = append(c.Attendees, Attendee{
		ID: by.ID, PersonID: by.ID, Name: by.Name, Agency: by.Agency,
		Relationship: "Chair", Role: RoleChair, Attendance: Present, Remote: true,
	})
	return fmt.Sprintf("created a %s conference for %d children", o.Type, len(o.Children))
}

// EndConference ends the conference; nothing can change afterwards.
type EndConference struct{}

// Kind implements Op.
func (EndConference) Kind() string { return "conference.end" }

func (EndConference) disclosure() disclosure { return recordsNothingSaid }

func (o EndConference) check(c *Conference, x *checkCtx) (Op, error) {
	return o, permit(x, PermEndConference)
}

func (o EndConference) apply(c *Conference, x *applyCtx) string {
	now := x.e.At
	leaveStep(c, x, now)
	if c.InClosedSegment() {
		c.Segments = mutable(x, c.Segments)
		c.Segments[len(c.Segments)-1].Ended = now
	}
	endExclusions(c, x, func(Exclusion) bool { return true })
	c.Ended = now
	return "ended the conference"
}
