package session

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// undeclaredOp is an op kind that forgot to declare its disclosure.
type undeclaredOp struct{ Text string }

func (undeclaredOp) Kind() string                                   { return "test.undeclared" }
func (o undeclaredOp) check(c *Conference, x *checkCtx) (Op, error) { return o, nil }
func (o undeclaredOp) apply(c *Conference, x *applyCtx) string      { return "" }

// declared reports whether op declares what it discloses.
func declared(op Op) bool {
	d, ok := op.(discloser)
	return ok && d.disclosure() != undeclared
}

// TestEveryKindDeclaresDisclosure: every op kind says whether what it
// writes was said in the room (and is then veiled from whoever could not
// hear it), records nothing said, or is for professionals only. A new kind
// fails here until it declares one; until then it is treated as the
// strictest.
func TestEveryKindDeclaresDisclosure(t *testing.T) {
	for kind, mk := range ops {
		if !declared(deref(mk())) {
			t.Errorf("op kind %s does not declare its disclosure", kind)
		}
	}
	if declared(undeclaredOp{}) {
		t.Fatal("an op without a disclosure method counts as declared")
	}
	if got := disclosureOf(undeclaredOp{}); got != recordsSpeech {
		t.Errorf("undeclared op: got disclosure %d, want recordsSpeech (the strictest)", got)
	}
}

// familyText is everything a view holds, as one string to search.
func familyText(t *testing.T, s Snapshot) string {
	t.Helper()
	b, err := json.Marshal(s.Conference)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestClosedSegmentWithholdsEveryKind: whatever is recorded during a closed
// segment (people added in the room, decision reasons, the reason to go
// ahead without quorum, the core group, the lead social worker...) never
// reaches the family, and stays with the professionals.
func TestClosedSegmentWithholdsEveryKind(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, chairActor, StartClosedSegment{})
	due := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	secret := []string{"SECRET-attendee", "SECRET-quorum", "SECRET-decision", "SECRET-core", "SECRET-lead",
		"SECRET-item", "SECRET-score", "SECRET-rec", "SECRET-dissent", "SECRET-action", "SECRET-notes"}
	f.do(t, mtActor, AddAttendee{Name: secret[0], Role: RoleViewer, Agency: "Police", Notes: secret[10]})
	f.do(t, chairActor, ProceedWithoutQuorum{Reason: secret[1]})
	f.do(t, chairActor, Decide{ChildID: "k1", Outcome: OutcomeCPPlan, Category: CategoryNeglect, Reasons: secret[2]})
	f.do(t, mtActor, SetCoreGroup{Members: []string{secret[3]}, LeadSocialWorker: secret[4]})
	f.do(t, mtActor, EditItem{ID: f.ids["item"], Text: secret[5]})
	f.do(t, viewerActor, CastScore{RoundID: f.ids["round"], Value: 3, Reason: secret[6]})
	f.do(t, viewerActor, Recommend{ChildID: "k1", Outcome: OutcomeCPPlan, Category: CategoryNeglect, Reason: secret[7]})
	f.do(t, viewerActor, RecordDissent{ChildID: "k1", Text: secret[8]})
	f.do(t, mtActor, UpdateAction{ID: f.ids["action"], What: secret[9], Owner: "Jo Social", Due: due, Status: ActionOpen})
	f.do(t, chairActor, EndClosedSegment{})

	full := f.snap()
	fullText := familyText(t, full)
	for _, view := range []Snapshot{full.FamilyView(), full.ViewFor(f.ids["family"]), full.FamilyViewFor(f.ids["dad"]), full.For(RoleFamily)} {
		got := familyText(t, view)
		for _, s := range secret {
			if strings.Contains(got, s) {
				t.Errorf("family view holds %q", s)
			}
		}
	}
	for _, s := range secret {
		if !strings.Contains(fullText, s) {
			t.Errorf("full snapshot lost %q", s)
		}
	}
	if fv := full.ViewFor(f.ids["viewer"]); !strings.Contains(familyText(t, fv), secret[2]) {
		t.Error("a professional's view lost the decision reasons")
	}
}

// TestExclusionWithholdsFromThemAlone: what is recorded while one family
// member is excluded is withheld from them (and from the shared family
// copy), but not from another family member.
func TestExclusionWithholdsFromThemAlone(t *testing.T) {
	f := newFixture(t, nil)
	mum, dad := f.ids["family"], f.ids["dad"]
	f.do(t, chairActor, StartExclusion{AttendeeID: mum, Grounds: GroundsOther, Detail: "CHAIR-WORDS"})
	if !f.snap().ExcludedNow(mum) {
		t.Fatal("ExcludedNow: got false while excluded")
	}
	if err := f.hub.Do(t.Context(), Command{By: familyActor, Op: CastScore{RoundID: f.ids["round"], Value: 5, Reason: "r"}}); err == nil {
		t.Fatal("an excluded family member gave a score")
	}
	f.do(t, mtActor, AddItem{Section: Worries, Text: "SAID-WHILE-MUM-WAS-OUT"})
	f.do(t, chairActor, EndExclusion{AttendeeID: mum})
	f.do(t, mtActor, AddItem{Section: Worries, Text: "SAID-WITH-MUM-BACK"})

	s := f.snap()
	has := func(v Snapshot, text string) bool { return strings.Contains(familyText(t, v), text) }
	cases := []struct {
		name       string
		view       Snapshot
		out, words bool
	}{
		{"mum's screen", s.ViewFor(mum), false, false},
		{"mum's family view", s.FamilyViewFor(mum), false, false},
		{"dad's family view", s.FamilyViewFor(dad), true, false},
		{"the shared family view", s.FamilyView(), false, false},
		{"the chair's screen", s.ViewFor(chairActor.ID), true, true},
	}
	for _, tc := range cases {
		if got := has(tc.view, "SAID-WHILE-MUM-WAS-OUT"); got != tc.out {
			t.Errorf("%s: holds what was said while mum was out = %v, want %v", tc.name, got, tc.out)
		}
		if !has(tc.view, "SAID-WITH-MUM-BACK") {
			t.Errorf("%s: lost what was said with everyone back", tc.name)
		}
		if got := has(tc.view, "CHAIR-WORDS"); got != tc.words {
			t.Errorf("%s: holds the chair's words on the exclusion = %v, want %v", tc.name, got, tc.words)
		}
	}
	if got := len(s.FamilyViewFor(mum).Exclusions); got != 1 {
		t.Errorf("mum's view: %d exclusions, want her own one", got)
	}
	if got := len(s.FamilyViewFor(dad).Exclusions); got != 0 {
		t.Errorf("dad's view: %d exclusions, want none", got)
	}
	if got := s.FamilyCopies(); len(got) != 2 {
		t.Errorf("FamilyCopies: got %v, want mum and dad", got)
	}
}

