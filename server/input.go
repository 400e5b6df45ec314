package server

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"confer/tui"
)

// Why confer reads its clients' input itself.
//
// Bubble Tea's own reader (uv.TerminalReader) builds a table of about
// 150 KiB of legacy key sequences for every program, half of each
// session's heap at 200 viewers, and for input that is not a file it polls
// through a fallback reader that sleeps 10 ms after each burst. Programs
// therefore run with tea.WithInput(nil) and one goroutine per session
// reads the client's bytes, decodes them with uv.EventDecoder (which needs
// no table) and sends the events to the program, which translates them as
// it would its own. The decoder knows every sequence xterm-like terminals
// send over SSH; only rarer legacy encodings that the table alone maps
// (rxvt's shifted arrows, terminfo-only keys) arrive as unknown events and
// are dropped.

const (
	// escTimeout is how long a lone ESC waits for the rest of a sequence
	// before it counts as the Escape key (uv.DefaultEscTimeout).
	escTimeout = uv.DefaultEscTimeout
	// pasteIdle is how long a bracketed paste may wait for more bytes
	// before it is taken as ended: a terminal that never sends the end
	// marker must not leave every later key inside a paste.
	pasteIdle = 2 * time.Second
	// maxPending bounds bytes held while waiting for a sequence to end.
	maxPending = 4 << 10
)

// pasteEnd is what a terminal sends at the end of a bracketed paste.
const pasteEnd = "\x1b[201~"

// inputDecoder turns bytes into events, holding back an incomplete escape
// sequence until more bytes come or it expires. It mirrors the event
// scanner inside uv.TerminalReader, without the table and the Windows
// console paths.
//
// Inside a bracketed paste it does not decode at all: it looks only for
// the end marker, so nothing in a paste (an unterminated OSC, say) can
// swallow the marker and leave the session pasting. A paste longer than
// maxPaste is cut there: the part kept goes to the app at once, with a
// notice saying how much was kept, and the rest is skipped up to the
// marker.
type inputDecoder struct {
	dec      uv.EventDecoder
	buf      []byte
	maxPaste int    // 0 means 64 KiB
	paste    []byte // the paste so far, while pasting is true
	pasting  bool
	skipping bool // past the cut of a long paste, until its end marker
}

// inPaste reports whether the bytes coming are part of a paste.
func (d *inputDecoder) inPaste() bool { return d.pasting || d.skipping }

// decode decodes the next event in buf. Bytes from the network must never
// take the server down: ultraviolet's decoder panics on some malformed
// input (an 8-bit CSI, 0x9b, before an X10 mouse report reads past the
// end of its slice), so a panic is caught here and reported as !ok, and
// the caller drops what is pending.
func (d *inputDecoder) decode() (n int, ev uv.Event, ok bool) {
	defer func() {
		if recover() != nil {
			n, ev, ok = 0, nil, false
		}
	}()
	n, ev = d.dec.Decode(d.buf)
	return n, ev, true
}

// feed decodes as much of buf as it can and calls emit for each event;
// expired says no more bytes of a pending sequence are coming.
func (d *inputDecoder) feed(expired bool, emit func(uv.Event)) {
	for len(d.buf) > 0 {
		if d.inPaste() {
			if !d.feedPaste(emit) {
				return
			}
			continue
		}
		esc := d.buf[0] == ansi.ESC
		n, ev, ok := d.decode()
		if !ok {
			d.buf = d.buf[:0] // bytes that broke the decoder are no key anyone pressed
			break
		}
		if n == 0 {
			break
		}
		if _, unknown := ev.(uv.UnknownEvent); unknown && !expired {
			return // perhaps the start of a sequence still arriving
		}
		if esc && n <= 2 && !expired {
			return // a lone ESC, or ESC and one byte: wait to see which
		}
		d.buf = d.buf[n:]
		switch ev := ev.(type) {
		case uv.PasteStartEvent:
			d.pasting, d.paste = true, d.paste[:0]
		case uv.MultiEvent:
			// A cursor position report on row 1 also decodes as a
			// modified F3: it is the report, which nobody presses.
			if i := slices.IndexFunc(ev, func(e uv.Event) bool { _, ok := e.(uv.CursorPositionEvent); return ok }); i >= 0 {
				ev = ev[i : i+1]
			}
			for _, e := range ev {
				forward(e, emit)
			}
		default:
			forward(ev, emit)
		}
	}
	if expired && len(d.buf) > 0 && !d.inPaste() {
		d.buf = d.buf[:0] // what never decoded is not a key anyone pressed
	}
}

// feedPaste takes paste bytes from buf up to and including the end
// marker. It returns false when buf is used up without the marker (the
// last few bytes, which may be its start, stay in buf).
func (d *inputDecoder) feedPaste(emit func(uv.Event)) bool {
	i := bytes.Index(d.buf, []byte(pasteEnd))
	if i < 0 {
		n := len(d.buf)
		if j := bytes.LastIndexByte(d.buf, ansi.ESC); j >= 0 && len(d.buf)-j < len(pasteEnd) {
			n = j // perhaps the marker's start: keep it for the next bytes
		}
		d.addPaste(d.buf[:n], emit)
		d.buf = d.buf[n:]
		return false
	}
	d.addPaste(d.buf[:i], emit)
	d.buf = d.buf[i+len(pasteEnd):]
	d.endPaste(emit)
	return true
}

