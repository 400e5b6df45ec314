package linear

import (
	"fmt"
	"slices"
	"strings"

	"confer/session"
)

// announcer turns the views one person receives into sentences, each change
// said once. last is the view the previous sentences were made from. While
// a closed segment shuts the person out, last stays the view from before it,
// so when it ends they hear what moved meanwhile that they may see (the
// agenda step, people coming and going) and nothing else.
type announcer struct {
	last session.Snapshot
	shut string // what the person was told when shut out, or ""
}

// reset starts from view without announcing anything.
func (a *announcer) reset(view session.Snapshot, self string) {
	a.last, a.shut = view, ""
	if shutOut(view, self) {
		a.shut = shutNotice(view, self)
	}
}

// next returns the sentences that tell the person what changed since the
// last view. self is their attendee ID.
func (a *announcer) next(cur session.Snapshot, self string) []string {
	if a.last.Conference == nil || cur.Conference == nil {
		a.reset(cur, self)
		return nil
	}
	switch {
	case shutOut(cur, self):
		if a.shut != "" {
			return nil
		}
		a.shut = shutNotice(cur, self)
		return []string{a.shut}
	case a.shut != "":
		back := "The closed segment has ended."
		if a.shut == excludedNotice {
			back = "You may follow the conference again."
		}
		a.shut = ""
		out := append([]string{back}, Announce(a.last, cur, self)...)
		a.last = cur
		return out
	}
	out := Announce(a.last, cur, self)
	a.last = cur
	return out
}

// Announce returns the sentences that tell a person what changed from prev
// to cur, two views of one conference already filtered for them (see
// viewFor); self is their attendee ID. It never reads anything the views
// do not hold, so it cannot tell anyone what was withheld from them.
func Announce(prev, cur session.Snapshot, self string) []string {
	if prev.Conference == nil || cur.Conference == nil {
		return nil
	}
	d := differ{prev: prev, cur: cur, self: self}
	// A new role can change what the person may see: the board is not
	// compared across it (what they could not see before was not just
	// added, and what they may no longer see was not just taken off).
	if was, ok := prev.Attendee(self); ok {
		if now, ok := cur.Attendee(self); ok && now.Role != was.Role && !now.Removed {
			d.say("You are now %s. Press ? to hear the keys you can use, and b to hear the board.", roleWord(now.Role))
			return d.out
		}
	}
	d.step()
	d.segment()
	d.exclusions()
	d.people()
	d.guests()
	d.items()
	d.rounds()
	d.recommendations()
	d.decisions()
	d.plan()
	d.quorum()
	if prev.Ended.IsZero() && !cur.Ended.IsZero() {
		d.say("The conference has ended. The record can only be amended now, with a reason.")
	}
	return d.out
}

// differ collects the sentences of one comparison.
type differ struct {
	prev, cur session.Snapshot
	self      string
	out       []string
}

func (d *differ) say(format string, a ...any) {
	d.out = append(d.out, fmt.Sprintf(format, a...))
}

// family reports whether the views are family views.
func (d *differ) family() bool { return d.cur.Withheld != nil }

func (d *differ) step() {
	if d.cur.Step == d.prev.Step {
		return
	}
	st, ok := d.cur.CurrentStep()
	if !ok {
		return
	}
	who := "Chair moved"
	if me, ok := d.cur.Attendee(d.self); ok && me.Role == session.RoleChair {
		who = "You moved everyone"
	}
	d.say("%s to step %d of %d: %s.", who, d.cur.Step+1, len(d.cur.Agenda), st.Title)
}

func (d *differ) segment() {
	if d.family() {
		return // the announcer tells family members, and tells them nothing more
	}
	was, is := d.prev.InClosedSegment(), d.cur.InClosedSegment()
	switch {
	case is && !was:
		d.say("Closed segment started: the family is excluded, and everything recorded now is restricted.")
	case was && !is:
		d.say("Closed segment ended: the family sees the board again.")
	}
}

