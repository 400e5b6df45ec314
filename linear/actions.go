package linear

import (
	"fmt"

	"confer/session"
)

// notHere answers the full screen's keys for moving around it, which have
// no use here.
const notHere = "That key moves around the full screen. Here, b reads the board for this step, B the whole board, P the people and w where we are."

// boardKey handles one key on the conference.
func (t *Terminal) boardKey(r rune) {
	if shutOut(t.view, t.self.ID) {
		switch r {
		case 'q':
			t.goneWith("Goodbye.")
		case 'L':
			t.leaveForLobby()
		default:
			t.hint(shutNotice(t.view, t.self.ID))
		}
		return
	}
	if t.inPeople {
		t.inPeople = false
		if t.peopleKey(r) {
			t.inPeople = t.form == nil
			return
		}
	}
	switch r {
	case '?':
		t.say(helpLines(t.self.Role)...)
	case 'w':
		t.say(whereLines(t.view, t.self)...)
	case 'b':
		t.say(boardLines(t.view, false)...)
	case 'B':
		t.say(boardLines(t.view, true)...)
	case 'P':
		t.say(peopleLines(t.view, t.self.ID)...)
		t.say(t.guestLines()...)
		t.inPeople = true
	case 'q':
		t.confirm("Quit confer", func() { t.goneWith("Goodbye.") })
	case 'L':
		t.confirm("Leave this conference for your list of conferences? You show as gone", t.leaveForLobby)
	case 'M':
		t.rememberMode()

	case 's':
		if t.may(session.PermGiveScore) {
			t.scoreForm()
		}
	case 'v':
		if t.may(session.PermRecommend) {
			t.recommendForm()
		}
	case 'D':
		if t.may(session.PermDissent) {
			t.dissentForm()
		}

	case 'a':
		if t.may(session.PermAddItem) {
			t.addForm()
		}

	case 'e':
		if t.may(session.PermEditItem) {
			t.editForm()
		}
	case 't':
		if t.may(session.PermEditItem) {
			t.tagForm()
		}
	case 'x', 'R':
		if t.may(session.PermRestrictText) {
			t.restrictForm()
		}
	case 'A':
		if t.may(session.PermEditItem) {
			t.attribForm()
		}
	case 'm':
		if t.may(session.PermMoveItem) {
			t.moveForm()
		}
	case 'd':
		if t.may(session.PermRemoveItem) {
			t.deleteForm()
		}
	case 'g':
		if t.may(session.PermAddItem) {
			t.goalForm()
		}
	case 'S':
		if t.may(session.PermSetCoreGroup) {
			t.coreGroupForm()
		}
	case 'Q':
		if t.may(session.PermProceedNoQuorum) {
			t.quorumForm()
		}
	case 'W':
		t.recordForm()
	case 'Y':
		t.approveRecord()
	case 'F':
		t.householdForm()
	case 'K':
		t.categoriesForm()

	case 'n', 'p':
		d := 1
		if r == 'p' {
			d = -1
		}
		to := t.view.Step + d
		if !t.may(session.PermMoveAgenda) {
			return
		}
		if to < 0 || to >= len(t.view.Agenda) {
			t.say("There is no step that way.")
			return
		}
		t.do(session.GoToStep{Index: to}, fmt.Sprintf("Moved everyone to step %d.", to+1))
	case 'o':
		if t.may(session.PermOpenRound) {
			t.openRoundForm()
		}
	case 'r', 'c':
		rd, ok := t.view.OpenRound()
		switch {
		case r == 'r' && !t.may(session.PermRevealRound), r == 'c' && !t.may(session.PermCloseRound):
		case !ok:
			t.say("No scaling round is open.")
		case r == 'r':
			t.confirm("Reveal everyone's scores now", func() { t.do(session.RevealRound{RoundID: rd.ID}, "Scores revealed.") })
		default:
			t.confirm("Close the round? The scores become final", func() {
				t.do(session.CloseRound{RoundID: rd.ID}, "Round closed; the scores are final.")
			})
		}
	case 'V':
		if !t.may(session.PermAskRecommend) {
			return
		}
		open := !t.view.RecommendationsOpen
		t.do(session.AskRecommendations{Open: open}, "Recommendations: done.")
	case 'X':
		if t.may(session.PermDecide) {
			t.decideForm()
		}
	case 'C':
		t.segment()

	case 'E', 'Z':
		if t.may(session.PermEndConference) {
			t.export(r == 'Z')
		}
	case 'f', 'h', 'l', 'j', 'k':
		t.hint(notHere)
	default:
		t.hint("Press ? to hear the keys you can use.")
	}
}

