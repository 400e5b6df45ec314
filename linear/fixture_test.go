package linear

import (
	"context"
	"fmt"
	"testing"
	"time"

	"confer/session"
	"confer/session/sessiontest"
)

// The people of the test conference.
var (
	tNow    = time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	pChair  = session.Actor{ID: "p-chair", Name: "Alex Morgan", Agency: "Independent reviewing service", MayChair: true}
	pMinute = session.Actor{ID: "p-mt", Name: "Sam Patel", Agency: "Conference team"}
	pSW     = session.Actor{ID: "p-sw", Name: "Jo Reed", Agency: "Children's social care"}
	pGP     = session.Actor{ID: "p-gp", Name: "Dr Lee Chan", Agency: "GP surgery"}
	pMum    = session.Actor{ID: "p-mum", Name: "Dana Smith"}
	pDad    = session.Actor{ID: "p-dad", Name: "Chris Smith"}
)

// fixture is a service with one conference at the worries step.
type fixture struct {
	svc  *session.Service
	room *session.Hub
	ctx  context.Context
}

func (f *fixture) do(t testing.TB, by session.Actor, op session.Op) {
	t.Helper()
	if err := f.room.Do(f.ctx, session.Command{By: by, Op: op}); err != nil {
		t.Fatalf("%T: %v", op, err)
	}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	clock := tNow
	ids := 0
	svc, err := session.Open(sessiontest.NewJournal(), session.Options{
		Now:   func() time.Time { clock = clock.Add(time.Second); return clock },
		NewID: func() string { ids++; return fmt.Sprint("c", ids) }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h, err := svc.Create(ctx, pChair, session.CreateConference{Type: session.Initial, Title: "Riverside family",
		Children: []session.Child{{Name: "Leo", DOB: time.Date(2019, 4, 2, 0, 0, 0, 0, time.UTC)}}, Date: tNow})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: svc, room: h, ctx: ctx}
	for _, p := range []struct {
		a    session.Actor
		role session.Role
	}{{pMinute, session.RoleMinuteTaker}, {pSW, session.RoleViewer}, {pGP, session.RoleViewer}, {pMum, session.RoleFamily}, {pDad, session.RoleFamily}} {
		f.do(t, pChair, session.AddAttendee{PersonID: p.a.ID, Name: p.a.Name, Agency: p.a.Agency, Role: p.role, Attendance: session.Present, Remote: true})
	}
	f.do(t, pChair, session.GoToStep{Index: 7}) // what we are worried about
	f.do(t, pMinute, session.AddItem{Section: session.Harm, Text: "Leo was seen with bruising on 3 March.", Tag: session.TagFact})
	return f
}

// viewOf is what a person may see now.
func (f *fixture) viewOf(a session.Actor) (session.Snapshot, string) {
	v, self, _ := viewFor(f.room.Snapshot(), a)
	return v, self.ID
}

// attendeeID returns a person's attendee ID.
func (f *fixture) attendeeID(t testing.TB, a session.Actor) string {
	t.Helper()
	at, ok := f.room.Snapshot().AttendeeFor(a)
	if !ok {
		t.Fatalf("%s is not an attendee", a.Name)
	}
	return at.ID
}

// service adapts a session.Service to Conferences for tests.
type service struct{ s *session.Service }

func (v service) For(a session.Actor) []session.Membership { return v.s.For(a) }
func (v service) Room(id string) (Room, bool) {
	h, ok := v.s.Hub(id)
	return h, ok
}
func (v service) FindInvite(code string) (Room, bool) {
	h, ok := v.s.FindInvite(code)
	return h, ok
}
func (v service) Create(ctx context.Context, by session.Actor, op session.CreateConference) (Room, error) {
	h, err := v.s.Create(ctx, by, op)
	if err != nil {
		return nil, err
	}
	return h, nil
}
