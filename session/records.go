package session

import "time"

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
	// Veil is who may not see the item because of when it was written or
	// changed; it is withheld from them whatever Restricted says later.
	Veil
	Author  string    `json:"author"` // attendee or person ID
	Created time.Time `json:"created"`
	Edited  time.Time `json:"edited"`
	// WithheldGoals is set on a family view's danger statement: how many
	// safety goals paired with it the view left out.
	WithheldGoals int `json:"-"`
}

// Hidden reports whether the item is withheld from every family viewer.
func (it Item) Hidden() bool { return it.Restricted || it.hides(familyAll) }

// Score is one attendee's answer in a scaling round.
type Score struct {
	AttendeeID string    `json:"attendee_id"`
	Value      int       `json:"value"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
	// RecordedBy is set when the minute-taker or chair recorded it on
	// someone's behalf.
	RecordedBy string `json:"recorded_by,omitempty"`
	// ReasonRestricted withholds the reason (not the score) from the family.
	ReasonRestricted bool `json:"reason_restricted,omitempty"`
	// Veil is who may not see the score: given during a closed segment,
	// even in a round opened before it, family viewers never see it.
	Veil
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
	// Veil is who may not see the round (opened during a closed segment or
	// an exclusion).
	Veil
	// WithheldScores is set on a family view: how many of the round's
	// scores the view left out.
	WithheldScores int `json:"-"`
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
	ChildID   string  `json:"child_id"`
	ChildName string  `json:"child_name"`
	Question  string  `json:"question"`
	Scores    []int   `json:"scores"`
	Min       float64 `json:"min"`
	Median    float64 `json:"median"`
	Max       float64 `json:"max"`
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
	// ReasonRestricted withholds the reason (not the view) from the family.
	ReasonRestricted bool `json:"reason_restricted,omitempty"`
	Veil
}

// Decision is the chair's decision for one child.
type Decision struct {
	ChildID  string    `json:"child_id"`
	Outcome  Outcome   `json:"outcome"`
	Category Category  `json:"category,omitempty"`
	Reasons  string    `json:"reasons"`
	At       time.Time `json:"at"`
	// ReasonsRestricted withholds the reasons (not the outcome) from the
	// family, their copy and the letter.
	ReasonsRestricted bool `json:"reasons_restricted,omitempty"`
	Veil
}

// Dissent is an attendee's disagreement with the decision, in full.
type Dissent struct {
	ID         string    `json:"id"`
	ChildID    string    `json:"child_id"`
	AttendeeID string    `json:"attendee_id"`
	Text       string    `json:"text"`
	At         time.Time `json:"at"`
	RecordedBy string    `json:"recorded_by,omitempty"`
	// Restricted withholds the dissent from the family.
	Restricted bool `json:"restricted,omitempty"`
	Veil
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
	FromPrevious bool `json:"from_previous,omitempty"`
	Restricted   bool `json:"restricted,omitempty"`
	Veil
	Created time.Time `json:"created"`
}

// Hidden reports whether the action is withheld from every family viewer.
func (a Action) Hidden() bool { return a.Restricted || a.hides(familyAll) }