// confirm asks a yes or no question, as the full screen does before
// something that cannot be undone, and runs yes on yes.
func (t *Terminal) confirm(question string, yes func()) {
	t.startForm(&form{
		fields: []field{{label: question, options: yesNo}},
		submit: func(v []string) {
			if v[0] != "yes" {
				t.say("Cancelled.")
				return
			}
			yes()
		},
	})
}

// hint answers a key that does nothing, once per burst of input: a paste
// into the conference is answered with one line, not one per character.
func (t *Terminal) hint(s string) {
	if !t.hinted {
		t.hinted = true
		t.say(s)
	}
}

// may reports whether the person's role allows p, from the session's
// permissions table (the one the commands check); otherwise it says why,
// in the session's words, and changes nothing.
func (t *Terminal) may(p session.Permission) bool {
	ok, why := session.Permit(t.self.Role, p)
	if !ok {
		t.say(sentence(why))
	}
	return ok
}

// do sends one operation to the conference. Its result is announced like
// any other change, from the new view; notice is said only if the change
// left nothing to announce. A refusal is said in the session's words.
func (t *Terminal) do(op session.Op, notice string) {
	if err := t.room.Do(t.ctx, session.Command{By: t.o.Actor, Op: op}); err != nil {
		t.say(message(err))
		return
	}
	if t.refresh() == 0 && t.stage == stageBoard {
		t.say(notice)
	}
}

// rememberMode asks which mode to use on this person's next connections
// and records the answer.
func (t *Terminal) rememberMode() {
	if t.o.Remember == nil || t.o.Actor.ID == "" {
		t.say("Your choice of mode cannot be remembered on this server. Connect with CONFER_MODE=linear each time.")
		return
	}
	t.startForm(&form{
		fields: []field{{label: "When you connect without CONFER_MODE, use", options: []option{
			{"this linear mode", "linear"}, {"the full screen", "full"}}}},
		submit: func(v []string) {
			if err := t.o.Remember(v[0]); err != nil {
				t.say("Your choice could not be saved. Connect with CONFER_MODE=linear each time.")
				return
			}
			if v[0] == "linear" {
				t.say("Linear mode will be used every time you connect. CONFER_MODE=full still gives the full screen.")
			} else {
				t.say("The full screen will be used from your next connection. CONFER_MODE=linear still gives this mode.")
			}
		},
	})
}

// onlyOwn skips the question of whose answer it is for those who may only
// give their own.
func (t *Terminal) onlyOwn([]string) bool {
	return !session.Allows(t.self.Role, session.PermRecordForOthers)
}

func (t *Terminal) childOpts() []option {
	var out []option
	for _, c := range t.view.Children {
		out = append(out, option{c.Name, c.ID})
	}
	return out
}

// onBehalfOpts lists whose answer the chair or minute-taker records: their
// own, or someone in the room without a terminal.
func (t *Terminal) onBehalfOpts() []option {
	out := []option{{"myself", ""}}
	for _, a := range t.view.Attendees {
		if !a.Removed && !a.Remote && a.ID != t.self.ID && a.Attendance == session.Present {
			out = append(out, option{a.Name, a.ID})
		}
	}
	return out
}

// addForm asks where to write, then what: an item in a board section or,
// as the last choice, an action in the plan.
func (t *Terminal) addForm() {
	var secs []option
	for _, s := range session.Sections {
		secs = append(secs, option{sectionName(s), string(s)})
	}
	secs = append(secs, option{"An action in the plan: what, who, by when", "action"})
	t.startForm(&form{
		intro:  "Add to the board.",
		fields: []field{{label: "Section", options: secs}},
		submit: func(v []string) {
			if v[0] == "action" {
				if t.may(session.PermAddAction) {
					t.actionForm()
				}
				return
			}
			sec := session.Section(v[0])
			t.startForm(&form{
				fields: []field{{label: "The item"}, {label: "Restricted, never shown to the family", options: yesNo}},
				submit: func(v []string) {
					t.do(session.AddItem{Section: sec, Text: v[0], Restricted: v[1] == "yes"}, "Item added.")
				},
			})
		},
	})
}
