// Package servertest drives a confer server the way people do: real SSH
// clients with a PTY, whose output is fed through a small virtual terminal
// so tests and benchmarks can read the screen a person would see.
package servertest

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// Screen is a minimal virtual terminal: enough of VT100/xterm to follow the
// Bubble Tea renderer (cursor moves, erases, inserts and deletes, scrolling
// regions, repeats and the alternate screen). It keeps characters only, no
// colours or attributes. It is not safe for concurrent use.
type Screen struct {
	w, h       int
	main, alt  [][]rune
	cells      [][]rune // main or alt
	x, y       int
	wrapNext   bool
	top, bot   int // scrolling region, inclusive
	sx, sy     int // saved cursor
	last       rune
	p          *ansi.Parser
	scrollback []string // lines scrolled off the top of the main screen
}

// NewScreen returns a blank w×h screen.
func NewScreen(w, h int) *Screen {
	s := &Screen{w: w, h: h}
	s.main, s.alt = blank(w, h), blank(w, h)
	s.cells = s.main
	s.top, s.bot = 0, h-1
	s.p = ansi.NewParser()
	s.p.SetHandler(ansi.Handler{
		Print:     s.print,
		Execute:   s.execute,
		HandleCsi: s.csi,
		HandleEsc: s.esc,
	})
	return s
}

func blank(w, h int) [][]rune {
	g := make([][]rune, h)
	for i := range g {
		g[i] = blankLine(w)
	}
	return g
}

func blankLine(w int) []rune {
	l := make([]rune, w)
	for i := range l {
		l[i] = ' '
	}
	return l
}

// Write feeds terminal output to the screen.
func (s *Screen) Write(b []byte) (int, error) {
	s.p.Parse(b)
	return len(b), nil
}

// Text returns the screen as lines with trailing spaces removed.
func (s *Screen) Text() string {
	var b strings.Builder
	for i, l := range s.cells {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(strings.TrimRight(strings.ReplaceAll(string(l), "\x00", ""), " "))
	}
	return b.String()
}

// Cursor returns the cursor's column and row, from 0.
func (s *Screen) Cursor() (x, y int) { return s.x, s.y }

// Scrollback returns the lines that scrolled off the top of the main
// screen, oldest first.
func (s *Screen) Scrollback() []string { return s.scrollback }

