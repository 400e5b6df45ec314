package export

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"confer/session"
)

// audit is the oracle of TestNoWithheldTextReachesAnyFamilyMember. It
// knows nothing of record types: each command's text is a set of unique
// markers, and a marker is secret from whoever could not hear it when its
// event was recorded (every family member during a closed segment; an
// excluded family member while excluded) and from every family member if
// the command marked it restricted.
type audit struct {
	secretAll  map[string]bool
	secretFrom map[string]map[string]bool // attendee ID → markers
	own        map[string]map[string]bool // attendee ID → markers of their own name etc.
	n          int
}

// marker returns a fresh word that is no other marker's substring.
func (a *audit) marker() string {
	a.n++
	var b strings.Builder
	b.WriteString("mk")
	for k := a.n; k > 0; k /= 23 {
		b.WriteByte(byte('a' + k%23))
	}
	b.WriteByte('x')
	return b.String()
}

// text returns a marker recorded now, under snapshot s, restricted or not.
func (a *audit) text(s session.Snapshot, restricted bool) string {
	m := a.marker()
	if restricted || s.InClosedSegment() {
		a.secretAll[m] = true
	}
	for _, e := range s.Exclusions {
		if e.Ended.IsZero() {
			if a.secretFrom[e.AttendeeID] == nil {
				a.secretFrom[e.AttendeeID] = map[string]bool{}
			}
			a.secretFrom[e.AttendeeID][m] = true
		}
	}
	return m
}

// hiddenFrom reports whether m must not reach family member id ("" for the
// family as a whole: any family member's secret).
// A family member always sees their own name, whenever it was recorded.
func (a *audit) hiddenFrom(id, m string) bool {
	if id != "" && a.own[id][m] {
		return false
	}
	if a.secretAll[m] {
		return true
	}
	if id != "" {
		return a.secretFrom[id][m]
	}
	for _, ms := range a.secretFrom {
		if ms[m] {
			return true
		}
	}
	return false
}

