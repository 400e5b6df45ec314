package export

import (
	"fmt"
	"strconv"
	"strings"

	"confer/session"
)

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// score writes a score, with the most worried end of the scale marked in
// words so it stands out without colour.
func score(v int) string {
	if v <= 1 {
		return "**" + itoa(v) + "** (high concern)"
	}
	return itoa(v)
}

// previousFor returns the previous conference's figures for a child's
// overall round (danger "") or for its round about the danger statement
// with that text, carried over into this review.
func (r *record) previousFor(childID, danger string) (session.PreviousRound, bool) {
	if r.c.Previous == nil {
		return session.PreviousRound{}, false
	}
	for _, p := range r.c.Previous.Rounds {
		if p.ChildID == childID && p.Danger == danger {
			return p, true
		}
	}
	return session.PreviousRound{}, false
}

func question(q string) string {
	if q == "" || q == session.DefaultQuestion {
		return "Standard question"
	}
	return inline(q)
}

func (r *record) scaling() {
	r.d.h(2, "Scaling")
	prev := r.c.Previous != nil && len(r.c.Previous.Rounds) > 0
	if len(r.c.Rounds) == 0 && !prev {
		if r.s.Withheld["rounds"] == 0 || !r.family {
			r.d.note("No scaling rounds were held.")
		}
		r.withheld(r.s.Withheld["rounds"])
		return
	}
	r.d.p("Unless a round says otherwise, the question was: " + escapeLine(session.DefaultQuestion))
	if prev {
		r.d.h(3, "The previous conference's figures")
		r.d.p("Final scaling at the conference on " + day(r.c.Previous.Date) + ".")
		t := table{head: []string{"Child", "About", "Question", "Scores", "Lowest", "Median", "Highest"}}
		for _, p := range r.c.Previous.Rounds {
			vals := make([]string, len(p.Scores))
			for i, v := range p.Scores {
				vals[i] = itoa(v)
			}
			about := "The child overall"
			if p.Danger != "" {
				about = "Danger statement: " + inline(p.Danger)
			}
			t.add(escapeLine(p.ChildName), about, question(p.Question), strings.Join(vals, ", "),
				num(p.Min), num(p.Median), num(p.Max))
		}
		t.write(&r.d.Builder)
	}
	for i, rd := range r.c.Rounds {
		r.round(i+1, rd)
	}
	r.withheld(r.s.Withheld["rounds"])
}

func (r *record) round(n int, rd session.ScalingRound) {
	r.d.h(3, "Round "+itoa(n)+": "+r.child(rd.ChildID)+r.marks(false, rd.Closed))
	if rd.Question != "" && rd.Question != session.DefaultQuestion {
		r.d.p("**Question:** " + inline(rd.Question))
	}
	if rd.DangerID != "" {
		if d, ok := r.c.Item(rd.DangerID); ok {
			r.d.p("**About the danger statement:** " + inline(d.Text))
		}
	}
	when := "Opened " + r.at(rd.Opened)
	if !rd.Revealed.IsZero() {
		when += ", revealed " + r.at(rd.Revealed)
	}
	if !rd.ClosedAt.IsZero() {
		when += ", closed " + r.at(rd.ClosedAt)
	}
	r.d.p(when + ".")
	if rd.State == session.RoundOpen {
		// The record never holds sealed scores that nobody has seen yet.
		r.d.note("This round was still open and its scores sealed when the record was made: " +
			plural(len(rd.Scores), "score", "scores") + " given so far.")
		r.withheld(rd.WithheldScores)
		return
	}
	if rd.State != session.RoundClosed {
		r.d.note("This round was still open when the record was made.")
	}
	if len(rd.Scores) > 0 {
		t := table{head: []string{"Name", "Score", "Reason"}}
		for _, sc := range rd.Scores {
			name := r.person(sc.AttendeeID)
			if sc.RecordedBy != "" {
				name += " (recorded by " + r.personName(sc.RecordedBy) + ")"
			}
			t.add(name, score(sc.Value), r.reason(sc.Reason, sc.ReasonRestricted))
		}
		t.write(&r.d.Builder)
	}
	lo, med, hi, cnt := rd.Spread()
	if cnt == 0 {
		r.d.note("No scores were given.")
	} else {
		r.d.p("**Spread:** lowest " + num(lo) + ", median " + num(med) + ", highest " + num(hi) +
			" (" + plural(cnt, "score", "scores") + ").")
	}
	danger := ""
	if rd.DangerID != "" {
		if d, ok := r.c.Item(rd.DangerID); ok {
			danger = d.Text
		}
	}
	p, hasPrev := r.previousFor(rd.ChildID, danger)
	hasPrev = hasPrev && (rd.DangerID == "" || danger != "") && len(p.Scores) > 0
	if cnt > 0 {
		prevMed := -1.0
		if hasPrev {
			prevMed = p.Median
		}
		r.d.WriteString(chart(rd.Scores, med, prevMed))
	}
	if hasPrev {
		line := "**Previous conference:** lowest " + num(p.Min) + ", median " + num(p.Median) +
			", highest " + num(p.Max) + "."
		if cnt > 0 {
			switch {
			case med > p.Median:
				line += " The median has risen by " + num(med-p.Median) + "."
			case med < p.Median:
				line += " The median has fallen by " + num(p.Median-med) + "."
			default:
				line += " The median is unchanged."
			}
		}
		r.d.p(line)
	}
	r.withheld(rd.WithheldScores)
}

// chart draws the scores as a text bar chart from 0 to 10 inside a code
// block: it holds only digits and the encoder's own words, never user text,
// so nothing can break out of the fence. prevMedian < 0 means none.
func chart(scores []session.Score, median, prevMedian float64) string {
	var count [11]int
	most := 1
	for _, s := range scores {
		if s.Value >= 0 && s.Value <= 10 {
			count[s.Value]++
			most = max(most, count[s.Value])
		}
	}
	var b strings.Builder
	b.WriteString("```text\n")
	b.WriteString("score  people\n")
	for v := 0; v <= 10; v++ {
		bar := strings.Repeat("#", count[v]) + strings.Repeat(" ", most-count[v])
		line := fmt.Sprintf("%5d  %s  %d", v, bar, count[v])
		var notes []string
		if v <= 1 {
			notes = append(notes, "high concern")
		}
		if int(median) == v {
			notes = append(notes, "<- median "+num(median))
		}
		if prevMedian >= 0 && int(prevMedian) == v {
			notes = append(notes, "<- previous median "+num(prevMedian))
		}
		if len(notes) > 0 {
			line += "  " + strings.Join(notes, ", ")
		}
		b.WriteString(line + "\n")
	}
	b.WriteString("```\n\n")
	return b.String()
}