// AltScreen reports whether the alternate screen is showing.
func (s *Screen) AltScreen() bool {
	return len(s.cells) > 0 && len(s.alt) > 0 && &s.cells[0] == &s.alt[0]
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

func (s *Screen) print(r rune) {
	wd := ansi.StringWidth(string(r))
	if wd == 0 {
		return
	}
	if s.wrapNext || s.x+wd > s.w {
		s.x = 0
		s.lineFeed()
		s.wrapNext = false
	}
	s.cells[s.y][s.x] = r
	if wd == 2 && s.x+1 < s.w {
		s.cells[s.y][s.x+1] = 0
	}
	s.last = r
	s.x += wd
	if s.x >= s.w {
		s.x = s.w - 1
		s.wrapNext = true
	}
}

func (s *Screen) lineFeed() {
	if s.y == s.bot {
		s.scrollUp(1)
		return
	}
	s.y = min(s.y+1, s.h-1)
}

func (s *Screen) scrollUp(n int) {
	for range n {
		if s.top == 0 && &s.cells[0] == &s.main[0] {
			s.scrollback = append(s.scrollback, strings.TrimRight(string(s.cells[0]), " "))
		}
		copy(s.cells[s.top:s.bot], s.cells[s.top+1:s.bot+1])
		s.cells[s.bot] = blankLine(s.w)
	}
}

func (s *Screen) scrollDown(n int) {
	for range n {
		copy(s.cells[s.top+1:s.bot+1], s.cells[s.top:s.bot])
		s.cells[s.top] = blankLine(s.w)
	}
}

func (s *Screen) execute(b byte) {
	switch b {
	case '\r':
		s.x, s.wrapNext = 0, false
	case '\n', '\v', '\f':
		s.lineFeed()
		s.wrapNext = false
	case '\b':
		s.x, s.wrapNext = max(0, s.x-1), false
	case '\t':
		s.x = min(s.w-1, (s.x/8+1)*8)
	}
}

func (s *Screen) esc(cmd ansi.Cmd) {
	if cmd.Intermediate() != 0 {
		return // charset designations and the like
	}
	switch cmd.Final() {
	case '7':
		s.sx, s.sy = s.x, s.y
	case '8':
		s.x, s.y = s.sx, s.sy
	case 'D':
		s.lineFeed()
	case 'E':
		s.x = 0
		s.lineFeed()
	case 'M':
		if s.y == s.top {
			s.scrollDown(1)
		} else {
			s.y = max(0, s.y-1)
		}
	case 'c':
		*s = *NewScreen(s.w, s.h)
	}
	s.wrapNext = false
}

func (s *Screen) csi(cmd ansi.Cmd, params ansi.Params) {
	p := func(i, def int) int {
		v, _, _ := params.Param(i, def)
		if v == 0 && def > 0 {
			return def
		}
		return v
	}
	if cmd.Prefix() == '?' {
		on := cmd.Final() == 'h'
		if cmd.Final() != 'h' && cmd.Final() != 'l' {
			return
		}
		params.ForEach(0, func(_ int, mode int, _ bool) {
			switch mode {
			case 1049, 1047, 47:
				if on {
					if mode == 1049 {
						s.sx, s.sy = s.x, s.y
					}
					s.alt = blank(s.w, s.h)
					s.cells = s.alt
				} else {
					s.cells = s.main
					if mode == 1049 {
						s.x, s.y = s.sx, s.sy
					}
				}
			}
		})
		return
	}
	if cmd.Prefix() != 0 || cmd.Intermediate() != 0 {
		return
	}
	s.wrapNext = false
	switch cmd.Final() {
	case 'A':
		s.y = clamp(s.y-p(0, 1), 0, s.h-1)
	case 'B', 'e':
		s.y = clamp(s.y+p(0, 1), 0, s.h-1)
	case 'C', 'a':
		s.x = clamp(s.x+p(0, 1), 0, s.w-1)
	case 'D':
		s.x = clamp(s.x-p(0, 1), 0, s.w-1)
	case 'E':
		s.x, s.y = 0, clamp(s.y+p(0, 1), 0, s.h-1)
	case 'F':
		s.x, s.y = 0, clamp(s.y-p(0, 1), 0, s.h-1)
	case 'G', '`':
		s.x = clamp(p(0, 1)-1, 0, s.w-1)
	case 'd':
		s.y = clamp(p(0, 1)-1, 0, s.h-1)
	case 'H', 'f':
		s.y, s.x = clamp(p(0, 1)-1, 0, s.h-1), clamp(p(1, 1)-1, 0, s.w-1)
	case 'I':
		for range p(0, 1) {
			s.x = min(s.w-1, (s.x/8+1)*8)
		}
	case 'Z':
		for range p(0, 1) {
			s.x = max(0, (s.x-1)/8*8)
		}
	case 'J':
		switch p(0, 0) {
		case 0:
			s.eraseLine(s.y, s.x, s.w)
			for y := s.y + 1; y < s.h; y++ {
				s.cells[y] = blankLine(s.w)
			}
		case 1:
			for y := 0; y < s.y; y++ {
				s.cells[y] = blankLine(s.w)
			}
			s.eraseLine(s.y, 0, s.x+1)
		case 2, 3:
			for y := range s.h {
				s.cells[y] = blankLine(s.w)
			}
		}
	case 'K':
		switch p(0, 0) {
		case 0:
			s.eraseLine(s.y, s.x, s.w)
		case 1:
			s.eraseLine(s.y, 0, s.x+1)
		case 2:
			s.eraseLine(s.y, 0, s.w)
		}
	case 'X':
		s.eraseLine(s.y, s.x, min(s.w, s.x+p(0, 1)))
	case '@':
		n := min(p(0, 1), s.w-s.x)
		l := s.cells[s.y]
		copy(l[s.x+n:], l[s.x:s.w-n])
		for i := s.x; i < s.x+n; i++ {
			l[i] = ' '
		}
	case 'P':
		n := min(p(0, 1), s.w-s.x)
		l := s.cells[s.y]
		copy(l[s.x:], l[s.x+n:])
		for i := s.w - n; i < s.w; i++ {
			l[i] = ' '
		}
	case 'L', 'M':
		if s.y < s.top || s.y > s.bot {
			return
		}
		top := s.top
		s.top = s.y
		if cmd.Final() == 'L' {
			s.scrollDown(min(p(0, 1), s.bot-s.y+1))
		} else {
			s.scrollUp(min(p(0, 1), s.bot-s.y+1))
		}
		s.top = top
		s.x = 0
	case 'S':
		s.scrollUp(min(p(0, 1), s.bot-s.top+1))
	case 'T':
		s.scrollDown(min(p(0, 1), s.bot-s.top+1))
	case 'b':
		if s.last != 0 {
			for range min(p(0, 1), s.w*s.h) {
				s.print(s.last)
			}
		}
	case 'r':
		top, bot := p(0, 1)-1, p(1, s.h)-1
		if top < bot && bot < s.h {
			s.top, s.bot = top, bot
		} else {
			s.top, s.bot = 0, s.h-1
		}
		s.x, s.y = 0, 0
	case 's':
		s.sx, s.sy = s.x, s.y
	case 'u':
		s.x, s.y = s.sx, s.sy
	}
}

func (s *Screen) eraseLine(y, from, to int) {
	for x := max(0, from); x < min(to, s.w); x++ {
		s.cells[y][x] = ' '
	}
}
