package tui

import (
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"confer/session"
)

// fullFixture adds a decision, dissent and a plan to the fixture.
func fullFixture(t *testing.T) *fixture {
	f := newFixture(t)
	ann := f.room.Snapshot().Children[0].ID
	for _, a := range []session.Actor{pChair, pMinute, pGP, pSW, pSchool, pMum} {
		f.room.Attach(t.Context(), attendeeFor(t, f, a))
	}
	f.do(t, pChair, session.AskRecommendations{Open: true})
	f.do(t, pGP, session.Recommend{ChildID: ann, Outcome: session.OutcomeCPPlan, Category: session.CategoryPhysical, Reason: "Injury unexplained"})
	f.do(t, pSW, session.Recommend{ChildID: ann, Outcome: session.OutcomeCPPlan, Category: session.CategoryPhysical})
	f.do(t, pSchool, session.Recommend{ChildID: ann, Outcome: session.OutcomeCINPlan, Reason: "Family are engaging well"})
	f.do(t, pChair, session.Decide{ChildID: ann, Outcome: session.OutcomeCPPlan, Category: session.CategoryPhysical, Reasons: "Unexplained injury and risk when father drinks."})
	f.do(t, pSchool, session.RecordDissent{ChildID: ann, Text: "School sees steady improvement and would support a child in need plan."})
	f.do(t, pMinute, session.AddAction{What: "Visit Ann at home weekly", Owner: "Jo Reed", Due: time.Date(2026, 3, 26, 0, 0, 0, 0, time.UTC)})
	f.do(t, pMinute, session.AddAction{What: "Share police check results", Owner: "Police", Due: time.Date(2026, 3, 19, 0, 0, 0, 0, time.UTC), Restricted: true})
	f.do(t, pMinute, session.SetCoreGroup{Members: []string{"Jo Reed", "Dr Lee Chan", "Kim Ortiz", "Dana Smith"}, LeadSocialWorker: "Jo Reed"})
	return f
}

func TestGoldenScreens(t *testing.T) {
	steps := map[string]int{"attendance": 1, "decision": 12, "plan": 13}
	for _, tc := range []struct {
		name string
		who  session.Actor
		step string
	}{
		{"decision_viewer", pGP, "decision"},
		{"decision_family", pMum, "decision"},
		{"plan_minute-taker", pMinute, "plan"},
		{"plan_family", pMum, "plan"},
		{"attendance_chair", pChair, "attendance"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := fullFixture(t)
			f.do(t, pChair, session.GoToStep{Index: steps[tc.step]})
			m := f.client(t, tc.who, 80, 24, nil)
			golden.RequireEqual(t, []byte(viewText(m)))
		})
	}
}

func TestGoldenGateAndPeople(t *testing.T) {
	f := fullFixture(t)
	m := newModel(Options{Ctx: f.ctx, Actor: pGP, Conferences: FromService(f.svc), Width: 80, Height: 24})
	t.Run("gate", func(t *testing.T) { golden.RequireEqual(t, []byte(viewText(m))) })
	mustContain(t, viewText(m), "Confidentiality")
	mustNotContain(t, viewText(m), "bruising")

	code := "WXYZ-2345-6789"
	f.do(t, pChair, session.CreateInvite{Hash: session.HashCode(code), Expires: tNow.Add(time3h)})
	guest := session.Actor{Fingerprint: "SHA256:AbCdEf0123"}
	f.do(t, guest, session.RedeemInvite{Hash: session.HashCode(code), Name: "Pat Jones", Agency: "Health visiting"})
	g := newModel(Options{Ctx: f.ctx, Actor: guest, Conferences: FromService(f.svc), Width: 80, Height: 24})
	t.Run("waiting", func(t *testing.T) { golden.RequireEqual(t, []byte(viewText(g))) })

	chair := f.client(t, pChair, 100, 30, nil)
	press(t, chair, "P")
	t.Run("people_chair", func(t *testing.T) { golden.RequireEqual(t, []byte(viewText(chair))) })
	viewer := f.client(t, pGP, 100, 30, nil)
	press(t, viewer, "P")
	mustNotContain(t, viewText(viewer), "Pat Jones")
	press(t, viewer, "r")
	mustContain(t, viewer.status, "A viewer cannot change roles.")
}

func TestLobbyListsConferences(t *testing.T) {
	f := newFixture(t)
	if _, err := f.svc.Create(f.ctx, pChair, session.CreateConference{Type: session.PreBirth, Title: "Baby B",
		Children: []session.Child{{Name: "Unborn baby B"}}, Date: tNow.AddDate(0, 0, 7)}); err != nil {
		t.Fatal(err)
	}
	m := newModel(Options{Ctx: f.ctx, Actor: pChair, Conferences: FromService(f.svc), Width: 80, Height: 24,
		Now: func() time.Time { return tNow }})
	if m.scr != scrLobby {
		t.Fatalf("got screen %d with two conferences, want the lobby", m.scr)
	}
	golden.RequireEqual(t, []byte(viewText(m)))
	press(t, m, "j", "enter")
	if m.scr != scrGate || m.snap.Title != "Riverside family" {
		t.Fatalf("got screen %d title %q, want the gate of Riverside family", m.scr, m.snap.Title)
	}
}

func TestChairDisconnectedBanner(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pGP, 80, 24, nil)
	mustContain(t, viewText(m), "Chair disconnected")
	chair := f.client(t, pChair, 80, 24, nil)
	_ = chair
	syncNow(m)
	mustNotContain(t, viewText(m), "Chair disconnected")
}
