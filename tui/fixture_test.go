package tui

import (
	"confer/export"
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"

	"confer/session"
	"confer/session/sessiontest"
)

// The people of the test conference.
var (
	tNow    = time.Date(2026, 3, 12, 10, 0, 0, 0, time.UTC)
	pChair  = session.Actor{ID: "p-chair", Name: "Alex Morgan", Agency: "Independent reviewing service", MayChair: true}
	pMinute = session.Actor{ID: "p-mt", Name: "Sam Patel", Agency: "Conference team"}
	pSW     = session.Actor{ID: "p-sw", Name: "Jo Reed", Agency: "Children's social care"}
	pGP     = session.Actor{ID: "p-gp", Name: "Dr Lee Chan", Agency: "GP surgery"}
	pSchool = session.Actor{ID: "p-school", Name: "Kim Ortiz", Agency: "Riverside Primary School"}
	pMum    = session.Actor{ID: "p-mum", Name: "Dana Smith"}
	roles   = map[string]session.Actor{"chair": pChair, "minute-taker": pMinute, "viewer": pGP, "family": pMum}
)

// fixture is a service with one conference part-way through.
type fixture struct {
	svc  *session.Service
	room *session.Hub
	ctx  context.Context
	now  time.Time
}

func (f *fixture) do(t testing.TB, by session.Actor, op session.Op) {
	t.Helper()
	if err := f.room.Do(f.ctx, session.Command{By: by, Op: op}); err != nil {
		t.Fatalf("%T: %v", op, err)
	}
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	clock := tNow
	ids := 0
	svc, err := session.Open(sessiontest.NewJournal(), session.Options{Now: func() time.Time { return clock }, NewID: func() string { ids++; return "c" + itoa(ids) }})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h, err := svc.Create(ctx, pChair, session.CreateConference{Type: session.Initial, Title: "Riverside family",
		Children: []session.Child{{Name: "Ann", DOB: time.Date(2019, 4, 2, 0, 0, 0, 0, time.UTC)}}, Date: tNow, Venue: "Town Hall, room 2"})
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{svc: svc, room: h, ctx: ctx, now: tNow}
	for _, p := range []struct {
		a    session.Actor
		role session.Role
	}{{pMinute, session.RoleMinuteTaker}, {pSW, session.RoleViewer}, {pGP, session.RoleViewer}, {pSchool, session.RoleViewer}, {pMum, session.RoleFamily}} {
		f.do(t, pChair, session.AddAttendee{PersonID: p.a.ID, Name: p.a.Name, Agency: p.a.Agency, Role: p.role, Attendance: session.Present, Remote: true})
	}
	f.do(t, pMinute, session.AddAttendee{Name: "Chris Smith", Relationship: "Father", Role: session.RoleFamily, Attendance: session.Present})
	f.do(t, pChair, session.GoToStep{Index: 7}) // what we are worried about
	f.do(t, pMinute, session.AddItem{Section: session.Harm, Text: "Ann was seen with bruising to her arm on 3 March.", Tag: session.TagFact, Attribution: "School"})
	f.do(t, pMinute, session.AddItem{Section: session.Harm, Text: "Neighbour reports shouting late at night (third-party).", Tag: session.TagAllegation, Restricted: true})
	f.do(t, pMinute, session.AddItem{Section: session.Worries, Text: "If nothing changes, Ann may be hurt again when her father drinks.", Tag: session.TagOpinion})
	f.do(t, pMinute, session.AddItem{Section: session.Strengths, Text: "Ann's grandmother visits daily and Ann trusts her."})
	f.do(t, pMinute, session.AddItem{Section: session.DangerStatements, Text: "Children's services are worried Ann could be hurt again."})
	return f
}

// client builds the app for one person and takes them through the gate.
func (f *fixture) client(t testing.TB, a session.Actor, w, h int, frames *FrameCache) *model {
	t.Helper()
	m := newModel(Options{Ctx: f.ctx, Actor: a, Conferences: FromService(f.svc), Width: w, Height: h,
		Now: func() time.Time { return f.now }, Frames: frames, RecordsDir: filepath.Join(t.TempDir(), "records"), Export: export.WriteAll,
		People: func() []session.Actor { return []session.Actor{pChair, pMinute, pSW, pGP, pSchool, pMum} }})
	m.keyNow = steppingClock(time.Second)
	if m.scr != scrGate {
		t.Fatalf("%s: got screen %d, want the confidentiality gate", a.Name, m.scr)
	}
	press(t, m, "y")
	if m.scr != scrBoard {
		t.Fatalf("%s: got screen %d after accepting, want the board (status %q)", a.Name, m.scr, m.status)
	}
	m.setStatus("", false)
	return m
}

