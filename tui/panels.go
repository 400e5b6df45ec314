package tui

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"confer/session"
)

// infoLines draws the panels that are read rather than edited item by
// item, wrapped to w.
func (m *model) infoLines(p pane, w int) []string {
	switch p.kind {
	case pScaling:
		return m.scalingLines(w)
	case pDecision:
		return m.decisionLines(w)
	case pPlanInfo:
		return m.planInfoLines(w)
	case pAttendance:
		return m.attendanceLines(w)
	case pReports:
		return m.reportLines(w)
	}
	return nil
}

// scorers are the people expected to score: everyone admitted and present.
func (m *model) scorers() []session.Attendee {
	var out []session.Attendee
	for _, a := range m.snap.Attendees {
		if !a.Removed && a.Attendance == session.Present && a.Role != session.RoleNone {
			out = append(out, a)
		}
	}
	return out
}

// currentRound is the open round, or else the most recent one.
func (m *model) currentRound() (session.ScalingRound, bool) {
	if r, ok := m.snap.OpenRound(); ok {
		return r, true
	}
	if n := len(m.snap.Rounds); n > 0 {
		return m.snap.Rounds[n-1], true
	}
	return session.ScalingRound{}, false
}

func fnum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// scalingLines shows the round: while sealed, only who has scored (to
// everyone, the chair included); once revealed, every score and reason,
// the spread, a text chart and the previous conference's figures.
func (m *model) scalingLines(w int) []string {
	r, ok := m.currentRound()
	if !ok {
		out := []string{"No scaling round yet."}
		if m.role == session.RoleChair {
			out = append(out, "Press o to open one.")
		}
		return out
	}
	var out []string
	state := map[session.RoundState]string{session.RoundOpen: "OPEN · scores sealed",
		session.RoundRevealed: "REVEALED", session.RoundClosed: "CLOSED"}[r.State]
	out = append(out, m.sty.Heading.Render(fmt.Sprintf("Round %d for %s · %s", m.roundNumber(r.ID), m.childName(r.ChildID), state)))
	if r.DangerID != "" {
		if d, ok := m.snap.Item(r.DangerID); ok {
			out = append(out, wrapLines("About: "+d.Text, w)...)
		}
	}
	if r.State == session.RoundOpen {
		scored := map[string]bool{}
		for _, s := range r.Scores {
			scored[s.AttendeeID] = true
		}
		people := m.scorers()
		n := 0
		for _, a := range people {
			if scored[a.ID] {
				n++
				out = append(out, m.sty.Connected.Render("✓ scored  ")+a.Name)
			} else {
				out = append(out, m.sty.Sealed.Render("… waiting ")+a.Name)
			}
		}
		out = append(out, m.sty.Sealed.Render(fmt.Sprintf("%d of %d have scored. Scores stay sealed until the chair reveals them.", n, len(people))))
		if m.role != session.RoleNone {
			out = append(out, m.sty.Subtle.Render("Press s to give or change your score."))
		}
		out = append(out, "")
		out = append(out, wrapLines(r.Question, w)...)
		return wrapAll(out, w)
	}
	nameW := 4
	for _, s := range r.Scores {
		nameW = max(nameW, min(24, ansi.StringWidth(m.attendeeName(s.AttendeeID))))
	}
	out = append(out, m.sty.Heading.Render(padRight("Name", nameW)+"  Score  Reason"))
	for _, s := range r.Scores {
		score := fmt.Sprintf("%5d", s.Value)
		if s.Value <= 1 {
			score = m.sty.LowScore.Render(score + " !! high concern")
		}
		name := padRight(ansi.Truncate(m.attendeeName(s.AttendeeID), nameW, "…"), nameW)
		out = append(out, name+"  "+score)
		reason := s.Reason
		if s.ReasonRestricted && reason != "" {
			reason = "[R] " + reason
		}
		for _, l := range wrapLines(reason, max(8, w-4)) {
			out = append(out, "    "+m.sty.Subtle.Render(l))
		}
	}
	lo, med, hi, n := r.Spread()
	out = append(out, "", fmt.Sprintf("Spread: min %s · median %s · max %s (%d scores)", fnum(lo), fnum(med), fnum(hi), n))
	out = append(out, scoreChart(r.Scores, m)...)
	out = append(out, "")
	out = append(out, wrapLines(r.Question, w)...)
	if prev := m.snap.Previous; prev != nil {
		for _, pr := range prev.Rounds {
			if pr.ChildID != r.ChildID {
				continue
			}
			out = append(out, "", fmt.Sprintf("Previous conference (%s): min %s · median %s · max %s (%d scores)",
				prev.Date.Format("2 Jan 2006"), fnum(pr.Min), fnum(pr.Median), fnum(pr.Max), len(pr.Scores)))
		}
	}
	return wrapAll(out, w)
}

// scoreChart is a 0–10 bar chart readable without colour: one row per
// value with a # per score and the count.
func scoreChart(scores []session.Score, m *model) []string {
	var counts [11]int
	for _, s := range scores {
		if s.Value >= 0 && s.Value <= 10 {
			counts[s.Value]++
		}
	}
	out := []string{"Chart (0 = very worried, 10 = safe enough to close):"}
	for v := 0; v <= 10; v++ {
		bar := strings.Repeat("#", counts[v])
		line := fmt.Sprintf("%2d | %s", v, bar)
		if counts[v] > 0 {
			line += " " + strconv.Itoa(counts[v])
			if v <= 1 {
				line = m.sty.LowScore.Render(line + " !!")
			}
		}
		out = append(out, line)
	}
	return out
}

func (m *model) roundNumber(id string) int {
	for i, r := range m.snap.Rounds {
		if r.ID == id {
			return i + 1
		}
	}
	return 0
}

