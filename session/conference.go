package session

import (
	"slices"
	"sort"
	"strings"
	"time"
)

// Conference is the durable state of one conference: a fold over its
// journal. Every field is set only by applying events.
//
// A Conference reached through a [Snapshot] shares memory with the hub and
// with other snapshots: treat it as read-only. Mutating it is a data race.
type Conference struct {
	ID       string         `json:"id"`
	Type     ConferenceType `json:"type"`
	Title    string         `json:"title,omitempty"`
	Children []Child        `json:"children"`
	Date     time.Time      `json:"date"`
	Venue    string         `json:"venue,omitempty"`
	Created  time.Time      `json:"created"`
	Started  time.Time      `json:"started"` // first agenda step entered
	Ended    time.Time      `json:"ended"`   // conference ended by the chair

	Attendees []Attendee   `json:"attendees"`
	Invites   []Invite     `json:"invites"`
	Guests    []Guest      `json:"guests"`
	Agenda    []AgendaStep `json:"agenda"`
	// Step is the chair's current agenda step; -1 before the first.
	Step int `json:"step"`

	Items  []Item         `json:"items"`
	Rounds []ScalingRound `json:"rounds"`
	// RecommendationsOpen is set while the chair is asking for views.
	RecommendationsOpen bool             `json:"recommendations_open"`
	Recommendations     []Recommendation `json:"recommendations"`
	Decisions           []Decision       `json:"decisions"`
	Dissent             []Dissent        `json:"dissent"`

	Actions          []Action `json:"actions"`
	CoreGroup        []string `json:"core_group"` // names
	LeadSocialWorker string   `json:"lead_social_worker,omitempty"`
	// CoreGroupVeil is who may not see the core group and lead social
	// worker, from when they were last set.
	CoreGroupVeil Veil `json:"core_group_veil"`

	Segments []Segment `json:"segments"`
	// InquorateReason is the chair's recorded reason for going ahead
	// without quorum; empty if they did not need to.
	InquorateReason string `json:"inquorate_reason,omitempty"`
	InquorateVeil   Veil   `json:"inquorate_veil"`
	// Exclusions are the times one family member was asked to leave.
	Exclusions []Exclusion `json:"exclusions"`

	Previous *Previous `json:"previous,omitempty"`
	Deadline Deadlines `json:"deadlines"`

	Audit []AuditEntry `json:"audit"`
	// Seq is the sequence number of the last event applied.
	Seq uint64 `json:"seq"`
	// nextID numbers records (items, rounds, attendees...).
	NextID int `json:"next_id"`

	// views caches the family views of this state, so many family screens
	// redrawing after one change filter it once per family member, not
	// once per frame. The hub gives every state it makes a cache of its
	// own; a view or a sealed copy has none.
	views *viewCache
}

// Snapshot is an immutable view of a conference at one version, with the
// live presence that is not part of the journal.
type Snapshot struct {
	*Conference
	// Version increases with every published change, durable or presence.
	Version Version
	// Connected counts open terminals per attendee ID.
	Connected map[string]int
	// Withheld counts, per section name (or "rounds", "scores", "actions",
	// "recommendations", "dissent", "decisions", "reasons", "attendees",
	// "notes", "quorum", "core-group", "segments"), what a family view left
	// out. It is nil on a full snapshot; like the Conference, it is shared
	// and read-only.
	Withheld map[string]int
}

// Version identifies one published state of a conference.
type Version uint64

// Attendee returns the attendee with the given ID.
func (c *Conference) Attendee(id string) (Attendee, bool) {
	for _, a := range c.Attendees {
		if a.ID == id {
			return a, true
		}
	}
	return Attendee{}, false
}

// AttendeeFor returns the attendee an actor is: matched by person ID for
// known people and by the authenticated key's fingerprint for admitted
// guests. Removed attendees are not matched, and neither are people
// recorded in the room (no person ID, no key): nobody at a terminal can act
// as them. Attendee IDs are never compared with the actor's ID, since a
// people-file ID may happen to equal a generated attendee ID.
func (c *Conference) AttendeeFor(a Actor) (Attendee, bool) {
	for _, at := range c.Attendees {
		if at.Removed {
			continue
		}
		if (at.PersonID != "" && at.PersonID == a.ID) ||
			(at.PersonID == "" && at.Fingerprint != "" && at.Fingerprint == a.Fingerprint) {
			return at, true
		}
	}
	return Attendee{}, false
}

// RoleOf returns the actor's role in the conference.
func (c *Conference) RoleOf(a Actor) Role {
	at, ok := c.AttendeeFor(a)
	if !ok {
		return RoleNone
	}
	return at.Role
}

// Chair returns the current chair.
func (c *Conference) Chair() (Attendee, bool) {
	for _, a := range c.Attendees {
		if a.Role == RoleChair && !a.Removed {
			return a, true
		}
	}
	return Attendee{}, false
}

// MinuteTaker returns the first minute-taker.
func (c *Conference) MinuteTaker() (Attendee, bool) {
	for _, a := range c.Attendees {
		if a.Role == RoleMinuteTaker && !a.Removed {
			return a, true
		}
	}
	return Attendee{}, false
}

// Child returns the child with the given ID.
func (c *Conference) Child(id string) (Child, bool) {
	for _, ch := range c.Children {
		if ch.ID == id {
			return ch, true
		}
	}
	return Child{}, false
}