// TestRestrictedText: the chair and minute-taker can restrict any free
// text; the family view keeps the mark and loses the words.
func TestRestrictedText(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, viewerActor, CastScore{RoundID: f.ids["round"], Value: 3, Reason: "NAMES-FORMER-PARTNER"})
	f.do(t, chairActor, RevealRound{RoundID: f.ids["round"]})
	f.do(t, viewerActor, Recommend{ChildID: "k1", Outcome: OutcomeCPPlan, Category: CategoryNeglect, Reason: "REC-REASON"})
	f.do(t, viewerActor, RecordDissent{ChildID: "k1", Text: "DISSENT-TEXT"})
	f.do(t, chairActor, Decide{ChildID: "k1", Outcome: OutcomeCPPlan, Category: CategoryNeglect, Reasons: "DECISION-REASONS", ReasonsRestricted: true})
	f.do(t, mtActor, UpdateAttendee{ID: f.ids["sw"], Name: "Jo Social", Agency: "Children's Social Care", Attendance: Present, Notes: "NOTES-TEXT"})
	s := f.snap()
	f.do(t, mtActor, RestrictText{Target: TextScoreReason, ID: f.ids["round"], AttendeeID: viewerActor.ID, Restricted: true})
	f.do(t, mtActor, RestrictText{Target: TextRecommendationReason, ID: "k1", AttendeeID: viewerActor.ID, Restricted: true})
	f.do(t, mtActor, RestrictText{Target: TextDissent, ID: s.Dissent[0].ID, Restricted: true})
	f.do(t, mtActor, RestrictText{Target: TextAttendeeNotes, ID: f.ids["sw"], Restricted: true})
	if err := f.hub.Do(t.Context(), Command{By: viewerActor, Op: RestrictText{Target: TextDissent, ID: s.Dissent[0].ID}}); err == nil {
		t.Fatal("a viewer marked text restricted")
	}
	s = f.snap()
	fv := s.ViewFor(f.ids["family"])
	got := familyText(t, fv)
	for _, secret := range []string{"NAMES-FORMER-PARTNER", "REC-REASON", "DISSENT-TEXT", "DECISION-REASONS", "NOTES-TEXT"} {
		if strings.Contains(got, secret) {
			t.Errorf("family view holds restricted %q", secret)
		}
		if !strings.Contains(familyText(t, s), secret) {
			t.Errorf("full snapshot lost %q", secret)
		}
	}
	if d, ok := fv.Decision("k1"); !ok || d.Outcome != OutcomeCPPlan || !d.ReasonsRestricted {
		t.Errorf("family view's decision: got %+v, want the outcome with its reasons marked withheld", d)
	}
	if r, _ := fv.Round(f.ids["round"]); len(r.Scores) != 1 || r.Scores[0].Value != 3 || !r.Scores[0].ReasonRestricted {
		t.Errorf("family view's score: got %+v, want the value with its reason marked withheld", r.Scores)
	}
	if fv.Withheld["reasons"] != 3 || fv.Withheld["dissent"] != 1 || fv.Withheld["notes"] != 1 {
		t.Errorf("Withheld: got %v, want 3 reasons, 1 dissent, 1 notes", fv.Withheld)
	}
}

// TestViewCache: family views of a published snapshot are made once per
// family member and shared, and never stand in for a narrower snapshot (a
// view of a view, or a sealed copy).
func TestViewCache(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, mtActor, AddItem{Section: Worries, Text: "restricted", Restricted: true})
	f.do(t, viewerActor, CastScore{RoundID: f.ids["round"], Value: 3, Reason: "SEALED-REASON"})
	s := f.snap()
	a, b := s.FamilyView(), f.snap().FamilyView()
	if a.Conference != b.Conference {
		t.Error("two family views of one published snapshot were filtered twice")
	}
	if s.ViewFor(f.ids["family"]).Conference == s.ViewFor(f.ids["dad"]).Conference {
		t.Error("two family members share a view")
	}
	// A sealed copy's family view stays sealed.
	if got := familyText(t, s.Sealed(f.ids["family"]).FamilyView()); strings.Contains(got, "SEALED-REASON") {
		t.Error("the family view of a sealed snapshot came from the unsealed cache")
	}
	// The view of one family member, asked for another, is filtered again.
	f.do(t, chairActor, StartExclusion{AttendeeID: f.ids["dad"], Grounds: GroundsChildsWish})
	f.do(t, mtActor, AddItem{Section: Worries, Text: "WITHOUT-DAD"})
	s = f.snap()
	if got := familyText(t, s.FamilyView().FamilyViewFor(f.ids["family"])); strings.Contains(got, "WITHOUT-DAD") {
		t.Error("a view of the shared family view was widened from the cache")
	}
}
