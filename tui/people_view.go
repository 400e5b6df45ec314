package tui

import (
	"fmt"
	"strings"

	"confer/session"
)

// peopleRows are the selectable rows of the People screen: attendees, then
// guests waiting (the chair's snapshot only has guests).
type peopleRow struct {
	att   *session.Attendee
	guest *session.Guest
}

func (m *model) peopleRows() []peopleRow {
	var out []peopleRow
	for i := range m.snap.Attendees {
		if !m.snap.Attendees[i].Removed {
			out = append(out, peopleRow{att: &m.snap.Attendees[i]})
		}
	}
	if m.role == session.RoleChair {
		for i := range m.snap.Guests {
			if m.snap.Guests[i].Status == session.GuestWaiting {
				out = append(out, peopleRow{guest: &m.snap.Guests[i]})
			}
		}
	}
	return out
}

func (m *model) peopleLines(w, h int) []string {
	header := m.headerLines(w)
	out := append(header, "", m.sty.Title.Render("People")+m.sty.Subtle.Render("  (esc to go back to the board)"), m.quorumLine())
	rows := m.peopleRows()
	var entries [][]string
	for i, r := range rows {
		mark := "  "
		if i == m.peopleI {
			mark = "› "
		}
		var line string
		if r.att != nil {
			a := r.att
			where := "remote"
			if !a.Remote {
				where = "in room"
			}
			line = fmt.Sprintf("%s%s %s · %s · %s · %s · %s · report %s/shared %s", mark, m.presenceMark(*a), a.Name,
				a.Role.String(), orDash(a.Agency), a.Attendance, where, yesNo(a.ReportSubmitted), yesNo(a.ReportShared))
			if a.Relationship != "" {
				line += " · " + a.Relationship
			}
			if m.snap.ExcludedNow(a.ID) && m.role != session.RoleFamily {
				// First, where the eye starts: the chair must not forget.
				line = mark + "EXCLUDED for now: " + line[len(mark):]
			}
			if a.Notes != "" {
				line += " · notes: " + strings.Join(strings.Fields(a.Notes), " ")
				if a.NotesRestricted {
					line += " [R]"
				}
			}
		} else {
			g := r.guest
			line = fmt.Sprintf("%sWAITING %s · %s · key %s · since %s", mark, g.Name, guestKind(*g), g.Fingerprint, clock(g.At))
		}
		lines := wrapLines(line, w)
		if i == m.peopleI {
			for j := range lines {
				lines[j] = m.sty.Selected.Render(padRight(lines[j], w))
			}
		}
		entries = append(entries, lines)
	}
	avail := h - len(out)
	// Scroll so the chosen row is in view.
	var flat []string
	for i, e := range entries {
		if i == m.peopleI {
			if end := len(flat) + len(e); end > avail {
				flat = flat[end-avail:]
			}
		}
		flat = append(flat, e...)
	}
	return append(out, flat...)
}
