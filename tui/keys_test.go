package tui

import (
	"testing"

	"confer/session"
)

// For every role and every command key, the key is enabled in tui
// exactly when session allows the role that command, and a refused key
// reads session's own sentence. Keys with no permission of their own
// (looking around, help) are the same for everyone.
func TestKeysFollowSessionPermissions(t *testing.T) {
	roles := []session.Role{session.RoleNone, session.RoleChair, session.RoleMinuteTaker, session.RoleViewer, session.RoleFamily}
	k := newKeyMap()
	covered := map[session.Permission]bool{}
	for _, r := range roles {
		k.setRole(r, false, false)
		for b, p := range k.perm {
			covered[p] = true
			if got, want := b.Enabled(), session.Allows(r, p); got != want {
				t.Errorf("%s, key %q (%s): enabled %v, session allows %v", r, b.Help().Key, p, got, want)
			}
		}
		m := &model{keys: k}
		m.role = r
		for b, p := range k.perm {
			if b.Enabled() {
				continue
			}
			m.refuse(b)
			if want := session.Refusal(r, p) + "."; m.status != want {
				t.Errorf("%s, key %q: refusal %q, want session's %q", r, b.Help().Key, m.status, want)
			}
		}
		k.setRole(r, false, true)
		for b := range k.perm {
			if b.Enabled() {
				t.Errorf("%s after the end: key %q still enabled", r, b.Help().Key)
			}
		}
	}
	// Every permission a terminal can ask for by a key has one.
	for _, p := range []session.Permission{session.PermAddItem, session.PermEditItem, session.PermMoveItem,
		session.PermRemoveItem, session.PermRestrictText, session.PermMoveAgenda, session.PermOpenRound,
		session.PermRevealRound, session.PermCloseRound, session.PermGiveScore, session.PermAskRecommend,
		session.PermRecommend, session.PermDecide, session.PermDissent, session.PermEndConference,
		session.PermAddInRoom, session.PermAddPerson, session.PermUpdateAttendee, session.PermSetRole,
		session.PermHandOver, session.PermRemoveAttendee, session.PermInvite, session.PermAdmitGuest,
		session.PermTurnAwayGuest, session.PermProceedNoQuorum, session.PermClosedSegment, session.PermSetCoreGroup, session.PermExclude} {
		if !covered[p] {
			t.Errorf("no key asks for %q", p)
		}
	}
}
