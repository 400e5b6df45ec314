package export

import (
	"testing"
	"time"

	"confer/session"
)

// initialConference is an initial conference for one child held end to
// end with every part of the record written at its step: case context,
// household, notes, the chair's summary, a plan under more than one
// category, actions for the parents, and the full plan. It ends as a
// draft, amended once, not yet approved.
func initialConference(tb testing.TB) session.Snapshot {
	tb.Helper()
	w := newWorld(tb, ldn(tb, 2026, time.October, 5, 9, 30))
	jo := session.Actor{ID: "jo", Name: "Jo Okafor", Agency: "Independent Reviewing Service", MayChair: true}
	mia := session.Actor{ID: "mia", Name: "Mia Chen"}
	sam := session.Actor{ID: "sam", Name: "Sam Reid"}
	h := w.create(jo, session.CreateConference{Type: session.Initial, Title: "Jones family", Venue: "Room 2, Civic Centre",
		Date:     ldn(tb, 2026, time.October, 5, 10, 0),
		Children: []session.Child{{Name: "Cara Jones", DOB: time.Date(2018, time.May, 9, 0, 0, 0, 0, time.UTC)}}})
	w.do(h, jo, session.AddAttendee{PersonID: "mia", Name: "Mia Chen", Relationship: "Minute-taker",
		Role: session.RoleMinuteTaker, Remote: true})
	w.do(h, jo, session.AddAttendee{PersonID: "sam", Name: "Sam Reid", Relationship: "Social worker",
		Agency: "Children's Social Care", Role: session.RoleViewer, Remote: true})
	w.do(h, mia, session.AcceptConfidentiality{})
	w.do(h, sam, session.AcceptConfidentiality{})
	w.do(h, mia, session.AddAttendee{Name: "Dr Asha Rao", Relationship: "GP", Agency: "Riverside Surgery", Role: session.RoleViewer})
	w.do(h, mia, session.AddAttendee{Name: "Ms Hill", Relationship: "Head teacher", Agency: "Hill Top School", Role: session.RoleViewer})
	w.do(h, mia, session.AddAttendee{Name: "Nina Jones", Relationship: "Mother", Role: session.RoleFamily})
	text := func(by session.Actor, f session.RecordField, s string) {
		w.do(h, by, session.SetRecordText{Field: f, Text: s})
	}
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepWelcome)})
	text(mia, session.FieldReason, "Cara told her teacher that her mother's partner hit her.")
	text(mia, session.FieldS47, "The section 47 enquiry found that Cara had bruises on her back. Police are investigating.")
	text(mia, session.FieldAddress, "3 Mill Lane, Sandwell B69 2AB")
	text(mia, session.FieldLanguage, "Nina Jones reads English well. No interpreter is needed.")
	w.do(h, mia, session.SetHousehold{Members: []session.HouseholdMember{
		{Name: "Nina Jones", Relationship: "Mother", ParentalResponsibility: true, LivesWithChild: true},
		{Name: "Lee Jones", Relationship: "Father", ParentalResponsibility: true},
		{Name: "Ray Cole", Relationship: "Mother's partner", LivesWithChild: true},
	}})
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepFamily)})
	w.do(h, mia, session.AddItem{Section: session.FamilyViews, Text: "Nina: I want Cara to be safe. Ray has moved out.", Attribution: "Nina Jones"})
	w.do(h, mia, session.SetRecordText{Field: session.FieldStepNote, Text: "Nina spoke first and asked for help with housing."})
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepWorries)})
	w.do(h, mia, session.AddItem{Section: session.Harm, Text: "Bruises on Cara's back seen at school on 28 September.", Tag: session.TagFact, Attribution: "Hill Top School"})
	w.do(h, mia, session.AddItem{Section: session.Worries, Text: "Cara says she is scared when Ray shouts.", Tag: session.TagObservation, Attribution: "Sam Reid"})
	w.do(h, mia, session.AddItem{Section: session.Strengths, Text: "Nina took Cara to the GP the same day.", Tag: session.TagFact, Attribution: "Riverside Surgery"})
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepDanger)})
	w.do(h, mia, session.AddItem{Section: session.DangerStatements, Text: "We are worried that Cara will be hurt again and stop telling adults."})
	w.do(h, mia, session.AddItem{Section: session.SafetyGoals, Text: "Cara lives with adults who keep her safe and she says so.",
		Pair: itemID(tb, h, session.DangerStatements, 0)})
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepScaling)})
	w.do(h, jo, session.OpenRound{ChildID: "k1"})
	r := lastRound(tb, h)
	w.do(h, sam, session.CastScore{RoundID: r, Value: 2, Reason: "Recent injury"})
	w.do(h, jo, session.RevealRound{RoundID: r})
	w.do(h, jo, session.CloseRound{RoundID: r})
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepSummary)})
	text(jo, session.FieldSummary, "Cara has been hurt at home. Her mother is working with us.")
	text(jo, session.FieldAnalysis, "The risk is high while Ray can come to the home. It falls if he stays away.")
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepDecision)})
	w.do(h, jo, session.ProceedWithoutQuorum{Reason: "The police officer was called away."})
	w.do(h, jo, session.Decide{ChildID: "k1", Outcome: session.OutcomeCPPlan, Category: session.CategoryMultiple,
		Reasons: "Cara was hurt and is frightened at home."})
	w.do(h, mia, session.SetCategories{ChildID: "k1", Which: []session.Category{session.CategoryPhysical, session.CategoryEmotional}})
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepPlan)})
	w.do(h, mia, session.AddAction{What: "Keep Ray away from the home", Owner: "Nina Jones", Due: ldn(tb, 2026, time.October, 12, 0, 0)})
	w.do(h, mia, session.AddAction{What: "Visit Cara at home and see her alone", Owner: "Sam Reid", Due: ldn(tb, 2026, time.October, 9, 0, 0)})
	w.do(h, mia, session.SetCoreGroup{Members: []string{"Sam Reid", "Nina Jones", "Ms Hill"}, LeadSocialWorker: "Sam Reid"})
	text(mia, session.FieldOutcomes, "Cara says she feels safe at home. No new injuries for three months.")
	text(mia, session.FieldContingency, "If Ray returns, Sam will visit the same day and call the police.")
	text(mia, session.FieldVisiting, "Every 10 working days.")
	text(mia, session.FieldSeenAlone, "Cara is seen alone at every visit.")
	text(jo, session.FieldContact, "Safeguarding Unit, Civic Centre. Phone the unit's number on your invitation letter.")
	w.do(h, jo, session.EndConference{})
	w.do(h, mia, session.AmendRecord{Target: "item:" + itemID(tb, h, session.Harm, 0),
		Text: "Bruises on Cara's back seen at school on 29 September.", Reason: "The school gave the wrong date"})
	return h.Snapshot()
}

