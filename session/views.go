package session

import (
	"slices"
	"sync"
)

// viewCache holds the family views made from one conference.
type viewCache struct {
	mu sync.Mutex // guards m
	m  map[audience]cachedView
}

// cachedView is a family view's conference and what it withheld; both are
// read-only once stored.
type cachedView struct {
	c *Conference
	w map[string]int
}

func (vc *viewCache) get(a audience) (cachedView, bool) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	v, ok := vc.m[a]
	return v, ok
}

func (vc *viewCache) put(a audience, v cachedView) {
	vc.mu.Lock()
	defer vc.mu.Unlock()
	if vc.m == nil {
		vc.m = map[audience]cachedView{}
	}
	vc.m[a] = v
}

// For returns the snapshot as a person in role r may see it: family viewers
// get [Snapshot.FamilyView], everyone else the full snapshot.
func (s Snapshot) For(r Role) Snapshot {
	if r == RoleFamily || r == RoleNone {
		return s.FamilyView()
	}
	return s
}

// ViewFor returns what the attendee with this ID may see on their screen,
// sealed for them ([Snapshot.Sealed]): a family member gets their own
// family view, which leaves out what was recorded while they were excluded
// as well as everything restricted or closed; anyone else with a role the
// full snapshot. An unknown ID (someone not admitted) gets the family
// view of the family as a whole, the strictest there is.
func (s Snapshot) ViewFor(attendeeID string) Snapshot {
	if s.Conference == nil {
		return s
	}
	a, ok := s.Attendee(attendeeID)
	switch {
	case !ok || a.Removed || attendeeID == "":
		return s.FamilyView().Sealed(attendeeID)
	case a.Role == RoleFamily:
		return s.view(audience{family: true, id: attendeeID}).Sealed(attendeeID)
	}
	return s.Sealed(attendeeID)
}

// FamilyView returns the snapshot as the family as a whole may see it: the
// shared family copy and the decision letter are made from it. It leaves
// out anything restricted, recorded in a closed segment, or recorded while
// any family member was excluded, counting what it left out in Withheld.
// Invites, guests, keys' fingerprints, exclusions and the audit trail are
// dropped too: they are for the professionals.
func (s Snapshot) FamilyView() Snapshot { return s.view(familyAll) }

// FamilyViewFor returns the family view one family member may see: as
// [Snapshot.FamilyView], except that what was recorded while another
// family member was excluded is theirs to see. Their own family copy is
// made from it.
func (s Snapshot) FamilyViewFor(attendeeID string) Snapshot {
	return s.view(audience{family: true, id: attendeeID})
}

// FamilyCopies returns the attendee IDs of family members whose family view
// differs from the family as a whole's, because someone was excluded while
// they were not: each needs a family copy of their own. It is empty when
// one family copy fits everyone.
func (s Snapshot) FamilyCopies() []string {
	if s.Conference == nil || len(s.Exclusions) == 0 {
		return nil
	}
	var out []string
	for _, a := range s.Attendees {
		if a.Role == RoleFamily && !a.Removed {
			out = append(out, a.ID)
		}
	}
	return out
}

// ExcludedNow reports whether the attendee is excluded from the conference
// at the moment.
func (c *Conference) ExcludedNow(attendeeID string) bool {
	for _, e := range c.Exclusions {
		if e.AttendeeID == attendeeID && e.Ended.IsZero() {
			return true
		}
	}
	return false
}

// view is the one place what a family member may see is decided. Every
// record carries the [Veil] its events stamped on it and the restriction
// marks people set; view keeps what audience a may see and blanks
// restricted text, marking the gap.
func (s Snapshot) view(a audience) Snapshot {
	if s.Conference == nil || !a.family {
		return s
	}
	// A view is made only from the published conference: the cache
	// belongs to it, so a view (or a sealed copy) carries none, and a view
	// of a view is filtered again rather than read from the cache.
	vc := s.Conference.views
	if vc != nil {
		if v, ok := vc.get(a); ok {
			s.Conference, s.Withheld = v.c, v.w
			return s
		}
	}
	out := s.filtered(a)
	if vc != nil {
		vc.put(a, cachedView{c: out.Conference, w: out.Withheld})
	}
	return out
}

