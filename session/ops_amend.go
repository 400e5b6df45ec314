package session

import (
	"fmt"
	"slices"
	"strings"
)

func init() {
	register(
		func() Op { return &AmendRecord{} },
		func() Op { return &ApproveRecord{} },
	)
}

// AmendRecord corrects the text of a board item, a decision's reasons or
// a plan action after the meeting has ended, with the reason for the
// change. The amendment log keeps who, when, why, and the text before and
// after.
type AmendRecord struct {
	// Target names what is corrected: "item:<id>", "decision:<child ID>"
	// or "action:<id>".
	Target string `json:"target"`
	Text   string `json:"text"`
	Reason string `json:"reason"`
}

// Kind implements Op.
func (AmendRecord) Kind() string { return "record.amend" }

func (AmendRecord) afterEnd() {}

func (AmendRecord) disclosure() disclosure { return recordsSpeech }

// amendTarget is what an AmendRecord changes: its label, current text and
// whether it is withheld from the family.
type amendTarget struct {
	what       string
	before     string
	restricted bool
	max        int
	veil       Veil
}

func findTarget(c *Conference, target string) (amendTarget, error) {
	kind, id, _ := strings.Cut(target, ":")
	switch kind {
	case "item":
		if it, ok := c.Item(id); ok {
			return amendTarget{"Board item: " + it.Section.Title(), it.Text, it.Restricted, MaxItem, it.Veil}, nil
		}
	case "decision":
		if d, ok := c.Decision(id); ok {
			name := id
			if ch, ok := c.Child(id); ok {
				name = ch.Name
			}
			return amendTarget{"Reasons for the decision: " + name, d.Reasons, d.ReasonsRestricted, MaxLong, d.Veil}, nil
		}
	case "action":
		if i := actionIndex(c, id); i >= 0 {
			a := c.Actions[i]
			return amendTarget{"Plan action", a.What, a.Restricted, MaxItem, a.Veil}, nil
		}
	}
	return amendTarget{}, refuse(ErrNotFound, "nothing to amend called %q", target)
}

func (o AmendRecord) check(c *Conference, x *checkCtx) (Op, error) {
	if c.Ended.IsZero() {
		return nil, refuse(ErrConflict, "the conference is still running; change it on the board")
	}
	if err := recordChange(c, x, &o.Reason); err != nil {
		return nil, err
	}
	t, err := findTarget(c, o.Target)
	if err != nil {
		return nil, err
	}
	if o.Text, err = cleanField("the corrected text", o.Text, textRule{t.max, MultiLine, true}); err != nil {
		return nil, err
	}
	if o.Text == t.before {
		return nil, refuse(ErrInvalid, "the corrected text is the same as before")
	}
	return o, nil
}

func (o AmendRecord) apply(c *Conference, x *applyCtx) string {
	t, _ := findTarget(c, o.Target)
	kind, id, _ := strings.Cut(o.Target, ":")
	switch kind {
	case "item":
		i := itemIndex(c, id)
		c.Items = mutable(x, c.Items)
		c.Items[i].Text, c.Items[i].Edited = o.Text, x.e.At
	case "decision":
		i := indexOf(c.Decisions, func(d Decision) bool { return d.ChildID == id })
		c.Decisions = mutable(x, c.Decisions)
		c.Decisions[i].Reasons = o.Text
	case "action":
		i := actionIndex(c, id)
		c.Actions = mutable(x, c.Actions)
		c.Actions[i].What = o.Text
	}
	amend(c, x, t.what, t.before, o.Text, o.Reason, t.restricted, t.veil)
	return "amended " + o.Target
}

// ApproveRecord is the chair signing off the current version of the
// record after the meeting. Approving again after an amendment is a
// re-approval, and the record says so.
type ApproveRecord struct{}

// Kind implements Op.
func (ApproveRecord) Kind() string { return "record.approve" }

func (ApproveRecord) afterEnd() {}

func (ApproveRecord) disclosure() disclosure { return recordsNothingSaid }

func (o ApproveRecord) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermApproveRecord); err != nil {
		return nil, err
	}
	switch c.Status() {
	case RecordLive:
		return nil, refuse(ErrConflict, "end the conference before approving its record")
	case RecordApproved:
		return nil, refuse(ErrConflict, "this version of the record is already approved")
	}
	return o, nil
}

func (o ApproveRecord) apply(c *Conference, x *applyCtx) string {
	v := c.Record.Version()
	c.Record.Approvals = append(slices.Clip(c.Record.Approvals), Approval{Version: v, At: x.e.At, By: actorAttendee(c, x)})
	return fmt.Sprintf("approved version %d of the record", v)
}