// randomTrustConference runs a conference through every kind of command,
// in random order, with closed segments, exclusions and restricted marks.
// Commands session refuses are simply skipped.
func randomTrustConference(tb testing.TB, seed uint64) (session.Snapshot, *audit) {
	tb.Helper()
	rng := rand.New(rand.NewPCG(seed, seed^0xdeadbeef))
	w := newWorld(tb, time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC))
	chair := session.Actor{ID: "chair", Name: "Chair", Agency: "Safeguarding", MayChair: true}
	h := w.create(chair, session.CreateConference{Type: session.Initial, Date: w.clock.Now().Add(time.Hour),
		Children: []session.Child{{Name: "Child One"}, {Name: "Child Two"}}})
	a := &audit{secretAll: map[string]bool{}, secretFrom: map[string]map[string]bool{}, own: map[string]map[string]bool{}}
	try := func(by session.Actor, op session.Op) bool {
		w.clock.Tick(time.Minute)
		return h.Do(w.ctx, session.Command{By: by, Op: op}) == nil
	}
	mt := session.Actor{ID: "mt", Name: "Minute Taker"}
	try(chair, session.AddAttendee{PersonID: "mt", Name: "Minute Taker", Role: session.RoleMinuteTaker, Remote: true})
	var pros []session.Actor
	for i, ag := range []string{"Children's Social Care", "Health", "School"} {
		id := "v" + itoa(i)
		pros = append(pros, session.Actor{ID: id, Name: "Viewer " + itoa(i)})
		try(chair, session.AddAttendee{PersonID: id, Name: "Viewer " + itoa(i), Agency: ag, Role: session.RoleViewer, Remote: true})
	}
	// Family guests join with a key; their actors act for themselves.
	var family []session.Actor
	guest := 0
	admit := func(role session.Role) {
		guest++
		g := session.Actor{ID: "guest" + itoa(guest), Name: "Guest", Fingerprint: "SHA256:guest" + itoa(guest)}
		code := "CODE-" + itoa(guest)
		s := h.Snapshot()
		try(chair, session.CreateInvite{Hash: session.HashCode(code), Expires: w.clock.Now().Add(time.Hour)})
		name, agency := a.text(s, false), a.text(s, false)
		if !try(g, session.RedeemInvite{Hash: session.HashCode(code), Name: name, Agency: agency}) {
			return
		}
		gs := h.Snapshot().Guests
		if rng.IntN(5) == 0 {
			try(chair, session.TurnAwayGuest{GuestID: gs[len(gs)-1].ID})
			return
		}
		if try(chair, session.AdmitGuest{GuestID: gs[len(gs)-1].ID, Role: role}) && role == session.RoleFamily {
			family = append(family, g)
			id := gs[len(gs)-1].ID
			a.own[id] = map[string]bool{name: true, agency: true}
		}
	}
	admit(session.RoleFamily)
	admit(session.RoleFamily)
	try(chair, session.GoToStep{Index: 0})
	kids := []string{"k1", "k2"}
	pick := func(xs []session.Actor) session.Actor { return xs[rng.IntN(len(xs))] }
	familyIDs := func() []string {
		var ids []string
		for _, at := range h.Snapshot().Attendees {
			if at.Role == session.RoleFamily && !at.Removed {
				ids = append(ids, at.ID)
			}
		}
		return ids
	}
	for range 60 + rng.IntN(60) {
		s := h.Snapshot()
		c := s.Conference
		restricted := rng.IntN(4) == 0
		anyone := append(append([]session.Actor{chair, mt}, pros...), family...)
		var item, action, round, att, dissent string
		if n := len(c.Items); n > 0 {
			item = c.Items[rng.IntN(n)].ID
		}
		if n := len(c.Actions); n > 0 {
			action = c.Actions[rng.IntN(n)].ID
		}
		if n := len(c.Rounds); n > 0 {
			round = c.Rounds[n-1].ID
		}
		if n := len(c.Attendees); n > 0 {
			att = c.Attendees[rng.IntN(n)].ID
		}
		if n := len(c.Dissent); n > 0 {
			dissent = c.Dissent[rng.IntN(n)].ID
		}
		due := w.clock.Now().AddDate(0, 0, 14)
		switch rng.IntN(24) {
		case 0:
			if s.InClosedSegment() {
				try(chair, session.EndClosedSegment{})
			} else {
				try(chair, session.StartClosedSegment{})
			}
		case 1:
			if ids := familyIDs(); len(ids) > 0 {
				id := ids[rng.IntN(len(ids))]
				if c.ExcludedNow(id) {
					try(chair, session.EndExclusion{AttendeeID: id})
				} else {
					g := session.AllGrounds[rng.IntN(len(session.AllGrounds))]
					detail := a.marker()
					a.secretAll[detail] = true // the chair's words are never the family's
					try(chair, session.StartExclusion{AttendeeID: id, Grounds: g, Detail: detail})
				}
			}
		case 2, 3:
			sec := session.Sections[rng.IntN(len(session.Sections))]
			if sec == session.SafetyGoals {
				sec = session.Strengths
			}
			try(mt, session.AddItem{Section: sec, Text: a.text(s, restricted), Attribution: a.text(s, restricted), Restricted: restricted})
		case 4:
			try(mt, session.EditItem{ID: item, Text: a.text(s, restricted), Attribution: a.text(s, restricted), Restricted: restricted})
		case 5:
			if rng.IntN(2) == 0 {
				try(mt, session.MoveItem{ID: item, Section: session.Sections[rng.IntN(len(session.Sections))]})
			} else {
				try(mt, session.RemoveItem{ID: item})
			}
		case 6:
			if r, ok := c.OpenRound(); ok {
				switch rng.IntN(2) {
				case 0:
					try(chair, session.RevealRound{RoundID: r.ID})
				default:
					try(chair, session.CloseRound{RoundID: r.ID})
				}
			} else {
				try(chair, session.OpenRound{ChildID: kids[rng.IntN(2)], Question: a.text(s, false)})
			}
		case 7, 8:
			by := pick(anyone)
			if restricted {
				by = mt
			}
			try(by, session.CastScore{RoundID: round, Value: rng.IntN(11), Reason: a.text(s, restricted), ReasonRestricted: restricted})
		case 9:
			if !c.RecommendationsOpen {
				try(chair, session.AskRecommendations{Open: true})
			}
			by := pick(anyone)
			if restricted {
				by = chair
			}
			try(by, session.Recommend{ChildID: kids[rng.IntN(2)], Outcome: session.OutcomeCINPlan, Reason: a.text(s, restricted), ReasonRestricted: restricted})
		case 10:
			by := pick(anyone)
			if restricted {
				by = mt
			}
			try(by, session.RecordDissent{ChildID: kids[rng.IntN(2)], Text: a.text(s, restricted), Restricted: restricted})
		case 11:
			if !c.Quorum().Met {
				try(chair, session.ProceedWithoutQuorum{Reason: a.text(s, false)})
			}
			try(chair, session.Decide{ChildID: kids[rng.IntN(2)], Outcome: session.OutcomeCPPlan, Category: session.CategoryNeglect,
				Reasons: a.text(s, restricted), ReasonsRestricted: restricted})
		case 12:
			try(mt, session.AddAction{What: a.text(s, restricted), Owner: a.text(s, restricted), Due: due, Restricted: restricted})
		case 13:
			try(mt, session.UpdateAction{ID: action, What: a.text(s, restricted), Owner: a.text(s, restricted), Due: due,
				Status: session.ActionStatuses[rng.IntN(len(session.ActionStatuses))], Restricted: restricted})
		case 14:
			try(mt, session.RemoveAction{ID: action})
		case 15:
			try(mt, session.SetCoreGroup{Members: []string{a.text(s, false), a.text(s, false)}, LeadSocialWorker: a.text(s, false)})
		case 16:
			role := []session.Role{session.RoleViewer, session.RoleFamily}[rng.IntN(2)]
			name, rel, agency := a.text(s, false), a.text(s, false), a.text(s, false)
			if try(mt, session.AddAttendee{Name: name, Relationship: rel, Agency: agency, Role: role,
				Notes: a.text(s, restricted), NotesRestricted: restricted}) {
				ats := h.Snapshot().Attendees
				a.own[ats[len(ats)-1].ID] = map[string]bool{name: true, rel: true, agency: true}
			}
		case 17:
			name, rel, agency := a.text(s, false), a.text(s, false), a.text(s, false)
			if try(mt, session.UpdateAttendee{ID: att, Name: name, Relationship: rel, Agency: agency, Attendance: session.Present,
				Notes: a.text(s, restricted), NotesRestricted: restricted}) {
				a.own[att] = map[string]bool{name: true, rel: true, agency: true}
			}
		case 18:
			admit([]session.Role{session.RoleViewer, session.RoleFamily}[rng.IntN(2)])
		case 19:
			targets := []session.RestrictText{
				{Target: session.TextItem, ID: item}, {Target: session.TextAction, ID: action},
				{Target: session.TextDissent, ID: dissent}, {Target: session.TextDecisionReasons, ID: kids[rng.IntN(2)]},
				{Target: session.TextAttendeeNotes, ID: att},
			}
			if r, ok := c.Round(round); ok && len(r.Scores) > 0 {
				targets = append(targets, session.RestrictText{Target: session.TextScoreReason, ID: round, AttendeeID: r.Scores[0].AttendeeID})
			}
			if len(c.Recommendations) > 0 {
				rec := c.Recommendations[0]
				targets = append(targets, session.RestrictText{Target: session.TextRecommendationReason, ID: rec.ChildID, AttendeeID: rec.AttendeeID})
			}
			op := targets[rng.IntN(len(targets))]
			op.Restricted = true
			try(mt, op)
		case 20:
			try(chair, session.GoToStep{Index: rng.IntN(len(c.Agenda))})
		case 21:
			try(pick(anyone), session.AcceptConfidentiality{})
		case 22:
			if at, ok := c.Attendee(att); ok && at.Role == session.RoleViewer {
				try(chair, session.SetRole{AttendeeID: att, Role: session.RoleMinuteTaker})
			}
		case 23:
			if at, ok := c.Attendee(att); ok && at.Role == session.RoleViewer && rng.IntN(3) == 0 {
				try(chair, session.RemoveAttendee{ID: att})
			}
		}
	}
	if rng.IntN(2) == 0 {
		try(chair, session.EndConference{})
	}
	return h.Snapshot(), a
}

