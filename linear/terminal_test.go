package linear

import (
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"confer/session"
)

// syncBuf collects a terminal's output.
type syncBuf struct {
	mu     sync.Mutex
	b      strings.Builder
	writes int
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.writes++
	return s.b.Write(p)
}

func (s *syncBuf) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writes
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// term is a linear terminal running on pipes.
type term struct {
	t    *testing.T
	in   *io.PipeWriter
	out  *syncBuf
	done chan error
}

func startTerm(t *testing.T, o Options) *term {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	x := &term{t: t, in: pw, out: &syncBuf{}, done: make(chan error, 1)}
	go func() { x.done <- New(o).Run(ctx, pr, x.out) }()
	t.Cleanup(func() { cancel(); pw.Close(); <-x.done })
	return x
}

func (x *term) typ(s string) {
	x.t.Helper()
	if _, err := io.WriteString(x.in, s); err != nil {
		x.t.Fatalf("typing %q: %v", s, err)
	}
}

// waitFor waits until the output holds want n times.
func (x *term) waitFor(want string, n int) string {
	x.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		out := x.out.String()
		if strings.Count(out, want) >= n {
			return out
		}
		if time.Now().After(deadline) {
			x.t.Fatalf("waiting for %q; output:\n%s", want, out)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

func TestGuestJoinsInLinearMode(t *testing.T) {
	f := newFixture(t)
	code := "WXYZ-2345-6789"
	f.do(t, pChair, session.CreateInvite{Hash: session.HashCode(code), Expires: tNow.Add(3 * time.Hour)})
	guest := session.Actor{Fingerprint: "SHA256:AbCdEf0123"}
	x := startTerm(t, Options{Actor: guest, Conferences: service{f.svc}, Invite: code})
	x.waitFor("Your name:", 1)
	x.typ("Pat Jones\r")
	x.waitFor("You are: 1. family: a parent, carer or supporter. 2. a professional. Type a number.", 1)
	x.typ("2\r")
	x.waitFor("Your agency:", 1)
	x.typ("Health visiting\r")
	x.waitFor("You are waiting for the chair to admit you.", 1)
	g, ok := f.room.Snapshot().GuestFor(guest.Fingerprint)
	if !ok || g.Name != "Pat Jones" || g.Agency != "Health visiting" || g.As != session.GuestProfessional {
		t.Fatalf("guest after the form: %+v, %v", g, ok)
	}
	// The chair, in linear mode too, hears the guest waiting and admits them.
	chair := startTerm(t, Options{Actor: pChair, Conferences: service{f.svc}})
	chair.waitFor("Press y to accept", 1)
	chair.typ("y")
	chair.waitFor("Waiting to be admitted: 1.", 0)
	chair.typ("P")
	chair.waitFor("Waiting to be admitted: 1. Press y to admit, T to turn away. + add a known person, I invite code", 1)
	chair.typ("y")
	chair.waitFor("Guest: Pat Jones, Health visiting, key SHA256:AbCdEf0123.", 1)
	chair.waitFor("Role: 1. viewer. 2. family. 3. minute-taker. Type a number.", 1)
	chair.typ("1\r")
	x.waitFor("The chair has admitted you.", 1)
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	out := x.waitFor("You are a viewer.", 1)
	if !strings.Contains(out, "Step 8 of 16: What we are worried about.") {
		t.Errorf("after accepting, the guest did not hear where the conference is:\n%s", out)
	}
	if at, _ := f.room.Snapshot().AttendeeFor(guest); at.AcceptedAt.IsZero() {
		t.Errorf("acceptance not recorded")
	}
	if strings.ContainsRune(out, 0x1b) {
		t.Errorf("an escape sequence in the linear output:\n%q", out)
	}
}

func TestLobbyAndGateInLinearMode(t *testing.T) {
	f := newFixture(t)
	second, err := f.svc.Create(f.ctx, pChair, session.CreateConference{Type: session.Review, Title: "Hillside family",
		Children: []session.Child{{Name: "Mia"}}, Date: tNow})
	if err != nil {
		t.Fatal(err)
	}
	x := startTerm(t, Options{Actor: pChair, Conferences: service{f.svc}})
	x.waitFor("Your conferences: 2.", 1)
	before := x.out.count()
	x.typ("7777777\r")
	x.waitFor("Type a number from 1 to 2", 1)
	if n := x.out.count() - before; n != 1 {
		t.Errorf("a line typed in one write was echoed and answered in %d writes, want 1", n)
	}
	n := "1"
	if f.svc.For(pChair)[1].ConferenceID == second.ID() {
		n = "2"
	}
	x.typ(n + "\r")
	x.waitFor("Confidentiality", 1)
	x.typ("z")
	x.waitFor("Press y to accept the confidentiality statement, or q to leave.", 1)
	x.typ("y")
	x.waitFor("Conference: Hillside family.", 1)
	x.typ("q")
	x.waitFor("Quit confer: 1. no. 2. yes. Type a number.", 1)
	x.typ("2\r")
	x.waitFor("Goodbye.", 1)
	select {
	case <-x.done:
		x.done <- nil // for the cleanup
	case <-time.After(10 * time.Second):
		t.Fatal("q did not end the session")
	}
}

// TestFormsAndRefusals: a viewer's refused key changes nothing, a form
// re-asks a bad answer, and escape cancels it without sending anything.
func TestFormsAndRefusals(t *testing.T) {
	f := newFixture(t)
	f.do(t, pChair, session.OpenRound{ChildID: f.room.Snapshot().Children[0].ID})
	x := startTerm(t, Options{Actor: pGP, Conferences: service{f.svc}})
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	x.waitFor("Press b for the board", 1)
	x.typ("a")
	x.waitFor("A viewer cannot write on the board.", 1)
	x.typ("s")
	x.waitFor("Score from 0 to 10:", 1)
	x.typ("eleven\r")
	x.waitFor("A score is a whole number from 0 to 10.", 1)
	x.typ("\x1b")
	x.waitFor("Cancelled.", 1)
	r, _ := f.room.Snapshot().OpenRound()
	if len(r.Scores) != 0 {
		t.Errorf("a cancelled form sent a score: %+v", r.Scores)
	}
	x.typ("b")
	x.waitFor("Harm: 1 item.", 1)
	x.waitFor("1. Leo was seen with bruising on 3 March. (fact)", 1)
}

func TestKeyDecoder(t *testing.T) {
	tests := []struct {
		name   string
		chunks []string
		want   []keyPress
	}{
		{"letters", []string{"ab"}, []keyPress{{kind: keyRune, r: 'a'}, {kind: keyRune, r: 'b'}}},
		{"enter as CR, LF or CRLF", []string{"\ra\n\r\n"}, []keyPress{{kind: keyEnter}, {kind: keyRune, r: 'a'}, {kind: keyEnter}, {kind: keyEnter}}},
		{"CRLF split across reads", []string{"\r", "\n"}, []keyPress{{kind: keyEnter}}},
		{"an endless CSI split across reads", []string{"\x1b[" + strings.Repeat("1", 100), strings.Repeat("2", 100), "~y"}, []keyPress{{kind: keyRune, r: 'y'}}},
		{"arrow keys dropped whole", []string{"\x1b[A\x1b[1;5Cx"}, []keyPress{{kind: keyRune, r: 'x'}}},
		{"a sequence split across reads", []string{"\x1b[", "Bx"}, []keyPress{{kind: keyRune, r: 'x'}}},
		{"lone escape", []string{"\x1b"}, []keyPress{{kind: keyEscape}}},
		{"controls", []string{"\x03\x04\x7f\x08\x07"}, []keyPress{{kind: keyInterrupt}, {kind: keyEOF}, {kind: keyBackspace}, {kind: keyBackspace}}},
		{"UTF-8 split across reads", []string{"\xc3", "\xa9"}, []keyPress{{kind: keyRune, r: 'é'}}},
		{"C1 controls and invalid bytes dropped", []string{"\xc2\x9b\xffz"}, []keyPress{{kind: keyRune, r: 'z'}}},
		{"a long CSI is dropped", []string{"\x1b[" + strings.Repeat("1", 100) + "~z"}, []keyPress{{kind: keyRune, r: 'z'}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var d keyDecoder
			var got []keyPress
			for _, c := range tc.chunks {
				d.feed([]byte(c), func(k keyPress) { got = append(got, k) })
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

// TestMinuteTakerItemsInLinearMode: the minute-taker adds, edits,
// restricts and deletes an item, choosing it by section and number.
func TestMinuteTakerItemsInLinearMode(t *testing.T) {
	f := newFixture(t)
	x := startTerm(t, Options{Actor: pMinute, Conferences: service{f.svc}})
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	x.waitFor("Press b for the board", 1)

	x.typ("a")
	x.waitFor("Section: 1. Harm. 2. Danger and worries.", 1)
	x.typ("2\r")
	x.waitFor("The item:", 1)
	x.typ("Dad drinks\r")
	x.waitFor("Restricted, never shown to the family: 1. no. 2. yes. Type a number.", 1)
	x.typ("1\r")
	x.waitFor("You added an item to Danger and worries: Dad drinks.", 1)

	x.typ("e")
	x.waitFor("Section: 1. Harm, 1 item. 2. Danger and worries, 1 item. Type a number.", 1)
	x.typ("2\r")
	x.waitFor("Item: Dad drinks.", 1)
	x.waitFor("The new text:", 1)
	x.typ("Dad drinks most nights\r")
	x.waitFor("An item in Danger and worries now reads: Dad drinks most nights.", 1)

	x.typ("x")
	x.typ("2\r2\r")
	x.waitFor("An item in Danger and worries is now restricted, not shown to the family: Dad drinks most nights.", 1)

	x.typ("d")
	x.typ("1\r2\r")
	x.waitFor("An item was taken off Harm: Leo was seen with bruising on 3 March.", 1)
	if n := len(f.room.Snapshot().Items); n != 1 {
		t.Errorf("%d items on the board, want 1", n)
	}
	if it := f.room.Snapshot().Items[0]; it.Text != "Dad drinks most nights" || !it.Restricted {
		t.Errorf("item after the edits: %+v", it)
	}
}

// TestChairInvitesInLinearMode: the chair creates an invite code after P,
// hears it spelt out, and hears the guest who uses it waiting; turning
// them away ends the guest's session with a sentence.
func TestChairInvitesInLinearMode(t *testing.T) {
	f := newFixture(t)
	chair := startTerm(t, Options{Actor: pChair, Conferences: service{f.svc}, Now: f.svc.Now})
	chair.waitFor("Press y to accept", 1)
	chair.typ("y")
	chair.waitFor("Press b for the board", 1)
	chair.typ("PI")
	out := chair.waitFor("Read it out to the guest.", 1)
	i := strings.Index(out, "Invite code: ")
	code, _, _ := strings.Cut(out[i+len("Invite code: "):], ",")
	guest := session.Actor{Fingerprint: "SHA256:Guest"}
	x := startTerm(t, Options{Actor: guest, Conferences: service{f.svc}, Invite: code})
	x.waitFor("Your name:", 1)
	x.typ("Sam Smith\r1\r")
	x.waitFor("You are waiting for the chair to admit you.", 1)
	chair.waitFor("Sam Smith, family is waiting to be admitted. Press P, then y to admit them or T to turn them away.", 1)
	chair.typ("PT")
	chair.waitFor("Turn away which guest: Sam Smith, family.", 1)
	chair.typ("2\r")
	x.waitFor("The chair has not admitted you to this conference.", 1)
}

// TestPlanKeysInLinearMode: the chair records the reason to go ahead
// without quorum, an action and the core group.
func TestPlanKeysInLinearMode(t *testing.T) {
	f := newFixture(t)
	x := startTerm(t, Options{Actor: pChair, Conferences: service{f.svc}})
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	x.waitFor("Press b for the board", 1)
	x.typ("Q")
	x.waitFor("Reason:", 1)
	x.typ("Police sent a report\r")
	x.waitFor("Reason recorded.", 1)
	x.typ("a12\r")
	x.waitFor("What will be done:", 1)
	x.typ("Visit weekly\rJo Reed\r14 March\r")
	x.waitFor("The date must be a date typed as year-month-day, for example 2026-03-14.", 1)
	x.typ("2026-03-20\r1\r")
	x.waitFor("Action added: Visit weekly. Owner: Jo Reed. Due Friday 20 March 2026.", 1)
	// The same keys as for items change an action, chosen as the last
	// "section": t its status, e its text, d takes it off.
	x.typ("t")
	x.waitFor("Section: 1. Harm, 1 item. 2. Plan actions, 1 action. Type a number.", 1)
	x.typ("2\r")
	x.waitFor("Action: Visit weekly, Jo Reed, due Friday 20 March 2026, open.", 1)
	x.waitFor("Status: 1. open. 2. done. 3. partly. 4. not done. Type a number.", 1)
	x.typ("3\r")
	x.waitFor(`Action "Visit weekly" is now partly.`, 1)
	x.typ("e2\rVisit twice a week\rJo Reed\r2026-03-21\r")
	x.waitFor("Action changed: Visit twice a week. Owner: Jo Reed. Due Saturday 21 March 2026.", 1)
	x.typ("d2\r2\r")
	x.waitFor("Action taken off the plan: Visit twice a week.", 1)
	f.do(t, pChair, session.AddAction{What: "Visit weekly", Owner: "Jo Reed", Due: tNow.AddDate(0, 0, 8)})
	x.typ("S")
	x.typ("Jo Reed, Dr Lee Chan\rJo Reed\r")
	x.waitFor("Lead social worker: Jo Reed.", 1)
	s := f.room.Snapshot()
	if s.InquorateReason != "Police sent a report" || len(s.Actions) != 1 || len(s.CoreGroup) != 2 {
		t.Errorf("after the plan keys: reason %q, actions %+v, core group %q", s.InquorateReason, s.Actions, s.CoreGroup)
	}
}

// TestEndConferenceInLinearMode: Z asks first, then ends the conference and
// writes the records; a viewer may do neither.
func TestEndConferenceInLinearMode(t *testing.T) {
	f := newFixture(t)
	var wrote []session.Snapshot
	export := func(dir string, s session.Snapshot) ([]string, error) {
		wrote = append(wrote, s)
		return []string{"full.md", "family.md", "letter.md"}, nil
	}
	v := startTerm(t, Options{Actor: pGP, Conferences: service{f.svc}, Export: export})
	v.waitFor("Press y to accept", 1)
	v.typ("yZ")
	v.waitFor("A viewer cannot end the conference.", 1)
	x := startTerm(t, Options{Actor: pChair, Conferences: service{f.svc}, Export: export, RecordsDir: t.TempDir()})
	x.waitFor("Press y to accept", 1)
	x.typ("yZ")
	x.waitFor("End the conference?", 1)
	x.typ("1\r")
	x.waitFor("Cancelled.", 1)
	x.typ("Z2\r")
	x.waitFor("3 records written.", 1)
	v.waitFor("The conference has ended. The record can only be amended now, with a reason.", 1)
	if len(wrote) != 1 || wrote[0].Ended.IsZero() {
		t.Errorf("records written %d times, ended %v; want once, after the end", len(wrote), len(wrote) > 0 && !wrote[0].Ended.IsZero())
	}
}

// TestLeaveForTheLobby: L leaves the conference (presence ends) and lists
// the person's conferences without opening the only one again by itself.
func TestLeaveForTheLobby(t *testing.T) {
	f := newFixture(t)
	x := startTerm(t, Options{Actor: pGP, Conferences: service{f.svc}})
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	x.waitFor("Press b for the board", 1)
	gp := f.attendeeID(t, pGP)
	if !f.room.Snapshot().IsConnected(gp) {
		t.Fatal("not present after accepting")
	}
	sub := f.room.Subscribe(context.Background())
	x.typ("L2\r")
	x.waitFor("You have left the conference.", 1)
	x.waitFor("Your conferences: 1.", 1)
	for f.room.Snapshot().IsConnected(gp) {
		<-sub
	}
	x.typ("1\r")
	x.waitFor("Press y to accept", 2)
}

// TestChairExcludesInLinearMode: the chair excludes one parent after P, X;
// that parent hears only that they have been asked to leave, the other
// parent hears what is said meanwhile, and X again lets the first back.
func TestChairExcludesInLinearMode(t *testing.T) {
	f := newFixture(t)
	mum := startTerm(t, Options{Actor: pMum, Conferences: service{f.svc}})
	dad := startTerm(t, Options{Actor: pDad, Conferences: service{f.svc}})
	chair := startTerm(t, Options{Actor: pChair, Conferences: service{f.svc}})
	for _, x := range []*term{mum, dad, chair} {
		x.waitFor("Press y to accept", 1)
		x.typ("y")
		x.waitFor("Press b for the board", 1)
	}
	chair.typ("PX")
	chair.waitFor("Family member: 1. Dana Smith. 2. Chris Smith. Type a number.", 1)
	chair.typ("1\r3\rLeo asked\r")
	mum.waitFor(excludedNotice, 1)
	f.do(t, pMinute, session.AddItem{Section: session.ChildViews, Text: "SECRET said while Dana was out"})
	dad.waitFor("SECRET said while Dana was out", 1)
	mum.typ("b")
	mum.waitFor(excludedNotice, 2)
	chair.typ("PX1\r")
	mum.waitFor("You may follow the conference again.", 1)
	mum.typ("B")
	out := mum.waitFor("Child's views", 1)
	if strings.Contains(out, "SECRET") {
		t.Errorf("the excluded parent heard what was said while they were out:\n%s", out)
	}
}

// TestPeopleKeysInLinearMode: after P the chair changes a role, adds a
// parent in the room, records attendance and removes someone.
func TestPeopleKeysInLinearMode(t *testing.T) {
	f := newFixture(t)
	newcomer := session.Actor{ID: "p-hv", Name: "Kit Lee", Agency: "Health visiting"}
	x := startTerm(t, Options{Actor: pChair, Conferences: service{f.svc},
		People: func() []session.Actor { return []session.Actor{pGP, newcomer} }})
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	x.waitFor("Press b for the board", 1)
	x.typ("P+")
	x.waitFor("Person: Kit Lee, Health visiting.", 1)
	x.typ("1\r1\r")
	x.waitFor("Kit Lee (Health visiting) was added to the conference as a viewer.", 1)
	x.typ("Pr")
	x.waitFor("Person: 1. Sam Patel (Conference team), minute-taker. 2. Jo Reed (Children's social care), viewer.", 1)
	x.typ("2\r2\r")
	x.waitFor("Jo Reed is now minute-taker.", 1)
	x.typ("Pi")
	x.typ("Gran Smith\rGrandmother\r\r1\r")
	x.waitFor("Gran Smith (Grandmother) was added to the conference as a family member.", 1)
	x.typ("Pu")
	x.waitFor("Record attendance and reports.", 1)
	x.typ("3\r")
	x.waitFor("Attendance: 1. present. 2. sent apologies.", 1)
	x.typ("2\r2\r1\r")
	x.waitFor("Attendance recorded.", 1)
	x.typ("Pd1\r2\r")
	x.waitFor("Sam Patel was removed from the conference.", 1)
	s := f.room.Snapshot()
	if a, _ := s.AttendeeFor(pMinute); a.ID != "" {
		t.Errorf("the minute-taker is still on the list")
	}
	if sw, _ := s.AttendeeFor(pSW); !sw.ReportSubmitted || sw.Attendance != session.Apologies {
		t.Errorf("attendance not recorded: %+v", sw)
	}
}

// TestCreateConferenceInLinearMode: someone who may chair creates a
// conference from the lobby, one field per line, and is taken to it.
func TestCreateConferenceInLinearMode(t *testing.T) {
	f := newFixture(t)
	newChair := session.Actor{ID: "p-new", Name: "Nia Chair", Agency: "Independent reviewing service", MayChair: true}
	x := startTerm(t, Options{Actor: newChair, Conferences: service{f.svc}, Now: f.svc.Now})
	x.waitFor("Type n and press enter to create a conference.", 1)
	x.typ("n\r1\rRef 2026/9\r")
	x.waitFor("Children, separated by commas", 1)
	x.typ("Ann (2019-4-2)\r")
	x.waitFor("A date of birth must be a date typed as year-month-day", 1)
	x.typ("Ann (2019-04-02), Ben\r\r\r")
	x.waitFor("Press y to accept", 1)
	x.typ("y")
	x.waitFor("Conference: Ref 2026/9. Initial child protection conference", 1)
	ms := f.svc.For(newChair)
	if len(ms) != 1 || len(ms[0].Children) != 2 {
		t.Errorf("memberships after creating: %+v", ms)
	}
}

// TestFirstChairAndReviewInLinearMode: the first-run claim registers the
// key as a chair, and a review is made from an earlier conference.
func TestFirstChairAndReviewInLinearMode(t *testing.T) {
	f := newFixture(t)
	var claimed []string
	claim := func(name, agency string) (session.Actor, error) {
		claimed = append(claimed, name, agency)
		return pChair, nil
	}
	x := startTerm(t, Options{Actor: session.Actor{Fingerprint: "SHA256:first"}, Conferences: service{f.svc}, Claim: claim, Now: f.svc.Now})
	x.waitFor("Your name:", 1)
	x.typ("Alex Morgan\rIndependent reviewing service\r")
	x.waitFor("You are registered as someone who may chair.", 1)
	// The chair's only conference opens by itself; L goes to the list.
	x.waitFor("Press y to accept", 1)
	x.typ("yL2\r")
	x.waitFor("or r to create a review of one of these.", 1)
	x.typ("r\r")
	x.waitFor("Review of: Riverside family, Thursday 12 March 2026.", 1)
	x.typ("2026-09-10\r")
	x.waitFor("Press y to accept", 2)
	x.typ("y")
	x.waitFor("Review child protection conference, Thursday 10 September 2026.", 1)
	if strings.Join(claimed, "|") != "Alex Morgan|Independent reviewing service" {
		t.Errorf("claimed %q", claimed)
	}
}
