package tui

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"confer/session"
	"confer/session/sessiontest"
)

// recordFixture is the test conference at its first step, where the case
// context is written.
func recordFixture(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t)
	f.do(t, pChair, session.GoToStep{Index: 0})
	return f
}

// writeWelcome has the minute-taker write the reason for the conference
// and the child's address at the first step with w, saving with enter.
func writeWelcome(t *testing.T, m *model) {
	t.Helper()
	press(t, m, "w")
	if m.form == nil {
		t.Fatalf("w opened no form; status %q", m.status)
	}
	mustContain(t, viewText(m), "Reason for the conference")
	typeText(t, m, "Bruising seen at school")
	// Reason, its mark, s47, its mark, background, its mark: the address.
	press(t, m, "tab", "tab", "tab", "tab", "tab", "tab")
	// A form taller than the screen scrolls to the focused field.
	mustContain(t, viewText(m), "› Child's address")
	typeText(t, m, "12 Elm Road")
	for i := 0; i < 6 && m.form != nil; i++ {
		press(t, m, "enter")
	}
	if m.form != nil {
		t.Fatalf("the form did not save: %q", m.form.err)
	}
}

// The record form lists the step's fields from session, prefilled, and
// sends one SetRecordText per changed field; the address is withheld from
// the family unless someone says otherwise.
func TestRecordFormWritesChangedFields(t *testing.T) {
	f := recordFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	seq := f.room.Snapshot().Seq
	writeWelcome(t, m)
	s := f.room.Snapshot()
	if got := s.Seq - seq; got != 2 {
		t.Errorf("%d events recorded, want 2 (one per changed field)", got)
	}
	if n := s.Details.TextOf(session.FieldReason); n.Text != "Bruising seen at school" || n.Restricted {
		t.Errorf("reason = %+v", n)
	}
	if n := s.Details.TextOf(session.FieldAddress); n.Text != "12 Elm Road" || !n.Restricted {
		t.Errorf("address = %+v, want withheld by default", n)
	}
	if len(s.Details.Text) != 2 || len(s.Details.StepNotes) != 0 {
		t.Errorf("unchanged fields were written: %+v", s.Details)
	}
	mustContain(t, m.status, "Record written.")
	v := viewText(m)
	mustContain(t, v, "Record for step 1")
	mustContain(t, v, "Reason for the conference: Bruising seen at school")
	mustContain(t, v, "[withheld from family] Child's address: 12 Elm Road")

	// Opening it again shows what is recorded; saving unchanged says so.
	press(t, m, "w")
	mustContain(t, viewText(m), "Bruising seen at school")
	for i := 0; i < 12 && m.form != nil && m.form.err == ""; i++ {
		press(t, m, "enter")
	}
	if m.form == nil || !strings.Contains(m.form.err, "Nothing has changed") {
		t.Fatalf("saving an unchanged record: form %v", m.form)
	}
	if f.room.Snapshot().Seq != s.Seq {
		t.Error("an unchanged form sent something")
	}
}

// A family member's terminal never holds a withheld address: not in the
// snapshot it keeps, not on the board, and w is refused in session's words.
func TestFamilyNeverSeesWithheldAddress(t *testing.T) {
	f := recordFixture(t)
	mt := f.client(t, pMinute, 200, 60, nil)
	writeWelcome(t, mt)
	fam := f.client(t, pMum, 200, 60, nil)
	syncNow(fam)
	if _, ok := fam.snap.Details.Text[session.FieldAddress]; ok {
		t.Fatal("the family snapshot holds the withheld address")
	}
	v := viewText(fam)
	mustContain(t, v, "Reason for the conference: Bruising seen at school")
	mustNotContain(t, v, "Elm Road")
	mustNotContain(t, v, "withheld")
	press(t, fam, "w")
	if fam.form != nil {
		t.Fatal("w opened the record form for a family member")
	}
	if want := session.Refusal(session.RoleFamily, session.PermWriteRecord) + "."; fam.status != want {
		t.Errorf("refusal %q, want %q", fam.status, want)
	}
}

