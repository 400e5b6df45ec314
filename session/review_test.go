package session

import (
	"reflect"
	"testing"
	"time"
)

// TestReviewCarriesOver: a review made from a conference carries over the
// lead social worker, the core group, the danger statements and their
// safety goals (re-paired), the attendees (as expected until marked
// present), each child's previous and initial category, and the scores
// given per danger statement.
func TestReviewCarriesOver(t *testing.T) {
	f := newFixture(t, nil)
	f.do(t, mtActor, AddItem{Section: SafetyGoals, Text: "Amy is safe at home", Pair: f.ids["danger"], ChildID: "k1"})
	f.do(t, mtActor, AddItem{Section: SafetyGoals, Text: "No contact with the partner", Pair: f.ids["danger"], Restricted: true})
	f.do(t, mtActor, SetCoreGroup{Members: []string{"Jo Social", "Dr Patel"}, LeadSocialWorker: "Jo Social"})
	f.do(t, chairActor, CloseRound{RoundID: f.ids["round"]})
	f.do(t, chairActor, OpenRound{ChildID: "k1", DangerID: f.ids["danger"]})
	f.do(t, viewerActor, CastScore{RoundID: f.last(t, "r"), Value: 2, Reason: "r"})
	f.do(t, chairActor, CastScore{RoundID: f.last(t, "r"), AttendeeID: f.ids["dad"], Value: 7, Reason: "r"})
	f.do(t, chairActor, CloseRound{RoundID: f.last(t, "r")})
	f.do(t, chairActor, Decide{ChildID: "k1", Outcome: OutcomeCPPlan, Category: CategoryEmotional, Reasons: "Harm"})
	f.do(t, chairActor, Decide{ChildID: "k2", Outcome: OutcomeNFA, Reasons: "None"})
	f.do(t, chairActor, EndConference{})
	prev := f.snap().Conference

	h, err := f.svc.Create(t.Context(), chairActor, ReviewFrom(prev, time.Date(2026, 9, 15, 10, 0, 0, 0, time.UTC)))
	if err != nil {
		t.Fatal(err)
	}
	c := h.Snapshot().Conference
	if c.LeadSocialWorker != "Jo Social" || !reflect.DeepEqual(c.CoreGroup, prev.CoreGroup) {
		t.Errorf("lead and core group: got %q %q, want %q %q", c.LeadSocialWorker, c.CoreGroup, prev.LeadSocialWorker, prev.CoreGroup)
	}
	// The danger statements and goals, compared without IDs and with each
	// goal's pair named by its statement's text.
	type shown struct {
		Section         Section
		Text, Pair      string
		Child           string
		Restricted      bool
		Tag             Tag
		Attribution     string
		Created, Edited time.Time
	}
	carried := func(c *Conference) []shown {
		var out []shown
		for _, it := range c.Items {
			if it.Section != DangerStatements && it.Section != SafetyGoals {
				continue
			}
			pair := ""
			if d, ok := c.Item(it.Pair); ok {
				pair = d.Text
			}
			out = append(out, shown{it.Section, it.Text, pair, it.ChildID, it.Hidden(), it.Tag, it.Attribution, it.Created, it.Edited})
		}
		return out
	}
	if got, want := carried(c), carried(prev); !reflect.DeepEqual(got, want) || len(want) != 3 {
		t.Errorf("danger statements and goals:\ngot  %+v\nwant %+v", got, want)
	}
	// The attendees, by name, relationship, agency and role; the chair is
	// the review's creator, and everyone else starts expected.
	type who struct {
		PersonID, Name, Relationship, Agency string
		Role                                 Role
	}
	people := func(c *Conference) []who {
		var out []who
		for _, a := range c.Attendees {
			if !a.Removed {
				out = append(out, who{a.PersonID, a.Name, a.Relationship, a.Agency, a.Role})
			}
		}
		return out
	}
	if got, want := people(c), people(prev); !reflect.DeepEqual(got, want) {
		t.Errorf("attendees:\ngot  %+v\nwant %+v", got, want)
	}
	for _, a := range c.Attendees {
		if a.Role != RoleChair && a.Attendance != Expected {
			t.Errorf("carried attendee %s: attendance %s, want expected until marked", a.Name, a.Attendance)
		}
	}
	wantCats := []ChildCategory{{ChildID: "k1", Initial: CategoryEmotional, InitialDate: prev.Date, Previous: CategoryEmotional}}
	if !reflect.DeepEqual(c.Details.Categories, wantCats) {
		t.Errorf("categories: got %+v, want %+v", c.Details.Categories, wantCats)
	}
	var danger []PreviousRound
	for _, r := range c.Previous.Rounds {
		if r.Danger != "" {
			danger = append(danger, r)
		}
	}
	wantDanger := []PreviousRound{{ChildID: "k1", ChildName: "Amy", Question: DefaultQuestion, Danger: "If nothing changes, Amy may be hurt again",
		Scores: []int{2, 7}, Min: 2, Median: 4.5, Max: 7}}
	if !reflect.DeepEqual(danger, wantDanger) {
		t.Errorf("danger statement scores: got %+v, want %+v", danger, wantDanger)
	}
	// The journal replays to the same state.
	r, err := replay(f.j, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(r.Items, c.Items) || !reflect.DeepEqual(r.Attendees, c.Attendees) {
		t.Errorf("replayed review differs from the live one")
	}
}
