package export

import (
	"slices"
	"strings"

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
func (r *record) item(indent, lead string, it session.Item) {
	inner := indent + "  "
	var meta []string
	if w, ok := tagWord[it.Tag]; ok {
		meta = append(meta, w)
	}
	if it.Attribution != "" {
		meta = append(meta, "from "+escapeLine(it.Attribution))
	}
	if it.ChildID != "" && r.manyChildren() {
		meta = append(meta, "about "+r.child(it.ChildID))
	}
	stamp := "added " + r.at(it.Created)
	if !it.Edited.IsZero() {
		stamp += ", edited " + r.at(it.Edited)
	}
	meta = append(meta, stamp)
	r.d.WriteString(indent + "- " + lead + block(it.Text, inner) + "\\\n" + inner +
		"_" + strings.Join(meta, " · ") + "_" + r.marks(it.Restricted, it.Closed) + "\n")
}

func (r *record) board() {
	r.d.h(2, "The board")
	dangers := map[string]bool{}
	for _, it := range r.c.Section(session.DangerStatements) {
		dangers[it.ID] = true
	}
	for _, sec := range session.Sections {
		r.d.h(3, sec.Title())
		items := r.c.Section(sec)
		if sec == session.SafetyGoals {
			// Goals paired with a danger statement are written under it.
			items = slices.DeleteFunc(items, func(it session.Item) bool { return dangers[it.Pair] })
		}
		for _, it := range items {
			r.item("", "", it)
			if sec == session.DangerStatements {
				goals := r.c.GoalsFor(it.ID)
				if r.heldGoals[it.ID] > 0 {
					r.d.WriteString("  - _A safety goal for this danger statement has been withheld from the family copy._\n")
				} else if len(goals) == 0 {
					r.d.WriteString("  - _No safety goal recorded for this danger statement._\n")
				}
				for _, g := range goals {
					r.item("  ", "**Safety goal:** ", g)
				}
			}
		}
		held := r.s.Withheld[string(sec)]
		if sec == session.SafetyGoals {
			// Goals withheld under a danger statement were marked there.
			for d := range dangers {
				held -= r.heldGoals[d]
			}
		}
		if len(items) > 0 {
			r.d.endList()
		} else if held == 0 || !r.family {
			r.d.note("Nothing recorded.")
		}
		r.withheld(held)
	}
}
