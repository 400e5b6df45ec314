package session

import (
	"context"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"
)

// The roles a command is tried as. "none" is someone known to the server
// who is not in this conference.
var matrixRoles = []struct {
	name  string
	actor Actor
	role  Role
}{
	{"chair", chairActor, RoleChair},
	{"minute-taker", mtActor, RoleMinuteTaker},
	{"viewer", viewerActor, RoleViewer},
	{"family", familyActor, RoleFamily},
	{"none", noneActor, RoleNone},
}

// ok and np make expectation rows readable: nil means allowed.
var np = ErrNotPermitted

// roleCase is one command and, per role, the error it must be refused with
// (nil: allowed). prep runs as the chair before the command.
type roleCase struct {
	name string
	prep func(f *fixture) []Op
	op   func(f *fixture) Op
	want map[string]error // by role name; missing means ErrNotPermitted
}

func allow(roles ...string) map[string]error {
	m := map[string]error{}
	for _, r := range roles {
		m[r] = nil
	}
	return m
}

func with(m map[string]error, role string, err error) map[string]error {
	m[role] = err
	return m
}

// roleCases derives from SPEC §1: the chair may do everything; the
// minute-taker edits the board, attendance of people in the room, actions
// and the plan, and records answers for people in the room; viewers and
// family give only their own score, recommendation and dissent and accept
// confidentiality; someone outside the conference may only redeem an
// invite.
var roleCases = []roleCase{
	{name: "EndConference", op: func(f *fixture) Op { return EndConference{} }, want: allow("chair")},
	{name: "AddAttendee in room", op: func(f *fixture) Op {
		return AddAttendee{Name: "Aunt", Relationship: "Aunt", Role: RoleFamily}
	}, want: allow("chair", "minute-taker")},
	{name: "AddAttendee known person", op: func(f *fixture) Op {
		return AddAttendee{PersonID: "hv1", Name: "Health Visitor", Agency: "NHS", Role: RoleViewer, Remote: true}
	}, want: allow("chair")},
	{name: "AddAttendee minute-taker", op: func(f *fixture) Op {
		return AddAttendee{Name: "Second minutes", Role: RoleMinuteTaker}
	}, want: allow("chair")},
	{name: "UpdateAttendee", op: func(f *fixture) Op {
		return UpdateAttendee{ID: f.ids["teacher"], Name: "Mr Teach", Agency: "Education", Attendance: Apologies}
	}, want: allow("chair", "minute-taker")},
	{name: "SetRole", op: func(f *fixture) Op {
		return SetRole{AttendeeID: f.ids["viewer"], Role: RoleMinuteTaker}
	}, want: allow("chair")},
	{name: "HandOverChair", op: func(f *fixture) Op { return HandOverChair{To: f.ids["viewer"]} }, want: allow("chair")},
	{name: "RemoveAttendee", op: func(f *fixture) Op { return RemoveAttendee{ID: f.ids["teacher"]} }, want: allow("chair")},
	{name: "AcceptConfidentiality", op: func(f *fixture) Op { return AcceptConfidentiality{} },
		want: allow("chair", "minute-taker", "viewer", "family")},
	{name: "CreateInvite", op: func(f *fixture) Op {
		return CreateInvite{Hash: HashCode("NEW-CODE"), Expires: time.Date(2026, 6, 16, 9, 0, 0, 0, time.UTC)}
	}, want: allow("chair")},
	{name: "RedeemInvite", op: func(f *fixture) Op {
		return RedeemInvite{Hash: HashCode(f.code), Name: "Stranger", Agency: "Police"}
	}, want: map[string]error{"chair": ErrConflict, "minute-taker": ErrConflict, "viewer": ErrConflict,
		"family": ErrConflict, "none": nil}},
	{name: "AdmitGuest", op: func(f *fixture) Op { return AdmitGuest{GuestID: f.ids["guest2"], Role: RoleViewer} }, want: allow("chair")},
	{name: "TurnAwayGuest", op: func(f *fixture) Op { return TurnAwayGuest{GuestID: f.ids["guest2"]} }, want: allow("chair")},
	{name: "GoToStep", op: func(f *fixture) Op { return GoToStep{Index: 2} }, want: allow("chair")},
	{name: "ProceedWithoutQuorum", op: func(f *fixture) Op { return ProceedWithoutQuorum{Reason: "Police sent a report"} }, want: allow("chair")},
	{name: "StartClosedSegment", op: func(f *fixture) Op { return StartClosedSegment{} }, want: allow("chair")},
	{name: "EndClosedSegment", prep: func(f *fixture) []Op { return []Op{StartClosedSegment{}} },
		op: func(f *fixture) Op { return EndClosedSegment{} }, want: allow("chair")},
	{name: "AddItem", op: func(f *fixture) Op { return AddItem{Section: Strengths, Text: "Gran helps every day"} },
		want: allow("chair", "minute-taker")},
	{name: "EditItem", op: func(f *fixture) Op { return EditItem{ID: f.ids["item"], Text: "Bruise on arm seen at school"} },
		want: allow("chair", "minute-taker")},
	{name: "MoveItem", op: func(f *fixture) Op { return MoveItem{ID: f.ids["item"], Section: Harm} },
		want: allow("chair", "minute-taker")},
	{name: "RemoveItem", op: func(f *fixture) Op { return RemoveItem{ID: f.ids["item"]} },
		want: allow("chair", "minute-taker")},
	{name: "OpenRound", prep: func(f *fixture) []Op { return []Op{CloseRound{RoundID: f.ids["round"]}} },
		op: func(f *fixture) Op { return OpenRound{ChildID: "k2"} }, want: allow("chair")},
	{name: "CastScore own", op: func(f *fixture) Op { return CastScore{RoundID: f.ids["round"], Value: 4, Reason: "Some worries"} },
		want: allow("chair", "minute-taker", "viewer", "family")},
	{name: "CastScore own after reveal", prep: func(f *fixture) []Op {
		return []Op{CastScore{RoundID: f.ids["round"], Value: 3, Reason: "r"}, RevealRound{RoundID: f.ids["round"]}}
	}, op: func(f *fixture) Op { return CastScore{RoundID: f.ids["round"], Value: 5, Reason: "Changed my mind"} },
		want: allow("chair", "minute-taker", "viewer", "family")},
	{name: "CastScore closed round", prep: func(f *fixture) []Op { return []Op{CloseRound{RoundID: f.ids["round"]}} },
		op:   func(f *fixture) Op { return CastScore{RoundID: f.ids["round"], Value: 5, Reason: "Late"} },
		want: map[string]error{"chair": ErrConflict, "minute-taker": ErrConflict, "viewer": ErrConflict, "family": ErrConflict, "none": np}},
	{name: "CastScore for someone in the room", op: func(f *fixture) Op {
		return CastScore{RoundID: f.ids["round"], AttendeeID: f.ids["dad"], Value: 8, Reason: "He says things are better"}
	}, want: allow("chair", "minute-taker")},
	{name: "CastScore for someone remote", op: func(f *fixture) Op {
		return CastScore{RoundID: f.ids["round"], AttendeeID: f.ids["viewer"], Value: 1, Reason: "Putting words in their mouth"}
	}, want: map[string]error{"chair": np, "minute-taker": np, "viewer": nil, "family": np, "none": np}},
	{name: "RevealRound", prep: func(f *fixture) []Op { return []Op{CastScore{RoundID: f.ids["round"], Value: 3, Reason: "r"}} },
		op: func(f *fixture) Op { return RevealRound{RoundID: f.ids["round"]} }, want: allow("chair")},
	{name: "CloseRound", op: func(f *fixture) Op { return CloseRound{RoundID: f.ids["round"]} }, want: allow("chair")},
	{name: "AskRecommendations", op: func(f *fixture) Op { return AskRecommendations{Open: false} }, want: allow("chair")},
	{name: "Recommend own", op: func(f *fixture) Op {
		return Recommend{ChildID: "k1", Outcome: OutcomeCPPlan, Category: CategoryNeglect}
	},
		want: allow("chair", "minute-taker", "viewer", "family")},
	{name: "Recommend when not asked", prep: func(f *fixture) []Op { return []Op{AskRecommendations{Open: false}} },
		op:   func(f *fixture) Op { return Recommend{ChildID: "k1", Outcome: OutcomeNFA} },
		want: map[string]error{"chair": ErrConflict, "minute-taker": ErrConflict, "viewer": ErrConflict, "family": ErrConflict, "none": np}},
	{name: "Recommend for someone in the room", op: func(f *fixture) Op {
		return Recommend{ChildID: "k1", AttendeeID: f.ids["sw"], Outcome: OutcomeCPPlan, Category: CategoryPhysical}
	}, want: allow("chair", "minute-taker")},
	{name: "Decide", op: func(f *fixture) Op {
		return Decide{ChildID: "k1", Outcome: OutcomeCPPlan, Category: CategoryPhysical, Reasons: "Unexplained injuries"}
	}, want: allow("chair")},
	{name: "RecordDissent own", op: func(f *fixture) Op { return RecordDissent{ChildID: "k1", Text: "I disagree with the category"} },
		want: allow("chair", "minute-taker", "viewer", "family")},
	{name: "RecordDissent for someone in the room", op: func(f *fixture) Op {
		return RecordDissent{ChildID: "k1", AttendeeID: f.ids["dad"], Text: "Father disagrees"}
	}, want: allow("chair", "minute-taker")},
	{name: "AddAction", op: func(f *fixture) Op {
		return AddAction{What: "Book GP check", Owner: "Dr Patel", Due: time.Date(2026, 7, 3, 0, 0, 0, 0, time.UTC)}
	}, want: allow("chair", "minute-taker")},
	{name: "UpdateAction", op: func(f *fixture) Op {
		return UpdateAction{ID: f.ids["action"], What: "Home visit", Owner: "Jo Social", Due: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Status: ActionDone}
	}, want: allow("chair", "minute-taker")},
	{name: "RemoveAction", op: func(f *fixture) Op { return RemoveAction{ID: f.ids["action"]} }, want: allow("chair", "minute-taker")},
	{name: "SetCoreGroup", op: func(f *fixture) Op {
		return SetCoreGroup{Members: []string{"Jo Social", "Dr Patel"}, LeadSocialWorker: "Jo Social"}
	}, want: allow("chair", "minute-taker")},

	{name: "RestrictText", op: func(f *fixture) Op { return RestrictText{Target: TextAction, ID: f.ids["action"], Restricted: true} },
		want: allow("chair", "minute-taker")},
	{name: "StartExclusion", op: func(f *fixture) Op {
		return StartExclusion{AttendeeID: f.ids["dad"], Grounds: GroundsConfidential}
	}, want: allow("chair")},
	{name: "EndExclusion", prep: func(f *fixture) []Op {
		return []Op{StartExclusion{AttendeeID: f.ids["dad"], Grounds: GroundsOther, Detail: "Police disclosure"}}
	}, op: func(f *fixture) Op { return EndExclusion{AttendeeID: f.ids["dad"]} }, want: allow("chair")},
	{name: "CastScore restricted own", op: func(f *fixture) Op {
		return CastScore{RoundID: f.ids["round"], Value: 4, Reason: "Names a former partner", ReasonRestricted: true}
	}, want: allow("chair", "minute-taker")},

	// In a closed segment the family is out of the room.
	{name: "CastScore own in closed segment", prep: func(f *fixture) []Op { return []Op{StartClosedSegment{}} },
		op:   func(f *fixture) Op { return CastScore{RoundID: f.ids["round"], Value: 4, Reason: "r"} },
		want: allow("chair", "minute-taker", "viewer")},
	{name: "Recommend own in closed segment", prep: func(f *fixture) []Op { return []Op{StartClosedSegment{}} },
		op:   func(f *fixture) Op { return Recommend{ChildID: "k1", Outcome: OutcomeNFA} },
		want: allow("chair", "minute-taker", "viewer")},
	{name: "RecordDissent own in closed segment", prep: func(f *fixture) []Op { return []Op{StartClosedSegment{}} },
		op:   func(f *fixture) Op { return RecordDissent{ChildID: "k1", Text: "No"} },
		want: allow("chair", "minute-taker", "viewer")},
	{name: "CastScore on a round opened in a closed segment", prep: func(f *fixture) []Op {
		return []Op{CloseRound{RoundID: f.ids["round"]}, StartClosedSegment{}, OpenRound{ChildID: "k1"}, EndClosedSegment{}}
	}, op: func(f *fixture) Op { return CastScore{RoundID: f.last(nil, "r"), Value: 4, Reason: "r"} },
		want: map[string]error{"chair": nil, "minute-taker": nil, "viewer": nil, "family": ErrNotFound, "none": np}},
}

