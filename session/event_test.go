package session

import (
	"bytes"
	"reflect"
	"testing"
	"time"
)

// TestEventRoundTrip: every op kind survives the journal encoding.
func TestEventRoundTrip(t *testing.T) {
	at := time.Date(2026, 12, 23, 10, 0, 0, 5, time.UTC)
	for kind, mk := range ops {
		op := deref(mk())
		e := Event{Seq: 7, At: at, By: chairActor, Op: op}
		data, err := EncodeEvent(e)
		if err != nil {
			t.Fatalf("%s: encode: %v", kind, err)
		}
		got, err := DecodeEvent(data)
		if err != nil {
			t.Fatalf("%s: decode: %v", kind, err)
		}
		if !reflect.DeepEqual(got, e) {
			t.Errorf("%s: got %#v, want %#v", kind, got, e)
		}
	}
}

func TestDecodeEventRefuses(t *testing.T) {
	for _, in := range []string{
		``, `{`, `null`, `{}`, `{"seq":1,"kind":"item.add"}`,
		`{"seq":0,"kind":"item.add","op":{}}`,
		`{"seq":1,"kind":"nope","op":{}}`,
		`{"seq":1,"kind":"item.add","op":{"text":5}}`,
		`{"seq":1,"at":"9999-12-31T23:59:59-23:00","kind":"conference.end","op":{}}`,
	} {
		if e, err := DecodeEvent([]byte(in)); err == nil {
			t.Errorf("DecodeEvent(%s) = %+v, want an error", in, e)
		}
	}
}

func FuzzDecodeEvent(f *testing.F) {
	at := time.Date(2027, 3, 26, 9, 0, 0, 0, time.UTC)
	for _, op := range []Op{
		AddItem{Section: Harm, Text: "x\ny", Restricted: true},
		CastScore{RoundID: "r1", Value: 3, Reason: "why"},
		CreateConference{ID: "c1", Type: Initial, Date: at, Children: []Child{{ID: "k1", Name: "A"}}, Deadlines: &DefaultDeadlines},
		SetCoreGroup{Members: []string{"a", "b"}},
		EndConference{},
		AddAction{What: "w", Owner: "o", Due: at},
	} {
		data, err := EncodeEvent(Event{Seq: 3, At: at, By: familyActor, Op: op})
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"seq":1,"at":"2026-01-01T00:00:00+01:00","kind":"item.add","op":{"text":"\u001b[31m"}}`))
	f.Add([]byte(`{"seq":1,"kind":"item.add","op":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := DecodeEvent(data)
		if err != nil {
			return
		}
		b1, err := EncodeEvent(e)
		if err != nil {
			t.Fatalf("decoded event does not re-encode: %v\n%s", err, data)
		}
		e2, err := DecodeEvent(b1)
		if err != nil {
			t.Fatalf("re-encoded event does not decode: %v\n%s", err, b1)
		}
		b2, err := EncodeEvent(e2)
		if err != nil {
			t.Fatalf("second encode: %v", err)
		}
		if !bytes.Equal(b1, b2) {
			t.Fatalf("encoding is not stable:\n%s\n%s", b1, b2)
		}
		e3, err := DecodeEvent(b2)
		if err != nil || !reflect.DeepEqual(e2, e3) {
			t.Fatalf("decode(encode(e)) differs: %v\n%#v\n%#v", err, e2, e3)
		}
		if e.Seq != e2.Seq || e.Op.Kind() != e2.Op.Kind() || !e.At.Equal(e2.At) || e.By != e2.By {
			t.Fatalf("round trip changed the event: %+v vs %+v", e, e2)
		}
	})
}
