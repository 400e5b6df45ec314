package tui

import (
	tea "charm.land/bubbletea/v2"
)

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
// or no colour. The choice is kept for them while the server runs.
func (m *model) lookForm() {
	f := newForm("Display")
	f.intro = "Choose what is easiest to read. confer remembers it for you until the server restarts."
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

// setLook applies and remembers a chosen look.
func (m *model) setLook(l look) {
	m.look = l
	rememberLook(m.lookOwner(), l)
	m.form = nil
	m.restyle()
	m.setStatus("Display: "+l.scheme.String()+".", false)
}
