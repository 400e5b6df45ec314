package tui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"confer/session"
)

func TestViewerEditIsRefused(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pGP, 80, 24, nil)
	before := f.room.Snapshot().Seq
	for _, k := range []string{"a", "d", "x", "e", "n", "o"} {
		press(t, m, k)
		if m.form != nil || m.confirm != nil {
			t.Fatalf("key %q: a viewer got a form or dialog", k)
		}
		if !m.statusErr || !strings.Contains(m.status, "cannot") {
			t.Fatalf("key %q: got status %q, want a refusal containing \"cannot\"", k, m.status)
		}
	}
	press(t, m, "a")
	mustContain(t, viewText(m), "A viewer cannot write on the board.")
	if got := f.room.Snapshot().Seq; got != before {
		t.Fatalf("got seq %d after refused keys, want %d (nothing changes)", got, before)
	}
	if m.keys.Add.Enabled() {
		t.Fatal("got add enabled for a viewer, want disabled")
	}
}

func TestMinuteTakerAddsItemWithPasteAndNewline(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	press(t, m, "tab", "a") // Danger and worries
	if m.form == nil {
		t.Fatalf("got no form after a; status %q", m.status)
	}
	typeText(t, m, "Dad said")
	m.Update(tea.PasteMsg{Content: " \x1b[31mred\x1b[0m\x1b]0;title\x07 text 日本語"})
	press(t, m, "ctrl+j")
	typeText(t, m, "line two")
	if v := m.View().Content; strings.Contains(v, "\x1b]0;") || strings.Contains(v, "[31m") {
		t.Fatalf("the pasted escape sequence reached the view: %q", v)
	}
	press(t, m, "enter")
	if m.form != nil {
		t.Fatalf("form still open: %q", m.form.err)
	}
	items := f.room.Snapshot().Section(session.Worries)
	got := items[len(items)-1].Text
	if want := "Dad said red text 日本語\nline two"; got != want {
		t.Fatalf("got item %q, want %q", got, want)
	}
	v := viewText(m)
	mustContain(t, v, "Dad said red text 日本語")
	if strings.ContainsRune(m.View().Content, 0x07) {
		t.Fatal("BEL reached the view")
	}
}

// A paste longer than the box is not cut silently: the form says how much
// fitted, and what fitted is what gets saved.
func TestOverlongPasteIsReported(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	press(t, m, "a")
	m.Update(tea.PasteMsg{Content: strings.Repeat("x", session.MaxItem+50)})
	if m.form == nil || !strings.Contains(m.form.err, "of the 2050 pasted characters fit") {
		t.Fatalf("got form error %q, want a sentence about the characters that did not fit", m.form.err)
	}
}

func TestRefusedInputKeepsTypedText(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	press(t, m, "a")
	typeText(t, m, "   ")
	press(t, m, "enter")
	if m.form == nil {
		t.Fatal("got form closed after an empty item, want it kept open with the refusal")
	}
	if m.form.err == "" {
		t.Fatal("got no refusal for an empty item")
	}
	mustContain(t, viewText(m), m.form.err)
}

func TestRoleChangeReachesScreen(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pGP, 80, 24, nil)
	if m.keys.Add.Enabled() {
		t.Fatal("viewer: got add enabled")
	}
	f.do(t, pChair, session.SetRole{AttendeeID: attendeeFor(t, f, pGP), Role: session.RoleMinuteTaker})
	syncNow(m)
	if !m.keys.Add.Enabled() {
		t.Fatal("after becoming minute-taker: got add disabled, want enabled")
	}
	mustContain(t, viewText(m), "Dr Lee Chan · Minute-taker")
	mustContain(t, viewText(m), "a add")
	// The chair hands over to them: chair keys appear, and the old chair loses them.
	c := f.client(t, pChair, 80, 24, nil)
	f.do(t, pChair, session.HandOverChair{To: attendeeFor(t, f, pGP)})
	syncNow(m)
	syncNow(c)
	if !m.keys.NextStep.Enabled() || c.keys.NextStep.Enabled() {
		t.Fatalf("after hand-over: new chair next-step %v, old chair %v; want true, false", m.keys.NextStep.Enabled(), c.keys.NextStep.Enabled())
	}
	press(t, c, "n")
	mustContain(t, c.status, "A viewer cannot move the agenda")
}

