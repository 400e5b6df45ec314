package linear

import (
	"strings"

	"confer/session"
)

// parseChildren reads "Ann (2019-04-02), Ben" into children, or says how
// to type them.
func parseChildren(s string) ([]session.Child, string) {
	var out []session.Child
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		c := session.Child{Name: part}
		if i := strings.LastIndex(part, "("); i > 0 && strings.HasSuffix(part, ")") {
			dob, why := parseDay(part[i+1 : len(part)-1])
			if why != "" {
				return nil, "A date of birth goes in brackets as year-month-day, for example: Ann (2019-04-02)."
			}
			c.Name, c.DOB = strings.TrimSpace(part[:i]), dob
		}
		out = append(out, c)
	}
	if len(out) == 0 {
		return nil, "Name at least one child, for example: Ann (2019-04-02), Ben."
	}
	return out, ""
}

// createForm creates a conference, for people who may chair, and opens it.
func (t *Terminal) createForm() {
	if !t.o.Actor.MayChair {
		t.say(sentence(session.Refusal(session.RoleNone, session.PermCreateConference)))
		return
	}
	var types []option
	for _, ty := range session.ConferenceTypes {
		types = append(types, option{ty.String(), string(ty)})
	}
	t.startForm(&form{
		intro: "New conference.",
		fields: []field{
			{label: "Type", options: types},
			{label: "Title: a reference, not the family's name if you can avoid it"},
			{label: "Children, separated by commas, each with a date of birth in brackets if known, for example: Ann (2019-04-02), Ben",
				check: func(s string) string { _, why := parseChildren(s); return why }},
			{label: "Date, as year-month-day", optional: true, empty: "today",
				check: func(s string) string {
					if strings.TrimSpace(s) == "" {
						return ""
					}
					_, why := parseDay(s)
					return why
				}},
			{label: "Venue", optional: true},
		},
		submit: func(v []string) {
			kids, _ := parseChildren(v[2])
			date := t.now()
			if strings.TrimSpace(v[3]) != "" {
				date, _ = parseDay(v[3])
			}
			r, err := t.o.Conferences.Create(t.ctx, t.o.Actor, session.CreateConference{Type: session.ConferenceType(v[0]),
				Title: v[1], Children: kids, Date: date, Venue: v[4]})
			if err != nil {
				t.say(message(err))
				t.showLobby(t.o.Conferences.For(t.o.Actor))
				return
			}
			t.enterRoom(r)
		},
		cancel: func() {
			t.say("Cancelled.")
			t.showLobby(t.o.Conferences.For(t.o.Actor))
		},
	})
}
