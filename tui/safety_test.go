package tui

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"confer/session"
)

// typeFast types text as a minute-taker does, a key every 80 ms.
func typeFast(t testing.TB, m *model, s string) {
	t.Helper()
	m.keyNow = steppingClock(80 * time.Millisecond)
	defer func() { m.keyNow = steppingClock(time.Second) }()
	typeText(t, m, s)
}

// Issue 10 item 2: after a form closes the minute-taker goes on typing.
// The letters d, x, m and L must not delete, restrict, move or leave.
func TestTypingOnTheBoardChangesNothing(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	before := f.room.Snapshot()
	typeFast(t, m, "and dad mixed Lots of drinks, xmas")
	after := f.room.Snapshot()
	if after.Seq != before.Seq {
		t.Fatalf("typing on the board changed the conference: seq %d, want %d", after.Seq, before.Seq)
	}
	if m.scr != scrBoard || m.room == nil {
		t.Fatalf("typing on the board left it: screen %d", m.scr)
	}
	if m.form != nil {
		// a opened the add form: the rest went into it, which is fine,
		// but nothing was saved and esc must ask.
		press(t, m, "esc")
		if m.confirm == nil || !strings.Contains(viewText(m), "Discard what you typed?") {
			t.Fatalf("esc with typed text did not ask; view:\n%s", viewText(m))
		}
		press(t, m, "n")
		if m.form == nil {
			t.Fatal("answering no closed the form")
		}
		return
	}
	mustContain(t, m.status, "Press a to add to Harm")
}

// Letters that are not keys say how to add, and change nothing.
func TestStrayLetterSaysHowToAdd(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	seq := f.room.Snapshot().Seq
	press(t, m, "b")
	mustContain(t, viewText(m), "Press a to add to Harm")
	typeFast(t, m, "dxmL")
	if f.room.Snapshot().Seq != seq || m.confirm != nil && strings.Contains(m.confirm.question, "lobby") || m.scr != scrBoard {
		t.Fatalf("fast typing ran commands: seq %d (want %d), confirm %v, screen %d", f.room.Snapshot().Seq, seq, m.confirm, m.scr)
	}
	// A burst that starts with x or t: the mark the first letter made is
	// put back once the burst shows it was typing.
	id := f.room.Snapshot().Section(session.Harm)[0].ID
	typeFast(t, m, "xyz")
	if it, _ := f.room.Snapshot().Item(id); it.Restricted {
		t.Fatal("typing xyz left the first item restricted")
	}
	seq = f.room.Snapshot().Seq
	// The delete question opened by the first d is not answered by a y
	// typed straight after, and is closed by the burst.
	typeFast(t, m, "dy")
	if f.room.Snapshot().Seq != seq || m.confirm != nil {
		t.Fatalf("a typed y answered the delete question (seq %d, want %d), or it stayed open (%v)", f.room.Snapshot().Seq, seq, m.confirm != nil)
	}
}

// Keys that leave or cannot be taken back ask first.
func TestLeavingAndRevealingAsk(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	for _, k := range []string{"L", "q"} {
		press(t, m, k)
		if m.confirm == nil || m.scr != scrBoard {
			t.Fatalf("%s: got no question (screen %d)", k, m.scr)
		}
		press(t, m, "n")
	}
	chair := f.client(t, pChair, 80, 24, nil)
	f.do(t, pChair, session.OpenRound{ChildID: f.room.Snapshot().Children[0].ID})
	syncNow(chair)
	for _, k := range []string{"r", "c"} {
		press(t, chair, k)
		if chair.confirm == nil {
			t.Fatalf("%s: the chair got no question", k)
		}
		press(t, chair, "n")
	}
	if r, _ := f.room.Snapshot().OpenRound(); r.State != session.RoundOpen {
		t.Fatalf("round state %s after declining, want open", r.State)
	}
}

// t and x change at once and u puts them back.
func TestUndoTagAndRestricted(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	id := f.room.Snapshot().Section(session.Harm)[0].ID
	press(t, m, "x", "t")
	it, _ := f.room.Snapshot().Item(id)
	if !it.Restricted || it.Tag != session.TagObservation {
		t.Fatalf("after x, t: restricted %v tag %q", it.Restricted, it.Tag)
	}
	mustContain(t, m.status, "u undoes")
	press(t, m, "u")
	it, _ = f.room.Snapshot().Item(id)
	if it.Tag != session.TagFact {
		t.Fatalf("after u: tag %q, want fact back", it.Tag)
	}
	mustContain(t, m.status, "Undone")
}

