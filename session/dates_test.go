package session

import (
	"context"
	"errors"
	"testing"
	"time"

	"confer/session/sessiontest"
)

// The expected dates below were counted by hand on printed calendars
// (cal 12 2026 and so on) with the England and Wales bank holidays as
// published: they are not computed by the code under test.

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, time.UTC) }

func sameDay(a, b time.Time) bool {
	ay, am, ad := a.Date()
	by, bm, bd := b.Date()
	return ay == by && am == bm && ad == bd
}

func TestIsWorkingDay(t *testing.T) {
	cases := []struct {
		date time.Time
		want bool
		why  string
	}{
		{day(2026, 12, 24), true, "Christmas Eve is a working day"},
		{day(2026, 12, 25), false, "Christmas Day (Friday)"},
		{day(2026, 12, 26), false, "Saturday"},
		{day(2026, 12, 28), false, "Boxing Day substitute (26th is a Saturday)"},
		{day(2026, 12, 29), true, "Tuesday after Christmas"},
		{day(2027, 1, 1), false, "New Year's Day (Friday)"},
		{day(2027, 3, 26), false, "Good Friday 2027"},
		{day(2027, 3, 29), false, "Easter Monday 2027"},
		{day(2027, 3, 30), true, "Tuesday after Easter"},
		{day(2027, 5, 3), false, "Early May bank holiday 2027"},
		{day(2027, 5, 31), false, "Spring bank holiday 2027"},
		{day(2027, 8, 2), true, "Scotland's summer holiday is not one in England and Wales"},
		{day(2027, 8, 30), false, "Summer bank holiday 2027"},
		{day(2027, 12, 27), false, "Christmas substitute (25th is a Saturday)"},
		{day(2027, 12, 28), false, "Boxing Day substitute (26th is a Sunday)"},
		{day(2027, 12, 29), true, "Wednesday after Christmas 2027"},
		{day(2028, 1, 3), false, "New Year substitute (1 Jan 2028 is a Saturday)"},
	}
	for _, tc := range cases {
		if got := IsWorkingDay(tc.date); got != tc.want {
			t.Errorf("%s: IsWorkingDay(%s) = %v, want %v", tc.why, tc.date.Format("Mon 2 Jan 2006"), got, tc.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	cases := []struct {
		from time.Time
		n    int
		want time.Time
		why  string
	}{
		{day(2026, 12, 23), 1, day(2026, 12, 24), "Wed 23 Dec 2026 + 1"},
		{day(2026, 12, 23), 2, day(2026, 12, 29), "skips Christmas, the weekend and the Boxing Day substitute"},
		{day(2026, 12, 23), 5, day(2027, 1, 4), "skips New Year's Day"},
		{day(2026, 12, 24), 1, day(2026, 12, 29), "Christmas Eve + 1"},
		{day(2027, 12, 24), 1, day(2027, 12, 29), "Fri 24 Dec 2027: both substitutes"},
		{day(2027, 3, 25), 1, day(2027, 3, 30), "over Easter 2027"},
		{day(2027, 5, 28), 1, day(2027, 6, 1), "over the spring bank holiday"},
		{day(2027, 4, 30), 1, day(2027, 5, 4), "over the early May bank holiday"},
		{day(2027, 8, 27), 1, day(2027, 8, 31), "over the summer bank holiday"},
		{day(2027, 8, 27), 10, day(2027, 9, 13), "ten working days over the summer bank holiday"},
	}
	for _, tc := range cases {
		if got := AddWorkingDays(tc.from, tc.n); !sameDay(got, tc.want) {
			t.Errorf("%s: AddWorkingDays(%s, %d) = %s, want %s", tc.why, tc.from.Format("Mon 2 Jan 2006"), tc.n,
				got.Format("Mon 2 Jan 2006"), tc.want.Format("Mon 2 Jan 2006"))
		}
	}
}

func TestDeadlinesFor(t *testing.T) {
	cases := []struct {
		name string
		typ  ConferenceType
		on   time.Time
		want Dates
	}{
		{"initial on 23 Dec 2026", Initial, day(2026, 12, 23), Dates{
			DecisionLetter: day(2026, 12, 24), CoreGroup: day(2027, 1, 11), Minutes: day(2027, 1, 18), Review: day(2027, 3, 23)}},
		{"review on 24 Dec 2027 (6 months lands on a Saturday)", Review, day(2027, 12, 24), Dates{
			DecisionLetter: day(2027, 12, 29), CoreGroup: day(2028, 1, 12), Minutes: day(2028, 1, 19), Review: day(2028, 6, 23)}},
		{"initial on 30 Nov 2026: clamped to 28 Feb, a Sunday", Initial, day(2026, 11, 30), Dates{
			DecisionLetter: day(2026, 12, 1), CoreGroup: day(2026, 12, 14), Minutes: day(2026, 12, 21), Review: day(2027, 2, 26)}},
		{"review on 31 Aug 2027: clamped to 29 Feb 2028 (leap year)", Review, day(2027, 8, 31), Dates{
			DecisionLetter: day(2027, 9, 1), CoreGroup: day(2027, 9, 14), Minutes: day(2027, 9, 21), Review: day(2028, 2, 29)}},
		{"initial on 25 Sep 2026: review on Christmas Day moves back", Initial, day(2026, 9, 25), Dates{
			DecisionLetter: day(2026, 9, 28), CoreGroup: day(2026, 10, 9), Minutes: day(2026, 10, 16), Review: day(2026, 12, 24)}},
		{"pre-birth on 29 Dec 2026: review on Easter Monday moves back past Good Friday", PreBirth, day(2026, 12, 29), Dates{
			DecisionLetter: day(2026, 12, 30), CoreGroup: day(2027, 1, 13), Minutes: day(2027, 1, 20), Review: day(2027, 3, 25)}},
	}
	for _, tc := range cases {
		got := DefaultDeadlines.For(tc.typ, tc.on)
		for _, f := range []struct {
			name      string
			got, want time.Time
		}{
			{"decision letter", got.DecisionLetter, tc.want.DecisionLetter},
			{"core group", got.CoreGroup, tc.want.CoreGroup},
			{"minutes", got.Minutes, tc.want.Minutes},
			{"review", got.Review, tc.want.Review},
		} {
			if !sameDay(f.got, f.want) {
				t.Errorf("%s: %s got %s, want %s", tc.name, f.name, f.got.Format("Mon 2 Jan 2006"), f.want.Format("Mon 2 Jan 2006"))
			}
		}
	}
	// A date entered as midnight in summer is the previous day in UTC; the
	// deadlines count from the date in England.
	midnight := time.Date(2027, 6, 15, 0, 0, 0, 0, london).UTC() // 23:00 on the 14th, UTC
	if got, want := DefaultDeadlines.For(Initial, midnight).DecisionLetter, time.Date(2027, 6, 16, 0, 0, 0, 0, london); !got.Equal(want) {
		t.Errorf("letter after a conference on 15 Jun 2027 (BST midnight): got %s, want %s", got, want)
	}
	if got := DefaultDeadlines.For(Initial, time.Time{}); got != (Dates{}) {
		t.Errorf("no date: got %+v, want zero dates", got)
	}
	// Configurable: minutes in 20 working days, first review in 2 months.
	d := DefaultDeadlines
	d.MinutesDays, d.FirstReviewMonths = 20, 2
	got := d.For(Initial, day(2026, 12, 23))
	if want := day(2027, 1, 25); !sameDay(got.Minutes, want) {
		t.Errorf("20-day minutes: got %s, want %s", got.Minutes.Format("2 Jan 2006"), want.Format("2 Jan 2006"))
	}
	if want := day(2027, 2, 23); !sameDay(got.Review, want) {
		t.Errorf("2-month review: got %s, want %s", got.Review.Format("2 Jan 2006"), want.Format("2 Jan 2006"))
	}
}

// TestConferenceDates: a conference computes its dates with the deadlines
// it was created with, and nonsense deadlines are refused.
func TestConferenceDates(t *testing.T) {
	svc, err := Open(sessiontest.NewJournal(), Options{Now: newStepClock().Now})
	if err != nil {
		t.Fatal(err)
	}
	d := DefaultDeadlines
	d.CoreGroupDays = 5
	h, err := svc.Create(context.Background(), chairActor, CreateConference{Type: Initial, Date: day(2026, 12, 23),
		Children: []Child{{Name: "A"}}, Deadlines: &d})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := h.Snapshot().Dates().CoreGroup, day(2027, 1, 4); !sameDay(got, want) {
		t.Errorf("core group in 5 working days: got %s, want %s", got.Format("2 Jan 2006"), want.Format("2 Jan 2006"))
	}
	bad := DefaultDeadlines
	bad.LetterDays = -1
	if _, err := svc.Create(context.Background(), chairActor, CreateConference{Type: Initial, Date: day(2026, 12, 23),
		Children: []Child{{Name: "A"}}, Deadlines: &bad}); !errors.Is(err, ErrInvalid) {
		t.Errorf("negative deadline: got %v, want ErrInvalid", err)
	}
}
