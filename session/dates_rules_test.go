package session

import (
	"errors"
	"testing"
	"time"
)

func ldnDay(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, London) }

// TestExtraClosedCounting: with extra days configured, working days are
// counted by hand; on days the extras do not touch it agrees with the
// calendar library.
func TestExtraClosedCounting(t *testing.T) {
	d := DefaultDeadlines
	d.ExtraClosed = []string{"2027-12-19"} // a Sunday: changes nothing
	for day := ldnDay(2026, 1, 1); day.Year() < 2027; day = day.AddDate(0, 0, 1) {
		for _, n := range []int{1, 10, 15} {
			if got, want := d.addWorkingDays(day, n), AddWorkingDays(day, n); !got.Equal(want) {
				t.Fatalf("%s + %d: got %s, want %s", day.Format(dayLayout), n, got.Format(dayLayout), want.Format(dayLayout))
			}
		}
	}
}

// TestExtraBankHoliday: a one-off bank holiday moves every working-day
// deadline that crosses it, and a review deadline falling on it.
func TestExtraBankHoliday(t *testing.T) {
	base := DefaultDeadlines.For(Initial, ldnDay(2026, 6, 15)) // a Monday
	d := DefaultDeadlines
	d.ExtraClosed = []string{"2026-06-16", base.Review.Format(dayLayout)}
	got := d.For(Initial, ldnDay(2026, 6, 15))
	if want := ldnDay(2026, 6, 17); got.DecisionLetter.Format(dayLayout) != want.Format(dayLayout) {
		t.Errorf("decision letter: got %s, want %s", got.DecisionLetter.Format(dayLayout), want.Format(dayLayout))
	}
	if !got.CoreGroup.After(base.CoreGroup) || !got.Minutes.After(base.Minutes) {
		t.Errorf("core group %s and minutes %s did not move past the extra day", got.CoreGroup, got.Minutes)
	}
	if !got.Review.Before(base.Review) {
		t.Errorf("review on an extra non-working day: got %s, want before %s", got.Review, base.Review)
	}
}

// TestPreBirthRule: the first review after a pre-birth conference is
// within 3 months, or 1 month after the birth if that is sooner.
func TestPreBirthRule(t *testing.T) {
	conf := ldnDay(2026, 3, 2)
	for _, tc := range []struct {
		why   string
		child Child
		want  string
	}{
		{"no date known: 3 months", Child{Name: "Baby"}, "2026-06-02"},
		{"due in 5 weeks: a month after, brought back off a Sunday", Child{Name: "Baby", Due: ldnDay(2026, 4, 10)}, "2026-05-08"},
		{"due late: 3 months is sooner", Child{Name: "Baby", Due: ldnDay(2026, 5, 20)}, "2026-06-02"},
		{"born early: the birth counts", Child{Name: "Baby", Due: ldnDay(2026, 5, 20), DOB: ldnDay(2026, 3, 20)}, "2026-04-20"},
	} {
		c := &Conference{Type: PreBirth, Date: conf, Children: []Child{tc.child}, Deadline: DefaultDeadlines}
		if got := c.Dates().Review.Format(dayLayout); got != tc.want {
			t.Errorf("%s: review by %s, want %s", tc.why, got, tc.want)
		}
	}
	// The rule is for pre-birth conferences only, and can be turned off.
	c := &Conference{Type: Initial, Date: conf, Children: []Child{{Name: "A", DOB: ldnDay(2026, 3, 20)}}, Deadline: DefaultDeadlines}
	if got := c.Dates().Review.Format(dayLayout); got != "2026-06-02" {
		t.Errorf("initial conference: review by %s, want 2026-06-02", got)
	}
	off := DefaultDeadlines
	off.AfterBirthMonths = 0
	c = &Conference{Type: PreBirth, Date: conf, Children: []Child{{Name: "B", Due: ldnDay(2026, 4, 10)}}, Deadline: off}
	if got := c.Dates().Review.Format(dayLayout); got != "2026-06-02" {
		t.Errorf("rule off: review by %s, want 2026-06-02", got)
	}
}

func TestParseDeadlines(t *testing.T) {
	d, err := ParseDeadlines([]byte(`{"minutes_days": 20, "extra_non_working_days": ["2026-12-29", "2026-05-08"]}`))
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultDeadlines
	want.MinutesDays = 20
	if d.MinutesDays != 20 || d.LetterDays != want.LetterDays || d.AfterBirthMonths != 1 ||
		len(d.ExtraClosed) != 2 || d.ExtraClosed[0] != "2026-05-08" {
		t.Errorf("got %+v", d)
	}
	for _, bad := range []string{`{"minute_days": 20}`, `{"extra_non_working_days": ["8 May 2026"]}`,
		`{"review_months": 99}`, `{"after_birth_months": -1}`, `not json`} {
		if _, err := ParseDeadlines([]byte(bad)); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", bad, err)
		}
	}
}
