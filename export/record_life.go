package export

import (
	"confer/session"
)

// versionLine says which version of the record this is and where it is in
// its life cycle, for the header of every document.
func versionLine(c *session.Conference) string {
	v := "version " + itoa(c.Record.Version())
	switch c.Status() {
	case session.RecordLive:
		return "Live record, " + v + ": the conference was still running when this was made."
	case session.RecordApproved:
		a, _ := c.LastApproval()
		word := "Approved"
		if c.Reapproved() {
			word = "Re-approved after amendment"
		}
		return word + " by the chair on " + day(a.At) + ", " + v + "."
	}
	if len(c.Record.Approvals) > 0 {
		return "Draft, " + v + ": amended since the chair approved it, and not yet re-approved."
	}
	return "Draft, " + v + ": not yet approved by the chair."
}

// amendments writes the amendment log: every correction after the meeting
// with who, when, why, and the text before and after.
func (r *record) amendments() {
	r.d.h(2, "Amendments")
	log := r.c.Record.Amendments
	held := r.s.Withheld["amendments"]
	if len(log) == 0 {
		if held == 0 || !r.family {
			r.d.note("The record has not been amended since the meeting.")
		}
		r.withheld(held)
		return
	}
	for _, a := range log {
		r.d.h(3, "Version "+itoa(a.Version)+": "+escapeLine(a.What)+r.marks(a.Restricted, false))
		r.d.li("**When:** " + r.at(a.At))
		r.d.li("**By:** " + r.person(a.By))
		r.d.li("**Why:**\\\n  " + orNone(block(a.Reason, "  ")))
		r.d.li("**Before:**\\\n  " + orNone(block(a.Before, "  ")))
		r.d.li("**After:**\\\n  " + orNone(block(a.After, "  ")))
		r.d.endList()
	}
	for _, ap := range r.c.Record.Approvals {
		r.d.li("Version " + itoa(ap.Version) + " approved by " + r.personName(ap.By) + " at " + r.at(ap.At) + ".")
	}
	if len(r.c.Record.Approvals) > 0 {
		r.d.endList()
	}
	r.withheld(held)
}

func orNone(s string) string {
	if s == "" {
		return "_(empty)_"
	}
	return s
}
