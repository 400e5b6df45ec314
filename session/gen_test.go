package session

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// genActors are the people a random command sequence is issued by.
var genActors = []Actor{chairActor, chairActor, mtActor, mtActor, viewerActor, familyActor, noneActor, adminActor}

// genTexts include the nasty inputs a terminal can send, so the sequence
// also exercises cleaning (and refusal of invalid UTF-8).
var genTexts = []string{
	"Bruise seen on Monday", "Mum says \"things are better\"", "Two lines\r\nof text",
	"\x1b[31mred\x1b[0m text", "title \x1b]0;pwned\x07 here", "tab\tseparated", "  padded  ",
	"bidi \u202eoverride", "emoji 👩‍👧 family", "", "bad \xff utf8", "Gran collects Amy from school",
}

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// genCmd returns a plausible command for the conference as it stands: it
// refers to records that exist most of the time, so most commands are
// accepted and some are refused.
func genCmd(r *rand.Rand, c *Conference, now time.Time) Command {
	by := pick(r, genActors)
	text := pick(r, genTexts)
	if r.IntN(3) == 0 {
		text = fmt.Sprintf("note %d", r.IntN(1_000_000))
	}
	itemID, roundID, actionID, attID, guestID := "i0", "r0", "a0", "p0", "g0"
	if n := len(c.Items); n > 0 {
		itemID = c.Items[r.IntN(n)].ID
	}
	if n := len(c.Rounds); n > 0 {
		roundID = c.Rounds[n-1-r.IntN(min(n, 2))].ID
	}
	if n := len(c.Actions); n > 0 {
		actionID = c.Actions[r.IntN(n)].ID
	}
	if n := len(c.Attendees); n > 0 {
		attID = c.Attendees[r.IntN(n)].ID
	}
	if n := len(c.Guests); n > 0 {
		guestID = c.Guests[r.IntN(n)].ID
	}
	child := pick(r, []string{"k1", "k2", "k1", "k9"})
	section := pick(r, Sections)
	due := now.In(london).AddDate(0, 0, r.IntN(60)-5) // now and then in the past, and refused
	var op Op
	switch r.IntN(33) {
	case 0, 1, 2, 3:
		op = AddItem{Section: section, Text: text, Tag: pick(r, Tags), Restricted: r.IntN(4) == 0, ChildID: pick(r, []string{"", "k1"})}
	case 4, 5:
		op = EditItem{ID: itemID, Text: text, Tag: pick(r, Tags), Restricted: r.IntN(3) == 0}
	case 6:
		op = MoveItem{ID: itemID, Section: section}
	case 7:
		op = RemoveItem{ID: itemID}
	case 8:
		op = OpenRound{ChildID: child, Question: pick(r, []string{"", text})}
	case 9, 10, 11:
		who := ""
		if r.IntN(3) == 0 {
			who = attID
		}
		op = CastScore{RoundID: roundID, AttendeeID: who, Value: r.IntN(12) - 1, Reason: text}
	case 12:
		op = RevealRound{RoundID: roundID}
	case 13:
		op = CloseRound{RoundID: roundID}
	case 14:
		op = AskRecommendations{Open: r.IntN(2) == 0}
	case 15:
		op = Recommend{ChildID: child, Outcome: pick(r, []Outcome{OutcomeCPPlan, OutcomeNFA, OutcomeCINPlan}),
			Category: pick(r, []Category{CategoryNone, CategoryNeglect}), Reason: text}
	case 16:
		op = Decide{ChildID: child, Outcome: OutcomeCPPlan, Category: CategoryEmotional, Reasons: text}
	case 17:
		op = RecordDissent{ChildID: child, Text: text}
	case 18:
		op = AddAction{What: text, Owner: "Jo Social", Due: due, Restricted: r.IntN(5) == 0}
	case 19:
		op = UpdateAction{ID: actionID, What: text, Owner: "Dr Patel", Due: due, Status: pick(r, ActionStatuses)}
	case 20:
		op = RemoveAction{ID: actionID}
	case 21:
		op = GoToStep{Index: r.IntN(18) - 1}
	case 22:
		if r.IntN(2) == 0 {
			op = StartClosedSegment{}
		} else {
			op = EndClosedSegment{}
		}
	case 23:
		op = AddAttendee{Name: text, Agency: pick(r, []string{"Police", "Education", ""}), Role: pick(r, Roles), Remote: r.IntN(2) == 0}
	case 24:
		op = UpdateAttendee{ID: attID, Name: "Renamed", Attendance: pick(r, []Attendance{Present, Apologies, Absent}), Remote: r.IntN(2) == 0}
	case 25:
		op = SetRole{AttendeeID: attID, Role: pick(r, Roles)}
	case 26:
		code := fmt.Sprintf("C%d", r.IntN(8))
		if r.IntN(2) == 0 {
			op = CreateInvite{Hash: HashCode(code), Expires: now.Add(time.Duration(1+r.IntN(48)) * time.Hour)}
		} else {
			by = Actor{ID: fmt.Sprintf("guest%d", r.IntN(4)), Name: "Guest", Fingerprint: fmt.Sprintf("SHA256:g%d", r.IntN(4))}
			op = RedeemInvite{Hash: HashCode(code), Name: "Guest", Agency: "Police"}
		}
	case 27:
		if r.IntN(2) == 0 {
			op = AdmitGuest{GuestID: guestID, Role: pick(r, Roles)}
		} else {
			op = TurnAwayGuest{GuestID: guestID}
		}
	case 28:
		op = SetCoreGroup{Members: []string{text, "Jo Social"}, LeadSocialWorker: "Jo Social"}
	case 29:
		switch r.IntN(3) {
		case 0:
			op = AcceptConfidentiality{}
		case 1:
			op = ProceedWithoutQuorum{Reason: text}
		default:
			if r.IntN(10) == 0 {
				op = HandOverChair{To: attID}
			} else {
				op = AcceptConfidentiality{}
			}
		}
	case 30:
		op = RestrictText{Target: pick(r, []TextTarget{TextItem, TextScoreReason, TextRecommendationReason, TextDissent,
			TextDecisionReasons, TextAction, TextAttendeeNotes}), ID: pick(r, []string{itemID, roundID, actionID, attID, child, "d1"}),
			AttendeeID: attID, Restricted: r.IntN(4) > 0}
	case 31:
		if r.IntN(2) == 0 {
			op = StartExclusion{AttendeeID: attID, Grounds: pick(r, append(AllGrounds, "made-up")), Detail: text}
		} else {
			op = EndExclusion{AttendeeID: attID}
		}
	case 32:
		restricted := r.IntN(2) == 0
		switch r.IntN(4) {
		case 0:
			op = CastScore{RoundID: roundID, Value: r.IntN(11), Reason: text, ReasonRestricted: restricted}
		case 1:
			op = Recommend{ChildID: child, Outcome: OutcomeNFA, Reason: text, ReasonRestricted: restricted}
		case 2:
			op = RecordDissent{ChildID: child, Text: text, Restricted: restricted}
		default:
			op = UpdateAttendee{ID: attID, Name: "Noted", Attendance: Present, Notes: text, NotesRestricted: restricted}
		}
	}
	// Most commands come from someone allowed to issue them, so the state
	// moves on; the rest are from anyone and mostly refused.
	if r.IntN(5) > 0 {
		if want := genRole(op); want != "" {
			for _, a := range genActors {
				if c.RoleOf(a) == want {
					by = a
					break
				}
			}
		}
	}
	return Command{By: by, Op: op}
}

// genRole is the role that would normally issue op; empty for ops anyone
// may issue or that the generator chose an actor for.
func genRole(op Op) Role {
	switch op.(type) {
	case AddItem, EditItem, MoveItem, RemoveItem, AddAction, UpdateAction, RemoveAction, SetCoreGroup, UpdateAttendee, RestrictText:
		return RoleMinuteTaker
	case CastScore, Recommend, RecordDissent, AcceptConfidentiality, RedeemInvite:
		return ""
	}
	return RoleChair
}
