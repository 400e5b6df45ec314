package session

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
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
}

// HashCode returns the hash under which an invite code is kept. Codes are
// compared case-insensitively with spaces and dashes ignored, since people
// read them aloud and type them.
func HashCode(code string) string {
	norm := strings.ToUpper(strings.NewReplacer(" ", "", "-", "").Replace(code))
	sum := sha256.Sum256([]byte("confer-invite:" + norm))
	return hex.EncodeToString(sum[:])
}

// Refusal helpers: every refusal says why in a plain sentence.

func notPermitted(what string, r Role) error {
	if r == RoleNone {
		return fmt.Errorf("%w: only people admitted to this conference can %s", ErrNotPermitted, what)
	}
	who := strings.ToLower(r.String())
	if r == RoleFamily {
		who = "family member"
	}
	return fmt.Errorf("%w: a %s cannot %s", ErrNotPermitted, who, what)
}

func need(x *checkCtx, what string, roles ...Role) error {
	if slices.Contains(roles, x.role) {
		return nil
	}
	return notPermitted(what, x.role)
}

func editor(x *checkCtx, what string) error {
	return need(x, what, RoleChair, RoleMinuteTaker)
}

func chairOnly(x *checkCtx, what string) error {
	return need(x, what, RoleChair)
}

// onBehalf decides who a score, recommendation or dissent belongs to. Anyone
// admitted may speak for themselves; the chair and minute-taker may record
// for someone in the room (not joined remotely).
func onBehalf(c *Conference, x *checkCtx, attendeeID, what string) (recordedBy string, err error) {
	if x.role == RoleNone {
		return "", notPermitted(what, x.role)
	}
	if attendeeID == "" || attendeeID == x.self.ID {
		return "", nil
	}
	if x.role != RoleChair && x.role != RoleMinuteTaker {
		return "", fmt.Errorf("%w: you can only %s for yourself", ErrNotPermitted, what)
	}
	a, ok := c.Attendee(attendeeID)
	if !ok || a.Removed {
		return "", fmt.Errorf("%w: no attendee %q", ErrNotFound, attendeeID)
	}
	if a.Remote {
		return "", fmt.Errorf("%w: %s joined remotely and gives their own answer", ErrNotPermitted, a.Name)
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
func familyBarred(c *Conference, x *checkCtx, what string) error {
	if x.role == RoleFamily && c.InClosedSegment() {
		return fmt.Errorf("%w: you cannot %s while a closed segment is in progress", ErrNotPermitted, what)
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
			return fmt.Errorf("%w: choose a child", ErrInvalid)
		}
		return nil
	}
	if _, ok := c.Child(id); !ok {
		return fmt.Errorf("%w: no child %q in this conference", ErrNotFound, id)
	}
	return nil
}

// ---- Conference lifecycle ----

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

func (o CreateConference) check(c *Conference, x *checkCtx) (Op, error) {
	if c.ID != "" {
		return nil, fmt.Errorf("%w: the conference already exists", ErrConflict)
	}
	if !x.by.MayChair {
		return nil, fmt.Errorf("%w: only people allowed to chair can create a conference", ErrNotPermitted)
	}
	if !validID(o.ID) {
		return nil, fmt.Errorf("%w: the conference ID must be 1 to 64 letters, digits, '-' or '_'", ErrInvalid)
	}
	if !o.Type.Valid() {
		return nil, fmt.Errorf("%w: choose a conference type", ErrInvalid)
	}
	var err error
	if o.Title, err = cleanField("the title", o.Title, MaxLine, false, false); err != nil {
		return nil, err
	}
	if o.Venue, err = cleanField("the venue", o.Venue, MaxLine, false, false); err != nil {
		return nil, err
	}
	if len(o.Children) == 0 {
		return nil, fmt.Errorf("%w: name at least one child", ErrInvalid)
	}
	if len(o.Children) > 12 {
		return nil, fmt.Errorf("%w: a conference can cover at most 12 children", ErrInvalid)
	}
	kids := make([]Child, len(o.Children))
	for i, ch := range o.Children {
		name, err := cleanField("the child's name", ch.Name, MaxLine, false, true)
		if err != nil {
			return nil, err
		}
		kids[i] = Child{ID: "k" + strconv.Itoa(i+1), Name: name, DOB: norm(ch.DOB)}
	}
	o.Children = kids
	if o.Date.IsZero() {
		return nil, fmt.Errorf("%w: the conference has no date", ErrInvalid)
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
		if p.ConferenceID, err = cleanField("the previous conference ID", p.ConferenceID, MaxLine, false, false); err != nil {
			return nil, err
		}
		p.Date = norm(p.Date)
		if len(p.Rounds) > 100 {
			return nil, fmt.Errorf("%w: too many previous rounds", ErrInvalid)
		}
		rounds := make([]PreviousRound, len(p.Rounds))
		for i, r := range p.Rounds {
			if r.ChildName, err = cleanField("the child's name", r.ChildName, MaxLine, false, false); err != nil {
				return nil, err
			}
			if r.ChildID, err = cleanField("the child ID", r.ChildID, MaxLine, false, false); err != nil {
				return nil, err
			}
			if r.Question, err = cleanField("the question", r.Question, MaxItem, false, false); err != nil {
				return nil, err
			}
			if len(r.Scores) > MaxAttendees {
				return nil, fmt.Errorf("%w: too many previous scores", ErrInvalid)
			}
			r.Scores = slices.Clone(r.Scores)
			for _, v := range r.Scores {
				if v < 0 || v > 10 {
					return nil, fmt.Errorf("%w: a previous score is out of range", ErrInvalid)
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
		return nil, fmt.Errorf("%w: the previous plan has too many actions", ErrInvalid)
	}
	var prev []Action
	for _, a := range o.PreviousActions {
		if err := checkAction(c, &a.What, &a.Owner, a.Due, ""); err != nil {
			return nil, err
		}
		// Child IDs are positional (k1, k2...) and ReviewFrom keeps the
		// children in order, so a carried action's child must exist here.
		if a.ChildID != "" && indexOf(kids, func(k Child) bool { return k.ID == a.ChildID }) < 0 {
			return nil, fmt.Errorf("%w: a previous action names child %q who is not in this conference", ErrInvalid, a.ChildID)
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

func (o EndConference) check(c *Conference, x *checkCtx) (Op, error) {
	return o, chairOnly(x, "end the conference")
}

func (o EndConference) apply(c *Conference, x *applyCtx) string {
	now := x.e.At
	leaveStep(c, x, now)
	if c.InClosedSegment() {
		c.Segments = mutable(x, c.Segments)
		c.Segments[len(c.Segments)-1].Ended = now
	}
	c.Ended = now
	return "ended the conference"
}

// ---- People ----

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
}

// Kind implements Op.
func (AddAttendee) Kind() string { return "attendee.add" }

func (o AddAttendee) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "add attendees"); err != nil {
		return nil, err
	}
	if o.Role == RoleChair {
		return nil, fmt.Errorf("%w: hand the chair over instead of adding a second chair", ErrConflict)
	}
	if !o.Role.Valid() {
		return nil, fmt.Errorf("%w: choose a role", ErrInvalid)
	}
	if x.role == RoleMinuteTaker && (o.Role == RoleMinuteTaker || o.PersonID != "") {
		return nil, fmt.Errorf("%w: a minute-taker can add people in the room; the chair admits people who join", ErrNotPermitted)
	}
	if o.Attendance == "" {
		o.Attendance = Present
	}
	if !o.Attendance.Valid() {
		return nil, fmt.Errorf("%w: attendance must be present, apologies or absent", ErrInvalid)
	}
	var err error
	if o.PersonID, err = cleanField("the person ID", o.PersonID, MaxLine, false, false); err != nil {
		return nil, err
	}
	if o.PersonID != "" {
		if i := indexOf(c.Attendees, func(a Attendee) bool { return a.PersonID == o.PersonID && !a.Removed }); i >= 0 {
			return nil, fmt.Errorf("%w: %s is already on the list", ErrConflict, c.Attendees[i].Name)
		}
	}
	if o.Name, err = cleanField("the name", o.Name, MaxLine, false, true); err != nil {
		return nil, err
	}
	if o.Relationship, err = cleanField("the role or relationship", o.Relationship, MaxLine, false, false); err != nil {
		return nil, err
	}
	if o.Agency, err = cleanField("the agency", o.Agency, MaxLine, false, false); err != nil {
		return nil, err
	}
	if len(c.Attendees) >= MaxAttendees {
		return nil, fmt.Errorf("%w: the attendance list is full (%d)", ErrConflict, MaxAttendees)
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
		Role: o.Role, Attendance: o.Attendance, Remote: o.Remote,
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
}

// Kind implements Op.
func (UpdateAttendee) Kind() string { return "attendee.update" }

func (o UpdateAttendee) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "change attendance"); err != nil {
		return nil, err
	}
	if i := attendeeIndex(c, o.ID); i < 0 || c.Attendees[i].Removed {
		return nil, fmt.Errorf("%w: no attendee %q", ErrNotFound, o.ID)
	}
	if !o.Attendance.Valid() {
		return nil, fmt.Errorf("%w: attendance must be present, apologies or absent", ErrInvalid)
	}
	var err error
	if o.Name, err = cleanField("the name", o.Name, MaxLine, false, true); err != nil {
		return nil, err
	}
	if o.Relationship, err = cleanField("the role or relationship", o.Relationship, MaxLine, false, false); err != nil {
		return nil, err
	}
	if o.Agency, err = cleanField("the agency", o.Agency, MaxLine, false, false); err != nil {
		return nil, err
	}
	if o.ReportShared && !o.ReportSubmitted {
		return nil, fmt.Errorf("%w: a report cannot be shared before it is submitted", ErrInvalid)
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

func (o SetRole) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "change roles"); err != nil {
		return nil, err
	}
	if o.Role == RoleChair {
		return nil, fmt.Errorf("%w: use hand over to make someone chair", ErrConflict)
	}
	if !o.Role.Valid() {
		return nil, fmt.Errorf("%w: choose a role", ErrInvalid)
	}
	i := attendeeIndex(c, o.AttendeeID)
	if i < 0 || c.Attendees[i].Removed {
		return nil, fmt.Errorf("%w: no attendee %q", ErrNotFound, o.AttendeeID)
	}
	if c.Attendees[i].Role == RoleChair {
		return nil, fmt.Errorf("%w: hand the chair over before changing your own role", ErrConflict)
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

func (o HandOverChair) check(c *Conference, x *checkCtx) (Op, error) {
	if x.role != RoleChair {
		if !x.by.Admin {
			return nil, notPermitted("hand the chair over", x.role)
		}
		if x.chairConnected {
			return nil, fmt.Errorf("%w: the chair is connected; only they can hand over", ErrConflict)
		}
	}
	i := attendeeIndex(c, o.To)
	if i < 0 || c.Attendees[i].Removed {
		return nil, fmt.Errorf("%w: no attendee %q", ErrNotFound, o.To)
	}
	a := c.Attendees[i]
	if a.Role == RoleChair {
		return nil, fmt.Errorf("%w: %s is already the chair", ErrConflict, a.Name)
	}
	if a.PersonID == "" && a.Fingerprint == "" {
		return nil, fmt.Errorf("%w: %s has no terminal and cannot chair", ErrConflict, a.Name)
	}
	if a.Role == RoleFamily {
		return nil, fmt.Errorf("%w: a family member cannot chair", ErrConflict)
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

func (o RemoveAttendee) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "remove people"); err != nil {
		return nil, err
	}
	i := attendeeIndex(c, o.ID)
	if i < 0 || c.Attendees[i].Removed {
		return nil, fmt.Errorf("%w: no attendee %q", ErrNotFound, o.ID)
	}
	if c.Attendees[i].Role == RoleChair {
		return nil, fmt.Errorf("%w: the chair cannot be removed", ErrConflict)
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

func (o AcceptConfidentiality) check(c *Conference, x *checkCtx) (Op, error) {
	if x.role == RoleNone {
		return nil, notPermitted("join", x.role)
	}
	return o, nil
}

func (o AcceptConfidentiality) apply(c *Conference, x *applyCtx) string {
	at, _ := c.AttendeeFor(x.e.By)
	i := attendeeIndex(c, at.ID)
	if i >= 0 && c.Attendees[i].AcceptedAt.IsZero() {
		c.Attendees = mutable(x, c.Attendees)
		c.Attendees[i].AcceptedAt = x.e.At
	}
	return "accepted confidentiality and joined as " + string(at.Role)
}

// ---- Invites and the lobby ----

// MaxInviteLife is the longest an invite code may stay valid.
const MaxInviteLife = 7 * 24 * time.Hour

// CreateInvite registers a one-time code (by its [HashCode]) that lets one
// guest into the lobby until it expires.
type CreateInvite struct {
	Hash    string    `json:"hash"`
	Expires time.Time `json:"expires"`
}

// Kind implements Op.
func (CreateInvite) Kind() string { return "invite.create" }

func (o CreateInvite) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "invite guests"); err != nil {
		return nil, err
	}
	if len(o.Hash) != 64 || strings.Trim(o.Hash, "0123456789abcdef") != "" {
		return nil, fmt.Errorf("%w: malformed invite", ErrInvalid)
	}
	if !o.Expires.After(x.now) || o.Expires.Sub(x.now) > MaxInviteLife {
		return nil, fmt.Errorf("%w: an invite must expire within 7 days", ErrInvalid)
	}
	o.Expires = norm(o.Expires)
	if indexOf(c.Invites, func(i Invite) bool { return i.Hash == o.Hash }) >= 0 {
		return nil, fmt.Errorf("%w: that code is already in use", ErrConflict)
	}
	return o, nil
}

func (o CreateInvite) apply(c *Conference, x *applyCtx) string {
	c.Invites = append(c.Invites, Invite{Hash: o.Hash, Created: x.e.At, Expires: o.Expires})
	return "created an invite expiring " + o.Expires.UTC().Format(time.RFC3339)
}

// RedeemInvite is a guest using a code: it spends the code and puts the
// guest, bound to the key they authenticated with, in the lobby.
type RedeemInvite struct {
	Hash   string `json:"hash"`
	Name   string `json:"name"`
	Agency string `json:"agency"`
}

// Kind implements Op.
func (RedeemInvite) Kind() string { return "invite.redeem" }

func (o RedeemInvite) check(c *Conference, x *checkCtx) (Op, error) {
	if x.role != RoleNone {
		// Spending a code on someone already admitted would only waste it.
		return nil, fmt.Errorf("%w: you are already part of this conference", ErrConflict)
	}
	i := indexOf(c.Invites, func(i Invite) bool { return i.Hash == o.Hash })
	if i < 0 {
		return nil, fmt.Errorf("%w: that invite code is not valid", ErrNotPermitted)
	}
	inv := c.Invites[i]
	if inv.UsedBy != "" {
		return nil, fmt.Errorf("%w: that invite code has already been used", ErrNotPermitted)
	}
	if !x.now.Before(inv.Expires) {
		return nil, fmt.Errorf("%w: that invite code has expired", ErrNotPermitted)
	}
	if x.by.Fingerprint == "" {
		return nil, fmt.Errorf("%w: an invite needs a key to bind to", ErrInvalid)
	}
	if g, ok := c.GuestFor(x.by.Fingerprint); ok && g.Status == GuestWaiting {
		// One key, one place in the lobby: a second code would give the
		// same person two records the chair could admit twice.
		return nil, fmt.Errorf("%w: you are already waiting to be admitted", ErrConflict)
	}
	if !c.Ended.IsZero() {
		return nil, fmt.Errorf("%w", ErrEnded)
	}
	var err error
	if o.Name, err = cleanField("your name", o.Name, MaxLine, false, true); err != nil {
		return nil, err
	}
	if o.Agency, err = cleanField("your agency", o.Agency, MaxLine, false, true); err != nil {
		return nil, err
	}
	return o, nil
}

func (o RedeemInvite) apply(c *Conference, x *applyCtx) string {
	id := newPersonID(c, "g")
	i := indexOf(c.Invites, func(i Invite) bool { return i.Hash == o.Hash })
	c.Invites = mutable(x, c.Invites)
	c.Invites[i].UsedBy = id
	c.Guests = append(c.Guests, Guest{ID: id, Name: o.Name, Agency: o.Agency,
		Fingerprint: x.e.By.Fingerprint, At: x.e.At, Status: GuestWaiting})
	return "guest " + id + " redeemed an invite (" + x.e.By.Fingerprint + ")"
}

// GuestFor returns the guest record bound to a key fingerprint.
func (c *Conference) GuestFor(fingerprint string) (Guest, bool) {
	for i := len(c.Guests) - 1; i >= 0; i-- {
		if c.Guests[i].Fingerprint == fingerprint {
			return c.Guests[i], true
		}
	}
	return Guest{}, false
}

// AdmitGuest lets a waiting guest in with a role.
type AdmitGuest struct {
	GuestID string `json:"guest_id"`
	Role    Role   `json:"role"`
}

// Kind implements Op.
func (AdmitGuest) Kind() string { return "guest.admit" }

func (o AdmitGuest) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "admit guests"); err != nil {
		return nil, err
	}
	if o.Role != RoleViewer && o.Role != RoleFamily && o.Role != RoleMinuteTaker {
		return nil, fmt.Errorf("%w: admit a guest as viewer, family or minute-taker", ErrInvalid)
	}
	i := indexOf(c.Guests, func(g Guest) bool { return g.ID == o.GuestID })
	if i < 0 || c.Guests[i].Status != GuestWaiting {
		return nil, fmt.Errorf("%w: no guest %q is waiting", ErrNotFound, o.GuestID)
	}
	return o, nil
}

func (o AdmitGuest) apply(c *Conference, x *applyCtx) string {
	i := indexOf(c.Guests, func(g Guest) bool { return g.ID == o.GuestID })
	c.Guests = mutable(x, c.Guests)
	c.Guests[i].Status = GuestAdmitted
	g := c.Guests[i]
	c.Attendees = append(c.Attendees, Attendee{ID: g.ID, Fingerprint: g.Fingerprint, Name: g.Name,
		Agency: g.Agency, Role: o.Role, Attendance: Present, Remote: true})
	return fmt.Sprintf("admitted guest %s (%s) as %s", g.ID, g.Fingerprint, o.Role)
}

// TurnAwayGuest refuses a waiting guest.
type TurnAwayGuest struct {
	GuestID string `json:"guest_id"`
}

// Kind implements Op.
func (TurnAwayGuest) Kind() string { return "guest.turn-away" }

func (o TurnAwayGuest) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "turn guests away"); err != nil {
		return nil, err
	}
	i := indexOf(c.Guests, func(g Guest) bool { return g.ID == o.GuestID })
	if i < 0 || c.Guests[i].Status != GuestWaiting {
		return nil, fmt.Errorf("%w: no guest %q is waiting", ErrNotFound, o.GuestID)
	}
	return o, nil
}

func (o TurnAwayGuest) apply(c *Conference, x *applyCtx) string {
	i := indexOf(c.Guests, func(g Guest) bool { return g.ID == o.GuestID })
	c.Guests = mutable(x, c.Guests)
	c.Guests[i].Status = GuestTurnedAway
	return "turned away guest " + o.GuestID
}

// ---- Agenda, quorum and closed segments ----

// GoToStep moves everyone to an agenda step.
type GoToStep struct {
	Index int `json:"index"`
}

// Kind implements Op.
func (GoToStep) Kind() string { return "agenda.step" }

func (o GoToStep) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "move the agenda"); err != nil {
		return nil, err
	}
	if o.Index < 0 || o.Index >= len(c.Agenda) {
		return nil, fmt.Errorf("%w: there is no agenda step %d", ErrInvalid, o.Index+1)
	}
	if o.Index == c.Step {
		return nil, fmt.Errorf("%w: that is already the current step", ErrConflict)
	}
	return o, nil
}

