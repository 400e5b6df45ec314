package session

import (
	"fmt"
	"slices"
)

func init() {
	register(
		func() Op { return &AskRecommendations{} },
		func() Op { return &Recommend{} },
		func() Op { return &Decide{} },
		func() Op { return &RecordDissent{} },
	)
}

// AskRecommendations opens or closes the asking for recommendations.
type AskRecommendations struct {
	Open bool `json:"open"`
}

// Kind implements Op.
func (AskRecommendations) Kind() string { return "recommendations.ask" }

func (AskRecommendations) disclosure() disclosure { return recordsNothingSaid }

func (o AskRecommendations) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermAskRecommend); err != nil {
		return nil, err
	}
	if c.RecommendationsOpen == o.Open {
		return nil, refuse(ErrConflict, "recommendations are already %s", map[bool]string{true: "open", false: "closed"}[o.Open])
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
		return refuse(ErrInvalid, "choose one of the outcomes for this conference")
	}
	if out.NeedsCategory() {
		if !slices.Contains(Categories, cat) {
			return refuse(ErrInvalid, "a child protection plan needs a category")
		}
	} else if cat != CategoryNone {
		return refuse(ErrInvalid, "only a child protection plan has a category")
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
	// ReasonRestricted withholds the reason from the family; only the
	// chair and minute-taker may set it ([PermRestrictText]).
	ReasonRestricted bool `json:"reason_restricted,omitempty"`
}

// Kind implements Op.
func (Recommend) Kind() string { return "recommendation" }

func (Recommend) disclosure() disclosure { return recordsSpeech }

func (o Recommend) check(c *Conference, x *checkCtx) (Op, error) {
	if err := mayRestrict(x, o.ReasonRestricted); err != nil {
		return nil, err
	}
	by, err := onBehalf(c, x, o.AttendeeID, PermRecommend)
	if err != nil {
		return nil, err
	}
	if err := familyBarred(c, x, PermRecommend); err != nil {
		return nil, err
	}
	if o.AttendeeID == "" {
		o.AttendeeID = x.self.ID
	}
	o.RecordedBy = by
	if !c.RecommendationsOpen {
		return nil, refuse(ErrConflict, "the chair has not asked for recommendations")
	}
	if err := checkChild(c, o.ChildID, true); err != nil {
		return nil, err
	}
	if err := checkOutcome(c, o.Outcome, o.Category); err != nil {
		return nil, err
	}
	if o.Reason, err = cleanField("the reason", o.Reason, optionalText); err != nil {
		return nil, err
	}
	return o, nil
}

func (o Recommend) apply(c *Conference, x *applyCtx) string {
	r := Recommendation{ChildID: o.ChildID, AttendeeID: o.AttendeeID, Outcome: o.Outcome, Category: o.Category,
		Reason: o.Reason, At: x.e.At, RecordedBy: o.RecordedBy, ReasonRestricted: o.ReasonRestricted, Veil: x.veil}
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
	// ReasonsRestricted withholds the reasons (not the outcome) from the
	// family, their copy and the letter.
	ReasonsRestricted bool `json:"reasons_restricted,omitempty"`
}

// Kind implements Op.
func (Decide) Kind() string { return "decision" }

func (Decide) disclosure() disclosure { return recordsSpeech }

func (o Decide) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermDecide); err != nil {
		return nil, err
	}
	if err := checkChild(c, o.ChildID, true); err != nil {
		return nil, err
	}
	if err := checkOutcome(c, o.Outcome, o.Category); err != nil {
		return nil, err
	}
	if !c.Quorum().Met && c.InquorateReason == "" {
		return nil, refuse(ErrConflict, "the conference is not quorate; record the reason for going ahead first")
	}
	var err error
	if o.Reasons, err = cleanField("the reasons", o.Reasons, requiredLong); err != nil {
		return nil, err
	}
	return o, nil
}

func (o Decide) apply(c *Conference, x *applyCtx) string {
	d := Decision{ChildID: o.ChildID, Outcome: o.Outcome, Category: o.Category, Reasons: o.Reasons, At: x.e.At,
		ReasonsRestricted: o.ReasonsRestricted, Veil: x.veil}
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
	// Restricted withholds the dissent from the family; only the chair and
	// minute-taker may set it ([PermRestrictText]).
	Restricted bool `json:"restricted,omitempty"`
}

// Kind implements Op.
func (RecordDissent) Kind() string { return "dissent" }

func (RecordDissent) disclosure() disclosure { return recordsSpeech }

func (o RecordDissent) check(c *Conference, x *checkCtx) (Op, error) {
	if err := mayRestrict(x, o.Restricted); err != nil {
		return nil, err
	}
	by, err := onBehalf(c, x, o.AttendeeID, PermDissent)
	if err != nil {
		return nil, err
	}
	if err := familyBarred(c, x, PermDissent); err != nil {
		return nil, err
	}
	if o.AttendeeID == "" {
		o.AttendeeID = x.self.ID
	}
	o.RecordedBy = by
	if err := checkChild(c, o.ChildID, true); err != nil {
		return nil, err
	}
	if o.Text, err = cleanField("the dissent", o.Text, requiredLong); err != nil {
		return nil, err
	}
	return o, nil
}

func (o RecordDissent) apply(c *Conference, x *applyCtx) string {
	d := Dissent{ID: newID(c, "d"), ChildID: o.ChildID, AttendeeID: o.AttendeeID, Text: o.Text,
		At: x.e.At, RecordedBy: o.RecordedBy, Restricted: o.Restricted, Veil: x.veil}
	c.Dissent = append(c.Dissent, d)
	return fmt.Sprintf("recorded dissent %s by %s", d.ID, o.AttendeeID)
}
