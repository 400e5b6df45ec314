package export

import (
	"context"
	"sync"
	"testing"
	"time"

	"confer/session"
	"confer/session/sessiontest"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Tick(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func (c *fakeClock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// world is one session.Service with a fixed clock and IDs.
type world struct {
	tb    testing.TB
	clock *fakeClock
	svc   *session.Service
	ctx   context.Context
}

func newWorld(tb testing.TB, start time.Time) *world {
	tb.Helper()
	clk := &fakeClock{t: start}
	n := 0
	svc, err := session.Open(sessiontest.NewJournal(), session.Options{
		Now:   clk.Now,
		NewID: func() string { n++; return "conf-" + itoa(n) },
	})
	if err != nil {
		tb.Fatalf("session.Open: %v", err)
	}
	return &world{tb: tb, clock: clk, svc: svc, ctx: context.Background()}
}

func (w *world) create(by session.Actor, op session.CreateConference) *session.Hub {
	w.tb.Helper()
	h, err := w.svc.Create(w.ctx, by, op)
	if err != nil {
		w.tb.Fatalf("create: %v", err)
	}
	return h
}

// do runs one command, a minute after the last, and fails the test if
// session refuses it: the fixture must be a conference session accepts.
func (w *world) do(h *session.Hub, by session.Actor, op session.Op) {
	w.tb.Helper()
	w.clock.Tick(time.Minute)
	if err := h.Do(w.ctx, session.Command{By: by, Op: op}); err != nil {
		w.tb.Fatalf("%s by %s: %v", op.Kind(), by.ID, err)
	}
}

func ldn(tb testing.TB, y int, m time.Month, d, hh, mm int) time.Time {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		tb.Fatal(err)
	}
	return time.Date(y, m, d, hh, mm, 0, 0, loc)
}

// step returns the index of the agenda step with the given key.
func step(tb testing.TB, h *session.Hub, key string) int {
	tb.Helper()
	for i, st := range h.Snapshot().Agenda {
		if st.Key == key {
			return i
		}
	}
	tb.Fatalf("no agenda step %q", key)
	return -1
}

func itemID(tb testing.TB, h *session.Hub, sec session.Section, nth int) string {
	tb.Helper()
	items := h.Snapshot().Section(sec)
	if nth >= len(items) {
		tb.Fatalf("section %s has %d items, want at least %d", sec, len(items), nth+1)
	}
	return items[nth].ID
}

func lastRound(tb testing.TB, h *session.Hub) string {
	tb.Helper()
	rs := h.Snapshot().Rounds
	if len(rs) == 0 {
		tb.Fatal("no rounds")
	}
	return rs[len(rs)-1].ID
}

func attendeeByName(tb testing.TB, h *session.Hub, name string) string {
	tb.Helper()
	name, err := session.Clean(name, false) // as session stored it
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range h.Snapshot().Attendees {
		if a.Name == name {
			return a.ID
		}
	}
	tb.Fatalf("no attendee %q", name)
	return ""
}

// richConference builds, through the real session API, a review conference
// for two children that follows an initial conference with a closed
// scaling round, and has restricted items, a closed segment with content
// recorded in it, an inquorate reason, scores, recommendations, decisions,
// dissent, progress against the previous plan, new actions and a core
// group. txt is applied to every piece of user text, so the same
// conference can carry hostile text.
func richConference(tb testing.TB, txt func(string) string) session.Snapshot {
	tb.Helper()
	w := newWorld(tb, ldn(tb, 2026, time.August, 24, 9, 30))
	jo := session.Actor{ID: "jo", Name: txt("Jo Okafor"), Agency: txt("Independent Reviewing Service"), MayChair: true}
	sam := session.Actor{ID: "sam", Name: txt("Sam Reid")}
	hana := session.Actor{ID: "hana", Name: txt("Hana Patel")}
	mia := session.Actor{ID: "mia", Name: txt("Mia Chen")}
	dean := session.Actor{ID: "guest-key", Name: txt("Dean Smith"), Fingerprint: "SHA256:deanskey"}

	// The initial conference in August.
	prev := w.create(jo, session.CreateConference{
		Type: session.Initial, Title: txt("Smith family"), Venue: txt("Room 4, Civic Centre"),
		Date: ldn(tb, 2026, time.August, 24, 10, 0),
		Children: []session.Child{
			{Name: txt("Amy Smith"), DOB: time.Date(2019, time.March, 3, 0, 0, 0, 0, time.UTC)},
			{Name: txt("Ben Smith"), DOB: time.Date(2022, time.July, 12, 0, 0, 0, 0, time.UTC)},
		},
	})
	w.do(prev, jo, session.AddAttendee{PersonID: "sam", Name: txt("Sam Reid"), Relationship: txt("Social worker"),
		Agency: txt("Children's Social Care"), Role: session.RoleViewer, Remote: true})
	w.do(prev, jo, session.AddAttendee{PersonID: "hana", Name: txt("Hana Patel"), Relationship: txt("Health visitor"),
		Agency: txt("Health Visiting Service"), Role: session.RoleViewer, Remote: true})
	w.do(prev, jo, session.GoToStep{Index: step(tb, prev, session.StepScaling)})
	for _, kid := range []string{"k1", "k2"} {
		w.do(prev, jo, session.OpenRound{ChildID: kid})
		r := lastRound(tb, prev)
		base := map[string]int{"k1": 2, "k2": 4}[kid]
		w.do(prev, sam, session.CastScore{RoundID: r, Value: base, Reason: txt("Little change yet")})
		w.do(prev, hana, session.CastScore{RoundID: r, Value: base + 1, Reason: txt("Some engagement")})
		w.do(prev, jo, session.CloseRound{RoundID: r})
	}
	w.do(prev, jo, session.AddItem{Section: session.DangerStatements, Text: txt("If feeds are missed, Ben will stop growing."), ChildID: "k2"})
	dp := itemID(tb, prev, session.DangerStatements, 0)
	w.do(prev, jo, session.AddItem{Section: session.SafetyGoals, Text: txt("Ben is weighed every fortnight and keeps his weight."),
		ChildID: "k2", Pair: dp})
	w.do(prev, jo, session.OpenRound{ChildID: "k2", DangerID: dp})
	rp := lastRound(tb, prev)
	w.do(prev, sam, session.CastScore{RoundID: rp, Value: 3, Reason: txt("Feeds still missed")})
	w.do(prev, hana, session.CastScore{RoundID: rp, Value: 2, Reason: txt("Weight falling")})
	w.do(prev, jo, session.CloseRound{RoundID: rp})
	w.do(prev, jo, session.ProceedWithoutQuorum{Reason: txt("Test fixture")})
	for _, kid := range []string{"k1", "k2"} {
		w.do(prev, jo, session.Decide{ChildID: kid, Outcome: session.OutcomeCPPlan, Category: session.CategoryNeglect,
			Reasons: txt("Neglect of basic care")})
	}
	w.do(prev, jo, session.SetCoreGroup{Members: []string{txt("Sam Reid (Children's Social Care)"), txt("Lisa Smith")},
		LeadSocialWorker: txt("Sam Reid")})
	w.do(prev, jo, session.AddAction{What: txt("Mother to attend the parenting course"), Owner: txt("Lisa Smith"),
		Due: ldn(tb, 2026, time.October, 30, 0, 0)})
	w.do(prev, jo, session.AddAction{What: txt("Health visitor to weigh Ben fortnightly"), Owner: txt("Hana Patel"),
		Due: ldn(tb, 2026, time.November, 20, 0, 0), ChildID: "k2"})
	w.do(prev, jo, session.AddAction{What: txt("Check the police disclosure on the new partner"), Owner: txt("Sam Reid"),
		Due: ldn(tb, 2026, time.September, 15, 0, 0), Restricted: true})
	w.do(prev, jo, session.EndConference{})

	// The review in November.
	w.clock.Set(ldn(tb, 2026, time.November, 23, 9, 40))
	op := session.ReviewFrom(prev.Snapshot().Conference, ldn(tb, 2026, time.November, 23, 10, 0))
	h := w.create(jo, op)
	w.do(h, jo, session.AddAttendee{PersonID: "mia", Name: txt("Mia Chen"), Relationship: txt("Minute-taker"),
		Role: session.RoleMinuteTaker, Remote: true})
	// Sam and Hana are carried over from August, invited again (absent
	// until marked present).
	w.do(h, jo, session.UpdateAttendee{ID: "sam", Name: txt("Sam Reid"), Relationship: txt("Social worker"),
		Agency: txt("Children's Social Care"), Attendance: session.Present, Remote: true})
	w.do(h, jo, session.AddAttendee{PersonID: "tom", Name: txt("DC Tom Grant"), Relationship: txt("Police officer"),
		Agency: txt("Police"), Role: session.RoleViewer, Attendance: session.Apologies})
	w.do(h, mia, session.AddAttendee{Name: txt("Karen Shaw"), Relationship: txt("Designated safeguarding lead"),
		Agency: txt("Oakfield Primary School"), Role: session.RoleViewer, Attendance: session.Absent})
	w.do(h, mia, session.AddAttendee{Name: txt("Lisa Smith"), Relationship: txt("Mother"), Role: session.RoleFamily})
	code := "ABCD-EFGH-JKLM"
	w.do(h, jo, session.CreateInvite{Hash: session.HashCode(code), Expires: w.clock.Now().Add(2 * time.Hour)})
	w.do(h, dean, session.RedeemInvite{Hash: session.HashCode(code), Name: txt("Dean Smith"), Agency: txt("Family")})
	guest := h.Snapshot().Guests[0].ID
	w.do(h, jo, session.AdmitGuest{GuestID: guest, Role: session.RoleViewer})
	w.do(h, jo, session.SetRole{AttendeeID: guest, Role: session.RoleFamily})
	deanID := guest
	w.do(h, jo, session.UpdateAttendee{ID: deanID, Name: txt("Dean Smith"), Relationship: txt("Father"),
		Attendance: session.Present, Remote: true})
	for _, a := range []session.Actor{jo, mia, sam, dean} {
		w.do(h, a, session.AcceptConfidentiality{})
	}
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepWelcome)})
	w.do(h, jo, session.ProceedWithoutQuorum{Reason: txt("The health visitor and the school are delayed.\n" +
		"The family has travelled and the plan's review is due today.")})
	w.clock.Tick(4 * time.Minute)
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepAttend)})
	w.do(h, hana, session.AcceptConfidentiality{})
	w.do(h, mia, session.UpdateAttendee{ID: "hana", Name: txt("Hana Patel"), Relationship: txt("Health visitor"),
		Agency: txt("Health Visiting Service"), Attendance: session.Present, Remote: true,
		ReportSubmitted: true})
	karen := attendeeByName(tb, h, txt("Karen Shaw"))
	lisa := attendeeByName(tb, h, txt("Lisa Smith"))
	w.do(h, mia, session.UpdateAttendee{ID: karen, Name: txt("Karen Shaw"), Relationship: txt("Designated safeguarding lead"),
		Agency: txt("Oakfield Primary School"), Attendance: session.Present, ReportSubmitted: true, ReportShared: true})
	w.do(h, mia, session.UpdateAttendee{ID: "sam", Name: txt("Sam Reid"), Relationship: txt("Social worker"),
		Agency: txt("Children's Social Care"), Attendance: session.Present, Remote: true,
		ReportSubmitted: true, ReportShared: true})
	w.do(h, mia, session.UpdateAttendee{ID: "tom", Name: txt("DC Tom Grant"), Relationship: txt("Police officer"),
		Agency: txt("Police"), Attendance: session.Apologies, ReportSubmitted: true, ReportShared: false})

	w.clock.Tick(6 * time.Minute)
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepProgress)})
	prog := h.Snapshot().Actions
	w.do(h, mia, session.UpdateAction{ID: prog[0].ID, What: prog[0].What, Owner: prog[0].Owner, Due: prog[0].Due,
		Status: session.ActionPartly})
	w.do(h, mia, session.UpdateAction{ID: prog[1].ID, What: prog[1].What, Owner: prog[1].Owner, Due: prog[1].Due,
		Status: session.ActionDone})
	w.do(h, mia, session.UpdateAction{ID: prog[2].ID, What: prog[2].What, Owner: prog[2].Owner, Due: prog[2].Due,
		Status: session.ActionDone, Restricted: true})

	w.clock.Tick(8 * time.Minute)
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepFamily)})
	add := func(sec session.Section, text string, tag session.Tag, attr, child string, restricted bool) {
		w.do(h, mia, session.AddItem{Section: sec, Text: txt(text), Tag: tag, Attribution: txt(attr),
			ChildID: child, Restricted: restricted})
	}
	add(session.FamilyViews, "Lisa: I *never* leave them alone now — ask #3 (the neighbour) <3", session.TagOpinion, "Lisa Smith", "", false)
	add(session.ChildViews, "Amy: \"I like it when Dad picks me up.\"\nAmy: \"I don't like the shouting.\"", session.TagNone, "Sam Reid", "k1", false)
	add(session.Harm, "Amy missed 14 school days last term.", session.TagFact, "Oakfield Primary School", "k1", false)
	add(session.Harm, "Ben's weight dropped below the 2nd centile in September.", session.TagObservation, "Health Visiting Service", "k2", false)
	add(session.Worries, "Police attended a domestic incident at the home on 2 November.", session.TagFact, "Police report", "", true)
	add(session.Worries, "Ben may go hungry if feeds are missed again.", session.TagOpinion, "Hana Patel", "k2", false)
	add(session.Complicating, "Dean works nights; Lisa has no car.", session.TagFact, "Sam Reid", "", false)
	add(session.Strengths, "Both parents come to every appointment.", session.TagObservation, "Hana Patel", "", false)
	add(session.ExistingSafety, "Grandmother collects Amy from school three days a week.", session.TagFact, "Lisa Smith", "k1", false)
	add(session.GreyAreas, "Whether the new partner still visits.", session.TagAllegation, "Anonymous referral", "", true)
	w.do(h, mia, session.EditItem{ID: itemID(tb, h, session.Harm, 0), Text: txt("Amy missed 14 school days last term (6 authorised)."),
		Tag: session.TagFact, Attribution: txt("Oakfield Primary School"), ChildID: "k1"})

	w.clock.Tick(5 * time.Minute)
	w.do(h, jo, session.StartClosedSegment{})
	add(session.Worries, "Disclosure from police: the new partner has a caution for assault.", session.TagFact, "DC Tom Grant", "", false)
	w.do(h, mia, session.AddAction{What: txt("Police to share the full disclosure with social care"), Owner: txt("DC Tom Grant"),
		Due: ldn(tb, 2026, time.November, 27, 0, 0)})
	w.clock.Tick(7 * time.Minute)
	w.do(h, jo, session.EndClosedSegment{})

	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepDanger)})
	add(session.DangerStatements, "Sam and Hana are worried that if feeds are missed Ben will stop growing and become seriously ill.", session.TagNone, "Core group", "k2", false)
	add(session.DangerStatements, "Everyone is worried that Amy will fall behind at school and feel unsafe at home if the shouting continues.", session.TagNone, "Core group", "k1", false)
	d1 := itemID(tb, h, session.DangerStatements, 0)
	d2 := itemID(tb, h, session.DangerStatements, 1)
	w.do(h, mia, session.AddItem{Section: session.SafetyGoals, Text: txt("Ben is fed on time every day and keeps growing along his centile."),
		ChildID: "k2", Pair: d1})
	w.do(h, mia, session.AddItem{Section: session.SafetyGoals, Text: txt("Amy is in school every day and says home feels calm."),
		ChildID: "k1", Pair: d2})
	w.do(h, mia, session.AddItem{Section: session.SafetyGoals, Text: txt("The new partner has no unsupervised contact."),
		Pair: d2, Restricted: true})

	w.clock.Tick(3 * time.Minute)
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepScaling)})
	w.do(h, jo, session.OpenRound{ChildID: "k1"})
	r := lastRound(tb, h)
	w.do(h, sam, session.CastScore{RoundID: r, Value: 4, Reason: txt("School attendance better, still shouting at home")})
	w.do(h, hana, session.CastScore{RoundID: r, Value: 5, Reason: txt("Parents engage well")})
	w.do(h, mia, session.CastScore{RoundID: r, AttendeeID: karen, Value: 1, Reason: txt("Amy told staff she is scared at night")})
	w.do(h, mia, session.CastScore{RoundID: r, AttendeeID: lisa, Value: 8, Reason: txt("Things are much calmer")})
	w.do(h, dean, session.CastScore{RoundID: r, Value: 7, Reason: txt("We have done everything asked")})
	w.do(h, jo, session.RevealRound{RoundID: r})
	w.do(h, jo, session.CloseRound{RoundID: r})
	w.do(h, jo, session.OpenRound{ChildID: "k2", DangerID: d1, Question: txt("How safe is Ben from missed feeds, 0 to 10?")})
	r = lastRound(tb, h)
	w.do(h, sam, session.CastScore{RoundID: r, Value: 6, Reason: txt("Weight back on track")})
	w.do(h, hana, session.CastScore{RoundID: r, Value: 0, Reason: txt("One good month is not enough")})
	w.do(h, mia, session.CastScore{RoundID: r, AttendeeID: lisa, Value: 9, Reason: txt("He eats well now")})
	w.do(h, jo, session.CloseRound{RoundID: r})

	w.clock.Tick(4 * time.Minute)
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepDecision)})
	w.do(h, jo, session.AskRecommendations{Open: true})
	w.do(h, sam, session.Recommend{ChildID: "k1", Outcome: session.OutcomeContinue, Category: session.CategoryNeglect,
		Reason: txt("Attendance and home conditions not yet stable")})
	w.do(h, sam, session.Recommend{ChildID: "k2", Outcome: session.OutcomeEnd, Reason: txt("Weight has recovered")})
	w.do(h, hana, session.Recommend{ChildID: "k1", Outcome: session.OutcomeContinue, Category: session.CategoryNeglect})
	w.do(h, hana, session.Recommend{ChildID: "k2", Outcome: session.OutcomeContinue, Category: session.CategoryNeglect,
		Reason: txt("Too early to step down")})
	w.do(h, mia, session.Recommend{ChildID: "k1", AttendeeID: karen, Outcome: session.OutcomeContinue,
		Category: session.CategoryEmotional, Reason: txt("Amy's fear at night")})
	w.do(h, jo, session.AskRecommendations{Open: false})
	w.do(h, jo, session.Decide{ChildID: "k1", Outcome: session.OutcomeContinue, Category: session.CategoryNeglect,
		Reasons: txt("Amy's school attendance has improved but is not yet stable.\nShe has told school she is scared at night.")})
	w.do(h, jo, session.Decide{ChildID: "k2", Outcome: session.OutcomeEnd,
		Reasons: txt("Ben's weight has recovered and the parents have kept every health appointment.")})
	w.do(h, hana, session.RecordDissent{ChildID: "k2", Text: txt("I disagree with ending Ben's plan today.\n\n" +
		"One month of weight gain after a long decline is not enough to be confident it will last.")})

	w.clock.Tick(6 * time.Minute)
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepPlan)})
	w.do(h, mia, session.AddAction{What: txt("Lisa to finish the parenting course"), Owner: txt("Lisa Smith"),
		Due: ldn(tb, 2026, time.December, 18, 0, 0), ChildID: "k1"})
	w.do(h, mia, session.AddAction{What: txt("School to report Amy's attendance weekly\nto the social worker"), Owner: txt("Karen Shaw"),
		Due: ldn(tb, 2026, time.December, 4, 0, 0), ChildID: "k1"})
	w.do(h, mia, session.AddAction{What: txt("Sam to visit unannounced at night"), Owner: txt("Sam Reid"),
		Due: ldn(tb, 2026, time.December, 11, 0, 0), ChildID: "k1", Restricted: true})
	w.do(h, mia, session.SetCoreGroup{Members: []string{txt("Sam Reid (Children's Social Care)"),
		txt("Karen Shaw (Oakfield Primary School)"), txt("Lisa Smith"), txt("Dean Smith")},
		LeadSocialWorker: txt("Sam Reid")})
	recordDetails(tb, w, h, jo, mia, txt)
	w.clock.Tick(5 * time.Minute)
	w.do(h, jo, session.EndConference{})
	w.clock.Set(ldn(tb, 2026, time.November, 30, 11, 0))
	w.do(h, mia, session.AmendRecord{Target: "item:" + itemID(tb, h, session.Strengths, 0),
		Text: txt("Both parents come to every health appointment."), Reason: txt("Hana Patel asked for this to be exact")})
	w.do(h, jo, session.ApproveRecord{})
	return h.Snapshot()
}

