package tui

import (
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"confer/export"
	"confer/session"
)

// memLooks is a LookStore in memory, counting saves.
type memLooks struct {
	mu    sync.Mutex
	text  string
	saves int
	err   error
}

func (s *memLooks) LoadLook() string { s.mu.Lock(); defer s.mu.Unlock(); return s.text }

func (s *memLooks) SaveLook(text string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saves++
	if s.err != nil {
		return s.err
	}
	s.text = text
	return nil
}

// storeClient is f.client with a LookStore.
func (f *fixture) storeClient(t *testing.T, a session.Actor, st LookStore) *model {
	t.Helper()
	m := newModel(Options{Ctx: f.ctx, Actor: a, Conferences: FromService(f.svc), Width: 80, Height: 24,
		Now: func() time.Time { return f.now }, RecordsDir: filepath.Join(t.TempDir(), "records"), Export: export.WriteAll,
		Looks: st})
	m.keyNow = steppingClock(time.Second)
	press(t, m, "y")
	return m
}

// A choice made with ctrl+t is saved through the person's store, and a
// new terminal given that store starts with it, even when the server has
// forgotten it (a restart).
func TestLookSavedAndLoaded(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(func() { forgetLook(pMinute.ID) })
	st := &memLooks{}
	m := f.storeClient(t, pMinute, st)
	press(t, m, "ctrl+t")
	mustContain(t, viewText(m), "remembers it for you next time")
	press(t, m, "right", "right", "tab", "right", "enter") // light; high contrast
	press(t, m, "enter")
	if st.saves != 1 || st.text != "light contrast" {
		t.Fatalf("after choosing light, high contrast: %d saves, saved %q", st.saves, st.text)
	}

	forgetLook(pMinute.ID) // as after a restart
	again := f.storeClient(t, pMinute, st)
	want := look{bgChosen: true, dark: false, scheme: schemeContrast}
	if again.look != want || again.sty.dark {
		t.Fatalf("new terminal with the store: look %+v (dark styles %v), want %+v", again.look, again.sty.dark, want)
	}
	if again.sty != stylesFor(false, schemeContrast, again.profile) {
		t.Errorf("new terminal: not drawn with the saved look's styles")
	}
}

// What the store holds is checked: anything not a saved look is ignored.
func TestLookLoadIgnoresGarbage(t *testing.T) {
	f := newFixture(t)
	for _, text := range []string{"", "dark", "dark contrast extra", "purple none", "dark 2", "\x1b[31m none", "light\ncolour\n"} {
		forgetLook(pSW.ID)
		m := f.storeClient(t, pSW, &memLooks{text: text})
		if text == "light\ncolour\n" {
			// Whitespace around the two words is not garbage.
			if m.look != (look{bgChosen: true}) {
				t.Errorf("%q: look %+v", text, m.look)
			}
			continue
		}
		if m.look != (look{}) {
			t.Errorf("%q: look %+v, want the default", text, m.look)
		}
	}
	for sc := scheme(0); sc < numSchemes; sc++ {
		for _, l := range []look{{scheme: sc}, {scheme: sc, bgChosen: true}, {scheme: sc, bgChosen: true, dark: true}} {
			if got, ok := parseLook(l.String()); !ok || got != l {
				t.Errorf("%+v saved as %q reads back as %+v, %v", l, l.String(), got, ok)
			}
		}
	}
}

// A save that fails is told to the person; the choice still applies.
func TestLookSaveFailureTold(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(func() { forgetLook(pGP.ID) })
	m := f.storeClient(t, pGP, &memLooks{err: errors.New("disk full")})
	press(t, m, "ctrl+t", "tab", "right", "right", "enter", "enter") // no colour
	if m.look.scheme != schemeNone {
		t.Fatalf("scheme %s, want no colour", m.look.scheme)
	}
	mustContain(t, viewText(m), "could not be saved")
}

// forgetLook drops what the server remembers in memory for who.
func forgetLook(who string) {
	looks.Lock()
	defer looks.Unlock()
	delete(looks.m, who)
}