// Item returns the board item with the given ID.
func (c *Conference) Item(id string) (Item, bool) {
	for _, it := range c.Items {
		if it.ID == id {
			return it, true
		}
	}
	return Item{}, false
}

// Section returns the items of one section, in order.
func (c *Conference) Section(s Section) []Item {
	var out []Item
	for _, it := range c.Items {
		if it.Section == s {
			out = append(out, it)
		}
	}
	return out
}

// GoalsFor returns the safety goals paired with a danger statement.
func (c *Conference) GoalsFor(dangerID string) []Item {
	var out []Item
	for _, it := range c.Items {
		if it.Section == SafetyGoals && it.Pair == dangerID {
			out = append(out, it)
		}
	}
	return out
}

// Round returns the scaling round with the given ID.
func (c *Conference) Round(id string) (ScalingRound, bool) {
	for _, r := range c.Rounds {
		if r.ID == id {
			return r, true
		}
	}
	return ScalingRound{}, false
}

// OpenRound returns the round that is open or revealed but not closed.
func (c *Conference) OpenRound() (ScalingRound, bool) {
	for i := len(c.Rounds) - 1; i >= 0; i-- {
		if c.Rounds[i].State != RoundClosed {
			return c.Rounds[i], true
		}
	}
	return ScalingRound{}, false
}

// Decision returns the decision for a child.
func (c *Conference) Decision(childID string) (Decision, bool) {
	for _, d := range c.Decisions {
		if d.ChildID == childID {
			return d, true
		}
	}
	return Decision{}, false
}

// Recommendation returns an attendee's recommendation for a child.
func (c *Conference) Recommendation(childID, attendeeID string) (Recommendation, bool) {
	for _, r := range c.Recommendations {
		if r.ChildID == childID && r.AttendeeID == attendeeID {
			return r, true
		}
	}
	return Recommendation{}, false
}

// InClosedSegment reports whether a closed segment is in progress.
func (c *Conference) InClosedSegment() bool {
	return len(c.Segments) > 0 && c.Segments[len(c.Segments)-1].Ended.IsZero()
}

// CurrentStep returns the chair's current agenda step.
func (c *Conference) CurrentStep() (AgendaStep, bool) {
	if c.Step < 0 || c.Step >= len(c.Agenda) {
		return AgendaStep{}, false
	}
	return c.Agenda[c.Step], true
}

// Quorum is the live quorum check: children's social care plus at least two
// other agencies present.
type Quorum struct {
	SocialCare bool
	// Agencies are the distinct agencies present, social care included.
	Agencies []string
	Met      bool
}

// socialCare reports whether an agency name is children's social care.
// Agencies are free text in the people file, so this matches the usual
// spellings rather than one exact string.
func socialCare(agency string) bool {
	a := strings.ToLower(agency)
	return strings.Contains(a, "social care") || strings.Contains(a, "children's services") ||
		strings.Contains(a, "childrens services") || strings.Contains(a, "social work")
}

// Quorum computes the quorum from who is marked present. Family members and
// attendees without an agency do not count as agencies, and neither do the
// chair and minute-taker: they run the conference rather than represent an
// agency in it (an independent chair's safeguarding unit would otherwise
// make up a missing agency).
func (c *Conference) Quorum() Quorum {
	seen := map[string]string{}
	var q Quorum
	for _, a := range c.Attendees {
		if a.Removed || a.Attendance != Present || a.Role == RoleFamily ||
			a.Role == RoleChair || a.Role == RoleMinuteTaker {
			continue
		}
		ag := strings.TrimSpace(a.Agency)
		if ag == "" {
			continue
		}
		key := strings.ToLower(ag)
		if _, ok := seen[key]; ok {
			continue
		}
		seen[key] = ag
		if socialCare(ag) {
			q.SocialCare = true
		}
	}
	for _, ag := range seen {
		q.Agencies = append(q.Agencies, ag)
	}
	sort.Strings(q.Agencies)
	others := len(q.Agencies)
	if q.SocialCare {
		others = 0
		for _, ag := range q.Agencies {
			if !socialCare(ag) {
				others++
			}
		}
	}
	q.Met = q.SocialCare && others >= 2
	return q
}

// Dates computes the deadlines that follow from the conference date with
// the conference's configured deadlines.
func (c *Conference) Dates() Dates {
	return c.Deadline.For(c.Type, c.Date)
}

// IsConnected reports whether the attendee has at least one terminal open.
func (s Snapshot) IsConnected(attendeeID string) bool { return s.Connected[attendeeID] > 0 }

// ChairConnected reports whether the chair has a terminal open.
func (s Snapshot) ChairConnected() bool {
	if s.Conference == nil {
		return false
	}
	ch, ok := s.Chair()
	return ok && s.IsConnected(ch.ID)
}

// spread computes min, median and max of vals.
func spread(vals []int) (min, median, max float64, n int) {
	n = len(vals)
	if n == 0 {
		return 0, 0, 0, 0
	}
	v := slices.Clone(vals)
	slices.Sort(v)
	min, max = float64(v[0]), float64(v[n-1])
	if n%2 == 1 {
		median = float64(v[n/2])
	} else {
		median = float64(v[n/2-1]+v[n/2]) / 2
	}
	return min, median, max, n
}