// recordDetails writes the record beyond the board at the steps where each
// belongs: case context, household, a discussion note, the chair's summary
// and the full plan.
func recordDetails(tb testing.TB, w *world, h *session.Hub, jo, mia session.Actor, txt func(string) string) {
	tb.Helper()
	set := func(by session.Actor, f session.RecordField, text string) {
		w.do(h, by, session.SetRecordText{Field: f, Text: txt(text)})
	}
	set(mia, session.FieldReason, "Review of the plans made for Amy and Ben in August.")
	set(mia, session.FieldBackground, "Amy and Ben have had plans under neglect since August. Feeding and school attendance were the main worries.")
	set(mia, session.FieldAddress, "14 Elm Road, Sandwell B70 1AA")
	set(mia, session.FieldLanguage, "Dean Smith asked for a Polish interpreter for the core group.")
	w.do(h, mia, session.SetHousehold{Members: []session.HouseholdMember{
		{Name: txt("Lisa Smith"), Relationship: txt("Mother"), ParentalResponsibility: true, LivesWithChild: true},
		{Name: txt("Dean Smith"), Relationship: txt("Father"), ParentalResponsibility: true},
		{Name: txt("Lisa's new partner"), Relationship: txt("Mother's partner"), Restricted: true},
	}})
	w.do(h, mia, session.SetRecordText{Field: session.FieldStepNote, Step: new(step(tb, h, session.StepPlan)),
		Text: txt("The family agreed the actions and asked for weekly updates.")})
	set(jo, session.FieldSummary, "Amy's school attendance is better but she is scared at night. Ben's weight is back on track.")
	set(jo, session.FieldAnalysis, "The risk to Amy remains while the shouting continues; the risk to Ben has reduced.")
	set(mia, session.FieldOutcomes, "Amy attends school every day for six weeks and tells school she feels safe at home.")
	set(mia, session.FieldContingency, "If Amy says she is scared again, the social worker visits the same day.")
	set(mia, session.FieldVisiting, "Every 10 working days, at least.")
	set(mia, session.FieldSeenAlone, "Amy is seen alone at every visit.")
	set(mia, session.FieldCINPlan, "Ben steps down to a child in need plan with the health visitor as lead.")
	w.do(h, mia, session.SetCategories{ChildID: "k1", Initial: session.CategoryNeglect,
		InitialDate: ldn(tb, 2026, time.August, 24, 0, 0)})
}
