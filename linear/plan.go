package linear

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"confer/session"
)

// The chair's and minute-taker's plan and quorum keys.

// parseDay reads a date typed as 2026-03-14, or says how to type it, by
// session's rule.
func parseDay(s string) (time.Time, string) {
	d, err := session.ParseDay("The date", s)
	return d, why(err)
}

// why is the sentence for a refused entry, or "" for none.
func why(err error) string {
	if err == nil {
		return ""
	}
	return session.ErrorMessage(err) + "."
}

func (t *Terminal) actionForm() {
	t.startForm(&form{
		intro: "Add an action to the plan.",
		fields: []field{
			{label: "What will be done"},
			{label: "Who will do it"},
			{label: "By when, as year-month-day", check: func(s string) string { _, why := parseDay(s); return why }},
			{label: "Restricted, never shown to the family", options: yesNo},
		},
		submit: func(v []string) {
			due, _ := parseDay(v[2])
			t.do(session.AddAction{What: v[0], Owner: v[1], Due: due, Restricted: v[3] == "yes"}, "Action added.")
		},
	})
}

func (t *Terminal) coreGroupForm() {
	t.startForm(&form{
		intro: "Record the core group and the lead social worker.",
		fields: []field{
			{label: "Core group members, separated by commas"},
			{label: "Lead social worker", optional: true},
		},
		submit: func(v []string) {
			var members []string
			for _, m := range strings.Split(v[0], ",") {
				if m = strings.TrimSpace(m); m != "" {
					members = append(members, m)
				}
			}
			t.do(session.SetCoreGroup{Members: members, LeadSocialWorker: v[1]}, "Core group recorded.")
		},
	})
}

func (t *Terminal) quorumForm() {
	t.startForm(&form{
		intro:  "The conference is not quorate: it needs children's social care and two other agencies present. Record why it goes ahead.",
		fields: []field{{label: "Reason"}},
		submit: func(v []string) {
			t.do(session.ProceedWithoutQuorum{Reason: v[0]}, "Reason recorded.")
		},
	})
}

// export writes the records now (E), or ends the conference first and then
// writes them (Z, after a yes). Only someone who may end the conference
// may do either, as on the full screen, where both are the chair's.
func (t *Terminal) export(end bool) {
	if !end {
		t.writeRecords("records written")
		return
	}
	t.startForm(&form{
		fields: []field{{label: "End the conference? Nothing more can be recorded, and the records are written", options: yesNo}},
		submit: func(v []string) {
			if v[0] != "yes" {
				t.say("Cancelled.")
				return
			}
			if err := t.room.Do(t.ctx, session.Command{By: t.o.Actor, Op: session.EndConference{}}); err != nil {
				t.say(message(err))
				return
			}
			t.refresh()
			t.writeRecords("records written")
		},
	})
}

func (t *Terminal) writeRecords(what string) {
	if t.o.Export == nil {
		t.say("Exporting is not available on this server.")
		return
	}
	files, err := t.o.Export(t.o.RecordsDir, t.room.Snapshot())
	if err != nil {
		t.say("The records could not be written. Try again, or ask the server's administrator.")
		return
	}
	t.say(sentence(fmt.Sprintf("%d %s", len(files), what)))
}

// actionOpts lists the plan's actions, as choices.
func (t *Terminal) actionOpts() []option {
	var out []option
	for _, a := range t.view.Actions {
		out = append(out, option{fmt.Sprintf("%s, %s, due %s, %s", flat(a.What), flat(a.Owner), dayOf(a.Due),
			strings.ReplaceAll(string(a.Status), "-", " ")), a.ID})
	}
	return out
}

func updateOf(a session.Action) session.UpdateAction {
	return session.UpdateAction{ID: a.ID, What: a.What, Owner: a.Owner, Due: a.Due, Status: a.Status, Restricted: a.Restricted}
}

// actionChange asks which action, then the fields that follow, and sends
// what build makes of the action and the answers.
func (t *Terminal) actionChange(more []field, build func(a session.Action, v []string) session.Op, notice string) {
	t.startForm(&form{
		fields: append([]field{{label: "Action", optionsFor: func([]string) []option { return t.actionOpts() }}}, more...),
		submit: func(v []string) {
			i := slices.IndexFunc(t.view.Actions, func(a session.Action) bool { return a.ID == v[0] })
			if i < 0 {
				t.say("That action is no longer in the plan.")
				return
			}
			if op := build(t.view.Actions[i], v[1:]); op != nil {
				t.do(op, notice)
			}
		},
	})
}

func (t *Terminal) editActionForm() {
	t.actionChange([]field{{label: "What will be done"}, {label: "Who will do it"},
		{label: "By when, as year-month-day", check: func(s string) string { _, why := parseDay(s); return why }}},
		func(a session.Action, v []string) session.Op {
			op := updateOf(a)
			op.What, op.Owner = v[0], v[1]
			op.Due, _ = parseDay(v[2])
			return op
		}, "Action changed.")
}

func (t *Terminal) actionStatusForm() {
	var st []option
	for _, s := range session.ActionStatuses {
		st = append(st, option{strings.ReplaceAll(string(s), "-", " "), string(s)})
	}
	t.actionChange([]field{{label: "Status", options: st}}, func(a session.Action, v []string) session.Op {
		op := updateOf(a)
		op.Status = session.ActionStatus(v[0])
		return op
	}, "Status changed.")
}

func (t *Terminal) restrictActionForm() {
	t.actionChange([]field{{label: "Restricted, never shown to the family", options: yesNo}},
		func(a session.Action, v []string) session.Op {
			op := updateOf(a)
			op.Restricted = v[0] == "yes"
			return op
		}, "Restriction changed.")
}

func (t *Terminal) deleteActionForm() {
	t.actionChange([]field{{label: "Delete it", options: yesNo}}, func(a session.Action, v []string) session.Op {
		if v[0] != "yes" {
			t.say("Cancelled.")
			return nil
		}
		return session.RemoveAction{ID: a.ID}
	}, "Action deleted.")
}
