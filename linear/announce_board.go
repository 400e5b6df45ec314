package linear

import (
	"fmt"
	"slices"
	"strings"

	"confer/session"
)

// sectionName is a section's title without its parenthesis, as it is said
// in a sentence: "Danger and worries", not "Danger and worries (future)".
func sectionName(s session.Section) string {
	t := s.Title()
	if i := strings.Index(t, " ("); i > 0 {
		return t[:i]
	}
	return t
}

// author names who wrote an item: "You", the chair or minute-taker by role,
// anyone else by name. Items record the writer's person ID.
func (d *differ) author(personID string) string {
	for _, a := range d.cur.Attendees {
		if personID == "" || a.PersonID != personID {
			continue
		}
		switch {
		case a.ID == d.self:
			return "You"
		case a.Role == session.RoleChair:
			return "Chair"
		case a.Role == session.RoleMinuteTaker:
			return "Minute-taker"
		}
		return a.Name
	}
	return "Someone"
}

// name names an attendee: "You", or their name.
func (d *differ) name(id string) string {
	if id == d.self {
		return "You"
	}
	if a, ok := d.cur.Attendee(id); ok {
		return a.Name
	}
	return "Someone"
}

func childName(s session.Snapshot, id string) string {
	if c, ok := s.Child(id); ok {
		return c.Name
	}
	if len(s.Children) == 1 {
		return s.Children[0].Name
	}
	return "the children"
}

// items announces items added, changed and taken off. Boards hold
// hundreds of items and every change is compared on every linear
// terminal, so the common case (the same items in the same order, perhaps
// with some added at the end) is walked in step; only the rest, after a
// removal or a reordering, is matched by ID.
func (d *differ) items() {
	prev, cur := d.prev.Items, d.cur.Items
	n := 0
	for n < len(prev) && n < len(cur) && prev[n].ID == cur[n].ID {
		d.itemChanged(prev[n], cur[n])
		n++
	}
	prev, cur = prev[n:], cur[n:]
	if len(prev) == 0 {
		for _, it := range cur {
			d.itemAdded(it)
		}
		return
	}
	before := make(map[string]int, len(prev))
	for i := range prev {
		before[prev[i].ID] = i
	}
	kept := make(map[string]bool, len(cur))
	for _, it := range cur {
		if i, ok := before[it.ID]; ok {
			kept[it.ID] = true
			d.itemChanged(prev[i], it)
		} else {
			d.itemAdded(it)
		}
	}
	for _, it := range prev {
		if !kept[it.ID] {
			d.say("An item was taken off %s: %s", sectionName(it.Section), sentence(it.Text))
		}
	}
}

func (d *differ) itemAdded(it session.Item) {
	kind := "an item"
	if it.Restricted {
		kind = "a restricted item"
	}
	d.say("%s added %s to %s: %s%s", d.author(it.Author), kind, sectionName(it.Section), sentence(it.Text),
		itemNotes(session.Item{Tag: it.Tag, Attribution: it.Attribution}))
}

func (d *differ) itemChanged(old, it session.Item) {
	where := sectionName(it.Section)
	switch {
	case old.Section != it.Section:
		d.say("An item moved from %s to %s: %s", sectionName(old.Section), where, sentence(it.Text))
	case old.Text != it.Text:
		d.say("An item in %s now reads: %s", where, sentence(it.Text))
	}
	if old.Restricted != it.Restricted {
		if it.Restricted {
			d.say("An item in %s is now restricted, not shown to the family: %s", where, sentence(it.Text))
		} else {
			d.say("An item in %s is no longer restricted: %s", where, sentence(it.Text))
		}
	}
	if old.Tag != it.Tag {
		tag := string(it.Tag)
		if tag == "" {
			tag = "untagged"
		}
		d.say("An item in %s is now tagged %s: %s", where, tag, sentence(it.Text))
	}
	if old.Attribution != it.Attribution && it.Attribution != "" {
		d.say("An item in %s is now attributed to %s: %s", where, flat(it.Attribution), sentence(it.Text))
	}
}

// question is a round's question as it is read out: the usual question in
// short, anything else as the chair worded it.
func question(q string) string {
	if q == "" || q == session.DefaultQuestion {
		return "0 means very worried, 10 means safe."
	}
	return sentence(q)
}

