package tui

import (
	"fmt"
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// The household (F) and the categories of abuse beyond the decision (K):
// written by the chair and minute-taker, amended with a reason after the end.

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
		lines = append(lines, session.HouseholdLine(hm))
	}
	var text, reason string
	f.area("Household", strings.Join(lines, "\n"), session.MaxHousehold*(2*session.MaxLine+60)).to(&text)
	m.amendReason(f, &reason)
	f.submit = func() (tea.Cmd, error) {
		ms, err := session.ParseHousehold(text)
		if err != nil {
			return nil, err
		}
		return m.do(session.SetHousehold{Members: ms, Reason: reason}, "Household recorded."), nil
	}
	m.form = f.start()
}

func (m *model) categoriesForm() {
	kids := m.snap.Children
	if len(kids) == 0 {
		m.setStatus("Add a child first.", true)
		return
	}
	f := newForm("Categories of abuse")
	f.intro = "For a decision of more than one category, say which; and the category the plan began under."
	// Every child's fields are on the form, each filled with what is
	// recorded for that child: a form that chose the child first and
	// showed the first child's values let the chair save one child's
	// categories for another.
	type entry struct {
		id, was       string
		which         [4]string
		initial, date string
	}
	initial := []option{{"not recorded", ""}}
	for _, c := range session.Categories {
		initial = append(initial, option{c.String(), string(c)})
	}
	entries := make([]*entry, len(kids))
	for k, child := range kids {
		e := &entry{id: child.ID}
		entries[k] = e
		label := func(s string) string {
			if len(kids) == 1 {
				return s
			}
			return child.Name + ": " + s
		}
		cc, _ := m.snap.Details.CategoryOf(child.ID)
		for i, c := range session.Categories[:4] {
			on := "no"
			if slices.Contains(cc.Which, c) {
				on = "yes"
			}
			f.choice(label(c.String()), yesNoOpts, on).to(&e.which[i])
		}
		f.choice(label("Category the plan began under"), initial, string(cc.Initial)).to(&e.initial)
		date := ""
		if !cc.InitialDate.IsZero() {
			date = cc.InitialDate.Format(session.DayLayout)
		}
		f.text(label("Date it began (YYYY-MM-DD, optional)"), date, 10).to(&e.date)
		e.was = categoriesKey(cc.Which, string(cc.Initial), date)
	}
	var reason string
	m.amendReason(f, &reason)
	f.submit = func() (tea.Cmd, error) {
		var ops []session.Op
		for k, e := range entries {
			op := session.SetCategories{ChildID: e.id, Initial: session.Category(e.initial), Reason: reason}
			for i, c := range session.Categories[:4] {
				if e.which[i] == "yes" {
					op.Which = append(op.Which, c)
				}
			}
			if categoriesKey(op.Which, e.initial, strings.TrimSpace(e.date)) == e.was {
				continue
			}
			if strings.TrimSpace(e.date) != "" {
				d, err := session.ParseDay("The date "+kids[k].Name+"'s plan began", e.date)
				if err != nil {
					return nil, err
				}
				op.InitialDate = d
			}
			ops = append(ops, op)
		}
		if len(ops) == 0 {
			return nil, fmt.Errorf("%w: Nothing has changed: change a category, or press esc.", errForm)
		}
		return m.doAll(ops, "Categories recorded."), nil
	}
	m.form = f.start()
}

// categoriesKey is what the categories form compares to tell whether a
// child's entry changed.
func categoriesKey(which []session.Category, initial, date string) string {
	var b strings.Builder
	for _, c := range which {
		b.WriteString(string(c) + ",")
	}
	return b.String() + "|" + initial + "|" + date
}
