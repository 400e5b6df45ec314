package server

import (
	"bytes"
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unsafe"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/vt"
)

// paintAll paints frames in order and returns what reached the terminal
// for each, and the virtual screen at the end.
func paintAll(t *testing.T, height int, frames ...string) ([]string, string) {
	t.Helper()
	var out bytes.Buffer
	p := newPainter(&out, newLineCache(), colorprofile.TrueColor, height)
	scr := newTerm(20, height)
	var wrote []string
	for _, f := range frames {
		out.Reset()
		if err := p.paint(frame{screen: f}); err != nil {
			t.Fatal(err)
		}
		wrote = append(wrote, out.String())
		_, _ = scr.Write(out.Bytes())
	}
	return wrote, scr.Text()
}

func TestPainterSendsOnlyChangedLines(t *testing.T) {
	wrote, screen := paintAll(t, 4, "one\ntwo\nthree", "one\nTWO\nthree", "one\nTWO\nthree")
	if !strings.Contains(wrote[0], "\x1b[2J") {
		t.Fatalf("first frame: got %q, want a full redraw", wrote[0])
	}
	if strings.Contains(wrote[1], "one") || strings.Contains(wrote[1], "three") || !strings.Contains(wrote[1], "\x1b[2;1H"+eraseRest+"TWO") {
		t.Fatalf("second frame: got %q, want only row 2 rewritten", wrote[1])
	}
	if wrote[2] != "" {
		t.Fatalf("identical frame: got %q, want nothing written", wrote[2])
	}
	if want := "one\nTWO\nthree"; strings.TrimRight(screen, "\n ") != want {
		t.Fatalf("screen: got %q, want %q", screen, want)
	}
}

func TestPainterClearsRemovedLinesAndClipsToHeight(t *testing.T) {
	_, screen := paintAll(t, 3, "a\nb\nc", "a")
	if got := strings.TrimRight(screen, "\n "); got != "a" {
		t.Fatalf("got screen %q, want only %q: lines the frame dropped are cleared", got, "a")
	}
	wrote, _ := paintAll(t, 2, "r1\nr2\nr3")
	if strings.Contains(wrote[0], "r3") {
		t.Fatalf("got %q, want no row past the terminal's height", wrote[0])
	}
}

