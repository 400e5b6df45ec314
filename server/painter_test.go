package server

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"

	"confer/server/servertest"
)

// paintAll paints frames in order and returns what reached the terminal
// for each, and the virtual screen at the end.
func paintAll(t *testing.T, height int, frames ...string) ([]string, string) {
	t.Helper()
	var out bytes.Buffer
	p := newPainter(&out, newLineCache(), colorprofile.TrueColor, height)
	scr := servertest.NewScreen(20, height)
	var wrote []string
	for _, f := range frames {
		out.Reset()
		if err := p.paint(f); err != nil {
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
	if strings.Contains(wrote[1], "one") || strings.Contains(wrote[1], "three") || !strings.Contains(wrote[1], "\x1b[2;1HTWO") {
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
	if err := p.paint("\x1b[38;2;255;0;0mred\x1b[0m"); err != nil {
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
	p.submit("old")
	p.submit("new")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p.run(ctx)
	if strings.Contains(out.String(), "old") || !strings.Contains(out.String(), "new") {
		t.Fatalf("got %q, want only the newest frame painted", out.String())
	}
}
