package session

import (
	"context"
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Options configure a [Service].
type Options struct {
	// Now is the clock; time.Now if nil. Inject it for deterministic tests
	// and records.
	Now func() time.Time
	// NewID returns a fresh conference ID; random if nil.
	NewID func() string
	// Deadlines for new conferences; DefaultDeadlines if zero.
	Deadlines Deadlines
	// Templates override the built-in agendas per conference type.
	Templates map[ConferenceType]Template
}

// Service holds every live conference of one process.
type Service struct {
	j    Journal
	opts Options

	mu   sync.RWMutex // guards hubs and archived
	hubs map[string]*Hub
	// archived holds summaries of ended conferences not in memory; see
	// archive.go.
	archived map[string]*Conference
}

// Open rebuilds every conference in the journal and returns the service.
// With a journal that is also an [Archive], ended conferences are kept as
// summaries and loaded on demand by [Service.Hub].
func Open(j Journal, opts Options) (*Service, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.NewID == nil {
		opts.NewID = randomID
	}
	if opts.Deadlines == (Deadlines{}) {
		opts.Deadlines = DefaultDeadlines
	}
	s := &Service{j: j, opts: opts, hubs: map[string]*Hub{}, archived: map[string]*Conference{}}
	ids, err := j.Conferences()
	if err != nil {
		return nil, fmt.Errorf("session: list conferences: %w", err)
	}
	if err := s.load(ids); err != nil {
		return nil, err
	}
	return s, nil
}

// randomID returns an unguessable conference ID.
func randomID() string {
	var b [10]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return "c" + strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b[:]))
}

// NewInviteCode returns a fresh invite code to show to the chair: 12
// letters and digits in three groups, easy to read aloud (no 0/O, 1/I).
func NewInviteCode() string {
	const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	var b [12]byte
	_, _ = rand.Read(b[:])
	out := make([]byte, 0, 14)
	for i, v := range b {
		if i > 0 && i%4 == 0 {
			out = append(out, '-')
		}
		out = append(out, alphabet[int(v)%len(alphabet)])
	}
	return string(out)
}

// Create starts a new conference chaired by the actor and returns its hub.
// The creation is durable before Create returns.
func (s *Service) Create(ctx context.Context, by Actor, op CreateConference) (*Hub, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	by, err := cleanActor(by)
	if err != nil {
		return nil, err
	}
	if op.ID == "" {
		op.ID = s.opts.NewID()
	}
	if len(op.Agenda) == 0 {
		if t, ok := s.opts.Templates[op.Type]; ok {
			op.Agenda = cloneSteps(t.Steps)
		}
	}
	if op.Deadlines == nil {
		d := s.opts.Deadlines
		op.Deadlines = &d
	}
	s.mu.Lock()
	if _, dup := s.hubs[op.ID]; dup || s.archived[op.ID] != nil {
		s.mu.Unlock()
		return nil, refuse(ErrConflict, "conference %s already exists", op.ID)
	}
	empty := &Conference{Step: -1}
	x := &checkCtx{by: by, now: norm(s.opts.Now())}
	checked, err := op.check(empty, x)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	e := Event{Seq: 1, At: x.now, By: by, Op: checked}
	data, err := EncodeEvent(e)
	if err != nil {
		s.mu.Unlock()
		return nil, err
	}
	// Reserve the ID while the event syncs.
	s.hubs[op.ID] = nil
	s.mu.Unlock()

	err = <-s.j.Append(op.ID, 1, data)

	s.mu.Lock()
	defer s.mu.Unlock()
	if err != nil {
		delete(s.hubs, op.ID)
		return nil, refuse(ErrClosed, "the conference could not be saved")
	}
	c := &Conference{Step: -1}
	applyEvent(c, &e, true)
	h := newHub(op.ID, s.j, s.opts.Now, c)
	s.hubs[op.ID] = h
	return h, nil
}

