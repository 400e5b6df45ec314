package session

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unicode/utf8"
)

// Journal is where events are made durable. Implementations must keep the
// events of one conference in the order they were queued, and must refuse
// every later append once one has failed, so the journal never has a gap.
type Journal interface {
	// Append queues one encoded event. The channel yields nil once the
	// event is synced to disk, or the error that stopped it.
	Append(conference string, seq uint64, data []byte) <-chan error
	// Conferences lists the IDs of every conference in the journal.
	Conferences() ([]string, error)
	// Load calls fn with each event of a conference in sequence order.
	Load(conference string, fn func(seq uint64, data []byte) error) error
}

// Hub is one live conference: it serialises commands, writes them to the
// journal, and tells subscribers when a new snapshot exists.
type Hub struct {
	id  string
	j   Journal
	now func() time.Time

	mu sync.Mutex // guards tip, failed, presence, version and publishing order
	// tip has every accepted event applied, including those still being
	// synced; commands are checked against it so they can be pipelined.
	tip      *Conference
	failed   error
	presence map[string]int
	version  Version

	pub atomic.Pointer[Snapshot] // the last published snapshot

	subMu sync.Mutex // guards subs
	subs  map[chan Version]struct{}
}

func newHub(id string, j Journal, now func() time.Time, c *Conference) *Hub {
	h := &Hub{id: id, j: j, now: now, tip: c, presence: map[string]int{}, subs: map[chan Version]struct{}{}}
	h.version = Version(c.Seq)
	if c.views == nil {
		c.views = &viewCache{}
	}
	h.pub.Store(&Snapshot{Conference: c, Version: h.version, Connected: map[string]int{}})
	return h
}

// ID returns the conference ID.
func (h *Hub) ID() string { return h.id }

// Snapshot returns the latest published state. It never blocks on writers.
func (h *Hub) Snapshot() Snapshot { return *h.pub.Load() }

// Do checks a command against the actor's role and the current state,
// makes the resulting event durable, applies it and notifies subscribers.
// It returns once the change is on disk and published, or with a refusal
// that changed nothing.
func (h *Hub) Do(ctx context.Context, cmd Command) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	op, err := valueOp(cmd.Op)
	if err != nil {
		return err
	}
	cmd.Op = op
	if cmd.By, err = cleanActor(cmd.By); err != nil {
		return err
	}
	if _, ok := cmd.Op.(CreateConference); ok {
		return refuse(ErrConflict, "conferences are created through the service")
	}
	h.mu.Lock()
	if h.failed != nil {
		h.mu.Unlock()
		return refuse(ErrClosed, "this conference cannot be changed until the server restarts")
	}
	next, e, err := h.prepare(cmd)
	if err != nil {
		h.mu.Unlock()
		return err
	}
	data, err := EncodeEvent(e)
	if err != nil {
		h.mu.Unlock()
		return err
	}
	h.tip = next
	// Queue under the lock so the journal sees this conference's events in
	// sequence order; wait for the sync outside it so commands pipeline.
	done := h.j.Append(h.id, e.Seq, data)
	h.mu.Unlock()

	err = <-done

	h.mu.Lock()
	defer h.mu.Unlock()
	if err != nil {
		if h.failed == nil {
			h.failed = err
			// Fall back to what everyone has seen; nothing after it is on disk.
			h.tip = h.pub.Load().Conference
		}
		return refuse(ErrClosed, "the change could not be saved")
	}
	if next.Seq > h.pub.Load().Seq {
		h.publish(next)
	}
	return nil
}

// valueOp returns op as the value type check and apply expect. A pointer
// op (&AddItem{}) is dereferenced, and a nil one refused, so it cannot panic
// while the hub lock is held.
func valueOp(op Op) (Op, error) {
	if op == nil {
		return nil, refuse(ErrInvalid, "empty command")
	}
	v := reflect.ValueOf(op)
	if v.Kind() != reflect.Pointer {
		return op, nil
	}
	if v.IsNil() {
		return nil, refuse(ErrInvalid, "empty command")
	}
	out, ok := v.Elem().Interface().(Op)
	if !ok {
		return nil, refuse(ErrInvalid, "unknown command")
	}
	return out, nil
}

// cleanActor makes the actor safe to record: its name and agency are shown
// on other terminals and in the audit trail, so they are sanitised like any
// typed text. The ID and fingerprint identify people, so they are refused
// rather than changed if they carry anything Clean would remove: a changed
// ID could match someone else.
func cleanActor(a Actor) (Actor, error) {
	for _, s := range []string{a.ID, a.Fingerprint} {
		if c, err := Clean(s, OneLine); err != nil || c != s || len(s) > MaxLine {
			return Actor{}, refuse(ErrInvalid, "the identity of this terminal is malformed")
		}
	}
	a.Name = cleanDisplay(a.Name)
	a.Agency = cleanDisplay(a.Agency)
	return a, nil
}

// cleanDisplay cleans a display string that comes from configuration
// rather than typing, replacing invalid UTF-8 instead of refusing it and
// cutting it to MaxLine runes.
func cleanDisplay(s string) string {
	out, _ := Clean(strings.ToValidUTF8(s, "\uFFFD"), OneLine)
	if utf8.RuneCountInString(out) > MaxLine {
		out = strings.TrimSpace(string([]rune(out)[:MaxLine]))
	}
	return out
}

