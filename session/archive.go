package session

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"
)

// Archive is implemented by journals that keep a small summary of each
// ended conference, so the service need not replay ended conferences at
// start-up. It is optional: without it every conference is replayed.
type Archive interface {
	// PutSummaries stores summaries by conference ID.
	PutSummaries(byConf map[string][]byte) error
	// Summaries calls fn with each stored summary. A journal must drop a
	// conference's summary when it appends an event to it.
	Summaries(fn func(conf string, summary []byte) error) error
}

// summary is what the service keeps in memory of an archived conference:
// what the lobby lists and the retention review needs, and who belongs.
type summary struct {
	ID        string         `json:"id"`
	Type      ConferenceType `json:"type"`
	Title     string         `json:"title,omitempty"`
	Children  []Child        `json:"children"`
	Date      time.Time      `json:"date"`
	Ended     time.Time      `json:"ended"`
	Seq       uint64         `json:"seq"`
	Attendees []Attendee     `json:"attendees"`
}

// summarise keeps of c only what an archived conference needs.
func summarise(c *Conference) *Conference {
	s := &Conference{ID: c.ID, Type: c.Type, Title: c.Title, Date: c.Date, Ended: c.Ended, Seq: c.Seq,
		Children: slices.Clone(c.Children), Step: -1}
	for _, a := range c.Attendees {
		if !a.Removed {
			s.Attendees = append(s.Attendees, Attendee{ID: a.ID, PersonID: a.PersonID, Fingerprint: a.Fingerprint,
				Name: a.Name, Role: a.Role})
		}
	}
	return s
}

func encodeSummary(c *Conference) ([]byte, error) {
	return json.Marshal(summary{ID: c.ID, Type: c.Type, Title: c.Title, Children: c.Children, Date: c.Date,
		Ended: c.Ended, Seq: c.Seq, Attendees: c.Attendees})
}

func decodeSummary(data []byte) (*Conference, error) {
	var s summary
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, err
	}
	return &Conference{ID: s.ID, Type: s.Type, Title: s.Title, Children: s.Children, Date: s.Date,
		Ended: s.Ended, Seq: s.Seq, Attendees: s.Attendees, Step: -1}, nil
}

// load brings the journal's conferences into the service: live ones are
// replayed into hubs; ended ones are archived, from their summary if
// there is one, and otherwise replayed once to write one (a conference
// viewed or exported since its summary was written has none).
func (s *Service) load(ids []string) error {
	arch, _ := s.j.(Archive)
	sums := map[string]*Conference{}
	if arch != nil {
		err := arch.Summaries(func(conf string, data []byte) error {
			// One that does not decode is rebuilt below, from the journal.
			if c, err := decodeSummary(data); err == nil && c.ID == conf {
				sums[conf] = c
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("session: read the archive: %w", err)
		}
	}
	fresh := map[string][]byte{}
	for _, id := range ids {
		if c, ok := sums[id]; ok {
			s.archived[id] = c
			continue
		}
		c, err := replay(s.j, id)
		if err != nil {
			return err
		}
		if arch == nil || c.Ended.IsZero() {
			s.hubs[id] = newHub(id, s.j, s.opts.Now, c)
			continue
		}
		sum := summarise(c)
		data, err := encodeSummary(sum)
		if err != nil {
			return err
		}
		fresh[id] = data
		s.archived[id] = sum
	}
	if arch != nil {
		if err := arch.PutSummaries(fresh); err != nil {
			return fmt.Errorf("session: write the archive: %w", err)
		}
	}
	return nil
}

// unarchive loads an archived conference into a hub, to view or export
// it; it stays in memory until the server restarts.
func (s *Service) unarchive(id string) (*Hub, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := s.hubs[id]; h != nil {
		return h, true
	}
	if s.archived[id] == nil {
		return nil, false
	}
	c, err := replay(s.j, id)
	if err != nil {
		return nil, false
	}
	h := newHub(id, s.j, s.opts.Now, c)
	s.hubs[id] = h
	delete(s.archived, id)
	return h, true
}

// archivedFor lists the archived conferences the actor belongs to.
func (s *Service) archivedFor(a Actor) []Membership {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []Membership
	for _, c := range s.archived {
		if at, ok := c.AttendeeFor(a); ok {
			out = append(out, membership(c, at))
		}
	}
	return out
}

// membership is how the lobby lists one conference for one attendee.
func membership(c *Conference, at Attendee) Membership {
	m := Membership{ConferenceID: c.ID, Title: c.Title, Type: c.Type, Date: c.Date,
		AttendeeID: at.ID, Role: at.Role, Ended: !c.Ended.IsZero()}
	for _, ch := range c.Children {
		m.Children = append(m.Children, ch.Name)
	}
	return m
}

// Ended returns every ended conference, archived or in memory, oldest end
// first. Archived ones are summaries: their ID, type, title, children,
// date, end, sequence number and attendees, nothing of the board.
func (s *Service) Ended() []*Conference {
	var out []*Conference
	for _, h := range s.Hubs() {
		if c := h.Snapshot().Conference; !c.Ended.IsZero() {
			out = append(out, c)
		}
	}
	s.mu.RLock()
	for _, c := range s.archived {
		out = append(out, c)
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b *Conference) int {
		return cmp.Or(a.Ended.Compare(b.Ended), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// Archived returns how many conferences are archived (not in memory).
func (s *Service) Archived() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.archived)
}
