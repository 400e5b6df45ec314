package session

import (
	"errors"
	"reflect"
	"testing"
)

func intp(i int) *int { return &i }

// The record ops join the every-command-every-role table: while the meeting
// runs the chair and minute-taker write the record; after the end they
// amend it with a reason; once approved only the chair amends; only the
// chair approves.
func init() {
	casePerm["SetRecordText"] = PermWriteRecord
	casePerm["SetRecordText after the end"] = PermAmendRecord
	casePerm["SetRecordText after approval"] = PermAmendApproved
	casePerm["ApproveRecord"] = PermApproveRecord
	end := func(f *fixture) []Op { return []Op{EndConference{}} }
	approved := func(f *fixture) []Op { return []Op{EndConference{}, ApproveRecord{}} }
	roleCases = append(roleCases,
		roleCase{name: "SetRecordText", op: func(f *fixture) Op {
			return SetRecordText{Field: FieldSummary, Text: "Amy has been hurt twice."}
		}, want: allow("chair", "minute-taker")},
		roleCase{name: "SetRecordText step note", op: func(f *fixture) Op {
			return SetRecordText{Field: FieldStepNote, Step: intp(0), Text: "Introductions done."}
		}, want: allow("chair", "minute-taker")},
		roleCase{name: "SetRecordText after the end", prep: end, op: func(f *fixture) Op {
			return SetRecordText{Field: FieldSummary, Text: "Amy has been hurt twice.", Reason: "Summary left out"}
		}, want: allow("chair", "minute-taker")},
		roleCase{name: "SetRecordText after approval", prep: approved, op: func(f *fixture) Op {
			return SetRecordText{Field: FieldSummary, Text: "Amy has been hurt twice.", Reason: "Summary left out"}
		}, want: allow("chair")},
		roleCase{name: "SetHousehold", op: func(f *fixture) Op {
			return SetHousehold{Members: []HouseholdMember{{Name: "Kim Smith", Relationship: "Mother", ParentalResponsibility: true}}}
		}, want: allow("chair", "minute-taker")},
		roleCase{name: "SetCategories", op: func(f *fixture) Op {
			return SetCategories{ChildID: "k1", Which: []Category{CategoryNeglect, CategoryEmotional}}
		}, want: allow("chair", "minute-taker")},
		roleCase{name: "AmendRecord", prep: end, op: func(f *fixture) Op {
			return AmendRecord{Target: "item:" + f.ids["item"], Text: "Bruise seen at school on Monday", Reason: "Day added"}
		}, want: allow("chair", "minute-taker")},
		roleCase{name: "AmendRecord approved", prep: approved, op: func(f *fixture) Op {
			return AmendRecord{Target: "item:" + f.ids["item"], Text: "Bruise seen at school on Monday", Reason: "Day added"}
		}, want: allow("chair")},
		roleCase{name: "AmendRecord live", op: func(f *fixture) Op {
			return AmendRecord{Target: "item:" + f.ids["item"], Text: "x", Reason: "y"}
		}, want: map[string]error{"chair": ErrConflict, "minute-taker": ErrConflict, "viewer": ErrConflict, "family": ErrConflict, "none": ErrConflict}},
		roleCase{name: "ApproveRecord", prep: end, op: func(f *fixture) Op { return ApproveRecord{} }, want: allow("chair")},
	)
}