// filtered makes the view of s for audience a.
func (s Snapshot) filtered(a audience) Snapshot {
	c := *s.Conference
	c.views = nil
	w := map[string]int{}
	withheld := func(key string) { w[key]++ }

	goalsHeld := map[string]int{}
	c.Items = filter(c.Items, func(it Item) bool {
		if it.Restricted || it.hides(a) {
			withheld(string(it.Section))
			if it.Section == SafetyGoals && it.Pair != "" {
				goalsHeld[it.Pair]++
			}
			return false
		}
		return true
	})
	if len(goalsHeld) > 0 {
		for i := range c.Items { // c.Items is a fresh slice
			c.Items[i].WithheldGoals = goalsHeld[c.Items[i].ID]
		}
	}
	c.Rounds = filter(c.Rounds, func(r ScalingRound) bool {
		if r.hides(a) {
			withheld("rounds")
			return false
		}
		return true
	})
	for i := range c.Rounds { // a fresh slice: replacing Scores touches no shared memory
		r := &c.Rounds[i]
		if !slices.ContainsFunc(r.Scores, func(sc Score) bool { return sc.hides(a) || sc.ReasonRestricted }) {
			continue
		}
		r.Scores = filter(r.Scores, func(sc Score) bool {
			if sc.hides(a) {
				r.WithheldScores++
				withheld("scores")
				return false
			}
			return true
		})
		for j := range r.Scores {
			if r.Scores[j].ReasonRestricted {
				r.Scores[j].Reason = ""
				withheld("reasons")
			}
		}
	}
	c.Recommendations = filter(c.Recommendations, func(r Recommendation) bool {
		if r.hides(a) {
			withheld("recommendations")
			return false
		}
		return true
	})
	for i := range c.Recommendations {
		if c.Recommendations[i].ReasonRestricted {
			c.Recommendations[i].Reason = ""
			withheld("reasons")
		}
	}
	c.Decisions = filter(c.Decisions, func(d Decision) bool {
		if d.hides(a) {
			withheld("decisions")
			return false
		}
		return true
	})
	for i := range c.Decisions {
		if c.Decisions[i].ReasonsRestricted {
			c.Decisions[i].Reasons = ""
			withheld("reasons")
		}
	}
	c.Dissent = filter(c.Dissent, func(d Dissent) bool {
		if d.Restricted || d.hides(a) {
			withheld("dissent")
			return false
		}
		return true
	})
	c.Actions = filter(c.Actions, func(x Action) bool {
		if x.Restricted || x.hides(a) {
			withheld("actions")
			return false
		}
		return true
	})
	c.Attendees = filter(c.Attendees, func(x Attendee) bool {
		// A family member always sees themselves, or their screen could not
		// tell who they are.
		if x.hides(a) && (a.id == "" || x.ID != a.id) {
			withheld("attendees")
			return false
		}
		return true
	})
	for i := range c.Attendees {
		x := &c.Attendees[i]
		x.Fingerprint = ""
		// Kept only because it is the viewer's own record: who they are
		// stays, what was noted about them while they could not hear goes.
		if (x.NotesRestricted || x.hides(a)) && x.Notes != "" {
			x.Notes = ""
			withheld("notes")
		}
	}
	if c.InquorateVeil.hides(a) && c.InquorateReason != "" {
		c.InquorateReason = ""
		withheld("quorum")
	}
	if c.CoreGroupVeil.hides(a) && (len(c.CoreGroup) > 0 || c.LeadSocialWorker != "") {
		c.CoreGroup, c.LeadSocialWorker = nil, ""
		withheld("core-group")
	}
	// A family member sees their own exclusions (when, and on what
	// grounds) but not the chair's words about them, and nobody else's.
	c.Exclusions = filter(c.Exclusions, func(e Exclusion) bool { return a.id != "" && e.AttendeeID == a.id })
	for i := range c.Exclusions {
		c.Exclusions[i].Detail = ""
	}
	if len(c.Segments) > 0 {
		w["segments"] = len(c.Segments)
	}
	// Segments (start and end times only) stay, so a family screen can tell
	// that a closed segment is in progress and show nothing else.
	c.Invites = nil
	c.Guests = nil
	c.Audit = nil
	out := s
	out.Conference = &c
	out.Withheld = w
	return out
}

// Sealed returns a copy in which everyone else's scores in rounds not yet
// revealed carry no value or reason, only who has scored: nobody, the
// chair included, can anchor on an early or senior voice, and a terminal
// never holds a sealed value it must not show. self is the viewer's
// attendee ID; their own score is kept so they can see and change it.
func (s Snapshot) Sealed(self string) Snapshot {
	if s.Conference == nil {
		return s
	}
	var rounds []ScalingRound
	for i, r := range s.Rounds {
		if r.State != RoundOpen {
			continue
		}
		if rounds == nil {
			rounds = slices.Clone(s.Rounds)
		}
		scores := make([]Score, len(r.Scores))
		for j, sc := range r.Scores {
			if sc.AttendeeID != self || self == "" {
				sc.Value, sc.Reason, sc.Sealed = 0, "", true
			}
			scores[j] = sc
		}
		rounds[i].Scores = scores
	}
	if rounds == nil {
		return s
	}
	c := *s.Conference
	c.Rounds = rounds
	s.Conference = &c
	c.views = nil // the cache holds views of the unsealed conference
	return s
}

func filter[T any](in []T, keep func(T) bool) []T {
	out := make([]T, 0, len(in))
	for _, x := range in {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}
