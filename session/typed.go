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

// HouseholdLine words one household member as [ParseHousehold] reads it
// back: "Name; relationship; parental responsibility; lives with the
// child; withheld", the marks present only when they hold.
func HouseholdLine(hm HouseholdMember) string {
	parts := []string{hm.Name, hm.Relationship}
	if hm.ParentalResponsibility {
		parts = append(parts, "parental responsibility")
	}
	if hm.LivesWithChild {
		parts = append(parts, "lives with the child")
	}
	if hm.Restricted {
		parts = append(parts, "withheld")
	}
	return strings.Join(parts, "; ")
}

// ParseHousehold reads a household typed one person a line: the name
// first, then the relationship, then any of the marks (parental
// responsibility, lives with the child, withheld) in any order.
func ParseHousehold(s string) ([]HouseholdMember, error) {
	var out []HouseholdMember
	for i, line := range strings.Split(s, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, ";")
		hm := HouseholdMember{Name: strings.TrimSpace(parts[0])}
		if hm.Name == "" {
			return nil, refuse(ErrInvalid, "line %d has no name: start each line with the person's name", i+1)
		}
		for j, p := range parts[1:] {
			p = strings.TrimSpace(p)
			switch l := strings.ToLower(p); {
			case l == "":
			case strings.Contains(l, "parental responsibility") || l == "pr":
				hm.ParentalResponsibility = true
			case strings.HasPrefix(l, "lives with"):
				hm.LivesWithChild = true
			case l == "withheld" || l == "withhold":
				hm.Restricted = true
			case j == 0:
				hm.Relationship = p
			default:
				return nil, refuse(ErrInvalid, "line %d: %q is not parental responsibility, lives with the child, or withheld", i+1, p)
			}
		}
		out = append(out, hm)
	}
	return out, nil
}
