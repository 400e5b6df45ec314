package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

var yesNoOpts = []option{{"no", "no"}, {"yes", "yes"}}

// withholdLabel names the yes/no field that marks free text restricted:
// never shown to a family member, in their copy or the letter.
const withholdLabel = "Withhold from the family"

func (m *model) childOpts() []option {
	var out []option
	for _, c := range m.snap.Children {
		out = append(out, option{c.Name, c.ID})
	}
	return out
}

// onBehalfOpts lists whose answer the chair or minute-taker records:
// their own, or someone in the room without a terminal of their own.
func (m *model) onBehalfOpts() []option {
	out := []option{{"myself", ""}}
	for _, a := range m.snap.Attendees {
		if !a.Removed && !a.Remote && a.ID != m.self.ID && a.Attendance == session.Present {
			out = append(out, option{a.Name, a.ID})
		}
	}
	return out
}

func (m *model) mayRecordForOthers() bool {
	return m.role == session.RoleChair || m.role == session.RoleMinuteTaker
}

// opSubmit turns a form's values into one operation sent to the room.
func (m *model) opSubmit(build func() (session.Op, error), notice string) func() (tea.Cmd, error) {
	return func() (tea.Cmd, error) {
		op, err := build()
		if err != nil {
			return nil, err
		}
		return m.do(op, notice), nil
	}
}

func tagOpts() []option {
	out := []option{{"none", ""}}
	for _, t := range session.Tags[1:] {
		out = append(out, option{string(t), string(t)})
	}
	return out
}

func (m *model) addForm(p pane) {
	switch p.kind {
	case pItems, pDanger:
		m.itemForm("Add to "+p.sec.Title(), session.Item{Section: p.sec, Restricted: m.closedNow}, false)
	case pActions, pProgress:
		m.actionForm(session.Action{Due: m.now().AddDate(0, 0, 14)}, false)
	case pDecision:
		if !m.snap.RecommendationsOpen {
			m.setStatus("The chair has not asked for recommendations yet. Press tab to write in Next steps.", true)
			return
		}
		m.recommendForm()
	case pScaling:
		m.scoreForm()
	case pPlanInfo:
		m.coreGroupForm()
	case pAttendance:
		m.addRoomForm()
	case pReports:
		m.setStatus("Record reports in People: press P, choose the person, then u.", true)
	}
}

// itemForm adds (or edits) a board item. The text box is the last field
// and has focus, so enter saves at once; tab reaches the marks.
func (m *model) itemForm(title string, it session.Item, edit bool) {
	f := newForm(title)
	restricted := "no"
	if it.Restricted {
		restricted = "yes"
	}
	var v struct{ tag, restricted, attribution, child, text string }
	v.child = it.ChildID
	f.choice("Tag", tagOpts(), string(it.Tag)).to(&v.tag).
		choice(withholdLabel, yesNoOpts, restricted).to(&v.restricted).
		text("Attribution (person or agency, optional)", it.Attribution, session.MaxLine).to(&v.attribution)
	if len(m.snap.Children) > 1 {
		f.choice("Child", append([]option{{"all children", ""}}, m.childOpts()...), it.ChildID).to(&v.child)
	}
	f.area("Text", it.Text, session.MaxItem).to(&v.text)
	f.submit = m.opSubmit(func() (session.Op, error) {
		tag, res, attr, child, text := session.Tag(v.tag), v.restricted == "yes", v.attribution, v.child, v.text
		if edit {
			return session.EditItem{ID: it.ID, Text: text, Tag: tag, Attribution: attr, ChildID: child, Pair: it.Pair, Restricted: res}, nil
		}
		return session.AddItem{Section: it.Section, Text: text, Tag: tag, Attribution: attr, ChildID: child, Pair: it.Pair, Restricted: res}, nil
	}, map[bool]string{true: "Item changed.", false: "Item added."}[edit])
	f.start()
	f.setFocus(len(f.fields) - 1)
	m.form = f
}

