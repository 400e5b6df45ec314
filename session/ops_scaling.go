package session

import (
	"fmt"
	"slices"
)

func init() {
	register(
		func() Op { return &OpenRound{} },
		func() Op { return &CastScore{} },
		func() Op { return &RevealRound{} },
		func() Op { return &CloseRound{} },
	)
}

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

func (OpenRound) disclosure() disclosure { return recordsSpeech }

func (o OpenRound) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermOpenRound); err != nil {
		return nil, err
	}
	if r, ok := c.OpenRound(); ok {
		return nil, refuse(ErrConflict, "close round %s first", r.ID)
	}
	if err := checkChild(c, o.ChildID, true); err != nil {
		return nil, err
	}
	if o.DangerID != "" {
		if d, ok := c.Item(o.DangerID); !ok || d.Section != DangerStatements {
			return nil, refuse(ErrNotFound, "no danger statement %q", o.DangerID)
		}
	}
	var err error
	if o.Question, err = cleanField("the question", o.Question, optionalLongLine); err != nil {
		return nil, err
	}
	if o.Question == "" {
		o.Question = DefaultQuestion
	}
	if len(c.Rounds) >= 100 {
		return nil, refuse(ErrConflict, "this conference has 100 rounds already")
	}
	return o, nil
}

func (o OpenRound) apply(c *Conference, x *applyCtx) string {
	r := ScalingRound{ID: newID(c, "r"), ChildID: o.ChildID, DangerID: o.DangerID, Question: o.Question,
		State: RoundOpen, Opened: x.e.At, Veil: x.veil}
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
	// ReasonRestricted withholds the reason (not the score) from the
	// family; only the chair and minute-taker may set it
	// ([PermRestrictText]).
	ReasonRestricted bool `json:"reason_restricted,omitempty"`
}

// Kind implements Op.
func (CastScore) Kind() string { return "round.score" }

func (CastScore) disclosure() disclosure { return recordsSpeech }

func (o CastScore) check(c *Conference, x *checkCtx) (Op, error) {
	if err := mayRestrict(x, o.ReasonRestricted); err != nil {
		return nil, err
	}
	by, err := onBehalf(c, x, o.AttendeeID, PermGiveScore)
	if err != nil {
		return nil, err
	}
	if err := familyBarred(c, x, PermGiveScore); err != nil {
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
		return nil, refuse(ErrNotFound, "no scaling round %q", o.RoundID)
	}
	if r.State == RoundClosed {
		return nil, refuse(ErrConflict, "that scaling round is closed")
	}
	if o.Value < 0 || o.Value > 10 {
		return nil, refuse(ErrInvalid, "a score is a whole number from 0 to 10")
	}
	if o.Reason, err = cleanField("the reason", o.Reason, requiredText); err != nil {
		return nil, err
	}
	return o, nil
}

func (o CastScore) apply(c *Conference, x *applyCtx) string {
	i := roundIndex(c, o.RoundID)
	c.Rounds = mutable(x, c.Rounds)
	r := &c.Rounds[i]
	s := Score{AttendeeID: o.AttendeeID, Value: o.Value, Reason: o.Reason, At: x.e.At, RecordedBy: o.RecordedBy,
		ReasonRestricted: o.ReasonRestricted, Veil: x.veil}
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

func (RevealRound) disclosure() disclosure { return recordsNothingSaid }

func (o RevealRound) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermRevealRound); err != nil {
		return nil, err
	}
	r, ok := c.Round(o.RoundID)
	if !ok {
		return nil, refuse(ErrNotFound, "no scaling round %q", o.RoundID)
	}
	if r.State != RoundOpen {
		return nil, refuse(ErrConflict, "that round is already %s", r.State)
	}
	if len(r.Scores) == 0 {
		return nil, refuse(ErrConflict, "nobody has scored yet")
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

func (CloseRound) disclosure() disclosure { return recordsNothingSaid }

func (o CloseRound) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermCloseRound); err != nil {
		return nil, err
	}
	r, ok := c.Round(o.RoundID)
	if !ok {
		return nil, refuse(ErrNotFound, "no scaling round %q", o.RoundID)
	}
	if r.State == RoundClosed {
		return nil, refuse(ErrConflict, "that round is already closed")
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
