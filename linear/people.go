package linear

import (
	"fmt"
	"strings"
	"time"

	"confer/session"
)

// The people keys: as in the full-screen app's people list, y, T, I, +,
// r, H, d, i and u act after P, until another key is pressed; so does X,
// which excludes one family member from part of the conference or lets
// them back.

// peopleKey handles a key pressed after P; it reports whether it was one.
func (t *Terminal) peopleKey(r rune) bool {
	switch r {
	case 'y':
		if t.may(session.PermAdmitGuest) {
			t.admitForm()
		}
	case 'T':
		if t.may(session.PermTurnAwayGuest) {
			t.turnAwayForm()
		}
	case 'I':
		if t.may(session.PermInvite) {
			t.invite()
		}
	case 'X':
		if t.may(session.PermExclude) {
			t.excludeForm()
		}
	case '+':
		if t.may(session.PermAddPerson) {
			t.addKnownForm()
		}
	case 'r':
		if t.may(session.PermSetRole) {
			t.roleForm()
		}
	case 'H':
		// An administrator may hand over while the chair is away; the
		// session decides.
		if t.o.Actor.Admin || t.may(session.PermHandOver) {
			t.handOverForm()
		}
	case 'd':
		if t.may(session.PermRemoveAttendee) {
			t.removeForm()
		}
	case 'i':
		if t.may(session.PermAddInRoom) {
			t.addInRoomForm()
		}
	case 'u':
		if t.may(session.PermUpdateAttendee) {
			t.attendanceForm()
		}
	default:
		return false
	}
	return true
}

// chairPeopleKeys are the chair's keys after P.
const chairPeopleKeys = "+ add a known person, I invite code, X exclude a family member or let them back, r role, H hand the chair over, d remove, i add someone in the room, u attendance and reports."

// waiting lists the guests waiting to be admitted, as choices, with their
// key's fingerprint if keys is set.
func (t *Terminal) waiting(keys bool) []option {
	var out []option
	for _, g := range t.view.Guests {
		if g.Status == session.GuestWaiting {
			label := guestLabel(g)
			if keys {
				label += ", key " + g.Fingerprint
			}
			out = append(out, option{label, g.ID})
		}
	}
	return out
}

func guestLabel(g session.Guest) string {
	parts := []string{g.Name}
	switch {
	case g.As == session.GuestFamily:
		parts = append(parts, "family")
	case g.Agency != "":
		parts = append(parts, g.Agency)
	}
	return strings.Join(parts, ", ")
}

// guestLines reads out, to those who may admit them, who is waiting, and
// the people keys their role may use.
func (t *Terminal) guestLines() []string {
	if session.Allows(t.self.Role, session.PermAddInRoom) && !session.Allows(t.self.Role, session.PermAdmitGuest) {
		return []string{"Press i to add someone in the room, u to record attendance and reports."}
	}
	if !session.Allows(t.self.Role, session.PermAdmitGuest) {
		return nil
	}
	w := t.waiting(false)
	if len(w) == 0 {
		return []string{"Nobody is waiting to be admitted. " + chairPeopleKeys}
	}
	out := []string{fmt.Sprintf("Waiting to be admitted: %d. Press y to admit, T to turn away. %s", len(w), chairPeopleKeys)}
	for i, o := range w {
		out = append(out, fmt.Sprintf("%d. %s.", i+1, o.label))
	}
	return out
}

func (t *Terminal) admitForm() {
	w := t.waiting(false)
	if len(w) == 0 {
		t.say("Nobody is waiting to be admitted.")
		return
	}
	roles := []option{{"viewer", string(session.RoleViewer)}, {"family", string(session.RoleFamily)}, {"minute-taker", string(session.RoleMinuteTaker)}}
	t.startForm(&form{
		intro:  "Admit a guest. Check their key's fingerprint with them if in doubt.",
		fields: []field{{label: "Guest", options: t.waiting(true)}, {label: "Role", options: roles}},
		submit: func(v []string) {
			t.do(session.AdmitGuest{GuestID: v[0], Role: session.Role(v[1])}, "Guest admitted.")
		},
	})
}

func (t *Terminal) turnAwayForm() {
	w := t.waiting(false)
	if len(w) == 0 {
		t.say("Nobody is waiting to be admitted.")
		return
	}
	t.startForm(&form{
		fields: []field{{label: "Turn away which guest", options: w}, {label: "Turn them away", options: yesNo}},
		submit: func(v []string) {
			if v[1] != "yes" {
				t.say("Cancelled.")
				return
			}
			t.do(session.TurnAwayGuest{GuestID: v[0]}, "Guest turned away.")
		},
	})
}

// invite creates a one-time code for a guest and reads it out once it is
// durable.
func (t *Terminal) invite() {
	code := session.NewInviteCode()
	expires := t.now().Add(24 * time.Hour)
	err := t.room.Do(t.ctx, session.Command{By: t.o.Actor, Op: session.CreateInvite{Hash: session.HashCode(code), Expires: expires}})
	if err != nil {
		t.say(message(err))
		return
	}
	t.say("Invite code: "+spell(code)+".",
		"Read it out to the guest. They connect with it as their user name. It works once and expires at "+
			expires.In(session.London).Format("15:04 on Monday 2 January")+".")
}

// spell spaces out a code so a screen reader reads it one character at a
// time: "A B C D, E F G H".
func spell(code string) string {
	groups := strings.Split(code, "-")
	for i, g := range groups {
		groups[i] = strings.Join(strings.Split(g, ""), " ")
	}
	return code + ", spelt " + strings.Join(groups, ", ")
}

// excludeForm excludes a family member, with the grounds, or ends their
// exclusion if they are excluded now.
func (t *Terminal) excludeForm() {
	var fam []option
	for _, a := range t.view.Attendees {
		if a.Role == session.RoleFamily && !a.Removed {
			label := a.Name
			if t.view.ExcludedNow(a.ID) {
				label += ", excluded now: choose to let them back"
			}
			fam = append(fam, option{label, a.ID})
		}
	}
	if len(fam) == 0 {
		t.say("There is no family member on the list.")
		return
	}
	var grounds []option
	for _, g := range session.AllGrounds {
		grounds = append(grounds, option{g.String(), string(g)})
	}
	back := func(v []string) bool { return t.view.ExcludedNow(v[0]) }
	t.startForm(&form{
		intro: "Exclude a family member from part of the conference. What is recorded meanwhile is withheld from them alone.",
		fields: []field{
			{label: "Family member", options: fam},
			{label: "Grounds", options: grounds, skip: back},
			{label: "In your words", optional: true, skip: back},
		},
		submit: func(v []string) {
			if t.view.ExcludedNow(v[0]) {
				t.do(session.EndExclusion{AttendeeID: v[0]}, "Exclusion ended.")
				return
			}
			t.do(session.StartExclusion{AttendeeID: v[0], Grounds: session.Grounds(v[1]), Detail: v[2]}, "Exclusion started.")
		},
	})
}
