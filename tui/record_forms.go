package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// This file holds the record beyond the board: the free-text fields the
// chair and minute-taker write at each agenda step (w), amending them after
// the end with a reason, and the chair's approval (Y). session decides who
// may, and what a family viewer sees of it; the terminal only shows the
// snapshot it was given.

// recordStep returns the agenda step the record form writes for: the step
// on screen (the chair's, or the one browsed to).
func (m *model) recordStep() (int, bool) {
	i := m.viewStep()
	return i, i >= 0 && i < len(m.snap.Agenda)
}

// recordedNote returns what the snapshot holds for field f at step i.
func (m *model) recordedNote(f session.RecordField, i int) session.Note {
	if f == session.FieldStepNote {
		return m.snap.Details.StepNotes[session.StepKey(m.snap.Agenda, i)]
	}
	return m.snap.Details.TextOf(f)
}

// recordForm lists the step's record fields, each with its withhold mark;
// after the end it asks for the reason for the amendment too. Saving sends
// one SetRecordText per field that changed.
func (m *model) recordForm() {
	i, ok := m.recordStep()
	if !ok {
		m.setStatus("The agenda has not started: the record is written step by step.", true)
		return
	}
	ended := !m.snap.Ended.IsZero()
	fields := session.FieldsAt(m.snap.Agenda[i].Key)
	title := "Record for step " + itoa(i+1) + ": " + m.snap.Agenda[i].Title
	f := newForm(title)
	if ended {
		f.title = "Amend the record, step " + itoa(i+1) + ": " + m.snap.Agenda[i].Title
		f.intro = "The conference has ended: each change is an amendment, logged with who, when and why."
	}
	type entry struct {
		field           session.RecordField
		text, withhold  string
		wasText, wasRes string
	}
	entries := make([]*entry, len(fields))
	for j, fl := range fields {
		n := m.recordedNote(fl, i)
		res := fl.RestrictedByDefault()
		if n.Text != "" || n.Restricted {
			res = n.Restricted
		}
		e := &entry{field: fl, wasText: n.Text, wasRes: map[bool]string{true: "yes", false: "no"}[res]}
		entries[j] = e
		f.area(fl.Title(), n.Text, session.MaxLong).to(&e.text).
			choice(withholdLabel, yesNoOpts, e.wasRes).to(&e.withhold)
	}
	var reason string
	if ended {
		f.text("Reason for the amendment", "", session.MaxLine).to(&reason)
	}
	f.submit = func() (tea.Cmd, error) {
		var ops []session.Op
		step := i
		for _, e := range entries {
			if strings.TrimSpace(e.text) == strings.TrimSpace(e.wasText) && e.withhold == e.wasRes {
				continue
			}
			res := e.withhold == "yes"
			op := session.SetRecordText{Field: e.field, Text: e.text, Restricted: &res, Reason: reason}
			if e.field == session.FieldStepNote {
				op.Step = &step
			}
			ops = append(ops, op)
		}
		if len(ops) == 0 {
			return nil, fmt.Errorf("%w: Nothing has changed: edit a field, or press esc.", errForm)
		}
		if ended && strings.TrimSpace(reason) == "" {
			return nil, fmt.Errorf("%w: Give the reason for the amendment.", errForm)
		}
		notice := map[bool]string{true: "Record amended.", false: "Record written."}[ended]
		return m.doAll(ops, notice), nil
	}
	m.form = f.start()
}

// doAll sends ops one after another in one command, stopping at the first
// refusal, whose sentence the form shows.
func (m *model) doAll(ops []session.Op, notice string) tea.Cmd {
	room, ctx, by := m.room, m.ctx, m.actor
	if room == nil {
		return nil
	}
	return func() tea.Msg {
		for _, op := range ops {
			if err := room.Do(ctx, session.Command{By: by, Op: op}); err != nil {
				return opDoneMsg{err: err, notice: notice}
			}
		}
		return opDoneMsg{notice: notice}
	}
}

// approveRecord asks the chair, then signs off the record's current version.
func (m *model) approveRecord() {
	c := m.snap.Conference
	switch c.Status() {
	case session.RecordApproved:
		m.setStatus(fmt.Sprintf("Version %d of the record is already approved.", c.Record.Version()), true)
		return
	case session.RecordLive:
		m.setStatus("End the conference before approving its record.", true)
		return
	}
	q := fmt.Sprintf("Approve version %d of the record? It becomes the record of this conference.", c.Record.Version())
	if c.Reapproved() || len(c.Record.Approvals) > 0 {
		q = fmt.Sprintf("Approve version %d of the record again, with its amendments?", c.Record.Version())
	}
	m.confirm = &confirmation{question: q, yes: func() tea.Cmd {
		return m.do(session.ApproveRecord{}, "Record approved.")
	}}
}

// amendForm corrects the text of a board item or plan action after the
// end, with the reason the amendment log keeps.
func (m *model) amendForm(rec record) {
	target, text, limit := "", "", session.MaxItem
	switch {
	case rec.item != nil:
		target, text = "item:"+rec.item.ID, rec.item.Text
	case rec.action != nil:
		target, text = "action:"+rec.action.ID, rec.action.What
	default:
		return
	}
	f := newForm("Amend the record")
	f.intro = "The conference has ended: the change is logged with who, when and why."
	var v struct{ text, reason string }
	f.area("Corrected text", text, limit).to(&v.text).
		text("Reason for the amendment", "", session.MaxLine).to(&v.reason)
	f.submit = m.opSubmit(func() (session.Op, error) {
		return session.AmendRecord{Target: target, Text: v.text, Reason: v.reason}, nil
	}, "Record amended.")
	m.form = f.start()
}

// amendDecisionsForm corrects the reasons for the decisions after the
// end: one box per decided child, each filled with that child's reasons,
// and one amendment per box that changed, all with the reason given.
func (m *model) amendDecisionsForm() {
	type entry struct{ child, was, text string }
	var entries []*entry
	f := newForm("Amend the reasons for the decision")
	f.intro = "The conference has ended: the change is logged with who, when and why."
	for _, ch := range m.snap.Children {
		d, ok := m.snap.Decision(ch.ID)
		if !ok {
			continue
		}
		e := &entry{child: ch.ID, was: d.Reasons}
		entries = append(entries, e)
		f.area("Reasons for "+ch.Name, d.Reasons, session.MaxLong).to(&e.text)
	}
	if len(entries) == 0 {
		m.setStatus("No decision has been recorded, so there are no reasons to amend.", true)
		return
	}
	var reason string
	f.text("Reason for the amendment", "", session.MaxLine).to(&reason)
	f.submit = func() (tea.Cmd, error) {
		var ops []session.Op
		for _, e := range entries {
			if strings.TrimSpace(e.text) != strings.TrimSpace(e.was) {
				ops = append(ops, session.AmendRecord{Target: "decision:" + e.child, Text: e.text, Reason: reason})
			}
		}
		if len(ops) == 0 {
			return nil, fmt.Errorf("%w: Nothing has changed: correct the reasons, or press esc.", errForm)
		}
		return m.doAll(ops, "Record amended."), nil
	}
	m.form = f.start()
}