func (d *differ) rounds() {
	for _, r := range d.cur.Rounds {
		old, ok := d.prev.Round(r.ID)
		child := childName(d.cur, r.ChildID)
		if !ok {
			if r.State == session.RoundClosed {
				continue
			}
			d.say("Scaling round opened for %s: %s %s", child, question(r.Question), d.scoredYet(r))
			old = session.ScalingRound{ID: r.ID, State: session.RoundOpen}
		}
		d.scores(old, r)
		if old.State == session.RoundOpen && r.State != session.RoundOpen && len(r.Scores) > 0 {
			d.say("Scores revealed for %s: %s", child, d.revealed(r))
		}
		if old.State != session.RoundClosed && r.State == session.RoundClosed {
			d.say("The scaling round for %s is closed; the scores are final.", child)
		}
	}
}

// scoredYet tells the person whether they have scored in an open round.
func (d *differ) scoredYet(r session.ScalingRound) string {
	if d.self == "" {
		return ""
	}
	for _, s := range r.Scores {
		if s.AttendeeID == d.self {
			return fmt.Sprintf("Your score is %d. Press s to change it.", s.Value)
		}
	}
	return "You have not scored. Press s to score."
}

// scores announces scores given or changed between two states of a round.
// While it is sealed, only who has scored is said, except for the
// person's own score.
func (d *differ) scores(old, r session.ScalingRound) {
	for _, s := range r.Scores {
		i := slices.IndexFunc(old.Scores, func(o session.Score) bool { return o.AttendeeID == s.AttendeeID })
		// A score unsealed by the reveal is the same score: the reveal
		// reads it out.
		if i >= 0 && old.Scores[i].At.Equal(s.At) && (old.Scores[i].Sealed ||
			old.Scores[i].Value == s.Value && old.Scores[i].Reason == s.Reason) {
			continue
		}
		who := d.name(s.AttendeeID)
		verb := "scored"
		if i >= 0 {
			verb = "changed their score"
			if who == "You" {
				verb = "changed your score"
			}
		}
		switch {
		case s.Sealed:
			d.say("%s %s. Scores stay sealed until the chair reveals them; %s.", who, verb, scoredCount(r))
		case r.State == session.RoundOpen:
			d.say("%s %s: %d, %s Sealed until the chair reveals; %s.", who, verb, s.Value, because(s.Reason, s.ReasonRestricted), scoredCount(r))
		default:
			d.say("%s %s: %d, %s", who, verb, s.Value, because(s.Reason, s.ReasonRestricted))
		}
	}
}

func scoredCount(r session.ScalingRound) string {
	if len(r.Scores) == 1 {
		return "1 person has scored"
	}
	return fmt.Sprintf("%d people have scored", len(r.Scores))
}

// because reads out the reason for a score: restricted reasons are marked
// for those who may see them and blank, and said to be, for the family.
func because(reason string, restricted bool) string {
	switch {
	case reason == "" && restricted:
		return "reason not shown to you."
	case reason == "":
		return "no reason given."
	case restricted:
		return "because " + sentence(reason) + " That reason is restricted."
	}
	return "because " + sentence(reason)
}

// reasons reads out free text that may be restricted, after a label.
func reasons(label, text string, restricted bool) string {
	switch {
	case text == "" && restricted:
		return " " + label + ": not shown to you."
	case text == "":
		return ""
	case restricted:
		return " " + label + " (restricted): " + sentence(text)
	}
	return " " + label + ": " + sentence(text)
}

// revealed reads out every score of a revealed round and the spread.
func (d *differ) revealed(r session.ScalingRound) string {
	if len(r.Scores) == 0 {
		return "nobody scored."
	}
	var parts []string
	for _, s := range r.Scores {
		parts = append(parts, fmt.Sprintf("%s %d, %s", d.name(s.AttendeeID), s.Value, because(s.Reason, s.ReasonRestricted)))
	}
	lo, mid, hi, _ := r.Spread()
	out := strings.Join(parts, " ") + fmt.Sprintf(" Lowest %s, median %s, highest %s.", num(lo), num(mid), num(hi))
	if r.WithheldScores > 0 {
		out += fmt.Sprintf(" %s not shown to you.", count(r.WithheldScores, "score"))
	}
	return out
}

