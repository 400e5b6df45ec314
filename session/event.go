package session

import (
	"encoding/json"
	"fmt"
	"reflect"
	"time"
)

// Event is one accepted change: the op as checked, who made it, when, and
// its place in the conference's journal. Events are the audit trail.
type Event struct {
	Seq uint64
	At  time.Time
	By  Actor
	Op  Op
}

// ops maps each op kind to a constructor for decoding the journal.
var ops = map[string]func() Op{}

func register(ctors ...func() Op) {
	for _, f := range ctors {
		k := f().Kind()
		if _, dup := ops[k]; dup {
			panic("session: op kind registered twice: " + k)
		}
		ops[k] = f
	}
}

// record is an event as the journal stores it.
type record struct {
	Seq  uint64          `json:"seq"`
	At   time.Time       `json:"at"`
	By   Actor           `json:"by"`
	Kind string          `json:"kind"`
	Op   json.RawMessage `json:"op"`
}

// EncodeEvent returns the journal bytes of an event.
func EncodeEvent(e Event) ([]byte, error) {
	body, err := json.Marshal(e.Op)
	if err != nil {
		return nil, fmt.Errorf("session: encode %s: %w", e.Op.Kind(), err)
	}
	return json.Marshal(record{Seq: e.Seq, At: e.At.UTC(), By: e.By, Kind: e.Op.Kind(), Op: body})
}

// DecodeEvent parses journal bytes back into an event. Anything malformed,
// or an op kind this build does not know, is an error: replay never guesses.
func DecodeEvent(data []byte) (Event, error) {
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return Event{}, fmt.Errorf("session: decode event: %w", err)
	}
	mk, ok := ops[r.Kind]
	if !ok {
		return Event{}, fmt.Errorf("session: decode event %d: unknown kind %q", r.Seq, r.Kind)
	}
	if r.Seq == 0 {
		return Event{}, fmt.Errorf("session: decode event: no sequence number")
	}
	// The journal writes times in UTC; anything else did not come from
	// EncodeEvent. Normalising keeps decode(encode(e)) equal to e, and a
	// time that leaves the years JSON can hold once in UTC is refused.
	r.At = r.At.UTC()
	if y := r.At.Year(); y < 1 || y > 9999 {
		return Event{}, fmt.Errorf("session: decode event %d: time out of range", r.Seq)
	}
	ptr := mk()
	if len(r.Op) == 0 {
		return Event{}, fmt.Errorf("session: decode event %d: no op", r.Seq)
	}
	if err := json.Unmarshal(r.Op, ptr); err != nil {
		return Event{}, fmt.Errorf("session: decode event %d (%s): %w", r.Seq, r.Kind, err)
	}
	return Event{Seq: r.Seq, At: r.At, By: r.By, Op: deref(ptr)}, nil
}

// deref turns the *T the registry made back into the T value that check
// returns, so live and replayed ops are the same type.
func deref(op Op) Op {
	return reflect.ValueOf(op).Elem().Interface().(Op)
}
