package tui

import (
	"time"

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
		m.confirmQuit()
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
				m.roleForm(a)
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
			m.admitForm(*row.guest)
		}
	case pressed(s, k.Exclude):
		if m.allowed(&k.Exclude) {
			return m.excludeKey(row)
		}
	case pressed(s, k.Restrict):
		if m.allowed(&k.Restrict) {
			if a, ok := att(); ok {
				return m.restrictNotes(a)
			}
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
	var v struct{ person, role, joining string }
	f.choice("Person", opts, "").to(&v.person).choice("Role", []option{{"viewer", string(session.RoleViewer)},
		{"minute-taker", string(session.RoleMinuteTaker)}, {"family", string(session.RoleFamily)}}, "").to(&v.role).
		choice("Joining", []option{{"remotely", "remote"}, {"in the room", "room"}}, "").to(&v.joining)
	f.submit = m.opSubmit(func() (session.Op, error) {
		p := people[v.person]
		// Someone joining remotely is expected until they join; someone in
		// the room is present.
		att := session.Present
		if v.joining == "remote" {
			att = session.Expected
		}
		return session.AddAttendee{PersonID: p.ID, Name: p.Name, Agency: p.Agency, Role: session.Role(v.role),
			Attendance: att, Remote: v.joining == "remote"}, nil
	}, "Person added.")
	m.form = f.start()
}

func (m *model) addRoomForm() {
	f := newForm("Add someone in the room")
	f.intro = "For people without a terminal: parents, the child, anyone present in person."
	var v struct{ name, relationship, agency, role, notes, withhold string }
	f.text("Name", "", session.MaxLine).to(&v.name).
		text("Role or relationship (Mother, GP...)", "", session.MaxLine).to(&v.relationship).
		text("Agency (empty for family)", "", session.MaxLine).to(&v.agency).
		choice("Role", []option{{"family", string(session.RoleFamily)}, {"viewer", string(session.RoleViewer)}}, "").to(&v.role).
		area("Notes (optional)", "", session.MaxItem).to(&v.notes)
	m.withholdField(f, false, &v.withhold)
	f.submit = m.opSubmit(func() (session.Op, error) {
		return session.AddAttendee{Name: v.name, Relationship: v.relationship, Agency: v.agency, Role: session.Role(v.role),
			Attendance: session.Present, Remote: false, Notes: v.notes, NotesRestricted: v.withhold == "yes"}, nil
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
	var v struct{ attendance, joined, submitted, shared, notes, withhold string }
	f.choice("Attendance", []option{{"present", "present"}, {"expected", "expected"}, {"apologies", "apologies"}, {"absent", "absent"}}, string(a.Attendance)).to(&v.attendance).
		choice("Joined", []option{{"remotely", "remote"}, {"in the room", "room"}}, where).to(&v.joined).
		choice("Report submitted", yesNoOpts, yn(a.ReportSubmitted)).to(&v.submitted).
		choice("Report shared with parents", yesNoOpts, yn(a.ReportShared)).to(&v.shared).
		area("Notes", a.Notes, session.MaxItem).to(&v.notes).
		choice(withholdLabel, yesNoOpts, yn(a.NotesRestricted)).to(&v.withhold)
	f.submit = m.opSubmit(func() (session.Op, error) {
		// UpdateAttendee replaces every field, the notes too: the form
		// sends what it shows, so saving never wipes them.
		return session.UpdateAttendee{ID: a.ID, Name: a.Name, Relationship: a.Relationship, Agency: a.Agency,
			Attendance: session.Attendance(v.attendance), Remote: v.joined == "remote", ReportSubmitted: v.submitted == "yes", ReportShared: v.shared == "yes",
			Notes: v.notes, NotesRestricted: v.withhold == "yes"}, nil
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

// roleForm changes an attendee's role.
func (m *model) roleForm(a session.Attendee) {
	f := newForm("Change the role of " + a.Name)
	var role string
	f.choice("Role", []option{{"minute-taker", string(session.RoleMinuteTaker)}, {"viewer", string(session.RoleViewer)},
		{"family", string(session.RoleFamily)}}, string(a.Role)).to(&role)
	f.submit = m.opSubmit(func() (session.Op, error) {
		return session.SetRole{AttendeeID: a.ID, Role: session.Role(role)}, nil
	}, "Role changed.")
	m.form = f.start()
}

// admitForm admits a waiting guest. It has no default role: admitting a
// parent as a professional, or a professional as family, changes what
// they see, so the chair must choose.
func (m *model) admitForm(g session.Guest) {
	f := newForm("Admit " + g.Name + " (" + guestKind(g) + ")")
	f.intro = "Key fingerprint: " + g.Fingerprint + ". Check it with the guest if in doubt. Choose their role with ←/→."
	var role string
	f.choice("Role", []option{{"choose a role", ""}, {"viewer", string(session.RoleViewer)}, {"family", string(session.RoleFamily)},
		{"minute-taker", string(session.RoleMinuteTaker)}}, "").to(&role)
	f.submit = m.opSubmit(func() (session.Op, error) {
		if role == "" {
			return nil, formErr("Choose a role for %s with ←/→: viewer, family or minute-taker", g.Name)
		}
		return session.AdmitGuest{GuestID: g.ID, Role: session.Role(role)}, nil
	}, g.Name+" admitted.")
	m.form = f.start()
}
