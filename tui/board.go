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

// paneKind is what a board panel shows.
type paneKind int

const (
	pItems      paneKind = iota // one board section
	pDanger                     // danger statements with their paired goals
	pScaling                    // the scaling round
	pDecision                   // recommendations, decision, dissent
	pActions                    // this plan's actions
	pProgress                   // the previous plan's actions (review)
	pPlanInfo                   // core group, lead social worker, dates
	pAttendance                 // attendance and quorum
	pReports                    // reports received
)

// pane is one panel of the board.
type pane struct {
	kind paneKind
	sec  session.Section
}

func (p pane) key() string {
	if p.kind == pItems {
		return string(p.sec)
	}
	return [...]string{"", "danger", "scaling", "decision", "actions", "progress", "plan", "attendance", "reports"}[p.kind]
}

// selectable reports whether the pane's entries are things one acts on
// (items, actions) rather than lines to scroll.
func (p pane) selectable() bool {
	return p.kind == pItems || p.kind == pDanger || p.kind == pActions || p.kind == pProgress
}

func items(secs ...session.Section) []pane {
	out := make([]pane, len(secs))
	for i, s := range secs {
		out[i] = pane{kind: pItems, sec: s}
	}
	return out
}

// panesFor picks the panels for an agenda step: the step's key says which
// parts of the board matter now; other steps show every section.
func panesFor(stepKey string) []pane {
	switch stepKey {
	case session.StepWorries:
		return items(session.Harm, session.Worries)
	case session.StepConcerns:
		return items(session.Harm, session.Worries, session.Complicating)
	case session.StepWorking:
		return items(session.Strengths, session.ExistingSafety)
	case session.StepComplicat:
		return items(session.Complicating, session.GreyAreas)
	case session.StepFamily:
		return items(session.FamilyViews, session.ChildViews)
	case session.StepDanger:
		return []pane{{kind: pDanger, sec: session.DangerStatements}, {kind: pItems, sec: session.SafetyGoals}}
	case session.StepScaling:
		return []pane{{kind: pScaling}, {kind: pDanger, sec: session.DangerStatements}}
	case session.StepDecision:
		return []pane{{kind: pDecision}}
	case session.StepPlan:
		return []pane{{kind: pItems, sec: session.SafetyGoals}, {kind: pActions}, {kind: pPlanInfo}}
	case session.StepDates:
		return []pane{{kind: pPlanInfo}, {kind: pActions}}
	case session.StepAttend:
		return []pane{{kind: pAttendance}}
	case session.StepReports:
		return []pane{{kind: pReports}}
	case session.StepProgress:
		return []pane{{kind: pProgress}, {kind: pActions}}
	}
	out := items(session.Sections...)
	out[8] = pane{kind: pDanger, sec: session.DangerStatements}
	return out
}

// viewStep is the agenda step this client looks at: the chair's, or the
// one it browses.
func (m *model) viewStep() int {
	if m.follow {
		return m.snap.Step
	}
	return m.browse
}

func (m *model) panes() []pane {
	key := ""
	if i := m.viewStep(); i >= 0 && i < len(m.snap.Agenda) {
		key = m.snap.Agenda[i].Key
	}
	return panesFor(key)
}

func (m *model) focusedPane() pane {
	ps := m.panes()
	return ps[min(m.focus, len(ps)-1)]
}

// clampCursors keeps the focus and selections inside what exists now: items
// can vanish under a client when someone else deletes them.
func (m *model) clampCursors() {
	if m.snap.Conference == nil {
		return
	}
	if !m.follow && (m.browse < 0 || m.browse >= len(m.snap.Agenda)) {
		m.follow = true
	}
	ps := m.panes()
	if m.focus >= len(ps) {
		m.focus = 0
	}
	for _, p := range ps {
		if !p.selectable() {
			continue
		}
		n := m.paneLen(p)
		if c := m.cursor[p.key()]; c >= n {
			m.cursor[p.key()] = max(0, n-1)
		}
	}
}

// boardLines draws the whiteboard.
func (m *model) boardLines(w, h int) []string {
	if m.role == session.RoleFamily && m.closedNow {
		// Nothing else at all while the family is excluded.
		out := make([]string, h/2-1)
		msg := "Closed segment in progress"
		out = append(out, strings.Repeat(" ", max(0, (w-ansi.StringWidth(msg))/2))+m.sty.Banner.Render(msg))
		sub := "The chair will bring you back when it ends. Please stay connected."
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
		out = append(out, m.sty.Banner.Render(" ■ This conference ended at "+clock(c.Ended)+"; nothing more can be recorded. "))
	} else if !c.ChairConnected() {
		out = append(out, m.sty.Banner.Render(" ⚠ Chair disconnected: the conference waits until the chair reconnects. "))
	}
	if m.closedNow && m.role != session.RoleFamily {
		out = append(out, m.sty.Banner.Render(" ■ CLOSED SEGMENT in progress: family viewers excluded; what is recorded now is withheld from them. "))
	}
	if m.role == session.RoleChair && m.follow && c.Step >= 0 && c.Step < len(c.Agenda) && c.Agenda[c.Step].Prompt != "" {
		out = append(out, m.sty.Subtle.Render("Prompt: "+c.Agenda[c.Step].Prompt))
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
	case a.PersonID == "" && a.Fingerprint == "":
		return "◇"
	case m.snap.IsConnected(a.ID):
		return m.sty.Connected.Render("●")
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
		title = ansi.Truncate(title, w-ansi.StringWidth(suffix), "…")
		line := padRight(title, w-ansi.StringWidth(suffix)) + m.sty.Subtle.Render(suffix)
		switch {
		case i == c.Step:
			line = m.sty.Current.Render(line)
		case i == vs:
			line = m.sty.Browsing.Render(line)
		}
		out = append(out, line)
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
func (m *model) mainLines(w, h int) []string {
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

// record is one selectable thing in a pane: a board item or an action.
type record struct {
	item   session.Item
	action session.Action
}

// paneLen is len(m.paneRecords(p)), counted without collecting them:
// every viewer checks its cursors after every change.
func (m *model) paneLen(p pane) int {
	n := 0
	switch p.kind {
	case pItems, pDanger:
		for _, it := range m.snap.Items {
			if it.Section == p.sec {
				n++
			}
		}
	case pActions, pProgress:
		for _, a := range m.snap.Actions {
			if a.FromPrevious == (p.kind == pProgress) {
				n++
			}
		}
	}
	return n
}

// paneRecords lists what a selectable pane holds, in order.
func (m *model) paneRecords(p pane) []record {
	var out []record
	switch p.kind {
	case pItems, pDanger:
		for _, it := range m.snap.Items {
			if it.Section == p.sec {
				out = append(out, record{item: it})
			}
		}
	case pActions, pProgress:
		for _, a := range m.snap.Actions {
			if a.FromPrevious == (p.kind == pProgress) {
				out = append(out, record{action: a})
			}
		}
	}
	return out
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
			mk, text := m.itemText(r.item)
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
