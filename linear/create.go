package linear

import (
	"strings"
	"time"

	"confer/session"
)

// childrenCheck says how to type the children, or "" if they read well.
func childrenCheck(s string) string {
	_, err := session.ParseChildren(s)
	return why(err)
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
				check: childrenCheck},
			{label: "Date, as year-month-day", optional: true, empty: "today", check: optionalDay},
			{label: "Venue", optional: true},
		},
		submit: func(v []string) {
			kids, _ := session.ParseChildren(v[2])
			r, err := t.o.Conferences.Create(t.ctx, t.o.Actor, session.CreateConference{Type: session.ConferenceType(v[0]),
				Title: v[1], Children: kids, Date: dayOr(v[3], t.now()), Venue: v[4]})
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

// reviewForm creates a review conference from an earlier one in the list:
// session carries over the children, the plan's actions and the final
// scaling figures.
func (t *Terminal) reviewForm() {
	if !t.o.Actor.MayChair {
		t.say(sentence(session.Refusal(session.RoleNone, session.PermCreateConference)))
		return
	}
	var confs []option
	for _, m := range t.lobby {
		confs = append(confs, option{m.Title + ", " + dayOf(m.Date), m.ConferenceID})
	}
	if len(confs) == 0 {
		t.say("There is no conference to review.")
		return
	}
	t.startForm(&form{
		intro: "New review conference, from an earlier one: it takes the children, the plan's actions and the final scaling figures.",
		fields: []field{
			{label: "Review of", options: confs},
			{label: "Date, as year-month-day", optional: true, empty: "today", check: optionalDay},
		},
		submit: func(v []string) {
			prev, ok := t.o.Conferences.Room(v[0])
			if !ok {
				t.say("That conference is no longer available.")
				t.showLobby(t.o.Conferences.For(t.o.Actor))
				return
			}
			r, err := t.o.Conferences.Create(t.ctx, t.o.Actor, session.ReviewFrom(prev.Snapshot().Conference, dayOr(v[1], t.now())))
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

// optionalDay accepts an empty answer or a date as year-month-day.
func optionalDay(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	_, why := parseDay(s)
	return why
}

// dayOr reads a date typed as year-month-day, or gives def if it is empty.
func dayOr(s string, def time.Time) time.Time {
	if strings.TrimSpace(s) == "" {
		return def
	}
	d, _ := parseDay(s)
	return d
}

// claimForm registers this key as the first person who may chair, then
// shows their (empty) list of conferences.
func (t *Terminal) claimForm() {
	t.startForm(&form{
		intro:  "Set up confer: you will be its first chair. Your key is not registered yet; give your name and agency, and this key will be registered to you as someone who may chair.",
		fields: []field{{label: "Your name"}, {label: "Your agency"}},
		submit: func(v []string) {
			a, err := t.o.Claim(v[0], v[1])
			if err != nil {
				t.say(message(err))
				t.claimForm()
				return
			}
			t.o.Actor, t.o.Claim = a, nil
			t.say("You are registered as someone who may chair.")
			t.lobbyFrom(t.o.Conferences.For(a))
		},
		cancel: func() { t.goneWith("Goodbye.") },
	})
}
