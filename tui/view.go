package tui

import (
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
	w, h := m.w, m.h
	if w < minWidth || h < minHeight {
		msg := fmt.Sprintf("Window too small (%dx%d). confer needs at least %dx%d: please enlarge the window.", w, h, minWidth, minHeight)
		if w <= 0 || h <= 0 {
			return ""
		}
		return strings.Join(block(wrapLines(msg, max(1, w)), w, h), "\n")
	}
	m.syncMode()
	const statusH = 2
	bh := h - statusH
	var body string
	if key, ok := m.frameKey(w, bh); ok && m.o.Frames != nil {
		body = m.o.Frames.frame(key, func() string { return m.renderScreen(w, bh) })
	} else {
		body = m.renderScreen(w, bh)
	}
	if box := m.overlayBox(w, bh); box != nil {
		body = strings.Join(overlay(strings.Split(body, "\n"), box, w, bh), "\n")
	}
	return body + "\n" + m.statusBar(w)
}

// frameKey is everything the screen beneath any box depends on. Only the
// board and people screens are shared. Boxes drawn over them (a form with
// typed text, a notice that may hold an invite code, a question, help) are
// laid on per client after the shared screen is fetched, so nothing typed
// or private ever enters the shared cache; so is the status bar (who you
// are, your last message).
func (m *model) frameKey(w, h int) (string, bool) {
	if m.room == nil || (m.scr != scrBoard && m.scr != scrPeople) {
		return "", false
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%d|%dx%d|%s|%d|%t|%d|f%d|b%d,%t|p%d", m.room.ID(), m.snap.Version, w, h, m.role,
		m.profile, m.dark, m.scr, m.focus, m.browse, m.follow, m.peopleI)
	keys := make([]string, 0, len(m.cursor))
	for k := range m.cursor {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "|%s=%d", k, m.cursor[k])
	}
	return b.String(), true
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
	case m.form != nil:
		box = m.form.render(&m.sty, w-2, h)
	case m.confirm != nil:
		box = m.sty.Box.Render(m.sty.Title.Render(m.confirm.question) + "\n\ny  yes    n  no")
	case m.notice != nil:
		box = m.sty.Box.Render(strings.Join(m.notice, "\n") + "\n\n" + m.sty.Subtle.Render("enter or esc to close"))
	default:
		return nil
	}
	return strings.Split(box, "\n")
}

// statusBar is who you are, the last message or refusal, and the keys you
// may use now.
func (m *model) statusBar(w int) string {
	who := m.actor.Name
	if who == "" {
		who = "Guest"
	}
	if m.role != session.RoleNone {
		who += " · " + m.role.String()
	}
	if m.room != nil && m.role != session.RoleNone {
		if r, ok := m.snap.OpenRound(); ok && r.State == session.RoundOpen {
			for _, sc := range r.Scores {
				if sc.AttendeeID == m.self.ID {
					who += " · your score " + strconv.Itoa(sc.Value) + " (sealed)"
				}
			}
		}
	}
	// The bar is drawn for this client alone on every frame; keep the last
	// one and redraw only when what it shows changes.
	var key strings.Builder
	fmt.Fprintf(&key, "%d\x00%s\x00%s\x00%t\x00%d\x00%t\x00", w, who, m.status, m.statusErr, m.profile, m.dark)
	for _, b := range m.keys.ShortHelp() {
		if b.Enabled() {
			key.WriteString(b.Help().Key)
			key.WriteByte(0)
		}
	}
	if key.String() == m.barKey {
		return m.bar
	}
	m.barKey = key.String()
	m.bar = m.renderStatusBar(w, who)
	return m.bar
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

// helpBox lists every key the role may use now.
func (m *model) helpBox(w, h int) string {
	var entries []string
	for _, g := range m.keys.FullHelp() {
		for _, b := range g {
			if !b.Enabled() {
				continue
			}
			entries = append(entries, fmt.Sprintf("%-10s %s", b.Help().Key, b.Help().Desc))
		}
	}
	colW := 28
	inner := max(colW, min(w-4, 120))
	cols := max(1, inner/colW)
	rows := (len(entries) + cols - 1) / cols
	var out []string
	out = append(out, m.sty.Title.Render("Keys you can use now")+m.sty.Subtle.Render("  (? or esc to close)"))
	for r := 0; r < rows; r++ {
		var line string
		for c := 0; c < cols; c++ {
			i := c*rows + r
			if i < len(entries) {
				line += padRight(ansi.Truncate(entries[i], colW-1, "…"), colW)
			}
		}
		out = append(out, line)
	}
	out = append(out, "", m.sty.Subtle.Render("Markers: ● connected  ○ not connected  ◇ in the room  [R] restricted"),
		m.sty.Subtle.Render("▶ chair's step  › your selection  !! score 0-1 (high concern)"))
	if len(out) > h-2 {
		out = out[:max(1, h-2)]
	}
	return m.sty.Box.Render(strings.Join(out, "\n"))
}

// ---- layout helpers ----

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
