package export

import (
	"slices"
	"strings"

	"confer/session"
)

// note writes one of the record's free-text fields as a paragraph under a
// bold label, with who wrote it; false if nothing was written.
func (r *record) detail(f session.RecordField, label string) bool {
	n, ok := r.c.Details.Text[f]
	if !ok || strings.TrimSpace(n.Text) == "" {
		return false
	}
	r.noteText(label, n)
	return true
}

func (r *record) noteText(label string, n session.Note) {
	lead := ""
	if label != "" {
		lead = "**" + label + ":**\\\n"
	}
	r.d.p(lead + block(n.Text, "") + r.marks(n.Restricted, n.Closed))
	if n.By != "" {
		r.d.note("Written by " + r.personName(n.By) + " at " + r.at(n.At) + ".")
	}
}

// fields writes several fields, each under its own heading at level h,
// saying "Nothing recorded." for one left empty.
func (r *record) fields(h int, fs ...session.RecordField) {
	for _, f := range fs {
		r.d.h(h, f.Title())
		r.field(f)
	}
}

// field writes one field's text, or says it is empty or withheld.
func (r *record) field(f session.RecordField) {
	if r.detail(f, "") {
		return
	}
	if held := r.s.Withheld["text:"+string(f)]; held > 0 && r.family {
		r.withheld(held)
		return
	}
	r.d.note("Nothing recorded.")
}

// caseContext writes why the conference was called and the family's
// circumstances.
func (r *record) caseContext() {
	r.d.h(2, "Case context")
	fs := []session.RecordField{session.FieldReason, session.FieldS47}
	if r.c.Type == session.Review || r.c.Details.Text[session.FieldBackground].Text != "" {
		fs = append(fs, session.FieldBackground)
	}
	r.fields(3, fs...)
	r.household()
	r.fields(3, session.FieldAddress, session.FieldLanguage)
	if r.c.Type == session.Review || slices.ContainsFunc(r.c.Details.Categories, func(cc session.ChildCategory) bool {
		return cc.Initial != session.CategoryNone || cc.Previous != session.CategoryNone
	}) {
		r.categoryHistory()
	}
}

func (r *record) household() {
	r.d.h(3, "Household and parental responsibility")
	ms := r.c.Details.Household
	if len(ms) == 0 {
		if r.s.Withheld["household"] == 0 || !r.family {
			r.d.note("Nothing recorded.")
		}
		r.withheld(r.s.Withheld["household"])
		return
	}
	t := table{head: []string{"Name", "Relationship", "Parental responsibility", "Lives with the child"}}
	for _, m := range ms {
		t.add(escapeLine(m.Name)+r.marks(m.Restricted, false), escapeLine(m.Relationship),
			yesNo(m.ParentalResponsibility), yesNo(m.LivesWithChild))
	}
	t.write(&r.d.Builder)
	r.withheld(r.s.Withheld["household"])
}

// categoryHistory writes, per child, the category the plan began under and
// the one at the previous conference.
func (r *record) categoryHistory() {
	r.d.h(3, "Category history")
	t := table{head: []string{"Child", "Initial category", "Since", "Previous conference"}}
	for _, ch := range r.c.Children {
		cc, _ := r.c.Details.CategoryOf(ch.ID)
		since := "—"
		if !cc.InitialDate.IsZero() {
			since = plainDay(cc.InitialDate)
		}
		t.add(escapeLine(ch.Name), categoryName(cc.Initial), since, categoryName(cc.Previous))
	}
	t.write(&r.d.Builder)
}

func categoryName(c session.Category) string {
	if c == session.CategoryNone {
		return "—"
	}
	return escapeLine(c.String())
}

// categoryWhich words the categories a "multiple" decision means.
func categoryWhich(which []session.Category) string {
	names := make([]string, len(which))
	for i, w := range which {
		names[i] = strings.ToLower(w.String())
	}
	return list(names)
}

// summary writes the chair's summary and the analysis of risk.
func (r *record) summary() {
	r.d.h(2, "Chair's summary")
	r.field(session.FieldSummary)
	r.d.h(3, session.FieldAnalysis.Title())
	r.field(session.FieldAnalysis)
}

// stepNotes writes the discussion note of each agenda step that has one.
func (r *record) stepNotes() {
	r.d.h(2, "Discussion notes")
	var n, held int
	for i, st := range r.c.Agenda {
		key := session.StepKey(r.c.Agenda, i)
		held += r.s.Withheld["note:"+key]
		note, ok := r.c.Details.StepNotes[key]
		if !ok || note.Text == "" {
			continue
		}
		r.d.h(3, itoa(i+1)+". "+inline(st.Title))
		r.noteText("", note)
		n++
	}
	if n == 0 && (held == 0 || !r.family) {
		r.d.note("No discussion notes were written.")
	}
	r.withheld(held)
}

// planDetail writes the plan's outcomes, contingency, visiting and, when a
// child gets no child protection plan or a plan ends, the child in need or
// step-down plan.
func (r *record) planDetail() {
	r.fields(3, session.FieldOutcomes, session.FieldContingency, session.FieldVisiting, session.FieldSeenAlone)
	_, written := r.c.Details.Text[session.FieldCINPlan]
	if written || r.s.Withheld["text:"+string(session.FieldCINPlan)] > 0 || r.endsPlan() {
		r.fields(3, session.FieldCINPlan)
	}
}

// endsPlan reports whether any child gets no child protection plan or has
// one ended.
func (r *record) endsPlan() bool {
	return slices.ContainsFunc(r.c.Decisions, func(d session.Decision) bool {
		return !d.Outcome.NeedsCategory()
	})
}

// initialSince words when the initial category began, if known.
func (r *record) initialSince(cc session.ChildCategory) string {
	if cc.InitialDate.IsZero() {
		return ""
	}
	return " (since " + plainDay(cc.InitialDate) + ")"
}
