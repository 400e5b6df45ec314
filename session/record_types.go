package session

import (
	"slices"
	"strconv"
	"time"
)

// RecordStatus is where a conference's record is in its life cycle:
// live while the meeting runs, a draft once it has ended, approved once the
// chair signs it off. An amendment after approval makes it a draft again
// until the chair re-approves it.
type RecordStatus string

// The record states.
const (
	RecordLive     RecordStatus = "live"
	RecordDraft    RecordStatus = "draft"
	RecordApproved RecordStatus = "approved"
)

// Approval is the chair signing off one version of the record.
type Approval struct {
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	By      string    `json:"by"` // attendee ID
}

// Amendment is one correction made to the record after the meeting: who
// made it, when, why, and the text before and after.
type Amendment struct {
	// Version is the record version the amendment made (the first
	// amendment makes version 2).
	Version int       `json:"version"`
	At      time.Time `json:"at"`
	By      string    `json:"by"` // attendee ID
	// What names the part of the record changed, in words ("Board item:
	// Harm (what has happened)", "Chair's summary").
	What   string `json:"what"`
	Before string `json:"before"`
	After  string `json:"after"`
	Reason string `json:"reason"`
	// Restricted is set when the amended text is withheld from the family:
	// the amendment (its before and after text) is withheld with it.
	Restricted bool `json:"restricted,omitempty"`
	// Veil is the amended record's: an amendment is withheld from whoever
	// could not see what it amends.
	Veil
}

// RecordLife holds the record's life cycle after the meeting.
type RecordLife struct {
	// Current is the record's version; 0 means 1 (never amended).
	Current    int         `json:"version,omitempty"`
	Approvals  []Approval  `json:"approvals,omitempty"`
	Amendments []Amendment `json:"amendments,omitempty"`
}

// Version is the record's current version: 1, plus one per amendment. It
// is kept apart from the amendment log, which a family view shortens.
func (l RecordLife) Version() int { return max(1, l.Current) }

// Status returns where the record of c is in its life cycle.
func (c *Conference) Status() RecordStatus {
	switch {
	case c.Ended.IsZero():
		return RecordLive
	case len(c.Record.Approvals) > 0 && c.Record.Approvals[len(c.Record.Approvals)-1].Version == c.Record.Version():
		return RecordApproved
	}
	return RecordDraft
}

// Reapproved reports whether the record was approved again after an
// amendment to an approved version.
func (c *Conference) Reapproved() bool { return len(c.Record.Approvals) > 1 }

// LastApproval returns the latest approval, if any.
func (c *Conference) LastApproval() (Approval, bool) {
	if n := len(c.Record.Approvals); n > 0 {
		return c.Record.Approvals[n-1], true
	}
	return Approval{}, false
}

// Note is one piece of free text in the record beyond the board: the
// chair's summary, a step's discussion note, a part of the case context or
// the plan. Restricted text is withheld from the family.
type Note struct {
	Text       string    `json:"text"`
	Restricted bool      `json:"restricted,omitempty"`
	By         string    `json:"by,omitempty"` // attendee ID
	At         time.Time `json:"at"`
	// Veil is who may not see the note because of when it was written.
	Veil
}

// Hidden reports whether the note is withheld from every family viewer.
func (n Note) Hidden() bool { return n.Restricted || n.hides(familyAll) }

// RecordField names one free-text part of the record that [SetRecordText]
// writes.
type RecordField string

// The record's free-text fields. StepNote is per agenda step (its key).
const (
	FieldSummary     RecordField = "summary"
	FieldAnalysis    RecordField = "analysis"
	FieldStepNote    RecordField = "step-note"
	FieldReason      RecordField = "reason"
	FieldS47         RecordField = "s47"
	FieldAddress     RecordField = "address"
	FieldLanguage    RecordField = "language"
	FieldBackground  RecordField = "background"
	FieldOutcomes    RecordField = "outcomes"
	FieldContingency RecordField = "contingency"
	FieldVisiting    RecordField = "visiting"
	FieldSeenAlone   RecordField = "seen-alone"
	FieldCINPlan     RecordField = "cin-plan"
	FieldContact     RecordField = "contact"
)

// RecordFields lists the fields in the order the record shows them.
var RecordFields = []RecordField{FieldReason, FieldS47, FieldBackground, FieldAddress, FieldLanguage,
	FieldSummary, FieldAnalysis, FieldStepNote, FieldOutcomes, FieldContingency, FieldVisiting,
	FieldSeenAlone, FieldCINPlan, FieldContact}

// Title returns the field's heading in the record.
func (f RecordField) Title() string {
	switch f {
	case FieldSummary:
		return "Chair's summary"
	case FieldAnalysis:
		return "Analysis of risk"
	case FieldStepNote:
		return "Discussion note"
	case FieldReason:
		return "Reason for the conference"
	case FieldS47:
		return "Outcome of the section 47 enquiry"
	case FieldAddress:
		return "Child's address"
	case FieldLanguage:
		return "Interpreter and language needs"
	case FieldBackground:
		return "Background"
	case FieldOutcomes:
		return "How we will know things are better"
	case FieldContingency:
		return "Contingency plan"
	case FieldVisiting:
		return "How often the child is visited"
	case FieldSeenAlone:
		return "Seeing the child alone"
	case FieldCINPlan:
		return "Child in need or step-down plan"
	case FieldContact:
		return "How the family can reach us"
	}
	return string(f)
}

