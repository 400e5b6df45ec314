package tui

import (
	"testing"

	"charm.land/bubbles/v2/key"

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
		if k.Approve.Enabled() {
			t.Errorf("%s: approve enabled before the end", r)
		}
		// After the end only the record's keys work: amend (w) for the
		// chair and minute-taker, for the chair alone once any version is
		// approved; approve (Y) for the chair.
		for _, approved := range []bool{false, true} {
			k.approved = approved
			k.setRole(r, false, true)
			for b := range k.perm {
				if _, ok := k.afterEnd[b]; !ok && b.Enabled() {
					t.Errorf("%s after the end: key %q still enabled", r, b.Help().Key)
				}
			}
			want := map[*key.Binding]session.Permission{&k.Write: session.PermAmendRecord, &k.Edit: session.PermAmendRecord,
				&k.Household: session.PermAmendRecord, &k.Categories: session.PermAmendRecord, &k.Approve: session.PermApproveRecord}
			if approved {
				for _, b := range []*key.Binding{&k.Write, &k.Edit, &k.Household, &k.Categories} {
					want[b] = session.PermAmendApproved
				}
			}
			for b, p := range want {
				covered[p] = true
				if got := b.Enabled(); got != session.Allows(r, p) {
					t.Errorf("%s after the end (approved %v): key %q enabled %v, session allows %v", r, approved, b.Help().Key, got, session.Allows(r, p))
				}
				if !b.Enabled() {
					m.refuse(b)
					if want := session.Refusal(r, p) + "."; m.status != want {
						t.Errorf("%s after the end, key %q: refusal %q, want session's %q", r, b.Help().Key, m.status, want)
					}
				}
			}
			k.approved = false
		}
	}
	// The table itself, so a change to session's shows here.
	table := map[session.Role]string{session.RoleChair: "ewFKY", session.RoleMinuteTaker: "ewFK"}
	for _, r := range roles {
		k.setRole(r, false, true)
		got := ""
		for _, b := range []*key.Binding{&k.Edit, &k.Write, &k.Household, &k.Categories, &k.Approve} {
			if b.Enabled() {
				got += b.Help().Key
			}
		}
		if got != table[r] {
			t.Errorf("%s after the end: record keys %q, want %q", r, got, table[r])
		}
	}
	// Every permission a terminal can ask for by a key has one.
	for _, p := range []session.Permission{session.PermAddItem, session.PermEditItem, session.PermMoveItem,
		session.PermRemoveItem, session.PermRestrictText, session.PermMoveAgenda, session.PermOpenRound,
		session.PermRevealRound, session.PermCloseRound, session.PermGiveScore, session.PermAskRecommend,
		session.PermRecommend, session.PermDecide, session.PermDissent, session.PermEndConference,
		session.PermAddInRoom, session.PermAddPerson, session.PermUpdateAttendee, session.PermSetRole,
		session.PermHandOver, session.PermRemoveAttendee, session.PermInvite, session.PermAdmitGuest,
		session.PermTurnAwayGuest, session.PermProceedNoQuorum, session.PermClosedSegment, session.PermSetCoreGroup, session.PermExclude,
		session.PermWriteRecord, session.PermAmendRecord, session.PermAmendApproved, session.PermApproveRecord} {
		if !covered[p] {
			t.Errorf("no key asks for %q", p)
		}
	}
}