// TestRecordLifeCycle walks live -> draft -> approved -> amended (draft,
// version 2) -> re-approved, and checks the amendment log keeps who, when,
// why and the text before and after.
func TestRecordLifeCycle(t *testing.T) {
	f := newFixture(t, nil)
	if got := f.snap().Status(); got != RecordLive {
		t.Fatalf("status: got %q, want live", got)
	}
	if err := f.hub.Do(t.Context(), Command{By: chairActor, Op: ApproveRecord{}}); !errors.Is(err, ErrConflict) {
		t.Fatalf("approve while live: got %v, want ErrConflict", err)
	}
	f.do(t, chairActor, EndConference{})
	if got := f.snap().Status(); got != RecordDraft {
		t.Fatalf("status after end: got %q, want draft", got)
	}
	// Board changes stay refused after the end; only amendments go in.
	if err := f.hub.Do(t.Context(), Command{By: mtActor, Op: AddItem{Section: Harm, Text: "late"}}); !errors.Is(err, ErrEnded) {
		t.Fatalf("board change after end: got %v, want ErrEnded", err)
	}
	if err := f.hub.Do(t.Context(), Command{By: mtActor, Op: AmendRecord{Target: "item:" + f.ids["item"], Text: "Bruise seen on Monday"}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("amend without reason: got %v, want ErrInvalid", err)
	}
	f.do(t, mtActor, AmendRecord{Target: "item:" + f.ids["item"], Text: "Bruise seen on Monday", Reason: "School corrected the day"})
	s := f.snap()
	if s.Record.Version() != 2 || s.Status() != RecordDraft {
		t.Fatalf("after amendment: version %d status %q, want 2 draft", s.Record.Version(), s.Status())
	}
	want := Amendment{Version: 2, At: s.Audit[len(s.Audit)-1].At, By: f.ids["mt"], What: "Board item: " + Worries.Title(),
		Before: "Bruise seen at school", After: "Bruise seen on Monday", Reason: "School corrected the day"}
	if got := s.Record.Amendments; len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Fatalf("amendment log: got %+v, want %+v", got, want)
	}
	if it, _ := s.Item(f.ids["item"]); it.Text != "Bruise seen on Monday" {
		t.Fatalf("item text: got %q", it.Text)
	}
	f.do(t, chairActor, ApproveRecord{})
	if s := f.snap(); s.Status() != RecordApproved || s.Reapproved() {
		t.Fatalf("after approval: status %q reapproved %v", s.Status(), s.Reapproved())
	}
	if err := f.hub.Do(t.Context(), Command{By: mtActor, Op: SetRecordText{Field: FieldSummary, Text: "x", Reason: "y"}}); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("minute-taker amending an approved record: got %v, want ErrNotPermitted", err)
	}
	f.do(t, chairActor, SetRecordText{Field: FieldSummary, Text: "Amy was hurt twice.", Reason: "Summary left out"})
	if s := f.snap(); s.Status() != RecordDraft || s.Record.Version() != 3 {
		t.Fatalf("after chair amends: status %q version %d, want draft 3", s.Status(), s.Record.Version())
	}
	f.do(t, chairActor, ApproveRecord{})
	s = f.snap()
	if s.Status() != RecordApproved || !s.Reapproved() {
		t.Fatalf("after re-approval: status %q reapproved %v", s.Status(), s.Reapproved())
	}
	if a, _ := s.LastApproval(); a.Version != 3 || a.By != chairActor.ID {
		t.Fatalf("last approval: got %+v", a)
	}
}

// TestRecordTextVisibility: the child's address is withheld from the family
// by default, a note written in a closed segment is withheld, and an
// amendment to withheld text is withheld with it.
func TestRecordTextVisibility(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, mtActor, SetRecordText{Field: FieldAddress, Text: "12 Hidden Lane"})
	f.do(t, mtActor, SetRecordText{Field: FieldReason, Text: "Bruising seen at school"})
	f.do(t, chairActor, StartClosedSegment{})
	f.do(t, mtActor, SetRecordText{Field: FieldAnalysis, Text: "Police intelligence"})
	f.do(t, chairActor, EndClosedSegment{})
	f.do(t, chairActor, EndConference{})
	f.do(t, chairActor, SetRecordText{Field: FieldAddress, Text: "14 Hidden Lane", Reason: "Typo"})
	full := f.snap()
	if !full.Details.TextOf(FieldAddress).Restricted {
		t.Fatalf("address not restricted by default")
	}
	fv := full.FamilyView()
	if _, ok := fv.Details.Text[FieldAddress]; ok {
		t.Errorf("family view holds the address")
	}
	if _, ok := fv.Details.Text[FieldAnalysis]; ok {
		t.Errorf("family view holds a note from a closed segment")
	}
	if _, ok := fv.Details.Text[FieldReason]; !ok {
		t.Errorf("family view lost the reason for the conference")
	}
	if len(fv.Record.Amendments) != 0 || fv.Withheld["amendments"] != 1 {
		t.Errorf("family view amendments: %+v withheld %d", fv.Record.Amendments, fv.Withheld["amendments"])
	}
	if fv.Record.Version() != 2 {
		t.Errorf("family view version: got %d, want 2", fv.Record.Version())
	}
}

// TestCategoriesWhich: "multiple" lists at least two distinct categories,
// in a fixed order.
func TestCategoriesWhich(t *testing.T) {
	f := newFixture(t, nil)
	for _, bad := range [][]Category{{CategoryNeglect}, {CategoryMultiple, CategoryNeglect}, {"made-up", CategoryNeglect}} {
		if err := f.hub.Do(t.Context(), Command{By: chairActor, Op: SetCategories{ChildID: "k1", Which: bad}}); !errors.Is(err, ErrInvalid) {
			t.Errorf("categories %v: got %v, want ErrInvalid", bad, err)
		}
	}
	f.do(t, chairActor, SetCategories{ChildID: "k1", Which: []Category{CategoryEmotional, CategoryNeglect, CategoryEmotional}, Initial: CategoryNeglect})
	cc, _ := f.snap().Details.CategoryOf("k1")
	if !reflect.DeepEqual(cc.Which, []Category{CategoryNeglect, CategoryEmotional}) || cc.Initial != CategoryNeglect {
		t.Fatalf("categories: got %+v", cc)
	}
}