func TestPainterConvertsColoursForTheProfile(t *testing.T) {
	var out bytes.Buffer
	p := newPainter(&out, newLineCache(), colorprofile.NoTTY, 2)
	if err := p.paint(frame{screen: "\x1b[38;2;255;0;0mred\x1b[0m"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "38;2") {
		t.Fatalf("got %q, want no truecolour sequence for a no-colour terminal", out.String())
	}
	if !strings.Contains(out.String(), "red") {
		t.Fatalf("got %q, want the text kept", out.String())
	}
}

// A frame submitted while the previous one is still being written replaces
// any older unpainted frame, and run paints the newest before it stops.
func TestPainterLatestWins(t *testing.T) {
	var out bytes.Buffer
	p := newPainter(&out, newLineCache(), colorprofile.TrueColor, 2)
	p.submit(frame{screen: "old"})
	p.submit(frame{screen: "new"})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.run(ctx)
	if strings.Contains(out.String(), "old") || !strings.Contains(out.String(), "new") {
		t.Fatalf("got %q, want only the newest frame painted", out.String())
	}
}

// Whatever the edits, the screen ends up showing exactly the last frame:
// random changes to styled lines, with and without a shared prefix, wide
// characters included (which must fall back to whole lines).
func TestPainterScreenMatchesFrame(t *testing.T) {
	words := []string{"Agenda", "│", "\x1b[1mbold\x1b[0m", "\x1b[38;5;160mred\x1b[m", "item", "日本", "x", " ", "Quorum: met", "▸"}
	rng := uint64(7)
	next := func(n int) int { rng = rng*6364136223846793005 + 1442695040888963407; return int(rng>>33) % n }
	line := func() string {
		var b strings.Builder
		for b.Len() < 60 {
			b.WriteString(words[next(len(words))])
		}
		return b.String()
	}
	// Every row is exactly the terminal's width, as the tui draws them,
	// ending in a visible character: the last column must survive.
	const w, h = 40, 6
	fit := func(s string) string {
		s = ansi.Truncate(s, w, "")
		return s + "\x1b[0m" + strings.Repeat(".", w-ansi.StringWidth(s))
	}
	var out bytes.Buffer
	p := newPainter(&out, newLineCache(), colorprofile.TrueColor, h)
	scr := newTerm(w, h)
	rows := make([]string, h)
	for i := range rows {
		rows[i] = fit(line())
	}
	midLine := regexp.MustCompile(`\x1b\[\d+;([2-9]|\d\d+)H`)
	shortcuts := 0
	for round := 0; round < 300; round++ {
		r := next(h)
		switch next(3) {
		case 0: // change the end of a line, keeping its start
			cut := len(rows[r]) / 2
			for cut > 0 && (rows[r][cut]&0xC0) == 0x80 {
				cut--
			}
			// Never inside an escape sequence: the app emits whole ones.
			if esc := strings.LastIndex(rows[r][:cut], "\x1b"); esc >= 0 && !strings.Contains(rows[r][esc:cut], "m") {
				cut = esc
			}
			rows[r] = fit(rows[r][:cut] + line())
		case 1:
			rows[r] = fit(line())
		case 2: // unchanged rows
		}
		out.Reset()
		if err := p.paint(frame{screen: strings.Join(rows, "\n")}); err != nil {
			t.Fatal(err)
		}
		_, _ = scr.Write(out.Bytes())
		if midLine.Match(out.Bytes()) {
			shortcuts++
		}
		got := strings.Split(scr.Text(), "\n")
		for i := range rows {
			want := strings.TrimRight(ansi.Strip(rows[i]), " ")
			if i >= len(got) || strings.TrimRight(got[i], " ") != want {
				t.Fatalf("round %d row %d: got %q, want %q (wrote %q)", round, i, got[i], want, out.String())
			}
		}
	}
	if shortcuts < 20 {
		t.Fatalf("got %d frames that skipped a shared prefix, want the test to exercise that path (at least 20)", shortcuts)
	}
}

// The status bar is painted below the screen, and a change to the bar
// alone rewrites only its row.
func TestPainterStatusBarBelowScreen(t *testing.T) {
	var out bytes.Buffer
	p := newPainter(&out, newLineCache(), colorprofile.TrueColor, 3)
	scr := newTerm(20, 3)
	for _, bar := range []string{"Ann · viewer", "Ann · minute-taker"} {
		out.Reset()
		if err := p.paint(frame{screen: "Agenda\nWorries", bar: bar}); err != nil {
			t.Fatal(err)
		}
		_, _ = scr.Write(out.Bytes())
		if got, want := strings.TrimRight(scr.Text(), "\n "), "Agenda\nWorries\n"+bar; !strings.Contains(got, want) {
			t.Fatalf("screen %q, want %q", got, want)
		}
	}
	if w := out.String(); strings.Contains(w, "Agenda") || !strings.Contains(w, "\x1b[3;") {
		t.Fatalf("bar change wrote %q, want only row 3", w)
	}
}

// A cached line must not keep its whole frame alive: keys are copies, and
// the cache is bounded by the text it holds as well as by entries.
func TestLineCacheHoldsCopiesWithinItsBound(t *testing.T) {
	c := newLineCache()
	frame := strings.Repeat("\x1b[31m"+strings.Repeat("x", 2000)+"\x1b[0m\n", 8)
	line := frame[:strings.IndexByte(frame, '\n')]
	_ = c.convert(colorprofile.ANSI256, line)
	for k := range c.m {
		if unsafe.StringData(k.line) == unsafe.StringData(frame) {
			t.Fatal("the cache key shares the frame's memory, want a copy")
		}
	}
	for i := range 10000 {
		_ = c.change(colorprofile.ANSI256, line, fmt.Sprintf("\x1b[32m%d%s", i, line))
		if c.bytes > lineCacheBytes || len(c.m) > lineCacheMax {
			t.Fatalf("after %d lines: %d bytes in %d entries, bound %d bytes and %d entries", i, c.bytes, len(c.m), lineCacheBytes, lineCacheMax)
		}
	}
}

// term is a terminal emulator that behaves as real ones do where the
// painter relies on it: with autowrap off the cursor stays on the last
// cell after a full-width line, and erasing to the end of the line there
// clears that cell.
type term struct{ e *vt.Emulator }

func newTerm(w, h int) *term { return &term{e: vt.NewEmulator(w, h)} }

func (t *term) Write(b []byte) (int, error) { return t.e.Write(b) }

// Text returns the screen's lines, trailing spaces removed.
func (t *term) Text() string {
	lines := strings.Split(t.e.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// The last character of a full-width line stays on screen, whether the
// line is written whole, changed after a shared prefix, or unchanged.
func TestPainterKeepsLastColumnOfFullLines(t *testing.T) {
	full := func(s string) string { return s + strings.Repeat("-", 19-len(s)) + "Z" }
	frames := []string{
		full("first") + "\n" + full("second"),
		full("first") + "\n" + full("second changed ab"),  // a short shared prefix: the whole line
		full("first") + "\n" + full("second changed abc"), // a long one: from the first change
		"\x1b[1m" + full("first, bold") + "\x1b[0m\n" + full("second changed abc"),
	}
	_, screen := paintAll(t, 2, frames...)
	for i, l := range strings.Split(screen, "\n") {
		if !strings.HasSuffix(l, "Z") || ansi.StringWidth(l) != 20 {
			t.Fatalf("row %d: got %q, want the full 20 columns ending in Z", i+1, l)
		}
	}
}