func TestFollowAndBrowseAgenda(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pGP, 160, 48, nil)
	press(t, m, "l", "l")
	if m.follow || m.browse != 9 {
		t.Fatalf("got follow %v browse %d, want browsing step index 9", m.follow, m.browse)
	}
	v := viewText(m)
	mustContain(t, v, "you are viewing 10/16: Danger statements (f to follow)")
	mustContain(t, v, "▶ Step 8/16")
	// The chair moves on; the browsing client stays where it is.
	f.do(t, pChair, session.GoToStep{Index: 10})
	syncNow(m)
	mustContain(t, viewText(m), "you are viewing 10/16")
	press(t, m, "f")
	v = viewText(m)
	mustNotContain(t, v, "you are viewing")
	mustContain(t, v, "▶ Step 11/16: Scaling")
}

func TestSealedRoundNeverShowsValues(t *testing.T) {
	f := newFixture(t)
	f.do(t, pChair, session.GoToStep{Index: 10})
	chair := f.client(t, pChair, 160, 48, nil)
	gp := f.client(t, pGP, 160, 48, nil)
	press(t, chair, "o", "enter", "enter", "enter")
	if chair.form != nil {
		t.Fatalf("open round form still open: %q", chair.form.err)
	}
	syncNow(gp)
	press(t, gp, "s")
	typeText(t, gp, "7")
	press(t, gp, "enter")
	typeText(t, gp, "Grandmother is protective")
	press(t, gp, "enter")
	if gp.form != nil {
		t.Fatalf("score form still open: %q", gp.form.err)
	}
	// The minute-taker records the father's score in the room.
	mt := f.client(t, pMinute, 80, 24, nil)
	press(t, mt, "s", "right", "enter") // whose: first in-room person
	typeText(t, mt, "1")
	press(t, mt, "enter")
	typeText(t, mt, "Very worried")
	press(t, mt, "enter", "enter") // the reason, then withhold from the family: no
	if mt.form != nil {
		t.Fatalf("minute-taker score form still open: %q", mt.form.err)
	}
	for _, m := range []*model{chair, gp, mt} {
		syncNow(m)
		v := viewText(m)
		mustContain(t, v, "✓ scored")
		mustContain(t, v, "… waiting")
		for _, bad := range []string{"Grandmother is protective", "Very worried", "Spread", "!!"} {
			mustNotContain(t, v, bad)
		}
	}
	golden.RequireEqual(t, []byte(viewText(chair)))
	press(t, chair, "r", "y")
	syncNow(gp)
	v := viewText(gp)
	for _, want := range []string{"REVEALED", "Grandmother is protective", "Spread: min 1 · median 4 · max 7", "!! high concern", " 7 | # 1"} {
		mustContain(t, v, want)
	}
	t.Run("revealed", func(t *testing.T) { golden.RequireEqual(t, []byte(viewText(gp))) })
}

func TestClosedSegmentFamilySeesNothingElse(t *testing.T) {
	f := newFixture(t)
	mum := f.client(t, pMum, 80, 24, nil)
	chair := f.client(t, pChair, 80, 24, nil)
	press(t, chair, "C", "y")
	mt := f.client(t, pMinute, 80, 24, nil)
	press(t, mt, "a")
	typeText(t, mt, "Police intelligence shared in confidence")
	press(t, mt, "enter")
	syncNow(mum)
	v := viewText(mum)
	mustContain(t, v, "Closed segment in progress")
	for _, bad := range []string{"Harm", "bruising", "Police intelligence", "Agenda", "Alex Morgan"} {
		mustNotContain(t, v, bad)
	}
	golden.RequireEqual(t, []byte(v))
	press(t, mum, "P", "?")
	mustNotContain(t, viewText(mum), "Alex Morgan")
	mustNotContain(t, viewText(mum), "Keys you can use now")
	syncNow(chair)
	mustContain(t, viewText(chair), "CLOSED SEGMENT in progress")
	press(t, chair, "C")
	syncNow(mum)
	v = viewText(mum)
	mustNotContain(t, v, "Police intelligence")
	mustContain(t, v, "bruising")
	// The model of a family viewer never holds withheld content.
	for _, it := range mum.snap.Items {
		if it.Hidden() {
			t.Fatalf("family model holds hidden item %q", it.Text)
		}
	}
}

