package export

import (
	"strings"

	"confer/session"
)

var attendanceWord = map[session.Attendance]string{
	session.Present: "Present", session.Apologies: "Apologies", session.Absent: "Absent",
	session.Expected: "Expected, did not join",
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func (r *record) attendance() {
	r.d.h(2, "Attendance")
	if len(r.c.Attendees) == 0 {
		r.d.note("No one was recorded.")
		return
	}
	t := table{head: []string{"Name", "Profession or relationship", "Agency", "Attendance", "Joined", "Report", "Shared with parents"}}
	for _, a := range r.c.Attendees {
		name := escapeLine(a.Name)
		if a.Removed {
			name += " (removed by the chair)"
		}
		rel := escapeLine(a.Relationship)
		if rel == "" {
			rel = "Not recorded"
		}
		if a.Role == session.RoleChair || a.Role == session.RoleMinuteTaker {
			if !strings.EqualFold(a.Relationship, a.Role.String()) {
				rel += " (" + strings.ToLower(a.Role.String()) + ")"
			}
		}
		joined := "—"
		if a.Attendance == session.Present {
			joined = "In the room"
			if a.Remote {
				joined = "Remotely"
			}
		}
		word, ok := attendanceWord[a.Attendance]
		if !ok {
			word = escapeLine(string(a.Attendance))
		}
		shared := "—"
		if a.ReportSubmitted {
			shared = yesNo(a.ReportShared)
		}
		t.add(name, rel, escapeLine(a.Agency), word, joined, yesNo(a.ReportSubmitted), shared)
	}
	t.write(&r.d.Builder)
	r.withheld(r.s.Withheld["attendees"])
}

func (r *record) quorum() {
	r.d.h(2, "Quorum")
	q := r.c.Quorum()
	ags := make([]string, len(q.Agencies))
	for i, a := range q.Agencies {
		ags[i] = escapeLine(a)
	}
	present := "No agencies were recorded as present."
	if len(ags) > 0 {
		present = "Agencies present: " + list(ags) + "."
	}
	if q.Met {
		r.d.p("**Quorate.** Children's social care and at least two other agencies were present. " + present)
	} else {
		msg := "**Not quorate.** A conference needs children's social care and at least two other agencies. " + present
		if !q.SocialCare {
			msg += " Children's social care was not present."
		}
		r.d.p(msg)
	}
	switch {
	case r.c.InquorateReason != "" && q.Met:
		r.d.p("The conference was not quorate for part of the meeting. The chair recorded the reason for going ahead:")
		r.d.p(block(r.c.InquorateReason, ""))
	case r.c.InquorateReason != "":
		r.d.p("The chair recorded the reason for going ahead without quorum:")
		r.d.p(block(r.c.InquorateReason, ""))
	case !q.Met && r.s.Withheld["quorum"] == 0:
		r.d.p("No reason for going ahead without quorum was recorded.")
	}
	r.withheld(r.s.Withheld["quorum"])
}

func (r *record) confidentiality() {
	r.d.h(2, "Confidentiality")
	t := table{head: []string{"Name", "Accepted the confidentiality statement"}}
	var missing []string
	for _, a := range r.c.Attendees {
		switch {
		case !a.AcceptedAt.IsZero():
			t.add(nameAgency(a), r.at(a.AcceptedAt))
		case a.Attendance == session.Present && !a.Removed:
			missing = append(missing, escapeLine(a.Name))
		}
	}
	if len(t.rows) == 0 {
		r.d.note("No one accepted the confidentiality statement on a terminal.")
	} else {
		t.write(&r.d.Builder)
	}
	if len(missing) > 0 {
		r.d.p("Not recorded on a terminal (in the room, or did not join): " + list(missing) + ".")
	}
}

func (r *record) reports() {
	r.d.h(2, "Reports received")
	t := table{head: []string{"From", "Agency", "Shared with parents before the conference"}}
	for _, a := range r.c.Attendees {
		if a.ReportSubmitted {
			t.add(escapeLine(a.Name), escapeLine(a.Agency), yesNo(a.ReportShared))
		}
	}
	if len(t.rows) == 0 {
		r.d.note("No reports were recorded as received.")
		return
	}
	t.write(&r.d.Builder)
}

func (r *record) distribution() {
	r.d.h(2, "Distribution")
	var pros, fam []string
	for _, a := range r.c.Attendees {
		if a.Removed || (a.Attendance != session.Present && a.Attendance != session.Apologies) {
			continue
		}
		if a.Role == session.RoleFamily {
			fam = append(fam, escapeLine(a.Name))
		} else {
			pros = append(pros, nameAgency(a))
		}
	}
	r.d.p("**Full record** to the professionals present or who sent apologies:")
	if len(pros) == 0 {
		r.d.note("None.")
	}
	for _, p := range pros {
		r.d.li(p)
	}
	if len(pros) > 0 {
		r.d.endList()
	}
	kids := make([]string, len(r.c.Children))
	for i, ch := range r.c.Children {
		kids[i] = escapeLine(ch.Name)
	}
	to := "the parents and carers of " + list(kids)
	if len(fam) > 0 {
		to += " (" + list(fam) + ")"
	}
	r.d.p("**Family copy** and **decision letter** to " + to + ".")
	r.d.h(3, session.FieldContact.Title())
	r.field(session.FieldContact)
}
