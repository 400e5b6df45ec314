package session

import (
	"fmt"
)

func init() {
	register(
		func() Op { return &AddAttendee{} },
		func() Op { return &UpdateAttendee{} },
		func() Op { return &SetRole{} },
		func() Op { return &HandOverChair{} },
		func() Op { return &RemoveAttendee{} },
		func() Op { return &AcceptConfidentiality{} },
	)
}

// AddAttendee adds someone to the attendance list: a known person (by
// PersonID), or someone in the room without a terminal.
type AddAttendee struct {
	PersonID     string     `json:"person_id,omitempty"`
	Name         string     `json:"name"`
	Relationship string     `json:"relationship,omitempty"`
	Agency       string     `json:"agency,omitempty"`
	Role         Role       `json:"role"`
	Attendance   Attendance `json:"attendance"`
	Remote       bool       `json:"remote"`
	// Notes is free text about the attendee; NotesRestricted withholds it
	// from the family.
	Notes           string `json:"notes,omitempty"`
	NotesRestricted bool   `json:"notes_restricted,omitempty"`
}

// Kind implements Op.
func (AddAttendee) Kind() string { return "attendee.add" }

func (AddAttendee) disclosure() disclosure { return recordsSpeech }

func (o AddAttendee) check(c *Conference, x *checkCtx) (Op, error) {
	need := PermAddInRoom
	if o.Role == RoleMinuteTaker || o.PersonID != "" {
		need = PermAddPerson
	}
	if err := permit(x, need); err != nil {
		return nil, err
	}
	if o.Role == RoleChair {
		return nil, refuse(ErrConflict, "hand the chair over instead of adding a second chair")
	}
	if !o.Role.Valid() {
		return nil, refuse(ErrInvalid, "choose a role")
	}
	// Unless the chair or minute-taker says otherwise, someone recorded in
	// the room is present, and anyone else expected until they join, so
	// quorum never reads "met" before anyone has.
	if o.Attendance == "" {
		o.Attendance = Expected
		if o.PersonID == "" && !o.Remote {
			o.Attendance = Present
		}
	}
	if !o.Attendance.Valid() {
		return nil, refuse(ErrInvalid, "attendance must be expected, present, apologies or absent")
	}
	var err error
	if o.PersonID, err = cleanField("the person ID", o.PersonID, optionalLine); err != nil {
		return nil, err
	}
	if o.PersonID != "" {
		if i := indexOf(c.Attendees, func(a Attendee) bool { return a.PersonID == o.PersonID && !a.Removed }); i >= 0 {
			return nil, refuse(ErrConflict, "%s is already on the list", c.Attendees[i].Name)
		}
	}
	if o.Name, err = cleanField("the name", o.Name, requiredLine); err != nil {
		return nil, err
	}
	if o.Relationship, err = cleanField("the role or relationship", o.Relationship, optionalLine); err != nil {
		return nil, err
	}
	if o.Agency, err = cleanField("the agency", o.Agency, optionalLine); err != nil {
		return nil, err
	}
	if o.Notes, err = cleanField("the notes", o.Notes, optionalText); err != nil {
		return nil, err
	}
	if len(c.Attendees) >= MaxAttendees {
		return nil, refuse(ErrConflict, "the attendance list is full (%d)", MaxAttendees)
	}
	return o, nil
}

func (o AddAttendee) apply(c *Conference, x *applyCtx) string {
	id := o.PersonID
	if id == "" || attendeeIndex(c, id) >= 0 || indexOf(c.Guests, func(g Guest) bool { return g.ID == id }) >= 0 {
		id = newPersonID(c, "p")
	}
	c.Attendees = append(c.Attendees, Attendee{
		ID: id, PersonID: o.PersonID, Name: o.Name, Relationship: o.Relationship, Agency: o.Agency,
		Role: o.Role, Attendance: o.Attendance, Remote: o.Remote, Notes: o.Notes, NotesRestricted: o.NotesRestricted,
		Veil: x.veil,
	})
	return fmt.Sprintf("added attendee %s as %s", id, o.Role)
}

