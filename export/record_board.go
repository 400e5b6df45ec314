package export

import (
	"confer/session"
)

func (r *record) agenda() {
	r.d.h(2, "Agenda as held")
	if len(r.c.Agenda) == 0 {
		r.d.note("No agenda was recorded.")
		return
	}
	t := table{head: []string{"#", "Step", "Started", "Ended", "Time spent"}}
	for i, st := range r.c.Agenda {
		started, ended, spent := "not held", "—", "—"
		if !st.Started.IsZero() {
			started = r.at(st.Started)
			ended = "in progress"
			if !st.Ended.IsZero() {
				ended = r.at(st.Ended)
			}
			spent = duration(st.Spent)
		}
		t.add(itoa(i+1), inline(st.Title), started, ended, spent)
	}
	t.write(&r.d.Builder)
}

var tagWord = map[session.Tag]string{
	session.TagFact: "Fact", session.TagObservation: "Observation",
	session.TagAllegation: "Allegation", session.TagOpinion: "Opinion",
}

// item writes one board item as a list item at the given indent: its text,
// then on a new line its tag, attribution, child and time.
//
// It writes straight into the document: a long board makes this the
// encoders' hottest path.
func (r *record) item(indent, lead string, it session.Item) {
	inner := indent + "  "
	d := &r.d
	d.WriteString(indent)
	d.WriteString("- ")
	d.WriteString(lead)
	d.WriteString(block(it.Text, inner))
	d.WriteString("\\\n")
	d.WriteString(inner)
	d.WriteString("_")
	sep := ""
	if w, ok := tagWord[it.Tag]; ok {
		d.WriteString(w)
		sep = " · "
	}
	if it.Attribution != "" {
		d.WriteString(sep)
		d.WriteString("from ")
		d.WriteString(escapeLine(it.Attribution))
		sep = " · "
	}
	if it.ChildID != "" && r.manyChildren() {
		d.WriteString(sep)
		d.WriteString("about ")
		d.WriteString(r.child(it.ChildID))
		sep = " · "
	}
	d.WriteString(sep)
	d.WriteString("added ")
	if it.Author != "" {
		d.WriteString("by ")
		d.WriteString(r.personName(it.Author))
		d.WriteString(" at ")
	}
	d.WriteString(r.at(it.Created))
	if !it.Edited.IsZero() {
		d.WriteString(", edited ")
		d.WriteString(r.at(it.Edited))
	}
	d.WriteString("_")
	d.WriteString(r.marks(it.Restricted, it.Closed))
	d.WriteString("\n")
}

func (r *record) board() {
	r.d.h(2, "The board")
	dangers := map[string]int{}
	for i, it := range r.c.Section(session.DangerStatements) {
		dangers[it.ID] = i + 1
	}
	for _, sec := range session.Sections {
		r.d.h(3, sec.Title())
		items := r.c.Section(sec)
		for _, it := range items {
			lead := ""
			if sec == session.SafetyGoals && dangers[it.Pair] > 0 {
				lead = "_(answers danger statement " + itoa(dangers[it.Pair]) + ")_ "
			}
			if sec == session.DangerStatements {
				lead = "_(" + itoa(dangers[it.ID]) + ")_ "
			}
			r.item("", lead, it)
			if sec == session.DangerStatements {
				goals := r.c.GoalsFor(it.ID)
				if it.WithheldGoals > 0 {
					r.d.WriteString("  - _A safety goal for this danger statement has been withheld from the family copy._\n")
				} else if len(goals) == 0 {
					r.d.WriteString("  - _No safety goal recorded for this danger statement._\n")
				}
				for _, g := range goals {
					r.item("  ", "**Safety goal:** ", g)
				}
			}
		}
		if sec == session.NextSteps {
			items = r.nextSteps(items)
		}
		held := r.s.Withheld[string(sec)]
		if len(items) > 0 {
			r.d.endList()
		} else if held == 0 || !r.family {
			r.d.note("Nothing recorded.")
		}
		r.withheld(held)
	}
}

// nextSteps lists this plan's actions under the board's next steps, where
// the board shows them, and returns items grown by a placeholder per action
// so the caller knows the section is not empty.
func (r *record) nextSteps(items []session.Item) []session.Item {
	for _, a := range r.c.Actions {
		if a.FromPrevious {
			continue
		}
		line := inline(a.What) + " — " + escapeLine(a.Owner)
		if !a.Due.IsZero() {
			line += ", by " + day(a.Due)
		}
		r.d.li(line + r.marks(a.Restricted, a.Closed))
		items = append(items, session.Item{})
	}
	return items
}
