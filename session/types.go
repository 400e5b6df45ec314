package session

import (
	"time"
)

// Role is what a person may do in one conference (SPEC §1).
type Role string

// The roles. RoleNone is someone known to the server who is not (or not yet)
// part of the conference, such as a guest waiting in the lobby.
const (
	RoleNone        Role = ""
	RoleChair       Role = "chair"
	RoleMinuteTaker Role = "minute-taker"
	RoleViewer      Role = "viewer"
	RoleFamily      Role = "family"
)

// Roles lists the assignable roles in the order a chair would think of them.
var Roles = []Role{RoleChair, RoleMinuteTaker, RoleViewer, RoleFamily}

// String returns the role as a person would say it.
func (r Role) String() string {
	switch r {
	case RoleChair:
		return "Chair"
	case RoleMinuteTaker:
		return "Minute-taker"
	case RoleViewer:
		return "Viewer"
	case RoleFamily:
		return "Family"
	}
	return "None"
}

// Valid reports whether r is one of the assignable roles.
func (r Role) Valid() bool {
	switch r {
	case RoleChair, RoleMinuteTaker, RoleViewer, RoleFamily:
		return true
	}
	return false
}

// Actor is who issues a command. Its ID is either a person ID from the
// people file or a guest ID issued by the conference; the transport resolves
// it from the key the client authenticated with. The role is never carried
// here: it is looked up in the conference state on every command.
type Actor struct {
	ID     string `json:"id"`
	Name   string `json:"name,omitempty"`
	Agency string `json:"agency,omitempty"`
	// Profession comes from the people file ("Health visitor", "GP"); the
	// record shows it in the attendance list.
	Profession  string `json:"profession,omitempty"`
	Fingerprint string `json:"fp,omitempty"`
	// MayChair is set for people the people file allows to create and chair
	// conferences.
	MayChair bool `json:"may_chair,omitempty"`
	// Admin is set for administrators, who may hand the chair role over
	// while the chair is disconnected.
	Admin bool `json:"admin,omitempty"`
}

// ConferenceType is the kind of conference (SPEC §3).
type ConferenceType string

// The conference types.
const (
	Initial    ConferenceType = "initial"
	Review     ConferenceType = "review"
	PreBirth   ConferenceType = "pre-birth"
	TransferIn ConferenceType = "transfer-in"
)

// ConferenceTypes lists every conference type.
var ConferenceTypes = []ConferenceType{Initial, Review, PreBirth, TransferIn}

// String returns the type as it appears in a record heading.
func (t ConferenceType) String() string {
	switch t {
	case Initial:
		return "Initial child protection conference"
	case Review:
		return "Review child protection conference"
	case PreBirth:
		return "Pre-birth child protection conference"
	case TransferIn:
		return "Transfer-in child protection conference"
	}
	return string(t)
}

// Valid reports whether t is a known conference type.
func (t ConferenceType) Valid() bool {
	switch t {
	case Initial, Review, PreBirth, TransferIn:
		return true
	}
	return false
}

// Child is a child the conference is about. Siblings share a conference.
type Child struct {
	ID   string `json:"id"`
	Name string `json:"name"` // name or reference
	// DOB is the date of birth; zero for an unborn child (pre-birth).
	DOB time.Time `json:"dob"`
	// Due is an unborn child's expected date of birth (pre-birth).
	Due time.Time `json:"due,omitzero"`
}

// Attendance records whether an invited person came.
type Attendance string

// The attendance states.
const (
	Present   Attendance = "present"
	Apologies Attendance = "apologies"
	Absent    Attendance = "absent"
)

// Valid reports whether a is a known attendance state.
func (a Attendance) Valid() bool {
	return a == Present || a == Apologies || a == Absent
}

// Attendee is one person on the conference's attendance list: someone with a
// terminal (PersonID or a guest key) or someone recorded in the room.
type Attendee struct {
	ID string `json:"id"`
	// PersonID is the people-file ID for known people, empty otherwise.
	PersonID string `json:"person_id,omitempty"`
	// Fingerprint binds an admitted guest's key to this attendee.
	Fingerprint  string     `json:"fp,omitempty"`
	Name         string     `json:"name"`
	Relationship string     `json:"relationship,omitempty"` // "Social worker", "Mother", "GP"...
	Agency       string     `json:"agency,omitempty"`
	Role         Role       `json:"role"`
	Attendance   Attendance `json:"attendance"`
	Remote       bool       `json:"remote"`
	// ReportSubmitted and ReportShared record the agency report and whether
	// it was shared with the parents before the conference.
	ReportSubmitted bool `json:"report_submitted,omitempty"`
	ReportShared    bool `json:"report_shared,omitempty"`
	// AcceptedAt is when the attendee first accepted the confidentiality
	// statement; zero if never.
	AcceptedAt time.Time `json:"accepted_at"`
	// Removed is set when the chair removed them; the record keeps them.
	Removed bool `json:"removed,omitempty"`
}

