package export

import (
	"confer/session"
)

var statusWord = map[session.ActionStatus]string{
	session.ActionOpen: "Open", session.ActionDone: "Done",
	session.ActionPartly: "Partly done", session.ActionNotDone: "Not done",
}

func (r *record) actionTable(actions []session.Action, progress bool) {
	head := []string{"Action", "Who", "Due", "Status"}
	if progress {
		head[3] = "Progress"
	}
	if r.manyChildren() {
		head = append(head, "Child")
	}
	t := table{head: head}
	for _, a := range actions {
		status, ok := statusWord[a.Status]
		if !ok {
			status = escapeLine(string(a.Status))
		}
		if progress && a.Status == session.ActionOpen {
			status = "Not yet reviewed"
		}
		due := "—"
		if !a.Due.IsZero() {
			due = day(a.Due)
		}
		row := []string{inline(a.What) + r.marks(a.Restricted, a.Closed), escapeLine(a.Owner), due, status}
		if r.manyChildren() {
			row = append(row, r.child(a.ChildID))
		}
		t.add(row...)
	}
	t.write(&r.d.Builder)
}

func (r *record) plan() {
	r.d.h(2, "The plan")
	var prev, next []session.Action
	for _, a := range r.c.Actions {
		if a.FromPrevious {
			prev = append(prev, a)
		} else {
			next = append(next, a)
		}
	}
	if len(prev) > 0 || r.c.Type == session.Review {
		r.d.h(3, "Progress against the plan")
		if len(prev) == 0 {
			r.d.note("No actions were carried over from the previous plan.")
		} else {
			r.actionTable(prev, true)
		}
	}
	r.d.h(3, "Actions")
	if len(next) == 0 {
		r.d.note("No actions were recorded.")
	} else {
		r.actionTable(next, false)
	}
	r.withheld(r.s.Withheld["actions"])
	r.planDetail()
}

func (r *record) coreGroup() {
	r.d.h(2, "Core group")
	if len(r.c.CoreGroup) == 0 {
		r.d.note("No core group was recorded.")
	} else {
		for _, m := range r.c.CoreGroup {
			r.d.li(escapeLine(m))
		}
		r.d.endList()
	}
	if r.c.LeadSocialWorker == "" {
		r.d.p("**Lead social worker:** none recorded")
	} else {
		r.d.p("**Lead social worker:** " + escapeLine(r.c.LeadSocialWorker))
	}
	r.withheld(r.s.Withheld["core-group"])
}

// reason writes a reason for a table cell: in the family copy a restricted
// one (which the family view has already emptied) says it was withheld.
func (r *record) reason(text string, restricted bool) string {
	if r.family && restricted {
		return "_Withheld from the family copy._"
	}
	return inline(text) + r.marks(restricted, false)

}

// planNeeded reports whether a core group and review follow: no when every
// child has a decision and none of them is a child protection plan.
func planNeeded(c *session.Conference) bool {
	for _, ch := range c.Children {
		d, ok := c.Decision(ch.ID)
		if !ok || d.Outcome.NeedsCategory() {
			return true
		}
	}
	return false
}

func (r *record) nextDates() {
	r.d.h(2, "Next dates")
	ds := r.c.Dates()
	if ds.DecisionLetter.IsZero() {
		r.d.note("No dates could be worked out: the conference has no date.")
		return
	}
	r.d.li("**Decision letter to the family:** by " + day(ds.DecisionLetter))
	if planNeeded(r.c) {
		r.d.li("**Core group meeting:** by " + day(ds.CoreGroup))
	}
	r.d.li("**Minutes to the family:** by " + day(ds.Minutes))
	if planNeeded(r.c) {
		r.d.li("**Review conference:** by " + day(ds.Review))
	}
	r.d.endList()
	if !planNeeded(r.c) {
		r.d.p("No core group or review conference is needed: no child is subject to a child protection plan.")
	}
}

func (r *record) segments() {
	r.d.h(2, "Closed segments")
	if r.family {
		if n := r.s.Withheld["segments"]; n > 0 {
			r.d.p(plural(n, "closed segment", "closed segments") + " held — withheld.")
		} else {
			r.d.note("No closed segments were held.")
		}
		return
	}
	if len(r.c.Segments) == 0 {
		r.d.note("No closed segments were held.")
		return
	}
	r.d.p("The family was not present during these parts of the meeting. Everything recorded in " +
		"them is withheld from the family copy.")
	t := table{head: []string{"#", "Started", "Ended", "Length"}}
	for i, sg := range r.c.Segments {
		ended, length := "still in progress", "—"
		if !sg.Ended.IsZero() {
			ended, length = r.at(sg.Ended), duration(sg.Ended.Sub(sg.Started))
		}
		t.add(itoa(i+1), r.at(sg.Started), ended, length)
	}
	t.write(&r.d.Builder)
}