// run executes a command the way Bubble Tea would and feeds the result
// back, until nothing is left. Commands that would block (the change
// subscription) are never returned while m.sub is nil.
func run(t testing.TB, m *model, cmd tea.Cmd) {
	t.Helper()
	for depth := 0; cmd != nil && depth < 20; depth++ {
		// A command waiting on the change subscription blocks until
		// something changes; the test drives changes itself, so give up on
		// any command that has not answered in a second.
		done := make(chan tea.Msg, 1)
		go func(c tea.Cmd) { done <- c() }(cmd)
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(time.Second):
			return
		}
		switch msg := msg.(type) {
		case nil:
			return
		case tea.QuitMsg:
			return
		case tea.BatchMsg:
			for _, c := range msg {
				run(t, m, c)
			}
			return
		default:
			_, cmd = m.Update(msg)
		}
	}
}

// keyMsg turns "a", "enter", "ctrl+j", "alt+enter", "shift+tab" into a key press.
func keyMsg(s string) tea.KeyPressMsg {
	var k tea.Key
	parts := strings.Split(s, "+")
	name := parts[len(parts)-1]
	if s == "+" {
		name, parts = "+", []string{"+"}
	}
	for _, p := range parts[:len(parts)-1] {
		switch p {
		case "ctrl":
			k.Mod |= tea.ModCtrl
		case "alt":
			k.Mod |= tea.ModAlt
		case "shift":
			k.Mod |= tea.ModShift
		}
	}
	switch name {
	case "enter":
		k.Code = tea.KeyEnter
	case "esc":
		k.Code = tea.KeyEscape
	case "tab":
		k.Code = tea.KeyTab
	case "up":
		k.Code = tea.KeyUp
	case "down":
		k.Code = tea.KeyDown
	case "left":
		k.Code = tea.KeyLeft
	case "right":
		k.Code = tea.KeyRight
	case "space":
		k.Code, k.Text = tea.KeySpace, " "
	default:
		r := []rune(name)
		k.Code = r[0]
		if k.Mod == 0 {
			k.Text = name
		} else if k.Mod == tea.ModShift {
			k.Text = strings.ToUpper(name)
		}
	}
	return tea.KeyPressMsg(k)
}

// press sends keys one at a time, running what each returns. Each is a
// deliberate press, after a pause: typing is typeText.
func press(t testing.TB, m *model, keys ...string) {
	t.Helper()
	for _, k := range keys {
		m.typing = typingGuard{}
		msg := keyMsg(k)
		if got := msg.String(); got != k && !(k == "space" && got == "space") {
			t.Fatalf("test key %q reads as %q", k, got)
		}
		_, cmd := m.Update(msg)
		run(t, m, cmd)
	}
}

// typeText types text as individual key presses.
func typeText(t testing.TB, m *model, s string) {
	t.Helper()
	for _, r := range s {
		msg := tea.KeyPressMsg(tea.Key{Code: r, Text: string(r)})
		if r == ' ' {
			msg = tea.KeyPressMsg(tea.Key{Code: tea.KeySpace, Text: " "})
		}
		_, cmd := m.Update(msg)
		run(t, m, cmd)
	}
}

// screen returns the visible text of the model's view.
func viewText(m *model) string { return ansi.Strip(m.View().Content) }

// sync tells the model the conference changed, as the subscription would.
func syncNow(m *model) {
	m.Update(subMsg{ch: m.sub, ok: true})
}

func mustContain(t testing.TB, view, want string) {
	t.Helper()
	if !strings.Contains(view, want) {
		t.Fatalf("view does not contain %q; got:\n%s", want, view)
	}
}

func mustNotContain(t testing.TB, view, bad string) {
	t.Helper()
	if strings.Contains(view, bad) {
		t.Fatalf("view contains %q; got:\n%s", bad, view)
	}
}

var _ = fmt.Sprintf

const time3h = 3 * time.Hour

func stringWidth(s string) int { return ansi.StringWidth(s) }

// downsampleASCII renders styled output as a terminal without colour
// receives it.
func downsampleASCII(t testing.TB, s string) string {
	t.Helper()
	var b strings.Builder
	w := colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	if _, err := w.WriteString(s); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// steppingClock is a key clock that moves on by d at every reading: keys
// pressed in a test are a second apart (deliberate), unless a test types
// with a shorter step.
func steppingClock(d time.Duration) func() time.Time {
	t := tNow
	return func() time.Time {
		t = t.Add(d)
		return t
	}
}
