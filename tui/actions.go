package tui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// inviteMsg is the result of creating an invite: the code is shown only
// once it is durable.
type inviteMsg struct {
	code    string
	expires time.Time
	err     error
}

// allowed answers a role-restricted key: true if the role may use it,
// otherwise the refusal goes to the status bar and nothing changes.
func (m *model) allowed(b *key.Binding) bool {
	if b.Enabled() {
		return true
	}
	m.refuse(b)
	return false
}

var yesNoOpts = []option{{"no", "no"}, {"yes", "yes"}}

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

// boardKey handles a key on the board.
func (m *model) boardKey(msg tea.KeyPressMsg) tea.Cmd {
	s := msg.String()
	k := m.keys
	ps := m.panes()
	p := ps[min(m.focus, len(ps)-1)]
	switch {
	case pressed(s, k.Quit):
		return tea.Quit
	case s == "esc":
		m.setStatus("", false)
	case pressed(s, k.People):
		m.scr = scrPeople
		m.peopleI = 0
	case pressed(s, k.Lobby):
		m.leaveForLobby()
	case pressed(s, k.Up):
		m.moveCursor(p, -1)
	case pressed(s, k.Down):
		m.moveCursor(p, +1)
	case pressed(s, k.NextPane):
		m.focus = (m.focus + 1) % len(ps)
	case pressed(s, k.PrevPane):
		m.focus = (m.focus + len(ps) - 1) % len(ps)
	case pressed(s, k.StepPrev), pressed(s, k.StepNext):
		m.browseBy(map[bool]int{true: -1, false: +1}[pressed(s, k.StepPrev)])
	case pressed(s, k.Follow):
		m.follow, m.focus = true, 0
		m.setStatus("Following the chair.", false)

	case pressed(s, k.Score):
		if m.allowed(&k.Score) {
			m.scoreForm()
		}
	case pressed(s, k.Recommend):
		if m.allowed(&k.Recommend) {
			m.recommendForm()
		}
	case pressed(s, k.Dissent):
		if m.allowed(&k.Dissent) {
			m.dissentForm()
		}

	case pressed(s, k.Add):
		if m.allowed(&k.Add) {
			m.addForm(p)
		}
	case pressed(s, k.Goal):
		if m.allowed(&k.Goal) {
			if rec, ok := m.selected(p); ok && p.kind == pDanger {
				m.itemForm("New safety goal for: "+clip(rec.item.Text, 50), session.Item{Section: session.SafetyGoals, Pair: rec.item.ID}, false)
			} else {
				m.setStatus("Select a danger statement first (the danger statements panel).", true)
			}
		}
	case pressed(s, k.Edit):
		if m.allowed(&k.Edit) {
			return m.editSelected(p)
		}
	case pressed(s, k.Move):
		if m.allowed(&k.Move) {
			m.moveForm(p)
		}
	case pressed(s, k.Tag):
		if m.allowed(&k.Tag) {
			return m.cycleTag(p)
		}
	case pressed(s, k.Restrict):
		if m.allowed(&k.Restrict) {
			return m.toggleRestricted(p)
		}
	case pressed(s, k.Attrib):
		if m.allowed(&k.Attrib) {
			m.attribForm(p)
		}
	case pressed(s, k.Delete):
		if m.allowed(&k.Delete) {
			m.confirmDelete(p)
		}
	case pressed(s, k.CoreGroup):
		if m.allowed(&k.CoreGroup) {
			m.coreGroupForm()
		}

	case pressed(s, k.NextStep), pressed(s, k.PrevStep):
		b := &k.NextStep
		d := +1
		if pressed(s, k.PrevStep) {
			b, d = &k.PrevStep, -1
		}
		if !m.allowed(b) {
			return nil
		}
		return m.moveStep(d)
	case pressed(s, k.OpenRound):
		if m.allowed(&k.OpenRound) {
			m.openRoundForm()
		}
	case pressed(s, k.Reveal):
		if m.allowed(&k.Reveal) {
			if r, ok := m.snap.OpenRound(); ok {
				return m.do(session.RevealRound{RoundID: r.ID}, "Scores revealed.")
			}
			m.setStatus("No scaling round is open.", true)
		}
	case pressed(s, k.CloseRound):
		if m.allowed(&k.CloseRound) {
			if r, ok := m.snap.OpenRound(); ok {
				return m.do(session.CloseRound{RoundID: r.ID}, "Round closed; the scores are final.")
			}
			m.setStatus("No scaling round is open.", true)
		}
	case pressed(s, k.AskRecs):
		if m.allowed(&k.AskRecs) {
			open := !m.snap.RecommendationsOpen
			return m.do(session.AskRecommendations{Open: open}, map[bool]string{true: "Asking everyone for recommendations.", false: "Stopped asking for recommendations."}[open])
		}
	case pressed(s, k.Decide):
		if m.allowed(&k.Decide) {
			m.decideForm()
		}
	case pressed(s, k.Quorum):
		if m.allowed(&k.Quorum) {
			f := newForm("Go ahead without quorum")
			f.intro = "The conference is not quorate (social care and two other agencies). Record why it goes ahead."
			f.area("Reason", m.snap.InquorateReason, session.MaxItem)
			f.submit = m.opSubmit(func(v []string) (session.Op, error) {
				return session.ProceedWithoutQuorum{Reason: v[0]}, nil
			}, "Reason recorded.")
			m.form = f.start()
		}
	case pressed(s, k.Segment):
		if m.allowed(&k.Segment) {
			if m.closedNow {
				return m.do(session.EndClosedSegment{}, "Closed segment ended; family viewers see the board again.")
			}
			m.confirm = &confirmation{question: "Start a closed segment? Family viewers will see nothing until you end it.",
				yes: func() tea.Cmd { return m.do(session.StartClosedSegment{}, "Closed segment started.") }}
		}
	case pressed(s, k.Export):
		if m.allowed(&k.Export) {
			m.setStatus("Writing the records…", false)
			return m.exportCmd(false)
		}
	case pressed(s, k.End):
		if m.allowed(&k.End) {
			m.confirm = &confirmation{question: "End the conference? Nothing more can be recorded, and the records are written.",
				yes: func() tea.Cmd { return m.exportCmd(true) }}
		}
	}
	return nil
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// moveStep moves everyone d agenda steps on (back, if negative). Moves go
// one at a time: keys pressed while one is being made durable add up and
// are sent, from the step it reached, once it is. Otherwise quick presses
// would all start from the same stale step, or overtake each other.
func (m *model) moveStep(d int) tea.Cmd {
	if m.stepBusy {
		m.stepAhead += d
		return nil
	}
	to := m.snap.Step + d
	if to < 0 || to >= len(m.snap.Agenda) {
		m.setStatus("There is no step that way.", true)
		return nil
	}
	m.follow, m.focus = true, 0
	m.stepBusy = true
	return m.command(session.GoToStep{Index: to}, fmt.Sprintf("Moved everyone to step %d.", to+1), true)
}

func (m *model) moveCursor(p pane, d int) {
	c := m.cursor[p.key()] + d
	if p.selectable() {
		c = min(max(c, 0), max(0, len(m.paneRecords(p))-1))
	} else {
		c = max(c, 0)
		c = min(c, 500)
	}
	m.cursor[p.key()] = c
}

func (m *model) browseBy(d int) {
	if len(m.snap.Agenda) == 0 {
		return
	}
	cur := m.viewStep()
	to := min(max(cur+d, 0), len(m.snap.Agenda)-1)
	m.focus = 0
	if to == m.snap.Step {
		m.follow = true
		m.setStatus("Back on the chair's step.", false)
		return
	}
	m.follow, m.browse = false, to
	m.setStatus("Browsing on your screen only; press f to follow the chair.", false)
}

func (m *model) selected(p pane) (record, bool) {
	recs := m.paneRecords(p)
	c := m.cursor[p.key()]
	if !p.selectable() || c < 0 || c >= len(recs) {
		return record{}, false
	}
	return recs[c], true
}

// opSubmit turns a form's values into one operation sent to the room.
func (m *model) opSubmit(build func(v []string) (session.Op, error), notice string) func([]string) (tea.Cmd, error) {
	return func(v []string) (tea.Cmd, error) {
		op, err := build(v)
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
	default:
		m.setStatus("Choose a board panel with tab first.", true)
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
	f.choice("Tag", tagOpts(), string(it.Tag)).
		choice("Restricted (never shown to the family)", yesNoOpts, restricted).
		text("Attribution (person or agency, optional)", it.Attribution, session.MaxLine)
	kids := len(m.snap.Children) > 1
	if kids {
		f.choice("Child", append([]option{{"all children", ""}}, m.childOpts()...), it.ChildID)
	}
	f.area("Text", it.Text, session.MaxItem)
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		child, text := it.ChildID, v[3]
		if kids {
			child, text = v[3], v[4]
		}
		tag, res, attr := session.Tag(v[0]), v[1] == "yes", v[2]
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
	f.text("What", a.What, session.MaxItem).text("Who (owner)", a.Owner, session.MaxLine).
		text("Due (YYYY-MM-DD)", a.Due.Format("2006-01-02"), 10).
		choice("Restricted (never shown to the family)", yesNoOpts, restricted)
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		due, err := parseDate("The due date", v[2])
		if err != nil {
			return nil, err
		}
		if edit {
			return session.UpdateAction{ID: a.ID, What: v[0], Owner: v[1], Due: due, Status: a.Status, Restricted: v[3] == "yes"}, nil
		}
		return session.AddAction{What: v[0], Owner: v[1], Due: due, Restricted: v[3] == "yes"}, nil
	}, map[bool]string{true: "Action changed.", false: "Action added."}[edit])
	m.form = f.start()
}

