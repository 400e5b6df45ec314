package tui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"confer/session"
)

// choosePerson moves the People cursor to the attendee with this name.
func choosePerson(t testing.TB, m *model, name string) session.Attendee {
	t.Helper()
	for i, r := range m.peopleRows() {
		if r.att != nil && r.att.Name == name {
			m.peopleI = i
			return *r.att
		}
	}
	t.Fatalf("no %s in the people list", name)
	return session.Attendee{}
}

func attendee(t testing.TB, f *fixture, name string) session.Attendee {
	t.Helper()
	for _, a := range f.room.Snapshot().Attendees {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no attendee %s", name)
	return session.Attendee{}
}

// Saving the attendance form keeps the notes it was opened with (it used
// to send none, and UpdateAttendee replaced them with nothing), and sends
// Expected and the notes' restricted mark.
func TestAttendanceFormKeepsNotes(t *testing.T) {
	f := newFixture(t)
	dad := attendee(t, f, "Chris Smith")
	f.do(t, pChair, session.UpdateAttendee{ID: dad.ID, Name: dad.Name, Relationship: dad.Relationship,
		Attendance: session.Present, Notes: "Arrived at 10:20 with his sister."})
	mt := f.client(t, pMinute, 100, 30, nil)
	press(t, mt, "P")
	choosePerson(t, mt, "Chris Smith")
	press(t, mt, "u")
	mustContain(t, viewText(mt), "Arrived at 10:20")
	press(t, mt, "right") // present -> expected
	press(t, mt, "enter", "enter", "enter", "enter", "enter", "right", "enter")
	if mt.form != nil {
		t.Fatalf("form still open: %s", viewText(mt))
	}
	got := attendee(t, f, "Chris Smith")
	if got.Notes != "Arrived at 10:20 with his sister." {
		t.Fatalf("notes after saving the attendance form: %q", got.Notes)
	}
	if got.Attendance != session.Expected {
		t.Fatalf("attendance %q, want expected", got.Attendance)
	}
	if !got.NotesRestricted {
		t.Fatal("the notes were not marked withheld")
	}
}

// The chair excludes one parent with grounds: the people list says so,
// that parent's screen says they are excluded and never shows what is
// recorded meanwhile, while the other parent sees it. X on them again
// lets them back in.
func TestExcludeOneParent(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		sz := itoa(size.w) + "x" + itoa(size.h)
		f := newFixture(t)
		pDad := session.Actor{ID: "p-dad", Name: "Lee Smith"}
		f.do(t, pChair, session.AddAttendee{PersonID: pDad.ID, Name: pDad.Name, Relationship: "Father", Role: session.RoleFamily, Attendance: session.Present, Remote: true})
		mum := f.client(t, pMum, size.w, size.h, nil)
		dad := f.client(t, pDad, size.w, size.h, nil)
		chair := f.client(t, pChair, size.w, size.h, nil)
		press(t, chair, "P")
		choosePerson(t, chair, pMum.Name)
		press(t, chair, "X")
		t.Run("form_"+sz, func(t *testing.T) { golden.RequireEqual(t, []byte(viewText(chair))) })
		press(t, chair, "enter", "enter", "enter")
		mustContain(t, chair.form.err, "Choose the grounds")
		press(t, chair, "shift+tab", "right", "right", "right", "right", "right") // other
		press(t, chair, "enter", "enter")
		mustContain(t, chair.form.err, "Say why in Detail")
		typeText(t, chair, "Asked to step out by the chair")
		press(t, chair, "enter")
		if chair.form != nil {
			t.Fatalf("form still open: %s", viewText(chair))
		}
		mum0 := attendee(t, f, pMum.Name)
		if !f.room.Snapshot().ExcludedNow(mum0.ID) {
			t.Fatal("Dana Smith is not excluded")
		}
		mustContain(t, viewText(chair), "EXCLUDED for now")
		t.Run("people_"+sz, func(t *testing.T) { golden.RequireEqual(t, []byte(viewText(chair))) })

		mt := f.client(t, pMinute, size.w, size.h, nil)
		mustContain(t, viewText(mt), "Dana Smith is EXCLUDED for now")
		press(t, mt, "a")
		typeText(t, mt, "Police intelligence about the former partner")
		press(t, mt, "enter", "enter", "enter", "enter", "enter")
		syncNow(mum)
		syncNow(dad)
		v := viewText(mum)
		mustContain(t, v, "You are excluded from this part of the conference")
		for _, bad := range []string{"Police intelligence", "bruising", "Asked to step out", "Lee Smith"} {
			mustNotContain(t, v, bad)
		}
		t.Run("excluded_"+sz, func(t *testing.T) { golden.RequireEqual(t, []byte(v)) })
		mustContain(t, viewText(dad), "Police intelligence")

		press(t, chair, "X")
		mustContain(t, viewText(chair), "Let Dana Smith back")
		press(t, chair, "y")
		syncNow(mum)
		v = viewText(mum)
		mustNotContain(t, v, "excluded")
		mustContain(t, v, "bruising")
		mustNotContain(t, v, "Police intelligence")
		for _, it := range mum.snap.Items {
			if it.Text == "Police intelligence about the former partner" {
				t.Fatal("the excluded parent's model holds what was recorded while they were out")
			}
		}
	}
}

