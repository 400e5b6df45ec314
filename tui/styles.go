package tui

import (
	"image/color"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// styles holds every style a client uses, with names from the domain
// rather than from colours. One set exists per look (background, colour
// scheme and whether the terminal has only 16 colours), built once and
// shared read-only by every client; never built inside View. No state is
// shown by colour alone: every styled state also has a text marker, so the
// styles here only add emphasis. Every style that sets a background also
// sets its foreground, so none depends on the terminal's default colours;
// palette_test.go checks every pair against WCAG's 4.5:1.
type styles struct {
	dark bool

	Title      lipgloss.Style // conference title line
	Subtle     lipgloss.Style // secondary text: dates, agencies, hints
	Banner     lipgloss.Style // closed segment, chair disconnected
	Heading    lipgloss.Style // a panel's heading
	HeadingOn  lipgloss.Style // the focused panel's heading
	Selected   lipgloss.Style // the selected item's marker and text
	Item       lipgloss.Style
	Worry      lipgloss.Style // harm, worries, danger statements
	Strength   lipgloss.Style // strengths, existing safety, safety goals
	Restricted lipgloss.Style // the [R] marker
	Sealed     lipgloss.Style // sealed scaling round
	LowScore   lipgloss.Style // scores of 0 or 1
	Connected  lipgloss.Style
	Away       lipgloss.Style // not connected
	Current    lipgloss.Style // current agenda step
	Browsing   lipgloss.Style // the step this client browses
	Status     lipgloss.Style // the status bar
	Refusal    lipgloss.Style // a refused command's sentence
	Notice     lipgloss.Style // a completed command's sentence
	Box        lipgloss.Style // overlays: forms, confirmations, help
	FieldOn    lipgloss.Style // focused form field label
	FieldOff   lipgloss.Style
	Error      lipgloss.Style
	Met        lipgloss.Style // quorum met
	NotMet     lipgloss.Style // quorum not met

	Help  help.Styles      // the key bar and help box
	Input textinput.Styles // one-line form fields
	Area  textarea.Styles  // text boxes
}

// palette is the colours of one look. A nil colour means the terminal's
// own; only the no-colour look has any.
type palette struct {
	fg, muted, accent, warn, danger, good, purple color.Color
	selFg, selBg                                  color.Color // the selected item
	barFg, barBg                                  color.Color // the status bar
	refFg, refBg                                  color.Color // a refusal in the status bar
	noteFg, noteBg                                color.Color // a notice in the status bar
	bannerFg, bannerBg                            color.Color
	// reverse shows the selection and banners in reverse video, for the
	// no-colour look.
	reverse bool
}

func fgOf(s lipgloss.Style, c color.Color) lipgloss.Style {
	if c == nil {
		return s
	}
	return s.Foreground(c)
}

func bgOf(s lipgloss.Style, c color.Color) lipgloss.Style {
	if c == nil {
		return s
	}
	return s.Background(c)
}

func newStyles(dark bool, p palette) styles {
	base := lipgloss.NewStyle()
	text := fgOf(base, p.fg)
	muted := fgOf(base, p.muted)
	accent := fgOf(base, p.accent)
	danger := fgOf(base, p.danger)
	good := fgOf(base, p.good)
	pair := func(fg, bg color.Color) lipgloss.Style { return bgOf(fgOf(base, fg), bg) }
	sel := pair(p.selFg, p.selBg)
	banner := pair(p.bannerFg, p.bannerBg).Bold(true)
	if p.reverse {
		sel, banner = sel.Reverse(true), banner.Reverse(true)
	}
	s := styles{
		dark:       dark,
		Title:      accent.Bold(true),
		Subtle:     muted,
		Banner:     banner,
		Heading:    text.Bold(true),
		HeadingOn:  accent.Bold(true).Underline(true),
		Selected:   sel,
		Item:       text,
		Worry:      danger,
		Strength:   good,
		Restricted: fgOf(base, p.purple).Bold(true),
		Sealed:     muted.Italic(true),
		LowScore:   danger.Bold(true),
		Connected:  good,
		Away:       muted,
		Current:    accent.Bold(true),
		Browsing:   base.Underline(true),
		Status:     pair(p.barFg, p.barBg),
		Refusal:    pair(p.refFg, p.refBg).Bold(true),
		Notice:     pair(p.noteFg, p.noteBg),
		Box:        fgOf(base, p.fg).Border(lipgloss.RoundedBorder()).BorderForeground(p.accent).Padding(0, 1),
		FieldOn:    accent.Bold(true),
		FieldOff:   muted,
		Error:      danger.Bold(true),
		Met:        good.Bold(true),
		NotMet:     danger.Bold(true),
	}
	if p.accent == nil {
		s.Box = base.Border(lipgloss.RoundedBorder()).Padding(0, 1)
	}
	s.Help = help.Styles{
		Ellipsis:       muted,
		ShortKey:       text.Bold(true),
		ShortDesc:      muted,
		ShortSeparator: muted,
		FullKey:        text.Bold(true),
		FullDesc:       muted,
		FullSeparator:  muted,
	}
	// The line being typed has no bar under it: the bubbles default is a
	// black bar that hides dark text on a light terminal.
	cursor := p.fg
	if cursor == nil {
		cursor = lipgloss.NoColor{}
	}
	s.Input = textinput.Styles{
		Focused: textinput.StyleState{Text: text, Placeholder: muted, Suggestion: muted, Prompt: text},
		Blurred: textinput.StyleState{Text: text, Placeholder: muted, Suggestion: muted, Prompt: text},
		Cursor:  textinput.CursorStyle{Color: cursor, Shape: tea.CursorBlock},
	}
	areaState := textarea.StyleState{Base: base, Text: text, CursorLine: text, CursorLineNumber: muted,
		LineNumber: muted, EndOfBuffer: muted, Placeholder: muted, Prompt: text, Selection: sel}
	s.Area = textarea.Styles{Focused: areaState, Blurred: areaState,
		Cursor: textarea.CursorStyle{Color: cursor, Shape: tea.CursorBlock}}
	return s
}