// TestAuditKeepsChangedText: an edit and a removal keep the text before
// and after in the audit trail, live and on replay alike.
func TestAuditKeepsChangedText(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, mtActor, EditItem{ID: f.ids["item"], Text: "Bruise on the left arm seen at school", Tag: TagObservation})
	f.do(t, mtActor, RemoveAction{ID: f.ids["action"]})
	check := func(audit []AuditEntry) {
		t.Helper()
		n := len(audit)
		if e := audit[n-2]; e.Before != "Bruise seen at school" || e.After != "Bruise on the left arm seen at school" {
			t.Errorf("edit: got before %q after %q", e.Before, e.After)
		}
		if e := audit[n-1]; e.Before != "Home visit (Jo Social)" || e.After != "" {
			t.Errorf("removal: got before %q after %q", e.Before, e.After)
		}
	}
	check(f.snap().Audit)
	c, err := replay(f.j, f.snap().ID)
	if err != nil {
		t.Fatal(err)
	}
	check(c.Audit)
}

// TestFieldsAt: every record field is offered at some step, and every step
// offers its discussion note.
func TestFieldsAt(t *testing.T) {
	offered := map[RecordField]bool{}
	for _, st := range BuiltinTemplate(Review).Steps {
		fs := FieldsAt(st.Key)
		if fs[len(fs)-1] != FieldStepNote {
			t.Errorf("step %s: got %v, want its note last", st.Key, fs)
		}
		for _, f := range fs {
			offered[f] = true
		}
	}
	for _, st := range BuiltinTemplate(Initial).Steps {
		for _, f := range FieldsAt(st.Key) {
			offered[f] = true
		}
	}
	for _, f := range RecordFields {
		if !offered[f] {
			t.Errorf("field %s is offered at no step", f)
		}
	}
}

// TestRecordTextVeiled: a note and a household written while one family
// member was excluded are withheld from that member's view and the shared
// family view, and shown to the other family member; an amendment to such
// a note is withheld with it.
func TestRecordTextVeiled(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, chairActor, StartExclusion{AttendeeID: f.ids["dad"], Grounds: GroundsViolence})
	f.do(t, mtActor, SetRecordText{Field: FieldAnalysis, Text: "What Dad must not hear"})
	f.do(t, mtActor, SetHousehold{Members: []HouseholdMember{{Name: "New partner"}}})
	f.do(t, chairActor, EndExclusion{AttendeeID: f.ids["dad"]})
	f.do(t, chairActor, EndConference{})
	f.do(t, chairActor, SetRecordText{Field: FieldAnalysis, Text: "What Dad must not hear, corrected", Reason: "Typo"})
	s := f.snap()
	for name, v := range map[string]Snapshot{"shared": s.FamilyView(), "dad": s.FamilyViewFor(f.ids["dad"])} {
		if _, ok := v.Details.Text[FieldAnalysis]; ok || len(v.Details.Household) != 0 || len(v.Record.Amendments) != 0 {
			t.Errorf("%s family view holds what was written while Dad was out: %+v %+v", name, v.Details, v.Record)
		}
	}
	mum := s.FamilyViewFor(f.ids["family"])
	if _, ok := mum.Details.Text[FieldAnalysis]; !ok || len(mum.Details.Household) != 1 || len(mum.Record.Amendments) != 1 {
		t.Errorf("mum's own view lost what she heard: %+v %+v", mum.Details, mum.Record)
	}
}

// TestProfessionFromPeopleFile: a known person's profession (carried by
// their actor from the people file) becomes their relationship when they
// join, unless one was recorded.
func TestProfessionFromPeopleFile(t *testing.T) {
	f := newFixture(t, nil)
	gp := viewerActor
	gp.Profession = "General practitioner"
	f.do(t, gp, AcceptConfidentiality{})
	if a, _ := f.snap().Attendee(f.ids["viewer"]); a.Relationship != "General practitioner" {
		t.Errorf("relationship: got %q, want the profession", a.Relationship)
	}
	sw := mtActor
	sw.Profession = "Administrator"
	f.do(t, chairActor, UpdateAttendee{ID: f.ids["mt"], Name: mtActor.Name, Relationship: "Minute-taker",
		Agency: mtActor.Agency, Attendance: Present, Remote: true})
	f.do(t, sw, AcceptConfidentiality{})
	if a, _ := f.snap().Attendee(f.ids["mt"]); a.Relationship != "Minute-taker" {
		t.Errorf("relationship: got %q, want the one recorded", a.Relationship)
	}
}
