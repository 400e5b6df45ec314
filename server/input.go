package server

import (
	"io"
	"strings"
	"sync"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"
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
	// maxPaste bounds one bracketed paste; the rest is dropped, and the form
	// the paste lands in says how much of it fitted.
	maxPaste = 64 << 10
	// maxPending bounds bytes held while waiting for a sequence to end.
	maxPending = 4 << 10
)

// inputDecoder turns bytes into events, holding back an incomplete escape
// sequence until more bytes come or it expires. It mirrors the event
// scanner inside uv.TerminalReader, without the table and the Windows
// console paths.
type inputDecoder struct {
	dec     uv.EventDecoder
	buf     []byte
	paste   []byte // the paste so far, while pasting is true
	pasting bool
}

// feed decodes as much of buf as it can and calls emit for each event;
// expired says no more bytes of a pending sequence are coming.
func (d *inputDecoder) feed(expired bool, emit func(uv.Event)) {
	for len(d.buf) > 0 {
		esc := d.buf[0] == ansi.ESC
		n, ev := d.dec.Decode(d.buf)
		if n == 0 {
			break
		}
		if _, unknown := ev.(uv.UnknownEvent); unknown && !expired {
			return // perhaps the start of a sequence still arriving
		}
		if esc && n <= 2 && !expired {
			return // a lone ESC, or ESC and one byte: wait to see which
		}
		seq := d.buf[:n]
		d.buf = d.buf[n:]
		if d.pasting {
			switch ev := ev.(type) {
			case uv.PasteEndEvent:
				d.pasting = false
				emit(uv.PasteEvent{Content: strings.ToValidUTF8(string(d.paste), "")})
				d.paste = nil
			case uv.KeyPressEvent:
				if ev.Text != "" {
					d.addPaste([]byte(ev.Text))
				} else {
					d.addPaste(seq) // Enter, Tab and the like arrive as themselves
				}
			}
			continue
		}
		switch ev := ev.(type) {
		case uv.PasteStartEvent:
			d.pasting, d.paste = true, d.paste[:0]
		case uv.MultiEvent:
			for _, e := range ev {
				forward(e, emit)
			}
		default:
			forward(ev, emit)
		}
	}
	if expired && len(d.buf) > 0 {
		d.buf = d.buf[:0] // what never decoded is not a key anyone pressed
	}
}

func (d *inputDecoder) addPaste(b []byte) {
	if room := maxPaste - len(d.paste); room > 0 {
		d.paste = append(d.paste, b[:min(len(b), room)]...)
	}
}

// forward passes on the events the app uses: keys, pastes and focus.
// Everything else (mouse reports it never asked for, unknown sequences,
// replies to queries) stops here.
func forward(ev uv.Event, emit func(uv.Event)) {
	switch ev.(type) {
	case uv.KeyPressEvent, uv.PasteEvent, uv.FocusEvent, uv.BlurEvent:
		emit(ev)
	}
}

// readInput reads r until it fails and sends each decoded event to send,
// in order. send may block: it waits only for this session's own program.
func readInput(r io.Reader, send func(uv.Event)) {
	var (
		mu       sync.Mutex
		d        inputDecoder
		lastRead time.Time
		timer    *time.Timer
	)
	// expire runs on the timer's goroutine once a sequence has waited
	// escTimeout with no more bytes; events are sent under mu so they keep
	// their order with the reader's.
	expire := func() {
		mu.Lock()
		defer mu.Unlock()
		if wait := escTimeout - time.Since(lastRead); wait > 0 {
			timer.Reset(wait) // bytes came after this timer was set
			return
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
		n, err := r.Read(chunk[:])
		mu.Lock()
		if n > 0 {
			lastRead = time.Now()
			timer.Stop()
			if len(d.buf)+n > maxPending {
				d.feed(true, send) // never hold more than a sequence's worth
			}
			d.buf = append(d.buf, chunk[:n]...)
			d.feed(false, send)
			if len(d.buf) > 0 {
				timer.Reset(escTimeout)
			}
		}
		if err != nil {
			d.feed(true, send)
			mu.Unlock()
			return
		}
		mu.Unlock()
	}
}