// GuestStatus is where an invited guest is in the lobby.
type GuestStatus string

// The guest states.
const (
	GuestWaiting    GuestStatus = "waiting"
	GuestAdmitted   GuestStatus = "admitted"
	GuestTurnedAway GuestStatus = "turned-away"
)

// Invite is a one-time, expiring code a chair created for a conference. Only
// a hash of the code is kept, so the journal never holds a usable code.
type Invite struct {
	Hash    string    `json:"hash"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
	UsedBy  string    `json:"used_by,omitempty"` // guest ID once redeemed
}

// Guest is someone who redeemed an invite and is waiting to be admitted.
type Guest struct {
	ID          string      `json:"id"`
	Name        string      `json:"name"`
	Agency      string      `json:"agency"`
	Fingerprint string      `json:"fp"`
	At          time.Time   `json:"at"`
	Status      GuestStatus `json:"status"`
}

// AgendaStep is one agreed step of the agenda.
type AgendaStep struct {
	Key    string `json:"key,omitempty"` // stable name for templates ("scaling", "decision"...)
	Title  string `json:"title"`
	Prompt string `json:"prompt,omitempty"`
	// Started and Ended are when the chair entered and left it; a step can
	// be revisited, in which case Spent adds the visits up.
	Started time.Time     `json:"started"`
	Ended   time.Time     `json:"ended"`
	Spent   time.Duration `json:"spent"`
	// Entered is when the current (or last) visit began.
	Entered time.Time `json:"entered"`
}

// Section is a part of the whiteboard (SPEC §3.2).
type Section string

// The board sections.
const (
	Harm             Section = "harm"
	Worries          Section = "worries"
	Complicating     Section = "complicating"
	Strengths        Section = "strengths"
	ExistingSafety   Section = "existing-safety"
	GreyAreas        Section = "grey-areas"
	FamilyViews      Section = "family-views"
	ChildViews       Section = "child-views"
	DangerStatements Section = "danger-statements"
	SafetyGoals      Section = "safety-goals"
	NextSteps        Section = "next-steps"
)

// Sections lists the board sections in the order they are shown and recorded.
var Sections = []Section{Harm, Worries, Complicating, Strengths, ExistingSafety,
	GreyAreas, FamilyViews, ChildViews, DangerStatements, SafetyGoals, NextSteps}

// Title returns the section's heading.
func (s Section) Title() string {
	switch s {
	case Harm:
		return "Harm (what has happened)"
	case Worries:
		return "Danger and worries (future)"
	case Complicating:
		return "Complicating factors"
	case Strengths:
		return "What is working well"
	case ExistingSafety:
		return "Existing safety"
	case GreyAreas:
		return "Grey areas"
	case FamilyViews:
		return "Family's views"
	case ChildViews:
		return "Child's views (in their words)"
	case DangerStatements:
		return "Danger statements"
	case SafetyGoals:
		return "Safety goals"
	case NextSteps:
		return "Next steps"
	}
	return string(s)
}

// Valid reports whether s is a known section.
func (s Section) Valid() bool {
	for _, x := range Sections {
		if x == s {
			return true
		}
	}
	return false
}

// Tag says what kind of statement an item is.
type Tag string

// The tags. TagNone means untagged.
const (
	TagNone        Tag = ""
	TagFact        Tag = "fact"
	TagObservation Tag = "observation"
	TagAllegation  Tag = "allegation"
	TagOpinion     Tag = "opinion"
)

// Tags lists the tags in cycling order, starting with none.
var Tags = []Tag{TagNone, TagFact, TagObservation, TagAllegation, TagOpinion}

// Valid reports whether t is a known tag.
func (t Tag) Valid() bool {
	for _, x := range Tags {
		if x == t {
			return true
		}
	}
	return false
}

// Item is one short entry on the board.
type Item struct {
	ID      string  `json:"id"`
	Section Section `json:"section"`
	Text    string  `json:"text"`
	Tag     Tag     `json:"tag,omitempty"`
	// Attribution names the person or agency the item comes from.
	Attribution string `json:"attribution,omitempty"`
	// ChildID ties the item to one child; empty means all children.
	ChildID string `json:"child_id,omitempty"`
	// Pair links a safety goal to the danger statement it answers.
	Pair       string `json:"pair,omitempty"`
	Restricted bool   `json:"restricted,omitempty"`
	// Closed is set for items recorded during a closed segment; they are
	// withheld from family viewers whatever Restricted says later.
	Closed  bool      `json:"closed,omitempty"`
	Author  string    `json:"author"` // attendee or person ID
	Created time.Time `json:"created"`
	Edited  time.Time `json:"edited"`
}

// Hidden reports whether the item is withheld from family viewers.
func (it Item) Hidden() bool { return it.Restricted || it.Closed }

// Score is one attendee's answer in a scaling round.
type Score struct {
	AttendeeID string    `json:"attendee_id"`
	Value      int       `json:"value"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
	// RecordedBy is set when the minute-taker or chair recorded it on
	// someone's behalf.
	RecordedBy string `json:"recorded_by,omitempty"`
	// Closed is set for a score given during a closed segment, even in a
	// round opened before it: family viewers never see it.
	Closed bool `json:"closed,omitempty"`
	// Sealed is set on a copy made by [Snapshot.Sealed]: someone else's
	// score in an unrevealed round, with its value and reason removed.
	Sealed bool `json:"-"`
}