// leaveStep closes the current step's visit.
func leaveStep(c *Conference, x *applyCtx, now time.Time) {
	if c.Step < 0 || c.Step >= len(c.Agenda) {
		return
	}
	c.Agenda = mutable(x, c.Agenda)
	s := &c.Agenda[c.Step]
	s.Ended = now
	s.Spent += now.Sub(s.Entered)
}

func (o GoToStep) apply(c *Conference, x *applyCtx) string {
	now := x.e.At
	leaveStep(c, x, now)
	c.Agenda = mutable(x, c.Agenda)
	s := &c.Agenda[o.Index]
	if s.Started.IsZero() {
		s.Started = now
	}
	s.Entered = now
	s.Ended = time.Time{}
	c.Step = o.Index
	if c.Started.IsZero() {
		c.Started = now
	}
	return fmt.Sprintf("moved to step %d", o.Index+1)
}

// ProceedWithoutQuorum records the chair's reason for going ahead when the
// conference is not quorate.
type ProceedWithoutQuorum struct {
	Reason string `json:"reason"`
}

// Kind implements Op.
func (ProceedWithoutQuorum) Kind() string { return "quorum.proceed" }

func (o ProceedWithoutQuorum) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "record the reason to go ahead without quorum"); err != nil {
		return nil, err
	}
	var err error
	o.Reason, err = cleanField("the reason", o.Reason, MaxItem, true, true)
	return o, err
}

