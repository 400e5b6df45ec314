package linear

import (
	"fmt"
	"strings"
	"time"

	"confer/session"
)

// The people keys: as in the full-screen app, y, T and I act after P
// (the people list), until another key is pressed.

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
	default:
		return false
	}
	return true
}

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

// guestLines reads out, to those who may admit them, who is waiting.
func (t *Terminal) guestLines() []string {
	if !session.Allows(t.self.Role, session.PermAdmitGuest) {
		return nil
	}
	w := t.waiting(false)
	if len(w) == 0 {
		return []string{"Nobody is waiting to be admitted. Press I for an invite code."}
	}
	out := []string{fmt.Sprintf("Waiting to be admitted: %d. Press y to admit, T to turn away, I for an invite code.", len(w))}
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
			expires.In(ukTime).Format("15:04 on Monday 2 January")+".")
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
