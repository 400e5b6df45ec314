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
	ID          string `json:"id"`
	Name        string `json:"name,omitempty"`
	Agency      string `json:"agency,omitempty"`
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
}

// Attendance records whether an invited person came.
type Attendance string

// The attendance states.
const (
	Present Attendance = "present"
	// Expected is someone added who has not joined yet: they become
	// present when they join, or when the minute-taker says so.
	Expected  Attendance = "expected"
	Apologies Attendance = "apologies"
	Absent    Attendance = "absent"
)

// Valid reports whether a is a known attendance state.
func (a Attendance) Valid() bool {
	return a == Present || a == Apologies || a == Absent || a == Expected
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
	// Notes is free text about the attendee (why they left early, what
	// they brought); NotesRestricted withholds it from the family.
	Notes           string `json:"notes,omitempty"`
	NotesRestricted bool   `json:"notes_restricted,omitempty"`
	// Veil is who may not see the attendee: someone added or changed in a
	// closed segment is withheld from the family.
	Veil
}

// GuestStatus is where an invited guest is in the lobby.
type GuestStatus string

// The guest states.
const (
	GuestWaiting    GuestStatus = "waiting"
	GuestAdmitted   GuestStatus = "admitted"
	GuestTurnedAway GuestStatus = "turned-away"
)

// GuestKind is what a guest says they are when they redeem an invite.
type GuestKind string

// The guest kinds. GuestUnsaid is a guest who was not asked (an older
// terminal, or a journal from before the question).
const (
	GuestUnsaid       GuestKind = ""
	GuestFamily       GuestKind = "family"
	GuestProfessional GuestKind = "professional"
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
	As          GuestKind   `json:"as,omitempty"`
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

// Segment is a closed (family-excluded) part of the meeting.
type Segment struct {
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"` // zero while in progress
}

// AuditEntry is one line of the audit trail: who did what, when. It names
// records by ID and never copies board text.
type AuditEntry struct {
	Seq     uint64    `json:"seq"`
	At      time.Time `json:"at"`
	ActorID string    `json:"actor_id"`
	Actor   string    `json:"actor"`
	Kind    string    `json:"kind"`
	Summary string    `json:"summary"`
}

// Dates are the deadlines that follow from the conference (SPEC §3.5).
type Dates struct {
	DecisionLetter time.Time
	CoreGroup      time.Time
	Minutes        time.Time
	Review         time.Time
}
