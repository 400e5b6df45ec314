package tui

import (
	"image/color"

	"sync"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// scheme is a person's colour choice.
type scheme int

const (
	schemeColour   scheme = iota // the usual colours
	schemeContrast               // high contrast: the terminal's extremes only
	schemeNone                   // no colour: bold, underline and reverse only
	numSchemes
)

func (s scheme) String() string {
	return [...]string{"colour", "high contrast", "no colour"}[s]
}

// look is how one person has chosen to see confer: the scheme, and a
// background they set themselves (which then outranks the terminal's
// answer to the background query).
type look struct {
	scheme scheme
	// bgChosen: the person chose light or dark in the app.
	bgChosen bool
	dark     bool
}

// looks remembers each person's look while the server runs, by person
// ID (or key fingerprint for a guest): there is no per-person store in
// the session layer for display settings, and they are not part of the
// conference record.
var looks = struct {
	sync.Mutex
	m map[string]look
}{m: map[string]look{}}

func rememberedLook(who string) (look, bool) {
	if who == "" {
		return look{}, false
	}
	looks.Lock()
	defer looks.Unlock()
	l, ok := looks.m[who]
	return l, ok
}

func rememberLook(who string, l look) {
	if who == "" {
		return
	}
	looks.Lock()
	defer looks.Unlock()
	looks.m[who] = l
}

// styleKey picks one shared set of styles.
type styleKey struct {
	dark   bool
	scheme scheme
	ansi16 bool // the terminal shows only 16 colours: palettes made of them
}

var (
	styleSets   = map[styleKey]*styles{}
	styleSetsMu sync.Mutex
)

// stylesFor returns the shared styles for a background, scheme and colour
// profile. A terminal without colour (NO_COLOR, TERM=dumb) gets the
// no-colour scheme whatever was chosen, so selections still show.
func stylesFor(dark bool, sc scheme, p colorprofile.Profile) *styles {
	if p <= colorprofile.Ascii {
		sc = schemeNone
	}
	k := styleKey{dark: dark, scheme: sc, ansi16: p == colorprofile.ANSI && sc != schemeNone}
	styleSetsMu.Lock()
	defer styleSetsMu.Unlock()
	if s, ok := styleSets[k]; ok {
		return s
	}
	s := newStyles(dark, paletteFor(k))
	styleSets[k] = &s
	return &s
}

func hex(s string) color.Color { return lipgloss.Color(s) }

// paletteFor is the colours of one look. The 16-colour palettes are made
// of the basic colours themselves: converting the full palette down to
// them gave white on cyan and black-on-black separators.
func paletteFor(k styleKey) palette {
	switch {
	case k.scheme == schemeNone:
		return palette{reverse: true}
	case k.scheme == schemeContrast && k.dark:
		w, b, y := ansi.BrightWhite, ansi.Black, ansi.BrightYellow
		if !k.ansi16 {
			w, b, y = ansi.BrightWhite, ansi.Black, ansi.BrightYellow
		}
		return palette{fg: w, muted: w, accent: y, warn: y, danger: y, good: w, purple: y,
			selFg: b, selBg: w, barFg: b, barBg: w, refFg: b, refBg: y, noteFg: b, noteBg: w, bannerFg: b, bannerBg: y}
	case k.scheme == schemeContrast:
		w, b := ansi.BrightWhite, ansi.Black
		return palette{fg: b, muted: b, accent: b, warn: b, danger: b, good: b, purple: b,
			selFg: w, selBg: b, barFg: w, barBg: b, refFg: w, refBg: b, noteFg: w, noteBg: b, bannerFg: w, bannerBg: b}
	case k.ansi16 && k.dark:
		return palette{fg: ansi.White, muted: ansi.BrightBlack, accent: ansi.BrightCyan, warn: ansi.BrightYellow,
			danger: ansi.BrightRed, good: ansi.BrightGreen, purple: ansi.BrightMagenta,
			selFg: ansi.BrightWhite, selBg: ansi.Blue, barFg: ansi.Black, barBg: ansi.White,
			refFg: ansi.BrightWhite, refBg: ansi.Red, noteFg: ansi.Black, noteBg: ansi.White,
			bannerFg: ansi.Black, bannerBg: ansi.BrightYellow}
	case k.ansi16:
		return palette{fg: ansi.Black, muted: ansi.Black, accent: ansi.Blue, warn: ansi.BrightYellow,
			danger: ansi.Red, good: ansi.Green, purple: ansi.Magenta,
			selFg: ansi.BrightWhite, selBg: ansi.Blue, barFg: ansi.BrightWhite, barBg: ansi.Black,
			refFg: ansi.BrightWhite, refBg: ansi.Red, noteFg: ansi.BrightWhite, noteBg: ansi.Black,
			bannerFg: ansi.Black, bannerBg: ansi.BrightYellow}
	case k.dark:
		return palette{fg: hex("#e8e8e8"), muted: hex("#a8a8a8"), accent: hex("#5fafff"), warn: hex("#ffaf00"),
			danger: hex("#ff5f5f"), good: hex("#5fd75f"), purple: hex("#d787ff"),
			selFg: hex("#ffffff"), selBg: hex("#263a57"), barFg: hex("#e8e8e8"), barBg: hex("#262626"),
			refFg: hex("#ff8787"), refBg: hex("#262626"), noteFg: hex("#87d787"), noteBg: hex("#262626"),
			bannerFg: hex("#000000"), bannerBg: hex("#ffaf00")}
	}
	return palette{fg: hex("#1a1a1a"), muted: hex("#555555"), accent: hex("#0050b4"), warn: hex("#875f00"),
		danger: hex("#a00000"), good: hex("#005f00"), purple: hex("#7a0099"),
		selFg: hex("#000000"), selBg: hex("#d7e7ff"), barFg: hex("#1a1a1a"), barBg: hex("#e4e4e4"),
		refFg: hex("#a00000"), refBg: hex("#e4e4e4"), noteFg: hex("#005f00"), noteBg: hex("#e4e4e4"),
		bannerFg: hex("#ffffff"), bannerBg: hex("#875f00")}
}