// TestNoWithheldTextReachesAnyFamilyMember: over random conferences using
// every kind of command, closed segments, exclusions and restricted marks,
// no withheld text reaches any family member's screen, their own family
// copy, the shared family copy or the letter.
func TestNoWithheldTextReachesAnyFamilyMember(t *testing.T) {
	iterations := 120
	if testing.Short() {
		iterations = 20
	}
	checked := 0
	for seed := range uint64(iterations) {
		s, a := randomTrustConference(t, seed)
		check := func(what, id string, text []byte) {
			t.Helper()
			for m := range a.secretAll {
				if a.hiddenFrom(id, m) && bytes.Contains(text, []byte(m)) {
					t.Errorf("seed %d: %s holds withheld %s", seed, what, m)
				}
			}
			for _, ms := range a.secretFrom {
				for m := range ms {
					checked++
					if a.hiddenFrom(id, m) && bytes.Contains(text, []byte(m)) {
						t.Errorf("seed %d: %s holds %s, recorded while they were excluded", seed, what, m)
					}
				}
			}
			checked += len(a.secretAll)
		}
		asJSON := func(v session.Snapshot) []byte {
			b, err := json.Marshal(v.Conference)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
		var fam, letter bytes.Buffer
		if err := Family(&fam, s); err != nil {
			t.Fatal(err)
		}
		if err := Letter(&letter, s); err != nil {
			t.Fatal(err)
		}
		check("the shared family copy", "", fam.Bytes())
		check("the letter", "", letter.Bytes())
		check("the shared family view", "", asJSON(s.FamilyView()))
		for _, at := range s.Attendees {
			if at.Role != session.RoleFamily {
				continue
			}
			var own bytes.Buffer
			if err := FamilyFor(&own, s, at.ID); err != nil {
				t.Fatal(err)
			}
			check(at.ID+"'s family copy", at.ID, own.Bytes())
			check(at.ID+"'s screen", at.ID, asJSON(s.ViewFor(at.ID)))
		}
		if t.Failed() {
			return
		}
	}
	if checked < iterations*10 {
		t.Errorf("checked %d withheld markers over %d conferences; the generator is not exercising the rule", checked, iterations)
	}
}

// TestFamilyCopiesPerMember: once a family member has been excluded, each
// family member gets their own copy; what was said while one was out is in
// the other's copy only, the chair's words on the exclusion in neither,
// and a restricted reason leaves a visible gap.
func TestFamilyCopiesPerMember(t *testing.T) {
	w := newWorld(t, time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC))
	chair := session.Actor{ID: "chair", Name: "Chair", Agency: "Safeguarding", MayChair: true}
	h := w.create(chair, session.CreateConference{Type: session.Initial, Date: w.clock.Now(), Children: []session.Child{{Name: "Amy"}}})
	w.do(h, chair, session.AddAttendee{Name: "Mum", Relationship: "Mother", Role: session.RoleFamily})
	w.do(h, chair, session.AddAttendee{Name: "Dad", Relationship: "Father", Role: session.RoleFamily})
	mum, dad := h.Snapshot().Attendees[1].ID, h.Snapshot().Attendees[2].ID
	w.do(h, chair, session.StartExclusion{AttendeeID: dad, Grounds: session.GroundsOther, Detail: "CHAIRS-WORDS"})
	w.do(h, chair, session.AddItem{Section: session.Worries, Text: "SAID-WITHOUT-DAD"})
	w.do(h, chair, session.EndExclusion{AttendeeID: dad})
	w.do(h, chair, session.OpenRound{ChildID: "k1"})
	r := h.Snapshot().Rounds[0].ID
	w.do(h, chair, session.CastScore{RoundID: r, Value: 4, Reason: "RESTRICTED-REASON", ReasonRestricted: true})
	w.do(h, chair, session.CloseRound{RoundID: r})

	dir := t.TempDir()
	paths, err := WriteAll(dir, h.Snapshot())
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) string {
		for _, p := range paths {
			if strings.HasSuffix(p, "-"+name+".md") {
				b, err := os.ReadFile(p)
				if err != nil {
					t.Fatal(err)
				}
				return string(b)
			}
		}
		t.Fatalf("no %s copy among %v", name, paths)
		return ""
	}
	mumCopy, dadCopy, shared, full := read("family-"+mum), read("family-"+dad), read("family"), read("full")
	for _, tc := range []struct {
		name, doc, text string
		want            bool
	}{
		{"mum's copy", mumCopy, "SAID-WITHOUT-DAD", true},
		{"dad's copy", dadCopy, "SAID-WITHOUT-DAD", false},
		{"the shared copy", shared, "SAID-WITHOUT-DAD", false},
		{"dad's copy", dadCopy, "CHAIRS-WORDS", false},
		{"mum's copy", mumCopy, "CHAIRS-WORDS", false},
		{"the full record", full, "CHAIRS-WORDS", true},
		{"the shared copy", shared, "RESTRICTED-REASON", false},
		{"the shared copy", shared, "_Withheld from the family copy._", true},
		{"the full record", full, "RESTRICTED-REASON", true},
	} {
		if got := strings.Contains(tc.doc, tc.text); got != tc.want {
			t.Errorf("%s holds %q: got %v, want %v", tc.name, tc.text, got, tc.want)
		}
	}
}

