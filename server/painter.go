package server

import (
	"bytes"
	"context"
	"io"
	"strconv"
	"strings"
	"sync"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// Why confer paints its own frames.
//
// Bubble Tea's renderer parses every frame into a grid of grapheme cells
// and diffs the grids, for every client separately. With 200 viewers
// watching one conference that parse was about 70% of the server's CPU
// (cursedRenderer.flush in the profile), though every viewer's frame is
// the same text. confer's frames are already lines of exactly the
// terminal's width (the tui pads and truncates every line), so comparing
// whole lines is enough: the painter sends only the lines that changed,
// each as "move to row, line, reset, clear to end of line". The program
// runs without its renderer (tea.WithoutRenderer) and still owns input,
// queries and the event loop; the painter owns the screen.
//
// Painting happens on the painter's own goroutine from a latest-wins slot,
// so a client that reads slowly only ever gets its newest frame and never
// holds up its program's event loop, let alone anyone else's.

// Terminal modes the painter sets up and restores.
const (
	screenSetup = "\x1b[?1049h" + // alternate screen
		"\x1b[?25l" + // hide the cursor
		"\x1b[?7l" + // no autowrap: a line that is one cell too wide is cut, not wrapped
		"\x1b[?2004h" + // bracketed paste, so a paste arrives as one message
		"\x1b[H\x1b[2J"
	screenRestore = "\x1b[0m\x1b[?2004l\x1b[?7h\x1b[?25h\x1b[?1049l"

	// queryFPS is how often a painted program flushes the terminal queries
	// it writes (background colour, mode reports); frames do not wait for it.
	queryFPS  = 10
	syncBegin = "\x1b[?2026h" // synchronized output: terminals that know it show the frame at once
	syncEnd   = "\x1b[?2026l"
)

// syncWriter serialises whole writes from the painter and from the
// program (which still writes terminal queries), so a frame is never
// interleaved with anything.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// lineCache holds lines converted to a colour profile. Viewers of one
// conference draw the same lines, so one conversion serves them all. It
// is cleared when full rather than kept in exact LRU order: a fresh frame
// refills it at once. Full means lineCacheMax entries or lineCacheBytes of
// text; keys are copied on the way in, because a line is a slice of its
// whole frame and would otherwise keep that frame alive.
type lineCache struct {
	mu    sync.Mutex
	m     map[lineKey]string
	bytes int // text held by m's keys and values
}

type lineKey struct {
	profile colorprofile.Profile
	line    string
	old     string // for a change: the line it replaces
}

const (
	lineCacheMax   = 8192
	lineCacheBytes = 4 << 20
)

func newLineCache() *lineCache { return &lineCache{m: map[lineKey]string{}} }

// convert returns line with its colours reduced to profile.
func (c *lineCache) convert(p colorprofile.Profile, line string) string {
	if p == colorprofile.TrueColor || !strings.Contains(line, "\x1b[") {
		return line
	}
	return c.memo(lineKey{profile: p, line: line}, func() string {
		var b bytes.Buffer
		w := colorprofile.Writer{Forward: &b, Profile: p}
		_, _ = w.WriteString(line) // writes to a buffer cannot fail
		return b.String()
	})
}

// memo returns the cached value for k, computing it once if absent.
func (c *lineCache) memo(k lineKey, compute func() string) string {
	c.mu.Lock()
	out, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return out
	}
	out = compute()
	k.line, k.old = strings.Clone(k.line), strings.Clone(k.old)
	size := len(k.line) + len(k.old) + len(out)
	c.mu.Lock()
	if len(c.m) >= lineCacheMax || c.bytes+size > lineCacheBytes {
		clear(c.m)
		c.bytes = 0
	}
	c.m[k] = out
	c.bytes += size
	c.mu.Unlock()
	return out
}

// eraseRest clears from the cursor to the end of the line in the default
// colours. The painter sends it before a line's text, never after: with
// autowrap off the cursor stays on the last cell once a full-width line is
// written, and an erase there would wipe that cell's character.
const eraseRest = "\x1b[0m\x1b[K"

// change returns what to write, after moving to a row, to turn old into
// line: the whole line from column 1 or, when they share a leading stretch
// of plain single-width text and colour codes, a column move and the rest,
// each after clearing what it replaces. Every viewer sees the same change,
// so it is worked out once.
func (c *lineCache) change(p colorprofile.Profile, old, line string) string {
	return c.memo(lineKey{profile: p, line: line, old: old}, func() string {
		if col, sgr, at, ok := sharedPrefix(old, line); ok && at > 16 {
			if ansi.StringWidth(old[at:]) == 0 && ansi.StringWidth(line[at:]) == 0 {
				// Only colour codes after the text changed: nothing shows
				// differently. (The prefix may fill the row, and an erase
				// at the last column would wipe its character.)
				return ";1H"
			}
			return ";" + strconv.Itoa(col+1) + "H" + eraseRest + c.convert(p, sgr+line[at:])
		}
		return ";1H" + eraseRest + c.convert(p, line)
	})
}

// sharedPrefix finds where line stops matching old, backed off to a whole
// grapheme or escape sequence: the byte offset at, the column there and
// the colour codes in force (the SGR sequences since the last reset). It
// gives up (ok false) if the prefix holds anything whose width a terminal
// might judge differently (wide or zero-width characters) or any escape
// other than SGR, so the caller rewrites the whole line.
func sharedPrefix(old, line string) (col int, sgr string, at int, ok bool) {
	n := 0
	for n < len(old) && n < len(line) && old[n] == line[n] {
		n++
	}
	var sgrs strings.Builder
	var state byte
	for at < n {
		seq, w, adv, next := ansi.DecodeSequence(line[at:], state, nil)
		if adv <= 0 || at+adv > n {
			break
		}
		state = next
		switch {
		case seq[0] == 0x1b:
			if len(seq) < 3 || seq[1] != '[' || seq[len(seq)-1] != 'm' {
				return 0, "", 0, false
			}
			if seq == "\x1b[m" || seq == "\x1b[0m" {
				sgrs.Reset() // a reset cancels everything before it
			} else {
				sgrs.WriteString(seq)
			}
		case w != 1 || len(seq) != 1 && ansi.StringWidth(seq) != 1:
			return 0, "", 0, false
		default:
			col++
		}
		at += adv
	}
	return col, sgrs.String(), at, true
}