// exclusions tells professionals when a family member is asked to leave
// part of the conference, and when they may follow it again.
func (d *differ) exclusions() {
	if d.family() {
		return // the announcer tells the person excluded, and nobody else in the family
	}
	for _, x := range d.cur.Exclusions {
		i := slices.IndexFunc(d.prev.Exclusions, func(o session.Exclusion) bool { return o.ID == x.ID })
		name := "A family member"
		if a, ok := d.cur.Attendee(x.AttendeeID); ok {
			name = a.Name
		}
		switch {
		case i < 0 && x.Ended.IsZero():
			d.say("%s is excluded from this part of the conference: %s. What is recorded meanwhile is withheld from them.", name, strings.ToLower(x.Grounds.String()))
		case i >= 0 && d.prev.Exclusions[i].Ended.IsZero() && !x.Ended.IsZero():
			d.say("%s's exclusion has ended.", name)
		}
	}
}

func (d *differ) people() {
	for _, a := range d.cur.Attendees {
		old, existed := d.prev.Attendee(a.ID)
		switch {
		case !existed && !a.Removed:
			d.say("%s was added to the conference as %s.", describe(a), roleWord(a.Role))
			continue
		case !existed:
			continue
		case a.Removed && !old.Removed:
			if a.ID == d.self {
				d.say("You have been removed from the conference.")
			} else {
				d.say("%s was removed from the conference.", a.Name)
			}
			continue
		case a.Removed:
			continue
		}
		if a.Role != old.Role {
			d.say("%s is now %s.", a.Name, roleWord(a.Role))
		}
		if a.ID == d.self {
			continue
		}
		was, is := d.prev.IsConnected(a.ID), d.cur.IsConnected(a.ID)
		switch {
		case is && !was:
			d.say("%s joined.", describe(a))
		case was && !is && a.Role == session.RoleChair:
			d.say("The chair, %s, has disconnected. The conference waits until they return.", a.Name)
		case was && !is:
			d.say("%s left.", a.Name)
		}
	}
}

// guests tells whoever may admit them (the chair) who is waiting.
func (d *differ) guests() {
	if me, ok := d.cur.Attendee(d.self); !ok || !session.Allows(me.Role, session.PermAdmitGuest) {
		return
	}
	for _, g := range d.cur.Guests {
		if g.Status != session.GuestWaiting {
			continue
		}
		if old, ok := guest(d.prev, g.ID); ok && old.Status == session.GuestWaiting {
			continue
		}
		d.say("%s is waiting to be admitted. Press P, then y to admit them or T to turn them away.", guestLabel(g))
	}
}

func guest(s session.Snapshot, id string) (session.Guest, bool) {
	for _, g := range s.Guests {
		if g.ID == id {
			return g, true
		}
	}
	return session.Guest{}, false
}

func (d *differ) quorum() {
	if d.family() {
		return
	}
	was, is := d.prev.Quorum().Met, d.cur.Quorum().Met
	switch {
	case is && !was:
		d.say("The conference is now quorate.")
	case was && !is:
		d.say("The conference is no longer quorate: it needs children's social care and two other agencies present.")
	}
}

// describe names an attendee with their relationship and agency.
func describe(a session.Attendee) string {
	var parts []string
	if a.Relationship != "" {
		parts = append(parts, a.Relationship)
	}
	if a.Agency != "" {
		parts = append(parts, a.Agency)
	}
	if len(parts) == 0 {
		return a.Name
	}
	return a.Name + " (" + strings.Join(parts, ", ") + ")"
}

// roleWord names a role inside a sentence.
func roleWord(r session.Role) string {
	switch r {
	case session.RoleChair:
		return "the chair"
	case session.RoleMinuteTaker:
		return "minute-taker"
	case session.RoleViewer:
		return "a viewer"
	case session.RoleFamily:
		return "a family member"
	}
	return "not yet admitted"
}

// flat puts multi-line text on one line, so every sentence is one line.
func flat(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// sentence ends s with a full stop unless it already ends a sentence.
func sentence(s string) string {
	s = flat(s)
	if s == "" {
		return s
	}
	switch s[len(s)-1] {
	case '.', '!', '?':
		return s
	}
	return s + "."
}