// preBirthConference is a pre-birth conference for an unborn baby with an
// expected date of birth, approved by the chair.
func preBirthConference(tb testing.TB) session.Snapshot {
	tb.Helper()
	w := newWorld(tb, ldn(tb, 2026, time.March, 2, 9, 30))
	jo := session.Actor{ID: "jo", Name: "Jo Okafor", Agency: "Independent Reviewing Service", MayChair: true}
	h := w.create(jo, session.CreateConference{Type: session.PreBirth, Title: "Baby Khan", Date: ldn(tb, 2026, time.March, 2, 10, 0),
		Children: []session.Child{{Name: "Baby Khan", Due: ldn(tb, 2026, time.April, 10, 0, 0)}}})
	w.do(h, jo, session.AddAttendee{Name: "Sara Khan", Relationship: "Mother", Role: session.RoleFamily})
	w.do(h, jo, session.AddAttendee{Name: "Ali Noor", Relationship: "Midwife", Agency: "Maternity Service", Role: session.RoleViewer})
	w.do(h, jo, session.GoToStep{Index: step(tb, h, session.StepWelcome)})
	w.do(h, jo, session.SetRecordText{Field: session.FieldReason, Text: "Sara's first child was adopted in 2024 after neglect."})
	w.do(h, jo, session.SetRecordText{Field: session.FieldLanguage, Text: "Sara speaks Urdu. An interpreter came to the meeting."})
	w.do(h, jo, session.AddItem{Section: session.Strengths, Text: "Sara goes to every antenatal appointment.", Attribution: "Maternity Service"})
	w.do(h, jo, session.ProceedWithoutQuorum{Reason: "Health and social care only today."})
	w.do(h, jo, session.Decide{ChildID: "k1", Outcome: session.OutcomeCPPlan, Category: session.CategoryNeglect,
		Reasons: "The worries that led to the adoption have not yet changed."})
	w.do(h, jo, session.AddAction{What: "Go to the parenting group every week", Owner: "Sara Khan", Due: ldn(tb, 2026, time.March, 30, 0, 0)})
	w.do(h, jo, session.SetCoreGroup{Members: []string{"Ali Noor", "Sara Khan"}, LeadSocialWorker: "Dee Grant"})
	w.do(h, jo, session.EndConference{})
	w.do(h, jo, session.ApproveRecord{})
	return h.Snapshot()
}

// TestGoldenMore compares the three documents of an initial and a
// pre-birth conference with their golden files (-update rewrites them).
func TestGoldenMore(t *testing.T) {
	for _, c := range []struct {
		name string
		snap func(testing.TB) session.Snapshot
	}{{"initial", initialConference}, {"pre-birth", preBirthConference}} {
		snap := c.snap(t)
		for _, e := range encoders {
			t.Run(c.name+"-"+e.name, func(t *testing.T) { goldenDoc(t, e.enc, snap) })
		}
	}
}
