package export

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"

	"confer/session"

	"github.com/charmbracelet/x/exp/golden"
)

func identity(s string) string { return s }

var encoders = []struct {
	name string
	enc  func(io.Writer, session.Snapshot) error
}{{"full", Full}, {"family", Family}, {"letter", Letter}}

// TestGolden compares the three documents of the rich conference with
// testdata/TestGolden/*.golden; go test ./export -update rewrites them.
func TestGolden(t *testing.T) {
	snap := richConference(t, identity)
	for _, e := range encoders {
		t.Run(e.name, func(t *testing.T) { goldenDoc(t, e.enc, snap) })
	}
}

func goldenDoc(t *testing.T, enc func(io.Writer, session.Snapshot) error, snap session.Snapshot) {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b, snap); err != nil {
		t.Fatal(err)
	}
	golden.RequireEqual(t, b.Bytes())
}

// TestNewConference renders a pre-birth conference that has only just been
// created: every document must still be complete and say plainly what is
// missing.
func TestNewConference(t *testing.T) {
	w := newWorld(t, ldn(t, 2026, time.March, 2, 9, 0))
	chair := session.Actor{ID: "jo", Name: "Jo Okafor", MayChair: true}
	h := w.create(chair, session.CreateConference{Type: session.PreBirth, Date: ldn(t, 2026, time.March, 2, 10, 0),
		Children: []session.Child{{Name: "Baby Smith"}}})
	golden := map[string][]string{
		"full": {"# Pre-birth child protection conference", "Baby Smith (unborn)",
			"**Time:** not started (scheduled for 10:00)", "**Not quorate.**",
			"No reason for going ahead without quorum was recorded.", "_No decision was recorded._",
			"**Review conference:** by Tuesday 2 June 2026"},
		"family": {"_No closed segments were held._", "_The audit trail is kept with the full record._"},
		"letter": {"We have not made a decision for Baby Smith yet.",
			"We have not named your lead social worker yet."},
	}
	snap := h.Snapshot()
	for _, e := range encoders {
		var b bytes.Buffer
		if err := e.enc(&b, snap); err != nil {
			t.Fatalf("%s: %v", e.name, err)
		}
		for _, want := range golden[e.name] {
			if !bytes.Contains(b.Bytes(), []byte(want)) {
				t.Errorf("%s: got no %q in\n%s", e.name, want, b.String())
			}
		}
	}
}

// TestLetterNoPlan checks the letter when no child needs a plan: no core
// group or review is promised.
func TestLetterNoPlan(t *testing.T) {
	w := newWorld(t, ldn(t, 2026, time.March, 2, 9, 0))
	chair := session.Actor{ID: "jo", Name: "Jo Okafor", MayChair: true}
	h := w.create(chair, session.CreateConference{Type: session.Initial, Date: ldn(t, 2026, time.March, 2, 10, 0),
		Children: []session.Child{{Name: "Cal"}, {Name: "Dee"}}})
	w.do(h, chair, session.ProceedWithoutQuorum{Reason: "Test"})
	w.do(h, chair, session.Decide{ChildID: "k1", Outcome: session.OutcomeNFA, Reasons: "No risk found."})
	w.do(h, chair, session.Decide{ChildID: "k2", Outcome: session.OutcomeCINPlan, Reasons: "Needs support."})
	var b bytes.Buffer
	if err := Letter(&b, h.Snapshot()); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	for _, want := range []string{
		"**To:** the parents and carers of Cal and Dee",
		"Cal does not need a child protection plan. We do not need to do more under child protection rules.",
		"Dee will have a child in need plan",
		"You will get the notes of the meeting by",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("got no %q in\n%s", want, out)
		}
	}
	for _, unwanted := range []string{"core group", "review conference"} {
		if strings.Contains(out, unwanted) {
			t.Errorf("got %q in a letter where no child has a plan:\n%s", unwanted, out)
		}
	}
}