func TestResizeAndTinyTerminal(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pChair, 80, 24, nil)
	m.Update(tea.WindowSizeMsg{Width: 30, Height: 10})
	mustContain(t, viewText(m), "Window too small")
	m.Update(tea.WindowSizeMsg{Width: 0, Height: 0})
	_ = viewText(m) // must not panic
	for _, sz := range [][2]int{{40, 12}, {72, 20}, {250, 60}, {100, 30}} {
		m.Update(tea.WindowSizeMsg{Width: sz[0], Height: sz[1]})
		lines := strings.Split(viewText(m), "\n")
		if len(lines) != sz[1] {
			t.Fatalf("%dx%d: got %d lines, want %d", sz[0], sz[1], len(lines), sz[1])
		}
		for i, l := range lines {
			if w := stringWidth(l); w > sz[0] {
				t.Fatalf("%dx%d: line %d is %d wide: %q", sz[0], sz[1], i, w, l)
			}
		}
		mustContain(t, viewText(m), "Step 8/16")
	}
}

func TestWideCharactersMeasured(t *testing.T) {
	f := newFixture(t)
	f.do(t, pMinute, session.AddItem{Section: session.Harm, Text: strings.Repeat("子供の安全 🙂 ", 20)})
	m := f.client(t, pChair, 80, 24, nil)
	for i, l := range strings.Split(viewText(m), "\n") {
		if w := stringWidth(l); w != 80 {
			t.Fatalf("line %d is %d cells wide, want 80: %q", i, w, l)
		}
	}
}

func TestDeleteAsksFirst(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	n := len(f.room.Snapshot().Items)
	press(t, m, "d")
	mustContain(t, viewText(m), "Delete “")
	press(t, m, "n")
	if got := len(f.room.Snapshot().Items); got != n {
		t.Fatalf("got %d items after declining, want %d", got, n)
	}
	press(t, m, "d", "y")
	if got := len(f.room.Snapshot().Items); got != n-1 {
		t.Fatalf("got %d items after confirming, want %d", got, n-1)
	}
}

func TestRestrictToggleShowsMarker(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	press(t, m, "x")
	it, _ := f.room.Snapshot().Item(f.room.Snapshot().Section(session.Harm)[0].ID)
	if !it.Restricted {
		t.Fatal("got item not restricted after x")
	}
	mustContain(t, viewText(m), "[R] (fact) Ann was seen")
	mum := f.client(t, pMum, 80, 24, nil)
	mustNotContain(t, viewText(mum), "bruising")
}

func TestHelpListsOnlyUsableKeys(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pGP, 160, 48, nil)
	press(t, m, "?")
	v := viewText(m)
	mustContain(t, v, "Keys you can use now")
	mustContain(t, v, "score")
	for _, bad := range []string{"next step", "reveal", "delete"} {
		mustNotContain(t, v, bad)
	}
}

func TestNoColourRendering(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pChair, 80, 24, nil)
	out := downsampleASCII(t, m.View().Content)
	if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
		t.Fatalf("colour codes survive the no-colour profile: %q", out)
	}
	golden.RequireEqual(t, []byte(out))
	for _, want := range []string{"[R]", "▶ Step 8/16", "●", "◇", "Quorum: met", "›"} {
		mustContain(t, out, want)
	}
}

func TestGuestInviteWaitAdmit(t *testing.T) {
	f := newFixture(t)
	chair := f.client(t, pChair, 100, 30, nil)
	press(t, chair, "P", "I")
	if chair.notice == nil {
		t.Fatalf("no invite code shown; status %q", chair.status)
	}
	code := strings.TrimSpace(chair.notice[2])
	guest := session.Actor{Fingerprint: "SHA256:guestkey"}
	g := newModel(Options{Ctx: f.ctx, Actor: guest, Invite: code, Conferences: FromService(f.svc), Width: 80, Height: 24})
	if g.scr != scrInvite {
		t.Fatalf("got screen %d, want the invite form", g.scr)
	}
	typeText(t, g, "Pat Jones")
	press(t, g, "enter", "enter")
	if g.form == nil || !strings.Contains(g.form.err, "Say whether you are family or a professional") {
		t.Fatalf("no family/professional answer: got form %v, want it kept open asking", g.form)
	}
	press(t, g, "right", "right", "enter") // a professional: asked for the agency next
	mustContain(t, viewText(g), "Which agency are you from?")
	typeText(t, g, "Health visiting")
	press(t, g, "enter")
	if g.scr != scrWaiting {
		t.Fatalf("got screen %d (%q), want waiting", g.scr, g.status)
	}
	v := viewText(g)
	mustContain(t, v, "Waiting for the chair to admit you")
	mustContain(t, v, "Riverside family")
	mustNotContain(t, v, "bruising")
	// A reconnect with the same key and no code reaches the waiting screen.
	again := newModel(Options{Ctx: f.ctx, Actor: guest, Conferences: FromService(f.svc), Width: 80, Height: 24})
	if again.scr != scrWaiting {
		t.Fatalf("reconnect: got screen %d, want waiting", again.scr)
	}
	press(t, chair, "esc")
	syncNow(chair)
	mustContain(t, viewText(chair), "WAITING Pat Jones · professional, Health visiting · key SHA256:guestkey")
	rows := chair.peopleRows()
	chair.peopleI = len(rows) - 1
	// The admit form has no default role: enter alone is refused.
	press(t, chair, "y", "enter")
	if chair.form == nil || !strings.Contains(chair.form.err, "Choose a role for Pat Jones") {
		t.Fatalf("admitting without choosing a role: got form %v, want it kept open asking for a role", chair.form)
	}
	press(t, chair, "right", "enter")
	syncNow(g)
	if g.scr != scrGate {
		t.Fatalf("got screen %d after admission, want the gate", g.scr)
	}
	mustContain(t, viewText(g), "Confidentiality")
	press(t, g, "y")
	if g.scr != scrBoard || g.role != session.RoleViewer {
		t.Fatalf("got screen %d role %s, want board as viewer", g.scr, g.role)
	}
}