func (o ProceedWithoutQuorum) apply(c *Conference, x *applyCtx) string {
	c.InquorateReason = o.Reason
	return "recorded the reason to go ahead without quorum"
}

// StartClosedSegment starts a family-excluded part of the meeting.
type StartClosedSegment struct{}

// Kind implements Op.
func (StartClosedSegment) Kind() string { return "segment.start" }

func (o StartClosedSegment) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "start a closed segment"); err != nil {
		return nil, err
	}
	if c.InClosedSegment() {
		return nil, fmt.Errorf("%w: a closed segment is already in progress", ErrConflict)
	}
	return o, nil
}

func (o StartClosedSegment) apply(c *Conference, x *applyCtx) string {
	c.Segments = append(c.Segments, Segment{Started: x.e.At})
	return "started a closed segment"
}

// EndClosedSegment ends the closed segment in progress.
type EndClosedSegment struct{}

// Kind implements Op.
func (EndClosedSegment) Kind() string { return "segment.end" }

func (o EndClosedSegment) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "end a closed segment"); err != nil {
		return nil, err
	}
	if !c.InClosedSegment() {
		return nil, fmt.Errorf("%w: no closed segment is in progress", ErrConflict)
	}
	return o, nil
}

func (o EndClosedSegment) apply(c *Conference, x *applyCtx) string {
	c.Segments = mutable(x, c.Segments)
	c.Segments[len(c.Segments)-1].Ended = x.e.At
	return "ended the closed segment"
}