// painter draws one terminal's frames by lines.
type painter struct {
	out   io.Writer
	lines *lineCache

	mu      sync.Mutex // guards profile, height and redraw, set from the event loop
	profile colorprofile.Profile
	height  int
	redraw  bool

	slot chan frame // latest frame not yet painted
	done chan struct{}
	last []string // lines on the terminal now; painter goroutine only
	buf  []byte   // the bytes of one paint, reused; painter goroutine only
}

// keepBuf is the largest paint buffer kept for the next paint: an update
// is a few hundred bytes, while a whole-screen redraw is not worth holding
// on to for every session.
const keepBuf = 4 << 10

func newPainter(out io.Writer, lines *lineCache, profile colorprofile.Profile, height int) *painter {
	return &painter{out: out, lines: lines, profile: profile, height: height, redraw: true,
		slot: make(chan frame, 1), done: make(chan struct{})}
}

// frame is what a program shows: the screen, often shared with other
// sessions, and this client's status bar below it ("" for none).
type frame struct{ screen, bar string }

// submit hands over the newest frame without waiting: an unpainted older
// frame is replaced.
func (p *painter) submit(f frame) {
	select {
	case <-p.slot:
	default:
	}
	select {
	case p.slot <- f:
	default: // another submit won the slot; its frame is as new
	}
}

// run paints frames until ctx ends, then paints the last one submitted.
func (p *painter) run(ctx context.Context) {
	defer close(p.done)
	if _, err := io.WriteString(p.out, screenSetup); err != nil {
		return
	}
	for {
		select {
		case f := <-p.slot:
			if err := p.paint(f); err != nil {
				return
			}
		case <-ctx.Done():
			select {
			case f := <-p.slot:
				_ = p.paint(f)
			default:
			}
			return
		}
	}
}

// restore gives the terminal back as it was, after run has ended.
func (p *painter) restore() {
	<-p.done
	_, _ = io.WriteString(p.out, screenRestore)
}

// paint writes the lines of f that differ from what is on screen. The
// lines kept for the next comparison are slices of f's strings, so a
// shared screen is held once however many sessions show it.
func (p *painter) paint(f frame) error {
	p.mu.Lock()
	profile, redraw, height := p.profile, p.redraw, p.height
	p.redraw = false
	p.mu.Unlock()

	lines := strings.Split(f.screen, "\n")
	if f.bar != "" {
		lines = append(lines, strings.Split(f.bar, "\n")...)
	}
	if height > 0 && len(lines) > height {
		// A row past the bottom would land on the last row: never draw it.
		lines = lines[:height]
	}
	b := append(p.buf[:0], syncBegin...)
	if redraw {
		b = append(b, "\x1b[0m\x1b[H\x1b[2J"...)
		p.last = nil
	}
	for i, l := range lines {
		if i < len(p.last) && p.last[i] == l {
			continue
		}
		b = strconv.AppendInt(append(b, "\x1b["...), int64(i+1), 10)
		if i < len(p.last) {
			b = append(b, p.lines.change(profile, p.last[i], l)...)
		} else {
			b = append(b, ";1H"+eraseRest...)
			b = append(b, p.lines.convert(profile, l)...)
		}
		b = append(b, "\x1b[0m"...)
	}
	// Lines the new frame no longer has.
	for i := len(lines); i < len(p.last); i++ {
		b = strconv.AppendInt(append(b, "\x1b["...), int64(i+1), 10)
		b = append(b, ";1H"+eraseRest...)
	}
	p.last = lines
	b = append(b, syncEnd...)
	if cap(b) <= keepBuf {
		p.buf = b
	} else {
		p.buf = nil
	}
	if len(b) == len(syncBegin)+len(syncEnd) {
		return nil // nothing changed
	}
	_, err := p.out.Write(b)
	return err
}

// painted wraps an app so each frame it renders goes to a painter. Bubble
// Tea calls View on its event loop after every message; the wrapper hands
// the content over and returns it (the disabled renderer ignores it).
type painted struct {
	inner tea.Model // named, not embedded: see rooms.go
	p     *painter
}

func (m painted) Init() tea.Cmd { return m.inner.Init() }

func (m painted) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		// The terminal reflowed or cleared what it showed: start afresh.
		m.p.mu.Lock()
		m.p.redraw, m.p.height = true, msg.Height
		m.p.mu.Unlock()
	case tea.ColorProfileMsg:
		m.p.mu.Lock()
		m.p.profile, m.p.redraw = msg.Profile, true
		m.p.mu.Unlock()
	}
	inner, cmd := m.inner.Update(msg)
	m.inner = inner
	return m, cmd
}

// framer is an app that can give its screen and status bar apart (the
// tui does): the painter then keeps slices of the shared screen rather
// than of a joined copy per session.
type framer interface {
	Frame() (screen, bar string)
}

func (m painted) View() tea.View {
	if f, ok := m.inner.(framer); ok {
		screen, bar := f.Frame()
		m.p.submit(frame{screen: screen, bar: bar})
		return tea.View{} // the renderer is off: nothing reads this
	}
	v := m.inner.View()
	m.p.submit(frame{screen: v.Content})
	return v
}
