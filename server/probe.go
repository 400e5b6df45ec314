package server

import (
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
)

// What the server asks a terminal before and while the app runs.
//
// Before the first screen it checks the terminal decodes UTF-8: it writes
// one two-byte character (é) at the start of the line and asks where the
// cursor is. A UTF-8 terminal has moved one column; one set to a legacy
// character set (PuTTY's ISO-8859-1, say) shows two characters and has
// moved two. Such a terminal would show every box line and symbol as
// mojibake, so it is told in one line how to switch and the session ends.
// A terminal that does not answer within probeTimeout is taken as UTF-8.
//
// A terminal that says TERM=xterm is also asked for its palette colour
// 255, in the same breath; see colour.go for what its answer decides.
//
// The app's own terminal queries (tea.RequestBackgroundColor) would be
// skipped by Bubble Tea, because the program runs without an input of its
// own (see input.go); the server writes them itself, and the input
// decoder passes the answers back.

// probeTimeout is how long the probe waits for an answer.
const probeTimeout = time.Second

// probeUTF8 is written before the first screen: start of line, é, ask
// for the cursor position.
const probeUTF8 = "\r\u00e9" + ansi.RequestCursorPositionReport

// probePalette asks for palette colour 255 (OSC 4): only a terminal with
// a 256-colour palette can name it. It goes before probeUTF8, whose
// cursor query then marks the end of the answers: terminals answer in the
// order they are asked, so once the cursor position is in, so is any
// palette answer. The carriage return after it puts the cursor back where
// the UTF-8 check expects it, whatever a terminal did with the query.
const probePalette = "\r\x1b]4;255;?\x1b\\"

// probeClear removes the probe's character again.
const probeClear = "\r" + ansi.EraseLineRight

// notUTF8 is what a terminal that is not decoding UTF-8 is told, in
// ASCII so it shows as written.
const notUTF8 = "confer needs a UTF-8 terminal, and this one is set to another character set. " +
	"In PuTTY: Change Settings > Window > Translation > Remote character set: UTF-8. " +
	"Elsewhere set a UTF-8 locale (for example LANG=en_GB.UTF-8). Then connect again."

// probed is what the probe learnt about a terminal.
type probed struct {
	// utf8 is false only if the terminal answered and is not decoding
	// UTF-8; a terminal that does not answer is taken as UTF-8.
	utf8 bool
	// palette256 says the terminal named its palette colour 255.
	palette256 bool
}

// probe writes the probe (with the palette query if askPalette) and waits
// for the answers until timeout.
func probe(out io.Writer, a *probeAnswers, askPalette bool, timeout time.Duration) (probed, error) {
	q := probeUTF8
	if askPalette {
		q = probePalette + q
	}
	if _, err := io.WriteString(out, q); err != nil {
		return probed{}, err
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case pos := <-a.cpr:
		_, err := io.WriteString(out, probeClear)
		return probed{utf8: pos.X <= 1, palette256: a.palette256.Load()}, err
	case <-t.C:
		// No answer in time: neither is trusted, even if the palette's
		// came, since a late cursor answer could still follow it.
		_, err := io.WriteString(out, probeClear)
		return probed{utf8: true}, err
	}
}

// probeAnswers takes the answers to the probe out of the client's events;
// the app never sees them (it asked for neither).
type probeAnswers struct {
	cpr        chan uv.CursorPositionEvent
	palette256 atomic.Bool
}

// newProbeAnswers returns the answers' collector and the events' new
// destination, which passes everything else on to send. The destination
// is called from the one goroutine reading the client, in order, so a
// palette answer is recorded before the cursor answer behind it arrives.
func newProbeAnswers(send func(uv.Event)) (*probeAnswers, func(uv.Event)) {
	a := &probeAnswers{cpr: make(chan uv.CursorPositionEvent, 1)}
	return a, func(ev uv.Event) {
		switch ev := ev.(type) {
		case uv.CursorPositionEvent:
			select {
			case a.cpr <- ev:
			default: // a late or second answer: nobody asked
			}
		case paletteColour:
			if ev.index == 255 {
				a.palette256.Store(true)
			}
		default:
			send(ev)
		}
	}
}

// paletteColour is a terminal's answer to a palette colour query (OSC 4).
type paletteColour struct{ index int }

// parsePaletteColour reads an answer to a palette colour query,
// "OSC 4 ; index ; colour ST": ok is false for anything else.
func parsePaletteColour(seq string) (paletteColour, bool) {
	switch {
	case strings.HasPrefix(seq, "\x1b]"):
		seq = seq[2:]
	case strings.HasPrefix(seq, "\x9d"):
		seq = seq[1:]
	default:
		return paletteColour{}, false
	}
	rest, ok := strings.CutPrefix(seq, "4;")
	if !ok {
		return paletteColour{}, false
	}
	num, colour, ok := strings.Cut(rest, ";")
	if !ok || len(num) == 0 || len(num) > 3 || !strings.HasPrefix(colour, "rgb:") {
		return paletteColour{}, false
	}
	n, err := strconv.Atoi(num)
	if err != nil || n < 0 || n > 255 {
		return paletteColour{}, false
	}
	return paletteColour{index: n}, true
}

// bgRequest is the type of the message tea.RequestBackgroundColor sends
// (unexported in Bubble Tea).
var bgRequest = reflect.TypeOf(tea.RequestBackgroundColor())

// queries returns a program filter that writes the app's background
// colour query to out itself, since Bubble Tea skips it without input.
func queries(out io.Writer) func(tea.Model, tea.Msg) tea.Msg {
	return func(_ tea.Model, msg tea.Msg) tea.Msg {
		if msg != nil && reflect.TypeOf(msg) == bgRequest {
			_, _ = io.WriteString(out, ansi.RequestBackgroundColor)
			return nil
		}
		return msg
	}
}
