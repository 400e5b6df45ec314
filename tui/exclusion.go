package tui

import (
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
