package session

import (
	"fmt"
	"slices"
	"time"
)

func init() {
	register(
		func() Op { return &StartExclusion{} },
		func() Op { return &EndExclusion{} },
	)
}

// Grounds is why the chair excluded a family member from part of the
// conference.
type Grounds string

// The grounds for an exclusion.
const (
	GroundsRiskToChild  Grounds = "risk-to-child"
	GroundsViolence     Grounds = "violence-or-intoxication"
	GroundsChildsWish   Grounds = "childs-wish"
	GroundsConfidential Grounds = "confidential-material"
	GroundsOther        Grounds = "other"
)

// AllGrounds lists the grounds in the order a form offers them.
var AllGrounds = []Grounds{GroundsRiskToChild, GroundsViolence, GroundsChildsWish, GroundsConfidential, GroundsOther}

// String returns the grounds as the record words them.
func (g Grounds) String() string {
	switch g {
	case GroundsRiskToChild:
		return "Their presence would put the child at risk"
	case GroundsViolence:
		return "Violence, threats or intoxication"
	case GroundsChildsWish:
		return "The child's wish"
	case GroundsConfidential:
		return "Confidential legal or criminal material"
	case GroundsOther:
		return "Other"
	}
	return string(g)
}

// Exclusion is one family member asked to leave part of the conference.
// What is recorded meanwhile is withheld from them alone.
type Exclusion struct {
	ID         string    `json:"id"`
	AttendeeID string    `json:"attendee_id"`
	Grounds    Grounds   `json:"grounds"`
	Detail     string    `json:"detail,omitempty"` // the chair's words; required for GroundsOther
	Started    time.Time `json:"started"`
	Ended      time.Time `json:"ended"` // zero while in progress
}

// StartExclusion excludes one named family member until [EndExclusion]
// (or the end of the conference). Chair only.
type StartExclusion struct {
	AttendeeID string  `json:"attendee_id"`
	Grounds    Grounds `json:"grounds"`
	// Detail explains the grounds; required when Grounds is GroundsOther.
	Detail string `json:"detail,omitempty"`
}

// Kind implements Op.
func (StartExclusion) Kind() string { return "exclusion.start" }

func (StartExclusion) disclosure() disclosure { return professionalsOnly }

func (o StartExclusion) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermExclude); err != nil {
		return nil, err
	}
	i := attendeeIndex(c, o.AttendeeID)
	if i < 0 || c.Attendees[i].Removed {
		return nil, refuse(ErrNotFound, "no attendee %q", o.AttendeeID)
	}
	a := c.Attendees[i]
	if a.Role != RoleFamily {
		return nil, refuse(ErrConflict, "only a family member can be excluded; %s is not family", a.Name)
	}
	if c.ExcludedNow(a.ID) {
		return nil, refuse(ErrConflict, "%s is already excluded", a.Name)
	}
	if !slices.Contains(AllGrounds, o.Grounds) {
		return nil, refuse(ErrInvalid, "choose the grounds for the exclusion")
	}
	rule := optionalText
	if o.Grounds == GroundsOther {
		rule = requiredText
	}
	var err error
	if o.Detail, err = cleanField("the grounds", o.Detail, rule); err != nil {
		return nil, err
	}
	if len(c.Exclusions) >= 200 {
		return nil, refuse(ErrConflict, "this conference has 200 exclusions already")
	}
	return o, nil
}

func (o StartExclusion) apply(c *Conference, x *applyCtx) string {
	e := Exclusion{ID: newID(c, "x"), AttendeeID: o.AttendeeID, Grounds: o.Grounds, Detail: o.Detail, Started: x.e.At}
	c.Exclusions = append(c.Exclusions, e)
	return fmt.Sprintf("excluded %s (%s)", o.AttendeeID, o.Grounds)
}

// EndExclusion lets an excluded family member back in. Chair only.
type EndExclusion struct {
	AttendeeID string `json:"attendee_id"`
}

// Kind implements Op.
func (EndExclusion) Kind() string { return "exclusion.end" }

func (EndExclusion) disclosure() disclosure { return professionalsOnly }

func (o EndExclusion) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermExclude); err != nil {
		return nil, err
	}
	if !c.ExcludedNow(o.AttendeeID) {
		return nil, refuse(ErrConflict, "that person is not excluded")
	}
	return o, nil
}

func (o EndExclusion) apply(c *Conference, x *applyCtx) string {
	endExclusions(c, x, func(e Exclusion) bool { return e.AttendeeID == o.AttendeeID })
	return "let " + o.AttendeeID + " back in"
}

// endExclusions ends the exclusions in progress that match.
func endExclusions(c *Conference, x *applyCtx, match func(Exclusion) bool) {
	for i, e := range c.Exclusions {
		if e.Ended.IsZero() && match(e) {
			c.Exclusions = mutable(x, c.Exclusions)
			c.Exclusions[i].Ended = x.e.At
		}
	}
}