// ---- The board ----

// MaxAttendees bounds the attendance list: a large multi-agency meeting
// with remote observers, matching the server's per-conference session cap.
const MaxAttendees = 500

// MaxItems bounds the board of one conference.
const MaxItems = 2000

// AddItem writes an item on the board.
type AddItem struct {
	Section     Section `json:"section"`
	Text        string  `json:"text"`
	Tag         Tag     `json:"tag,omitempty"`
	Attribution string  `json:"attribution,omitempty"`
	ChildID     string  `json:"child_id,omitempty"`
	Pair        string  `json:"pair,omitempty"`
	Restricted  bool    `json:"restricted,omitempty"`
}

// Kind implements Op.
func (AddItem) Kind() string { return "item.add" }

func checkItemFields(c *Conference, sec Section, text, attribution *string, tag Tag, child, pair string) error {
	if !sec.Valid() {
		return fmt.Errorf("%w: choose a board section", ErrInvalid)
	}
	if !tag.Valid() {
		return fmt.Errorf("%w: the tag must be fact, observation, allegation or opinion", ErrInvalid)
	}
	var err error
	if *text, err = cleanField("the item", *text, MaxItem, true, true); err != nil {
		return err
	}
	if *attribution, err = cleanField("the attribution", *attribution, MaxLine, false, false); err != nil {
		return err
	}
	if err := checkChild(c, child, false); err != nil {
		return err
	}
	if pair != "" {
		if sec != SafetyGoals {
			return fmt.Errorf("%w: only a safety goal pairs with a danger statement", ErrInvalid)
		}
		d, ok := c.Item(pair)
		if !ok || d.Section != DangerStatements {
			return fmt.Errorf("%w: no danger statement %q", ErrNotFound, pair)
		}
	}
	return nil
}

