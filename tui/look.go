package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// LookStore keeps one person's display choice between connections and
// server restarts (the server gives each person with an ID their own; see
// Options.Looks). LoadLook is called once, when a terminal's app is made;
// SaveLook only from a tea.Cmd, never in Update. The text is opaque to the
// store, and LoadLook's answer is checked before use: anything not written
// by this package is ignored.
type LookStore interface {
	LoadLook() string
	SaveLook(text string) error
}

// lookSavedMsg says whether a chosen look was saved.
type lookSavedMsg struct{ err error }

// lookWords are the saved spellings of the schemes.
var lookWords = [numSchemes]string{"colour", "contrast", "none"}

// String is how a look is saved: the background ("auto", "dark" or
// "light") and the scheme, separated by a space.
func (l look) String() string {
	bg := "auto"
	if l.bgChosen {
		bg = map[bool]string{true: "dark", false: "light"}[l.dark]
	}
	return bg + " " + lookWords[l.scheme]
}

// parseLook reads a saved look; ok is false for anything else.
func parseLook(s string) (look, bool) {
	f := strings.Fields(s)
	if len(f) != 2 {
		return look{}, false
	}
	var l look
	switch f[0] {
	case "auto":
	case "dark", "light":
		l.bgChosen, l.dark = true, f[0] == "dark"
	default:
		return look{}, false
	}
	for sc := scheme(0); sc < numSchemes; sc++ {
		if f[1] == lookWords[sc] {
			l.scheme = sc
			return l, true
		}
	}
	return look{}, false
}

// startLook is the look a new terminal starts with: the saved one for a
// person with a store, the one remembered while the server runs for
// anyone else, or the default. NO_COLOR and TERM=dumb still win for the
// connection (see stylesFor).
func (m *model) startLook() look {
	if m.o.Looks != nil {
		l, _ := parseLook(m.o.Looks.LoadLook())
		return l
	}
	l, _ := rememberedLook(m.lookOwner())
	return l
}

// lookMsg is a look chosen in the display form.
type lookMsg look

// who is the key a person's look is remembered under.
func (m *model) lookOwner() string {
	if m.actor.ID != "" {
		return m.actor.ID
	}
	return m.actor.Fingerprint
}

// restyle picks the shared styles for the background, the person's scheme
// and the terminal's colour profile.
func (m *model) restyle() {
	dark := m.dark
	if m.look.bgChosen {
		dark = m.look.dark
	}
	m.sty = stylesFor(dark, m.look.scheme, m.profile)
	m.help.Styles = m.sty.Help
	if m.form != nil {
		m.form.restyle(m.sty)
	}
}

// lookForm lets the person choose light or dark and colour, high contrast
// or no colour. The choice is saved for a person with a LookStore, and
// otherwise kept for them while the server runs.
func (m *model) lookForm() {
	f := newForm("Display")
	f.intro = "Choose what is easiest to read. confer remembers it for you next time you connect."
	if m.o.Looks == nil {
		f.intro = "Choose what is easiest to read. confer remembers it for you until the server restarts."
	}
	bg := "auto"
	if m.look.bgChosen {
		bg = map[bool]string{true: "dark", false: "light"}[m.look.dark]
	}
	var schemes []option
	for s := scheme(0); s < numSchemes; s++ {
		schemes = append(schemes, option{s.String(), s.String()})
	}
	var background, colour string
	f.choice("Background", []option{{"as the terminal says", "auto"}, {"dark", "dark"}, {"light", "light"}}, bg).to(&background).
		choice("Colour", schemes, m.look.scheme.String()).to(&colour)
	f.submit = func() (tea.Cmd, error) {
		l := look{bgChosen: background != "auto", dark: background == "dark"}
		for s := scheme(0); s < numSchemes; s++ {
			if s.String() == colour {
				l.scheme = s
			}
		}
		return func() tea.Msg { return lookMsg(l) }, nil
	}
	m.form = f.start()
	m.form.restyle(m.sty)
}

// setLook applies a chosen look and returns the command that saves it in
// the person's store; without a store, it is remembered in memory.
func (m *model) setLook(l look) tea.Cmd {
	m.look = l
	m.form = nil
	m.restyle()
	m.setStatus("Display: "+l.scheme.String()+".", false)
	st := m.o.Looks
	if st == nil {
		rememberLook(m.lookOwner(), l)
		return nil
	}
	text := l.String()
	return func() tea.Msg { return lookSavedMsg{err: st.SaveLook(text)} }
}

// lookSaved tells the person if their choice could not be kept.
func (m *model) lookSaved(msg lookSavedMsg) {
	if msg.err != nil {
		m.setStatus("Your display choice applies now, but could not be saved for next time.", true)
	}
}
