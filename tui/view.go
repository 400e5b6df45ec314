package tui

import (
	"bytes"
	"fmt"
	"sort"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"confer/session"
)

// Smallest terminal the app draws in; below this it says so.
const (
	minWidth  = 40
	minHeight = 12
)

// View draws the client's screen.
func (m *model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	return v
}

// syncMode picks the key set that applies now, for help and routing.
func (m *model) syncMode() {
	switch {
	case m.confirm != nil:
		m.keys.mode = modeConfirm
	case m.form != nil:
		m.keys.mode = modeForm
	case m.scr == scrLobby:
		m.keys.mode = modeLobby
	case m.scr == scrGate:
		m.keys.mode = modeGate
	case m.scr == scrPeople:
		m.keys.mode = modePeople
	case m.scr == scrBoard:
		m.keys.mode = modeBoard
	default:
		m.keys.mode = modeWait
	}
}

func (m *model) render() string {
	screen, bar := m.Frame()
	if bar == "" {
		return screen
	}
	return screen + "\n" + bar
}

// Frame returns the client's screen in two parts: the screen above the
// status bar, which may be the very string other clients showing the
// same were given (so it must not be changed), and this client's status
// bar ("" when there is none). View is the two joined; a caller that
// draws lines itself can take them apart without copying the screen.
func (m *model) Frame() (screen, bar string) {
	w, h := m.w, m.h
	if w < minWidth || h < minHeight {
		msg := fmt.Sprintf("Window too small (%dx%d). confer needs at least %dx%d: please enlarge the window.", w, h, minWidth, minHeight)
		if w <= 0 || h <= 0 {
			return "", ""
		}
		return strings.Join(block(wrapLines(msg, max(1, w)), w, h), "\n"), ""
	}
	m.syncMode()
	const statusH = 2
	bh := h - statusH
	if key, ok := m.frameKey(w, bh); ok && m.o.Frames != nil {
		screen = m.o.Frames.frame(key, func() string { return m.renderScreen(w, bh) })
	} else {
		screen = m.renderScreen(w, bh)
	}
	if box := m.overlayBox(w, bh); box != nil {
		screen = strings.Join(overlay(strings.Split(screen, "\n"), box, w, bh), "\n")
	}
	return screen, m.statusBar(w)
}

// frameKey is everything the screen beneath any box depends on. Only the
// board and people screens are shared. Boxes drawn over them (a form with
// typed text, a notice that may hold an invite code, a question, help) are
// laid on per client after the shared screen is fetched, so nothing typed
// or private ever enters the shared cache; so is the status bar (who you
// are, your last message). The key is built in a buffer the model reuses:
// every viewer builds it after every change.
func (m *model) frameKey(w, h int) ([]byte, bool) {
	if m.room == nil || (m.scr != scrBoard && m.scr != scrPeople) {
		return nil, false
	}
	b := append(m.keyBuf[:0], m.room.ID()...)
	b = append(append(b, '|'), m.role...)
	if m.role == session.RoleFamily || m.role == session.RoleNone {
		// Family members may see different things (one excluded for a
		// while sees none of what is recorded meanwhile; the others do):
		// a family frame is theirs alone.
		b = append(append(b, '|'), m.self.ID...)
	}
	b = strconv.AppendBool(append(b, '|'), m.closedNow)
	for _, n := range [...]int64{int64(m.snap.Version), int64(w), int64(h), int64(m.profile),
		int64(m.scr), int64(m.focus), int64(m.browse), int64(m.peopleI)} {
		b = append(b, '|')
		b = strconv.AppendInt(b, n, 10)
	}
	b = strconv.AppendBool(append(b, '|'), m.sty.dark)
	b = strconv.AppendInt(append(b, '|'), int64(m.look.scheme), 10)
	b = strconv.AppendBool(append(b, '|'), m.follow)
	m.cursorKeys = m.cursorKeys[:0]
	for k := range m.cursor {
		m.cursorKeys = append(m.cursorKeys, k)
	}
	sort.Strings(m.cursorKeys)
	for _, k := range m.cursorKeys {
		b = append(append(append(b, '|'), k...), '=')
		b = strconv.AppendInt(b, int64(m.cursor[k]), 10)
	}
	m.keyBuf = b
	return b, true
}