func stepIndex(t testing.TB, f *fixture, key string) int {
	t.Helper()
	for i, s := range f.room.Snapshot().Agenda {
		if s.Key == key {
			return i
		}
	}
	t.Fatalf("no step %s", key)
	return 0
}

// The decision and dissent forms offer "Withhold from the family" to the
// chair and minute-taker; x on the decision panel withholds a text after
// the fact. The professionals see [R] beside it; the family never the text.
func TestWithholdDecisionTexts(t *testing.T) {
	f := newFixture(t)
	f.do(t, pChair, session.GoToStep{Index: stepIndex(t, f, session.StepDecision)})
	chair := f.client(t, pChair, 120, 40, nil)
	mt := f.client(t, pMinute, 120, 40, nil)
	mum := f.client(t, pMum, 120, 40, nil)

	press(t, chair, "X", "enter", "enter", "right", "enter") // a plan, with the first category
	typeText(t, chair, "Ann is safe with her grandmother daily")
	press(t, chair, "enter")
	mustContain(t, viewText(chair), "Withhold from the family")
	press(t, chair, "right", "enter")
	if chair.form != nil {
		t.Fatalf("decision form still open: %q", chair.form.err)
	}
	press(t, mt, "D", "enter", "enter")
	typeText(t, mt, "The father's drinking is not addressed")
	press(t, mt, "enter", "enter") // withhold: no
	if mt.form != nil {
		t.Fatalf("dissent form still open: %q", mt.form.err)
	}
	s := f.room.Snapshot()
	if len(s.Decisions) != 1 || !s.Decisions[0].ReasonsRestricted {
		t.Fatalf("decision reasons not withheld: %+v", s.Decisions)
	}
	if len(s.Dissent) != 1 || s.Dissent[0].Restricted {
		t.Fatalf("dissent: %+v", s.Dissent)
	}
	syncNow(mum)
	mustContain(t, viewText(mum), "drinking is not addressed")

	syncNow(chair)
	press(t, chair, "x")
	mustContain(t, viewText(chair), "[R] Decision reasons")
	press(t, chair, "right", "enter") // the dissent
	if chair.form != nil {
		t.Fatalf("restrict form still open: %q", chair.form.err)
	}
	if !f.room.Snapshot().Dissent[0].Restricted {
		t.Fatal("x did not withhold the dissent")
	}
	syncNow(chair)
	v := viewText(chair)
	mustContain(t, v, "Reasons: [R] Ann is safe")
	mustContain(t, v, "Dissent — [R] Sam Patel")
	syncNow(mum)
	v = viewText(mum)
	mustNotContain(t, v, "drinking is not addressed")
	mustNotContain(t, v, "grandmother daily")
}

// x on a chosen person in People withholds their notes; the list marks
// them [R].
func TestWithholdNotesInPeople(t *testing.T) {
	f := newFixture(t)
	dad := attendee(t, f, "Chris Smith")
	f.do(t, pChair, session.UpdateAttendee{ID: dad.ID, Name: dad.Name, Relationship: dad.Relationship,
		Attendance: session.Present, Notes: "Left early to collect Ann."})
	mt := f.client(t, pMinute, 200, 60, nil)
	press(t, mt, "P")
	choosePerson(t, mt, "Chris Smith")
	press(t, mt, "x")
	if !attendee(t, f, "Chris Smith").NotesRestricted {
		t.Fatal("x did not withhold the notes")
	}
	syncNow(mt)
	mustContain(t, viewText(mt), "notes: Left early to collect Ann. [R]")
}

// Two parents share a frame cache with everyone else: while one is
// excluded, her frame is never the other's, whose screen shows what she
// must not see.
func TestExcludedParentGetsOwnFrame(t *testing.T) {
	f := newFixture(t)
	frames := NewFrameCache()
	pDad := session.Actor{ID: "p-dad", Name: "Lee Smith"}
	f.do(t, pChair, session.AddAttendee{PersonID: pDad.ID, Name: pDad.Name, Role: session.RoleFamily, Attendance: session.Present, Remote: true})
	mum := f.client(t, pMum, 80, 24, frames)
	dad := f.client(t, pDad, 80, 24, frames)
	f.do(t, pChair, session.StartExclusion{AttendeeID: attendee(t, f, pMum.Name).ID, Grounds: session.GroundsRiskToChild})
	f.do(t, pMinute, session.AddItem{Section: session.Harm, Text: "Said while she was out"})
	syncNow(dad)
	syncNow(mum)
	mustContain(t, viewText(dad), "Said while she was out")
	v := viewText(mum)
	mustNotContain(t, v, "Said while she was out")
	mustContain(t, v, "You are excluded")
}

