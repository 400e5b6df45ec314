package session

import (
	"context"
	"errors"
	"testing"
)

// TestAttendanceStartsExpected: someone added to join remotely is
// expected, not present, until they join, so quorum cannot read "met"
// before anyone has joined; the minute-taker can also say someone is
// present. Someone recorded in the room is present.
func TestAttendanceStartsExpected(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, chairActor, AddAttendee{PersonID: "pc1", Name: "PC Plod", Agency: "Police", Role: RoleViewer, Remote: true})
	f.do(t, mtActor, AddAttendee{Name: "Health visitor", Agency: "Health visiting", Role: RoleViewer, Remote: true})
	s := f.snap()
	for _, id := range []string{"pc1", f.last(t, "p")} {
		if a, _ := s.Attendee(id); a.Attendance != Expected {
			t.Errorf("%s: attendance %q, want expected before they join", a.Name, a.Attendance)
		}
	}
	if a, _ := s.Attendee(mtActor.ID); a.Attendance != Expected {
		t.Errorf("minute-taker who has not joined: attendance %q, want expected", a.Attendance)
	}
	f.do(t, mtActor, AddAttendee{Name: "Aunt", Relationship: "Aunt", Role: RoleFamily})
	if a, _ := f.snap().Attendee(f.last(t, "p")); a.Attendance != Present {
		t.Errorf("someone recorded in the room: attendance %q, want present", a.Attendance)
	}
	police := Actor{ID: "pc1", Name: "PC Plod", Agency: "Police"}
	f.do(t, police, AcceptConfidentiality{})
	if a, _ := f.snap().Attendee("pc1"); a.Attendance != Present {
		t.Errorf("after joining: attendance %q, want present", a.Attendance)
	}
	hv := f.snap().Attendees[len(f.snap().Attendees)-2].ID
	f.do(t, mtActor, UpdateAttendee{ID: hv, Name: "Health visitor", Agency: "Health visiting", Attendance: Present, Remote: true})
	if a, _ := f.snap().Attendee(hv); a.Attendance != Present {
		t.Errorf("marked present: attendance %q", a.Attendance)
	}
}

// TestQuorumNotMetBeforeAnyoneJoins: a conference whose agencies are all
// only expected is not quorate.
func TestQuorumNotMetBeforeAnyoneJoins(t *testing.T) {
	f := newFixture(t, nil)
	c := *f.snap().Conference
	c.Attendees = nil
	for _, op := range []AddAttendee{
		{PersonID: "sc", Name: "SW", Agency: "Children's Social Care", Role: RoleViewer, Remote: true},
		{PersonID: "po", Name: "PC", Agency: "Police", Role: RoleViewer, Remote: true},
		{PersonID: "he", Name: "HV", Agency: "Health", Role: RoleViewer, Remote: true},
	} {
		checked, err := op.check(&c, &checkCtx{role: RoleChair})
		if err != nil {
			t.Fatal(err)
		}
		checked.apply(&c, &applyCtx{e: &Event{}})
	}
	if q := c.Quorum(); q.Met {
		t.Fatalf("quorum with everyone only expected: got met (%v)", q.Agencies)
	}
}

// TestPastDueDateRefused: an action cannot be due before today; a due
// date an update leaves unchanged is not judged again.
func TestPastDueDateRefused(t *testing.T) {
	f := newFixture(t, nil)
	now := f.clk.Now()
	err := f.hub.Do(context.Background(), Command{By: mtActor, Op: AddAction{What: "Visit", Owner: "Jo", Due: now.AddDate(0, 0, -1)}})
	if !errors.Is(err, ErrInvalid) || ErrorMessage(err) != "The due date 14 Jun 2026 has passed; choose today or a later date" {
		t.Fatalf("past due date: got %v (%q), want a plain refusal", err, ErrorMessage(err))
	}
	f.do(t, mtActor, AddAction{What: "Visit today", Owner: "Jo", Due: now})
	a := f.snap().Actions[0]
	f.do(t, mtActor, UpdateAction{ID: a.ID, What: a.What, Owner: a.Owner, Due: a.Due, Status: ActionDone})
}
