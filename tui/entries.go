package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"confer/session"
)

func shortTitle(t string) string {
	if i := strings.Index(t, " ("); i > 0 {
		return t[:i]
	}
	return t
}

func (m *model) paneTitle(p pane) string {
	switch p.kind {
	case pItems, pDanger:
		return p.sec.Title()
	case pScaling:
		return "Scaling"
	case pDecision:
		return "Recommendations and decision"
	case pActions:
		return "Actions"
	case pProgress:
		return "Progress against the previous plan"
	case pPlanInfo:
		return "Core group and dates"
	case pAttendance:
		return "Attendance"
	case pReports:
		return "Reports received"
	}
	return ""
}

// paneLines draws one panel: a heading, then its entries scrolled so the
// selection (or the scroll offset) is in view.
func (m *model) paneLines(p pane, focused bool, w, h int) []string {
	title := m.paneTitle(p)
	var entries [][]string
	if p.selectable() {
		title += fmt.Sprintf(" (%d)", len(m.paneRecords(p)))
		entries = m.recordEntries(p, focused, w)
	} else {
		for _, l := range m.infoLines(p, w-2) {
			entries = append(entries, []string{"  " + l})
		}
	}
	head := "  " + title
	if focused {
		head = m.sty.HeadingOn.Render("▸ " + title)
	} else {
		head = m.sty.Heading.Render(head)
	}
	if p.kind == pItems || p.kind == pDanger {
		if n := m.snap.Withheld[string(p.sec)]; n > 0 {
			head += m.sty.Subtle.Render(fmt.Sprintf(" · %d withheld", n))
		}
	}
	out := []string{head}
	avail := h - 1
	if len(entries) == 0 {
		return append(out, m.sty.Subtle.Render("  (nothing yet)"))
	}
	var flat []string
	starts := make([]int, len(entries))
	for i, e := range entries {
		starts[i] = len(flat)
		flat = append(flat, e...)
	}
	cur := m.cursor[p.key()]
	start := 0
	if p.selectable() {
		cur = min(max(cur, 0), len(entries)-1)
		end := starts[cur] + len(entries[cur])
		if end > avail {
			start = min(end-avail, starts[cur])
		}
	} else {
		start = min(max(cur, 0), max(0, len(flat)-avail))
	}
	vis := flat[start:]
	if len(vis) > avail {
		vis = vis[:avail]
		if avail > 1 {
			vis[avail-1] = m.sty.Subtle.Render(fmt.Sprintf("  ↓ %d more lines", len(flat)-start-avail+1))
		}
	}
	if start > 0 && len(vis) > 1 && !(p.selectable() && starts[cur] == start) {
		vis[0] = m.sty.Subtle.Render(fmt.Sprintf("  ↑ %d more lines", start+1))
	}
	return append(out, vis...)
}

func (m *model) childName(id string) string {
	if ch, ok := m.snap.Child(id); ok {
		return ch.Name
	}
	return id
}

func (m *model) attendeeName(id string) string {
	if a, ok := m.snap.Attendee(id); ok {
		return a.Name
	}
	return id
}

func (m *model) sectionStyle(s session.Section) func(string) string {
	switch s {
	case session.Harm, session.Worries, session.DangerStatements, session.Complicating:
		return func(x string) string { return m.sty.Worry.Render(x) }
	case session.Strengths, session.ExistingSafety, session.SafetyGoals:
		return func(x string) string { return m.sty.Strength.Render(x) }
	}
	return func(x string) string { return x }
}

// itemText is an item as one string with its text markers.
func (m *model) itemText(it session.Item) (markers, text string) {
	var mk []string
	if it.Restricted {
		mk = append(mk, "[R]")
	}
	if it.Closed {
		mk = append(mk, "[CS]")
	}
	if it.Tag != session.TagNone {
		mk = append(mk, "("+string(it.Tag)+")")
	}
	if it.ChildID != "" && len(m.snap.Children) > 1 {
		mk = append(mk, "["+m.childName(it.ChildID)+"]")
	}
	text = it.Text
	if it.Attribution != "" {
		text += " — " + it.Attribution
	}
	return strings.Join(mk, " "), text
}

// wrapEntry wraps one entry: a first-line lead, the markers and text, and
// indented continuation lines.
func wrapEntry(lead, markers, text string, w int) []string {
	body := text
	if markers != "" {
		body = markers + " " + text
	}
	lines := wrapLines(body, max(4, w-ansi.StringWidth(lead)))
	pad := strings.Repeat(" ", ansi.StringWidth(lead))
	for i := range lines {
		if i == 0 {
			lines[i] = lead + lines[i]
		} else {
			lines[i] = pad + lines[i]
		}
	}
	return lines
}

func (m *model) recordEntries(p pane, focused bool, w int) [][]string {
	return m.groupEntries(p, focused, w, m.paneRecords(p))
}

// groupEntries returns one entry (its wrapped lines) per record.
func (m *model) groupEntries(p pane, focused bool, w int, recs []record) [][]string {
	cur := m.cursor[p.key()]
	out := make([][]string, 0, len(recs))
	for i, r := range recs {
		sel := focused && i == cur
		mark := "  "
		if sel {
			mark = "› "
		}
		var lines []string
		switch p.kind {
		case pItems, pDanger:
			mk, text := m.itemText(*r.item)
			lines = wrapEntry(mark+"• ", mk, text, w)
			if p.kind == pDanger {
				for _, g := range m.snap.GoalsFor(r.item.ID) {
					gm, gt := m.itemText(g)
					lines = append(lines, wrapEntry("    ↳ Safety goal: ", gm, gt, w)...)
				}
			}
			if !sel {
				style := m.sectionStyle(r.item.Section)
				lines[0] = strings.Replace(lines[0], "• ", style("• "), 1)
			}
		case pActions, pProgress:
			a := r.action
			mk := "[" + string(a.Status) + "]"
			if a.Restricted {
				mk = "[R] " + mk
			}
			lines = wrapEntry(mark, mk, fmt.Sprintf("%s — %s, due %s", a.What, a.Owner, a.Due.Format("2006-01-02")), w)
		}
		for j := range lines {
			if sel {
				lines[j] = m.sty.Selected.Render(padRight(lines[j], w))
			} else {
				lines[j] = m.styleMarkers(lines[j])
			}
		}
		out = append(out, lines)
	}
	return out
}

// styleMarkers emphasises the restricted marker; the text marker stays.
func (m *model) styleMarkers(s string) string {
	return strings.Replace(s, "[R]", m.sty.Restricted.Render("[R]"), 1)
}