// TestEveryCommandEveryRole tries each command as each role on a fresh
// conference: an allowed command is recorded (the version moves on); a
// refused one fails with the expected sentinel and changes nothing.
func TestEveryCommandEveryRole(t *testing.T) {
	seen := map[string]bool{}
	for _, tc := range roleCases {
		for _, r := range matrixRoles {
			t.Run(tc.name+"/"+r.name, func(t *testing.T) {
				f := newFixture(t, nil)
				if tc.prep != nil {
					for _, op := range tc.prep(f) {
						f.do(t, chairActor, op)
					}
				}
				if got := f.snap().RoleOf(r.actor); got != r.role {
					t.Fatalf("role of %s: got %q, want %q", r.actor.ID, got, r.role)
				}
				want, listed := tc.want[r.name]
				if !listed {
					want = ErrNotPermitted
				}
				op := tc.op(f)
				seen[op.Kind()] = true
				before := f.snap()
				err := f.hub.Do(context.Background(), Command{By: r.actor, Op: op})
				after := f.snap()
				if want == nil {
					if err != nil {
						t.Fatalf("%s as %s: got %v, want allowed", op.Kind(), r.name, err)
					}
					if after.Seq != before.Seq+1 || after.Version <= before.Version {
						t.Fatalf("%s as %s: seq %d -> %d, want one event recorded", op.Kind(), r.name, before.Seq, after.Seq)
					}
					return
				}
				if !errors.Is(err, want) {
					t.Fatalf("%s as %s: got error %v, want %v", op.Kind(), r.name, err, want)
				}
				if Message(err) == "" {
					t.Errorf("%s as %s: refusal has no message", op.Kind(), r.name)
				}
				if after.Version != before.Version || !reflect.DeepEqual(after.Conference, before.Conference) {
					t.Fatalf("%s as %s: refused command changed the snapshot (version %d -> %d)", op.Kind(), r.name, before.Version, after.Version)
				}
			})
		}
	}
	// Every registered op except the creation is in the table.
	for kind := range ops {
		if kind != (CreateConference{}).Kind() && !seen[kind] {
			t.Errorf("op %s has no row in the role table", kind)
		}
	}
}