// renderScreen draws the screen above the status bar, without any box
// over it: exactly h lines of width w.
func (m *model) renderScreen(w, h int) string {
	var lines []string
	switch m.scr {
	case scrGone:
		lines = m.goneLines(w)
	case scrLobby:
		lines = m.lobbyLines(w, h)
	case scrClaim, scrInvite:
		lines = m.titleLines(w)
	case scrWaiting:
		lines = m.waitingLines(w)
	case scrGate:
		lines = m.gateLines(w)
	case scrBoard:
		lines = m.boardLines(w, h)
	case scrPeople:
		if m.role == session.RoleFamily && m.closedNow {
			lines = m.boardLines(w, h)
		} else {
			lines = m.peopleLines(w, h)
		}
	}
	return strings.Join(block(lines, w, h), "\n")
}

// overlayBox is the box this client has open over the screen (help, a
// form, a question or a notice), as lines, or nil.
func (m *model) overlayBox(w, h int) []string {
	var box string
	switch {
	case m.showHelp && !(m.role == session.RoleFamily && m.closedNow):
		box = m.helpBox(w-2, h-2)
	case m.confirm != nil:
		// Before the form: a question about the form (discard what you
		// typed?) must be seen, not hidden behind it.
		q := strings.Join(wrapLines(m.confirm.question, max(10, min(w-6, 76))), "\n")
		box = m.sty.Box.Render(m.sty.Title.Render(q) + "\n\ny  yes    n  no")
	case m.form != nil:
		box = m.form.render(m.sty, w-2, h)
	case m.notice != nil:
		// Wrapped, never cut: a notice can hold a command to copy.
		var lines []string
		for _, l := range m.notice {
			lines = append(lines, wrapLines(l, max(10, w-6))...)
		}
		box = m.sty.Box.Render(strings.Join(lines, "\n") + "\n\n" + m.sty.Subtle.Render("enter or esc to close"))
	default:
		return nil
	}
	return strings.Split(box, "\n")
}

// statusBar is who you are, the last message or refusal, and the keys you
// may use now.
func (m *model) statusBar(w int) string {
	// The bar is drawn for this client alone on every frame; keep the last
	// one and redraw only when what it shows changes. The key is built
	// without allocating: every viewer checks it after every change.
	score := -1
	if m.room != nil && m.role != session.RoleNone {
		if r, ok := m.snap.OpenRound(); ok && r.State == session.RoundOpen {
			for _, sc := range r.Scores {
				if sc.AttendeeID == m.self.ID {
					score = sc.Value
				}
			}
		}
	}
	b := strconv.AppendInt(m.keyBuf[:0], int64(w), 10)
	b = append(append(append(b, 0), m.actor.Name...), 0)
	b = append(append(b, m.self.Name...), 0)
	b = append(b, m.role...)
	b = strconv.AppendInt(append(b, 0), int64(score), 10)
	b = append(append(append(b, 0), m.status...), 0)
	b = strconv.AppendBool(b, m.statusErr)
	b = strconv.AppendInt(append(b, 0), int64(m.profile), 10)
	b = strconv.AppendBool(append(b, 0), m.sty.dark)
	b = strconv.AppendInt(append(b, 0), int64(m.look.scheme), 10)
	for _, k := range m.keys.shortRefs() {
		if k.Enabled() {
			b = append(append(b, 0), k.Help().Key...)
		}
	}
	m.keyBuf = b
	if bytes.Equal(b, m.barKey) {
		return m.bar
	}
	m.barKey = append(m.barKey[:0], b...)
	m.bar = m.renderStatusBar(w, m.who(score))
	return m.bar
}