// After the end: the chair sees the record is a draft and approves it
// (asked first); an amendment needs a reason and makes version 2; once a
// version is approved only the chair may amend.
func TestRecordAmendAndApprove(t *testing.T) {
	f := recordFixture(t)
	mt := f.client(t, pMinute, 80, 24, nil)
	writeWelcome(t, mt)
	ch := f.client(t, pChair, 80, 24, nil)
	f.do(t, pChair, session.EndConference{})
	syncNow(ch)
	syncNow(mt)
	mustContain(t, viewText(ch), "Record: draft, version 1 · Y to approve · w to amend")

	// The minute-taker amends the reason; saving without a reason asks.
	press(t, mt, "w")
	mustContain(t, viewText(mt), "Amend the record, step 1")
	press(t, mt, "ctrl+j")
	typeText(t, mt, "Seen by the school nurse")
	for i := 0; i < 14 && mt.form != nil && mt.form.err == ""; i++ {
		press(t, mt, "enter")
	}
	if mt.form == nil || !strings.Contains(mt.form.err, "Give the reason for the amendment") {
		t.Fatalf("an amendment without a reason: form %v", mt.form)
	}
	typeText(t, mt, "nurse omitted")
	press(t, mt, "enter")
	if mt.form != nil {
		t.Fatalf("amendment not saved: %q", mt.form.err)
	}
	s := f.room.Snapshot()
	if s.Record.Version() != 2 || len(s.Record.Amendments) != 1 || s.Record.Amendments[0].Reason != "nurse omitted" {
		t.Fatalf("record after amending: %+v", s.Record)
	}
	if got := s.Details.TextOf(session.FieldReason).Text; got != "Bruising seen at school\nSeen by the school nurse" {
		t.Errorf("amended reason = %q", got)
	}

	// The chair approves, after saying yes.
	syncNow(ch)
	mustContain(t, viewText(ch), "Record: draft, version 2")
	press(t, ch, "Y")
	if ch.confirm == nil || !strings.Contains(ch.confirm.question, "Approve version 2") {
		t.Fatalf("Y did not ask first: %v", ch.confirm)
	}
	press(t, ch, "y")
	if st := f.room.Snapshot().Status(); st != session.RecordApproved {
		t.Fatalf("status %s after approving", st)
	}
	mustContain(t, viewText(ch), "Record: approved, version 2")
	press(t, ch, "Y")
	mustContain(t, ch.status, "already approved")

	// Now the minute-taker may no longer amend: session's sentence.
	syncNow(mt)
	press(t, mt, "w")
	if mt.form != nil {
		t.Fatal("the minute-taker could amend an approved record")
	}
	if want := session.Refusal(session.RoleMinuteTaker, session.PermAmendApproved) + "."; mt.status != want {
		t.Errorf("refusal %q, want %q", mt.status, want)
	}
}

func TestGoldenRecord(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		sz := itoa(size.w) + "x" + itoa(size.h)
		f := recordFixture(t)
		mt := f.client(t, pMinute, size.w, size.h, nil)
		t.Run("form_"+sz, func(t *testing.T) {
			press(t, mt, "w")
			golden.RequireEqual(t, []byte(viewText(mt)))
			press(t, mt, "esc")
		})
		writeWelcome(t, mt)
		for _, role := range []string{"minute-taker", "family"} {
			t.Run("board_"+role+"_"+sz, func(t *testing.T) {
				m := f.client(t, roles[role], size.w, size.h, nil)
				golden.RequireEqual(t, []byte(viewText(m)))
			})
		}
		t.Run("ended_chair_"+sz, func(t *testing.T) {
			ch := f.client(t, pChair, size.w, size.h, nil)
			f.do(t, pChair, session.EndConference{})
			syncNow(ch)
			golden.RequireEqual(t, []byte(viewText(ch)))
		})
	}
}

// After the end, e on a board item amends its text with a reason.
func TestAmendBoardItemAfterEnd(t *testing.T) {
	f := newFixture(t)
	mt := f.client(t, pMinute, 80, 24, nil)
	id := f.room.Snapshot().Section(session.Harm)[0].ID
	f.do(t, pChair, session.EndConference{})
	syncNow(mt)
	press(t, mt, "e")
	if mt.form == nil {
		t.Fatalf("e opened nothing after the end: %q", mt.status)
	}
	mustContain(t, viewText(mt), "Amend the record")
	typeText(t, mt, " (left arm)")
	press(t, mt, "enter")
	typeText(t, mt, "which arm")
	press(t, mt, "enter")
	if mt.form != nil {
		t.Fatalf("amendment not saved: %q", mt.form.err)
	}
	s := f.room.Snapshot()
	if it, _ := s.Item(id); !strings.HasSuffix(it.Text, "3 March. (left arm)") {
		t.Errorf("item text %q", it.Text)
	}
	if len(s.Record.Amendments) != 1 || s.Record.Amendments[0].Reason != "which arm" {
		t.Errorf("amendments %+v", s.Record.Amendments)
	}
}

