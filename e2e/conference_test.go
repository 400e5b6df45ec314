// Package e2e holds whole-conference tests: the real server, the real
// journal and real SSH clients with PTYs, driven only by the keys a chair,
// a minute-taker and remote professionals would press.
package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"confer/export"
	"confer/server"
	"confer/server/servertest"
	"confer/session"
	"confer/session/sessiontest"
	"confer/session/store"
)

// person is one participant: their people-file entry and their terminal.
type person struct {
	id, name, agency string
	role             session.Role
	key              gossh.Signer
	term             *servertest.Client
	focus            int // the board panel this terminal has focused
	lastKey          time.Time
}

type conference struct {
	t      *testing.T
	hub    *session.Hub
	people map[string]*person
}

const (
	keyTab   = "\t"
	keyEnter = "\r"
	keyRight = "\x1b[C"
)

// send types keys on a person's terminal.
func (c *conference) send(p *person, keys ...string) {
	c.t.Helper()
	for _, k := range keys {
		if len(k) == 1 && k[0] > ' ' && k[0] < 0x7f {
			// One letter at a time, as a person presses commands: confer
			// takes a quick run of different letters as stray typing
			// (README, "Safe typing").
			if d := time.Since(p.lastKey); d < 400*time.Millisecond {
				time.Sleep(400*time.Millisecond - d)
			}
			p.lastKey = time.Now()
		}
		if err := p.term.Send(k); err != nil {
			c.t.Fatalf("%s typing %q: %v", p.name, k, err)
		}
		// Let the program read each key as its own event: a Bubble Tea
		// reader may otherwise take a burst as a paste.
		time.Sleep(15 * time.Millisecond)
	}
}

