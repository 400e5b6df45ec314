package linear

import (
	"fmt"

	"confer/session"
)

// The chair's forms: scaling rounds, the decision, closed segments.

func (t *Terminal) openRoundForm() {
	if r, ok := t.view.OpenRound(); ok {
		t.say(fmt.Sprintf("A round for %s is still open: reveal it with r and close it with c first.", childName(t.view, r.ChildID)))
		return
	}
	t.startForm(&form{
		intro: "Open a scaling round. Scores stay sealed until you reveal them.",
		fields: []field{
			{label: "Child", options: t.childOpts()},
			{label: "Question", optional: true, empty: "the usual 0 to 10 question"},
		},
		submit: func(v []string) {
			t.do(session.OpenRound{ChildID: v[0], Question: v[1]}, "Round opened.")
		},
	})
}

func (t *Terminal) decideForm() {
	t.startForm(&form{
		intro: "Record the conference's decision.",
		fields: []field{
			{label: "Child", options: t.childOpts()},
			{label: "Decision", options: outcomeOpts(t.view.Type)},
			{label: "Category", options: categoryOpts(), skip: noCategory(1)},
			{label: "Reasons"},
		},
		submit: func(v []string) {
			t.do(session.Decide{ChildID: v[0], Outcome: session.Outcome(v[1]), Category: session.Category(v[2]), Reasons: v[3]}, "Decision recorded.")
		},
	})
}

// segment starts (after a yes) or ends a closed segment.
func (t *Terminal) segment() {
	if !t.may(session.PermClosedSegment) {
		return
	}
	if t.view.InClosedSegment() {
		t.do(session.EndClosedSegment{}, "Closed segment ended.")
		return
	}
	t.startForm(&form{
		fields: []field{{label: "Start a closed segment? Family viewers hear nothing until you end it", options: yesNo}},
		submit: func(v []string) {
			if v[0] != "yes" {
				t.say("Cancelled.")
				return
			}
			t.do(session.StartClosedSegment{}, "Closed segment started.")
		},
	})
}
