package tui

import (
	"charm.land/lipgloss/v2"
)

// styles holds every style a client uses, with names from the domain
// rather than from colours. There are two, for dark and light backgrounds,
// built once and shared read-only by every client (each session's own copy
// was 15 KB), chosen again only when a client reports its background;
// never built inside View. No state is shown by colour alone: every
// styled state also has a text marker, so the styles here only add
// emphasis.
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
}

// Shared styles for dark and light backgrounds; never modified.
var (
	darkStyles  = newStyles(true)
	lightStyles = newStyles(false)
)

// stylesFor returns the shared styles for a background.
func stylesFor(dark bool) *styles {
	if dark {
		return &darkStyles
	}
	return &lightStyles
}

func newStyles(dark bool) styles {
	ld := lipgloss.LightDark(dark)
	var (
		fg      = ld(lipgloss.Color("#1a1a1a"), lipgloss.Color("#e8e8e8"))
		muted   = ld(lipgloss.Color("#5f5f5f"), lipgloss.Color("#9e9e9e"))
		accent  = ld(lipgloss.Color("#005fd7"), lipgloss.Color("#5fafff"))
		warn    = ld(lipgloss.Color("#af5f00"), lipgloss.Color("#ffaf00"))
		danger  = ld(lipgloss.Color("#af0000"), lipgloss.Color("#ff5f5f"))
		good    = ld(lipgloss.Color("#007f00"), lipgloss.Color("#5fd75f"))
		selBg   = ld(lipgloss.Color("#d7e7ff"), lipgloss.Color("#263a57"))
		barBg   = ld(lipgloss.Color("#e4e4e4"), lipgloss.Color("#262626"))
		purple  = ld(lipgloss.Color("#8700af"), lipgloss.Color("#d787ff"))
		bannerF = ld(lipgloss.Color("#ffffff"), lipgloss.Color("#000000"))
	)
	base := lipgloss.NewStyle()
	return styles{
		dark:       dark,
		Title:      base.Bold(true).Foreground(accent),
		Subtle:     base.Foreground(muted),
		Banner:     base.Bold(true).Foreground(bannerF).Background(warn),
		Heading:    base.Bold(true).Foreground(fg),
		HeadingOn:  base.Bold(true).Underline(true).Foreground(accent),
		Selected:   base.Background(selBg).Foreground(fg),
		Item:       base.Foreground(fg),
		Worry:      base.Foreground(danger),
		Strength:   base.Foreground(good),
		Restricted: base.Bold(true).Foreground(purple),
		Sealed:     base.Italic(true).Foreground(muted),
		LowScore:   base.Bold(true).Foreground(danger),
		Connected:  base.Foreground(good),
		Away:       base.Foreground(muted),
		Current:    base.Bold(true).Foreground(accent),
		Browsing:   base.Underline(true),
		Status:     base.Background(barBg).Foreground(fg),
		Refusal:    base.Bold(true).Foreground(danger).Background(barBg),
		Notice:     base.Foreground(good).Background(barBg),
		Box:        base.Border(lipgloss.RoundedBorder()).BorderForeground(accent).Padding(0, 1),
		FieldOn:    base.Bold(true).Foreground(accent),
		FieldOff:   base.Foreground(muted),
		Error:      base.Bold(true).Foreground(danger),
		Met:        base.Bold(true).Foreground(good),
		NotMet:     base.Bold(true).Foreground(danger),
	}
}
