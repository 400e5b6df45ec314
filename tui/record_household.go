package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// The household (F) and the categories of abuse beyond the decision (K):
// written by the chair and minute-taker, amended with a reason after the end.

// householdLine words one member as the household form takes it back:
// "Name; relationship; parental responsibility; lives with the child;
// withheld", the marks present only when they hold.
func householdLine(hm session.HouseholdMember) string {
	parts := []string{hm.Name, hm.Relationship}
	if hm.ParentalResponsibility {
		parts = append(parts, "parental responsibility")
	}
	if hm.LivesWithChild {
		parts = append(parts, "lives with the child")
	}
	if hm.Restricted {
		parts = append(parts, "withheld")
	}
	return strings.Join(parts, "; ")
}

// parseHousehold reads the household form: one person a line, the name
// first, then the relationship, then any of the marks in any order.
func parseHousehold(s string) ([]session.HouseholdMember, error) {
	var out []session.HouseholdMember
	for i, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, ";")
		hm := session.HouseholdMember{Name: strings.TrimSpace(parts[0])}
		if hm.Name == "" {
			return nil, fmt.Errorf("%w: Line %d has no name: start each line with the person's name.", errForm, i+1)
		}
		for j, p := range parts[1:] {
			p = strings.TrimSpace(p)
			switch l := strings.ToLower(p); {
			case l == "":
			case strings.Contains(l, "parental responsibility") || l == "pr":
				hm.ParentalResponsibility = true
			case strings.HasPrefix(l, "lives with"):
				hm.LivesWithChild = true
			case l == "withheld" || l == "withhold":
				hm.Restricted = true
			case j == 0:
				hm.Relationship = p
			default:
				return nil, fmt.Errorf("%w: Line %d: %q is not parental responsibility, lives with the child, or withheld.", errForm, i+1, p)
			}
		}
		out = append(out, hm)
	}
	return out, nil
}

// amendReason adds the reason field an amendment needs, after the end.
func (m *model) amendReason(f *form, reason *string) {
	if !m.snap.Ended.IsZero() {
		f.text("Reason for the amendment", "", session.MaxLine).to(reason)
	}
}

func (m *model) householdForm() {
	f := newForm("Household and parental responsibility")
	f.intro = "One person a line: name; relationship; then any of: parental responsibility; lives with the child; withheld (never shown to the family)."
	var lines []string
	for _, hm := range m.snap.Details.Household {
		lines = append(lines, householdLine(hm))
	}
	var text, reason string
	f.area("Household", strings.Join(lines, "\n"), session.MaxHousehold*(2*session.MaxLine+60)).to(&text)
	m.amendReason(f, &reason)
	f.submit = func() (tea.Cmd, error) {
		ms, err := parseHousehold(text)
		if err != nil {
			return nil, err
		}
		return m.do(session.SetHousehold{Members: ms, Reason: reason}, "Household recorded."), nil
	}
	m.form = f.start()
}

func (m *model) categoriesForm() {
	if len(m.snap.Children) == 0 {
		m.setStatus("Add a child first.", true)
		return
	}
	f := newForm("Categories of abuse")
	f.intro = "For a decision of more than one category, say which; and the category the plan began under."
	var v struct {
		child, initial, date, reason string
		which                        [4]string
	}
	f.choice("Child", m.childOpts(), m.snap.Children[0].ID).to(&v.child)
	cc, _ := m.snap.Details.CategoryOf(m.snap.Children[0].ID)
	for i, c := range session.Categories[:4] {
		on := "no"
		for _, w := range cc.Which {
			if w == c {
				on = "yes"
			}
		}
		f.choice(c.String(), yesNoOpts, on).to(&v.which[i])
	}
	initial := []option{{"not recorded", ""}}
	for _, c := range session.Categories {
		initial = append(initial, option{c.String(), string(c)})
	}
	f.choice("Category the plan began under", initial, string(cc.Initial)).to(&v.initial)
	date := ""
	if !cc.InitialDate.IsZero() {
		date = cc.InitialDate.Format(session.DayLayout)
	}
	f.text("Date it began (YYYY-MM-DD, optional)", date, 10).to(&v.date)
	m.amendReason(f, &v.reason)
	f.submit = m.opSubmit(func() (session.Op, error) {
		op := session.SetCategories{ChildID: v.child, Initial: session.Category(v.initial), Reason: v.reason}
		for i, c := range session.Categories[:4] {
			if v.which[i] == "yes" {
				op.Which = append(op.Which, c)
			}
		}
		if strings.TrimSpace(v.date) != "" {
			d, err := session.ParseDay("The date the plan began", v.date)
			if err != nil {
				return nil, err
			}
			op.InitialDate = d
		}
		return op, nil
	}, "Categories recorded.")
	m.form = f.start()
}