func TestTurnedAwayGuestQuits(t *testing.T) {
	f := newFixture(t)
	code := "ABCD-EFGH-JKLM"
	f.do(t, pChair, session.CreateInvite{Hash: session.HashCode(code), Expires: tNow.Add(time3h)})
	guest := session.Actor{Fingerprint: "SHA256:other"}
	g := newModel(Options{Ctx: f.ctx, Actor: guest, Invite: code, Conferences: FromService(f.svc), Width: 80, Height: 24})
	typeText(t, g, "Someone")
	press(t, g, "enter", "right", "enter") // family: no agency asked
	gs := f.room.Snapshot().Guests
	f.do(t, pChair, session.TurnAwayGuest{GuestID: gs[len(gs)-1].ID})
	_, cmd := g.Update(subMsg{ch: g.sub, ok: true})
	if cmd == nil {
		t.Fatal("got no quit command after being turned away")
	}
	if _, ok := cmd().(tea.QuitMsg); !ok {
		t.Fatal("got a command that does not quit")
	}
	mustContain(t, viewText(g), "The chair has not admitted you")
}

func TestFirstRunClaimAndCreate(t *testing.T) {
	f := newFixture(t)
	newChair := session.Actor{Fingerprint: "SHA256:first"}
	m := newModel(Options{Ctx: f.ctx, Actor: newChair, Conferences: FromService(f.svc), Width: 100, Height: 30,
		Now: func() time.Time { return tNow },
		Claim: func(name, agency string) (session.Actor, error) {
			return session.Actor{ID: "p-new", Name: name, Agency: agency, MayChair: true}, nil
		}})
	typeText(t, m, "Robin Hale")
	press(t, m, "enter")
	typeText(t, m, "IRO service")
	press(t, m, "enter")
	if m.scr != scrLobby {
		t.Fatalf("got screen %d after claiming, want the lobby", m.scr)
	}
	press(t, m, "n", "right", "tab")
	typeText(t, m, "Hill case")
	press(t, m, "tab")
	typeText(t, m, "Bo (2020-01-05), Cy")
	press(t, m, "enter", "enter") // date defaults to today
	typeText(t, m, "Online")
	press(t, m, "enter")
	if m.scr != scrGate {
		t.Fatalf("got screen %d (form err %v), want the gate of the new conference", m.scr, m.form)
	}
	c := m.snap
	if c.Type != session.Review || len(c.Children) != 2 || c.Children[0].Name != "Bo" || c.Date.Format("2006-01-02") != "2026-03-12" {
		t.Fatalf("got %s with children %v on %s, want review, Bo and Cy, 2026-03-12", c.Type, c.Children, c.Date)
	}
}

func TestChairExportsAndEnds(t *testing.T) {
	f := newFixture(t)
	chair := f.client(t, pChair, 100, 30, nil)
	press(t, chair, "E")
	if chair.statusErr || !strings.Contains(chair.status, "records written") {
		t.Fatalf("export: got status %q, want records written", chair.status)
	}
	// Where the chair exports, the conference ID and the command that
	// writes the records again on the server.
	v := viewText(chair)
	mustContain(t, v, "Conference ID: c1")
	mustContain(t, v, "confer export --data "+filepath.Dir(chair.o.RecordsDir)+" --conference c1")
	press(t, chair, "esc", "Z")
	mustContain(t, viewText(chair), "End the conference?")
	press(t, chair, "y")
	if f.room.Snapshot().Ended.IsZero() {
		t.Fatalf("got conference not ended; status %q", chair.status)
	}
	mustContain(t, viewText(chair), "This conference ended")
	mustContain(t, chair.status, "The conference has ended; 3 records written.")
}