// The minute-taker withholds a score reason in the score form; x on the
// scaling panel shows it again. [R] marks it while withheld.
func TestWithholdScoreReason(t *testing.T) {
	f := newFixture(t)
	f.do(t, pChair, session.GoToStep{Index: stepIndex(t, f, session.StepScaling)})
	f.do(t, pChair, session.OpenRound{ChildID: f.room.Snapshot().Children[0].ID})
	mt := f.client(t, pMinute, 120, 40, nil)
	mum := f.client(t, pMum, 120, 40, nil)
	press(t, mt, "s", "enter") // myself
	typeText(t, mt, "6")
	press(t, mt, "enter")
	typeText(t, mt, "Her former partner still visits")
	press(t, mt, "enter", "right", "enter")
	if mt.form != nil {
		t.Fatalf("score form still open: %q", mt.form.err)
	}
	r, _ := f.room.Snapshot().OpenRound()
	if len(r.Scores) != 1 || !r.Scores[0].ReasonRestricted {
		t.Fatalf("score reason not withheld: %+v", r.Scores)
	}
	f.do(t, pChair, session.RevealRound{RoundID: r.ID})
	syncNow(mt)
	syncNow(mum)
	mustContain(t, viewText(mt), "[R] Her former partner")
	mustNotContain(t, viewText(mum), "former partner")
	press(t, mt, "x")
	mustContain(t, viewText(mt), "[R] Score reason, Sam Patel")
	press(t, mt, "enter")
	s, _ := f.room.Snapshot().Round(r.ID)
	if s.Scores[0].ReasonRestricted {
		t.Fatal("x did not show the reason again")
	}
	syncNow(mum)
	mustContain(t, viewText(mum), "former partner")
}

// Someone added in the room can have notes, withheld from the family.
func TestAddInRoomWithWithheldNotes(t *testing.T) {
	f := newFixture(t)
	mt := f.client(t, pMinute, 100, 30, nil)
	press(t, mt, "P", "i")
	typeText(t, mt, "Jean Smith")
	press(t, mt, "enter")
	typeText(t, mt, "Grandmother")
	press(t, mt, "enter", "enter", "enter")
	typeText(t, mt, "Subject of a police bail condition")
	press(t, mt, "enter", "right", "enter")
	if mt.form != nil {
		t.Fatalf("form still open: %q", mt.form.err)
	}
	a := attendee(t, f, "Jean Smith")
	if a.Notes != "Subject of a police bail condition" || !a.NotesRestricted {
		t.Fatalf("notes %q restricted %v", a.Notes, a.NotesRestricted)
	}
}

// Goldens: the decision panel with withheld texts marked [R], and the
// form x opens on it, for the chair; the family's panel without them.
func TestGoldenWithheldDecisionPanel(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		sz := itoa(size.w) + "x" + itoa(size.h)
		f := newFixture(t)
		f.do(t, pChair, session.GoToStep{Index: stepIndex(t, f, session.StepDecision)})
		f.do(t, pChair, session.AskRecommendations{Open: true})
		kid := f.room.Snapshot().Children[0].ID
		f.do(t, pGP, session.Recommend{ChildID: kid, Outcome: session.OutcomeCPPlan, Category: session.CategoryNeglect, Reason: "Missed health appointments"})
		f.do(t, pChair, session.RestrictText{Target: session.TextRecommendationReason, ID: kid, AttendeeID: attendee(t, f, pGP.Name).ID, Restricted: true})
		f.do(t, pSW, session.Recommend{ChildID: kid, Outcome: session.OutcomeCPPlan, Category: session.CategoryNeglect, Reason: "Home conditions"})
		chair := f.client(t, pChair, size.w, size.h, nil)
		mum := f.client(t, pMum, size.w, size.h, nil)
		v := viewText(chair)
		mustContain(t, v, "(Neglect) — [R]")
		t.Run("chair_"+sz, func(t *testing.T) { golden.RequireEqual(t, []byte(v)) })
		v = viewText(mum)
		mustNotContain(t, v, "Missed health")
		mustContain(t, v, "Jo Reed: Child protection plan")
		t.Run("family_"+sz, func(t *testing.T) { golden.RequireEqual(t, []byte(v)) })
		press(t, chair, "x")
		t.Run("restrict_form_"+sz, func(t *testing.T) { golden.RequireEqual(t, []byte(viewText(chair))) })
		press(t, chair, "enter")
		if r := f.room.Snapshot().Recommendations[0]; r.ReasonRestricted {
			t.Fatal("x and enter did not show the reason again")
		}
	}
}