func (m *model) actionForm(a session.Action, edit bool) {
	f := newForm(map[bool]string{true: "Change action", false: "New action"}[edit])
	restricted := "no"
	if a.Restricted {
		restricted = "yes"
	}
	var v struct{ what, owner, due, restricted string }
	f.text("What", a.What, session.MaxItem).to(&v.what).text("Who (owner)", a.Owner, session.MaxLine).to(&v.owner).
		text("Due (YYYY-MM-DD)", a.Due.Format("2006-01-02"), 10).to(&v.due).
		choice(withholdLabel, yesNoOpts, restricted).to(&v.restricted)
	f.submit = m.opSubmit(func() (session.Op, error) {
		due, err := session.ParseDay("The due date", v.due)
		if err != nil {
			return nil, err
		}
		if edit {
			return session.UpdateAction{ID: a.ID, What: v.what, Owner: v.owner, Due: due, Status: a.Status, Restricted: v.restricted == "yes"}, nil
		}
		return session.AddAction{What: v.what, Owner: v.owner, Due: due, Restricted: v.restricted == "yes"}, nil
	}, map[bool]string{true: "Action changed.", false: "Action added."}[edit])
	m.form = f.start()
}

func (m *model) editSelected(p pane) tea.Cmd {
	if p.kind == pDecision && !m.snap.Ended.IsZero() {
		m.amendDecisionsForm()
		return nil
	}
	rec, ok := m.selected(p)
	if !ok {
		m.setStatus("Select an item first (tab to a panel, then ↑/↓).", true)
		return nil
	}
	if !m.snap.Ended.IsZero() {
		m.amendForm(rec)
		return nil
	}
	if p.kind == pActions || p.kind == pProgress {
		m.actionForm(*rec.action, true)
		return nil
	}
	m.itemForm("Edit item", *rec.item, true)
	return nil
}

func (m *model) attribForm(p pane) {
	rec, ok := m.selected(p)
	if !ok || p.kind == pActions || p.kind == pProgress {
		m.setStatus("Select a board item first.", true)
		return
	}
	f := newForm("Attribute the item")
	var from string
	f.text("From (person or agency)", rec.item.Attribution, session.MaxLine).to(&from)
	f.submit = m.opSubmit(func() (session.Op, error) {
		op := editOf(*rec.item)
		op.Attribution = from
		return op, nil
	}, "Attribution recorded.")
	m.form = f.start()
}

func (m *model) moveForm(p pane) {
	rec, ok := m.selected(p)
	if !ok || p.kind == pActions || p.kind == pProgress {
		m.setStatus("Select a board item first.", true)
		return
	}
	var opts []option
	for _, s := range session.Sections {
		if s != rec.item.Section {
			opts = append(opts, option{s.Title(), string(s)})
		}
	}
	f := newForm("Move item to another section")
	var section string
	f.choice("Section", opts, "").to(&section)
	f.submit = m.opSubmit(func() (session.Op, error) {
		return session.MoveItem{ID: rec.item.ID, Section: session.Section(section)}, nil
	}, "Item moved.")
	m.form = f.start()
}

func (m *model) confirmDelete(p pane) {
	rec, ok := m.selected(p)
	if !ok {
		m.setStatus("Select an item first.", true)
		return
	}
	if p.kind == pActions || p.kind == pProgress {
		id := rec.action.ID
		m.confirm = &confirmation{question: "Delete the action “" + clip(rec.action.What, 40) + "”?",
			yes: func() tea.Cmd { return m.do(session.RemoveAction{ID: id}, "Action deleted.") }}
		return
	}
	id := rec.item.ID
	m.confirm = &confirmation{question: "Delete “" + clip(rec.item.Text, 40) + "”? The audit trail keeps it.",
		yes: func() tea.Cmd { return m.do(session.RemoveItem{ID: id}, "Item deleted.") }}
}

func (m *model) coreGroupForm() {
	f := newForm("Core group and lead social worker")
	var core, lead string
	f.text("Core group members (comma-separated)", strings.Join(m.snap.CoreGroup, ", "), session.MaxLine*10).to(&core).
		text("Lead social worker", m.snap.LeadSocialWorker, session.MaxLine).to(&lead)
	f.submit = m.opSubmit(func() (session.Op, error) {
		var members []string
		for _, s := range strings.Split(core, ",") {
			if s = strings.TrimSpace(s); s != "" {
				members = append(members, s)
			}
		}
		return session.SetCoreGroup{Members: members, LeadSocialWorker: lead}, nil
	}, "Core group recorded.")
	m.form = f.start()
}