// Issue 10 items 3 and 4: the minute-taker's panel follows the step, and
// the decision step has somewhere to add.
func TestMinuteTakerPanelFollowsStep(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 120, 36, nil)
	steps := f.room.Snapshot().Agenda
	idx := func(key string) int {
		for i, s := range steps {
			if s.Key == key {
				return i
			}
		}
		t.Fatalf("no step %s", key)
		return 0
	}
	for _, c := range []struct {
		step string
		want session.Section
	}{{session.StepFamily, session.FamilyViews}, {session.StepConcerns, session.Harm},
		{session.StepWorking, session.Strengths}, {session.StepComplicat, session.Complicating}} {
		press(t, m, "tab") // focus the second panel, as the minute-taker had
		f.do(t, pChair, session.GoToStep{Index: idx(c.step)})
		syncNow(m)
		p := m.focusedPane()
		if p.kind != pItems || p.sec != c.want {
			t.Fatalf("step %s: focus on %v %s, want %s", c.step, p.kind, p.sec, c.want)
		}
		press(t, m, "a")
		typeText(t, m, "note at "+c.step)
		press(t, m, "enter")
		items := f.room.Snapshot().Section(c.want)
		if len(items) == 0 || items[len(items)-1].Text != "note at "+c.step {
			t.Fatalf("step %s: the note did not go into %s", c.step, c.want)
		}
	}
	f.do(t, pChair, session.GoToStep{Index: idx(session.StepDecision)})
	syncNow(m)
	press(t, m, "a")
	if strings.Contains(m.status, "Choose a board panel") {
		t.Fatalf("a at the decision step: %q", m.status)
	}
	press(t, m, "esc", "tab")
	if p := m.focusedPane(); p.kind != pItems {
		t.Fatalf("tab at the decision step: focus on %v, want a panel to write in", p.kind)
	}
	t.Run("decision_80x24", func(t *testing.T) {
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
		golden.RequireEqual(t, []byte(viewText(m)))
	})
	t.Run("decision_200x60", func(t *testing.T) {
		m.Update(tea.WindowSizeMsg{Width: 200, Height: 60})
		golden.RequireEqual(t, []byte(viewText(m)))
	})
}

// Issue 10 item 7: ctrl+c with typed text asks a real question.
func TestCtrlCWithTypingAsks(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	press(t, m, "a")
	typeText(t, m, "half a sentence")
	_, cmd := m.Update(keyMsg("ctrl+c"))
	if cmd != nil {
		if _, quit := cmd().(tea.QuitMsg); quit {
			t.Fatal("ctrl+c with typed text quit without asking")
		}
	}
	v := viewText(m)
	mustContain(t, v, "Discard what you typed and quit?")
	golden.RequireEqual(t, []byte(v))
	press(t, m, "n")
	mustContain(t, viewText(m), "half a sentence")
}

// Issue 10 item 8: the end warns of a child with no decision.
func TestEndWarnsOfUndecidedChild(t *testing.T) {
	f := newFixture(t)
	chair := f.client(t, pChair, 100, 30, nil)
	press(t, chair, "Z")
	mustContain(t, viewText(chair), "No decision is recorded for Ann.")
	press(t, chair, "y", "esc")
	syncNow(chair)
	// After the end the help bar offers no edit keys.
	bar := viewText(chair)
	bar = bar[strings.LastIndex(bar, "\n")+1:]
	for _, bad := range []string{"a add", "e edit", "n next step", "o scaling"} {
		if strings.Contains(bar, bad) {
			t.Fatalf("after the end the help bar offers %q: %s", bad, bar)
		}
	}
	mustContain(t, bar, "e amend")
}

// The score form names the child and shows the score already given; the
// "stays sealed" line goes when the scores are revealed.
func TestScoreFormAndStaleStatus(t *testing.T) {
	f := newFixture(t)
	gp := f.client(t, pGP, 100, 30, nil)
	f.do(t, pChair, session.OpenRound{ChildID: f.room.Snapshot().Children[0].ID})
	syncNow(gp)
	press(t, gp, "s")
	mustContain(t, viewText(gp), "Your score for Ann")
	mustContain(t, gp.form.intro, "You have not scored yet.")
	typeText(t, gp, "6")
	press(t, gp, "enter")
	typeText(t, gp, "Some progress")
	press(t, gp, "enter")
	mustContain(t, viewText(gp), "stays sealed")
	press(t, gp, "s")
	mustContain(t, gp.form.intro, "Your score now: 6")
	press(t, gp, "esc")
	if gp.confirm != nil {
		press(t, gp, "y")
	}
	gp.setStatus("Score recorded; it stays sealed until the chair reveals.", false)
	r, _ := f.room.Snapshot().OpenRound()
	f.do(t, pChair, session.RevealRound{RoundID: r.ID})
	syncNow(gp)
	mustNotContain(t, viewText(gp), "stays sealed")
}

