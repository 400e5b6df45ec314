package export

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"confer/session"
)

// randomConference drives a conference through the session API with a
// seeded random mix of commands. Every piece of text carries a unique
// marker word; the markers written restricted or during a closed segment
// are returned as secret, the rest as public. Items that are edited keep
// the model of which markers are still on the board.
type randomConference struct {
	secret, public map[string]bool
	snap           session.Snapshot
}

func buildRandom(tb testing.TB, seed uint64) randomConference {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	w := newWorld(tb, time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC))
	chair := session.Actor{ID: "chair", Name: "Chair", Agency: "Independent Reviewing Service", MayChair: true}
	h := w.create(chair, session.CreateConference{Type: session.Initial, Date: w.clock.Now().Add(time.Hour),
		Children: []session.Child{{Name: "Child One"}, {Name: "Child Two"}}})
	mt := session.Actor{ID: "mt", Name: "Minute Taker"}
	w.do(h, chair, session.AddAttendee{PersonID: "mt", Name: "Minute Taker", Role: session.RoleMinuteTaker, Remote: true})
	var viewers []session.Actor
	for i, ag := range []string{"Children's Social Care", "Health", "School", "Police"} {
		id := "v" + itoa(i)
		viewers = append(viewers, session.Actor{ID: id, Name: "Viewer " + itoa(i)})
		w.do(h, chair, session.AddAttendee{PersonID: id, Name: "Viewer " + itoa(i), Agency: ag,
			Role: session.RoleViewer, Remote: true})
	}
	w.do(h, chair, session.GoToStep{Index: 0})
	w.do(h, chair, session.ProceedWithoutQuorum{Reason: "Going ahead"})

	rc := randomConference{secret: map[string]bool{}, public: map[string]bool{}}
	n := 0
	// marker returns a fresh word: "mk", a base-23 counter in a–w, then
	// "x", so no marker is a substring of another.
	marker := func(hidden bool) string {
		n++
		var b strings.Builder
		b.WriteString("mk")
		for k := n; k > 0; k /= 23 {
			b.WriteByte(byte('a' + k%23))
		}
		b.WriteByte('x')
		m := b.String()
		if hidden {
			rc.secret[m] = true
		} else {
			rc.public[m] = true
		}
		return m
	}
	inSeg := false
	type itemModel struct {
		id     string
		closed bool
		marker string
	}
	var items []itemModel
	roundOpen := ""
	scored := map[string]string{} // round and attendee → marker of their current score
	kids := []string{"k1", "k2"}
	for range 30 + rng.IntN(30) {
		switch rng.IntN(9) {
		case 0:
			if inSeg {
				w.do(h, chair, session.EndClosedSegment{})
			} else {
				w.do(h, chair, session.StartClosedSegment{})
			}
			inSeg = !inSeg
		case 1, 2:
			restricted := rng.IntN(3) == 0
			sec := session.Sections[rng.IntN(len(session.Sections))]
			if sec == session.SafetyGoals {
				sec = session.Strengths
			}
			m := marker(restricted || inSeg)
			w.do(h, mt, session.AddItem{Section: sec, Text: "item " + m, Attribution: "from " + m, Restricted: restricted})
			items = append(items, itemModel{id: h.Snapshot().Items[len(h.Snapshot().Items)-1].ID, closed: inSeg, marker: m})
		case 3:
			if len(items) == 0 {
				continue
			}
			i := rng.IntN(len(items))
			restricted := rng.IntN(3) == 0
			closed := items[i].closed || inSeg
			// The old marker leaves the board; only the journal keeps it.
			delete(rc.secret, items[i].marker)
			delete(rc.public, items[i].marker)
			m := marker(restricted || closed)
			w.do(h, mt, session.EditItem{ID: items[i].id, Text: "edited " + m, Restricted: restricted})
			items[i].closed, items[i].marker = closed, m
		case 4:
			if roundOpen == "" {
				q := marker(inSeg)
				w.do(h, chair, session.OpenRound{ChildID: kids[rng.IntN(2)], Question: "question " + q})
				roundOpen = h.Snapshot().Rounds[len(h.Snapshot().Rounds)-1].ID
				continue
			}
			w.do(h, chair, session.CloseRound{RoundID: roundOpen})
			roundOpen = ""
		case 5:
			if roundOpen == "" {
				continue
			}
			// A score given in a closed segment is secret even if its
			// round was opened before the segment started.
			r, _ := h.Snapshot().Round(roundOpen)
			v := viewers[rng.IntN(len(viewers))]
			// A second score from the same person replaces the first.
			key := roundOpen + "/" + v.ID
			delete(rc.secret, scored[key])
			delete(rc.public, scored[key])
			m := marker(inSeg || r.Closed)
			scored[key] = m
			w.do(h, v, session.CastScore{RoundID: roundOpen, Value: rng.IntN(11), Reason: "score " + m})
		case 6:
			if !h.Snapshot().RecommendationsOpen {
				w.do(h, chair, session.AskRecommendations{Open: true})
			}
			v := viewers[rng.IntN(len(viewers))]
			k := kids[rng.IntN(2)]
			// A later recommendation replaces the earlier one.
			if old, ok := h.Snapshot().Recommendation(k, v.ID); ok {
				for word := range strings.FieldsSeq(old.Reason) {
					delete(rc.secret, word)
					delete(rc.public, word)
				}
			}
			w.do(h, v, session.Recommend{ChildID: k, Outcome: session.OutcomeCINPlan, Reason: "rec " + marker(inSeg)})
		case 7:
			v := viewers[rng.IntN(len(viewers))]
			w.do(h, v, session.RecordDissent{ChildID: kids[rng.IntN(2)], Text: "dissent " + marker(inSeg) + "\n" + marker(inSeg)})
		case 8:
			restricted := rng.IntN(3) == 0
			m := marker(restricted || inSeg)
			w.do(h, mt, session.AddAction{What: "action " + m, Owner: "owner " + m,
				Due: w.clock.Now().AddDate(0, 0, 14), Restricted: restricted})
		}
	}
	if roundOpen != "" {
		w.do(h, chair, session.CloseRound{RoundID: roundOpen})
	}
	if inSeg {
		w.do(h, chair, session.EndClosedSegment{})
	}
	w.do(h, chair, session.Decide{ChildID: "k1", Outcome: session.OutcomeCPPlan, Category: session.CategoryNeglect,
		Reasons: "decided " + marker(false)})
	rc.snap = h.Snapshot()
	return rc
}

