package tui

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"confer/session"
)

// ukTime is where the conferences happen; times are kept in UTC.
var ukTime = session.London

func clock(t time.Time) string { return t.In(ukTime).Format("15:04") }
func day(t time.Time) string   { return t.In(ukTime).Format("Mon 2 Jan 2006") }

// boardLines draws the whiteboard.
func (m *model) boardLines(w, h int) []string {
	if m.role == session.RoleFamily && m.closedNow {
		// Nothing else at all while the family is excluded.
		out := make([]string, h/2-1)
		msg := "Closed segment in progress"
		sub := "The chair will bring you back when it ends. Please stay connected."
		if m.snap.ExcludedNow(m.self.ID) {
			// Their own view says so (session keeps their own exclusion in
			// it, without the chair's words); nothing recorded meanwhile.
			msg = "You are excluded from this part of the conference for now"
			sub = "The chair will bring you back. Please stay connected."
		}
		out = append(out, strings.Repeat(" ", max(0, (w-ansi.StringWidth(msg))/2))+m.sty.Banner.Render(msg))
		out = append(out, "", strings.Repeat(" ", max(0, (w-ansi.StringWidth(sub))/2))+sub)
		return out
	}
	header := m.headerLines(w)
	bh := max(1, h-len(header))
	var body []string
	if w >= 72 {
		sw := min(max(w/4, 24), 36)
		side := block(m.sidebarLines(sw, bh), sw, bh)
		main := block(m.mainLines(w-sw-1, bh), w-sw-1, bh)
		body = make([]string, bh)
		sep := m.sty.Subtle.Render("│")
		for i := range body {
			body[i] = side[i] + sep + main[i]
		}
	} else {
		top := m.compactPresence(w)
		body = append(top, m.mainLines(w, bh-len(top))...)
	}
	return append(header, body...)
}

func (m *model) headerLines(w int) []string {
	c := m.snap
	l1 := m.sty.Title.Render(c.Type.String())
	if c.Title != "" {
		l1 += m.sty.Title.Render(" · " + c.Title)
	}
	l1 += m.sty.Subtle.Render(" · " + c.Date.Format("2 Jan 2006"))
	if c.Venue != "" {
		l1 += m.sty.Subtle.Render(" · " + c.Venue)
	}
	var kids []string
	for _, ch := range c.Children {
		k := ch.Name
		if !ch.DOB.IsZero() {
			k += " (b. " + ch.DOB.Format("2006-01-02") + ")"
		}
		kids = append(kids, k)
	}
	l2 := "Children: " + strings.Join(kids, ", ")
	var l3 string
	switch {
	case c.Step < 0 || c.Step >= len(c.Agenda):
		l3 = m.sty.Current.Render("Not started: the chair will begin the agenda")
	default:
		l3 = m.sty.Current.Render(fmt.Sprintf("▶ Step %d/%d: %s", c.Step+1, len(c.Agenda), c.Agenda[c.Step].Title))
	}
	if !m.follow && m.browse != c.Step && m.browse >= 0 && m.browse < len(c.Agenda) {
		l3 += m.sty.Browsing.Render(fmt.Sprintf("  · you are viewing %d/%d: %s (f to follow)", m.browse+1, len(c.Agenda), c.Agenda[m.browse].Title))
	}
	out := []string{l1, l2, l3}
	if !c.Ended.IsZero() {
		out = append(out, m.sty.Banner.Render(" ■ This conference ended at "+clock(c.Ended)+"; its record can only be amended now. "))
		out = append(out, m.sty.Subtle.Render(m.recordStateLine()))
	} else if !c.ChairConnected() {
		out = append(out, m.sty.Banner.Render(" ⚠ Chair disconnected: the conference waits until the chair reconnects. "))
	}
	if m.closedNow && m.role != session.RoleFamily {
		out = append(out, m.sty.Banner.Render(" ■ CLOSED SEGMENT in progress: family viewers excluded; what is recorded now is withheld from them. "))
	}
	if m.role != session.RoleFamily {
		for _, e := range c.Exclusions {
			if e.Ended.IsZero() {
				out = append(out, m.sty.Banner.Render(" ■ "+m.attendeeName(e.AttendeeID)+
					" is EXCLUDED for now: what is recorded is withheld from them. "))
			}
		}
	}
	if m.role == session.RoleChair && m.follow && c.Step >= 0 && c.Step < len(c.Agenda) && c.Agenda[c.Step].Prompt != "" {
		// Wrapped, not cut: the chair reads all of it at 80 columns.
		for _, l := range wrapLines("Prompt: "+c.Agenda[c.Step].Prompt, w) {
			out = append(out, m.sty.Subtle.Render(l))
		}
	}
	return out
}

// quorumLine is the live quorum indicator, never colour alone.
func (m *model) quorumLine() string {
	q := m.snap.Quorum()
	if q.Met {
		return m.sty.Met.Render("Quorum: met")
	}
	s := m.sty.NotMet.Render("Quorum: NOT met (needs social care + 2 agencies)")
	if m.snap.InquorateReason != "" {
		s += m.sty.Subtle.Render(" · going ahead: " + m.snap.InquorateReason)
	}
	return s
}

// presenceMark is the text marker for whether someone is here.
func (m *model) presenceMark(a session.Attendee) string {
	switch {
	case m.snap.IsConnected(a.ID):
		return m.sty.Connected.Render("●")
	case !a.Remote && a.PersonID == "" && a.Fingerprint == "":
		return "◇" // in the room, without a terminal
	}
	return m.sty.Away.Render("○")
}

func shortRole(r session.Role) string {
	if r == session.RoleMinuteTaker {
		return "Minutes"
	}
	return r.String()
}

