package linear

import "confer/session"

// viewFor returns the snapshot this person may see, as the session filters
// it: family viewers (and anyone not, or not yet, admitted) get the family
// view, everyone else the view for their role, and everyone else's scores in
// an unrevealed round are sealed. It is the same composition the full-screen
// app uses; the rule itself lives in session and is not repeated here.
// self is the person's attendee record, if they have one.
func viewFor(full session.Snapshot, a session.Actor) (view session.Snapshot, self session.Attendee, ok bool) {
	if full.Conference == nil {
		return full, session.Attendee{}, false
	}
	self, ok = full.AttendeeFor(a)
	role := session.RoleNone
	if ok {
		role = self.Role
	}
	if role == session.RoleFamily || role == session.RoleNone {
		return full.FamilyView().Sealed(self.ID), self, ok
	}
	return full.For(role).Sealed(self.ID), self, ok
}

// excluded reports whether the view is one a closed segment shuts: a family
// view while the segment lasts shows "closed segment in progress" and
// nothing else.
func excluded(v session.Snapshot) bool {
	return v.Conference != nil && v.Withheld != nil && v.InClosedSegment()
}
