package session

import "fmt"

func init() { register(func() Op { return &RestrictText{} }) }

// TextTarget names a piece of free text [RestrictText] can mark.
type TextTarget string

// The texts the chair and minute-taker can restrict.
const (
	TextItem                 TextTarget = "item"                  // ID: item ID
	TextScoreReason          TextTarget = "score-reason"          // ID: round ID; AttendeeID: whose score
	TextRecommendationReason TextTarget = "recommendation-reason" // ID: child ID; AttendeeID: whose view
	TextDissent              TextTarget = "dissent"               // ID: dissent ID
	TextDecisionReasons      TextTarget = "decision-reasons"      // ID: child ID
	TextAction               TextTarget = "action"                // ID: action ID
	TextAttendeeNotes        TextTarget = "attendee-notes"        // ID: attendee ID
)

// RestrictText marks (or unmarks) one piece of free text restricted: it
// never reaches a family viewer, a family copy or the letter, and the
// family copy says something was withheld there. Chair and minute-taker.
type RestrictText struct {
	Target TextTarget `json:"target"`
	ID     string     `json:"id"`
	// AttendeeID is whose score or recommendation it is.
	AttendeeID string `json:"attendee_id,omitempty"`
	Restricted bool   `json:"restricted"`
}

// Kind implements Op.
func (RestrictText) Kind() string { return "text.restrict" }

// disclosure: a mark only hides more (or shows again what the family
// could see before it was marked); it records nothing said.
func (RestrictText) disclosure() disclosure { return recordsNothingSaid }

func (o RestrictText) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermRestrictText); err != nil {
		return nil, err
	}
	if o.locate(c) < 0 {
		return nil, refuse(ErrNotFound, "there is no such text to mark")
	}
	return o, nil
}

// locate returns the index of the record o marks, or -1.
func (o RestrictText) locate(c *Conference) int {
	switch o.Target {
	case TextItem:
		return itemIndex(c, o.ID)
	case TextScoreReason:
		i := roundIndex(c, o.ID)
		if i < 0 {
			return -1
		}
		return indexOf(c.Rounds[i].Scores, func(s Score) bool { return s.AttendeeID == o.AttendeeID })
	case TextRecommendationReason:
		return indexOf(c.Recommendations, func(r Recommendation) bool {
			return r.ChildID == o.ID && r.AttendeeID == o.AttendeeID
		})
	case TextDissent:
		return indexOf(c.Dissent, func(d Dissent) bool { return d.ID == o.ID })
	case TextDecisionReasons:
		return indexOf(c.Decisions, func(d Decision) bool { return d.ChildID == o.ID })
	case TextAction:
		return actionIndex(c, o.ID)
	case TextAttendeeNotes:
		return attendeeIndex(c, o.ID)
	}
	return -1
}

func (o RestrictText) apply(c *Conference, x *applyCtx) string {
	i := o.locate(c)
	switch o.Target {
	case TextItem:
		c.Items = mutable(x, c.Items)
		c.Items[i].Restricted = o.Restricted
	case TextScoreReason:
		c.Rounds = mutable(x, c.Rounds)
		r := &c.Rounds[roundIndex(c, o.ID)]
		r.Scores = mutable(x, r.Scores)
		r.Scores[i].ReasonRestricted = o.Restricted
	case TextRecommendationReason:
		c.Recommendations = mutable(x, c.Recommendations)
		c.Recommendations[i].ReasonRestricted = o.Restricted
	case TextDissent:
		c.Dissent = mutable(x, c.Dissent)
		c.Dissent[i].Restricted = o.Restricted
	case TextDecisionReasons:
		c.Decisions = mutable(x, c.Decisions)
		c.Decisions[i].ReasonsRestricted = o.Restricted
	case TextAction:
		c.Actions = mutable(x, c.Actions)
		c.Actions[i].Restricted = o.Restricted
	case TextAttendeeNotes:
		c.Attendees = mutable(x, c.Attendees)
		c.Attendees[i].NotesRestricted = o.Restricted
	}
	verb := "restricted"
	if !o.Restricted {
		verb = "unrestricted"
	}
	return fmt.Sprintf("%s the %s of %s %s", verb, o.Target, o.ID, o.AttendeeID)
}