// TestHandOverChairByAdmin: an administrator may hand the chair over only
// while the chair is disconnected; there is never an automatic takeover.
func TestHandOverChairByAdmin(t *testing.T) {
	f := newFixture(t, nil)
	ctx, cancel := context.WithCancel(context.Background())
	f.hub.Attach(ctx, f.ids["chair"])
	before := f.snap()
	err := f.hub.Do(context.Background(), Command{By: adminActor, Op: HandOverChair{To: f.ids["viewer"]}})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("admin hand-over with chair connected: got %v, want ErrConflict", err)
	}
	if after := f.snap(); after.Version != before.Version || !reflect.DeepEqual(after.Conference, before.Conference) {
		t.Fatalf("refused hand-over changed the snapshot")
	}
	// A non-admin outsider is refused whether or not the chair is there.
	if err := f.hub.Do(context.Background(), Command{By: noneActor, Op: HandOverChair{To: f.ids["viewer"]}}); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("outsider hand-over: got %v, want ErrNotPermitted", err)
	}

	ch := f.hub.Subscribe(context.Background())
	cancel()
	for f.snap().ChairConnected() {
		<-ch
	}
	f.do(t, adminActor, HandOverChair{To: f.ids["viewer"]})
	s := f.snap()
	if got := s.RoleOf(viewerActor); got != RoleChair {
		t.Fatalf("new chair's role: got %q, want chair", got)
	}
	if got := s.RoleOf(chairActor); got != RoleViewer {
		t.Fatalf("old chair's role: got %q, want viewer", got)
	}
	// Family members and people without a terminal cannot be made chair.
	for _, to := range []string{f.ids["family"], f.ids["dad"], f.ids["teacher"]} {
		if err := f.hub.Do(context.Background(), Command{By: viewerActor, Op: HandOverChair{To: to}}); !errors.Is(err, ErrConflict) {
			t.Errorf("hand-over to %s: got %v, want ErrConflict", to, err)
		}
	}
}