func (m *model) editSelected(p pane) tea.Cmd {
	rec, ok := m.selected(p)
	if !ok {
		m.setStatus("Select an item first (tab to a panel, then ↑/↓).", true)
		return nil
	}
	if p.kind == pActions || p.kind == pProgress {
		m.actionForm(rec.action, true)
		return nil
	}
	m.itemForm("Edit item", rec.item, true)
	return nil
}

func editOf(it session.Item) session.EditItem {
	return session.EditItem{ID: it.ID, Text: it.Text, Tag: it.Tag, Attribution: it.Attribution,
		ChildID: it.ChildID, Pair: it.Pair, Restricted: it.Restricted}
}

func updateOf(a session.Action) session.UpdateAction {
	return session.UpdateAction{ID: a.ID, What: a.What, Owner: a.Owner, Due: a.Due, Status: a.Status, Restricted: a.Restricted}
}

func (m *model) cycleTag(p pane) tea.Cmd {
	rec, ok := m.selected(p)
	if !ok {
		m.setStatus("Select an item first.", true)
		return nil
	}
	if p.kind == pActions || p.kind == pProgress {
		op := updateOf(rec.action)
		op.Status = next(session.ActionStatuses, op.Status)
		return m.do(op, "Status: "+string(op.Status)+".")
	}
	op := editOf(rec.item)
	op.Tag = next(session.Tags, op.Tag)
	name := string(op.Tag)
	if name == "" {
		name = "none"
	}
	return m.do(op, "Tag: "+name+".")
}