// F records the household, one person a line; a withheld member never
// reaches a family member's terminal.
func TestHouseholdForm(t *testing.T) {
	f := recordFixture(t)
	m := f.client(t, pMinute, 200, 60, nil)
	press(t, m, "F")
	if m.form == nil {
		t.Fatalf("F opened nothing: %q", m.status)
	}
	typeText(t, m, "Dana Smith; Mother; parental responsibility; lives with the child")
	press(t, m, "ctrl+j")
	typeText(t, m, "Lee Grant; Mother's ex-partner; withheld")
	press(t, m, "ctrl+j")
	typeText(t, m, "Chris Smith; Father; sometimes")
	press(t, m, "enter")
	if m.form == nil || !strings.Contains(m.form.err, `Line 3: "sometimes"`) {
		t.Fatalf("a mark that is not one was taken: %v", m.form)
	}
	press(t, m, "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace", "backspace")
	press(t, m, "enter")
	if m.form != nil {
		t.Fatalf("household not saved: %q", m.form.err)
	}
	hh := f.room.Snapshot().Details.Household
	if len(hh) != 3 || !hh[0].ParentalResponsibility || !hh[0].LivesWithChild || hh[0].Relationship != "Mother" ||
		!hh[1].Restricted || hh[2].Relationship != "Father" || hh[2].ParentalResponsibility {
		t.Fatalf("household %+v", hh)
	}
	mustContain(t, viewText(m), "Household: Dana Smith (Mother), Lee Grant (Mother's ex-partner) [withheld from family], Chris Smith (Father)")
	fam := f.client(t, pMum, 200, 60, nil)
	mustContain(t, viewText(fam), "Household: Dana Smith (Mother), Chris Smith (Father)")
	mustNotContain(t, viewText(fam), "Lee Grant")
	// Opening it again gives back what is recorded.
	press(t, m, "F")
	mustContain(t, viewText(m), "Lee Grant; Mother's ex-partner; withheld")
}

// K records which categories a "more than one" decision means and the
// category the plan began under.
func TestCategoriesForm(t *testing.T) {
	f := recordFixture(t)
	m := f.client(t, pChair, 200, 60, nil)
	press(t, m, "K")
	if m.form == nil {
		t.Fatalf("K opened nothing: %q", m.status)
	}
	// One child, so no names: neglect, physical, emotional, sexual, initial, date.
	press(t, m, "right", "tab", "tab", "right", "tab", "tab", "right", "right", "tab")
	typeText(t, m, "2025-11-03")
	press(t, m, "enter")
	if m.form != nil {
		t.Fatalf("categories not saved: %q", m.form.err)
	}
	s := f.room.Snapshot()
	cc, ok := s.Details.CategoryOf(s.Children[0].ID)
	if !ok || len(cc.Which) != 2 || cc.Which[0] != session.CategoryNeglect || cc.Which[1] != session.CategoryEmotional ||
		cc.Initial != session.CategoryPhysical || cc.InitialDate.Format(session.DayLayout) != "2025-11-03" {
		t.Fatalf("categories %+v", cc)
	}
}