func (o AddItem) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "write on the board"); err != nil {
		return nil, err
	}
	if err := checkItemFields(c, o.Section, &o.Text, &o.Attribution, o.Tag, o.ChildID, o.Pair); err != nil {
		return nil, err
	}
	if len(c.Items) >= MaxItems {
		return nil, fmt.Errorf("%w: the board is full (%d items)", ErrConflict, MaxItems)
	}
	return o, nil
}

func (o AddItem) apply(c *Conference, x *applyCtx) string {
	it := Item{ID: newID(c, "i"), Section: o.Section, Text: o.Text, Tag: o.Tag,
		Attribution: o.Attribution, ChildID: o.ChildID, Pair: o.Pair, Restricted: o.Restricted,
		Closed: c.InClosedSegment(), Author: x.e.By.ID, Created: x.e.At}
	c.Items = append(c.Items, it)
	return fmt.Sprintf("added item %s to %s", it.ID, o.Section)
}

// EditItem replaces an item's text and marks. The previous text stays in
// the journal.
type EditItem struct {
	ID          string `json:"id"`
	Text        string `json:"text"`
	Tag         Tag    `json:"tag,omitempty"`
	Attribution string `json:"attribution,omitempty"`
	ChildID     string `json:"child_id,omitempty"`
	Pair        string `json:"pair,omitempty"`
	Restricted  bool   `json:"restricted,omitempty"`
}

// Kind implements Op.
func (EditItem) Kind() string { return "item.edit" }

func (o EditItem) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "edit the board"); err != nil {
		return nil, err
	}
	it, ok := c.Item(o.ID)
	if !ok {
		return nil, fmt.Errorf("%w: no item %q", ErrNotFound, o.ID)
	}
	if err := checkItemFields(c, it.Section, &o.Text, &o.Attribution, o.Tag, o.ChildID, o.Pair); err != nil {
		return nil, err
	}
	return o, nil
}

func (o EditItem) apply(c *Conference, x *applyCtx) string {
	i := itemIndex(c, o.ID)
	c.Items = mutable(x, c.Items)
	it := &c.Items[i]
	it.Text, it.Tag, it.Attribution, it.ChildID, it.Pair, it.Restricted = o.Text, o.Tag, o.Attribution, o.ChildID, o.Pair, o.Restricted
	if c.InClosedSegment() {
		it.Closed = true
	}
	it.Edited = x.e.At
	return "edited item " + o.ID
}

// MoveItem moves an item to another section, at the end.
type MoveItem struct {
	ID      string  `json:"id"`
	Section Section `json:"section"`
}

// Kind implements Op.
func (MoveItem) Kind() string { return "item.move" }

func (o MoveItem) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "move board items"); err != nil {
		return nil, err
	}
	it, ok := c.Item(o.ID)
	if !ok {
		return nil, fmt.Errorf("%w: no item %q", ErrNotFound, o.ID)
	}
	if !o.Section.Valid() {
		return nil, fmt.Errorf("%w: choose a board section", ErrInvalid)
	}
	if it.Section == o.Section {
		return nil, fmt.Errorf("%w: the item is already in %s", ErrConflict, o.Section.Title())
	}
	if it.Section == DangerStatements && len(c.GoalsFor(it.ID)) > 0 {
		return nil, fmt.Errorf("%w: safety goals are paired with this danger statement; remove or re-pair them first", ErrConflict)
	}
	if it.Section == DangerStatements && scaledAbout(c, it.ID) {
		return nil, errScaledAbout
	}
	return o, nil
}

func (o MoveItem) apply(c *Conference, x *applyCtx) string {
	i := itemIndex(c, o.ID)
	it := c.Items[i]
	from := it.Section
	it.Section, it.Edited = o.Section, x.e.At
	if o.Section != SafetyGoals {
		it.Pair = ""
	}
	items := make([]Item, 0, len(c.Items))
	items = append(items, c.Items[:i]...)
	items = append(items, c.Items[i+1:]...)
	c.Items = append(items, it)
	return fmt.Sprintf("moved item %s from %s to %s", o.ID, from, o.Section)
}

// RemoveItem takes an item off the board; the journal keeps it.
type RemoveItem struct {
	ID string `json:"id"`
}

// Kind implements Op.
func (RemoveItem) Kind() string { return "item.remove" }

func (o RemoveItem) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "remove board items"); err != nil {
		return nil, err
	}
	it, ok := c.Item(o.ID)
	if !ok {
		return nil, fmt.Errorf("%w: no item %q", ErrNotFound, o.ID)
	}
	if it.Section == DangerStatements && len(c.GoalsFor(it.ID)) > 0 {
		return nil, fmt.Errorf("%w: safety goals are paired with this danger statement; remove them first", ErrConflict)
	}
	if it.Section == DangerStatements && scaledAbout(c, it.ID) {
		return nil, errScaledAbout
	}
	return o, nil
}

// errScaledAbout refuses taking a danger statement off the board once a
// scaling round asked about it: the round's record names it. Its wording
// can still be edited.
var errScaledAbout = fmt.Errorf("%w: a scaling round was held about this danger statement, so it stays on the board; edit its wording instead", ErrConflict)

// scaledAbout reports whether any scaling round was about item id.
func scaledAbout(c *Conference, id string) bool {
	for _, r := range c.Rounds {
		if r.DangerID == id {
			return true
		}
	}
	return false
}

func (o RemoveItem) apply(c *Conference, x *applyCtx) string {
	i := itemIndex(c, o.ID)
	items := make([]Item, 0, len(c.Items)-1)
	items = append(items, c.Items[:i]...)
	c.Items = append(items, c.Items[i+1:]...)
	return "removed item " + o.ID
}

// ---- Scaling ----

// DefaultQuestion is the scaling question unless the chair words it
// differently.
const DefaultQuestion = "On a scale of 0 to 10, where 0 means we are very worried for the child's safety and 10 means there are no worries and the child is safe enough to close: where are you, and what makes it that number?"

// OpenRound opens a sealed scaling round for one child, optionally about
// one danger statement.
type OpenRound struct {
	ChildID  string `json:"child_id"`
	DangerID string `json:"danger_id,omitempty"`
	Question string `json:"question,omitempty"`
}

