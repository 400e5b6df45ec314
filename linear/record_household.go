package linear

import (
	"fmt"
	"strings"

	"confer/session"
)

// The household (F) and the categories of abuse (K), asked one field per
// line as the full screen's forms are; read with session's rules.

// householdText turns people separated by a slash, as typed on one line,
// into the one-person-a-line text session.ParseHousehold reads.
func householdText(s string) string { return strings.ReplaceAll(s, "/", "\n") }

// householdForm records the household and who holds parental
// responsibility, replacing what is recorded.
func (t *Terminal) householdForm() {
	if !t.may(t.recordPerm()) {
		return
	}
	intro := "Record the household. This replaces what is recorded."
	if hs := t.view.Details.Household; len(hs) > 0 {
		var now []string
		for i, hm := range hs {
			now = append(now, fmt.Sprintf("%d. %s", i+1, session.HouseholdLine(hm)))
		}
		intro += " Now: " + strings.Join(now, ". ") + "."
	}
	ended := !t.view.Ended.IsZero()
	t.startForm(&form{
		intro: intro,
		fields: []field{
			{label: "The household: each person as name; relationship; then any of parental responsibility, lives with the child, withheld. Separate people with a slash",
				check: func(s string) string { _, err := session.ParseHousehold(householdText(s)); return why(err) }},
			{label: "The reason for the amendment", skip: func([]string) bool { return !ended }},
		},
		submit: func(v []string) {
			ms, _ := session.ParseHousehold(householdText(v[0]))
			t.do(session.SetHousehold{Members: ms, Reason: v[1]}, "Household recorded.")
		},
	})
}

// categoriesForm records, for one child, which categories "more than one"
// means and the category the plan began under. The child's choice reads
// out what is recorded for each child, so nothing is copied between them.
func (t *Terminal) categoriesForm() {
	if !t.may(t.recordPerm()) {
		return
	}
	if len(t.view.Children) == 0 {
		t.say("Add a child first.")
		return
	}
	var kids []option
	for _, c := range t.view.Children {
		label := c.Name
		if cc, ok := t.view.Details.CategoryOf(c.ID); ok && (len(cc.Which) > 0 || cc.Initial != session.CategoryNone) {
			label += ", now: " + categoriesSaid(cc)
		} else {
			label += ", nothing recorded"
		}
		kids = append(kids, option{label, c.ID})
	}
	var which []string
	for i, c := range session.Categories[:4] {
		which = append(which, fmt.Sprintf("%d %s", i+1, c.String()))
	}
	initial := append([]option{{"not recorded", ""}}, categoryOpts()...)
	ended := !t.view.Ended.IsZero()
	t.startForm(&form{
		intro: "Record the categories of abuse for a child. This replaces what is recorded for that child.",
		fields: []field{
			{label: "Child", options: kids},
			{label: "If the decision is more than one category, which: type their numbers separated by commas (" + strings.Join(which, ", ") + ")",
				optional: true, empty: "none", check: func(s string) string { _, why := categoryNumbers(s); return why }},
			{label: "The category the plan began under", options: initial},
			{label: "The date it began, as year-month-day", optional: true, empty: "not recorded", check: optionalDay},
			{label: "The reason for the amendment", skip: func([]string) bool { return !ended }},
		},
		submit: func(v []string) {
			op := session.SetCategories{ChildID: v[0], Initial: session.Category(v[2]), Reason: v[4]}
			op.Which, _ = categoryNumbers(v[1])
			if strings.TrimSpace(v[3]) != "" {
				op.InitialDate, _ = parseDay(v[3])
			}
			t.do(op, "Categories recorded.")
		},
	})
}

// categoryNumbers reads "1, 3" as neglect and emotional abuse.
func categoryNumbers(s string) ([]session.Category, string) {
	var out []session.Category
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		n := 0
		if _, err := fmt.Sscan(f, &n); err != nil || n < 1 || n > 4 {
			return nil, "Type numbers from 1 to 4, separated by commas, or press enter for none."
		}
		out = append(out, session.Categories[n-1])
	}
	return out, ""
}

// categoriesSaid reads out what is recorded about a child's categories.
func categoriesSaid(cc session.ChildCategory) string {
	var parts []string
	for _, c := range cc.Which {
		parts = append(parts, c.String())
	}
	s := strings.Join(parts, " and ")
	if cc.Initial != session.CategoryNone {
		if s != "" {
			s += "; "
		}
		s += "began under " + cc.Initial.String()
	}
	return s
}
