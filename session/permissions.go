package session

import "slices"

// Permission is one thing a person may ask of a conference. Its value is
// the phrase a refusal uses ("a viewer cannot move the agenda"). The
// commands check the same table [Allows] reads, so the keys a terminal
// enables and the commands the hub accepts cannot drift apart.
type Permission string

// The permissions, one per user-facing command (some commands need more
// than one: recording a score for someone in the room needs
// [PermGiveScore] and [PermRecordForOthers]).
const (
	PermEndConference    Permission = "end the conference"
	PermAddInRoom        Permission = "add people in the room"
	PermAddPerson        Permission = "add a known person or a minute-taker"
	PermUpdateAttendee   Permission = "change attendance"
	PermSetRole          Permission = "change roles"
	PermHandOver         Permission = "hand the chair over"
	PermRemoveAttendee   Permission = "remove people"
	PermJoin             Permission = "join"
	PermInvite           Permission = "invite guests"
	PermAdmitGuest       Permission = "admit guests"
	PermTurnAwayGuest    Permission = "turn guests away"
	PermMoveAgenda       Permission = "move the agenda"
	PermProceedNoQuorum  Permission = "record the reason to go ahead without quorum"
	PermClosedSegment    Permission = "start or end a closed segment"
	PermExclude          Permission = "exclude a family member"
	PermRestrictText     Permission = "mark text restricted"
	PermAddItem          Permission = "write on the board"
	PermEditItem         Permission = "edit the board"
	PermMoveItem         Permission = "move board items"
	PermRemoveItem       Permission = "remove board items"
	PermOpenRound        Permission = "open a scaling round"
	PermRevealRound      Permission = "reveal scores"
	PermCloseRound       Permission = "close a scaling round"
	PermGiveScore        Permission = "give a score"
	PermAskRecommend     Permission = "ask for recommendations"
	PermRecommend        Permission = "give a recommendation"
	PermDecide           Permission = "record the decision"
	PermDissent          Permission = "record dissent"
	PermRecordForOthers  Permission = "record answers for people in the room"
	PermAddAction        Permission = "record actions"
	PermUpdateAction     Permission = "change actions"
	PermRemoveAction     Permission = "remove actions"
	PermSetCoreGroup     Permission = "record the core group"
	PermCreateConference Permission = "create a conference"
)

var (
	chairOnly = []Role{RoleChair}
	editors   = []Role{RoleChair, RoleMinuteTaker}
	admitted  = []Role{RoleChair, RoleMinuteTaker, RoleViewer, RoleFamily}
)

// permissions is who may do what: the one table every check reads.
// PermCreateConference is not a role in a conference (it is the people
// file's may_chair) and is absent, so no role is allowed it here; an
// administrator's hand-over while the chair is away is checked by the op.
var permissions = map[Permission][]Role{
	PermEndConference:   chairOnly,
	PermAddInRoom:       editors,
	PermAddPerson:       chairOnly,
	PermUpdateAttendee:  editors,
	PermSetRole:         chairOnly,
	PermHandOver:        chairOnly,
	PermRemoveAttendee:  chairOnly,
	PermJoin:            admitted,
	PermInvite:          chairOnly,
	PermAdmitGuest:      chairOnly,
	PermTurnAwayGuest:   chairOnly,
	PermMoveAgenda:      chairOnly,
	PermProceedNoQuorum: chairOnly,
	PermClosedSegment:   chairOnly,
	PermExclude:         chairOnly,
	PermRestrictText:    editors,
	PermAddItem:         editors,
	PermEditItem:        editors,
	PermMoveItem:        editors,
	PermRemoveItem:      editors,
	PermOpenRound:       chairOnly,
	PermRevealRound:     chairOnly,
	PermCloseRound:      chairOnly,
	PermGiveScore:       admitted,
	PermAskRecommend:    chairOnly,
	PermRecommend:       admitted,
	PermDecide:          chairOnly,
	PermDissent:         admitted,
	PermRecordForOthers: editors,
	PermAddAction:       editors,
	PermUpdateAction:    editors,
	PermRemoveAction:    editors,
	PermSetCoreGroup:    editors,
}

// refusalFor overrides the generic refusal where a plain "cannot" would
// leave the person asking what to do instead.
var refusalFor = map[Permission]map[Role]string{
	PermAddPerson: {RoleMinuteTaker: "a minute-taker can add people in the room; the chair admits people who join"},
	PermRecordForOthers: {
		RoleViewer: "you can only answer for yourself",
		RoleFamily: "you can only answer for yourself",
	},
}

// Permissions lists every permission, in a stable order, for tables and
// tests that must cover them all.
func Permissions() []Permission {
	out := make([]Permission, 0, len(permissions)+1)
	for p := range permissions {
		out = append(out, p)
	}
	out = append(out, PermCreateConference)
	slices.Sort(out)
	return out
}

// Allows reports whether someone in role r may do p.
func Allows(r Role, p Permission) bool { return slices.Contains(permissions[p], r) }

// Refusal returns the sentence a person in role r reads when they try p
// and may not (capitalised, without a final full stop, as the status bar
// shows it); "" if r may do p.
func Refusal(r Role, p Permission) string {
	if Allows(r, p) {
		return ""
	}
	return capitalise(refusal(r, p))
}

// Permit is [Allows] and [Refusal] in one call.
func Permit(r Role, p Permission) (ok bool, why string) {
	why = Refusal(r, p)
	return why == "", why
}

func refusal(r Role, p Permission) string {
	if s, ok := refusalFor[p][r]; ok {
		return s
	}
	if p == PermCreateConference {
		return "only people allowed to chair can create a conference"
	}
	if r == RoleNone {
		return "only people admitted to this conference can " + string(p)
	}
	who := "a " + lowerRole(r)
	if r == RoleMinuteTaker {
		who = "a minute-taker"
	}
	return who + " cannot " + string(p)
}

func lowerRole(r Role) string {
	switch r {
	case RoleFamily:
		return "family member"
	case RoleChair:
		return "chair"
	case RoleViewer:
		return "viewer"
	}
	return string(r)
}

// permit refuses the actor unless their role allows p; the refusal is the
// same sentence [Refusal] gives.
func permit(x *checkCtx, p Permission) error {
	if Allows(x.role, p) {
		return nil
	}
	return refuse(ErrNotPermitted, "%s", refusal(x.role, p))
}
