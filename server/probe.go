package server

import (
	"io"
	"reflect"
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
// The app's own terminal queries (tea.RequestBackgroundColor) would be
// skipped by Bubble Tea, because the program runs without an input of its
// own (see input.go); the server writes them itself, and the input
// decoder passes the answers back.

// probeTimeout is how long the UTF-8 check waits for an answer.
const probeTimeout = time.Second

// probeUTF8 is written before the first screen: start of line, é, ask
// for the cursor position.
const probeUTF8 = "\r\u00e9" + ansi.RequestCursorPositionReport

// probeClear removes the probe's character again.
const probeClear = "\r" + ansi.EraseLineRight

// notUTF8 is what a terminal that is not decoding UTF-8 is told, in
// ASCII so it shows as written.
const notUTF8 = "confer needs a UTF-8 terminal, and this one is set to another character set. " +
	"In PuTTY: Change Settings > Window > Translation > Remote character set: UTF-8. " +
	"Elsewhere set a UTF-8 locale (for example LANG=en_GB.UTF-8). Then connect again."

// checkUTF8 writes the probe and waits for the cursor position on cpr:
// false only if the terminal answered and is not decoding UTF-8.
func checkUTF8(out io.Writer, cpr <-chan uv.CursorPositionEvent, timeout time.Duration) (bool, error) {
	if _, err := io.WriteString(out, probeUTF8); err != nil {
		return false, err
	}
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case pos := <-cpr:
		_, err := io.WriteString(out, probeClear)
		return pos.X <= 1, err
	case <-t.C:
		_, err := io.WriteString(out, probeClear)
		return true, err
	}
}

// cursorReports takes cursor position reports out of the events for the
// probe; the app never sees them. It returns the events' new destination.
func cursorReports(send func(uv.Event)) (func(uv.Event), <-chan uv.CursorPositionEvent) {
	cpr := make(chan uv.CursorPositionEvent, 1)
	return func(ev uv.Event) {
		if pos, ok := ev.(uv.CursorPositionEvent); ok {
			select {
			case cpr <- pos:
			default: // a late or second answer: nobody asked
			}
			return
		}
		send(ev)
	}, cpr
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
