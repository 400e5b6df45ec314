package linear

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"time"

	"confer/session"
)

// stage is where the person is on their way to the board.
type stage int

const (
	stageLobby   stage = iota // choose a conference by number
	stageInvite               // guest with a code: name and agency
	stageWaiting              // guest waiting for the chair
	stageGate                 // confidentiality statement
	stageBoard                // the conference
	stageGone                 // a final message, then the end
)

// Terminal is one person's linear session: it reads their key presses,
// sends their actions to the conference and appends sentences to their
// output. Everything but Notice runs on the goroutine that called Run.
type Terminal struct {
	o       Options
	now     func() time.Time
	notices chan string

	ctx context.Context
	// out collects what one event (a burst of input, a change) makes the
	// terminal say, sent to dst in one write: a pasted line is echoed in
	// one write, not one a character.
	out    *bytes.Buffer
	dst    io.Writer
	dec    keyDecoder
	end    bool // Run returns after the current input
	hinted bool // a key that does nothing was answered in this burst of input

	stage stage
	lobby []session.Membership
	openConf

	form *form
	line []rune // what the person has typed on the current line
}

// openConf is what a terminal holds about the conference it has open; it
// is dropped in one assignment when the person leaves it.
type openConf struct {
	room       Room
	roomCtx    context.Context // ends the subscription and presence
	leaveRoom  context.CancelFunc
	sub        <-chan session.Version
	inviteHash string
	view       session.Snapshot // only ever the view filtered for this person
	self       session.Attendee
	admitted   bool
	ann        announcer
	inPeople   bool // after P: the people keys act, as on the full screen's people list
}

// New returns a linear terminal for one client.
func New(o Options) *Terminal {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Terminal{o: o, now: o.Now, notices: make(chan string, 4)}
}

// Notice announces a sentence from the server, such as a warning that typed
// input was dropped. It never blocks: if several are waiting, this one is
// dropped.
func (t *Terminal) Notice(s string) {
	select {
	case t.notices <- s:
	default:
	}
}

// Run runs the session until the person leaves, the conference closes
// their subscription or ctx ends. It reads key presses from in and writes
// plain lines, ended with CRLF, to out.
func (t *Terminal) Run(ctx context.Context, in io.Reader, out io.Writer) error {
	t.ctx, t.out, t.dst = ctx, &bytes.Buffer{}, out
	defer t.flush()
	defer func() {
		if t.leaveRoom != nil {
			t.leaveRoom()
		}
	}()
	stop := make(chan struct{})
	defer close(stop)
	keys := make(chan []byte)
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := in.Read(buf)
			if n > 0 {
				select {
				case keys <- append([]byte(nil), buf[:n]...):
				case <-stop:
					return
				}
			}
			if err != nil {
				close(keys)
				return
			}
		}
	}()
	t.say("confer, linear mode. Each change is announced once, as a line. Press ? at any time to hear the keys you can use.")
	t.begin()
	for !t.end {
		t.flush()
		select {
		case <-ctx.Done():
			return nil
		case b, ok := <-keys:
			if !ok {
				return nil
			}
			t.hinted = false
			t.dec.feed(b, t.key)
		case _, ok := <-t.sub:
			if !ok {
				return nil
			}
			t.refresh()
		case s := <-t.notices:
			t.say(s)
		}
	}
	return nil
}

// flush sends what the last event said.
func (t *Terminal) flush() {
	if t.out.Len() > 0 {
		_, _ = t.dst.Write(t.out.Bytes())
		t.out.Reset()
	}
}

// say appends lines. If the person is part-way through typing a line, the
// lines go below it and what they typed is repeated after them, so nothing
// is overwritten.
func (t *Terminal) say(lines ...string) {
	if len(lines) == 0 {
		return
	}
	var b strings.Builder
	if len(t.line) > 0 {
		b.WriteString("\r\n")
	}
	for _, l := range lines {
		b.WriteString(l)
		b.WriteString("\r\n")
	}
	if len(t.line) > 0 {
		b.WriteString(string(t.line))
	}
	_, _ = io.WriteString(t.out, b.String())
}

// goneWith says a final sentence and ends the session.
func (t *Terminal) goneWith(msg string) {
	if len(t.line) > 0 {
		_, _ = io.WriteString(t.out, "\r\n")
		t.line = nil
	}
	t.say(msg)
	t.stage = stageGone
	t.end = true
}

// message is the plain sentence for an error a person should read, never a
// Go error dump.
func message(err error) string {
	if errors.Is(err, context.Canceled) {
		return "The session is ending."
	}
	return sentence(session.ErrorMessage(err))
}

// key handles one key press: a line being typed (a form field or the lobby
// number) takes every key; otherwise each key is a command.
func (t *Terminal) key(k keyPress) {
	if t.end {
		return
	}
	if t.form != nil || t.stage == stageLobby {
		t.lineKey(k)
		return
	}
	switch k.kind {
	case keyInterrupt, keyEOF:
		t.goneWith("Goodbye.")
		return
	case keyRune:
	default:
		return
	}
	switch t.stage {
	case stageWaiting:
		if k.r == 'q' {
			t.goneWith("Goodbye.")
		}
	case stageGate:
		switch k.r {
		case 'y', 'Y':
			t.accept()
		case 'q', 'n':
			t.goneWith("Goodbye.")
		default:
			t.say("Press y to accept the confidentiality statement, or q to leave.")
		}
	case stageBoard:
		t.boardKey(k.r)
	}
}

// lineKey edits the line being typed and hands it over on enter.
func (t *Terminal) lineKey(k keyPress) {
	switch k.kind {
	case keyRune:
		if len(t.line) >= session.MaxLong {
			return
		}
		t.line = append(t.line, k.r)
		_, _ = io.WriteString(t.out, string(k.r))
	case keyBackspace:
		if len(t.line) > 0 {
			t.line = t.line[:len(t.line)-1]
			_, _ = io.WriteString(t.out, "\b \b")
		}
	case keyEnter:
		text := string(t.line)
		t.line = nil
		_, _ = io.WriteString(t.out, "\r\n")
		if t.form != nil {
			t.formLine(text)
		} else {
			t.lobbyLine(text)
		}
	case keyInterrupt, keyEscape:
		if t.form != nil {
			if len(t.line) > 0 {
				_, _ = io.WriteString(t.out, "\r\n")
				t.line = nil
			}
			t.cancelForm()
			return
		}
		if k.kind == keyInterrupt {
			t.goneWith("Goodbye.")
		}
	case keyEOF:
		if len(t.line) == 0 && t.form == nil {
			t.goneWith("Goodbye.")
		}
	}
}
