package export

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"confer/session"
)

// TestDetailsWithheld: the child's address (restricted by default) and a
// restricted household member never reach the family copy or the letter,
// while the full record holds them under their headings.
func TestDetailsWithheld(t *testing.T) {
	snap := richConference(t, identity)
	secret := []string{"14 Elm Road", "Lisa's new partner"}
	for _, e := range encoders {
		var b bytes.Buffer
		if err := e.enc(&b, snap); err != nil {
			t.Fatal(err)
		}
		for _, s := range secret {
			if got := strings.Contains(b.String(), s); got != (e.name == "full") {
				t.Errorf("%s: holds %q: got %v, want %v", e.name, s, got, e.name == "full")
			}
		}
	}
}

// TestRecordVersion: every document says which version of the record it
// is and whether the chair approved it.
func TestRecordVersion(t *testing.T) {
	snap := richConference(t, identity)
	for _, e := range encoders {
		var b bytes.Buffer
		if err := e.enc(&b, snap); err != nil {
			t.Fatal(err)
		}
		if want := "Approved by the chair on Monday 30 November 2026, version 2."; !strings.Contains(b.String(), want) {
			t.Errorf("%s: got no %q", e.name, want)
		}
	}
}

// TestRestrictedFieldsNeverReachFamily marks every record field restricted
// with a secret in it, live and as amendments after the end, and checks
// no family document (Markdown or HTML) holds any secret while the full
// record holds them all.
func TestRestrictedFieldsNeverReachFamily(t *testing.T) {
	w := newWorld(t, ldn(t, 2026, time.March, 2, 9, 0))
	jo := session.Actor{ID: "jo", Name: "Jo Okafor", MayChair: true}
	h := w.create(jo, session.CreateConference{Type: session.Initial, Date: ldn(t, 2026, time.March, 2, 10, 0),
		Children: []session.Child{{Name: "Cal"}}})
	w.do(h, jo, session.GoToStep{Index: 0})
	yes := true
	var secrets []string
	for i, f := range session.RecordFields {
		s := "secretlive" + itoa(i) + "x"
		secrets = append(secrets, s)
		w.do(h, jo, session.SetRecordText{Field: f, Text: "Text " + s, Restricted: &yes})
	}
	w.do(h, jo, session.EndConference{})
	for i, f := range session.RecordFields {
		s := "secretlate" + itoa(i) + "x"
		secrets = append(secrets, s)
		w.do(h, jo, session.SetRecordText{Field: f, Text: "Later " + s, Reason: "Correction " + s})
	}
	snap := h.Snapshot()
	for _, d := range []Document{FullRecord, FamilyCopy, DecisionLetter, FamilyCopy.AsHTML(), DecisionLetter.AsHTML()} {
		var b bytes.Buffer
		if err := d.Encode(&b, snap); err != nil {
			t.Fatal(err)
		}
		for _, s := range secrets {
			if got, want := strings.Contains(b.String(), s), d.Name == "full"; got != want {
				t.Errorf("%s.%s holds %s: got %v, want %v", d.Name, d.ext(), s, got, want)
			}
		}
	}
}