func next[T comparable](all []T, cur T) T {
	for i, x := range all {
		if x == cur {
			return all[(i+1)%len(all)]
		}
	}
	return all[0]
}

func (m *model) toggleRestricted(p pane) tea.Cmd {
	rec, ok := m.selected(p)
	if !ok {
		m.setStatus("Select an item first.", true)
		return nil
	}
	if p.kind == pActions || p.kind == pProgress {
		op := updateOf(rec.action)
		op.Restricted = !op.Restricted
		return m.do(op, map[bool]string{true: "Marked restricted [R].", false: "No longer restricted."}[op.Restricted])
	}
	op := editOf(rec.item)
	op.Restricted = !op.Restricted
	return m.do(op, map[bool]string{true: "Marked restricted [R]: the family will not see it.", false: "No longer restricted."}[op.Restricted])
}

func (m *model) attribForm(p pane) {
	rec, ok := m.selected(p)
	if !ok || p.kind == pActions || p.kind == pProgress {
		m.setStatus("Select a board item first.", true)
		return
	}
	f := newForm("Attribute the item")
	f.text("From (person or agency)", rec.item.Attribution, session.MaxLine)
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		op := editOf(rec.item)
		op.Attribution = v[0]
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
	f.choice("Section", opts, "")
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		return session.MoveItem{ID: rec.item.ID, Section: session.Section(v[0])}, nil
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
	f.text("Core group members (comma-separated)", strings.Join(m.snap.CoreGroup, ", "), session.MaxLine*10).
		text("Lead social worker", m.snap.LeadSocialWorker, session.MaxLine)
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		var members []string
		for _, s := range strings.Split(v[0], ",") {
			if s = strings.TrimSpace(s); s != "" {
				members = append(members, s)
			}
		}
		return session.SetCoreGroup{Members: members, LeadSocialWorker: v[1]}, nil
	}, "Core group recorded.")
	m.form = f.start()
}

