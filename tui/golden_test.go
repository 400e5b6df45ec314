package tui

import (
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"confer/session"
)

func TestGoldenBoard(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {160, 48}} {
		for _, role := range []string{"chair", "minute-taker", "viewer", "family"} {
			t.Run(role+"_"+itoa(size.w)+"x"+itoa(size.h), func(t *testing.T) {
				f := newFixture(t)
				for _, a := range []session.Actor{pChair, pMinute, pGP, pMum} {
					if a.ID != roles[role].ID {
						f.room.Attach(t.Context(), attendeeFor(t, f, a))
					}
				}
				m := f.client(t, roles[role], size.w, size.h, nil)
				golden.RequireEqual(t, []byte(viewText(m)))
			})
		}
	}
}

func attendeeFor(t testing.TB, f *fixture, a session.Actor) string {
	t.Helper()
	at, ok := f.room.Snapshot().AttendeeFor(a)
	if !ok {
		t.Fatalf("%s is not an attendee", a.Name)
	}
	return at.ID
}
