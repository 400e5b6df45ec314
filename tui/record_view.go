package tui

import (
	"fmt"
	"strings"

	"confer/session"
)

// mainLines is the board's main area: the step's panels, and under them
// what the record holds for the step on screen, when it holds anything.
func (m *model) mainLines(w, h int) []string {
	rec := m.recordLines(w, h/3)
	if len(rec) < 2 || h-len(rec) < 5 {
		return m.paneArea(w, h)
	}
	return append(block(m.paneArea(w, h-len(rec)), w, h-len(rec)), rec...)
}

// recordLines shows the record fields written for the step on screen, one
// line each, at most n lines. The snapshot is the viewer's own, so a
// family member never holds, let alone sees, what is withheld from them.
func (m *model) recordLines(w, n int) []string {
	i, ok := m.recordStep()
	if !ok || n < 2 {
		return nil
	}
	var body []string
	for _, f := range session.FieldsAt(m.snap.Agenda[i].Key) {
		note := m.recordedNote(f, i)
		if strings.TrimSpace(note.Text) == "" {
			continue
		}
		line := f.Title() + ": "
		if note.Restricted && m.role != session.RoleFamily {
			line = "[withheld from family] " + line
		}
		text := strings.Join(strings.Fields(note.Text), " ")
		body = append(body, clip(line+text, max(1, w)))
	}
	if m.snap.Agenda[i].Key == session.StepWelcome && len(m.snap.Details.Household) > 0 {
		var hs []string
		for _, hm := range m.snap.Details.Household {
			h := hm.Name
			if hm.Relationship != "" {
				h += " (" + hm.Relationship + ")"
			}
			if hm.Restricted && m.role != session.RoleFamily {
				h += " [withheld from family]"
			}
			hs = append(hs, h)
		}
		body = append(body, clip("Household: "+strings.Join(hs, ", "), max(1, w)))
	}
	if len(body) == 0 {
		return nil
	}
	head := m.sty.Heading.Render(fmt.Sprintf("Record for step %d", i+1))
	if len(body) > n-1 {
		body = append(body[:n-2], m.sty.Subtle.Render(fmt.Sprintf("… %d more (w shows all)", len(body)-(n-2))))
	}
	return append([]string{head}, body...)
}

// recordStateLine says, after the end, where the record is: a draft or
// approved, and which version. Everyone admitted sees it; the chair is
// told how to approve.
func (m *model) recordStateLine() string {
	c := m.snap.Conference
	if c == nil || c.Ended.IsZero() {
		return ""
	}
	v := c.Record.Version()
	s := fmt.Sprintf("Record: draft, version %d", v)
	if c.Status() == session.RecordApproved {
		s = fmt.Sprintf("Record: approved, version %d", v)
		if a, ok := c.LastApproval(); ok {
			s += " on " + day(a.At)
		}
	} else if m.keys.Approve.Enabled() {
		s += " · Y to approve"
	}
	if m.keys.Write.Enabled() {
		s += " · w to amend"
	}
	return s
}
