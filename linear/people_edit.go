package linear

import "confer/session"

// The chair's and minute-taker's changes to the list of people, after P,
// with the full screen's people keys: + add a known person, r role, H hand
// the chair over, d remove, i add someone in the room, u attendance and
// reports.

// attendeeOpts lists the people on the list, but for the person asking
// when self is false.
func (t *Terminal) attendeeOpts(self bool) []option {
	var out []option
	for _, a := range t.view.Attendees {
		if a.Removed || (!self && a.ID == t.self.ID) {
			continue
		}
		out = append(out, option{describe(a) + ", " + roleName(a.Role), a.ID})
	}
	return out
}

func (t *Terminal) roleForm() {
	var roles []option
	for _, r := range session.Roles {
		roles = append(roles, option{roleName(r), string(r)})
	}
	t.startForm(&form{
		intro:  "Change someone's role.",
		fields: []field{{label: "Person", options: t.attendeeOpts(false)}, {label: "New role", options: roles}},
		submit: func(v []string) {
			t.do(session.SetRole{AttendeeID: v[0], Role: session.Role(v[1])}, "Role changed.")
		},
	})
}

func (t *Terminal) handOverForm() {
	t.startForm(&form{
		intro: "Hand the chair over. You become a viewer.",
		fields: []field{{label: "To", options: t.attendeeOpts(false)},
			{label: "Hand the chair over now", options: yesNo}},
		submit: func(v []string) {
			if v[1] != "yes" {
				t.say("Cancelled.")
				return
			}
			t.do(session.HandOverChair{To: v[0]}, "Chair handed over.")
		},
	})
}

func (t *Terminal) removeForm() {
	t.startForm(&form{
		intro: "Remove someone from the conference. The record keeps them.",
		fields: []field{{label: "Person", options: t.attendeeOpts(false)},
			{label: "Remove them now", options: yesNo}},
		submit: func(v []string) {
			if v[1] != "yes" {
				t.say("Cancelled.")
				return
			}
			t.do(session.RemoveAttendee{ID: v[0]}, "Removed.")
		},
	})
}

func (t *Terminal) addInRoomForm() {
	roles := []option{{"family", string(session.RoleFamily)}, {"viewer", string(session.RoleViewer)}}
	t.startForm(&form{
		intro: "Add someone who is in the room, without a terminal of their own.",
		fields: []field{
			{label: "Name"},
			{label: "Relationship or job, for example Mother or Health visitor", optional: true},
			{label: "Agency", optional: true},
			{label: "Role", options: roles},
		},
		submit: func(v []string) {
			t.do(session.AddAttendee{Name: v[0], Relationship: v[1], Agency: v[2], Role: session.Role(v[3]),
				Attendance: session.Present}, "Added.")
		},
	})
}

func (t *Terminal) attendanceForm() {
	att := []option{{"present", string(session.Present)}, {"sent apologies", string(session.Apologies)},
		{"absent", string(session.Absent)}, {"expected, not joined yet", string(session.Expected)}}
	t.startForm(&form{
		intro: "Record attendance and reports.",
		fields: []field{
			{label: "Person", options: t.attendeeOpts(true)},
			{label: "Attendance", options: att},
			{label: "Report submitted", options: yesNo},
			{label: "Report shared with the family before the conference", options: yesNo},
		},
		submit: func(v []string) {
			a, ok := t.view.Attendee(v[0])
			if !ok {
				t.say("That person is no longer on the list.")
				return
			}
			t.do(session.UpdateAttendee{ID: a.ID, Name: a.Name, Relationship: a.Relationship, Agency: a.Agency,
				Attendance: session.Attendance(v[1]), Remote: a.Remote, ReportSubmitted: v[2] == "yes",
				ReportShared: v[3] == "yes", Notes: a.Notes, NotesRestricted: a.NotesRestricted}, "Attendance recorded.")
		},
	})
}

// addKnownForm adds someone from the people file who is not on the list.
func (t *Terminal) addKnownForm() {
	if t.o.People == nil {
		t.say("No people file is available.")
		return
	}
	on := map[string]bool{}
	for _, a := range t.view.Attendees {
		if a.PersonID != "" && !a.Removed {
			on[a.PersonID] = true
		}
	}
	var opts []option
	people := map[string]session.Actor{}
	for _, p := range t.o.People() {
		if !on[p.ID] {
			opts = append(opts, option{p.Name + ", " + p.Agency, p.ID})
			people[p.ID] = p
		}
	}
	if len(opts) == 0 {
		t.say("Everyone in the people file is already on the list.")
		return
	}
	roles := []option{{"viewer", string(session.RoleViewer)}, {"minute-taker", string(session.RoleMinuteTaker)}, {"family", string(session.RoleFamily)}}
	t.startForm(&form{
		intro: "Add a known person from the people file.",
		fields: []field{{label: "Person", options: opts}, {label: "Role", options: roles},
			{label: "Joining", options: []option{{"remotely", "remote"}, {"in the room", "room"}}}},
		submit: func(v []string) {
			p := people[v[0]]
			// Someone joining remotely is expected until they join.
			att := session.Present
			if v[2] == "remote" {
				att = session.Expected
			}
			t.do(session.AddAttendee{PersonID: p.ID, Name: p.Name, Agency: p.Agency, Role: session.Role(v[1]),
				Attendance: att, Remote: v[2] == "remote"}, "Person added.")
		},
	})
}