func (m *model) openRoundForm() {
	if r, ok := m.snap.OpenRound(); ok {
		m.setStatus(fmt.Sprintf("Round %d is still open: reveal (r) and close (c) it first.", m.roundNumber(r.ID)), true)
		return
	}
	f := newForm("Open a scaling round")
	f.choice("Child", m.childOpts(), "")
	dangers := []option{{"none", ""}}
	for _, it := range m.snap.Items {
		if it.Section == session.DangerStatements {
			dangers = append(dangers, option{clip(it.Text, 40), it.ID})
		}
	}
	f.choice("About a danger statement (optional)", dangers, "")
	f.text("Question (leave empty for the usual 0-10 question)", "", session.MaxItem)
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		return session.OpenRound{ChildID: v[0], DangerID: v[1], Question: v[2]}, nil
	}, "Round opened: scores are sealed until you reveal them.")
	m.form = f.start()
}

func (m *model) scoreForm() {
	r, ok := m.snap.OpenRound()
	if !ok {
		m.setStatus("No scaling round is open.", true)
		return
	}
	f := newForm("Your score: " + clip(r.Question, 70))
	f.intro = "0 means very worried for the child's safety; 10 means no worries, safe enough to close."
	others := m.mayRecordForOthers()
	if others {
		f.choice("Whose score", m.onBehalfOpts(), "")
	}
	f.text("Score (0-10)", "", 2).area("What makes it that number for you?", "", session.MaxItem)
	id := r.ID
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		who := ""
		if others {
			who, v = v[0], v[1:]
		}
		n, err := strconv.Atoi(strings.TrimSpace(v[0]))
		if err != nil || n < 0 || n > 10 {
			return nil, formErr("A score is a whole number from 0 to 10")
		}
		return session.CastScore{RoundID: id, AttendeeID: who, Value: n, Reason: v[1]}, nil
	}, "Score recorded; it stays sealed until the chair reveals.")
	m.form = f.start()
}

func outcomeOpts(t session.ConferenceType) []option {
	var out []option
	for _, o := range session.Outcomes(t) {
		out = append(out, option{o.String(), string(o)})
	}
	return out
}

func categoryOpts() []option {
	out := []option{{"no category", ""}}
	for _, c := range session.Categories {
		out = append(out, option{c.String(), string(c)})
	}
	return out
}

func (m *model) recommendForm() {
	if !m.snap.RecommendationsOpen {
		m.setStatus("The chair has not asked for recommendations yet.", true)
		return
	}
	f := newForm("Your recommendation")
	f.intro = "Does the child need a child protection plan? A plan needs a category."
	f.choice("Child", m.childOpts(), "")
	others := m.mayRecordForOthers()
	if others {
		f.choice("Whose recommendation", m.onBehalfOpts(), "")
	}
	f.choice("Recommendation", outcomeOpts(m.snap.Type), "").choice("Category", categoryOpts(), "").
		area("Reason", "", session.MaxItem)
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		child, who := v[0], ""
		v = v[1:]
		if others {
			who, v = v[0], v[1:]
		}
		return session.Recommend{ChildID: child, AttendeeID: who, Outcome: session.Outcome(v[0]),
			Category: session.Category(v[1]), Reason: v[2]}, nil
	}, "Recommendation recorded.")
	m.form = f.start()
}

func (m *model) decideForm() {
	f := newForm("The conference's decision")
	f.choice("Child", m.childOpts(), "").choice("Decision", outcomeOpts(m.snap.Type), "").
		choice("Category", categoryOpts(), "").area("Reasons", "", session.MaxLong)
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		return session.Decide{ChildID: v[0], Outcome: session.Outcome(v[1]), Category: session.Category(v[2]), Reasons: v[3]}, nil
	}, "Decision recorded.")
	m.form = f.start()
}

func (m *model) dissentForm() {
	f := newForm("Record dissent from the decision")
	f.intro = "Dissent is recorded in full, as given."
	f.choice("Child", m.childOpts(), "")
	others := m.mayRecordForOthers()
	if others {
		f.choice("Whose dissent", m.onBehalfOpts(), "")
	}
	f.area("Dissent", "", session.MaxLong)
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		child, who := v[0], ""
		v = v[1:]
		if others {
			who, v = v[0], v[1:]
		}
		return session.RecordDissent{ChildID: child, AttendeeID: who, Text: v[0]}, nil
	}, "Dissent recorded.")
	m.form = f.start()
}

