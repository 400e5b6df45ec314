package linear

import (
	"fmt"
	"strings"
	"time"

	"confer/session"
)

func dayOf(t time.Time) string {
	if t.IsZero() {
		return "no date set"
	}
	return t.In(session.London).Format("Monday 2 January 2006")
}

// stepSections are the board sections that matter at an agenda step, the
// same parts of the board the full-screen app shows there; other steps read
// the whole board.
func stepSections(key string) []session.Section {
	switch key {
	case session.StepWorries:
		return []session.Section{session.Harm, session.Worries}
	case session.StepConcerns:
		return []session.Section{session.Harm, session.Worries, session.Complicating}
	case session.StepWorking:
		return []session.Section{session.Strengths, session.ExistingSafety}
	case session.StepComplicat:
		return []session.Section{session.Complicating, session.GreyAreas}
	case session.StepFamily:
		return []session.Section{session.FamilyViews, session.ChildViews}
	case session.StepDanger, session.StepScaling:
		return []session.Section{session.DangerStatements, session.SafetyGoals}
	case session.StepPlan:
		return []session.Section{session.SafetyGoals, session.NextSteps}
	case session.StepDecision, session.StepDates, session.StepAttend, session.StepReports,
		session.StepProgress, session.StepSummary, session.StepClose:
		return nil
	}
	return session.Sections
}

// boardLines reads the board as numbered lists: the current step's
// sections, or every section if all is set.
func boardLines(v session.Snapshot, all bool) []string {
	secs := session.Sections
	var out []string
	if !all {
		key := ""
		if st, ok := v.CurrentStep(); ok {
			key = st.Key
			out = append(out, fmt.Sprintf("Board for step %d: %s.", v.Step+1, st.Title))
		}
		secs = stepSections(key)
		if len(secs) == 0 {
			out = append(out, "This step has no board sections; press B for the whole board.")
		}
	} else {
		out = append(out, "The whole board.")
	}
	var empty []string
	for _, s := range secs {
		items := v.Section(s)
		withheld := ""
		if n := v.Withheld[string(s)]; n > 0 {
			withheld = fmt.Sprintf(" %d not shown to you.", n)
		}
		if len(items) == 0 && withheld == "" {
			empty = append(empty, sectionName(s))
			continue
		}
		out = append(out, fmt.Sprintf("%s: %s.%s", sectionName(s), count(len(items), "item"), withheld))
		for i, it := range items {
			out = append(out, fmt.Sprintf("%d. %s%s", i+1, sentence(it.Text), itemNotes(it)))
		}
	}
	if len(empty) > 0 {
		out = append(out, "Nothing yet in: "+strings.Join(empty, ", ")+".")
	}
	if !all {
		out = append(out, recordLines(v)...)
	}
	out = append(out, roundLines(v)...)
	if len(v.Actions) > 0 {
		out = append(out, fmt.Sprintf("Plan actions: %s.", count(len(v.Actions), "action")))
		for i, a := range v.Actions {
			out = append(out, fmt.Sprintf("%d. %s Owner: %s. Due %s. Status: %s.", i+1, sentence(a.What), flat(a.Owner),
				dayOf(a.Due), strings.ReplaceAll(string(a.Status), "-", " ")))
		}
	}
	for _, d := range v.Decisions {
		out = append(out, fmt.Sprintf("Decision for %s: %s.%s", childName(v, d.ChildID), outcome(d.Outcome, d.Category),
			reasons("Reasons", d.Reasons, d.ReasonsRestricted)))
	}
	return out
}

// itemNotes reads out an item's tag, attribution and restriction.
func itemNotes(it session.Item) string {
	var notes []string
	if it.Tag != session.TagNone {
		notes = append(notes, string(it.Tag))
	}
	if it.Attribution != "" {
		notes = append(notes, "from "+flat(it.Attribution))
	}
	if it.Restricted {
		notes = append(notes, "restricted")
	}
	if it.Closed {
		notes = append(notes, "recorded in a closed segment")
	}
	if len(notes) == 0 {
		return ""
	}
	return " (" + strings.Join(notes, "; ") + ")"
}