// until waits for the conference state to satisfy ok.
func (c *conference) until(what string, ok func(s session.Snapshot) bool) session.Snapshot {
	c.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		s := c.hub.Snapshot()
		if ok(s) {
			return s
		}
		if time.Now().After(deadline) {
			c.t.Fatalf("timed out waiting for %s; audit tail: %+v", what, tail(s.Audit, 3))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func tail[T any](s []T, n int) []T { return s[max(0, len(s)-n):] }

// screen waits until a person's screen shows want.
func (c *conference) screen(p *person, want string) string {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	s, err := p.term.WaitFor(ctx, want)
	if err != nil {
		c.t.Fatalf("%s's screen never showed %q: %v", p.name, want, err)
	}
	return s
}

// focusPanel tabs a terminal to panel k of n on the current step.
func (c *conference) focusPanel(p *person, k, n int) {
	if p.focus >= n {
		p.focus = 0
	}
	for p.focus != k {
		c.send(p, keyTab)
		p.focus = (p.focus + 1) % n
	}
}

// stepTo has the chair press n until the conference is on step i, and
// checks that every terminal follows.
func (c *conference) stepTo(i int) {
	c.t.Helper()
	chair := c.people["chair"]
	for c.hub.Snapshot().Step < i {
		want := c.hub.Snapshot().Step + 1
		c.send(chair, "n")
		s := c.until(fmt.Sprintf("step %d", want+1), func(s session.Snapshot) bool { return s.Step == want })
		title := fmt.Sprintf("Step %d/%d", want+1, len(s.Agenda))
		for _, p := range c.people {
			c.screen(p, title)
			p.focus = 0 // a new step focuses its first panel
		}
		c.focusFollowsStep(s.Agenda[want].Key)
	}
}

// addItem has the minute-taker add text to panel k of n and waits for it
// to land in section sec.
func (c *conference) addItem(k, n int, sec session.Section, text string) session.Item {
	c.t.Helper()
	mt := c.people["mt"]
	c.focusPanel(mt, k, n)
	c.send(mt, "a")
	c.screen(mt, "Add to "+sec.Title())
	c.send(mt, text, keyEnter)
	s := c.until("item in "+string(sec), func(s session.Snapshot) bool {
		for _, it := range s.Section(sec) {
			if it.Text == text {
				return true
			}
		}
		return false
	})
	for _, it := range s.Section(sec) {
		if it.Text == text {
			return it
		}
	}
	panic("unreachable")
}

func TestWholeInitialConferenceOverSSH(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a whole conference over SSH")
	}
	dir := t.TempDir()
	people := map[string]*person{
		"chair":  {id: "chair", name: "Jo Okafor", agency: "Independent Reviewing Service", role: session.RoleChair},
		"mt":     {id: "mt", name: "Mia Chen", agency: "Business Support", role: session.RoleMinuteTaker},
		"sw":     {id: "sw", name: "Sam Reid", agency: "Children's Social Care", role: session.RoleViewer},
		"police": {id: "police", name: "Pat Jones", agency: "Police", role: session.RoleViewer},
		"gp":     {id: "gp", name: "Hana Patel", agency: "Health (GP)", role: session.RoleViewer},
	}
	// The parents: the mother is in the people file but on no conference
	// until the chair adds her; the father comes as a guest.
	mum := &person{id: "mum", name: "Lisa Smith", role: session.RoleFamily, key: servertest.NewKey()}
	dad := &person{id: "dad", name: "Tom Smith", role: session.RoleFamily, key: servertest.NewKey()}
	file := []server.Person{{ID: mum.id, Name: "Kerry Smith", Keys: []string{servertest.AuthorizedKey(mum.key)}}}
	mum.name = "Kerry Smith"
	for _, p := range people {
		p.key = servertest.NewKey()
		file = append(file, server.Person{ID: p.id, Name: p.name, Agency: p.agency,
			MayChair: p.role == session.RoleChair, Keys: []string{servertest.AuthorizedKey(p.key)}})
	}
	data, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	peoplePath := filepath.Join(dir, "people.json")
	if err := os.WriteFile(peoplePath, data, 0o600); err != nil {
		t.Fatal(err)
	}

	j, err := store.Open(filepath.Join(dir, "journal.db"), sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// Set-up a coordinator would do before the meeting: the conference and
	// who is invited. Everything after this is typed over SSH.
	ctx := context.Background()
	chairActor := session.Actor{ID: "chair", Name: "Jo Okafor", Agency: people["chair"].agency, MayChair: true}
	hub, err := svc.Create(ctx, chairActor, session.CreateConference{
		Type: session.Initial, Title: "Ref 2026/117", Date: time.Now(), Venue: "Civic Centre",
		Children: []session.Child{{Name: "Amy Smith", DOB: time.Date(2019, 4, 2, 0, 0, 0, 0, time.UTC)}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"mt", "sw", "police", "gp"} {
		p := people[id]
		if err := hub.Do(ctx, session.Command{By: chairActor, Op: session.AddAttendee{PersonID: p.id, Name: p.name,
			Agency: p.agency, Role: p.role, Remote: true}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := hub.Do(ctx, session.Command{By: chairActor, Op: session.AddAttendee{Name: "Lisa Smith",
		Relationship: "Mother", Role: session.RoleFamily}}); err != nil {
		t.Fatal(err)
	}

	srv, err := server.New(server.Config{HostKeyPath: filepath.Join(dir, "host_ed25519"), PeoplePath: peoplePath,
		RecordsDir: filepath.Join(dir, "records"), Service: svc, Export: export.WriteAll})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	c := &conference{t: t, hub: hub, people: people}
	for _, p := range people {
		p.term, err = servertest.Dial(l.Addr().String(), servertest.Options{User: p.id,
			Auth: []gossh.AuthMethod{gossh.PublicKeys(p.key)}, Width: 140, Height: 45})
		if err != nil {
			t.Fatalf("%s connecting: %v", p.name, err)
		}
		defer p.term.Close()
	}
	for _, p := range people {
		c.screen(p, "Confidentiality")
		c.send(p, "y")
	}
	c.until("everyone accepted and connected", func(s session.Snapshot) bool {
		for _, a := range s.Attendees {
			if a.PersonID != "" && (a.AcceptedAt.IsZero() || !s.IsConnected(a.ID)) {
				return false
			}
		}
		return true
	})
	for _, p := range people {
		c.screen(p, "Quorum: met")
	}

	// The parents arrive: one added live to her lobby, one a guest who
	// reconnects while waiting. Then the chair excludes the mother for a
	// while.
	c.familyArrives(l.Addr().String(), mum, dad)
	mumID, saidWithoutMum := c.excludeMother(mum, dad, len(session.Sections))

	// A viewer cannot write on the board: refused, nothing changes.
	before, items := hub.Snapshot().Seq, len(hub.Snapshot().Items)
	c.send(people["police"], "a")
	c.screen(people["police"], "cannot")
	if got := hub.Snapshot(); len(got.Items) != items || got.Seq != before {
		t.Fatalf("a viewer's edit changed the conference: %d items, seq %d, want %d and %d", len(got.Items), got.Seq, items, before)
	}

	// Step 1 shows every section: the minute-taker writes in each.
	c.stepTo(0)
	n := len(session.Sections)
	for k, sec := range session.Sections {
		c.addItem(k, n, sec, "E2E "+sec.Title()+" item")
	}
	for _, id := range []string{"sw", "police", "gp"} {
		c.screen(people[id], "E2E Harm")
	}

	// The family's views step, then the danger statement with a paired goal.
	c.stepTo(3)
	c.addItem(1, 2, session.ChildViews, "I like it when Nan picks me up")
	c.stepToDanger()
	mt := people["mt"]
	c.focusPanel(mt, 0, 2)
	c.send(mt, "g")
	c.screen(mt, "New safety goal")
	c.send(mt, "Amy is collected by a safe adult every school day", keyEnter)
	// g pairs the goal with the selected danger statement (the first).
	c.until("a paired safety goal", func(s session.Snapshot) bool {
		for _, d := range s.Section(session.DangerStatements) {
			if len(s.GoalsFor(d.ID)) == 1 {
				return true
			}
		}
		return false
	})

	// Scaling: the chair opens a round; everyone scores from their own
	// terminal; the minute-taker records the mother's score in the room.
	scaling := indexOf(hub.Snapshot().Agenda, session.StepScaling)
	c.stepTo(scaling)
	chair := people["chair"]
	c.send(chair, "o")
	c.screen(chair, "Open a scaling round")
	c.send(chair, keyEnter, keyEnter, keyEnter)
	s := c.until("an open round", func(s session.Snapshot) bool { _, ok := s.OpenRound(); return ok })
	round, _ := s.OpenRound()
	scores := map[string]int{"sw": 3, "police": 2, "gp": 5}
	for id, v := range scores {
		p := people[id]
		// Press s once this terminal shows the round: a key pressed before
		// the change reaches it is refused, as it would be for a person.
		c.screen(p, "OPEN · scores sealed")
		c.send(p, "s")
		c.screen(p, "What makes it that number")
		c.send(p, fmt.Sprint(v), keyEnter, fmt.Sprintf("reason from %s", p.name), keyEnter)
	}
	c.send(mt, "s")
	c.screen(mt, "Whose score")
	// The chair and minute-taker's forms end with "Withhold from the
	// family" (no): one more enter saves.
	c.send(mt, keyRight, keyEnter, "1", keyEnter, "Mum: I know I need help", keyEnter, keyEnter)
	c.send(chair, "s")
	c.screen(chair, "Whose score")
	c.send(chair, keyEnter, "4", keyEnter, "Chair's own view", keyEnter, keyEnter)
	c.until("five scores", func(s session.Snapshot) bool { r, _ := s.Round(round.ID); return len(r.Scores) == 5 })
	// Sealed: everyone sees who has scored, nobody sees another's reason.
	for _, p := range people {
		scr := c.screen(p, "scored")
		for id := range scores {
			if id != p.id && strings.Contains(scr, "reason from "+people[id].name) {
				t.Fatalf("%s sees %s's sealed reason before reveal:\n%s", p.name, people[id].name, scr)
			}
		}
	}
	c.send(chair, "r")
	c.screen(chair, "Reveal the scores?")
	c.send(chair, "y")
	for _, id := range []string{"sw", "police", "gp"} {
		c.screen(people[id], "median")
	}
	c.send(chair, "c")
	c.screen(chair, "Close the round?")
	c.send(chair, "y")
	c.until("the round closed", func(s session.Snapshot) bool {
		r, _ := s.Round(round.ID)
		return r.State == session.RoundClosed
	})

	// Recommendations, decision and dissent.
	c.stepTo(indexOf(hub.Snapshot().Agenda, session.StepDecision))
	c.send(chair, "V")
	c.until("recommendations asked", func(s session.Snapshot) bool { return s.RecommendationsOpen })
	for _, id := range []string{"sw", "police", "gp"} {
		p := people[id]
		c.screen(p, "asking for recommendations")
		c.send(p, "v")
		c.screen(p, "Your recommendation")
		// child, outcome (child protection plan), category: neglect, reason.
		c.send(p, keyEnter, keyEnter, keyRight, keyEnter, "recommendation from "+p.name, keyEnter)
	}
	c.until("three recommendations", func(s session.Snapshot) bool { return len(s.Recommendations) == 3 })
	c.send(chair, "X")
	c.screen(chair, "The conference's decision")
	c.send(chair, keyEnter, keyEnter, keyRight, keyEnter, "Amy is likely to suffer significant harm through neglect", keyEnter, keyEnter)
	c.until("the decision", func(s session.Snapshot) bool { _, ok := s.Decision("k1"); return ok })
	gp := people["gp"]
	c.send(gp, "D")
	c.screen(gp, "Record dissent")
	c.send(gp, keyEnter, "Health would prefer a child in need plan", keyEnter)
	c.until("dissent", func(s session.Snapshot) bool { return len(s.Dissent) == 1 })

	// The plan: an action and the core group.
	c.stepTo(indexOf(hub.Snapshot().Agenda, session.StepPlan))
	c.focusPanel(mt, 1, 3)
	c.send(mt, "a")
	c.screen(mt, "New action")
	c.send(mt, "Weekly home visits", keyEnter, "Sam Reid", keyEnter, keyEnter, keyEnter)
	c.until("an action", func(s session.Snapshot) bool { return len(s.Actions) == 1 })
	c.send(mt, "S")
	c.screen(mt, "Core group")
	c.send(mt, "Sam Reid, Hana Patel, Lisa Smith", keyEnter, "Sam Reid", keyEnter)
	c.until("the core group", func(s session.Snapshot) bool { return s.LeadSocialWorker == "Sam Reid" })

	// Walk the remaining steps to the close.
	c.stepTo(len(hub.Snapshot().Agenda) - 1)

	final := hub.Snapshot()
	for _, sec := range session.Sections {
		if len(final.Section(sec)) == 0 {
			t.Errorf("section %s is empty at the end", sec)
		}
	}
	for i, st := range final.Agenda {
		if st.Started.IsZero() {
			t.Errorf("agenda step %d (%s) was never walked", i+1, st.Title)
		}
	}
	r, _ := final.Round(round.ID)
	if r.State != session.RoundClosed || len(r.Scores) != 5 {
		t.Errorf("round: got %s with %d scores, want closed with 5", r.State, len(r.Scores))
	}
	for _, sc := range r.Scores {
		want, ok := scores[sc.AttendeeID]
		if ok && sc.Value != want {
			t.Errorf("score of %s: got %d, want %d", sc.AttendeeID, sc.Value, want)
		}
		if sc.AttendeeID != "chair" && !ok && (sc.Value != 1 || sc.RecordedBy != "mt") {
			t.Errorf("in-room score: got %+v, want 1 recorded by mt", sc)
		}
	}
	d, _ := final.Decision("k1")
	if d.Outcome != session.OutcomeCPPlan || d.Category != session.CategoryNeglect {
		t.Errorf("decision: got %s/%s, want cp-plan/neglect", d.Outcome, d.Category)
	}
	if len(final.Recommendations) != 3 || len(final.Dissent) != 1 || len(final.Actions) != 1 || len(final.CoreGroup) != 3 {
		t.Errorf("got %d recommendations, %d dissent, %d actions, %d core group; want 3, 1, 1, 3",
			len(final.Recommendations), len(final.Dissent), len(final.Actions), len(final.CoreGroup))
	}

	// The chair ends it (Z asks); the records are written, and the mother,
	// excluded for a while, gets her own family copy without what was said
	// while she was out, which the father's copy and the full record hold.
	c.send(chair, "Z")
	c.screen(chair, "End the conference?")
	c.send(chair, "y")
	c.until("the end", func(s session.Snapshot) bool { return !s.Ended.IsZero() })
	records := filepath.Join(dir, "records")
	read := func(doc string) string {
		t.Helper()
		name := filepath.Join(records, final.ID+"-"+doc+".md")
		deadline := time.Now().Add(15 * time.Second)
		for {
			b, err := os.ReadFile(name)
			if err == nil {
				return string(b)
			}
			if time.Now().After(deadline) {
				t.Fatalf("no %s after the end: %v", name, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	var dadID string
	for _, a := range final.Attendees {
		if a.PersonID == dad.id || (a.Role == session.RoleFamily && a.ID != mumID && a.Name == dad.name) {
			dadID = a.ID
		}
	}
	for _, tc := range []struct {
		doc  string
		want bool
	}{{"full", true}, {"family-" + mumID, false}, {"family", false}, {"letter", false}} {
		if got := strings.Contains(read(tc.doc), saidWithoutMum); got != tc.want {
			t.Errorf("%s holds what was said while the mother was out: got %v, want %v", tc.doc, got, tc.want)
		}
	}
	if dadID == "" {
		t.Fatal("the father is not among the attendees at the end")
	}
	if !strings.Contains(read("family-"+dadID), saidWithoutMum) {
		t.Errorf("the father's own copy lacks what was said while the mother was out")
	}
}

// stepToDanger moves to the danger statements step and has the minute-taker
// write one, returning it.
func (c *conference) stepToDanger() session.Item {
	c.stepTo(indexOf(c.hub.Snapshot().Agenda, session.StepDanger))
	return c.addItem(0, 2, session.DangerStatements, "If nothing changes, Amy may go without food and care at night")
}

func indexOf(steps []session.AgendaStep, key string) int {
	for i, s := range steps {
		if s.Key == key {
			return i
		}
	}
	panic("no agenda step " + key)
}