// UpdateAttendee changes an attendee's details, attendance and report.
type UpdateAttendee struct {
	ID              string     `json:"id"`
	Name            string     `json:"name"`
	Relationship    string     `json:"relationship,omitempty"`
	Agency          string     `json:"agency,omitempty"`
	Attendance      Attendance `json:"attendance"`
	Remote          bool       `json:"remote"`
	ReportSubmitted bool       `json:"report_submitted"`
	ReportShared    bool       `json:"report_shared"`
	// Notes replaces the attendee's notes (send the current ones to keep
	// them); NotesRestricted withholds them from the family.
	Notes           string `json:"notes,omitempty"`
	NotesRestricted bool   `json:"notes_restricted,omitempty"`
}

// Kind implements Op.
func (UpdateAttendee) Kind() string { return "attendee.update" }

func (UpdateAttendee) disclosure() disclosure { return recordsSpeech }

func (o UpdateAttendee) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermUpdateAttendee); err != nil {
		return nil, err
	}
	if i := attendeeIndex(c, o.ID); i < 0 || c.Attendees[i].Removed {
		return nil, refuse(ErrNotFound, "no attendee %q", o.ID)
	}
	if !o.Attendance.Valid() {
		return nil, refuse(ErrInvalid, "attendance must be expected, present, apologies or absent")
	}
	var err error
	if o.Name, err = cleanField("the name", o.Name, requiredLine); err != nil {
		return nil, err
	}
	if o.Relationship, err = cleanField("the role or relationship", o.Relationship, optionalLine); err != nil {
		return nil, err
	}
	if o.Agency, err = cleanField("the agency", o.Agency, optionalLine); err != nil {
		return nil, err
	}
	if o.Notes, err = cleanField("the notes", o.Notes, optionalText); err != nil {
		return nil, err
	}
	if o.ReportShared && !o.ReportSubmitted {
		return nil, refuse(ErrInvalid, "a report cannot be shared before it is submitted")
	}
	return o, nil
}

func (o UpdateAttendee) apply(c *Conference, x *applyCtx) string {
	i := attendeeIndex(c, o.ID)
	c.Attendees = mutable(x, c.Attendees)
	a := &c.Attendees[i]
	a.Name, a.Relationship, a.Agency = o.Name, o.Relationship, o.Agency
	a.Attendance, a.Remote = o.Attendance, o.Remote
	a.ReportSubmitted, a.ReportShared = o.ReportSubmitted, o.ReportShared
	a.Notes, a.NotesRestricted = o.Notes, o.NotesRestricted
	a.Veil = a.join(x.veil)
	return fmt.Sprintf("updated attendee %s: %s", o.ID, o.Attendance)
}

// SetRole changes an attendee's role. The chair role moves only by
// [HandOverChair].
type SetRole struct {
	AttendeeID string `json:"attendee_id"`
	Role       Role   `json:"role"`
}

// Kind implements Op.
func (SetRole) Kind() string { return "attendee.role" }

func (SetRole) disclosure() disclosure { return recordsNothingSaid }

func (o SetRole) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermSetRole); err != nil {
		return nil, err
	}
	if o.Role == RoleChair {
		return nil, refuse(ErrConflict, "use hand over to make someone chair")
	}
	if !o.Role.Valid() {
		return nil, refuse(ErrInvalid, "choose a role")
	}
	i := attendeeIndex(c, o.AttendeeID)
	if i < 0 || c.Attendees[i].Removed {
		return nil, refuse(ErrNotFound, "no attendee %q", o.AttendeeID)
	}
	if c.Attendees[i].Role == RoleChair {
		return nil, refuse(ErrConflict, "hand the chair over before changing your own role")
	}
	return o, nil
}

func (o SetRole) apply(c *Conference, x *applyCtx) string {
	i := attendeeIndex(c, o.AttendeeID)
	c.Attendees = mutable(x, c.Attendees)
	from := c.Attendees[i].Role
	c.Attendees[i].Role = o.Role
	return fmt.Sprintf("changed %s from %s to %s", o.AttendeeID, from, o.Role)
}