func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// roundLines reads out the scaling round that is open or revealed.
func roundLines(v session.Snapshot) []string {
	r, ok := v.OpenRound()
	if !ok {
		return nil
	}
	d := differ{cur: v}
	child := childName(v, r.ChildID)
	if r.State == session.RoundOpen {
		names := make([]string, 0, len(r.Scores))
		for _, s := range r.Scores {
			names = append(names, d.name(s.AttendeeID))
		}
		line := fmt.Sprintf("Scaling round open for %s: %s Sealed; %s", child, question(r.Question), scoredCount(r))
		if len(names) > 0 {
			line += ": " + strings.Join(names, ", ")
		}
		return []string{line + "."}
	}
	return []string{fmt.Sprintf("Scaling round for %s, revealed: %s", child, d.revealed(r))}
}

// peopleLines reads out who is on the conference's list, numbered.
func peopleLines(v session.Snapshot, self string) []string {
	var list []session.Attendee
	here := 0
	for _, a := range v.Attendees {
		if a.Removed {
			continue
		}
		list = append(list, a)
		if v.IsConnected(a.ID) {
			here++
		}
	}
	out := []string{fmt.Sprintf("People: %d on the list, %d connected now.", len(list), here)}
	for i, a := range list {
		where := "not connected"
		switch {
		case v.IsConnected(a.ID):
			where = "connected"
		case !a.Remote && a.Attendance == session.Present:
			where = "in the room"
		case a.Attendance == session.Apologies:
			where = "sent apologies"
		case a.Attendance == session.Absent:
			where = "absent"
		case a.Attendance == session.Expected:
			where = "expected, not joined yet"
		}
		you := ""
		if a.ID == self {
			you = " (you)"
		}
		out = append(out, fmt.Sprintf("%d. %s%s: %s, %s.", i+1, describe(a), you, roleName(a.Role), where))
	}
	if v.Withheld == nil {
		q := v.Quorum()
		if q.Met {
			out = append(out, "Quorate.")
		} else {
			out = append(out, "Not quorate: children's social care and two other agencies must be present.")
		}
	}
	return out
}

func roleName(r session.Role) string {
	if r == session.RoleFamily {
		return "family"
	}
	return strings.ToLower(r.String())
}

// whereLines says where the conference is: the step, the open question and
// what the person may do about it.
func whereLines(v session.Snapshot, self session.Attendee) []string {
	title := v.Title
	if title == "" {
		title = "untitled"
	}
	out := []string{fmt.Sprintf("Conference: %s. %s, %s.", title, v.Type, dayOf(v.Date))}
	if self.ID != "" {
		out = append(out, fmt.Sprintf("You are %s.", roleWord(self.Role)))
	}
	if st, ok := v.CurrentStep(); ok {
		out = append(out, fmt.Sprintf("Step %d of %d: %s.", v.Step+1, len(v.Agenda), st.Title))
		if self.Role == session.RoleChair && st.Prompt != "" {
			out = append(out, "Prompt for the chair: "+sentence(st.Prompt))
		}
	} else {
		out = append(out, "The chair has not started the agenda yet.")
	}
	if v.Withheld == nil && v.InClosedSegment() {
		out = append(out, "A closed segment is in progress: the family is excluded.")
	}
	if r, ok := v.OpenRound(); ok {
		if r.State == session.RoundOpen {
			d := differ{cur: v, self: self.ID}
			out = append(out, fmt.Sprintf("Open question, a scaling round for %s: %s %s", childName(v, r.ChildID), question(r.Question), d.scoredYet(r)))
		} else {
			out = append(out, roundLines(v)...)
		}
	}
	if v.RecommendationsOpen {
		out = append(out, "The chair is asking for recommendations. Press v to give yours.")
	}
	if !v.Ended.IsZero() {
		out = append(out, "The conference has ended.")
	}
	return out
}

// recordLines reads out what the record holds for the current step: the
// fields written at it and its discussion note. v is this person's view,
// so a family member hears only what session lets them see.
func recordLines(v session.Snapshot) []string {
	st, ok := v.CurrentStep()
	if !ok {
		return nil
	}
	var out []string
	for _, f := range session.FieldsAt(st.Key) {
		n := v.Details.TextOf(f)
		if f == session.FieldStepNote {
			n = v.Details.StepNotes[session.StepKey(v.Agenda, v.Step)]
		}
		if strings.TrimSpace(n.Text) == "" {
			continue
		}
		line := fmt.Sprintf("Record, %s: %s", f.Title(), sentence(n.Text))
		if n.Restricted {
			line += " Withheld from the family."
		}
		out = append(out, line)
	}
	return out
}