// A role change reaches the person with a sentence; a guest's bar shows
// their name; a remote family member is not marked as in the room.
func TestRoleNoticeGuestNameRemoteMark(t *testing.T) {
	f := newFixture(t)
	gp := f.client(t, pGP, 80, 24, nil)
	f.do(t, pChair, session.SetRole{AttendeeID: attendeeFor(t, f, pGP), Role: session.RoleMinuteTaker})
	syncNow(gp)
	mustContain(t, viewText(gp), "You are now the minute-taker")

	code := "ABCD-EFGH-JKLM"
	f.do(t, pChair, session.CreateInvite{Hash: session.HashCode(code), Expires: tNow.Add(time3h)})
	guest := session.Actor{Fingerprint: "SHA256:parent"}
	g := newModel(Options{Ctx: f.ctx, Actor: guest, Invite: code, Conferences: FromService(f.svc), Width: 80, Height: 24})
	typeText(t, g, "Pat Smith")
	press(t, g, "enter", "right", "enter") // family: no agency asked
	if g.scr != scrWaiting {
		t.Fatalf("a family guest: got screen %d (form %v), want waiting without being asked for an agency", g.scr, g.form)
	}
	gs := f.room.Snapshot().Guests
	if gs[len(gs)-1].As != session.GuestFamily {
		t.Fatalf("guest said %q, want family", gs[len(gs)-1].As)
	}
	chairP := f.client(t, pChair, 120, 30, nil)
	press(t, chairP, "P")
	mustContain(t, viewText(chairP), "WAITING Pat Smith · family · key SHA256:parent")
	f.do(t, pChair, session.AdmitGuest{GuestID: gs[len(gs)-1].ID, Role: session.RoleFamily})
	syncNow(g)
	press(t, g, "y")
	v := viewText(g)
	mustContain(t, v, "Pat Smith · Family")
	mustNotContain(t, v, "Guest · Family")

	// Chris Smith was added in the room; made remote, he is no longer ◇.
	chris := f.room.Snapshot().Attendees[len(f.room.Snapshot().Attendees)-2]
	if chris.Name != "Chris Smith" {
		chris = f.room.Snapshot().Attendees[len(f.room.Snapshot().Attendees)-1]
	}
	f.do(t, pChair, session.UpdateAttendee{ID: chris.ID, Name: chris.Name, Relationship: chris.Relationship,
		Attendance: session.Present, Remote: true})
	chair := f.client(t, pChair, 160, 48, nil)
	for _, l := range strings.Split(viewText(chair), "\n") {
		if strings.Contains(l, "Chris Smith") && strings.Contains(l, "◇") {
			t.Fatalf("remote Chris Smith marked in the room: %q", l)
		}
	}
}

// Issue 10 item 5: the lobby updates when the person is added later.
func TestLobbyUpdatesLive(t *testing.T) {
	f := newFixture(t)
	late := session.Actor{ID: "p-late", Name: "Lou Late", Agency: "Police"}
	m := newModel(Options{Ctx: f.ctx, Actor: late, Conferences: FromService(f.svc), Width: 80, Height: 24})
	mustContain(t, viewText(m), "You are not part of any conference yet")
	tick := m.Init()
	if tick == nil {
		t.Fatal("the lobby does not watch for changes")
	}
	f.do(t, pChair, session.AddAttendee{PersonID: late.ID, Name: late.Name, Agency: late.Agency, Role: session.RoleViewer, Attendance: session.Present, Remote: true})
	m.Update(lobbyTickMsg{gen: m.lobbyGen})
	if len(m.lobby) != 1 {
		t.Fatalf("lobby lists %d conferences after being added, want 1", len(m.lobby))
	}
	v := viewText(m)
	mustContain(t, v, "Riverside family")
	mustContain(t, v, "You have been added to Riverside family")
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size.w, Height: size.h})
		t.Run(itoa(size.w)+"x"+itoa(size.h), func(t *testing.T) { golden.RequireEqual(t, []byte(viewText(m))) })
	}
}

// At 80x24 the chair's prompt and the help bar fit.
func TestChairPromptAndHelpFitAt80x24(t *testing.T) {
	f := newFixture(t)
	chair := f.client(t, pChair, 80, 24, nil)
	v := viewText(chair)
	mustContain(t, v, "opinion apart.")
	lines := strings.Split(v, "\n")
	if last := strings.TrimRight(lines[len(lines)-1], " "); strings.HasSuffix(last, "…") {
		t.Fatalf("help bar cut at 80 columns: %q", last)
	}
}