// TestCategoriesFormPerChild: with two children, each child's fields show
// that child's categories (the form used to show the first child's values
// whichever child was chosen, so saving could copy them to the other), and
// saving sends only the child whose entry changed.
func TestCategoriesFormPerChild(t *testing.T) {
	ctx := context.Background()
	svc, err := session.Open(sessiontest.NewJournal(), session.Options{Now: func() time.Time { return tNow }})
	if err != nil {
		t.Fatal(err)
	}
	h, err := svc.Create(ctx, pChair, session.CreateConference{Type: session.Initial, Title: "Two children",
		Children: []session.Child{{Name: "Ann"}, {Name: "Ben"}}, Date: tNow})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: svc, room: h, ctx: ctx, now: tNow}
	kids := h.Snapshot().Children
	f.do(t, pChair, session.SetCategories{ChildID: kids[0].ID, Which: []session.Category{session.CategoryNeglect, session.CategoryPhysical}})
	f.do(t, pChair, session.SetCategories{ChildID: kids[1].ID, Which: []session.Category{session.CategoryEmotional, session.CategorySexual}})
	m := f.client(t, pChair, 200, 60, nil)

	press(t, m, "K")
	if m.form == nil {
		t.Fatalf("K opened nothing: %q", m.status)
	}
	mustContain(t, viewText(m), "Ben: Neglect")
	for i := 0; i < 20 && m.form != nil && m.form.err == ""; i++ {
		press(t, m, "enter")
	}
	if m.form == nil || !strings.Contains(m.form.err, "Nothing has changed") {
		t.Fatalf("saving untouched entries: got form %v, want 'Nothing has changed' (each child shown with their own categories)", m.form != nil)
	}
	press(t, m, "esc")
	if m.form != nil {
		press(t, m, "y")
	}

	// Ben: add neglect (his fields follow Ann's six).
	press(t, m, "K")
	press(t, m, "tab", "tab", "tab", "tab", "tab", "tab", "right")
	for i := 0; i < 20 && m.form != nil; i++ {
		press(t, m, "enter")
	}
	if m.form != nil {
		t.Fatalf("categories not saved: %q", m.form.err)
	}
	s := h.Snapshot()
	ann, _ := s.Details.CategoryOf(kids[0].ID)
	ben, _ := s.Details.CategoryOf(kids[1].ID)
	if fmt.Sprint(ann.Which) != fmt.Sprint([]session.Category{session.CategoryNeglect, session.CategoryPhysical}) {
		t.Errorf("Ann's categories: got %v, want neglect and physical unchanged", ann.Which)
	}
	if fmt.Sprint(ben.Which) != fmt.Sprint([]session.Category{session.CategoryNeglect, session.CategoryEmotional, session.CategorySexual}) {
		t.Errorf("Ben's categories: got %v, want neglect, emotional and sexual", ben.Which)
	}
}

// After the end, e on the decision panel corrects the reasons for the
// decision, filled with what was recorded, and the amendment log keeps why.
func TestAmendDecisionReasonsAfterEnd(t *testing.T) {
	f := newFixture(t)
	ann := f.room.Snapshot().Children[0].ID
	f.do(t, pChair, session.Decide{ChildID: ann, Outcome: session.OutcomeCPPlan, Category: session.CategoryPhysical, Reasons: "Unexplained injury."})
	f.do(t, pChair, session.GoToStep{Index: indexOfStep(f.room.Snapshot(), session.StepDecision)})
	mt := f.client(t, pMinute, 200, 60, nil)
	f.do(t, pChair, session.EndConference{})
	syncNow(mt)
	for i := 0; i < 12 && mt.focusedPane().kind != pDecision; i++ {
		press(t, mt, "tab")
	}
	if mt.focusedPane().kind != pDecision {
		t.Fatal("no decision panel to focus at the decision step")
	}
	press(t, mt, "e")
	if mt.form == nil {
		t.Fatalf("e on the decision panel opened nothing after the end: %q", mt.status)
	}
	mustContain(t, viewText(mt), "Reasons for Ann")
	typeText(t, mt, " Bruise to the left arm.")
	press(t, mt, "tab")
	typeText(t, mt, "the arm was named at the meeting")
	press(t, mt, "enter")
	if mt.form != nil {
		t.Fatalf("amendment not saved: %q", mt.form.err)
	}
	s := f.room.Snapshot()
	if d, _ := s.Decision(ann); d.Reasons != "Unexplained injury. Bruise to the left arm." {
		t.Errorf("decision reasons: got %q, want the corrected text", d.Reasons)
	}
	if len(s.Record.Amendments) != 1 || s.Record.Amendments[0].Reason != "the arm was named at the meeting" {
		t.Errorf("amendments: got %+v, want one with its reason", s.Record.Amendments)
	}
}

func indexOfStep(s session.Snapshot, key string) int {
	for i, st := range s.Agenda {
		if st.Key == key {
			return i
		}
	}
	return -1
}