// Kind implements Op.
func (OpenRound) Kind() string { return "round.open" }

func (o OpenRound) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "open a scaling round"); err != nil {
		return nil, err
	}
	if r, ok := c.OpenRound(); ok {
		return nil, fmt.Errorf("%w: close round %s first", ErrConflict, r.ID)
	}
	if err := checkChild(c, o.ChildID, true); err != nil {
		return nil, err
	}
	if o.DangerID != "" {
		if d, ok := c.Item(o.DangerID); !ok || d.Section != DangerStatements {
			return nil, fmt.Errorf("%w: no danger statement %q", ErrNotFound, o.DangerID)
		}
	}
	var err error
	if o.Question, err = cleanField("the question", o.Question, MaxItem, false, false); err != nil {
		return nil, err
	}
	if o.Question == "" {
		o.Question = DefaultQuestion
	}
	if len(c.Rounds) >= 100 {
		return nil, fmt.Errorf("%w: this conference has 100 rounds already", ErrConflict)
	}
	return o, nil
}

func (o OpenRound) apply(c *Conference, x *applyCtx) string {
	r := ScalingRound{ID: newID(c, "r"), ChildID: o.ChildID, DangerID: o.DangerID, Question: o.Question,
		State: RoundOpen, Opened: x.e.At, Closed: c.InClosedSegment()}
	c.Rounds = append(c.Rounds, r)
	return fmt.Sprintf("opened scaling round %s for %s", r.ID, o.ChildID)
}

// CastScore records a score of 0–10 with a reason. A person may change it
// until the round closes; the record keeps the last.
type CastScore struct {
	RoundID string `json:"round_id"`
	// AttendeeID is whose score it is; empty means the actor's own.
	AttendeeID string `json:"attendee_id,omitempty"`
	Value      int    `json:"value"`
	Reason     string `json:"reason"`
	RecordedBy string `json:"recorded_by,omitempty"`
}

// Kind implements Op.
func (CastScore) Kind() string { return "round.score" }

func (o CastScore) check(c *Conference, x *checkCtx) (Op, error) {
	by, err := onBehalf(c, x, o.AttendeeID, "give a score")
	if err != nil {
		return nil, err
	}
	if err := familyBarred(c, x, "give a score"); err != nil {
		return nil, err
	}
	if o.AttendeeID == "" {
		o.AttendeeID = x.self.ID
	}
	o.RecordedBy = by
	r, ok := c.Round(o.RoundID)
	if !ok || (x.role == RoleFamily && r.Closed) {
		// A family viewer never sees a round opened in a closed segment,
		// so for them it does not exist.
		return nil, fmt.Errorf("%w: no scaling round %q", ErrNotFound, o.RoundID)
	}
	if r.State == RoundClosed {
		return nil, fmt.Errorf("%w: that scaling round is closed", ErrConflict)
	}
	if o.Value < 0 || o.Value > 10 {
		return nil, fmt.Errorf("%w: a score is a whole number from 0 to 10", ErrInvalid)
	}
	if o.Reason, err = cleanField("the reason", o.Reason, MaxItem, true, true); err != nil {
		return nil, err
	}
	return o, nil
}

func (o CastScore) apply(c *Conference, x *applyCtx) string {
	i := roundIndex(c, o.RoundID)
	c.Rounds = mutable(x, c.Rounds)
	r := &c.Rounds[i]
	s := Score{AttendeeID: o.AttendeeID, Value: o.Value, Reason: o.Reason, At: x.e.At, RecordedBy: o.RecordedBy,
		Closed: c.InClosedSegment()}
	if j := indexOf(r.Scores, func(s Score) bool { return s.AttendeeID == o.AttendeeID }); j >= 0 {
		r.Scores = mutable(x, r.Scores)
		r.Scores[j] = s
		return fmt.Sprintf("changed the score of %s in %s", o.AttendeeID, o.RoundID)
	}
	r.Scores = append(slices.Clip(r.Scores), s)
	return fmt.Sprintf("recorded a score for %s in %s", o.AttendeeID, o.RoundID)
}

// RevealRound unseals a round's scores.
type RevealRound struct {
	RoundID string `json:"round_id"`
}

// Kind implements Op.
func (RevealRound) Kind() string { return "round.reveal" }

func (o RevealRound) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "reveal scores"); err != nil {
		return nil, err
	}
	r, ok := c.Round(o.RoundID)
	if !ok {
		return nil, fmt.Errorf("%w: no scaling round %q", ErrNotFound, o.RoundID)
	}
	if r.State != RoundOpen {
		return nil, fmt.Errorf("%w: that round is already %s", ErrConflict, r.State)
	}
	if len(r.Scores) == 0 {
		return nil, fmt.Errorf("%w: nobody has scored yet", ErrConflict)
	}
	return o, nil
}

func (o RevealRound) apply(c *Conference, x *applyCtx) string {
	c.Rounds = mutable(x, c.Rounds)
	r := &c.Rounds[roundIndex(c, o.RoundID)]
	r.State, r.Revealed = RoundRevealed, x.e.At
	return "revealed round " + o.RoundID
}

// CloseRound ends a round; its scores become final. An unrevealed round is
// revealed as it closes, so the record never holds sealed scores.
type CloseRound struct {
	RoundID string `json:"round_id"`
}

// Kind implements Op.
func (CloseRound) Kind() string { return "round.close" }

func (o CloseRound) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "close a scaling round"); err != nil {
		return nil, err
	}
	r, ok := c.Round(o.RoundID)
	if !ok {
		return nil, fmt.Errorf("%w: no scaling round %q", ErrNotFound, o.RoundID)
	}
	if r.State == RoundClosed {
		return nil, fmt.Errorf("%w: that round is already closed", ErrConflict)
	}
	return o, nil
}

func (o CloseRound) apply(c *Conference, x *applyCtx) string {
	c.Rounds = mutable(x, c.Rounds)
	r := &c.Rounds[roundIndex(c, o.RoundID)]
	if r.Revealed.IsZero() {
		r.Revealed = x.e.At
	}
	r.State, r.ClosedAt = RoundClosed, x.e.At
	return "closed round " + o.RoundID
}

// ---- Recommendations, decision, dissent ----

