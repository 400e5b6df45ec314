package session

import (
	"strings"
	"testing"
)

// A sealed round must leave the session layer without anyone else's value
// or reason, for every role, the chair included; revealing unseals it.
func TestSealedHidesOthersScores(t *testing.T) {
	f := newFixture(t, nil)
	round := f.ids["round"]
	f.do(t, viewerActor, CastScore{RoundID: round, Value: 3, Reason: "secret-viewer-reason"})
	f.do(t, mtActor, CastScore{RoundID: round, AttendeeID: f.ids["teacher"], Value: 7, Reason: "secret-teacher-reason"})

	full := f.snap()
	for _, who := range []string{f.ids["chair"], f.ids["mt"], f.ids["family"], ""} {
		s := full.Sealed(who)
		r, _ := s.Round(round)
		if got := len(r.Scores); got != 2 {
			t.Fatalf("sealed for %q: got %d scores, want 2 (who has scored stays visible)", who, got)
		}
		for _, sc := range r.Scores {
			if !sc.Sealed || sc.Value != 0 || sc.Reason != "" {
				t.Errorf("sealed for %q: score of %s leaks value %d reason %q", who, sc.AttendeeID, sc.Value, sc.Reason)
			}
		}
	}
	// The scorer keeps their own, so they can see and change it.
	r, _ := full.Sealed(f.ids["viewer"]).Round(round)
	for _, sc := range r.Scores {
		own := sc.AttendeeID == f.ids["viewer"]
		if own && (sc.Sealed || sc.Value != 3) {
			t.Errorf("own score: got value %d sealed %v, want 3 unsealed", sc.Value, sc.Sealed)
		}
		if !own && !sc.Sealed {
			t.Errorf("someone else's score unsealed for the viewer: %+v", sc)
		}
	}
	// Sealing copies: the hub's state keeps the real values.
	if r, _ := f.snap().Round(round); r.Scores[0].Value != 3 {
		t.Fatalf("Sealed changed the shared snapshot: got %d, want 3", r.Scores[0].Value)
	}

	f.do(t, chairActor, RevealRound{RoundID: round})
	r, _ = f.snap().Sealed(f.ids["family"]).Round(round)
	for _, sc := range r.Scores {
		if sc.Sealed || sc.Reason == "" {
			t.Errorf("after reveal: got sealed=%v reason %q, want the real score", sc.Sealed, sc.Reason)
		}
	}
}

// Figures from a closed segment must not travel into a review, whose
// previous figures the family sees.
func TestReviewFromSkipsClosedSegmentFigures(t *testing.T) {
	f := newFixture(t, nil)
	open := f.ids["round"]
	f.do(t, viewerActor, CastScore{RoundID: open, Value: 4, Reason: "open"})
	f.do(t, chairActor, StartClosedSegment{})
	f.do(t, mtActor, CastScore{RoundID: open, AttendeeID: f.ids["teacher"], Value: 9, Reason: "said in closed"})
	f.do(t, chairActor, CloseRound{RoundID: open})
	f.do(t, chairActor, OpenRound{ChildID: "k2"})
	closed := f.last(t, "r")
	f.do(t, viewerActor, CastScore{RoundID: closed, Value: 1, Reason: "closed round"})
	f.do(t, chairActor, CloseRound{RoundID: closed})
	f.do(t, chairActor, EndClosedSegment{})

	op := ReviewFrom(f.snap().Conference, f.clk.Now())
	if got := len(op.Previous.Rounds); got != 1 {
		t.Fatalf("got %d previous rounds, want 1 (the closed-segment round for k2 is not carried)", got)
	}
	pr := op.Previous.Rounds[0]
	if pr.ChildID != "k1" || len(pr.Scores) != 1 || pr.Scores[0] != 4 || pr.Median != 4 {
		t.Fatalf("got %+v, want k1 with only the open score 4", pr)
	}
}

// A guest's audit lines carry their attendee ID, so joins match the
// attendance list whatever ID the transport gave them.
func TestAuditNamesGuestsByAttendeeID(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, familyActor, AcceptConfidentiality{})
	a := f.snap().Audit
	last := a[len(a)-1]
	if last.ActorID != f.ids["family"] {
		t.Fatalf("got actor ID %q, want attendee ID %q", last.ActorID, f.ids["family"])
	}
	err := f.hub.Do(t.Context(), Command{By: familyActor, Op: AddItem{Section: Worries, Text: "x"}})
	if msg := Message(err); !strings.Contains(msg, "family member cannot") {
		t.Fatalf("got %q, want a sentence about a family member", msg)
	}
}
