package linear

import "confer/session"

// helpLines lists the keys a role may use, the same keys as the full-screen
// app where both have them.
func helpLines(r session.Role) []string {
	out := []string{
		"Keys. Reading: w where we are and the open question; b the board for this step; B the whole board; P the people; ? these keys.",
		"Leaving: L leave for your list of conferences; q quit. M choose linear mode or the full screen for your next connections.",
	}
	if r == session.RoleNone {
		return out
	}
	out = append(out, "Taking part: s give or change your scaling score while a round is open; v give your recommendation when the chair asks; D record dissent from the decision.")
	if r == session.RoleChair || r == session.RoleMinuteTaker {
		out = append(out, "After P: i add someone in the room, u record attendance and reports.")
		out = append(out, "Recording: a add an item to the board, or an action to the plan; g add a safety goal for a danger statement; S the core group and lead social worker; W write the record for this step (after the end, amend it with a reason); F the household; K the categories of abuse for a child. For an item already there, chosen by section and number: e edit, t tag, x restricted or not, A attribute, m move, d delete; e, t (its status), x and d work on a plan action too, chosen after the sections.")
	}
	if r == session.RoleChair {
		out = append(out, "Chairing: n next step, p previous step; o open a scaling round, r reveal it, c close it; V start or stop asking for recommendations; X record the decision; Q the reason to go ahead without quorum; C start or end a closed segment; E write the records now; Z end the conference; after the end, Y approve the record. After P: y admit a waiting guest, T turn one away, I create an invite code, X exclude a family member or let them back, r change a role, + add a known person, H hand the chair over, d remove someone.")
	}
	return append(out, "In a question: type your answer and press enter; backspace corrects; escape or ctrl+c cancels.")
}