func (d *inputDecoder) limit() int {
	if d.maxPaste > 0 {
		return d.maxPaste
	}
	return 64 << 10
}

// addPaste adds b to the paste, cutting it at the limit.
func (d *inputDecoder) addPaste(b []byte, emit func(uv.Event)) {
	if d.skipping || len(b) == 0 {
		return
	}
	room := d.limit() - len(d.paste)
	if len(b) <= room {
		d.paste = append(d.paste, b...)
		return
	}
	d.paste = append(d.paste, b[:room]...)
	kept := d.emitPaste(emit)
	d.pasting, d.skipping = false, true
	emit(tui.NoticeMsg(fmt.Sprintf("Paste cut: it was longer than confer accepts. The first %d characters were kept; the rest was left out.", kept)))
}

// endPaste ends a paste or the skipping after a cut one.
func (d *inputDecoder) endPaste(emit func(uv.Event)) {
	if d.pasting {
		d.emitPaste(emit)
	}
	d.pasting, d.skipping = false, false
}

// emitPaste passes the paste on and returns how many characters it kept.
func (d *inputDecoder) emitPaste(emit func(uv.Event)) int {
	text := strings.ToValidUTF8(string(d.paste), "")
	d.paste = d.paste[:0]
	emit(uv.PasteEvent{Content: text})
	return utf8.RuneCountInString(text)
}

// forward passes on the events the app uses (keys, pastes, focus, the
// answer to the background colour query) and the answers to the queries
// the server asks itself (cursor position and palette colour; see
// probe.go). Everything else (mouse reports it never asked for, unknown
// sequences, other replies) stops here.
func forward(ev uv.Event, emit func(uv.Event)) {
	switch ev := ev.(type) {
	case uv.KeyPressEvent, uv.PasteEvent, uv.FocusEvent, uv.BlurEvent, uv.BackgroundColorEvent, uv.CursorPositionEvent:
		emit(ev)
	case uv.UnknownOscEvent:
		if pc, ok := parsePaletteColour(string(ev)); ok {
			emit(pc)
		}
	}
}

// inputReader reads one client's bytes within its budget and sends each
// decoded event to send, in order. send may block: it waits only for this
// session's own program.
type inputReader struct {
	r        io.Reader
	budget   *inputBudget // nil: no limit (tests)
	maxPaste int
	send     func(uv.Event)
}

// readInput reads r with no budget until it fails; see inputReader.
func readInput(r io.Reader, send func(uv.Event)) {
	inputReader{r: r, send: send}.run()
}

// run reads until the reader fails or the budget's session ends.
func (ir inputReader) run() {
	var (
		mu       sync.Mutex
		d        = inputDecoder{maxPaste: ir.maxPaste}
		lastRead time.Time
		waiting  bool // the reader is holding back for its budget
		timer    *time.Timer
	)
	send := ir.send
	// expire runs on the timer's goroutine once a sequence has waited
	// escTimeout with no more bytes (or a paste pasteIdle); events are
	// sent under mu so they keep their order with the reader's. Time the
	// reader spends holding back is not silence from the terminal.
	expire := func() {
		mu.Lock()
		defer mu.Unlock()
		wait := escTimeout
		if d.inPaste() {
			wait = pasteIdle
		}
		if waiting {
			timer.Reset(escTimeout)
			return
		}
		if left := wait - time.Since(lastRead); left > 0 {
			timer.Reset(left) // bytes came after this timer was set
			return
		}
		if d.inPaste() {
			d.endPaste(send)
		}
		d.feed(true, send)
	}
	mu.Lock()
	timer = time.AfterFunc(time.Hour, expire)
	timer.Stop()
	mu.Unlock()
	defer timer.Stop()

	var chunk [1024]byte
	for {
		want := len(chunk)
		if ir.budget != nil {
			mu.Lock()
			pasting := d.inPaste()
			waiting = true
			mu.Unlock()
			n, ok := ir.budget.grant(pasting, want)
			mu.Lock()
			waiting, lastRead = false, time.Now()
			mu.Unlock()
			if !ok {
				return
			}
			want = n
		}
		n, err := ir.r.Read(chunk[:want])
		mu.Lock()
		if n > 0 {
			if ir.budget != nil {
				ir.budget.spend(d.inPaste(), n)
			}
			lastRead = time.Now()
			timer.Stop()
			if len(d.buf)+n > maxPending && !d.inPaste() {
				d.feed(true, send) // never hold more than a sequence's worth
			}
			d.buf = append(d.buf, chunk[:n]...)
			d.feed(false, send)
			if len(d.buf) > 0 || d.inPaste() {
				timer.Reset(escTimeout)
			}
		}
		if err != nil {
			if d.inPaste() {
				d.endPaste(send)
			}
			d.feed(true, send)
			mu.Unlock()
			return
		}
		mu.Unlock()
	}
}
