package export

import (
	"bytes"
	"strings"
	"testing"
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
