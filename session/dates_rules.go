package session

import (
	"bytes"
	"encoding/json"
	"slices"
	"time"
)

// dayLayout is how an extra non-working day is written.
const dayLayout = "2006-01-02"

// MaxExtraClosed bounds the one-off non-working days a configuration adds.
const MaxExtraClosed = 100

func (d Deadlines) isZero() bool {
	return d.LetterDays == 0 && d.CoreGroupDays == 0 && d.MinutesDays == 0 && d.FirstReviewMonths == 0 &&
		d.ReviewMonths == 0 && d.AfterBirthMonths == 0 && len(d.ExtraClosed) == 0
}

// checkExtra refuses extra non-working days that are not dates, and the
// after-birth rule out of range.
func (d Deadlines) checkExtra() error {
	if d.AfterBirthMonths < 0 || d.AfterBirthMonths > 24 {
		return refuse(ErrInvalid, "the after-birth review deadline must be 0 to 24 months")
	}
	if len(d.ExtraClosed) > MaxExtraClosed {
		return refuse(ErrInvalid, "at most %d extra non-working days", MaxExtraClosed)
	}
	for _, s := range d.ExtraClosed {
		if _, err := time.ParseInLocation(dayLayout, s, London); err != nil {
			return refuse(ErrInvalid, "an extra non-working day must be written like 2026-05-08")
		}
	}
	return nil
}

// workingDay reports whether t's date in England and Wales is a working
// day: not a weekend, a bank holiday, or one of the extra days.
func (d Deadlines) workingDay(t time.Time) bool {
	return IsWorkingDay(t) && !slices.Contains(d.ExtraClosed, t.In(London).Format(dayLayout))
}

// addWorkingDays returns the date n working days after t.
func (d Deadlines) addWorkingDays(t time.Time, n int) time.Time {
	if len(d.ExtraClosed) == 0 {
		return AddWorkingDays(t, n)
	}
	for n > 0 {
		t = t.AddDate(0, 0, 1)
		if d.workingDay(t) {
			n--
		}
	}
	return t
}

// onOrBefore brings a "within" deadline forward to a working day.
func (d Deadlines) onOrBefore(t time.Time) time.Time {
	for !d.workingDay(t) {
		t = t.AddDate(0, 0, -1)
	}
	return t
}

// forConference is [Deadlines.For] with the pre-birth rule: the first
// review after a pre-birth conference is within FirstReviewMonths of it,
// or within AfterBirthMonths of the birth (actual, else expected) if that
// is sooner.
func (d Deadlines) forConference(c *Conference) Dates {
	ds := d.For(c.Type, c.Date)
	if c.Type != PreBirth || d.AfterBirthMonths == 0 || ds.Review.IsZero() {
		return ds
	}
	for _, ch := range c.Children {
		born := ch.DOB
		if born.IsZero() {
			born = ch.Due
		}
		if born.IsZero() {
			continue
		}
		if r := d.onOrBefore(addMonths(born.In(London), d.AfterBirthMonths)); r.Before(ds.Review) {
			ds.Review = r
		}
	}
	return ds
}

// ParseDeadlines reads deadlines from a configuration file's JSON: any
// field left out keeps its default; an unknown field or a value out of
// range is refused, so a typing mistake cannot silently change a date.
func ParseDeadlines(data []byte) (Deadlines, error) {
	d := DefaultDeadlines
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&d); err != nil {
		return Deadlines{}, refuse(ErrInvalid, "the deadlines file is not valid: %v", err)
	}
	if err := d.check(); err != nil {
		return Deadlines{}, err
	}
	d.ExtraClosed = slices.Clone(d.ExtraClosed)
	slices.Sort(d.ExtraClosed)
	return d, nil
}
