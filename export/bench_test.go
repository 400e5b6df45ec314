package export

import (
	"io"
	"testing"
	"time"

	"confer/session"
)

// bigConference is a long conference: 30 attendees, 500 board items (a
// tenth of them restricted) and 10 closed scaling rounds scored by everyone.
func bigConference(tb testing.TB) session.Snapshot {
	tb.Helper()
	w := newWorld(tb, time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC))
	chair := session.Actor{ID: "chair", Name: "Chair Person", Agency: "Independent Reviewing Service", MayChair: true}
	h := w.create(chair, session.CreateConference{Type: session.Initial, Date: w.clock.Now().Add(time.Hour),
		Children: []session.Child{{Name: "Child One"}, {Name: "Child Two"}, {Name: "Child Three"}}})
	agencies := []string{"Children's Social Care", "Health Visiting", "Oakfield Primary School", "Police", "GP surgery"}
	var people []session.Actor
	for i := range 29 {
		id := "p" + itoa(i)
		people = append(people, session.Actor{ID: id, Name: "Person " + itoa(i)})
		w.do(h, chair, session.AddAttendee{PersonID: id, Name: "Person " + itoa(i), Relationship: "Professional",
			Agency: agencies[i%len(agencies)], Role: session.RoleViewer, Remote: true})
	}
	mt := people[0]
	w.do(h, chair, session.SetRole{AttendeeID: mt.ID, Role: session.RoleMinuteTaker})
	w.do(h, chair, session.GoToStep{Index: 0})
	for i := range 500 {
		sec := session.Sections[i%len(session.Sections)]
		if sec == session.SafetyGoals {
			sec = session.NextSteps
		}
		w.do(h, mt, session.AddItem{Section: sec, Text: "Board item " + itoa(i) + ": what was said, who saw it and when | with (some) *markup* to escape",
			Tag: session.Tags[i%len(session.Tags)], Attribution: agencies[i%len(agencies)], ChildID: "k" + itoa(1+i%3),
			Restricted: i%10 == 0})
	}
	for r := range 10 {
		w.do(h, chair, session.OpenRound{ChildID: "k" + itoa(1+r%3)})
		id := h.Snapshot().Rounds[r].ID
		for i, p := range people {
			w.do(h, p, session.CastScore{RoundID: id, Value: (i + r) % 11, Reason: "Because of what I have seen this month"})
		}
		w.do(h, chair, session.CloseRound{RoundID: id})
	}
	return h.Snapshot()
}

// BenchmarkFull renders the full record of a 500-item, 30-attendee,
// 10-round conference.
func BenchmarkFull(b *testing.B) {
	snap := bigConference(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := Full(io.Discard, snap); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFamily renders the family copy of the same conference.
func BenchmarkFamily(b *testing.B) {
	snap := bigConference(b)
	b.ReportAllocs()
	for b.Loop() {
		if err := Family(io.Discard, snap); err != nil {
			b.Fatal(err)
		}
	}
}