// HandOverChair makes another attendee chair; the old chair becomes a
// viewer. The chair can hand over at any time; an administrator can do it
// only while the chair is disconnected. There is never an automatic
// takeover.
type HandOverChair struct {
	To string `json:"to"`
}

// Kind implements Op.
func (HandOverChair) Kind() string { return "chair.handover" }

func (HandOverChair) disclosure() disclosure { return recordsNothingSaid }

func (o HandOverChair) check(c *Conference, x *checkCtx) (Op, error) {
	if x.role != RoleChair {
		if !x.by.Admin {
			return nil, permit(x, PermHandOver)
		}
		if x.chairConnected {
			return nil, refuse(ErrConflict, "the chair is connected; only they can hand over")
		}
	}
	i := attendeeIndex(c, o.To)
	if i < 0 || c.Attendees[i].Removed {
		return nil, refuse(ErrNotFound, "no attendee %q", o.To)
	}
	a := c.Attendees[i]
	if a.Role == RoleChair {
		return nil, refuse(ErrConflict, "%s is already the chair", a.Name)
	}
	if a.PersonID == "" && a.Fingerprint == "" {
		return nil, refuse(ErrConflict, "%s has no terminal and cannot chair", a.Name)
	}
	if a.Role == RoleFamily {
		return nil, refuse(ErrConflict, "a family member cannot chair")
	}
	return o, nil
}

func (o HandOverChair) apply(c *Conference, x *applyCtx) string {
	c.Attendees = mutable(x, c.Attendees)
	for i := range c.Attendees {
		if c.Attendees[i].Role == RoleChair {
			c.Attendees[i].Role = RoleViewer
		}
	}
	c.Attendees[attendeeIndex(c, o.To)].Role = RoleChair
	return "handed the chair to " + o.To
}

// RemoveAttendee takes someone out of the conference. The record keeps them.
type RemoveAttendee struct {
	ID string `json:"id"`
}

// Kind implements Op.
func (RemoveAttendee) Kind() string { return "attendee.remove" }

func (RemoveAttendee) disclosure() disclosure { return recordsNothingSaid }

func (o RemoveAttendee) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermRemoveAttendee); err != nil {
		return nil, err
	}
	i := attendeeIndex(c, o.ID)
	if i < 0 || c.Attendees[i].Removed {
		return nil, refuse(ErrNotFound, "no attendee %q", o.ID)
	}
	if c.Attendees[i].Role == RoleChair {
		return nil, refuse(ErrConflict, "the chair cannot be removed")
	}
	return o, nil
}

func (o RemoveAttendee) apply(c *Conference, x *applyCtx) string {
	c.Attendees = mutable(x, c.Attendees)
	c.Attendees[attendeeIndex(c, o.ID)].Removed = true
	return "removed " + o.ID
}

// AcceptConfidentiality records that the actor accepted the confidentiality
// statement in this terminal session. It doubles as the join record.
type AcceptConfidentiality struct{}

// Kind implements Op.
func (AcceptConfidentiality) Kind() string { return "confidentiality.accept" }

func (AcceptConfidentiality) disclosure() disclosure { return recordsNothingSaid }

func (o AcceptConfidentiality) check(c *Conference, x *checkCtx) (Op, error) {
	if x.role == RoleNone {
		return nil, permit(x, PermJoin)
	}
	return o, nil
}

func (o AcceptConfidentiality) apply(c *Conference, x *applyCtx) string {
	at, _ := c.AttendeeFor(x.e.By)
	i := attendeeIndex(c, at.ID)
	if i >= 0 && (c.Attendees[i].AcceptedAt.IsZero() || c.Attendees[i].Attendance == Expected) {
		c.Attendees = mutable(x, c.Attendees)
		if c.Attendees[i].AcceptedAt.IsZero() {
			c.Attendees[i].AcceptedAt = x.e.At
		}
		// Joining is being present.
		if c.Attendees[i].Attendance == Expected {
			c.Attendees[i].Attendance = Present
		}
	}
	return "accepted confidentiality and joined as " + string(at.Role)
}