// TestEndedConference: after the end nothing changes except people
// accepting confidentiality to read the record.
func TestEndedConference(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, chairActor, EndConference{})
	for _, op := range []Op{AddItem{Section: Harm, Text: "late"}, GoToStep{Index: 1}, EndConference{}} {
		if err := f.hub.Do(context.Background(), Command{By: chairActor, Op: op}); !errors.Is(err, ErrEnded) {
			t.Errorf("%s after end: got %v, want ErrEnded", op.Kind(), err)
		}
	}
	f.do(t, viewerActor, AcceptConfidentiality{})
	if err := f.hub.Do(context.Background(), Command{By: noneActor, Op: RedeemInvite{Hash: HashCode(f.code), Name: "X", Agency: "Y"}}); !errors.Is(err, ErrEnded) {
		t.Errorf("redeem after end: got %v, want ErrEnded", err)
	}
}

// TestIdentityMatching covers who an actor is taken to be.
func TestIdentityMatching(t *testing.T) {
	f := newFixture(t, nil)
	s := f.snap()
	cases := []struct {
		name  string
		actor Actor
		want  Role
	}{
		{"known person by person ID", Actor{ID: "gp1"}, RoleViewer},
		{"guest by key", Actor{ID: "anything", Fingerprint: familyActor.Fingerprint}, RoleFamily},
		// People recorded in the room have no terminal: an actor whose ID
		// happens to equal their attendee ID is not them.
		{"in-room attendee ID is not an identity", Actor{ID: f.ids["dad"]}, RoleNone},
		{"admitted guest's attendee ID is not an identity", Actor{ID: f.ids["family"]}, RoleNone},
		{"waiting guest is nobody yet", Actor{ID: "x", Fingerprint: guestActor.Fingerprint}, RoleNone},
		{"empty actor", Actor{}, RoleNone},
	}
	for _, tc := range cases {
		if got := s.RoleOf(tc.actor); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
	// A removed attendee is nobody.
	f.do(t, chairActor, RemoveAttendee{ID: f.ids["viewer"]})
	if got := f.snap().RoleOf(viewerActor); got != RoleNone {
		t.Errorf("removed attendee: got %q, want none", got)
	}
}

// TestAttendeeIDsNeverCollide: a person whose people-file ID looks like a
// generated one must not share an ID with anyone added later.
func TestAttendeeIDsNeverCollide(t *testing.T) {
	f := newFixture(t, nil)
	next := f.snap().NextID
	for i := 1; i <= 3; i++ {
		f.do(t, chairActor, AddAttendee{PersonID: "p" + strconv.Itoa(next+i), Name: "Lookalike", Agency: "Police", Role: RoleViewer})
	}
	for i := 0; i < 5; i++ {
		f.do(t, mtActor, AddAttendee{Name: "In room", Role: RoleViewer})
	}
	seen := map[string]bool{}
	for _, a := range f.snap().Attendees {
		if seen[a.ID] {
			t.Fatalf("attendee ID %s used twice", a.ID)
		}
		seen[a.ID] = true
	}
}

// TestPointerAndNilOps: pointer ops work like values and a nil op is a
// clear refusal, not a panic with the hub locked.
func TestPointerAndNilOps(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, mtActor, &AddItem{Section: Strengths, Text: "pointer op"})
	var nilOp *AddItem
	for _, op := range []Op{nil, nilOp} {
		if err := f.hub.Do(context.Background(), Command{By: chairActor, Op: op}); !errors.Is(err, ErrInvalid) {
			t.Errorf("op %#v: got %v, want ErrInvalid", op, err)
		}
	}
	if err := f.hub.Do(context.Background(), Command{By: chairActor, Op: &CreateConference{}}); !errors.Is(err, ErrConflict) {
		t.Errorf("create through Do: got %v, want ErrConflict", err)
	}
	// The hub still works.
	f.do(t, mtActor, AddItem{Section: Strengths, Text: "after"})
}

// TestActorTextIsCleaned: names come from configuration and guests, and
// are shown to everyone; escape sequences never reach the record.
func TestActorTextIsCleaned(t *testing.T) {
	f := newFixture(t, nil)
	evil := Actor{ID: "hv2", Name: "Nurse\x1b]0;pwned\x07 Jones", Agency: "NHS\x1b[2J"}
	f.do(t, chairActor, AddAttendee{PersonID: "hv2", Name: "Nurse Jones", Agency: "NHS", Role: RoleViewer, Remote: true})
	f.do(t, evil, AcceptConfidentiality{})
	a := f.snap().Audit
	if got := a[len(a)-1].Actor; got != "Nurse Jones" {
		t.Fatalf("audit actor: got %q, want %q", got, "Nurse Jones")
	}
	bad := Actor{ID: "hv2\x1b[31m"}
	if err := f.hub.Do(context.Background(), Command{By: bad, Op: AcceptConfidentiality{}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("actor ID with escape: got %v, want ErrInvalid", err)
	}
}
