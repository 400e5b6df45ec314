package session

import (
	"time"
	_ "time/tzdata" // Europe/London on hosts without a zone database

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/gb"
)

// Deadlines configures the dates that follow a conference (SPEC §3.5).
// Working days skip weekends and the bank holidays of England and Wales.
type Deadlines struct {
	LetterDays        int `json:"letter_days"`         // decision letter, working days
	CoreGroupDays     int `json:"core_group_days"`     // first core group, working days
	MinutesDays       int `json:"minutes_days"`        // minutes to the family, working days
	FirstReviewMonths int `json:"first_review_months"` // after an initial or pre-birth conference
	ReviewMonths      int `json:"review_months"`       // after a review
}

// DefaultDeadlines are the usual England and Wales timescales.
var DefaultDeadlines = Deadlines{
	LetterDays:        1,
	CoreGroupDays:     10,
	MinutesDays:       15,
	FirstReviewMonths: 3,
	ReviewMonths:      6,
}

// workCal is the England and Wales working calendar. The library's gb
// holiday list is England and Wales (Scotland's and Northern Ireland's
// extra days are separate variables). The calendar is not Cacheable, so
// look-ups only read it and one value is safely shared between goroutines.
var workCal = func() *cal.BusinessCalendar {
	c := cal.NewBusinessCalendar()
	c.AddHoliday(gb.Holidays...)
	return c
}()

// London is the zone conferences are held in (England and Wales): the
// clock deadlines are counted on and every time a person reads is shown
// in, whatever zone the server runs in. Conference times are stored in
// UTC, but a conference at 00:30 in summer, or a date entered as
// local midnight, falls on the previous UTC day; working days are counted
// from the date people in England and Wales see. The zone database is
// embedded (time/tzdata) so this holds on a host without one.
var London = func() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.UTC
	}
	return loc
}()

// IsWorkingDay reports whether t's date is a working day in England and
// Wales.
func IsWorkingDay(t time.Time) bool { return workCal.IsWorkday(t) }

// AddWorkingDays returns the date n working days after t (n > 0).
func AddWorkingDays(t time.Time, n int) time.Time { return workCal.WorkdaysFrom(t, n) }

// check refuses deadlines that make no sense: negative, or absurdly long.
func (d Deadlines) check() error {
	for _, n := range []int{d.LetterDays, d.CoreGroupDays, d.MinutesDays} {
		if n < 0 || n > 260 {
			return refuse(ErrInvalid, "working-day deadlines must be 0 to 260 days")
		}
	}
	for _, n := range []int{d.FirstReviewMonths, d.ReviewMonths} {
		if n < 0 || n > 24 {
			return refuse(ErrInvalid, "review deadlines must be 0 to 24 months")
		}
	}
	return nil
}

// For computes the deadlines for a conference of type t held on day, as
// dates in England and Wales (the results are in Europe/London time).
// "Within N months" deadlines that fall on a weekend or bank holiday are
// brought forward to the working day before, so they stay within.
func (d Deadlines) For(t ConferenceType, day time.Time) Dates {
	if day.IsZero() {
		return Dates{}
	}
	day = day.In(London)
	months := d.FirstReviewMonths
	if t == Review {
		months = d.ReviewMonths
	}
	review := addMonths(day, months)
	for !IsWorkingDay(review) {
		review = review.AddDate(0, 0, -1)
	}
	return Dates{
		DecisionLetter: AddWorkingDays(day, d.LetterDays),
		CoreGroup:      AddWorkingDays(day, d.CoreGroupDays),
		Minutes:        AddWorkingDays(day, d.MinutesDays),
		Review:         review,
	}
}

// addMonths adds months without overflowing into the month after: 30
// November plus 3 months is 28 (or 29) February, not 2 March.
func addMonths(t time.Time, months int) time.Time {
	y, m, d := t.Date()
	first := time.Date(y, m+time.Month(months), 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
	last := first.AddDate(0, 1, -1).Day()
	if d > last {
		d = last
	}
	return time.Date(first.Year(), first.Month(), d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), t.Location())
}