// exportCmd writes the records (after ending the conference, if end).
func (m *model) exportCmd(end bool) tea.Cmd {
	room, ctx, by, dir := m.room, m.ctx, m.actor, m.o.RecordsDir
	write := m.o.Export
	return func() tea.Msg {
		if end {
			if err := room.Do(ctx, session.Command{By: by, Op: session.EndConference{}}); err != nil {
				return exportedMsg{err: err, ended: true}
			}
		}
		if write == nil {
			return exportedMsg{err: errNoExport, ended: end}
		}
		files, err := write(dir, room.Snapshot())
		return exportedMsg{files: files, err: err, ended: end}
	}
}

// ---- People ----

func (m *model) peopleKey(msg tea.KeyPressMsg) tea.Cmd {
	s := msg.String()
	k := m.keys
	rows := m.peopleRows()
	var row peopleRow
	if m.peopleI < len(rows) {
		row = rows[m.peopleI]
	}
	att := func() (session.Attendee, bool) {
		if row.att == nil {
			m.setStatus("Choose a person first (↑/↓).", true)
			return session.Attendee{}, false
		}
		return *row.att, true
	}
	switch {
	case s == "q":
		return tea.Quit
	case s == "esc" || pressed(s, k.People):
		m.scr = scrBoard
	case pressed(s, k.Up):
		m.peopleI = max(0, m.peopleI-1)
	case pressed(s, k.Down):
		m.peopleI = min(max(0, len(rows)-1), m.peopleI+1)
	case pressed(s, k.AddKnown):
		if m.allowed(&k.AddKnown) {
			m.addKnownForm()
		}
	case pressed(s, k.AddRoom):
		if m.allowed(&k.AddRoom) {
			m.addRoomForm()
		}
	case pressed(s, k.Attendance):
		if m.allowed(&k.Attendance) {
			if a, ok := att(); ok {
				m.attendanceForm(a)
			}
		}
	case pressed(s, k.SetRole):
		if m.allowed(&k.SetRole) {
			if a, ok := att(); ok {
				f := newForm("Change the role of " + a.Name)
				f.choice("Role", []option{{"minute-taker", string(session.RoleMinuteTaker)}, {"viewer", string(session.RoleViewer)}, {"family", string(session.RoleFamily)}}, string(a.Role))
				f.submit = m.opSubmit(func(v []string) (session.Op, error) {
					return session.SetRole{AttendeeID: a.ID, Role: session.Role(v[0])}, nil
				}, "Role changed.")
				m.form = f.start()
			}
		}
	case pressed(s, k.HandOver):
		if m.allowed(&k.HandOver) {
			if a, ok := att(); ok {
				m.confirm = &confirmation{question: "Hand the chair to " + a.Name + "? You become a viewer.",
					yes: func() tea.Cmd { return m.do(session.HandOverChair{To: a.ID}, "The chair is now "+a.Name+".") }}
			}
		}
	case pressed(s, k.Remove):
		if m.allowed(&k.Remove) {
			if a, ok := att(); ok {
				m.confirm = &confirmation{question: "Remove " + a.Name + " from the conference? The record keeps them.",
					yes: func() tea.Cmd { return m.do(session.RemoveAttendee{ID: a.ID}, a.Name+" removed.") }}
			}
		}
	case pressed(s, k.Invite):
		if m.allowed(&k.Invite) {
			return m.inviteCmd()
		}
	case pressed(s, k.Admit):
		if m.allowed(&k.Admit) {
			if row.guest == nil {
				m.setStatus("Choose a waiting guest first.", true)
				return nil
			}
			g := *row.guest
			f := newForm("Admit " + g.Name + " (" + g.Agency + ")")
			f.intro = "Key fingerprint: " + g.Fingerprint + ". Check it with the guest if in doubt."
			f.choice("Role", []option{{"viewer", string(session.RoleViewer)}, {"family", string(session.RoleFamily)}, {"minute-taker", string(session.RoleMinuteTaker)}}, "")
			f.submit = m.opSubmit(func(v []string) (session.Op, error) {
				return session.AdmitGuest{GuestID: g.ID, Role: session.Role(v[0])}, nil
			}, g.Name+" admitted.")
			m.form = f.start()
		}
	case pressed(s, k.TurnAway):
		if m.allowed(&k.TurnAway) {
			if row.guest == nil {
				m.setStatus("Choose a waiting guest first.", true)
				return nil
			}
			g := *row.guest
			m.confirm = &confirmation{question: "Turn " + g.Name + " away?",
				yes: func() tea.Cmd { return m.do(session.TurnAwayGuest{GuestID: g.ID}, g.Name+" turned away.") }}
		}
	}
	return nil
}

