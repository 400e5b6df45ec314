package server

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"

	"confer/server/servertest"
)

// The profile a terminal is drawn with, from its environment and whether
// it named palette colour 255: only plain TERM=xterm is reconsidered, and
// NO_COLOR, TERM=dumb and COLORTERM keep their meaning.
func TestColourProfileDecision(t *testing.T) {
	for _, tc := range []struct {
		env     []string
		palette bool
		want    colorprofile.Profile
		asks    bool
	}{
		{[]string{"TERM=xterm"}, false, colorprofile.ANSI, true},
		{[]string{"TERM=xterm"}, true, colorprofile.ANSI256, true},
		{[]string{"TERM=xterm", "COLORTERM=truecolor"}, true, colorprofile.TrueColor, false},
		{[]string{"TERM=xterm", "COLORTERM=24bit"}, false, colorprofile.TrueColor, false},
		{[]string{"TERM=xterm", "NO_COLOR=1"}, true, colorprofile.ASCII, false},
		{[]string{"TERM=xterm-256color", "NO_COLOR=1"}, false, colorprofile.ASCII, false},
		{[]string{"TERM=dumb"}, true, colorprofile.NoTTY, false},
		{[]string{}, true, colorprofile.NoTTY, false},
		{[]string{"TERM=xterm-256color"}, false, colorprofile.ANSI256, false},
		{[]string{"TERM=xterm-color"}, true, colorprofile.ANSI, false},
		{[]string{"TERM=vt100"}, true, colorprofile.ANSI, false},
		{[]string{"TERM=linux"}, true, colorprofile.ANSI, false},
		{[]string{"TERM=screen"}, true, colorprofile.ANSI256, false},
		// The PTY's TERM comes last and wins over one sent as env.
		{[]string{"TERM=xterm-256color", "TERM=xterm"}, true, colorprofile.ANSI256, true},
		{[]string{"TERM=xterm-256color", "TERM=xterm"}, false, colorprofile.ANSI, true},
	} {
		if got := colourProfile(tc.env, tc.palette); got != tc.want {
			t.Errorf("%v, palette answered %v: %v, want %v", tc.env, tc.palette, got, tc.want)
		}
		if got := asksPalette(tc.env); got != tc.asks {
			t.Errorf("%v: asks for the palette %v, want %v", tc.env, got, tc.asks)
		}
	}
}

// A palette colour answer, terminated either way, reaches the probe as a
// paletteColour; anything else like it does not.
func TestPaletteAnswerDecoded(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int // -1: no palette answer
	}{
		{"\x1b]4;255;rgb:eeee/eeee/eeee\x07", 255},
		{"\x1b]4;255;rgb:ee/ee/ee\x1b\\", 255},
		{"\x1b]4;1;rgb:cdcd/0000/0000\x07", 1},
		{"\x1b]4;256;rgb:0000/0000/0000\x07", -1},
		{"\x1b]4;255;?\x07", -1},
		{"\x1b]4;;rgb:0000/0000/0000\x07", -1},
		{"\x1b]11;rgb:ffff/ffff/ffff\x07", -1},
		{"\x1b]40;255;rgb:0000/0000/0000\x07", -1},
	} {
		var d inputDecoder
		d.buf = []byte(tc.in)
		got := -1
		d.feed(true, func(ev uv.Event) {
			if pc, ok := ev.(paletteColour); ok {
				got = pc.index
			}
		})
		if got != tc.want {
			t.Errorf("%q: palette colour %d, want %d", tc.in, got, tc.want)
		}
	}
}

// Over SSH: a terminal saying TERM=xterm that names its palette colour 255
// (as PuTTY does) is drawn in 256 colours; one that does not answer stays
// at 16; COLORTERM=truecolor gives 24-bit colour and NO_COLOR none, answer
// or not. The palette answer never reaches the app as typing.
func TestPlainXtermColours(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	ctx := waitCtx(t, 30*time.Second)
	for _, tc := range []struct {
		name string
		o    servertest.Options
		want colourUse
	}{
		{"answers the palette", servertest.Options{Term: "xterm", Palette: true}, colourUse{basic: true, c256: true}},
		{"silent", servertest.Options{Term: "xterm"}, colourUse{basic: true}},
		{"answers nothing", servertest.Options{Term: "xterm", NoReplies: true}, colourUse{basic: true}},
		{"COLORTERM=truecolor", servertest.Options{Term: "xterm", Env: map[string]string{"COLORTERM": "truecolor"}}, colourUse{rgb: true}},
		{"NO_COLOR", servertest.Options{Term: "xterm", Palette: true, Env: map[string]string{"NO_COLOR": "1"}}, colourUse{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := e.dial(e.keys["chair"], "chair", tc.o)
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			if _, err := c.WaitFor(ctx, "Your conferences"); err != nil {
				t.Fatal(err)
			}
			raw := c.RawOutput()
			got := colours(raw)
			// 256-colour output may still use the 16 basic ones for
			// some styles; what matters is which kinds appear.
			if tc.want.c256 {
				got.basic = tc.want.basic
			}
			if got != tc.want {
				t.Errorf("colours used %+v, want %+v; output:\n%q", got, tc.want, raw)
			}
			if s := c.Screen(); strings.Contains(s, "rgb:") || strings.Contains(s, "255;") {
				t.Errorf("the palette answer reached the screen:\n%s", s)
			}
		})
	}
}

// colourUse is which kinds of colour a terminal's output sets.
type colourUse struct{ basic, c256, rgb bool }

// colours reads the SGR sequences in raw.
func colours(raw string) colourUse {
	var u colourUse
	for {
		i := strings.Index(raw, "\x1b[")
		if i < 0 {
			return u
		}
		raw = raw[i+2:]
		j := strings.IndexFunc(raw, func(r rune) bool { return r < '0' || r > ';' })
		if j < 0 {
			return u
		}
		if raw[j] != 'm' {
			continue
		}
		ps := strings.Split(raw[:j], ";")
		for k := 0; k < len(ps); k++ {
			n, _ := strconv.Atoi(ps[k])
			switch {
			case (n == 38 || n == 48) && k+1 < len(ps) && ps[k+1] == "5":
				u.c256, k = true, k+2
			case (n == 38 || n == 48) && k+1 < len(ps) && ps[k+1] == "2":
				u.rgb, k = true, k+4
			case n >= 30 && n <= 37, n >= 40 && n <= 47, n >= 90 && n <= 97, n >= 100 && n <= 107:
				u.basic = true
			}
		}
	}
}
