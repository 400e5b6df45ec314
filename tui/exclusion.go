package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// excludeKey is X in People: the chair excludes one named family member
// from part of the conference, or lets the chosen one back in.
func (m *model) excludeKey(row peopleRow) tea.Cmd {
	if row.att != nil && m.snap.ExcludedNow(row.att.ID) {
		a := *row.att
		m.confirm = &confirmation{question: "Let " + a.Name + " back into the conference?",
			yes: func() tea.Cmd {
				return m.do(session.EndExclusion{AttendeeID: a.ID}, a.Name+" is back in the conference.")
			}}
		return nil
	}
	var opts []option
	sel := ""
	for _, a := range m.snap.Attendees {
		if a.Role == session.RoleFamily && !a.Removed && !m.snap.ExcludedNow(a.ID) {
			opts = append(opts, option{a.Name, a.ID})
			if row.att != nil && row.att.ID == a.ID {
				sel = a.ID
			}
		}
	}
	if len(opts) == 0 {
		m.setStatus("There is no family member to exclude.", true)
		return nil
	}
	m.exclusionForm(opts, sel)
	return nil
}

// exclusionForm asks whom to exclude and on what grounds. The grounds
// start unchosen: the record must say why, so the chair says it.
func (m *model) exclusionForm(people []option, sel string) {
	f := newForm("Exclude a family member for part of the conference")
	f.intro = "What is recorded while they are excluded is withheld from them alone. Press X on their line to let them back in."
	grounds := []option{{"choose the grounds", ""}}
	for _, g := range session.AllGrounds {
		grounds = append(grounds, option{g.String(), string(g)})
	}
	var v struct{ who, grounds, detail string }
	f.choice("Family member", people, sel).to(&v.who).
		choice("Grounds", grounds, "").to(&v.grounds).
		text("Detail (required for Other)", "", session.MaxLine).to(&v.detail)
	names := map[string]string{}
	for _, o := range people {
		names[o.value] = o.label
	}
	f.submit = func() (tea.Cmd, error) {
		if v.grounds == "" {
			return nil, formErr("Choose the grounds with ←/→")
		}
		if session.Grounds(v.grounds) == session.GroundsOther && v.detail == "" {
			return nil, formErr("Say why in Detail: the grounds are Other")
		}
		op := session.StartExclusion{AttendeeID: v.who, Grounds: session.Grounds(v.grounds), Detail: v.detail}
		return m.do(op, names[v.who]+" is excluded; what is recorded now is withheld from them."), nil
	}
	m.form = f.start()
}

// restrictText marks one piece of free text restricted or not, saying
// which in words (the mark on screen is [R], never colour alone).
func (m *model) restrictText(target session.TextTarget, id, attendeeID string, restricted bool, what string) tea.Cmd {
	notice := what + " marked restricted [R]: the family will not see it."
	if !restricted {
		notice = what + " no longer restricted."
	}
	return m.do(session.RestrictText{Target: target, ID: id, AttendeeID: attendeeID, Restricted: restricted}, notice)
}

// restrictNotes is x in People: withhold the chosen person's notes.
func (m *model) restrictNotes(a session.Attendee) tea.Cmd {
	if a.Notes == "" {
		m.setStatus("There are no notes about "+a.Name+" to withhold (u adds them).", true)
		return nil
	}
	return m.restrictText(session.TextAttendeeNotes, a.ID, "", !a.NotesRestricted, "The notes about "+a.Name)
}

// withholdField adds the "Withhold from the family" yes/no to a form
// that records free text, for those who may restrict text (the chair and
// minute-taker); others never see it and send no.
func (m *model) withholdField(f *form, restricted bool, dst *string) {
	if !session.Allows(m.role, session.PermRestrictText) {
		return
	}
	sel := "no"
	if restricted {
		sel = "yes"
	}
	f.choice(withholdLabel, yesNoOpts, sel).to(dst)
}

// textChoice is one piece of free text x can mark, as a form offers it.
type textChoice struct {
	op   session.RestrictText // Restricted is the new mark: the opposite of now
	what string
}

// restrictChoices lists the texts shown in the scaling or decision panel
// that x can mark: score reasons of the round shown; recommendation
// reasons, decision reasons and dissent.
func (m *model) restrictChoices(p pane) []textChoice {
	var out []textChoice
	add := func(now bool, what string, op session.RestrictText) {
		op.Restricted = !now
		out = append(out, textChoice{op: op, what: restrictedMark(now) + what})
	}
	c := m.snap
	switch p.kind {
	case pScaling:
		if r, ok := m.currentRound(); ok {
			for _, s := range r.Scores {
				if s.Reason != "" {
					add(s.ReasonRestricted, "Score reason, "+m.attendeeName(s.AttendeeID)+": "+s.Reason,
						session.RestrictText{Target: session.TextScoreReason, ID: r.ID, AttendeeID: s.AttendeeID})
				}
			}
		}
	case pDecision:
		for _, r := range c.Recommendations {
			if r.Reason != "" {
				add(r.ReasonRestricted, "Recommendation, "+m.attendeeName(r.AttendeeID)+": "+r.Reason,
					session.RestrictText{Target: session.TextRecommendationReason, ID: r.ChildID, AttendeeID: r.AttendeeID})
			}
		}
		for _, d := range c.Decisions {
			if d.Reasons != "" {
				add(d.ReasonsRestricted, "Decision reasons, "+m.childName(d.ChildID)+": "+d.Reasons,
					session.RestrictText{Target: session.TextDecisionReasons, ID: d.ChildID})
			}
		}
		for _, d := range c.Dissent {
			add(d.Restricted, "Dissent, "+m.attendeeName(d.AttendeeID)+": "+d.Text,
				session.RestrictText{Target: session.TextDissent, ID: d.ID})
		}
	}
	return out
}

// restrictForm is x on the scaling or decision panel: choose the text;
// saving marks it restricted, or unmarks it if it was ([R] says which).
func (m *model) restrictForm(p pane) {
	choices := m.restrictChoices(p)
	if len(choices) == 0 {
		m.setStatus("There is no text here to withhold yet.", true)
		return
	}
	f := newForm("Withhold text from the family, or show it again")
	f.intro = "Choose with ←/→ and press enter. [R] marks text already withheld: enter shows it to the family again."
	opts := make([]option, len(choices))
	for i, c := range choices {
		opts[i] = option{clip(c.what, 60), itoa(i)}
	}
	var sel string
	f.choice("Text", opts, "").to(&sel)
	f.submit = func() (tea.Cmd, error) {
		i := 0
		for j := range opts {
			if opts[j].value == sel {
				i = j
			}
		}
		c := choices[i]
		return m.restrictText(c.op.Target, c.op.ID, c.op.AttendeeID, c.op.Restricted, strings.TrimPrefix(clip(c.what, 40), "[R] ")), nil
	}
	m.form = f.start()
}