func (m *model) addKnownForm() {
	if m.o.People == nil {
		m.setStatus("No people file is available.", true)
		return
	}
	on := map[string]bool{}
	for _, a := range m.snap.Attendees {
		if a.PersonID != "" && !a.Removed {
			on[a.PersonID] = true
		}
	}
	var opts []option
	people := map[string]session.Actor{}
	for _, p := range m.o.People() {
		if !on[p.ID] {
			opts = append(opts, option{p.Name + " (" + p.Agency + ")", p.ID})
			people[p.ID] = p
		}
	}
	if len(opts) == 0 {
		m.setStatus("Everyone in the people file is already on the list.", true)
		return
	}
	f := newForm("Add a known person")
	f.choice("Person", opts, "").choice("Role", []option{{"viewer", string(session.RoleViewer)},
		{"minute-taker", string(session.RoleMinuteTaker)}, {"family", string(session.RoleFamily)}}, "").
		choice("Joining", []option{{"remotely", "remote"}, {"in the room", "room"}}, "")
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		p := people[v[0]]
		// Someone joining remotely is expected until they join; someone in
		// the room is present.
		att := session.Present
		if v[2] == "remote" {
			att = session.Expected
		}
		return session.AddAttendee{PersonID: p.ID, Name: p.Name, Agency: p.Agency, Role: session.Role(v[1]),
			Attendance: att, Remote: v[2] == "remote"}, nil
	}, "Person added.")
	m.form = f.start()
}

func (m *model) addRoomForm() {
	f := newForm("Add someone in the room")
	f.intro = "For people without a terminal: parents, the child, anyone present in person."
	f.text("Name", "", session.MaxLine).text("Role or relationship (Mother, GP...)", "", session.MaxLine).
		text("Agency (empty for family)", "", session.MaxLine).
		choice("Role", []option{{"family", string(session.RoleFamily)}, {"viewer", string(session.RoleViewer)}}, "")
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		return session.AddAttendee{Name: v[0], Relationship: v[1], Agency: v[2], Role: session.Role(v[3]),
			Attendance: session.Present, Remote: false}, nil
	}, "Added to the attendance list.")
	m.form = f.start()
}

func (m *model) attendanceForm(a session.Attendee) {
	f := newForm("Attendance: " + a.Name)
	yn := func(b bool) string {
		if b {
			return "yes"
		}
		return "no"
	}
	where := "room"
	if a.Remote {
		where = "remote"
	}
	f.choice("Attendance", []option{{"present", "present"}, {"apologies", "apologies"}, {"absent", "absent"}}, string(a.Attendance)).
		choice("Joined", []option{{"remotely", "remote"}, {"in the room", "room"}}, where).
		choice("Report submitted", yesNoOpts, yn(a.ReportSubmitted)).
		choice("Report shared with parents", yesNoOpts, yn(a.ReportShared))
	f.submit = m.opSubmit(func(v []string) (session.Op, error) {
		return session.UpdateAttendee{ID: a.ID, Name: a.Name, Relationship: a.Relationship, Agency: a.Agency,
			Attendance: session.Attendance(v[0]), Remote: v[1] == "remote", ReportSubmitted: v[2] == "yes", ReportShared: v[3] == "yes"}, nil
	}, "Attendance updated.")
	m.form = f.start()
}

func (m *model) inviteCmd() tea.Cmd {
	code := session.NewInviteCode()
	expires := m.now().Add(24 * time.Hour)
	room, ctx, by := m.room, m.ctx, m.actor
	return func() tea.Msg {
		err := room.Do(ctx, session.Command{By: by, Op: session.CreateInvite{Hash: session.HashCode(code), Expires: expires}})
		return inviteMsg{code: code, expires: expires, err: err}
	}
}
