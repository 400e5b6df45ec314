package export

import (
	"confer/session"
)

// outcome words a recommendation or decision with its category.
func outcome(o session.Outcome, cat session.Category) string {
	s := escapeLine(o.String())
	if cat != session.CategoryNone {
		s += " (category: " + escapeLine(cat.String()) + ")"
	}
	return s
}

func (r *record) recommendations() {
	r.d.h(2, "Recommendations")
	if len(r.c.Recommendations) == 0 {
		if r.s.Withheld["recommendations"] == 0 || !r.family {
			r.d.note("No recommendations were recorded.")
		}
		r.withheld(r.s.Withheld["recommendations"])
		return
	}
	for _, ch := range r.c.Children {
		r.d.h(3, escapeLine(ch.Name))
		t := table{head: []string{"Name", "Recommendation", "Reason"}}
		for _, rec := range r.c.Recommendations {
			if rec.ChildID != ch.ID {
				continue
			}
			name := r.person(rec.AttendeeID)
			if rec.RecordedBy != "" {
				name += " (recorded by " + r.personName(rec.RecordedBy) + ")"
			}
			t.add(name, outcome(rec.Outcome, rec.Category)+r.marks(false, rec.Closed), r.reason(rec.Reason, rec.ReasonRestricted))
		}
		if len(t.rows) == 0 {
			r.d.note("No recommendations were recorded for this child.")
			continue
		}
		t.write(&r.d.Builder)
	}
	r.withheld(r.s.Withheld["recommendations"])
}

func (r *record) decisions() {
	r.d.h(2, "Decisions")
	for _, ch := range r.c.Children {
		r.d.h(3, escapeLine(ch.Name))
		dec, ok := r.c.Decision(ch.ID)
		if !ok {
			r.d.note("No decision was recorded.")
			continue
		}
		r.d.p("**Decision:** " + outcome(dec.Outcome, dec.Category) + ". Recorded at " + r.at(dec.At) + ".")
		cc, _ := r.c.Details.CategoryOf(ch.ID)
		if dec.Category == session.CategoryMultiple {
			if len(cc.Which) > 0 {
				r.d.p("**The categories:** " + categoryWhich(cc.Which) + ".")
			} else {
				r.d.note("Which categories was not recorded.")
			}
		}
		if cc.Initial != session.CategoryNone {
			r.d.p("**Initial category:** " + categoryName(cc.Initial) + r.initialSince(cc) + "; **latest:** " +
				categoryName(dec.Category) + ".")
		}
		if r.family && dec.ReasonsRestricted {
			r.d.p("**Reasons:** _withheld from the family copy._")
		} else {
			r.d.p("**Reasons:**" + r.marks(dec.ReasonsRestricted, false) + "\\\n" + block(dec.Reasons, ""))
		}
	}
	r.withheld(r.s.Withheld["decisions"])
}

func (r *record) dissent() {
	r.d.h(2, "Dissent")
	if len(r.c.Dissent) == 0 {
		if r.s.Withheld["dissent"] == 0 || !r.family {
			r.d.note("No dissent was recorded.")
		}
		r.withheld(r.s.Withheld["dissent"])
		return
	}
	for _, ds := range r.c.Dissent {
		head := r.person(ds.AttendeeID)
		if r.manyChildren() {
			head += ", about " + r.child(ds.ChildID)
		}
		r.d.h(3, head+r.marks(ds.Restricted, ds.Closed))
		r.d.p(block(ds.Text, ""))
		by := ""
		if ds.RecordedBy != "" {
			by = " by " + r.personName(ds.RecordedBy) + " on their behalf"
		}
		r.d.note("Recorded at " + r.at(ds.At) + by + ".")
	}
	r.withheld(r.s.Withheld["dissent"])
}