// loneESC finds an ESC that does not start a CSI or OSC sequence: a
// style applied over text that was already styled can split a sequence,
// and the terminal then receives a bare ESC.
var loneESC = regexp.MustCompile("\x1b([^\\[\\]]|$)")

// Issue 10 item 8: no stray lone ESC byte while browsing steps, at any
// width, for any role.
func TestNoLoneEscapeWhileBrowsing(t *testing.T) {
	f := newFixture(t)
	for _, a := range []session.Actor{pChair, pMinute, pGP} {
		for _, w := range []int{80, 120, 200} {
			m := f.client(t, a, w, 30, nil)
			for i := 0; i < 17; i++ {
				for _, k := range []string{"l", "h", "l", "tab"} {
					press(t, m, k)
					if loc := loneESC.FindStringIndex(m.View().Content); loc != nil {
						v := m.View().Content
						t.Fatalf("%s at %d columns, after %s: lone ESC in %q", a.Name, w, k, v[max(0, loc[0]-30):min(len(v), loc[0]+10)])
					}
				}
			}
		}
	}
}

// Golden screens of the fixed paths at 80x24 and 200x60.
func TestGoldenFixedPaths(t *testing.T) {
	for _, size := range []struct{ w, h int }{{80, 24}, {200, 60}} {
		sz := itoa(size.w) + "x" + itoa(size.h)
		shot := func(t *testing.T, name string, m *model) {
			t.Run(name+"_"+sz, func(t *testing.T) { golden.RequireEqual(t, []byte(viewText(m))) })
		}
		f := newFixture(t)
		mt := f.client(t, pMinute, size.w, size.h, nil)
		typeFast(t, mt, "xyz")
		shot(t, "stray_typing", mt)
		press(t, mt, "a")
		typeText(t, mt, "half a sentence")
		press(t, mt, "esc")
		shot(t, "esc_asks", mt)
		press(t, mt, "y")

		chair := f.client(t, pChair, size.w, size.h, nil)
		// A relative records directory, so the paths shown are the same
		// on every run.
		wd, err := os.Getwd()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chdir(t.TempDir()); err != nil {
			t.Fatal(err)
		}
		chair.o.RecordsDir = filepath.Join("confer-data", "records")
		press(t, chair, "E")
		if err := os.Chdir(wd); err != nil {
			t.Fatal(err)
		}
		shot(t, "export_notice", chair)
		press(t, chair, "esc", "Z")
		shot(t, "end_warns", chair)
		press(t, chair, "n")

		gp := f.client(t, pGP, size.w, size.h, nil)
		f.do(t, pChair, session.OpenRound{ChildID: f.room.Snapshot().Children[0].ID})
		syncNow(gp)
		press(t, gp, "s")
		shot(t, "score_form", gp)
	}
}

// A key that changed the screen (y at the gate) does not start a burst
// with the first key on the new one.
func TestNewScreenStartsAfresh(t *testing.T) {
	f := newFixture(t)
	m := newModel(Options{Ctx: f.ctx, Actor: pMinute, Conferences: FromService(f.svc), Width: 80, Height: 24})
	m.keyNow = steppingClock(50 * time.Millisecond)
	typeText(t, m, "y")
	typeText(t, m, "a")
	if m.scr != scrBoard || m.form == nil {
		t.Fatalf("a straight after accepting: screen %d, form %v, status %q; want the add form", m.scr, m.form != nil, m.status)
	}
}

// m opens the move form on a choice; typing that runs on from it must not
// pick a section and move the item.
func TestBurstClosesChoiceForm(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	seq := f.room.Snapshot().Seq
	typeFast(t, m, "more jolly")
	press(t, m, "enter")
	if f.room.Snapshot().Seq != seq {
		t.Fatalf("typing after m changed the conference: seq %d, want %d", f.room.Snapshot().Seq, seq)
	}
	if m.form != nil {
		t.Fatalf("the move form stayed open under the typing: %q", m.form.title)
	}
}

// The invite line names the real port and host when the server gives them.
func TestInviteLineHasPort(t *testing.T) {
	f := newFixture(t)
	chair := f.client(t, pChair, 100, 30, nil)
	chair.o.InviteCommand = func(code string) string { return "ssh -p 2222 " + code + "@confer.example.org" }
	press(t, chair, "P", "I")
	code := strings.TrimSpace(chair.notice[2])
	mustContain(t, viewText(chair), "ssh -p 2222 "+code+"@confer.example.org")
}
