package export

import (
	"slices"
	"strconv"

	"confer/session"
)

// Audit kinds the summary picks out, named by session's ops so a renamed
// kind cannot silently drop out of the record.
var (
	kindAccept   = session.AcceptConfidentiality{}.Kind()
	kindRole     = session.SetRole{}.Kind()
	kindHandOver = session.HandOverChair{}.Kind()
)

func (r *record) audit() {
	r.d.h(2, "Audit summary")
	if r.family {
		r.d.note("The audit trail is kept with the full record.")
		return
	}
	entries := r.c.Audit
	if len(entries) == 0 {
		r.d.note("The audit trail is empty.")
		return
	}
	r.d.p("The journal holds " + plural(len(entries), "event", "events") + " (sequence " +
		strconv.FormatUint(entries[0].Seq, 10) + " to " + strconv.FormatUint(entries[len(entries)-1].Seq, 10) +
		"). Edits and removals show the text before and after.")
	count := map[string]int{}
	for _, e := range entries {
		count[e.Kind]++
	}
	r.d.p("Changes after the fact: board items edited " + itoa(count[session.EditItem{}.Kind()]) +
		", moved " + itoa(count[session.MoveItem{}.Kind()]) + ", removed " + itoa(count[session.RemoveItem{}.Kind()]) +
		"; actions updated " + itoa(count[session.UpdateAction{}.Kind()]) + ", removed " + itoa(count[session.RemoveAction{}.Kind()]) +
		"; attendees removed " + itoa(count[session.RemoveAttendee{}.Kind()]) + ".")

	r.changes(entries)
	r.whoDidWhat(entries)

	r.d.h(3, "Joins")
	joins := table{head: []string{"Time", "ID", "Name"}}
	roles := table{head: []string{"Time", "By", "Change"}}
	for _, e := range entries {
		switch e.Kind {
		case kindAccept:
			joins.add(r.at(e.At), escapeLine(e.ActorID), r.actorName(e))
		case kindRole, kindHandOver:
			// These summaries are built by session from IDs and role
			// names only.
			roles.add(r.at(e.At), r.actorName(e), escapeLine(e.Summary))
		}
	}
	if len(joins.rows) == 0 {
		r.d.note("No one joined on a terminal.")
	} else {
		joins.write(&r.d.Builder)
	}
	r.d.h(3, "Role changes")
	if len(roles.rows) == 0 {
		r.d.note("No roles were changed.")
	} else {
		roles.write(&r.d.Builder)
	}
	r.d.h(3, "Events by kind")
	kinds := make([]string, 0, len(count))
	for k := range count {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	t := table{head: []string{"Kind", "Count"}}
	for _, k := range kinds {
		t.add(escapeLine(k), itoa(count[k]))
	}
	t.write(&r.d.Builder)
}

// changed reports whether an entry is an edit or a removal that carries
// the text it changed.
func changed(e session.AuditEntry) bool { return e.Before != "" || e.After != "" }

// changes writes every edit, move and removal with who made it, when, and
// the text before and after.
func (r *record) changes(entries []session.AuditEntry) {
	r.d.h(3, "Edits and removals")
	n := 0
	for _, e := range entries {
		if !changed(e) {
			continue
		}
		n++
		r.d.li(r.at(e.At) + " — " + r.actorName(e) + " " + escapeLine(e.Summary) + "\\\n" +
			"  **Before:** " + orNone(block(e.Before, "  ")) + "\\\n" +
			"  **After:** " + orNone(block(e.After, "  ")))
	}
	if n == 0 {
		r.d.note("Nothing was edited or removed after it was recorded.")
		return
	}
	r.d.endList()
}

// routine are the kinds recorded many times a meeting whose author the
// record already shows beside them (items, scores, recommendations) or in
// its own table (joins).
var routine = map[string]bool{
	session.AddItem{}.Kind(): true, session.CastScore{}.Kind(): true,
	session.Recommend{}.Kind(): true, kindAccept: true,
}

// whoDidWhat lists every other event: when, who and what, as session
// summarised it (by IDs and kinds, never free text).
func (r *record) whoDidWhat(entries []session.AuditEntry) {
	r.d.h(3, "Who did what")
	t := table{head: []string{"#", "Time", "Who", "What"}}
	for _, e := range entries {
		if routine[e.Kind] || changed(e) {
			continue
		}
		t.add(strconv.FormatUint(e.Seq, 10), r.at(e.At), r.actorName(e), escapeLine(e.Summary))
	}
	if len(t.rows) == 0 {
		r.d.note("Nothing else was recorded.")
		return
	}
	t.write(&r.d.Builder)
}
