package server

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/colorprofile"
)

// How many colours a terminal is drawn with.
//
// The environment decides first, as colorprofile.Env reads it: NO_COLOR
// means no colour, TERM=dumb (or none) means no styling at all,
// COLORTERM=truecolor or 24bit means 24-bit colour, a TERM ending in
// 256color means 256 colours, and any other xterm-like TERM 16.
//
// One case is then reconsidered. PuTTY, by far the commonest client on a
// council's Windows laptop, says TERM=xterm unless someone changes its
// "Terminal-type string", although it shows 256 and 24-bit colour; 16
// colours make parts of confer's screens hard to read. TERM=xterm is also
// what a real xterm says, and what old or minimal emulators say, which may
// have only 16 colours. So a terminal saying plain TERM=xterm is asked,
// before the first screen, for its palette colour 255 (OSC 4), and is
// drawn in 256 colours only if it names it: a terminal with 16 colours
// has no colour 255 to name, and one that does not understand the
// question does not answer. PuTTY answers (0.78 does, the version the
// issue was found with) and so does xterm. Other
// signs were considered and not taken: answering the background colour
// query (OSC 11) or identifying oneself (DA, XTVERSION) says nothing
// about the palette, and PuTTY answers neither OSC 11 nor XTVERSION.
//
// One case it gets wrong: PuTTY with "Allow terminal to use xterm
// 256-colour mode" turned off (Window > Colours) still names colour 255,
// and then shows 256-colour text in its default colours, just as it would
// with TERM=xterm-256color. That option is on unless someone turns it off.
//
// The upgrade is to 256 colours, never to 24-bit: a terminal that shows
// 24-bit colour says so with COLORTERM, and 256 colours already give
// every style its own legible colour. Only plain "xterm" is
// reconsidered; any other TERM is taken at its word.

// upgradableTerm is the TERM whose terminal is asked for its palette.
const upgradableTerm = "xterm"

// asksPalette reports whether the terminal with this environment is asked
// for its palette colour 255: only when its answer could change the
// profile.
func asksPalette(env []string) bool {
	return envValue(env, "TERM") == upgradableTerm && colorprofile.Env(env) == colorprofile.ANSI
}

// colourProfile returns the profile a terminal is drawn with, from its
// environment (TERM included) and whether it named palette colour 255.
func colourProfile(env []string, palette256 bool) colorprofile.Profile {
	p := colorprofile.Env(env)
	if p == colorprofile.ANSI && palette256 && envValue(env, "TERM") == upgradableTerm && !noColor(env) {
		return colorprofile.ANSI256
	}
	return p
}

// envValue returns the last value of key in env ("" if unset): the
// client's own TERM may be followed by the one from its PTY request.
func envValue(env []string, key string) string {
	v := ""
	for _, kv := range env {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// noColor reports whether NO_COLOR asks for no colour.
func noColor(env []string) bool {
	on, _ := strconv.ParseBool(envValue(env, "NO_COLOR"))
	return on
}