// RoundState is where a scaling round is.
type RoundState string

// The round states.
const (
	RoundOpen     RoundState = "open"
	RoundRevealed RoundState = "revealed"
	RoundClosed   RoundState = "closed"
)

// ScalingRound is one 0–10 question put to everyone (SPEC §3.3).
type ScalingRound struct {
	ID       string     `json:"id"`
	ChildID  string     `json:"child_id"`
	DangerID string     `json:"danger_id,omitempty"`
	Question string     `json:"question"`
	State    RoundState `json:"state"`
	Opened   time.Time  `json:"opened"`
	Revealed time.Time  `json:"revealed"`
	ClosedAt time.Time  `json:"closed_at"`
	Scores   []Score    `json:"scores"`
	// Closed is set for rounds opened during a closed segment.
	Closed bool `json:"closed,omitempty"`
}

// Spread returns the minimum, median and maximum score and how many there
// are. The median of an even count is the mean of the middle two.
func (r ScalingRound) Spread() (min, median, max float64, n int) {
	vals := make([]int, 0, len(r.Scores))
	for _, s := range r.Scores {
		vals = append(vals, s.Value)
	}
	return spread(vals)
}

// Previous is what a review conference keeps from the conference before it.
type Previous struct {
	ConferenceID string    `json:"conference_id"`
	Date         time.Time `json:"date"`
	// Rounds are the previous conference's final scaling rounds.
	Rounds []PreviousRound `json:"rounds,omitempty"`
}

// PreviousRound is a past round's figures, per child.
type PreviousRound struct {
	ChildID   string `json:"child_id"`
	ChildName string `json:"child_name"`
	Question  string `json:"question"`
	// Danger is the danger statement a round scored, for rounds asked
	// about one; empty for the child's overall round.
	Danger string  `json:"danger,omitempty"`
	Scores []int   `json:"scores"`
	Min    float64 `json:"min"`
	Median float64 `json:"median"`
	Max    float64 `json:"max"`
}

// Outcome is a recommendation or decision for a child.
type Outcome string

// The outcomes. Continue and End are the decisions of a review conference.
const (
	OutcomeCPPlan   Outcome = "cp-plan"
	OutcomeCINPlan  Outcome = "cin-plan"
	OutcomeNFA      Outcome = "nfa"
	OutcomeContinue Outcome = "continue-plan"
	OutcomeEnd      Outcome = "end-plan"
)

// String returns the outcome in words.
func (o Outcome) String() string {
	switch o {
	case OutcomeCPPlan:
		return "Child protection plan"
	case OutcomeCINPlan:
		return "Child in need plan"
	case OutcomeNFA:
		return "No further action"
	case OutcomeContinue:
		return "Continue the child protection plan"
	case OutcomeEnd:
		return "End the child protection plan"
	}
	return string(o)
}

// NeedsCategory reports whether the outcome must carry a category.
func (o Outcome) NeedsCategory() bool { return o == OutcomeCPPlan || o == OutcomeContinue }

// Outcomes returns the outcomes that fit a conference type.
func Outcomes(t ConferenceType) []Outcome {
	if t == Review {
		return []Outcome{OutcomeContinue, OutcomeEnd}
	}
	return []Outcome{OutcomeCPPlan, OutcomeCINPlan, OutcomeNFA}
}

