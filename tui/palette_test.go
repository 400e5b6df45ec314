package tui

import (
	"fmt"
	"image/color"
	"math"
	"reflect"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"confer/session"
)

// luminance is WCAG 2.1's relative luminance.
func luminance(c color.Color) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		s := float64(v) / 0xffff
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// contrast is WCAG 2.1's contrast ratio of two colours.
func contrast(a, b color.Color) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func isSet(c color.Color) bool {
	if c == nil {
		return false
	}
	_, none := c.(lipgloss.NoColor)
	return !none
}

// eachStyle calls fn with every lipgloss style in v (a styles struct and
// the help and input styles inside it), named by its path.
func eachStyle(path string, v reflect.Value, fn func(string, lipgloss.Style)) {
	if s, ok := v.Interface().(lipgloss.Style); ok {
		fn(path, s)
		return
	}
	if v.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < v.NumField(); i++ {
		if f := v.Type().Field(i); f.IsExported() {
			eachStyle(path+"."+f.Name, v.Field(i), fn)
		}
	}
}

var profiles = []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ANSI, colorprofile.Ascii}

// Issues 13 and 15: every foreground/background pair confer ships meets
// WCAG's 4.5:1 on a dark and a light terminal, in every colour profile
// and every scheme, as the terminal will show it after downsampling; and
// no style sets a background without its own foreground (which would
// leave the text in the terminal's default colour, perhaps dark on dark).
func TestEveryStylePairIsLegible(t *testing.T) {
	for _, dark := range []bool{true, false} {
		term := color.Color(color.White)
		if dark {
			term = color.Black
		}
		for sc := scheme(0); sc < numSchemes; sc++ {
			for _, p := range profiles {
				sty := stylesFor(dark, sc, p)
				if sty.dark != dark {
					t.Fatalf("dark %v: got styles for dark %v", dark, sty.dark)
				}
				name := fmt.Sprintf("dark=%v/%s/%s", dark, sc, p)
				eachStyle("styles", reflect.ValueOf(*sty), func(path string, s lipgloss.Style) {
					fg, bg := s.GetForeground(), s.GetBackground()
					if isSet(bg) && !isSet(fg) {
						t.Errorf("%s %s: background without its own foreground", name, path)
						return
					}
					if !isSet(fg) {
						return // the terminal's own colours
					}
					if !isSet(bg) {
						bg = term // the terminal's own background
					} else {
						bg = p.Convert(bg)
					}
					if fg = p.Convert(fg); fg == nil || bg == nil {
						return // no colour in this profile
					}
					if s.GetReverse() {
						fg, bg = bg, fg
					}
					if r := contrast(fg, bg); r < 4.5 {
						t.Errorf("%s %s: contrast %.2f:1, want at least 4.5:1", name, path, r)
					}
				})
			}
		}
	}
}

// Issue 15: the terminal's background answer picks the palette; without
// an answer the dark one is used; the person can choose in the app.
func TestBackgroundPicksPalette(t *testing.T) {
	f := newFixture(t)
	t.Cleanup(func() { rememberLook(pMinute.ID, look{}) })
	m := f.client(t, pMinute, 80, 24, nil)
	if !m.sty.dark {
		t.Fatal("no answer yet: got the light palette, want the dark default")
	}
	asks := false
	// A terminal that is told goodbye at once: its Init runs nothing that
	// waits, so the batch can be read.
	gone := newModel(Options{Ctx: f.ctx, Actor: session.Actor{Fingerprint: "SHA256:nobody"}, Conferences: FromService(f.svc)})
	if batch, ok := gone.Init()().(tea.BatchMsg); ok {
		for _, c := range batch {
			if c != nil && reflect.ValueOf(c).Pointer() == reflect.ValueOf(tea.RequestBackgroundColor).Pointer() {
				asks = true
			}
		}
	}
	if !asks {
		t.Fatal("Init does not ask the terminal for its background colour")
	}
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	if m.sty.dark {
		t.Fatal("white background: got the dark palette")
	}
	press(t, m, "ctrl+t")
	mustContain(t, viewText(m), "Display")
	press(t, m, "right", "tab", "right", "right", "enter") // dark; no colour
	press(t, m, "enter")
	if !m.sty.dark || m.look.scheme != schemeNone {
		t.Fatalf("after choosing dark, no colour: dark %v scheme %s", m.sty.dark, m.look.scheme)
	}
	m.Update(tea.BackgroundColorMsg{Color: color.White})
	if !m.sty.dark {
		t.Fatal("a chosen background was overridden by the terminal's answer")
	}
	// Remembered for the person: a new terminal of theirs starts with it.
	again := f.client(t, pMinute, 80, 24, nil)
	if again.look.scheme != schemeNone {
		t.Fatalf("new terminal: scheme %s, want the remembered no colour", again.look.scheme)
	}
}

// Golden screens on a light background in each colour profile, with the
// escape sequences the terminal receives: no text in the terminal's
// default colour under a set background, and a typed line with no bar.
func TestLightBackgroundGoldens(t *testing.T) {
	for _, p := range profiles {
		t.Run(p.String(), func(t *testing.T) {
			f := newFixture(t)
			m := f.client(t, pMinute, 80, 24, nil)
			m.Update(tea.BackgroundColorMsg{Color: color.White})
			m.Update(tea.ColorProfileMsg{Profile: p})
			press(t, m, "a")
			typeText(t, m, "typed on white")
			var b strings.Builder
			w := colorprofile.Writer{Forward: &b, Profile: p}
			if _, err := w.WriteString(m.View().Content); err != nil {
				t.Fatal(err)
			}
			out := b.String()
			mustContain(t, ansi.Strip(out), "typed on white")
			golden.RequireEqual(t, []byte(out))
		})
	}
}

// NO_COLOR and TERM=dumb reach tui as a profile without colour: the
// no-colour look then shows the selection in reverse video, so it is seen
// without colour.
func TestNoColourProfileUsesReverse(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	m.Update(tea.ColorProfileMsg{Profile: colorprofile.Ascii})
	if !m.sty.Selected.GetReverse() {
		t.Fatal("no colour: the selection is not in reverse video")
	}
	var b strings.Builder
	w := colorprofile.Writer{Forward: &b, Profile: colorprofile.Ascii}
	if _, err := w.WriteString(m.View().Content); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "\x1b[7m") && !strings.Contains(b.String(), ";7m") {
		t.Fatal("no colour: no reverse video reaches the terminal")
	}
}

// Issue 15: the help line names ctrl+j, which works in every terminal,
// as the new-line key.
func TestHelpNamesCtrlJ(t *testing.T) {
	f := newFixture(t)
	m := f.client(t, pMinute, 80, 24, nil)
	press(t, m, "a")
	v := viewText(m)
	mustContain(t, v, "ctrl+j new line")
	mustNotContain(t, v, "alt+enter")
}