// wrapAll wraps lines that are too long, keeping the short ones as they are.
// restrictedMark is the words that say text is withheld from the family
// ("[R] ", as on board items), or "" when it is not.
func restrictedMark(restricted bool) string {
	if restricted {
		return "[R] "
	}
	return ""
}

func wrapAll(lines []string, w int) []string {
	var out []string
	for _, l := range lines {
		if ansi.StringWidth(l) <= w {
			out = append(out, l)
			continue
		}
		// Continuation lines hang under the text, past the line's indent.
		plain := ansi.Strip(l)
		ind := len(plain) - len(strings.TrimLeft(plain, " "))
		hang := strings.Repeat(" ", min(ind+2, w/2))
		parts := strings.Split(ansi.Wrap(l, w, ""), "\n")
		out = append(out, parts[0])
		if len(parts) > 1 {
			rest := strings.Join(parts[1:], " ")
			for _, r := range strings.Split(ansi.Wrap(rest, max(4, w-len(hang)), ""), "\n") {
				out = append(out, hang+r)
			}
		}
	}
	return out
}

func outcomeText(o session.Outcome, c session.Category) string {
	s := o.String()
	if c != session.CategoryNone {
		s += " (" + c.String() + ")"
	}
	return s
}

func (m *model) decisionLines(w int) []string {
	c := m.snap
	var out []string
	if c.RecommendationsOpen {
		out = append(out, m.sty.Heading.Render("The chair is asking for recommendations: press v to give yours."))
	} else {
		out = append(out, m.sty.Subtle.Render("Recommendations are not being asked for."))
	}
	out = append(out, m.quorumLine())
	for _, ch := range c.Children {
		out = append(out, "", m.sty.Heading.Render("▪ "+ch.Name))
		n := 0
		for _, r := range c.Recommendations {
			if r.ChildID != ch.ID {
				continue
			}
			n++
			line := "  " + m.attendeeName(r.AttendeeID) + ": " + outcomeText(r.Outcome, r.Category)
			if r.Reason != "" {
				line += " — " + restrictedMark(r.ReasonRestricted) + r.Reason
			}
			out = append(out, line)
		}
		if n == 0 {
			out = append(out, m.sty.Subtle.Render("  No recommendations yet."))
		}
		if d, ok := c.Decision(ch.ID); ok {
			out = append(out, m.sty.Current.Render("  DECISION: "+outcomeText(d.Outcome, d.Category)), "  Reasons: "+restrictedMark(d.ReasonsRestricted && d.Reasons != "")+d.Reasons)
		} else {
			out = append(out, m.sty.Subtle.Render("  No decision recorded yet."))
		}
		for _, d := range c.Dissent {
			if d.ChildID == ch.ID {
				out = append(out, "  Dissent — "+restrictedMark(d.Restricted)+m.attendeeName(d.AttendeeID)+": "+d.Text)
			}
		}
	}
	if n := c.Withheld["recommendations"] + c.Withheld["dissent"]; n > 0 {
		out = append(out, "", m.sty.Subtle.Render(fmt.Sprintf("%d entries recorded in a closed segment are withheld.", n)))
	}
	return wrapAll(out, w)
}

func (m *model) planInfoLines(w int) []string {
	c := m.snap
	lead := c.LeadSocialWorker
	if lead == "" {
		lead = "not yet named"
	}
	core := strings.Join(c.CoreGroup, ", ")
	if core == "" {
		core = "not yet recorded"
	}
	d := c.Dates()
	out := []string{"Lead social worker: " + lead, "Core group: " + core, "",
		m.sty.Heading.Render("Dates (working days, England and Wales)")}
	add := func(label string, t interface{ IsZero() bool }, s string) {
		if !t.IsZero() {
			out = append(out, fmt.Sprintf("  %-18s %s", label, s))
		}
	}
	add("Decision letter by", d.DecisionLetter, day(d.DecisionLetter))
	add("Core group by", d.CoreGroup, day(d.CoreGroup))
	add("Minutes by", d.Minutes, day(d.Minutes))
	add("Review by", d.Review, day(d.Review))
	return wrapAll(out, w)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (m *model) attendanceLines(w int) []string {
	c := m.snap
	out := []string{m.quorumLine()}
	q := c.Quorum()
	if len(q.Agencies) > 0 {
		out = append(out, "Agencies present: "+strings.Join(q.Agencies, ", "))
	}
	out = append(out, "")
	for _, a := range c.Attendees {
		if a.Removed {
			continue
		}
		where := "remote"
		if !a.Remote {
			where = "in the room"
		}
		acc := "not yet accepted confidentiality"
		if !a.AcceptedAt.IsZero() {
			acc = "accepted " + clock(a.AcceptedAt)
		}
		rel := a.Relationship
		if rel != "" {
			rel = ", " + rel
		}
		out = append(out, fmt.Sprintf("%s %s%s · %s · %s · %s · %s · %s", m.presenceMark(a), a.Name, rel,
			orDash(a.Agency), a.Role.String(), a.Attendance, where, acc))
	}
	return wrapAll(out, w)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func (m *model) reportLines(w int) []string {
	var out []string
	n := 0
	for _, a := range m.snap.Attendees {
		if a.Removed || a.Agency == "" || a.Role == session.RoleFamily {
			continue
		}
		n++
		out = append(out, fmt.Sprintf("%s (%s): report submitted: %s · shared with parents: %s",
			a.Name, a.Agency, yesNo(a.ReportSubmitted), yesNo(a.ReportShared)))
	}
	if n == 0 {
		out = append(out, "No agencies on the list yet.")
	}
	if m.role == session.RoleChair || m.role == session.RoleMinuteTaker {
		out = append(out, "", m.sty.Subtle.Render("Record reports in People (P, then u)."))
	}
	return wrapAll(out, w)
}
