package linear

import (
	"context"
	"slices"
	"strings"
	"testing"

	"confer/session"
)

// step is one change made by someone.
type step struct {
	by session.Actor
	op session.Op
}

func TestAnnounce(t *testing.T) {
	closed := func(f *fixture) []step { return []step{{pChair, session.StartClosedSegment{}}} }
	round := func(f *fixture) []step {
		return []step{{pChair, session.OpenRound{ChildID: f.room.Snapshot().Children[0].ID}}}
	}
	exclusion := func(f *fixture) []step {
		mum := f.attendeeID(t, pMum)
		return []step{{pChair, session.StartExclusion{AttendeeID: mum, Grounds: session.GroundsChildsWish}},
			{pMinute, session.AddItem{Section: session.Worries, Text: "Said while Dana was out"}},
			{pChair, session.EndExclusion{AttendeeID: mum}}}
	}
	roundID := func(f *fixture) string { r, _ := f.room.Snapshot().OpenRound(); return r.ID }
	tests := []struct {
		name   string
		before func(f *fixture) []step // set-up, not announced
		steps  func(f *fixture) []step
		to     session.Actor
		want   []string
	}{
		{name: "agenda step", to: pGP,
			steps: func(*fixture) []step { return []step{{pChair, session.GoToStep{Index: 8}}} },
			want:  []string{"Chair moved to step 9 of 16: What complicates things."}},
		{name: "agenda step, to the chair", to: pChair,
			steps: func(*fixture) []step { return []step{{pChair, session.GoToStep{Index: 8}}} },
			want:  []string{"You moved everyone to step 9 of 16: What complicates things."}},
		{name: "item added", to: pGP,
			steps: func(*fixture) []step {
				return []step{{pMinute, session.AddItem{Section: session.Worries, Text: "Dad drinks", Tag: session.TagAllegation, Attribution: "Neighbour"}}}
			},
			want: []string{"Minute-taker added an item to Danger and worries: Dad drinks. (allegation; from Neighbour)"}},
		{name: "restricted item, to a viewer", to: pGP,
			steps: func(*fixture) []step {
				return []step{{pMinute, session.AddItem{Section: session.Worries, Text: "Neighbour's account", Restricted: true}}}
			},
			want: []string{"Minute-taker added a restricted item to Danger and worries: Neighbour's account."}},
		{name: "restricted item, to family", to: pMum,
			steps: func(*fixture) []step {
				return []step{{pMinute, session.AddItem{Section: session.Worries, Text: "Neighbour's account", Restricted: true}}}
			},
			want: nil},
		{name: "own item", to: pMinute,
			steps: func(*fixture) []step {
				return []step{{pMinute, session.AddItem{Section: session.Strengths, Text: "Gran visits daily."}}}
			},
			want: []string{"You added an item to What is working well: Gran visits daily."}},
		{name: "round opened", to: pGP, steps: round,
			want: []string{"Scaling round opened for Leo: 0 means very worried, 10 means safe. You have not scored. Press s to score."}},
		{name: "someone else scores, sealed", to: pGP, before: round,
			steps: func(f *fixture) []step {
				return []step{{pSW, session.CastScore{RoundID: roundID(f), Value: 3, Reason: "Bruises"}}}
			},
			want: []string{"Jo Reed scored. Scores stay sealed until the chair reveals them; 1 person has scored."}},
		{name: "own score", to: pGP, before: round,
			steps: func(f *fixture) []step {
				return []step{{pGP, session.CastScore{RoundID: roundID(f), Value: 6, Reason: "Gran helps"}}}
			},
			want: []string{"You scored: 6, because Gran helps. Sealed until the chair reveals; 1 person has scored."}},
		{name: "reveal", to: pMum, before: round,
			steps: func(f *fixture) []step {
				id := roundID(f)
				return []step{{pSW, session.CastScore{RoundID: id, Value: 3, Reason: "Bruises"}},
					{pGP, session.CastScore{RoundID: id, Value: 6, Reason: "Gran helps"}},
					{pChair, session.RevealRound{RoundID: id}}}
			},
			want: []string{"Jo Reed scored. Scores stay sealed until the chair reveals them; 1 person has scored.",
				"Dr Lee Chan scored. Scores stay sealed until the chair reveals them; 2 people have scored.",
				"Scores revealed for Leo: Jo Reed 3, because Bruises. Dr Lee Chan 6, because Gran helps. Lowest 3, median 4.5, highest 6."}},
		{name: "round closed", to: pGP, before: round,
			steps: func(f *fixture) []step { return []step{{pChair, session.CloseRound{RoundID: roundID(f)}}} },
			want:  []string{"The scaling round for Leo is closed; the scores are final."}},
		{name: "closed segment, to a viewer", to: pGP, steps: closed,
			want: []string{"Closed segment started: the family is excluded, and everything recorded now is restricted."}},
		{name: "closed segment, to family", to: pMum,
			steps: func(f *fixture) []step {
				return append(closed(f), step{pMinute, session.AddItem{Section: session.Worries, Text: "Said in the closed part"}},
					step{pChair, session.GoToStep{Index: 9}})
			},
			want: []string{closedNotice}},
		{name: "closed segment ends, to family", to: pMum, before: closed,
			steps: func(f *fixture) []step {
				return []step{{pMinute, session.AddItem{Section: session.Worries, Text: "Said in the closed part"}},
					{pChair, session.GoToStep{Index: 9}}, {pChair, session.EndClosedSegment{}}}
			},
			want: []string{"The closed segment has ended.", "Chair moved to step 10 of 16: Danger statements."}},
		{name: "exclusion, to the family member excluded", to: pMum, steps: exclusion,
			want: []string{excludedNotice, "You may follow the conference again."}},
		{name: "exclusion, to another family member", to: pDad, steps: exclusion,
			want: []string{"Minute-taker added an item to Danger and worries: Said while Dana was out."}},
		{name: "exclusion, to a viewer", to: pGP, steps: exclusion,
			want: []string{"Dana Smith is excluded from this part of the conference: the child's wish. What is recorded meanwhile is withheld from them.",
				"Minute-taker added an item to Danger and worries: Said while Dana was out.",
				"Dana Smith's exclusion has ended."}},
		{name: "restricted reason, to family", to: pMum, before: round,
			steps: func(f *fixture) []step {
				id := roundID(f)
				return []step{{pChair, session.CastScore{RoundID: id, Value: 2, Reason: "Police intelligence", ReasonRestricted: true}},
					{pChair, session.RevealRound{RoundID: id}}}
			},
			want: []string{"Alex Morgan scored. Scores stay sealed until the chair reveals them; 1 person has scored.",
				"Scores revealed for Leo: Alex Morgan 2, reason not shown to you. Lowest 2, median 2, highest 2."}},
		{name: "restricted reason, to a viewer", to: pGP, before: round,
			steps: func(f *fixture) []step {
				id := roundID(f)
				return []step{{pChair, session.CastScore{RoundID: id, Value: 2, Reason: "Police intelligence", ReasonRestricted: true}},
					{pChair, session.RevealRound{RoundID: id}}}
			},
			want: []string{"Alex Morgan scored. Scores stay sealed until the chair reveals them; 1 person has scored.",
				"Scores revealed for Leo: Alex Morgan 2, because Police intelligence. That reason is restricted. Lowest 2, median 2, highest 2."}},
		{name: "recommendations asked", to: pMum,
			steps: func(*fixture) []step { return []step{{pChair, session.AskRecommendations{Open: true}}} },
			want:  []string{"The chair is asking everyone for their recommendation. Press v to give yours."}},
		{name: "decision", to: pGP,
			before: func(*fixture) []step {
				return []step{{pChair, session.ProceedWithoutQuorum{Reason: "Police sent a report"}}}
			},
			steps: func(f *fixture) []step {
				return []step{{pChair, session.Decide{ChildID: f.room.Snapshot().Children[0].ID, Outcome: session.OutcomeCPPlan,
					Category: session.CategoryNeglect, Reasons: "Repeated bruising"}}}
			},
			want: []string{"Decision recorded for Leo: Child protection plan, category neglect. Reasons: Repeated bruising."}},
		{name: "role change", to: pGP,
			steps: func(f *fixture) []step {
				return []step{{pChair, session.SetRole{AttendeeID: f.attendeeID(t, pSW), Role: session.RoleMinuteTaker}}}
			},
			want: []string{"Jo Reed is now minute-taker."}},
		{name: "own role change to family, with restricted items", to: pGP,
			before: func(*fixture) []step {
				return []step{{pMinute, session.AddItem{Section: session.Worries, Text: "Restricted worry", Restricted: true}}}
			},
			steps: func(f *fixture) []step {
				return []step{{pChair, session.SetRole{AttendeeID: f.attendeeID(t, pGP), Role: session.RoleFamily}}}
			},
			want: []string{"You are now a family member. Press ? to hear the keys you can use, and b to hear the board."}},
		{name: "item moved", to: pGP,
			steps: func(f *fixture) []step {
				return []step{{pMinute, session.MoveItem{ID: f.room.Snapshot().Items[0].ID, Section: session.Strengths}}}
			},
			want: []string{"An item moved from Harm to What is working well: Leo was seen with bruising on 3 March."}},
		{name: "first of two items removed, one added", to: pGP,
			before: func(*fixture) []step {
				return []step{{pMinute, session.AddItem{Section: session.Worries, Text: "Second"}}}
			},
			steps: func(f *fixture) []step {
				return []step{{pMinute, session.RemoveItem{ID: f.room.Snapshot().Items[0].ID}},
					{pMinute, session.AddItem{Section: session.Worries, Text: "Third"}}}
			},
			want: []string{"An item was taken off Harm: Leo was seen with bruising on 3 March.",
				"Minute-taker added an item to Danger and worries: Third."}},
		{name: "item removed", to: pGP,
			steps: func(f *fixture) []step {
				return []step{{pMinute, session.RemoveItem{ID: f.room.Snapshot().Items[0].ID}}}
			},
			want: []string{"An item was taken off Harm: Leo was seen with bruising on 3 March."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			if tc.before != nil {
				for _, s := range tc.before(f) {
					f.do(t, s.by, s.op)
				}
			}
			var a announcer
			v, self := f.viewOf(tc.to)
			a.reset(v, self)
			var got []string
			for _, s := range tc.steps(f) {
				f.do(t, s.by, s.op)
				v, _ := f.viewOf(tc.to)
				got = append(got, a.next(v, self)...)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(tc.want, "\n  "))
			}
			// Nothing changed since: nothing more to say.
			v, _ = f.viewOf(tc.to)
			if again := a.next(v, self); len(again) > 0 {
				t.Errorf("said again with nothing changed: %q", again)
			}
		})
	}
}

func TestAnnouncePresence(t *testing.T) {
	f := newFixture(t)
	var a announcer
	v, self := f.viewOf(pMum)
	a.reset(v, self)
	ctx, cancel := context.WithCancel(context.Background())
	f.room.Attach(ctx, f.attendeeID(t, pGP))
	v, _ = f.viewOf(pMum)
	if got, want := a.next(v, self), []string{"Dr Lee Chan (GP surgery) joined."}; !slices.Equal(got, want) {
		t.Errorf("joining: got %q, want %q", got, want)
	}
	// Presence ends just after the context does, and is published.
	sub := f.room.Subscribe(context.Background())
	cancel()
	<-sub
	v, _ = f.viewOf(pMum)
	if got, want := a.next(v, self), []string{"Dr Lee Chan left."}; !slices.Equal(got, want) {
		t.Errorf("leaving: got %q, want %q", got, want)
	}
}