// prepare checks cmd against the tip and returns the state after it.
func (h *Hub) prepare(cmd Command) (*Conference, Event, error) {
	c := h.tip
	if !c.Ended.IsZero() && !allowedAfterEnd(cmd.Op) {
		return nil, Event{}, refuse(ErrEnded, "nothing more can be recorded")
	}
	x := &checkCtx{by: cmd.By, now: norm(h.now())}
	if self, ok := c.AttendeeFor(cmd.By); ok {
		x.self, x.role = self, self.Role
	}
	if ch, ok := c.Chair(); ok {
		x.chairConnected = h.presence[ch.ID] > 0
	}
	op, err := cmd.Op.check(c, x)
	if err != nil {
		return nil, Event{}, err
	}
	e := Event{Seq: c.Seq + 1, At: x.now, By: cmd.By, Op: op}
	next := *c
	next.views = &viewCache{} // a new state has no family views yet
	applyEvent(&next, &e, false)
	return &next, e, nil
}

// applyEvent folds one event into c, with its audit line.
func applyEvent(c *Conference, e *Event, inPlace bool) {
	x := &applyCtx{e: e, inPlace: inPlace}
	if disclosureOf(e.Op) == recordsSpeech {
		x.veil = c.veilNow()
	}
	summary := e.Op.apply(c, x)
	// Name the actor by attendee ID where they are one, so the audit trail
	// joins up with the attendance list (a guest's transport ID does not).
	actorID := e.By.ID
	if at, ok := c.AttendeeFor(e.By); ok {
		actorID = at.ID
	} else if g, ok := c.GuestFor(e.By.Fingerprint); ok && e.By.Fingerprint != "" {
		actorID = g.ID
	}
	c.Audit = append(c.Audit, AuditEntry{Seq: e.Seq, At: e.At, ActorID: actorID, Actor: e.By.Name,
		Kind: e.Op.Kind(), Summary: summary})
	c.Seq = e.Seq
}

// publish makes c the visible state. Callers hold h.mu.
func (h *Hub) publish(c *Conference) {
	h.version++
	h.pub.Store(&Snapshot{Conference: c, Version: h.version, Connected: h.pub.Load().Connected})
	h.notify(h.version)
}

// notify tells every subscriber about v without ever blocking: a slot that
// still holds an unread version is overwritten.
func (h *Hub) notify(v Version) {
	h.subMu.Lock()
	defer h.subMu.Unlock()
	for ch := range h.subs {
		select {
		case <-ch:
		default:
		}
		ch <- v // cannot block: the slot is empty and only notify sends
	}
}

// Subscribe returns a channel that receives the newest version whenever the
// conference changes. It holds at most one unread version (latest wins) and
// is closed when ctx ends.
func (h *Hub) Subscribe(ctx context.Context) <-chan Version {
	ch := make(chan Version, 1)
	h.subMu.Lock()
	h.subs[ch] = struct{}{}
	h.subMu.Unlock()
	context.AfterFunc(ctx, func() {
		h.subMu.Lock()
		delete(h.subs, ch)
		close(ch)
		h.subMu.Unlock()
	})
	return ch
}

// Subscribers returns how many subscriptions are live.
func (h *Hub) Subscribers() int {
	h.subMu.Lock()
	defer h.subMu.Unlock()
	return len(h.subs)
}

// Attach marks an attendee as connected until ctx ends. Presence is live
// state, not journaled: after a restart nobody is connected.
func (h *Hub) Attach(ctx context.Context, attendeeID string) {
	h.setPresence(attendeeID, +1)
	context.AfterFunc(ctx, func() { h.setPresence(attendeeID, -1) })
}

func (h *Hub) setPresence(id string, delta int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.presence[id] += delta
	if h.presence[id] <= 0 {
		delete(h.presence, id)
	}
	cur := h.pub.Load()
	h.version++
	// The conference is unchanged, so the family views made of it still hold.
	h.pub.Store(&Snapshot{Conference: cur.Conference, Version: h.version, Connected: maps.Clone(h.presence)})
	h.notify(h.version)
}

// Failed returns the journal error that stopped this conference, if any.
func (h *Hub) Failed() error {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.failed
}

// replay rebuilds a conference from its journal.
func replay(j Journal, id string) (*Conference, error) {
	c := &Conference{Step: -1}
	err := j.Load(id, func(seq uint64, data []byte) error {
		e, err := DecodeEvent(data)
		if err != nil {
			return err
		}
		if e.Seq != seq || e.Seq != c.Seq+1 {
			return fmt.Errorf("session: conference %s: event %d out of order (expected %d)", id, e.Seq, c.Seq+1)
		}
		if c.Seq == 0 {
			if _, ok := e.Op.(CreateConference); !ok {
				return fmt.Errorf("session: conference %s: journal does not start with its creation", id)
			}
		}
		applyEvent(c, &e, true)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if c.ID == "" {
		return nil, errors.New("session: conference " + id + ": empty journal")
	}
	return c, nil
}