// AskRecommendations opens or closes the asking for recommendations.
type AskRecommendations struct {
	Open bool `json:"open"`
}

// Kind implements Op.
func (AskRecommendations) Kind() string { return "recommendations.ask" }

func (o AskRecommendations) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "ask for recommendations"); err != nil {
		return nil, err
	}
	if c.RecommendationsOpen == o.Open {
		return nil, fmt.Errorf("%w: recommendations are already %s", ErrConflict, map[bool]string{true: "open", false: "closed"}[o.Open])
	}
	return o, nil
}

func (o AskRecommendations) apply(c *Conference, x *applyCtx) string {
	c.RecommendationsOpen = o.Open
	if o.Open {
		return "asked for recommendations"
	}
	return "stopped asking for recommendations"
}

func checkOutcome(c *Conference, out Outcome, cat Category) error {
	if !slices.Contains(Outcomes(c.Type), out) {
		return fmt.Errorf("%w: choose one of the outcomes for this conference", ErrInvalid)
	}
	if out.NeedsCategory() {
		if !slices.Contains(Categories, cat) {
			return fmt.Errorf("%w: a child protection plan needs a category", ErrInvalid)
		}
	} else if cat != CategoryNone {
		return fmt.Errorf("%w: only a child protection plan has a category", ErrInvalid)
	}
	return nil
}

// Recommend records an attendee's view for a child.
type Recommend struct {
	ChildID    string   `json:"child_id"`
	AttendeeID string   `json:"attendee_id,omitempty"`
	Outcome    Outcome  `json:"outcome"`
	Category   Category `json:"category,omitempty"`
	Reason     string   `json:"reason,omitempty"`
	RecordedBy string   `json:"recorded_by,omitempty"`
}

// Kind implements Op.
func (Recommend) Kind() string { return "recommendation" }

func (o Recommend) check(c *Conference, x *checkCtx) (Op, error) {
	by, err := onBehalf(c, x, o.AttendeeID, "give a recommendation")
	if err != nil {
		return nil, err
	}
	if err := familyBarred(c, x, "give a recommendation"); err != nil {
		return nil, err
	}
	if o.AttendeeID == "" {
		o.AttendeeID = x.self.ID
	}
	o.RecordedBy = by
	if !c.RecommendationsOpen {
		return nil, fmt.Errorf("%w: the chair has not asked for recommendations", ErrConflict)
	}
	if err := checkChild(c, o.ChildID, true); err != nil {
		return nil, err
	}
	if err := checkOutcome(c, o.Outcome, o.Category); err != nil {
		return nil, err
	}
	if o.Reason, err = cleanField("the reason", o.Reason, MaxItem, true, false); err != nil {
		return nil, err
	}
	return o, nil
}

func (o Recommend) apply(c *Conference, x *applyCtx) string {
	r := Recommendation{ChildID: o.ChildID, AttendeeID: o.AttendeeID, Outcome: o.Outcome, Category: o.Category,
		Reason: o.Reason, At: x.e.At, RecordedBy: o.RecordedBy, Closed: c.InClosedSegment()}
	if i := indexOf(c.Recommendations, func(r Recommendation) bool {
		return r.ChildID == o.ChildID && r.AttendeeID == o.AttendeeID
	}); i >= 0 {
		c.Recommendations = mutable(x, c.Recommendations)
		c.Recommendations[i] = r
	} else {
		c.Recommendations = append(c.Recommendations, r)
	}
	return fmt.Sprintf("recorded the recommendation of %s for %s", o.AttendeeID, o.ChildID)
}

// Decide records the conference's decision for a child. It needs quorum,
// or the chair's recorded reason for going ahead without it.
type Decide struct {
	ChildID  string   `json:"child_id"`
	Outcome  Outcome  `json:"outcome"`
	Category Category `json:"category,omitempty"`
	Reasons  string   `json:"reasons"`
}

// Kind implements Op.
func (Decide) Kind() string { return "decision" }

func (o Decide) check(c *Conference, x *checkCtx) (Op, error) {
	if err := chairOnly(x, "record the decision"); err != nil {
		return nil, err
	}
	if err := checkChild(c, o.ChildID, true); err != nil {
		return nil, err
	}
	if err := checkOutcome(c, o.Outcome, o.Category); err != nil {
		return nil, err
	}
	if !c.Quorum().Met && c.InquorateReason == "" {
		return nil, fmt.Errorf("%w: the conference is not quorate; record the reason for going ahead first", ErrConflict)
	}
	var err error
	if o.Reasons, err = cleanField("the reasons", o.Reasons, MaxLong, true, true); err != nil {
		return nil, err
	}
	return o, nil
}

func (o Decide) apply(c *Conference, x *applyCtx) string {
	d := Decision{ChildID: o.ChildID, Outcome: o.Outcome, Category: o.Category, Reasons: o.Reasons, At: x.e.At}
	if i := indexOf(c.Decisions, func(d Decision) bool { return d.ChildID == o.ChildID }); i >= 0 {
		c.Decisions = mutable(x, c.Decisions)
		c.Decisions[i] = d
	} else {
		c.Decisions = append(c.Decisions, d)
	}
	return fmt.Sprintf("recorded the decision for %s: %s", o.ChildID, o.Outcome)
}

// RecordDissent records, in full, an attendee's disagreement.
type RecordDissent struct {
	ChildID    string `json:"child_id"`
	AttendeeID string `json:"attendee_id,omitempty"`
	Text       string `json:"text"`
	RecordedBy string `json:"recorded_by,omitempty"`
}

// Kind implements Op.
func (RecordDissent) Kind() string { return "dissent" }

func (o RecordDissent) check(c *Conference, x *checkCtx) (Op, error) {
	by, err := onBehalf(c, x, o.AttendeeID, "record dissent")
	if err != nil {
		return nil, err
	}
	if err := familyBarred(c, x, "record dissent"); err != nil {
		return nil, err
	}
	if o.AttendeeID == "" {
		o.AttendeeID = x.self.ID
	}
	o.RecordedBy = by
	if err := checkChild(c, o.ChildID, true); err != nil {
		return nil, err
	}
	if o.Text, err = cleanField("the dissent", o.Text, MaxLong, true, true); err != nil {
		return nil, err
	}
	return o, nil
}