// L leaves the conference for the lobby: the subscription and presence
// end (everyone else sees the person go), the end of that subscription
// does not quit the app, and the conference can be opened again.
func TestLeaveForLobbyAndBack(t *testing.T) {
	f := newFixture(t)
	gp := f.client(t, pGP, 80, 24, nil)
	wait := gp.subscribe() // what Init starts in a real session
	at, _ := f.room.Snapshot().AttendeeFor(pGP)
	if !f.room.Snapshot().IsConnected(at.ID) || f.room.Subscribers() != 1 {
		t.Fatalf("before leaving: connected %v, subscribers %d; want connected and 1", f.room.Snapshot().IsConnected(at.ID), f.room.Subscribers())
	}
	press(t, gp, "L", "y")
	if gp.scr != scrLobby || gp.room != nil {
		t.Fatalf("after L: screen %d, room %v; want the lobby and no conference", gp.scr, gp.room)
	}
	v := viewText(gp)
	mustContain(t, v, "Riverside family")
	mustContain(t, v, "You have left the conference.")
	for deadline := time.Now().Add(2 * time.Second); f.room.Snapshot().IsConnected(at.ID) || f.room.Subscribers() != 0; {
		if time.Now().After(deadline) {
			t.Fatalf("after leaving: connected %v, subscribers %d; want gone and 0", f.room.Snapshot().IsConnected(at.ID), f.room.Subscribers())
		}
		time.Sleep(5 * time.Millisecond)
	}
	if _, cmd := gp.Update(wait()); cmd != nil || gp.scr != scrLobby {
		t.Fatalf("the left conference's subscription ended: got a command %v on screen %d, want nothing (no quit)", cmd != nil, gp.scr)
	}

	press(t, gp, "enter")
	if gp.scr != scrGate {
		t.Fatalf("opening it again: screen %d, want the confidentiality gate", gp.scr)
	}
	press(t, gp, "y")
	if gp.scr != scrBoard || !f.room.Snapshot().IsConnected(at.ID) {
		t.Fatalf("back in: screen %d, connected %v; want the board and connected", gp.scr, f.room.Snapshot().IsConnected(at.ID))
	}
	f.do(t, pMinute, session.AddItem{Section: session.Worries, Text: "Seen after coming back"})
	syncNow(gp)
	mustContain(t, viewText(gp), "Seen after coming back")
}

// Quick presses of n, before the first move is durable, each move the
// agenda on: none is lost to the snapshot they were pressed on, and a form
// opened meanwhile is neither closed nor marked by the move finishing.
func TestQuickStepPressesAllCount(t *testing.T) {
	f := newFixture(t)
	chair := f.client(t, pChair, 80, 24, nil)
	start := f.room.Snapshot().Step
	var cmds []tea.Cmd
	for range 3 {
		_, cmd := chair.Update(keyMsg("n"))
		cmds = append(cmds, cmd)
	}
	if cmds[0] == nil || cmds[1] != nil || cmds[2] != nil {
		t.Fatalf("got commands %v, want one move sent and two held until it is done", []bool{cmds[0] != nil, cmds[1] != nil, cmds[2] != nil})
	}
	press(t, chair, "a")
	typeText(t, chair, "draft")
	run(t, chair, cmds[0])
	if got := f.room.Snapshot().Step; got != start+3 {
		t.Fatalf("after three quick presses: step %d, want %d", got, start+3)
	}
	if chair.form == nil || chair.form.err != "" {
		t.Fatal("the form opened meanwhile was closed or marked by the step moves")
	}
	mustContain(t, viewText(chair), "draft")

	// Presses past the end stop at the last step.
	press(t, chair, "esc")
	if chair.confirm != nil {
		press(t, chair, "y")
	}
	last := len(f.room.Snapshot().Agenda) - 1
	cmds = cmds[:0]
	for range last + 5 {
		if _, cmd := chair.Update(keyMsg("n")); cmd != nil {
			cmds = append(cmds, cmd)
		}
	}
	for _, c := range cmds {
		run(t, chair, c)
	}
	if got := f.room.Snapshot().Step; got != last {
		t.Fatalf("pressing past the end: step %d, want the last, %d", got, last)
	}
}
