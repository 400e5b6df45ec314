package linear

import (
	"fmt"
	"strings"

	"confer/session"
)

// The record beyond the board, as the full screen's w and Y: W writes one
// record field of the step we are at (an amendment with a reason after the
// end), Y has the chair approve the record after the end. One question per
// line; the person hears what is recorded now before writing.

// recordPerm is the permission writing the record needs now.
func (t *Terminal) recordPerm() session.Permission {
	switch {
	case t.view.Ended.IsZero():
		return session.PermWriteRecord
	case len(t.view.Record.Approvals) > 0:
		return session.PermAmendApproved
	}
	return session.PermAmendRecord
}

// recordNote is what this person's view holds for field f at step i.
func (t *Terminal) recordNote(f session.RecordField, i int) session.Note {
	if f == session.FieldStepNote {
		return t.view.Details.StepNotes[session.StepKey(t.view.Agenda, i)]
	}
	return t.view.Details.TextOf(f)
}

// recordForm asks which field, its new text, whether to withhold it from
// the family and, after the end, the reason for the amendment.
func (t *Terminal) recordForm() {
	if !t.may(t.recordPerm()) {
		return
	}
	i := t.view.Step
	if i < 0 || i >= len(t.view.Agenda) {
		t.say("The agenda has not started: the record is written step by step.")
		return
	}
	ended := !t.view.Ended.IsZero()
	fields := session.FieldsAt(t.view.Agenda[i].Key)
	var opts []option
	for _, f := range fields {
		label := f.Title()
		if n := t.recordNote(f, i); n.Text != "" {
			label += ", now: " + strings.Join(strings.Fields(n.Text), " ")
		} else {
			label += ", not written yet"
		}
		opts = append(opts, option{label, string(f)})
	}
	intro := fmt.Sprintf("Write the record for step %d, %s.", i+1, t.view.Agenda[i].Title)
	if ended {
		intro = fmt.Sprintf("Amend the record for step %d, %s. The change is logged with who, when and why.", i+1, t.view.Agenda[i].Title)
	}
	t.startForm(&form{
		intro: intro,
		fields: []field{
			{label: "Part of the record", options: opts},
			{label: "The new text"},
			{label: "Withhold from the family", optionsFor: func(v []string) []option {
				f := session.RecordField(v[0])
				n := t.recordNote(f, i)
				if n.Restricted || (n.Text == "" && f.RestrictedByDefault()) {
					return []option{{"yes, as now", "yes"}, {"no", "no"}}
				}
				return []option{{"no, as now", "no"}, {"yes", "yes"}}
			}},
			{label: "The reason for the amendment", skip: func([]string) bool { return !ended }},
		},
		submit: func(v []string) {
			f, res := session.RecordField(v[0]), v[2] == "yes"
			op := session.SetRecordText{Field: f, Text: v[1], Restricted: &res, Reason: v[3]}
			if f == session.FieldStepNote {
				op.Step = &i
			}
			t.do(op, fmt.Sprintf("Recorded: %s.", f.Title()))
		},
	})
}

// approveRecord asks the chair, then approves the record's current version.
func (t *Terminal) approveRecord() {
	if !t.may(session.PermApproveRecord) {
		return
	}
	c := t.view.Conference
	switch c.Status() {
	case session.RecordLive:
		t.say("End the conference before approving its record.")
		return
	case session.RecordApproved:
		t.say(fmt.Sprintf("Version %d of the record is already approved.", c.Record.Version()))
		return
	}
	t.confirm(fmt.Sprintf("Approve version %d of the record", c.Record.Version()), func() {
		t.do(session.ApproveRecord{}, fmt.Sprintf("Version %d of the record is approved.", c.Record.Version()))
	})
}