func (o RecordDissent) apply(c *Conference, x *applyCtx) string {
	d := Dissent{ID: newID(c, "d"), ChildID: o.ChildID, AttendeeID: o.AttendeeID, Text: o.Text,
		At: x.e.At, RecordedBy: o.RecordedBy, Closed: c.InClosedSegment()}
	c.Dissent = append(c.Dissent, d)
	return fmt.Sprintf("recorded dissent %s by %s", d.ID, o.AttendeeID)
}

// ---- The plan ----

// AddAction adds an action to the plan.
type AddAction struct {
	What       string    `json:"what"`
	Owner      string    `json:"owner"`
	Due        time.Time `json:"due"`
	ChildID    string    `json:"child_id,omitempty"`
	Restricted bool      `json:"restricted,omitempty"`
}

// Kind implements Op.
func (AddAction) Kind() string { return "action.add" }

func checkAction(c *Conference, what, owner *string, due time.Time, child string) error {
	var err error
	if *what, err = cleanField("the action", *what, MaxItem, true, true); err != nil {
		return err
	}
	if *owner, err = cleanField("the owner", *owner, MaxLine, false, true); err != nil {
		return err
	}
	if due.IsZero() {
		return fmt.Errorf("%w: an action needs a due date", ErrInvalid)
	}
	if due.Year() < 2000 || due.Year() > 2200 {
		return fmt.Errorf("%w: the due date %s is not plausible", ErrInvalid, due.Format("2 Jan 2006"))
	}
	return checkChild(c, child, false)
}

func (o AddAction) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "record actions"); err != nil {
		return nil, err
	}
	if err := checkAction(c, &o.What, &o.Owner, o.Due, o.ChildID); err != nil {
		return nil, err
	}
	o.Due = norm(o.Due)
	if len(c.Actions) >= 500 {
		return nil, fmt.Errorf("%w: the plan has 500 actions already", ErrConflict)
	}
	return o, nil
}

func (o AddAction) apply(c *Conference, x *applyCtx) string {
	a := Action{ID: newID(c, "a"), What: o.What, Owner: o.Owner, Due: o.Due, Status: ActionOpen,
		ChildID: o.ChildID, Restricted: o.Restricted, Closed: c.InClosedSegment(), Created: x.e.At}
	c.Actions = append(c.Actions, a)
	return "added action " + a.ID
}

// UpdateAction changes an action, including its status (or, for an action
// from the previous plan, its progress).
type UpdateAction struct {
	ID         string       `json:"id"`
	What       string       `json:"what"`
	Owner      string       `json:"owner"`
	Due        time.Time    `json:"due"`
	Status     ActionStatus `json:"status"`
	Restricted bool         `json:"restricted,omitempty"`
}

// Kind implements Op.
func (UpdateAction) Kind() string { return "action.update" }

func (o UpdateAction) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "change actions"); err != nil {
		return nil, err
	}
	i := actionIndex(c, o.ID)
	if i < 0 {
		return nil, fmt.Errorf("%w: no action %q", ErrNotFound, o.ID)
	}
	if !o.Status.Valid() {
		return nil, fmt.Errorf("%w: the status must be open, done, partly or not done", ErrInvalid)
	}
	if err := checkAction(c, &o.What, &o.Owner, o.Due, c.Actions[i].ChildID); err != nil {
		return nil, err
	}
	o.Due = norm(o.Due)
	return o, nil
}

func (o UpdateAction) apply(c *Conference, x *applyCtx) string {
	c.Actions = mutable(x, c.Actions)
	a := &c.Actions[actionIndex(c, o.ID)]
	a.What, a.Owner, a.Due, a.Status, a.Restricted = o.What, o.Owner, o.Due, o.Status, o.Restricted
	if c.InClosedSegment() {
		a.Closed = true
	}
	return fmt.Sprintf("updated action %s: %s", o.ID, o.Status)
}

// RemoveAction takes an action out of the plan.
type RemoveAction struct {
	ID string `json:"id"`
}

// Kind implements Op.
func (RemoveAction) Kind() string { return "action.remove" }

func (o RemoveAction) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "remove actions"); err != nil {
		return nil, err
	}
	i := actionIndex(c, o.ID)
	if i < 0 {
		return nil, fmt.Errorf("%w: no action %q", ErrNotFound, o.ID)
	}
	if c.Actions[i].FromPrevious {
		return nil, fmt.Errorf("%w: actions from the previous plan stay; record their progress instead", ErrConflict)
	}
	return o, nil
}

func (o RemoveAction) apply(c *Conference, x *applyCtx) string {
	i := actionIndex(c, o.ID)
	as := make([]Action, 0, len(c.Actions)-1)
	as = append(as, c.Actions[:i]...)
	c.Actions = append(as, c.Actions[i+1:]...)
	return "removed action " + o.ID
}

// SetCoreGroup records the core group and the lead social worker.
type SetCoreGroup struct {
	Members          []string `json:"members"`
	LeadSocialWorker string   `json:"lead_social_worker"`
}

// Kind implements Op.
func (SetCoreGroup) Kind() string { return "plan.core-group" }

func (o SetCoreGroup) check(c *Conference, x *checkCtx) (Op, error) {
	if err := editor(x, "record the core group"); err != nil {
		return nil, err
	}
	if len(o.Members) > 50 {
		return nil, fmt.Errorf("%w: the core group can have at most 50 members", ErrInvalid)
	}
	members := make([]string, 0, len(o.Members))
	for _, m := range o.Members {
		m, err := cleanField("a core group member", m, MaxLine, false, false)
		if err != nil {
			return nil, err
		}
		if m != "" {
			members = append(members, m)
		}
	}
	o.Members = members
	var err error
	if o.LeadSocialWorker, err = cleanField("the lead social worker", o.LeadSocialWorker, MaxLine, false, false); err != nil {
		return nil, err
	}
	return o, nil
}

func (o SetCoreGroup) apply(c *Conference, x *applyCtx) string {
	c.CoreGroup = slices.Clone(o.Members)
	c.LeadSocialWorker = o.LeadSocialWorker
	return fmt.Sprintf("set the core group (%d members) and lead social worker", len(o.Members))
}
