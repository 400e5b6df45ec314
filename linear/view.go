package linear

import "confer/session"

// viewFor returns the snapshot this person may see, as session decides it
// ([session.Snapshot.ViewFor]): the same view the full-screen app shows,
// sealed for them. Nobody here repeats the rule. self is the person's
// attendee record, if they have one; someone not (or not yet) admitted
// gets the strictest view there is.
func viewFor(full session.Snapshot, a session.Actor) (view session.Snapshot, self session.Attendee, ok bool) {
	if full.Conference == nil {
		return full, session.Attendee{}, false
	}
	self, ok = full.AttendeeFor(a)
	if !ok {
		self = session.Attendee{}
	}
	return full.ViewFor(self.ID), self, ok
}

// shutOut reports whether the view is one a family member may not follow
// at the moment: a closed segment is in progress, or they are excluded from
// this part of the conference. They are told so, and nothing else.
func shutOut(v session.Snapshot, self string) bool {
	return v.Conference != nil && v.Withheld != nil && (v.InClosedSegment() || v.ExcludedNow(self))
}

// shutNotice is all a person shut out is told.
func shutNotice(v session.Snapshot, self string) string {
	if v.Conference != nil && v.ExcludedNow(self) && !v.InClosedSegment() {
		return excludedNotice
	}
	return closedNotice
}

// The sentences a person shut out hears.
const (
	closedNotice   = "Closed segment in progress. You will hear when it ends."
	excludedNotice = "The chair has asked you to leave this part of the conference. You will hear when you may follow it again."
)
