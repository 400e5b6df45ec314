package session

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"confer/session/sessiontest"
)

func TestLoadTemplates(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("good.json", `[
	  {"type": "review", "steps": [
	    {"key": "welcome", "title": "Welcome", "prompt": "Say hello.\u001b[31m"},
	    {"key": "progress", "title": "Progress against the plan"}
	  ]}
	]`)
	ts, err := LoadTemplates(good)
	if err != nil {
		t.Fatalf("good file: %v", err)
	}
	rv, ok := ts[Review]
	if !ok || len(rv.Steps) != 2 || rv.Steps[1].Title != "Progress against the plan" {
		t.Fatalf("loaded review template: got %+v", ts)
	}
	if got := rv.Steps[0].Prompt; got != "Say hello." {
		t.Fatalf("template text is cleaned: got %q, want %q", got, "Say hello.")
	}
	if _, ok := ts[Initial]; ok {
		t.Fatal("a type not in the file must not be overridden")
	}

	// A service with the loaded templates uses them for new conferences.
	svc, err := Open(sessiontest.NewJournal(), Options{Templates: ts})
	if err != nil {
		t.Fatal(err)
	}
	h, err := svc.Create(context.Background(), chairActor, CreateConference{Type: Review, Date: time.Now(), Children: []Child{{Name: "A"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(h.Snapshot().Agenda); got != 2 {
		t.Fatalf("agenda from template: got %d steps, want 2", got)
	}
	h, err = svc.Create(context.Background(), chairActor, CreateConference{Type: Initial, Date: time.Now(), Children: []Child{{Name: "A"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := len(h.Snapshot().Agenda), len(BuiltinTemplate(Initial).Steps); got != want {
		t.Fatalf("built-in agenda: got %d steps, want %d", got, want)
	}

	bad := []struct{ name, body string }{
		{"not json", `[{"type": "review",`},
		{"unknown type", `[{"type": "tea-party", "steps": [{"title": "x"}]}]`},
		{"no steps", `[{"type": "initial", "steps": []}]`},
		{"untitled step", `[{"type": "initial", "steps": [{"key": "a", "title": "  "}]}]`},
		{"long title", `[{"type": "initial", "steps": [{"title": "` + strings.Repeat("x", MaxLine+1) + `"}]}]`},
	}
	for _, tc := range bad {
		if _, err := LoadTemplates(write(tc.name+".json", tc.body)); err == nil {
			t.Errorf("%s: got no error", tc.name)
		}
	}
	if _, err := LoadTemplates(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file: got no error")
	}
}

func TestBuiltinTemplates(t *testing.T) {
	keys := func(tt Template) map[string]bool {
		m := map[string]bool{}
		for _, s := range tt.Steps {
			m[s.Key] = true
		}
		return m
	}
	in, rv := keys(BuiltinTemplate(Initial)), keys(BuiltinTemplate(Review))
	if !in[StepReports] || in[StepProgress] {
		t.Error("initial agenda: want reports received, not progress")
	}
	if rv[StepReports] || !rv[StepProgress] {
		t.Error("review agenda: want progress against the plan in place of reports")
	}
	// The built-in steps are copies: changing one does not change the next.
	a := BuiltinTemplate(Initial)
	a.Steps[0].Title = "changed"
	if BuiltinTemplate(Initial).Steps[0].Title == "changed" {
		t.Error("BuiltinTemplate shares its steps")
	}
}

func TestReviewFrom(t *testing.T) {
	f := newFixture(t, nil)
	// A finished round for Amy, one for a danger statement (carried as
	// that statement's figure), and an open one for Ben (not final).
	f.do(t, viewerActor, CastScore{RoundID: f.ids["round"], Value: 3, Reason: "r"})
	f.do(t, chairActor, CastScore{RoundID: f.ids["round"], AttendeeID: f.ids["dad"], Value: 8, Reason: "r"})
	f.do(t, familyActor, CastScore{RoundID: f.ids["round"], Value: 6, Reason: "r"})
	f.do(t, chairActor, CloseRound{RoundID: f.ids["round"]})
	f.do(t, chairActor, OpenRound{ChildID: "k1", DangerID: f.ids["danger"]})
	f.do(t, viewerActor, CastScore{RoundID: f.last(t, "r"), Value: 0, Reason: "r"})
	f.do(t, chairActor, CloseRound{RoundID: f.last(t, "r")})
	f.do(t, chairActor, OpenRound{ChildID: "k2"})
	f.do(t, mtActor, AddAction{What: "Secret check", Owner: "Police", Due: day(2026, 8, 1), Restricted: true})
	f.do(t, chairActor, StartClosedSegment{})
	f.do(t, mtActor, AddAction{What: "Closed action", Owner: "Police", Due: day(2026, 8, 1)})
	f.do(t, chairActor, EndClosedSegment{})
	prev := f.snap().Conference

	op := ReviewFrom(prev, day(2026, 9, 15))
	if op.Type != Review || len(op.Children) != 2 || op.Previous == nil || op.Previous.ConferenceID != prev.ID {
		t.Fatalf("review op: got %+v", op)
	}
	if got := len(op.Previous.Rounds); got != 2 {
		t.Fatalf("previous figures: got %d rounds, want 2 (Amy's overall and danger statement rounds)", got)
	}
	if d := op.Previous.Rounds[1]; d.Danger != "If nothing changes, Amy may be hurt again" || d.Median != 0 {
		t.Fatalf("danger statement figures: got %+v", d)
	}
	pr := op.Previous.Rounds[0]
	if pr.ChildID != "k1" || pr.Min != 3 || pr.Median != 6 || pr.Max != 8 || len(pr.Scores) != 3 {
		t.Fatalf("previous figures: got %+v, want k1 min 3 median 6 max 8 from 3 scores", pr)
	}
	if got := len(op.PreviousActions); got != 3 {
		t.Fatalf("carried actions: got %d, want 3", got)
	}

	h, err := f.svc.Create(context.Background(), chairActor, op)
	if err != nil {
		t.Fatal(err)
	}
	c := h.Snapshot().Conference
	if got := len(c.Actions); got != 3 {
		t.Fatalf("review actions: got %d, want 3", got)
	}
	for _, a := range c.Actions {
		if !a.FromPrevious || a.Status != ActionOpen {
			t.Errorf("carried action %s: from previous %v, status %s; want true, open", a.ID, a.FromPrevious, a.Status)
		}
	}
	if !c.Actions[1].Restricted || !c.Actions[2].Restricted || c.Actions[0].Restricted {
		t.Errorf("restricted and closed-segment actions stay hidden from the family: got %v %v %v",
			c.Actions[0].Restricted, c.Actions[1].Restricted, c.Actions[2].Restricted)
	}
	if c.Previous == nil || c.Previous.Rounds[0].Median != 6 {
		t.Fatalf("previous figures kept: got %+v", c.Previous)
	}
	// Carried actions cannot be removed, only marked.
	a := c.Actions[0]
	err = h.Do(context.Background(), Command{By: chairActor, Op: RemoveAction{ID: a.ID}})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("removing a carried action: got %v, want ErrConflict", err)
	}
	if err := h.Do(context.Background(), Command{By: chairActor, Op: UpdateAction{ID: a.ID, What: a.What, Owner: a.Owner, Due: a.Due, Status: ActionPartly}}); err != nil {
		t.Fatal(err)
	}
	// A review decides to continue or end the plan.
	if got := Outcomes(c.Type); len(got) != 2 || got[0] != OutcomeContinue {
		t.Fatalf("review outcomes: got %v", got)
	}

	// The op is exported, so its carried text is checked like typed text.
	evil := ReviewFrom(prev, day(2026, 9, 15))
	evil.PreviousActions[0].What = "\x1b]0;pwned\x07Visit"
	evil.Previous.Rounds[0].Question = "\x1b[2JQ"
	h2, err := f.svc.Create(context.Background(), chairActor, evil)
	if err != nil {
		t.Fatal(err)
	}
	c2 := h2.Snapshot().Conference
	if got := c2.Actions[0].What; got != "Visit" {
		t.Errorf("carried action text: got %q, want %q", got, "Visit")
	}
	if got := c2.Previous.Rounds[0].Question; got != "Q" {
		t.Errorf("previous question: got %q, want %q", got, "Q")
	}
}

// TestFamilyView: nothing restricted or recorded in a closed segment ever
// reaches a family view, whatever the record type.
func TestFamilyView(t *testing.T) {
	f := newFixture(t, nil)
	const secret = "SECRET-third-party"
	f.do(t, mtActor, AddItem{Section: Harm, Text: secret + " restricted item", Restricted: true})
	f.do(t, mtActor, AddAction{What: secret + " restricted action", Owner: "Police", Due: day(2026, 8, 1), Restricted: true})
	// The round opened before the segment: scores given in the segment are
	// withheld, earlier ones are not.
	f.do(t, familyActor, CastScore{RoundID: f.ids["round"], Value: 7, Reason: "open score"})
	f.do(t, chairActor, StartClosedSegment{})
	f.do(t, viewerActor, CastScore{RoundID: f.ids["round"], Value: 1, Reason: secret + " score in open round"})
	f.do(t, chairActor, CloseRound{RoundID: f.ids["round"]})
	if !f.snap().FamilyView().InClosedSegment() {
		t.Fatal("a family view must show that a closed segment is in progress")
	}
	f.do(t, mtActor, AddItem{Section: Worries, Text: secret + " closed item"})
	f.do(t, mtActor, EditItem{ID: f.ids["item"], Text: secret + " edited in closed segment"})
	f.do(t, chairActor, OpenRound{ChildID: "k1", Question: secret + " closed round"})
	f.do(t, viewerActor, CastScore{RoundID: f.last(t, "r"), Value: 2, Reason: secret + " closed score"})
	f.do(t, viewerActor, Recommend{ChildID: "k1", Outcome: OutcomeCPPlan, Category: CategoryNeglect, Reason: secret + " closed rec"})
	f.do(t, viewerActor, RecordDissent{ChildID: "k1", Text: secret + " closed dissent"})
	f.do(t, mtActor, AddAction{What: secret + " closed action", Owner: "Police", Due: day(2026, 8, 1)})
	f.do(t, mtActor, UpdateAction{ID: f.ids["action"], What: secret + " action edited in closed", Owner: "Jo", Due: day(2026, 8, 1), Status: ActionOpen})
	f.do(t, chairActor, EndClosedSegment{})
	f.do(t, mtActor, AddItem{Section: Strengths, Text: "Open item after the segment"})

	full := f.snap()
	fam := full.For(RoleFamily)
	data, err := json.Marshal(fam.Conference)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), secret) {
		t.Fatalf("family view contains withheld text:\n%s", data)
	}
	for _, keep := range []string{"Open item after the segment", "open score"} {
		if !strings.Contains(string(data), keep) {
			t.Fatalf("family view lost %q", keep)
		}
	}
	if r, _ := full.Round(f.ids["round"]); len(r.Scores) != 2 {
		t.Fatalf("full view of the round: got %d scores, want 2", len(r.Scores))
	}
	for _, k := range []string{"harm", "worries", "rounds", "scores", "recommendations", "dissent", "actions", "segments"} {
		if fam.Withheld[k] == 0 {
			t.Errorf("withheld[%s]: got 0, want a count", k)
		}
	}
	if fam.Invites != nil || fam.Guests != nil || fam.Audit != nil {
		t.Error("family view keeps invites, guests or the audit trail")
	}
	for _, a := range fam.Attendees {
		if a.Fingerprint != "" {
			t.Errorf("family view shows the key fingerprint of %s", a.ID)
		}
	}
	// The full snapshot is untouched by making the family view.
	if full.Conference == fam.Conference || len(full.Items) == len(fam.Items) || full.Withheld != nil {
		t.Fatal("FamilyView changed or shares the full snapshot")
	}
	if got := full.For(RoleViewer); got.Conference != full.Conference {
		t.Fatal("a viewer gets the full snapshot")
	}
}

func TestQuorum(t *testing.T) {
	mk := func(atts ...Attendee) *Conference { return &Conference{Attendees: atts} }
	p := func(agency string) Attendee { return Attendee{Agency: agency, Attendance: Present, Role: RoleViewer} }
	cases := []struct {
		name string
		c    *Conference
		want bool
	}{
		{"social care and two others", mk(p("Children's Social Care"), p("NHS"), p("Police")), true},
		{"social care spelt differently", mk(p("childrens services"), p("NHS"), p("Education")), true},
		{"only one other agency", mk(p("Children's Social Care"), p("NHS"), p("nhs ")), false},
		{"no social care", mk(p("Police"), p("NHS"), p("Education")), false},
		{"two social care teams are one agency", mk(p("Children's Social Care"), p("Social work team"), p("NHS")), false},
		{"apologies do not count", mk(p("Children's Social Care"), p("NHS"),
			Attendee{Agency: "Police", Attendance: Apologies, Role: RoleViewer}), false},
		{"removed people do not count", mk(p("Children's Social Care"), p("NHS"),
			Attendee{Agency: "Police", Attendance: Present, Role: RoleViewer, Removed: true}), false},
		{"family members are not agencies", mk(p("Children's Social Care"), p("NHS"),
			Attendee{Agency: "Police", Attendance: Present, Role: RoleFamily}), false},
		{"no agency", mk(p("Children's Social Care"), p("NHS"), p("")), false},
		{"chair and minute-taker are not agencies", mk(p("Children's Social Care"), p("NHS"),
			Attendee{Agency: "Safeguarding Unit", Attendance: Present, Role: RoleChair},
			Attendee{Agency: "Business Support", Attendance: Present, Role: RoleMinuteTaker}), false},
	}
	for _, tc := range cases {
		if got := tc.c.Quorum().Met; got != tc.want {
			t.Errorf("%s: quorum %v, want %v (%+v)", tc.name, got, tc.want, tc.c.Quorum())
		}
	}

	// Without quorum the decision needs the chair's recorded reason.
	f := newFixture(t, nil)
	f.do(t, mtActor, UpdateAttendee{ID: f.ids["teacher"], Name: "Mr Teach", Agency: "Education", Attendance: Apologies})
	if f.snap().Quorum().Met {
		t.Fatal("fixture still quorate after the teacher sent apologies")
	}
	decide := Decide{ChildID: "k1", Outcome: OutcomeCINPlan, Reasons: "Support needed"}
	if err := f.hub.Do(context.Background(), Command{By: chairActor, Op: decide}); !errors.Is(err, ErrConflict) {
		t.Fatalf("decision without quorum: got %v, want ErrConflict", err)
	}
	f.do(t, chairActor, ProceedWithoutQuorum{Reason: "Education sent a written report"})
	f.do(t, chairActor, decide)
}

// TestOutcomesAndCategories: the decision fits the conference type and a
// plan carries a category.
func TestOutcomesAndCategories(t *testing.T) {
	f := newFixture(t, nil)
	bad := []Decide{
		{ChildID: "k1", Outcome: OutcomeCPPlan, Reasons: "no category"},
		{ChildID: "k1", Outcome: OutcomeNFA, Category: CategoryNeglect, Reasons: "category without a plan"},
		{ChildID: "k1", Outcome: OutcomeContinue, Category: CategoryNeglect, Reasons: "review outcome at an initial"},
		{ChildID: "k1", Outcome: OutcomeCINPlan, Reasons: ""},
		{ChildID: "k9", Outcome: OutcomeNFA, Reasons: "no such child"},
	}
	for _, d := range bad {
		if err := f.hub.Do(context.Background(), Command{By: chairActor, Op: d}); err == nil {
			t.Errorf("%+v: accepted", d)
		}
	}
	f.do(t, chairActor, Decide{ChildID: "k1", Outcome: OutcomeCPPlan, Category: CategoryMultiple, Reasons: "r"})
	f.do(t, chairActor, Decide{ChildID: "k1", Outcome: OutcomeCINPlan, Reasons: "changed"})
	if d, _ := f.snap().Decision("k1"); d.Outcome != OutcomeCINPlan || len(f.snap().Decisions) != 1 {
		t.Fatalf("a second decision replaces the first: got %+v", f.snap().Decisions)
	}
}

// A danger statement that a scaling round asked about stays on the board:
// removing or moving it is refused and changes nothing; its wording can
// still be corrected. One no round asked about can go.
func TestDangerStatementScaledAboutStays(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, viewerActor, CastScore{RoundID: f.ids["round"], Value: 4, Reason: "Some worries remain"})
	f.do(t, chairActor, RevealRound{RoundID: f.ids["round"]})
	f.do(t, chairActor, CloseRound{RoundID: f.ids["round"]})
	f.do(t, chairActor, OpenRound{ChildID: "k1", DangerID: f.ids["danger"]})
	for _, op := range []Op{RemoveItem{ID: f.ids["danger"]}, MoveItem{ID: f.ids["danger"], Section: Harm}} {
		before := f.snap()
		err := f.hub.Do(context.Background(), Command{By: mtActor, Op: op})
		if !errors.Is(err, ErrConflict) || !strings.Contains(err.Error(), "scaling round") {
			t.Fatalf("%s: got %v, want a conflict naming the scaling round", op.Kind(), err)
		}
		if after := f.snap(); after.Version != before.Version || !reflect.DeepEqual(after.Conference, before.Conference) {
			t.Fatalf("%s: refused command changed the snapshot", op.Kind())
		}
	}
	f.do(t, mtActor, EditItem{ID: f.ids["danger"], Text: "If nothing changes, Amy may be badly hurt again"})

	f.do(t, mtActor, AddItem{Section: DangerStatements, Text: "A second worry nobody scaled"})
	other := f.last(t, "i")
	f.do(t, mtActor, RemoveItem{ID: other})
	if _, ok := f.snap().Item(other); ok {
		t.Fatal("a danger statement no round asked about: still on the board after removal")
	}
}