// TestNothingHiddenReachesTheFamily builds many random conferences and
// checks that no restricted text and nothing recorded in a closed segment
// reaches the family copy or the letter, while the full record holds all of
// it and the family copy holds everything public.
func TestNothingHiddenReachesTheFamily(t *testing.T) {
	iterations := 150
	if testing.Short() {
		iterations = 20
	}
	var secrets, publics int
	for seed := range uint64(iterations) {
		rc := buildRandom(t, seed)
		var full, fam, letter bytes.Buffer
		if err := Full(&full, rc.snap); err != nil {
			t.Fatal(err)
		}
		if err := Family(&fam, rc.snap); err != nil {
			t.Fatal(err)
		}
		if err := Letter(&letter, rc.snap); err != nil {
			t.Fatal(err)
		}
		for m := range rc.secret {
			secrets++
			if bytes.Contains(fam.Bytes(), []byte(m)) {
				t.Errorf("seed %d: secret marker %s is in the family copy", seed, m)
			}
			if bytes.Contains(letter.Bytes(), []byte(m)) {
				t.Errorf("seed %d: secret marker %s is in the letter", seed, m)
			}
			if !bytes.Contains(full.Bytes(), []byte(m)) {
				t.Errorf("seed %d: secret marker %s is missing from the full record", seed, m)
			}
		}
		for m := range rc.public {
			publics++
			if !bytes.Contains(fam.Bytes(), []byte(m)) {
				t.Errorf("seed %d: public marker %s is missing from the family copy", seed, m)
			}
			if !bytes.Contains(full.Bytes(), []byte(m)) {
				t.Errorf("seed %d: public marker %s is missing from the full record", seed, m)
			}
		}
		if t.Failed() {
			return
		}
	}
	// The generator must actually produce both kinds, or the test proves
	// nothing.
	if secrets < iterations || publics < iterations {
		t.Errorf("got %d secret and %d public markers over %d conferences, want at least %d of each",
			secrets, publics, iterations, iterations)
	}
}