func (m *model) personLine(a session.Attendee) string {
	s := m.presenceMark(a) + " " + a.Name + m.sty.Subtle.Render(" · "+shortRole(a.Role))
	if a.Agency != "" {
		s += m.sty.Subtle.Render(", " + a.Agency)
	}
	if a.Attendance != session.Present {
		s += m.sty.Subtle.Render(" (" + string(a.Attendance) + ")")
	}
	return s
}

func (m *model) sidebarLines(w, h int) []string {
	c := m.snap
	var out []string
	agendaH := min(len(c.Agenda)+1, max(4, h*2/5))
	out = append(out, m.sty.Heading.Render("Agenda"))
	vs := m.viewStep()
	n := agendaH - 1
	start := 0
	if len(c.Agenda) > n {
		start = min(max(0, max(vs, 0)-n/2), len(c.Agenda)-n)
	}
	for i := start; i < len(c.Agenda) && i < start+n; i++ {
		s := c.Agenda[i]
		mark := "  "
		switch {
		case i == c.Step:
			mark = "▶ "
		case i == vs:
			mark = "› "
		case !s.Started.IsZero():
			mark = "✓ "
		}
		suffix := ""
		switch {
		case i == c.Step && !s.Entered.IsZero():
			suffix = " " + clock(s.Entered)
		case s.Spent > 0:
			suffix = fmt.Sprintf(" %dm", int(s.Spent.Round(time.Minute)/time.Minute))
		}
		title := fmt.Sprintf("%s%d %s", mark, i+1, s.Title)
		title = padRight(ansi.Truncate(title, w-ansi.StringWidth(suffix), "…"), w-ansi.StringWidth(suffix))
		// Styled before the suffix is added: a style laid over text that
		// is already styled splits its escape sequences, and the terminal
		// gets a lone ESC.
		switch {
		case i == c.Step:
			title = m.sty.Current.Render(title)
		case i == vs:
			title = m.sty.Browsing.Render(title)
		}
		out = append(out, title+m.sty.Subtle.Render(suffix))
	}
	out = append(out, "", m.sty.Heading.Render("People"))
	out = append(out, wrapLines(m.quorumLine(), w)...)
	var people []session.Attendee
	for _, a := range c.Attendees {
		if !a.Removed {
			people = append(people, a)
		}
	}
	waiting := 0
	if m.role == session.RoleChair {
		for _, g := range c.Guests {
			if g.Status == session.GuestWaiting {
				waiting++
			}
		}
	}
	room := h - len(out)
	if waiting > 0 {
		room--
	}
	for i, a := range people {
		if i == room-1 && len(people) > room {
			out = append(out, m.sty.Subtle.Render(fmt.Sprintf("+%d more (P for people)", len(people)-i)))
			break
		}
		out = append(out, m.personLine(a))
	}
	if waiting > 0 {
		out = append(out, m.sty.Banner.Render(fmt.Sprintf("%d guest(s) waiting: P", waiting)))
	}
	return out
}

// compactPresence is the people list for narrow terminals: a couple of
// lines above the board.
func (m *model) compactPresence(w int) []string {
	var parts []string
	for _, a := range m.snap.Attendees {
		if !a.Removed {
			parts = append(parts, m.presenceMark(a)+" "+a.Name+" ("+shortRole(a.Role)+")")
		}
	}
	lines := wrapLines(strings.Join(parts, "  "), w)
	if len(lines) > 2 {
		lines = lines[:2]
		lines[1] = ansi.Truncate(lines[1], w-12, "…") + " (P: all)"
	}
	return append([]string{m.quorumLine()}, lines...)
}

// mainLines lays the step's panels out: columns when wide, stacked when
// narrow, and one panel with a tab strip when there is no room for all.
// paneArea lays out the step's panels in w×h.
func (m *model) paneArea(w, h int) []string {
	ps := m.panes()
	if h < 2 {
		return nil
	}
	const minColW, minPaneH = 38, 5
	n := len(ps)
	cols := min(n, max(1, w/minColW))
	rows := (n + cols - 1) / cols
	if h/rows >= minPaneH {
		cw := (w - (cols - 1)) / cols
		out := make([]string, 0, h)
		for r := 0; r < rows; r++ {
			ph := h / rows
			if r == rows-1 {
				ph = h - ph*(rows-1)
			}
			var cells [][]string
			for c := 0; c < cols; c++ {
				i := r*cols + c
				width := cw
				if c == cols-1 {
					width = w - cw*(cols-1) - (cols - 1)
				}
				if i < n {
					cells = append(cells, block(m.paneLines(ps[i], i == m.focus, width, ph), width, ph))
				} else {
					cells = append(cells, block(nil, width, ph))
				}
			}
			sep := m.sty.Subtle.Render("│")
			for y := 0; y < ph; y++ {
				var row []string
				for _, cell := range cells {
					row = append(row, cell[y])
				}
				out = append(out, strings.Join(row, sep))
			}
		}
		return out
	}
	// Tab strip: every panel named with its count; the focused one shown.
	var tabs []string
	for i, p := range ps {
		t, recs := m.paneTitle(p), len(m.paneRecords(p))
		label := fmt.Sprintf("%s %d", shortTitle(t), recs)
		if i == m.focus {
			label = m.sty.HeadingOn.Render("[" + label + "]")
		} else {
			label = m.sty.Subtle.Render(" " + label + " ")
		}
		tabs = append(tabs, label)
	}
	strip := strings.Join(tabs, "")
	// Keep the focused tab visible on narrow screens.
	for i := 0; i < m.focus && ansi.StringWidth(strip) > w; i++ {
		tabs = tabs[1:]
		strip = "…" + strings.Join(tabs, "")
	}
	out := []string{strip}
	return append(out, m.paneLines(ps[min(m.focus, n-1)], true, w, h-1)...)
}