// who is the start of the status bar: name, role, and the score given in
// an open round (-1 for none).
func (m *model) who(score int) string {
	who := m.actor.Name
	if who == "" {
		who = m.self.Name // an admitted guest: the name they gave
	}
	if who == "" {
		who = "Guest"
	}
	if m.role != session.RoleNone {
		who += " · " + m.role.String()
	}
	if score >= 0 {
		who += " · your score " + strconv.Itoa(score) + " (sealed)"
	}
	return who
}

// renderStatusBar draws the status bar for statusBar.
func (m *model) renderStatusBar(w int, who string) string {
	left := " " + who + " "
	line := m.sty.Status.Render(left)
	if m.status != "" {
		st := m.sty.Notice
		if m.statusErr {
			st = m.sty.Refusal
		}
		line += st.Render(" " + m.status)
	}
	line = padRight(ansi.Truncate(line, w, "…"), w)
	m.help.SetWidth(w)
	hl := m.help.ShortHelpView(m.keys.ShortHelp())
	return line + "\n" + padRight(ansi.Truncate(hl, w, "…"), w)
}

// helpBox lists every key the role may use now, with bubbles' help
// model (which leaves out disabled keys), and what the markers mean.
func (m *model) helpBox(w, h int) string {
	m.help.SetWidth(max(20, min(w-4, 120)))
	out := []string{m.sty.Title.Render("Keys you can use now") + m.sty.Subtle.Render("  (? or esc to close)")}
	out = append(out, strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")...)
	out = append(out, "", m.sty.Subtle.Render("Markers: ● connected  ○ not connected  ◇ in the room  [R] restricted"),
		m.sty.Subtle.Render("▶ chair's step  › your selection  !! score 0-1 (high concern)"),
		m.sty.Subtle.Render("ctrl+t: display (light or dark, colour, high contrast or no colour)"))
	if len(out) > h-2 {
		out = out[:max(1, h-2)]
	}
	return m.sty.Box.Render(strings.Join(out, "\n"))
}

// block returns exactly h lines, each exactly w cells wide.
func block(lines []string, w, h int) []string {
	out := make([]string, h)
	for i := 0; i < h; i++ {
		s := ""
		if i < len(lines) {
			s = lines[i]
		}
		out[i] = padRight(ansi.Truncate(s, w, "…"), w)
	}
	return out
}

// padRight pads s with spaces to w cells, measured as the terminal will.
func padRight(s string, w int) string {
	if n := ansi.StringWidth(s); n < w {
		return s + strings.Repeat(" ", w-n)
	}
	return s
}

// wrapLines wraps plain text to w cells (wide characters count double).
func wrapLines(s string, w int) []string {
	if w < 1 {
		w = 1
	}
	return strings.Split(ansi.Wrap(s, w, ""), "\n")
}

// overlay centres box over base.
func overlay(base, box []string, w, h int) []string {
	bw := 0
	for _, l := range box {
		bw = max(bw, ansi.StringWidth(l))
	}
	if len(box) > h {
		box = box[:h]
	}
	bw = min(bw, w)
	top := max(0, (h-len(box))/2)
	left := max(0, (w-bw)/2)
	out := make([]string, len(base))
	copy(out, base)
	for i, l := range box {
		row := top + i
		if row >= len(out) {
			break
		}
		l = padRight(ansi.Truncate(l, bw, "…"), bw)
		prefix := ansi.Truncate(out[row], left, "")
		prefix = padRight(prefix, left)
		suffix := ansi.TruncateLeft(out[row], left+bw, "")
		out[row] = prefix + ansi.ResetStyle + l + ansi.ResetStyle + suffix
	}
	return out
}

func lower(s string) string { return strings.ToLower(s) }

func itoa(n int) string { return strconv.Itoa(n) }
