package server

import (
	"strings"
	"testing"
	"time"

	"confer/server/servertest"
)

// Someone added or removed with AddPerson and RemovePerson (confer
// people) can, or can no longer, log in to the running server.
func TestPeopleFileEditsReachRunningServer(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	key := servertest.NewKey()
	expectRefused(t, e, key, "x", "a key nobody added")
	p, err := AddPerson(e.people, Person{Name: "Nia Nurse", Agency: "Health", Keys: []string{servertest.AuthorizedKey(key)}})
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "nia.nurse" {
		t.Fatalf("new ID: got %q, want nia.nurse", p.ID)
	}
	time.Sleep(10 * time.Millisecond) // a new modification time for the reload
	_, i := expectAdmitted(t, e, key, "x", "a key just added")
	if got := e.resolvedOptions()[i].Actor.ID; got != "nia.nurse" {
		t.Fatalf("logged in as %q, want nia.nurse", got)
	}
	if _, err := RemovePerson(e.people, "nia.nurse"); err != nil {
		t.Fatal(err)
	}
	if _, err := RemovePerson(e.people, "nobody"); err == nil || !strings.Contains(err.Error(), "no such person") {
		t.Fatalf("removing an unknown ID: got %v", err)
	}
	expectRefused(t, e, key, "x", "a key just removed")
}
