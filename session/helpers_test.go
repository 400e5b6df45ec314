package session

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"confer/session/sessiontest"
	"confer/session/store"
)

// stepClock is a deterministic clock that moves on a second per reading.
// It returns London time so tests see norm at work.
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

var london = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.FixedZone("BST", 3600)
	}
	return loc
}()

func newStepClock() *stepClock {
	return &stepClock{t: time.Date(2026, 6, 15, 9, 30, 0, 0, london)}
}

func (c *stepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Second)
	return c.t
}

// The cast of a test conference.
var (
	chairActor  = Actor{ID: "chair1", Name: "Ruth Chair", Agency: "Safeguarding Unit", MayChair: true}
	mtActor     = Actor{ID: "mt1", Name: "Sam Minutes", Agency: "Children's Social Care"}
	viewerActor = Actor{ID: "gp1", Name: "Dr Patel", Agency: "NHS"}
	familyActor = Actor{ID: "guest-fam", Name: "Mum", Fingerprint: "SHA256:family-key"}
	guestActor  = Actor{ID: "guest-2", Name: "Guest", Fingerprint: "SHA256:guest-two"}
	noneActor   = Actor{ID: "stranger", Name: "Stranger", Fingerprint: "SHA256:stranger"}
	adminActor  = Actor{ID: "admin1", Name: "Admin", Admin: true}
)

// fixture is a conference with every kind of record in it, and the IDs a
// test needs to refer to them.
type fixture struct {
	svc  *Service
	hub  *Hub
	j    Journal
	clk  *stepClock
	ids  map[string]string // name -> record ID
	code string            // an unused, unexpired invite code
}

func (f *fixture) snap() Snapshot { return f.hub.Snapshot() }

func (f *fixture) do(t testing.TB, by Actor, op Op) {
	t.Helper()
	if err := f.hub.Do(context.Background(), Command{By: by, Op: op}); err != nil {
		t.Fatalf("%s by %s: %v", op.Kind(), by.ID, err)
	}
}

// last returns the ID most recently generated with prefix.
func (f *fixture) last(_ testing.TB, prefix string) string {
	return fmt.Sprintf("%s%d", prefix, f.snap().NextID)
}

// newFixture builds the shared conference on journal j (an in-memory journal if
// nil): a chair, a minute-taker, a remote GP, a family guest, a social
// worker and a teacher in the room (quorate), a second guest waiting in the
// lobby, an unused invite, board items, a danger statement, an action, an
// open round and recommendations being asked for. The GP has joined;
// the minute-taker has not, so is still expected.
func newFixture(t testing.TB, j Journal) *fixture {
	t.Helper()
	return newFixtureWith(t, j, nil)
}

// newFixtureWith is newFixture with a given clock (the step clock if nil).
func newFixtureWith(t testing.TB, j Journal, now func() time.Time) *fixture {
	t.Helper()
	if j == nil {
		j = sessiontest.NewJournal()
	}
	clk := newStepClock()
	if now == nil {
		now = clk.Now
	}
	n := 0
	svc, err := Open(j, Options{Now: now, NewID: func() string { n++; return fmt.Sprintf("conf%d", n) }})
	if err != nil {
		t.Fatal(err)
	}
	hub, err := svc.Create(context.Background(), chairActor, CreateConference{
		Type: Initial, Title: "Smith children", Date: time.Date(2026, 6, 15, 10, 0, 0, 0, london), Venue: "Room 4",
		Children: []Child{{Name: "Amy", DOB: time.Date(2019, 3, 2, 0, 0, 0, 0, time.UTC)}, {Name: "Ben"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: svc, hub: hub, j: j, clk: clk, ids: map[string]string{}}
	f.ids["chair"] = chairActor.ID
	f.do(t, chairActor, AddAttendee{PersonID: mtActor.ID, Name: mtActor.Name, Agency: mtActor.Agency, Role: RoleMinuteTaker, Remote: true})
	f.ids["mt"] = mtActor.ID
	f.do(t, chairActor, AddAttendee{PersonID: viewerActor.ID, Name: viewerActor.Name, Agency: viewerActor.Agency, Role: RoleViewer, Remote: true})
	f.ids["viewer"] = viewerActor.ID
	// The GP joins, so they are present rather than expected.
	f.do(t, viewerActor, AcceptConfidentiality{})
	f.do(t, chairActor, AddAttendee{Name: "Jo Social", Relationship: "Social worker", Agency: "Children's Social Care", Role: RoleViewer, Attendance: Present})
	f.ids["sw"] = f.last(t, "p")
	f.do(t, chairActor, AddAttendee{Name: "Mr Teach", Relationship: "Teacher", Agency: "Education", Role: RoleViewer, Attendance: Present})
	f.ids["teacher"] = f.last(t, "p")
	f.do(t, chairActor, AddAttendee{Name: "Dad", Relationship: "Father", Role: RoleFamily, Attendance: Present})
	f.ids["dad"] = f.last(t, "p")

	// The family guest: invited, redeemed, admitted.
	t0 := now()
	for i, who := range []Actor{familyActor, guestActor} {
		code := fmt.Sprintf("CODE-%d", i)
		f.do(t, chairActor, CreateInvite{Hash: HashCode(code), Expires: t0.Add(24 * time.Hour)})
		f.do(t, who, RedeemInvite{Hash: HashCode(code), Name: who.Name, Agency: "Family"})
	}
	s := f.snap()
	f.ids["family"], f.ids["guest2"] = s.Guests[0].ID, s.Guests[1].ID
	f.do(t, chairActor, AdmitGuest{GuestID: f.ids["family"], Role: RoleFamily})
	f.code = "SPARE-CODE"
	f.do(t, chairActor, CreateInvite{Hash: HashCode(f.code), Expires: t0.Add(24 * time.Hour)})

	f.do(t, mtActor, AddItem{Section: Worries, Text: "Bruise seen at school", Tag: TagObservation})
	f.ids["item"] = f.last(t, "i")
	f.do(t, mtActor, AddItem{Section: DangerStatements, Text: "If nothing changes, Amy may be hurt again"})
	f.ids["danger"] = f.last(t, "i")
	f.do(t, mtActor, AddAction{What: "Home visit", Owner: "Jo Social", Due: now().AddDate(0, 0, 16)})
	f.ids["action"] = f.last(t, "a")
	f.do(t, chairActor, OpenRound{ChildID: "k1"})
	f.ids["round"] = f.last(t, "r")
	f.do(t, chairActor, AskRecommendations{Open: true})
	return f
}

// openBolt opens a real journal in dir, closed when the test ends.
func openBolt(t testing.TB, path string) *store.Bolt {
	t.Helper()
	b, err := store.Open(path, sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return b
}
