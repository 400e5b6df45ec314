package session

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode"
)

// casePerm names the permission each plain row of roleCases exercises.
// Rows whose outcome also depends on state (a closed round, a remote
// attendee) are left out: the table says who may, the state says when.
var casePerm = map[string]Permission{
	"EndConference":                         PermEndConference,
	"AddAttendee in room":                   PermAddInRoom,
	"AddAttendee known person":              PermAddPerson,
	"AddAttendee minute-taker":              PermAddPerson,
	"UpdateAttendee":                        PermUpdateAttendee,
	"SetRole":                               PermSetRole,
	"HandOverChair":                         PermHandOver,
	"RemoveAttendee":                        PermRemoveAttendee,
	"AcceptConfidentiality":                 PermJoin,
	"CreateInvite":                          PermInvite,
	"AdmitGuest":                            PermAdmitGuest,
	"TurnAwayGuest":                         PermTurnAwayGuest,
	"GoToStep":                              PermMoveAgenda,
	"ProceedWithoutQuorum":                  PermProceedNoQuorum,
	"StartClosedSegment":                    PermClosedSegment,
	"EndClosedSegment":                      PermClosedSegment,
	"AddItem":                               PermAddItem,
	"EditItem":                              PermEditItem,
	"MoveItem":                              PermMoveItem,
	"RemoveItem":                            PermRemoveItem,
	"OpenRound":                             PermOpenRound,
	"CastScore own":                         PermGiveScore,
	"CastScore for someone in the room":     PermRecordForOthers,
	"RevealRound":                           PermRevealRound,
	"CloseRound":                            PermCloseRound,
	"AskRecommendations":                    PermAskRecommend,
	"Recommend own":                         PermRecommend,
	"Recommend for someone in the room":     PermRecordForOthers,
	"Decide":                                PermDecide,
	"RecordDissent own":                     PermDissent,
	"RecordDissent for someone in the room": PermRecordForOthers,
	"AddAction":                             PermAddAction,
	"UpdateAction":                          PermUpdateAction,
	"RemoveAction":                          PermRemoveAction,
	"SetCoreGroup":                          PermSetCoreGroup,
	"RestrictText":                          PermRestrictText,
	"StartExclusion":                        PermExclude,
	"EndExclusion":                          PermExclude,
	"CastScore restricted own":              PermRestrictText,
}

// TestPermissionsTable: for every row × role, the hub accepts a command
// exactly when Allows says so, and a refused person reads exactly the
// sentence Refusal gives: one rule, used by the commands and by anyone
// asking which keys to enable.
func TestPermissionsTable(t *testing.T) {
	covered := map[Permission]bool{PermCreateConference: true}
	for _, tc := range roleCases {
		p, ok := casePerm[tc.name]
		if !ok {
			continue
		}
		covered[p] = true
		for _, r := range matrixRoles {
			want, listed := tc.want[r.name]
			if !listed {
				want = ErrNotPermitted
			}
			if allowed := Allows(r.role, p); allowed != (want == nil) {
				t.Errorf("%s: Allows(%s, %q) = %v, but the command is %v", tc.name, r.name, p, allowed, want)
			}
			f := newFixture(t, nil)
			for _, op := range prepOps(f, tc) {
				f.do(t, chairActor, op)
			}
			err := f.hub.Do(context.Background(), Command{By: r.actor, Op: tc.op(f)})
			if errors.Is(err, ErrNotPermitted) {
				if got, want := ErrorMessage(err), Refusal(r.role, p); got != want {
					t.Errorf("%s as %s: got %q, want %q", tc.name, r.name, got, want)
				}
			}
		}
	}
	for _, p := range Permissions() {
		if !covered[p] {
			t.Errorf("permission %q has no row in the role table", p)
		}
	}
}

func prepOps(f *fixture, tc roleCase) []Op {
	if tc.prep == nil {
		return nil
	}
	return tc.prep(f)
}

// TestRefusalsArePlainSentences: every refusal a role can meet starts with
// a capital, carries no Go error text and names what was refused.
func TestRefusalsArePlainSentences(t *testing.T) {
	for _, p := range Permissions() {
		for _, r := range append([]Role{RoleNone}, Roles...) {
			why := Refusal(r, p)
			if Allows(r, p) {
				if why != "" {
					t.Errorf("Refusal(%s, %q) = %q for an allowed role", r, p, why)
				}
				continue
			}
			if !plainSentence(why) {
				t.Errorf("Refusal(%s, %q) = %q: not a plain sentence", r, p, why)
			}
		}
	}
}

// plainSentence reports whether s reads as a sentence for a person: a
// capital first letter and none of the marks of a Go error.
func plainSentence(s string) bool {
	if s == "" || !unicode.IsUpper([]rune(s)[0]) {
		return false
	}
	for _, bad := range []string{"session:", "%!", "<nil>", "\n", "error", "0x"} {
		if strings.Contains(s, bad) {
			return false
		}
	}
	return true
}
