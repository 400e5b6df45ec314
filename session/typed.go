package session

import (
	"strings"
	"time"
)

// What people type for dates and children, read the same way by every
// screen (the full-screen app and the linear mode): one rule, one room.

// DayLayout is how a day is typed: year-month-day.
const DayLayout = "2006-01-02"

// ParseDay reads a day typed as 2026-03-14, as a calendar day in UTC. A
// refusal is a [*UserError] naming what was being typed (label, for
// example "The due date").
func ParseDay(label, s string) (time.Time, error) {
	t, err := time.Parse(DayLayout, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, refuse(ErrInvalid, "%s must be a date typed as year-month-day, for example 2026-03-14", label)
	}
	return t, nil
}

// ParseChildren reads children typed as "Ann (2019-04-02), Ben": names
// separated by commas, each with its date of birth in brackets if known.
func ParseChildren(s string) ([]Child, error) {
	var out []Child
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		c := Child{Name: part}
		if i := strings.LastIndex(part, "("); i > 0 && strings.HasSuffix(part, ")") {
			dob, err := ParseDay("A date of birth", part[i+1:len(part)-1])
			if err != nil {
				return nil, err
			}
			c.Name, c.DOB = strings.TrimSpace(part[:i]), dob
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, refuse(ErrInvalid, "name at least one child, for example: Ann (2019-04-02), Ben")
	}
	return out, nil
}
