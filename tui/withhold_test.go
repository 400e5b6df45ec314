package tui

import (
	"testing"

	"confer/session"
)

// choosePerson moves the People cursor to the attendee with this name.
func choosePerson(t testing.TB, m *model, name string) session.Attendee {
	t.Helper()
	for i, r := range m.peopleRows() {
		if r.att != nil && r.att.Name == name {
			m.peopleI = i
			return *r.att
		}
	}
	t.Fatalf("no %s in the people list", name)
	return session.Attendee{}
}

func attendee(t testing.TB, f *fixture, name string) session.Attendee {
	t.Helper()
	for _, a := range f.room.Snapshot().Attendees {
		if a.Name == name {
			return a
		}
	}
	t.Fatalf("no attendee %s", name)
	return session.Attendee{}
}

// Saving the attendance form keeps the notes it was opened with (it used
// to send none, and UpdateAttendee replaced them with nothing), and sends
// Expected and the notes' restricted mark.
func TestAttendanceFormKeepsNotes(t *testing.T) {
	f := newFixture(t)
	dad := attendee(t, f, "Chris Smith")
	f.do(t, pChair, session.UpdateAttendee{ID: dad.ID, Name: dad.Name, Relationship: dad.Relationship,
		Attendance: session.Present, Notes: "Arrived at 10:20 with his sister."})
	mt := f.client(t, pMinute, 100, 30, nil)
	press(t, mt, "P")
	choosePerson(t, mt, "Chris Smith")
	press(t, mt, "u")
	mustContain(t, viewText(mt), "Arrived at 10:20")
	press(t, mt, "right") // present -> expected
	press(t, mt, "enter", "enter", "enter", "enter", "enter", "right", "enter")
	if mt.form != nil {
		t.Fatalf("form still open: %s", viewText(mt))
	}
	got := attendee(t, f, "Chris Smith")
	if got.Notes != "Arrived at 10:20 with his sister." {
		t.Fatalf("notes after saving the attendance form: %q", got.Notes)
	}
	if got.Attendance != session.Expected {
		t.Fatalf("attendance %q, want expected", got.Attendance)
	}
	if !got.NotesRestricted {
		t.Fatal("the notes were not marked withheld")
	}
}