// Hub returns the conference with the given ID, loading it from the
// archive if it is there.
func (s *Service) Hub(id string) (*Hub, bool) {
	s.mu.RLock()
	h, archived := s.hubs[id], s.archived[id] != nil
	s.mu.RUnlock()
	if h == nil && archived {
		return s.unarchive(id)
	}
	return h, h != nil
}

// Hubs returns every conference in memory (not the archived ones), newest
// date first.
func (s *Service) Hubs() []*Hub {
	s.mu.RLock()
	out := make([]*Hub, 0, len(s.hubs))
	for _, h := range s.hubs {
		if h != nil {
			out = append(out, h)
		}
	}
	s.mu.RUnlock()
	slices.SortFunc(out, func(a, b *Hub) int {
		ca, cb := a.Snapshot(), b.Snapshot()
		if c := cb.Date.Compare(ca.Date); c != 0 {
			return c
		}
		return strings.Compare(a.id, b.id)
	})
	return out
}

// Membership is one conference a person belongs to, as the lobby lists it.
type Membership struct {
	ConferenceID string
	Title        string
	Type         ConferenceType
	Date         time.Time
	Children     []string
	AttendeeID   string
	Role         Role
	Ended        bool
}

// For lists the conferences the actor belongs to: by person ID, or, for an
// admitted guest, by the fingerprint of the key they authenticated with.
func (s *Service) For(a Actor) []Membership {
	var out []Membership
	for _, h := range s.Hubs() {
		c := h.Snapshot().Conference
		if at, ok := c.AttendeeFor(a); ok {
			out = append(out, membership(c, at))
		}
	}
	if archived := s.archivedFor(a); len(archived) > 0 {
		out = append(out, archived...)
		slices.SortStableFunc(out, func(x, y Membership) int {
			if c := y.Date.Compare(x.Date); c != 0 {
				return c
			}
			return strings.Compare(x.ConferenceID, y.ConferenceID)
		})
	}
	return out
}

// FindInvite returns the conference an invite code belongs to, if the code
// exists (used, expired or not: the hub's check says which).
func (s *Service) FindInvite(code string) (*Hub, bool) {
	hash := HashCode(code)
	for _, h := range s.Hubs() {
		for _, inv := range h.Snapshot().Invites {
			if inv.Hash == hash {
				return h, true
			}
		}
	}
	return nil, false
}

// Now returns the service clock's time.
func (s *Service) Now() time.Time { return s.opts.Now() }

// ReviewFrom builds the creation of a review conference from a previous
// one: same children, the previous plan's actions to check progress
// against, and the previous final scaling figures for comparison.
func ReviewFrom(prev *Conference, date time.Time) CreateConference {
	op := CreateConference{Type: Review, Title: prev.Title, Date: date, Venue: prev.Venue,
		Children: slices.Clone(prev.Children)}
	p := &Previous{ConferenceID: prev.ID, Date: prev.Date}
	for _, ch := range prev.Children {
		// The last closed round for each child is its final figure.
		for i := len(prev.Rounds) - 1; i >= 0; i-- {
			r := prev.Rounds[i]
			// A round the family could not see is not carried: the
			// review's figures are shown to the family.
			if r.ChildID != ch.ID || r.State != RoundClosed || r.DangerID != "" || r.hides(familyAll) {
				continue
			}
			pr := PreviousRound{ChildID: ch.ID, ChildName: ch.Name, Question: r.Question}
			for _, sc := range r.Scores {
				if !sc.hides(familyAll) {
					pr.Scores = append(pr.Scores, sc.Value)
				}
			}
			if len(pr.Scores) == 0 {
				continue
			}
			pr.Min, pr.Median, pr.Max, _ = spread(pr.Scores)
			p.Rounds = append(p.Rounds, pr)
			break
		}
	}
	op.Previous = p
	for _, a := range prev.Actions {
		op.PreviousActions = append(op.PreviousActions, Action{What: a.What, Owner: a.Owner, Due: a.Due,
			ChildID: a.ChildID, Restricted: a.Hidden()})
	}
	return op
}
