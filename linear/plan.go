package linear

import (
	"fmt"
	"strings"
	"time"

	"confer/session"
)

// The chair's and minute-taker's plan and quorum keys.

// parseDay reads a date typed as 2026-03-14, or says how to type it.
func parseDay(s string) (time.Time, string) {
	t, err := time.Parse("2006-01-02", strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, "Type the date as year-month-day, for example 2026-03-14."
	}
	return t, ""
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
