package linear

import (
	"strings"
	"testing"
	"time"

	"confer/session"
)

// until waits for cond on the conference, as the terminal works on its own.
func until(t *testing.T, f *fixture, what string, cond func(session.Snapshot) bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond(f.room.Snapshot()) {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// W writes one record field of the step, withheld from the family as the
// field says by default; after the end the chair approves with Y, and the
// minute-taker may then no longer amend.
func TestRecordInLinearMode(t *testing.T) {
	f := newFixture(t)
	f.do(t, pChair, session.GoToStep{Index: 0})
	x := startTerm(t, Options{Actor: pMinute, Conferences: service{f.svc}})
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	x.waitFor("Press b for the board", 1)
	x.typ("W")
	x.waitFor("Write the record for step 1, Welcome, purpose and confidentiality.", 1)
	x.waitFor("Part of the record: 1. Reason for the conference, not written yet.", 1)
	x.typ("4\r")
	x.waitFor("The new text:", 1)
	x.typ("12 Elm Road\r")
	x.waitFor("Withhold from the family: 1. yes, as now. 2. no. Type a number.", 1)
	x.typ("1\r")
	until(t, f, "the address", func(s session.Snapshot) bool { return s.Details.TextOf(session.FieldAddress).Text != "" })
	if n := f.room.Snapshot().Details.TextOf(session.FieldAddress); n.Text != "12 Elm Road" || !n.Restricted {
		t.Fatalf("address %+v", n)
	}
	if v, _ := f.viewOf(pMum); v.Details.TextOf(session.FieldAddress).Text != "" {
		t.Fatal("the family's view holds the withheld address")
	}
	x.typ("W")
	x.waitFor("Child's address, now: 12 Elm Road.", 1)
	x.typ("\x1b")

	chair := startTerm(t, Options{Actor: pChair, Conferences: service{f.svc}})
	chair.waitFor("Press y to accept", 1)
	chair.typ("y")
	chair.waitFor("Press b for the board", 1)
	chair.typ("Y")
	chair.waitFor("End the conference before approving its record.", 1)
	f.do(t, pChair, session.EndConference{})
	chair.waitFor("The conference has ended.", 1)
	chair.typ("Y")
	chair.waitFor("Approve version 1 of the record: 1. no. 2. yes.", 1)
	chair.typ("2\r")
	until(t, f, "the approval", func(s session.Snapshot) bool { return s.Status() == session.RecordApproved })

	x.typ("W")
	x.waitFor(sentence(session.Refusal(session.RoleMinuteTaker, session.PermAmendApproved)), 1)
}

// b reads this step's record with its board; a family member hears what
// session lets them see, never the withheld address.
func TestRecordReadWithBoard(t *testing.T) {
	f := newFixture(t)
	f.do(t, pChair, session.GoToStep{Index: 0})
	yes, no := true, false
	f.do(t, pMinute, session.SetRecordText{Field: session.FieldReason, Text: "Bruising seen at school", Restricted: &no})
	f.do(t, pMinute, session.SetRecordText{Field: session.FieldAddress, Text: "12 Elm Road", Restricted: &yes})

	x := startTerm(t, Options{Actor: pMinute, Conferences: service{f.svc}})
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	x.waitFor("Press b for the board", 1)
	x.typ("b")
	x.waitFor("Record, Reason for the conference: Bruising seen at school.", 1)
	x.waitFor("Record, Child's address: 12 Elm Road. Withheld from the family.", 1)

	mum := startTerm(t, Options{Actor: pMum, Conferences: service{f.svc}})
	mum.waitFor("Press y to accept", 1)
	mum.typ("y")
	mum.waitFor("Press b for the board", 1)
	mum.typ("b")
	out := mum.waitFor("Record, Reason for the conference: Bruising seen at school.", 1)
	if strings.Contains(out, "Elm Road") {
		t.Errorf("the family member heard the withheld address:\n%s", out)
	}
}

// F and K record the household and a child's categories one question a
// line, with session's rules; a bad answer is asked again, losing nothing.
func TestHouseholdAndCategoriesInLinearMode(t *testing.T) {
	f := newFixture(t)
	f.do(t, pChair, session.GoToStep{Index: 0})
	x := startTerm(t, Options{Actor: pMinute, Conferences: service{f.svc}})
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	x.waitFor("Press b for the board", 1)

	x.typ("F")
	x.waitFor("Separate people with a slash:", 1)
	x.typ("Dana Smith; Mother; sometimes\r")
	x.waitFor(`Line 1: "sometimes" is not parental responsibility, lives with the child, or withheld.`, 1)
	x.typ("Dana Smith; Mother; parental responsibility / Lee Grant; ex-partner; withheld\r")
	until(t, f, "the household", func(s session.Snapshot) bool { return len(s.Details.Household) == 2 })
	hs := f.room.Snapshot().Details.Household
	if !hs[0].ParentalResponsibility || hs[0].Relationship != "Mother" || !hs[1].Restricted {
		t.Fatalf("household %+v", hs)
	}

	x.typ("K")
	x.waitFor("Child: Leo, nothing recorded.", 1) // the only child is chosen
	x.waitFor("which: type their numbers", 1)
	x.typ("1, 7\r")
	x.waitFor("Type numbers from 1 to 4", 1)
	x.typ("1, 3\r")
	x.waitFor("The category the plan began under: 1. not recorded. 2. Neglect.", 1)
	x.typ("2\r")
	x.waitFor("The date it began", 1)
	x.typ("\r")
	leo := f.room.Snapshot().Children[0].ID
	until(t, f, "the categories", func(s session.Snapshot) bool { _, ok := s.Details.CategoryOf(leo); return ok })
	cc, _ := f.room.Snapshot().Details.CategoryOf(leo)
	if len(cc.Which) != 2 || cc.Which[0] != session.CategoryNeglect || cc.Which[1] != session.CategoryEmotional {
		t.Fatalf("categories %+v", cc)
	}
	x.typ("K")
	x.waitFor("Child: Leo, now: Neglect and Emotional abuse; began under Neglect.", 1)
}
