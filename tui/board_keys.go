package tui

import (
	"fmt"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// allowed answers a role-restricted key: true if the role may use it,
// otherwise the refusal goes to the status bar and nothing changes.
func (m *model) allowed(b *key.Binding) bool {
	if b.Enabled() {
		return true
	}
	m.refuse(b)
	return false
}

// boardKey handles a key on the board.
func (m *model) boardKey(msg tea.KeyPressMsg) tea.Cmd {
	s := msg.String()
	k := m.keys
	ps := m.panes()
	p := ps[min(m.focus, len(ps)-1)]
	switch {
	case pressed(s, k.Quit):
		m.confirmQuit()
	case s == "esc":
		m.setStatus("", false)
	case pressed(s, k.Undo):
		if m.allowed(&k.Undo) {
			return m.undoLast()
		}
	case pressed(s, k.People):
		m.scr = scrPeople
		m.peopleI = 0
	case pressed(s, k.Lobby):
		m.confirm = &confirmation{question: "Leave this conference for the lobby? Everyone will see you go; you can come back.",
			yes: func() tea.Cmd { m.leaveForLobby(); return m.watchLobby() }}
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
			if p.kind == pScaling || p.kind == pDecision {
				m.restrictForm(p)
				return nil
			}
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
				m.confirm = &confirmation{question: "Reveal the scores? Everyone will see every score and reason.",
					yes: func() tea.Cmd { return m.do(session.RevealRound{RoundID: r.ID}, "Scores revealed.") }}
				return nil
			}
			m.setStatus("No scaling round is open.", true)
		}
	case pressed(s, k.CloseRound):
		if m.allowed(&k.CloseRound) {
			if r, ok := m.snap.OpenRound(); ok {
				m.confirm = &confirmation{question: "Close the round? The scores become final and nobody can change theirs.",
					yes: func() tea.Cmd { return m.do(session.CloseRound{RoundID: r.ID}, "Round closed; the scores are final.") }}
				return nil
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
			var reason string
			f.area("Reason", m.snap.InquorateReason, session.MaxItem).to(&reason)
			f.submit = m.opSubmit(func() (session.Op, error) {
				return session.ProceedWithoutQuorum{Reason: reason}, nil
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
	case pressed(s, k.Write):
		if m.allowed(&k.Write) {
			m.recordForm()
		}
	case pressed(s, k.Household):
		if m.allowed(&k.Household) {
			m.householdForm()
		}
	case pressed(s, k.Categories):
		if m.allowed(&k.Categories) {
			m.categoriesForm()
		}
	case pressed(s, k.Approve):
		if m.allowed(&k.Approve) {
			m.approveRecord()
		}
	case pressed(s, k.End):
		if m.allowed(&k.End) {
			m.confirm = &confirmation{question: m.endQuestion(), yes: func() tea.Cmd { return m.exportCmd(true) }}
		}
	default:
		if printable(msg) {
			m.setStatus(m.addHint(), false)
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
		m.remember(rec, true, "the status")
		op := updateOf(*rec.action)
		op.Status = next(session.ActionStatuses, op.Status)
		return m.do(op, "Status: "+string(op.Status)+". u undoes.")
	}
	m.remember(rec, false, "the tag")
	op := editOf(*rec.item)
	op.Tag = next(session.Tags, op.Tag)
	name := string(op.Tag)
	if name == "" {
		name = "none"
	}
	return m.do(op, "Tag: "+name+". u undoes.")
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
		m.remember(rec, true, "the restricted mark")
		op := updateOf(*rec.action)
		op.Restricted = !op.Restricted
		return m.do(op, map[bool]string{true: "Marked restricted [R]. u undoes.", false: "No longer restricted. u undoes."}[op.Restricted])
	}
	m.remember(rec, false, "the restricted mark")
	op := editOf(*rec.item)
	op.Restricted = !op.Restricted
	return m.do(op, map[bool]string{true: "Marked restricted [R]: the family will not see it. u undoes.", false: "No longer restricted. u undoes."}[op.Restricted])
}
