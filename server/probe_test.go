package server

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"confer/server/servertest"
	"confer/tui"
)

// bgModel asks for the terminal's background, as the tui does, and
// records the answer.
type bgModel struct {
	tea.Model
	light *atomic.Int32 // 0 no answer yet, 1 light, 2 dark
}

func (m bgModel) Init() tea.Cmd {
	return tea.Batch(m.Model.Init(), tea.RequestBackgroundColor)
}

func (m bgModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if bg, ok := msg.(tea.BackgroundColorMsg); ok {
		if bg.IsDark() {
			m.light.Store(2)
		} else {
			m.light.Store(1)
		}
	}
	inner, cmd := m.Model.Update(msg)
	m.Model = inner
	return m, cmd
}

func (m bgModel) Frame() (string, string) { return m.Model.(framer).Frame() }

// The app's background colour query reaches the client, and the client's
// answer (a white background) reaches the app as tea.BackgroundColorMsg.
func TestBackgroundColourQueryAndAnswer(t *testing.T) {
	var light atomic.Int32
	e := newEnv(t, testPeople, nil, func(s *Server) {
		s.newModel = func(o tui.Options) tea.Model { return bgModel{Model: tui.New(o), light: &light} }
	})
	c, err := e.dial(e.keys["chair"], "chair", servertest.Options{Background: "rgb:ffff/ffff/ffff"})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	ctx := waitCtx(t, 15*time.Second)
	if _, err := c.WaitFor(ctx, "conference"); err != nil {
		t.Fatal(err)
	}
	for light.Load() == 0 && ctx.Err() == nil {
		time.Sleep(10 * time.Millisecond)
	}
	if got := light.Load(); got != 1 {
		t.Fatalf("the app got background answer %d, want 1 (light)", got)
	}
}

// A terminal set to a single-byte character set is told how to switch to
// UTF-8, in one line, before any screen; terminals that decode UTF-8, or
// do not answer at all, get the app.
func TestNonUTF8TerminalIsToldHowToSwitch(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	ctx := waitCtx(t, 20*time.Second)

	latin, err := e.dial(e.keys["chair"], "chair", servertest.Options{Latin1: true})
	if err != nil {
		t.Fatal(err)
	}
	defer latin.Close()
	if err := latin.WaitDone(ctx); err != nil {
		t.Fatal(err)
	}
	out := latin.Output()
	if !strings.Contains(out, "UTF-8") || !strings.Contains(out, "Window > Translation") {
		t.Fatalf("a Latin-1 terminal was not told how to switch; output:\n%s", out)
	}
	if strings.Contains(out, "conference") || strings.Contains(latin.Screen(), "│") {
		t.Fatalf("a Latin-1 terminal was shown the app; output:\n%s", out)
	}
	for _, o := range []servertest.Options{{}, {NoReplies: true}} {
		c, err := e.dial(e.keys["viewer1"], "viewer1", o)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.WaitFor(ctx, "conference"); err != nil {
			t.Fatalf("options %+v: %v", o, err)
		}
		if strings.Contains(c.Screen(), "é") {
			t.Fatalf("options %+v: the probe's character was left on screen:\n%s", o, c.Screen())
		}
		c.Close()
	}
}