// Valid reports whether f is a known field.
func (f RecordField) Valid() bool { return slices.Contains(RecordFields, f) }

// fieldSteps says at which agenda step (by template key) each field is
// written, so a screen can offer it where it belongs. A step note belongs
// to every step.
var fieldSteps = map[string][]RecordField{
	StepWelcome:  {FieldReason, FieldS47, FieldBackground, FieldAddress, FieldLanguage},
	StepAttend:   {FieldLanguage},
	StepProgress: {FieldBackground},
	StepSummary:  {FieldSummary, FieldAnalysis},
	StepDecision: {FieldCINPlan},
	StepPlan:     {FieldOutcomes, FieldContingency, FieldVisiting, FieldSeenAlone, FieldCINPlan},
	StepDates:    {FieldContact},
}

// FieldsAt returns the record fields written at the agenda step with the
// given template key, then the step's own discussion note.
func FieldsAt(stepKey string) []RecordField {
	return append(slices.Clone(fieldSteps[stepKey]), FieldStepNote)
}

// RestrictedByDefault reports whether the field is withheld from the family
// unless someone chooses to share it: the child's address may reach a
// person the child must be kept from.
func (f RecordField) RestrictedByDefault() bool { return f == FieldAddress }

// HouseholdMember is one person in the child's household, or someone
// holding parental responsibility who lives elsewhere.
type HouseholdMember struct {
	Name         string `json:"name"`
	Relationship string `json:"relationship,omitempty"` // "Mother", "Mother's partner"...
	// ParentalResponsibility records whether they hold it.
	ParentalResponsibility bool `json:"pr,omitempty"`
	LivesWithChild         bool `json:"lives_with_child,omitempty"`
	Restricted             bool `json:"restricted,omitempty"`
	// Veil is who may not see the entry because of when it was written.
	Veil
}

// ChildCategory is what the record keeps about a child's category of
// abuse beyond this conference's decision: which categories "multiple"
// means, and the category at the start of the plan (as the children in
// need census keeps the initial and the latest).
type ChildCategory struct {
	ChildID string `json:"child_id"`
	// Which lists the categories when the decision is "multiple".
	Which []Category `json:"which,omitempty"`
	// Initial is the category the plan began under, and InitialDate when.
	Initial     Category  `json:"initial,omitempty"`
	InitialDate time.Time `json:"initial_date"`
	// Previous is the category at the previous conference (a review).
	Previous Category `json:"previous,omitempty"`
}

// Details is the record beyond the board and the decisions: the chair's
// summary, discussion notes, case context and the full plan.
type Details struct {
	// Text holds the single-text fields; StepNotes the per-step notes by
	// agenda step key (or "step-N" for a step without one).
	Text       map[RecordField]Note `json:"text,omitempty"`
	StepNotes  map[string]Note      `json:"step_notes,omitempty"`
	Household  []HouseholdMember    `json:"household,omitempty"`
	Categories []ChildCategory      `json:"categories,omitempty"`
}

// TextOf returns a field's note (zero if none).
func (d Details) TextOf(f RecordField) Note { return d.Text[f] }

// CategoryOf returns what the record keeps about a child's category.
func (d Details) CategoryOf(childID string) (ChildCategory, bool) {
	for _, cc := range d.Categories {
		if cc.ChildID == childID {
			return cc, true
		}
	}
	return ChildCategory{}, false
}

// StepKey returns the key a step's discussion note is kept under.
func StepKey(steps []AgendaStep, i int) string {
	if i >= 0 && i < len(steps) && steps[i].Key != "" {
		return steps[i].Key
	}
	return "step-" + strconv.Itoa(i+1)
}

// familyDetails withholds the restricted or veiled parts of the record's
// details and amendment log from audience a, counting them under
// "text:<field>", "note:<step key>", "household" and "amendments". Called
// by [Snapshot.view] on a copy of the conference.
func familyDetails(c *Conference, a audience, withheld func(string)) {
	d := c.Details
	hidden := func(n Note) bool { return n.Restricted || n.hides(a) }
	if len(d.Text) > 0 {
		text := make(map[RecordField]Note, len(d.Text))
		for f, n := range d.Text {
			if hidden(n) {
				withheld("text:" + string(f))
				continue
			}
			text[f] = n
		}
		d.Text = text
	}
	if len(d.StepNotes) > 0 {
		notes := make(map[string]Note, len(d.StepNotes))
		for k, n := range d.StepNotes {
			if hidden(n) {
				withheld("note:" + k)
				continue
			}
			notes[k] = n
		}
		d.StepNotes = notes
	}
	d.Household = filter(d.Household, func(m HouseholdMember) bool {
		if m.Restricted || m.hides(a) {
			withheld("household")
			return false
		}
		return true
	})
	c.Details = d
	c.Record.Amendments = filter(c.Record.Amendments, func(x Amendment) bool {
		if x.Restricted || x.hides(a) {
			withheld("amendments")
			return false
		}
		return true
	})
}