// Category is the category of abuse under a child protection plan.
type Category string

// The categories.
const (
	CategoryNone      Category = ""
	CategoryNeglect   Category = "neglect"
	CategoryPhysical  Category = "physical"
	CategoryEmotional Category = "emotional"
	CategorySexual    Category = "sexual"
	CategoryMultiple  Category = "multiple"
)

// Categories lists the categories a plan may carry.
var Categories = []Category{CategoryNeglect, CategoryPhysical, CategoryEmotional, CategorySexual, CategoryMultiple}

// String returns the category in words.
func (c Category) String() string {
	switch c {
	case CategoryNeglect:
		return "Neglect"
	case CategoryPhysical:
		return "Physical abuse"
	case CategoryEmotional:
		return "Emotional abuse"
	case CategorySexual:
		return "Sexual abuse"
	case CategoryMultiple:
		return "Multiple categories"
	}
	return "None"
}

// Recommendation is one attendee's view on what a child needs.
type Recommendation struct {
	ChildID    string    `json:"child_id"`
	AttendeeID string    `json:"attendee_id"`
	Outcome    Outcome   `json:"outcome"`
	Category   Category  `json:"category,omitempty"`
	Reason     string    `json:"reason,omitempty"`
	At         time.Time `json:"at"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	Closed     bool      `json:"closed,omitempty"`
}

// Decision is the chair's decision for one child.
type Decision struct {
	ChildID  string    `json:"child_id"`
	Outcome  Outcome   `json:"outcome"`
	Category Category  `json:"category,omitempty"`
	Reasons  string    `json:"reasons"`
	At       time.Time `json:"at"`
}

// Dissent is an attendee's disagreement with the decision, in full.
type Dissent struct {
	ID         string    `json:"id"`
	ChildID    string    `json:"child_id"`
	AttendeeID string    `json:"attendee_id"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	Closed     bool      `json:"closed,omitempty"`
}

// ActionStatus is where a plan action stands.
type ActionStatus string

// The action states. Done, Partly and NotDone double as the progress marks
// a review conference gives the previous plan's actions.
const (
	ActionOpen    ActionStatus = "open"
	ActionDone    ActionStatus = "done"
	ActionPartly  ActionStatus = "partly"
	ActionNotDone ActionStatus = "not-done"
)

// ActionStatuses lists the states in cycling order.
var ActionStatuses = []ActionStatus{ActionOpen, ActionDone, ActionPartly, ActionNotDone}

// Valid reports whether s is a known action state.
func (s ActionStatus) Valid() bool {
	for _, x := range ActionStatuses {
		if x == s {
			return true
		}
	}
	return false
}

// Action is one thing someone will do under the plan.
type Action struct {
	ID      string       `json:"id"`
	What    string       `json:"what"`
	Owner   string       `json:"owner"`
	Due     time.Time    `json:"due"`
	Status  ActionStatus `json:"status"`
	ChildID string       `json:"child_id,omitempty"`
	// FromPrevious marks actions carried from the previous conference's
	// plan, which a review checks progress against.
	FromPrevious bool      `json:"from_previous,omitempty"`
	Restricted   bool      `json:"restricted,omitempty"`
	Closed       bool      `json:"closed,omitempty"`
	Created      time.Time `json:"created"`
}

// Hidden reports whether the action is withheld from family viewers.
func (a Action) Hidden() bool { return a.Restricted || a.Closed }

// Segment is a closed (family-excluded) part of the meeting.
type Segment struct {
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"` // zero while in progress
}

// AuditEntry is one line of the audit trail: who did what, when. Its
// summary names records by ID; only an edit or a removal keeps the text it
// changed, for the full record (a family view has no audit trail).
type AuditEntry struct {
	Seq     uint64    `json:"seq"`
	At      time.Time `json:"at"`
	ActorID string    `json:"actor_id"`
	Actor   string    `json:"actor"`
	Kind    string    `json:"kind"`
	Summary string    `json:"summary"`
	// Before and After are the text an edit or removal changed (After is
	// empty for a removal); empty for every other kind.
	Before string `json:"before,omitempty"`
	After  string `json:"after,omitempty"`
}

// Dates are the deadlines that follow from the conference (SPEC §3.5).
type Dates struct {
	DecisionLetter time.Time
	CoreGroup      time.Time
	Minutes        time.Time
	Review         time.Time
}
