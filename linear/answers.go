package linear

import (
	"fmt"
	"strconv"
	"strings"

	"confer/session"
)

// What everyone admitted may give: a score, a recommendation, dissent.

func (t *Terminal) scoreForm() {
	r, ok := t.view.OpenRound()
	if !ok {
		t.say("No scaling round is open.")
		return
	}
	id := r.ID
	t.startForm(&form{
		intro: fmt.Sprintf("Your score for %s. %s", childName(t.view, r.ChildID), question(r.Question)),
		fields: []field{
			{label: "Whose score", options: t.onBehalfOpts(), skip: t.onlyOwn},
			{label: "Score from 0 to 10", check: func(s string) string {
				if n, err := strconv.Atoi(strings.TrimSpace(s)); err != nil || n < 0 || n > 10 {
					return "A score is a whole number from 0 to 10."
				}
				return ""
			}},
			{label: "What makes it that number for you?"},
		},
		submit: func(v []string) {
			n, _ := strconv.Atoi(strings.TrimSpace(v[1]))
			t.do(session.CastScore{RoundID: id, AttendeeID: v[0], Value: n, Reason: v[2]}, "Score recorded.")
		},
	})
}

func outcomeOpts(ty session.ConferenceType) []option {
	var out []option
	for _, o := range session.Outcomes(ty) {
		out = append(out, option{o.String(), string(o)})
	}
	return out
}

func categoryOpts() []option {
	var out []option
	for _, c := range session.Categories {
		out = append(out, option{c.String(), string(c)})
	}
	return out
}

// noCategory skips the category unless the outcome at index i needs one.
func noCategory(i int) func([]string) bool {
	return func(v []string) bool { return !session.Outcome(v[i]).NeedsCategory() }
}

func (t *Terminal) recommendForm() {
	if !t.view.RecommendationsOpen {
		t.say("The chair has not asked for recommendations yet.")
		return
	}
	t.startForm(&form{
		intro: "Your recommendation: does the child need a child protection plan? A plan needs a category.",
		fields: []field{
			{label: "Child", options: t.childOpts()},
			{label: "Whose recommendation", options: t.onBehalfOpts(), skip: t.onlyOwn},
			{label: "Recommendation", options: outcomeOpts(t.view.Type)},
			{label: "Category", options: categoryOpts(), skip: noCategory(2)},
			{label: "Reason", optional: true},
		},
		submit: func(v []string) {
			t.do(session.Recommend{ChildID: v[0], AttendeeID: v[1], Outcome: session.Outcome(v[2]),
				Category: session.Category(v[3]), Reason: v[4]}, "Recommendation recorded.")
		},
	})
}

func (t *Terminal) dissentForm() {
	t.startForm(&form{
		intro: "Record dissent from the decision. It is recorded in full, as given.",
		fields: []field{
			{label: "Child", options: t.childOpts()},
			{label: "Whose dissent", options: t.onBehalfOpts(), skip: t.onlyOwn},
			{label: "Dissent"},
		},
		submit: func(v []string) {
			t.do(session.RecordDissent{ChildID: v[0], AttendeeID: v[1], Text: v[2]}, "Dissent recorded.")
		},
	})
}
