package export

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"confer/session"
)

// headingsOf maps each marker found in md to the headings (level 2 and 3)
// it appears under.
func headingsOf(md string, markers []string) map[string][2]string {
	out := map[string][2]string{}
	var h2, h3 string
	for line := range strings.SplitSeq(md, "\n") {
		switch {
		case strings.HasPrefix(line, "## "):
			h2, h3 = strings.TrimPrefix(line, "## "), ""
		case strings.HasPrefix(line, "### "):
			h3 = strings.TrimPrefix(line, "### ")
		}
		for _, m := range markers {
			if _, seen := out[m]; !seen && strings.Contains(line, m) && !strings.HasPrefix(line, "#") {
				out[m] = [2]string{h2, h3}
			}
		}
	}
	return out
}

// TestEveryFieldUnderItsHeading enters, for many seeds, a random choice of
// the record's fields (each free-text field, step notes, household
// members, board items in every section, actions) with a unique marker,
// and checks each marker appears in the full record under its own heading.
func TestEveryFieldUnderItsHeading(t *testing.T) {
	for seed := range uint64(25) {
		rng := rand.New(rand.NewPCG(seed, 7))
		w := newWorld(t, time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC))
		chair := session.Actor{ID: "chair", Name: "Chair", MayChair: true}
		h := w.create(chair, session.CreateConference{Type: session.Initial, Date: w.clock.Now().Add(time.Hour),
			Children: []session.Child{{Name: "Child One"}}})
		w.do(h, chair, session.GoToStep{Index: 0})
		n := 0
		marker := func() string { n++; return "mkr" + itoa(int(seed)) + "q" + itoa(n) + "z" }
		want := map[string][2]string{}
		for _, f := range session.RecordFields {
			if f == session.FieldStepNote || rng.IntN(3) == 0 {
				continue
			}
			m := marker()
			w.do(h, chair, session.SetRecordText{Field: f, Text: "Text " + m})
			switch f {
			case session.FieldSummary:
				want[m] = [2]string{"Chair's summary", ""}
			case session.FieldAnalysis:
				want[m] = [2]string{"Chair's summary", f.Title()}
			case session.FieldReason, session.FieldS47, session.FieldBackground, session.FieldAddress, session.FieldLanguage:
				want[m] = [2]string{"Case context", f.Title()}
			case session.FieldContact:
				want[m] = [2]string{"Distribution", f.Title()}
			default:
				want[m] = [2]string{"The plan", f.Title()}
			}
		}
		agenda := h.Snapshot().Agenda
		for i := range agenda {
			if rng.IntN(4) == 0 {
				m := marker()
				w.do(h, chair, session.SetRecordText{Field: session.FieldStepNote, Step: new(i), Text: "Note " + m})
				want[m] = [2]string{"Discussion notes", itoa(i+1) + ". " + escapeLine(agenda[i].Title)}
			}
		}
		var members []session.HouseholdMember
		for range rng.IntN(3) {
			m := marker()
			members = append(members, session.HouseholdMember{Name: "Person " + m, ParentalResponsibility: rng.IntN(2) == 0})
			want[m] = [2]string{"Case context", "Household and parental responsibility"}
		}
		if len(members) > 0 {
			w.do(h, chair, session.SetHousehold{Members: members})
		}
		for _, sec := range session.Sections {
			if rng.IntN(2) == 0 {
				m := marker()
				w.do(h, chair, session.AddItem{Section: sec, Text: "Item " + m})
				want[m] = [2]string{"The board", sec.Title()}
			}
		}
		if rng.IntN(2) == 0 {
			m := marker()
			w.do(h, chair, session.AddAction{What: "Action " + m, Owner: "Someone", Due: w.clock.Now().AddDate(0, 0, 7)})
			want[m] = [2]string{"The board", session.NextSteps.Title()} // first shown under Next steps
		}
		var b bytes.Buffer
		if err := Full(&b, h.Snapshot()); err != nil {
			t.Fatal(err)
		}
		markers := make([]string, 0, len(want))
		for m := range want {
			markers = append(markers, m)
		}
		slices.Sort(markers)
		got := headingsOf(b.String(), markers)
		for _, m := range markers {
			if got[m] != want[m] {
				t.Errorf("seed %d: %s: got under %q, want under %q", seed, m, got[m], want[m])
			}
		}
	}
}