// TestFamilyCopyForDottedID: a family member known by a people-file ID with
// a dot ("lisa.smith") still gets a copy of their own, under a file name
// that cannot reach outside the records directory.
func TestFamilyCopyForDottedID(t *testing.T) {
	w := newWorld(t, time.Date(2026, time.November, 23, 9, 0, 0, 0, time.UTC))
	chair := session.Actor{ID: "chair", Name: "Chair", Agency: "Safeguarding", MayChair: true}
	h := w.create(chair, session.CreateConference{Type: session.Initial, Date: w.clock.Now(), Children: []session.Child{{Name: "Amy"}}})
	w.do(h, chair, session.AddAttendee{PersonID: "lisa.smith", Name: "Lisa", Relationship: "Mother", Role: session.RoleFamily, Remote: true})
	w.do(h, chair, session.AddAttendee{PersonID: "tom.smith", Name: "Tom", Relationship: "Father", Role: session.RoleFamily, Remote: true})
	var lisa string
	for _, a := range h.Snapshot().Attendees {
		if a.Name == "Lisa" {
			lisa = a.ID
		}
	}
	w.do(h, chair, session.StartExclusion{AttendeeID: lisa, Grounds: session.GroundsOther, Detail: "x"})
	w.do(h, chair, session.AddItem{Section: session.Worries, Text: "SAID-WITHOUT-LISA"})
	w.do(h, chair, session.EndExclusion{AttendeeID: lisa})

	if !strings.Contains(lisa, ".") {
		t.Fatalf("got attendee ID %q, want the people-file ID with its dot", lisa)
	}
	docs := FamilyCopies(h.Snapshot())
	if len(docs) != 2 {
		t.Fatalf("got %d family copies, want one each for Lisa and Tom (IDs %q)", len(docs), h.Snapshot().FamilyCopies())
	}
	for _, d := range docs {
		if strings.ContainsAny(d.Name, "./\\\x00") {
			t.Errorf("got document name %q, want one with no dot or separator", d.Name)
		}
	}
	if got, want := fileSafe("lisa.smith"), "lisa_2Esmith"; got != want {
		t.Errorf("fileSafe: got %q, want %q", got, want)
	}
	if fileSafe("a.b") == fileSafe("a_2Eb") {
		t.Error("fileSafe: two IDs share a file name")
	}
}