func num(f float64) string {
	if f == float64(int(f)) {
		return fmt.Sprint(int(f))
	}
	return fmt.Sprintf("%.1f", f)
}

func outcome(o session.Outcome, c session.Category) string {
	if c != session.CategoryNone {
		return fmt.Sprintf("%s, category %s", o, strings.ToLower(c.String()))
	}
	return o.String()
}

func (d *differ) recommendations() {
	switch {
	case d.cur.RecommendationsOpen && !d.prev.RecommendationsOpen:
		d.say("The chair is asking everyone for their recommendation. Press v to give yours.")
	case !d.cur.RecommendationsOpen && d.prev.RecommendationsOpen:
		d.say("The chair has stopped asking for recommendations.")
	}
	for _, r := range d.cur.Recommendations {
		old, ok := d.prev.Recommendation(r.ChildID, r.AttendeeID)
		if ok && old.At.Equal(r.At) && old.Outcome == r.Outcome && old.Category == r.Category &&
			old.Reason == r.Reason && old.ReasonRestricted == r.ReasonRestricted {
			continue
		}
		d.say("%s recommended for %s: %s.%s", d.name(r.AttendeeID), childName(d.cur, r.ChildID), outcome(r.Outcome, r.Category),
			reasons("Reason", r.Reason, r.ReasonRestricted))
	}
}

func (d *differ) decisions() {
	for _, dec := range d.cur.Decisions {
		if old, ok := d.prev.Decision(dec.ChildID); ok && old.At.Equal(dec.At) && old.Outcome == dec.Outcome &&
			old.Category == dec.Category && old.Reasons == dec.Reasons && old.ReasonsRestricted == dec.ReasonsRestricted {
			continue
		}
		d.say("Decision recorded for %s: %s.%s", childName(d.cur, dec.ChildID), outcome(dec.Outcome, dec.Category),
			reasons("Reasons", dec.Reasons, dec.ReasonsRestricted))
	}
	for _, x := range d.cur.Dissent {
		if slices.ContainsFunc(d.prev.Dissent, func(o session.Dissent) bool { return o.ID == x.ID }) {
			continue
		}
		d.say("%s recorded dissent for %s: %s", d.name(x.AttendeeID), childName(d.cur, x.ChildID), sentence(x.Text))
	}
}

func (d *differ) plan() {
	for _, a := range d.cur.Actions {
		i := slices.IndexFunc(d.prev.Actions, func(o session.Action) bool { return o.ID == a.ID })
		if i < 0 {
			d.say("Action added: %s Owner: %s. Due %s.", sentence(a.What), flat(a.Owner), dayOf(a.Due))
			continue
		}
		old := d.prev.Actions[i]
		if old.What != a.What || old.Owner != a.Owner || !old.Due.Equal(a.Due) {
			d.say("Action changed: %s Owner: %s. Due %s.", sentence(a.What), flat(a.Owner), dayOf(a.Due))
		}
		if old.Status != a.Status {
			d.say("Action %q is now %s.", flat(a.What), strings.ReplaceAll(string(a.Status), "-", " "))
		}
		if old.Restricted != a.Restricted {
			if a.Restricted {
				d.say("Action %q is now restricted, not shown to the family.", flat(a.What))
			} else {
				d.say("Action %q is no longer restricted.", flat(a.What))
			}
		}
	}
	for _, a := range d.prev.Actions {
		if !slices.ContainsFunc(d.cur.Actions, func(o session.Action) bool { return o.ID == a.ID }) {
			d.say("Action taken off the plan: %s", sentence(a.What))
		}
	}
	if !slices.Equal(d.prev.CoreGroup, d.cur.CoreGroup) && len(d.cur.CoreGroup) > 0 {
		d.say("Core group: %s.", strings.Join(d.cur.CoreGroup, ", "))
	}
	if d.prev.LeadSocialWorker != d.cur.LeadSocialWorker && d.cur.LeadSocialWorker != "" {
		d.say("Lead social worker: %s.", d.cur.LeadSocialWorker)
	}
}
