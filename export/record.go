package export

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"confer/session"
)

// Errors the encoders return.
var (
	// ErrNoConference is returned for a snapshot that holds no conference.
	ErrNoConference = errors.New("export: the snapshot holds no conference")
	// ErrBadID is returned when a conference ID cannot safely name a file.
	ErrBadID = errors.New("export: unusable conference ID")
)

// Full writes the full conference record.
func Full(w io.Writer, s session.Snapshot) error {
	if s.Conference == nil {
		return ErrNoConference
	}
	r := &record{s: s, c: s.Conference}
	r.write()
	return flush(w, &r.d)
}

// Family writes the family copy for the family as a whole: whatever
// session's family view leaves out (restricted text, closed segments, what
// was recorded while any family member was excluded) is withheld, with a
// visible "withheld" line where a section had such content.
func Family(w io.Writer, s session.Snapshot) error {
	if s.Conference == nil {
		return ErrNoConference
	}
	return familyCopy(w, s.FamilyView())
}

// FamilyFor writes one family member's own family copy: as [Family], except
// that what was recorded while another family member was excluded is
// theirs to read. [session.Snapshot.FamilyCopies] says who needs one.
func FamilyFor(w io.Writer, s session.Snapshot, attendeeID string) error {
	if s.Conference == nil {
		return ErrNoConference
	}
	return familyCopy(w, s.FamilyViewFor(attendeeID))
}

// familyCopy writes the family copy of a family view.
func familyCopy(w io.Writer, fv session.Snapshot) error {
	r := &record{s: fv, c: fv.Conference, family: true}
	r.write()
	return flush(w, &r.d)
}

func flush(w io.Writer, d *doc) error {
	if _, err := io.WriteString(w, d.String()); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// record renders the full record or the family copy; they share one
// structure so a family member and a professional can talk about the same
// section.
type record struct {
	s      session.Snapshot
	c      *session.Conference
	family bool
	d      doc
}

func (r *record) write() {
	r.header()
	r.attendance()
	r.quorum()
	r.confidentiality()
	r.reports()
	r.agenda()
	r.board()
	r.scaling()
	r.recommendations()
	r.decisions()
	r.dissent()
	r.plan()
	r.coreGroup()
	r.nextDates()
	r.segments()
	r.exclusions()
	r.distribution()
	r.audit()
}

// withheld writes the family copy's line for a section that lost content.
func (r *record) withheld(n int) {
	if r.family && n > 0 {
		r.d.note("Some information in this section has been withheld from the family copy.")
	}
}

// marks returns the full record's markers for restricted and closed content.
func (r *record) marks(restricted, closed bool) string {
	if r.family {
		return ""
	}
	var m string
	if restricted {
		m += " **\\[restricted\\]**"
	}
	if closed {
		m += " **\\[closed segment\\]**"
	}
	return m
}

// person names an attendee with their agency, escaped.
func (r *record) person(id string) string {
	a, ok := r.c.Attendee(id)
	if !ok {
		return escapeLine(id)
	}
	return nameAgency(a)
}

func nameAgency(a session.Attendee) string {
	if a.Agency == "" {
		return escapeLine(a.Name)
	}
	return escapeLine(a.Name) + ", " + escapeLine(a.Agency)
}

func (r *record) child(id string) string {
	if id == "" {
		return "All children"
	}
	if ch, ok := r.c.Child(id); ok {
		return escapeLine(ch.Name)
	}
	return escapeLine(id)
}

func (r *record) manyChildren() bool { return len(r.c.Children) > 1 }

func (r *record) at(t time.Time) string { return at(t, r.c.Date) }

func (r *record) header() {
	c := r.c
	r.d.h(1, escapeLine(c.Type.String()))
	if r.family {
		r.d.p("**Family copy.** This copy leaves out information the conference agreed should not be " +
			"shared with the family. Where something was left out, the record says so.")
	} else {
		r.d.p("**Full record. Confidential.** For the professionals on the distribution list only. " +
			"The family receives the family copy.")
	}
	if c.Title != "" {
		r.d.li("**Conference:** " + escapeLine(c.Title))
	}
	kids := make([]string, len(c.Children))
	for i, ch := range c.Children {
		born := "date of birth not recorded"
		switch {
		case !ch.DOB.IsZero():
			born = "born " + plainDay(ch.DOB)
		case c.Type == session.PreBirth:
			born = "unborn"
		}
		kids[i] = escapeLine(ch.Name) + " (" + born + ")"
	}
	r.d.li("**Children:** " + strings.Join(kids, "; "))
	r.d.li("**Date:** " + day(c.Date))
	r.d.li("**Time:** " + r.times())
	if c.Venue != "" {
		r.d.li("**Venue:** " + escapeLine(c.Venue))
	}
	if ch, ok := c.Chair(); ok {
		r.d.li("**Chair:** " + nameAgency(ch))
	}
	if mt, ok := c.MinuteTaker(); ok {
		r.d.li("**Minute-taker:** " + nameAgency(mt))
	} else {
		r.d.li("**Minute-taker:** none recorded")
	}
	if p := c.Previous; p != nil && !p.Date.IsZero() {
		r.d.li("**Previous conference:** " + day(p.Date))
	}
	r.d.li("**Reference:** " + escapeLine(c.ID))
	r.d.endList()
}

func (r *record) times() string {
	c := r.c
	switch {
	case c.Started.IsZero():
		return "not started (scheduled for " + clock(c.Date) + ")"
	case c.Ended.IsZero():
		return "started " + r.at(c.Started) + "; still in progress when this record was made"
	}
	return r.at(c.Started) + " to " + r.at(c.Ended)
}

var attendanceWord = map[session.Attendance]string{
	session.Present: "Present", session.Apologies: "Apologies", session.Absent: "Absent",
	session.Expected: "Expected, did not join",
}

func yesNo(b bool) string {
	if b {
		return "Yes"
	}
	return "No"
}

func (r *record) attendance() {
	r.d.h(2, "Attendance")
	if len(r.c.Attendees) == 0 {
		r.d.note("No one was recorded.")
		return
	}
	t := table{head: []string{"Name", "Role or relationship", "Agency", "Attendance", "Joined", "Report", "Shared with parents"}}
	for _, a := range r.c.Attendees {
		name := escapeLine(a.Name)
		if a.Removed {
			name += " (removed by the chair)"
		}
		rel := escapeLine(a.Relationship)
		if rel == "" {
			rel = a.Role.String()
		}
		joined := "—"
		if a.Attendance == session.Present {
			joined = "In the room"
			if a.Remote {
				joined = "Remotely"
			}
		}
		word, ok := attendanceWord[a.Attendance]
		if !ok {
			word = escapeLine(string(a.Attendance))
		}
		shared := "—"
		if a.ReportSubmitted {
			shared = yesNo(a.ReportShared)
		}
		t.add(name, rel, escapeLine(a.Agency), word, joined, yesNo(a.ReportSubmitted), shared)
	}
	t.write(&r.d.Builder)
	r.withheld(r.s.Withheld["attendees"])
}

func (r *record) quorum() {
	r.d.h(2, "Quorum")
	q := r.c.Quorum()
	ags := make([]string, len(q.Agencies))
	for i, a := range q.Agencies {
		ags[i] = escapeLine(a)
	}
	present := "No agencies were recorded as present."
	if len(ags) > 0 {
		present = "Agencies present: " + list(ags) + "."
	}
	if q.Met {
		r.d.p("**Quorate.** Children's social care and at least two other agencies were present. " + present)
	} else {
		msg := "**Not quorate.** A conference needs children's social care and at least two other agencies. " + present
		if !q.SocialCare {
			msg += " Children's social care was not present."
		}
		r.d.p(msg)
	}
	switch {
	case r.c.InquorateReason != "" && q.Met:
		r.d.p("The conference was not quorate for part of the meeting. The chair recorded the reason for going ahead:")
		r.d.p(block(r.c.InquorateReason, ""))
	case r.c.InquorateReason != "":
		r.d.p("The chair recorded the reason for going ahead without quorum:")
		r.d.p(block(r.c.InquorateReason, ""))
	case !q.Met && r.s.Withheld["quorum"] == 0:
		r.d.p("No reason for going ahead without quorum was recorded.")
	}
	r.withheld(r.s.Withheld["quorum"])
}

func (r *record) confidentiality() {
	r.d.h(2, "Confidentiality")
	t := table{head: []string{"Name", "Accepted the confidentiality statement"}}
	var missing []string
	for _, a := range r.c.Attendees {
		switch {
		case !a.AcceptedAt.IsZero():
			t.add(nameAgency(a), r.at(a.AcceptedAt))
		case a.Attendance == session.Present && !a.Removed:
			missing = append(missing, escapeLine(a.Name))
		}
	}
	if len(t.rows) == 0 {
		r.d.note("No one accepted the confidentiality statement on a terminal.")
	} else {
		t.write(&r.d.Builder)
	}
	if len(missing) > 0 {
		r.d.p("Not recorded on a terminal (in the room, or did not join): " + list(missing) + ".")
	}
}

func (r *record) reports() {
	r.d.h(2, "Reports received")
	t := table{head: []string{"From", "Agency", "Shared with parents before the conference"}}
	for _, a := range r.c.Attendees {
		if a.ReportSubmitted {
			t.add(escapeLine(a.Name), escapeLine(a.Agency), yesNo(a.ReportShared))
		}
	}
	if len(t.rows) == 0 {
		r.d.note("No reports were recorded as received.")
		return
	}
	t.write(&r.d.Builder)
}

func (r *record) agenda() {
	r.d.h(2, "Agenda as held")
	if len(r.c.Agenda) == 0 {
		r.d.note("No agenda was recorded.")
		return
	}
	t := table{head: []string{"#", "Step", "Started", "Ended", "Time spent"}}
	for i, st := range r.c.Agenda {
		started, ended, spent := "not held", "—", "—"
		if !st.Started.IsZero() {
			started = r.at(st.Started)
			ended = "in progress"
			if !st.Ended.IsZero() {
				ended = r.at(st.Ended)
			}
			spent = duration(st.Spent)
		}
		t.add(itoa(i+1), inline(st.Title), started, ended, spent)
	}
	t.write(&r.d.Builder)
}

var tagWord = map[session.Tag]string{
	session.TagFact: "Fact", session.TagObservation: "Observation",
	session.TagAllegation: "Allegation", session.TagOpinion: "Opinion",
}

// item writes one board item as a list item at the given indent: its text,
// then on a new line its tag, attribution, child and time.
func (r *record) item(indent, lead string, it session.Item) {
	inner := indent + "  "
	var meta []string
	if w, ok := tagWord[it.Tag]; ok {
		meta = append(meta, w)
	}
	if it.Attribution != "" {
		meta = append(meta, "from "+escapeLine(it.Attribution))
	}
	if it.ChildID != "" && r.manyChildren() {
		meta = append(meta, "about "+r.child(it.ChildID))
	}
	stamp := "added " + r.at(it.Created)
	if !it.Edited.IsZero() {
		stamp += ", edited " + r.at(it.Edited)
	}
	meta = append(meta, stamp)
	r.d.WriteString(indent + "- " + lead + block(it.Text, inner) + "\\\n" + inner +
		"_" + strings.Join(meta, " · ") + "_" + r.marks(it.Restricted, it.Closed) + "\n")
}

func (r *record) board() {
	r.d.h(2, "The board")
	dangers := map[string]bool{}
	for _, it := range r.c.Section(session.DangerStatements) {
		dangers[it.ID] = true
	}
	for _, sec := range session.Sections {
		r.d.h(3, sec.Title())
		items := r.c.Section(sec)
		if sec == session.SafetyGoals {
			// Goals paired with a danger statement are written under it.
			items = slices.DeleteFunc(items, func(it session.Item) bool { return dangers[it.Pair] })
		}
		for _, it := range items {
			r.item("", "", it)
			if sec == session.DangerStatements {
				goals := r.c.GoalsFor(it.ID)
				if it.WithheldGoals > 0 {
					r.d.WriteString("  - _A safety goal for this danger statement has been withheld from the family copy._\n")
				} else if len(goals) == 0 {
					r.d.WriteString("  - _No safety goal recorded for this danger statement._\n")
				}
				for _, g := range goals {
					r.item("  ", "**Safety goal:** ", g)
				}
			}
		}
		held := r.s.Withheld[string(sec)]
		if sec == session.SafetyGoals {
			// Goals withheld under a danger statement were marked there.
			for _, d := range r.c.Section(session.DangerStatements) {
				held -= d.WithheldGoals
			}
		}
		if len(items) > 0 {
			r.d.endList()
		} else if held == 0 || !r.family {
			r.d.note("Nothing recorded.")
		}
		r.withheld(held)
	}
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// score writes a score, with the most worried end of the scale marked in
// words so it stands out without colour.
func score(v int) string {
	if v <= 1 {
		return "**" + itoa(v) + "** (high concern)"
	}
	return itoa(v)
}

func (r *record) previousFor(childID string) (session.PreviousRound, bool) {
	if r.c.Previous == nil {
		return session.PreviousRound{}, false
	}
	for _, p := range r.c.Previous.Rounds {
		if p.ChildID == childID {
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
		t := table{head: []string{"Child", "Question", "Scores", "Lowest", "Median", "Highest"}}
		for _, p := range r.c.Previous.Rounds {
			vals := make([]string, len(p.Scores))
			for i, v := range p.Scores {
				vals[i] = itoa(v)
			}
			t.add(escapeLine(p.ChildName), question(p.Question), strings.Join(vals, ", "),
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
	p, hasPrev := r.previousFor(rd.ChildID)
	hasPrev = hasPrev && rd.DangerID == "" && len(p.Scores) > 0
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

// actorName names the actor of an audit entry: the attendee with that ID,
// or (for a guest, whose actor ID is not their attendee ID) the name the
// actor carried.
func (r *record) actorName(e session.AuditEntry) string {
	if a, ok := r.c.Attendee(e.ActorID); ok {
		return escapeLine(a.Name)
	}
	return escapeLine(e.Actor)
}

// personName is an attendee's name alone, escaped.
func (r *record) personName(id string) string {
	if a, ok := r.c.Attendee(id); ok {
		return escapeLine(a.Name)
	}
	return escapeLine(id)
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

// outcome words a recommendation or decision with its category.
func outcome(o session.Outcome, cat session.Category) string {
	s := escapeLine(o.String())
	if cat != session.CategoryNone {
		s += " (category: " + escapeLine(cat.String()) + ")"
	}
	return s
}

func (r *record) recommendations() {
	r.d.h(2, "Recommendations")
	if len(r.c.Recommendations) == 0 {
		if r.s.Withheld["recommendations"] == 0 || !r.family {
			r.d.note("No recommendations were recorded.")
		}
		r.withheld(r.s.Withheld["recommendations"])
		return
	}
	for _, ch := range r.c.Children {
		r.d.h(3, escapeLine(ch.Name))
		t := table{head: []string{"Name", "Recommendation", "Reason"}}
		for _, rec := range r.c.Recommendations {
			if rec.ChildID != ch.ID {
				continue
			}
			name := r.person(rec.AttendeeID)
			if rec.RecordedBy != "" {
				name += " (recorded by " + r.personName(rec.RecordedBy) + ")"
			}
			t.add(name, outcome(rec.Outcome, rec.Category)+r.marks(false, rec.Closed), r.reason(rec.Reason, rec.ReasonRestricted))
		}
		if len(t.rows) == 0 {
			r.d.note("No recommendations were recorded for this child.")
			continue
		}
		t.write(&r.d.Builder)
	}
	r.withheld(r.s.Withheld["recommendations"])
}

func (r *record) decisions() {
	r.d.h(2, "Decisions")
	for _, ch := range r.c.Children {
		r.d.h(3, escapeLine(ch.Name))
		dec, ok := r.c.Decision(ch.ID)
		if !ok {
			r.d.note("No decision was recorded.")
			continue
		}
		r.d.p("**Decision:** " + outcome(dec.Outcome, dec.Category) + ". Recorded at " + r.at(dec.At) + ".")
		if r.family && dec.ReasonsRestricted {
			r.d.p("**Reasons:** _withheld from the family copy._")
			continue
		}
		r.d.p("**Reasons:**" + r.marks(dec.ReasonsRestricted, false) + "\\\n" + block(dec.Reasons, ""))
	}
	r.withheld(r.s.Withheld["decisions"])
}

func (r *record) dissent() {
	r.d.h(2, "Dissent")
	if len(r.c.Dissent) == 0 {
		if r.s.Withheld["dissent"] == 0 || !r.family {
			r.d.note("No dissent was recorded.")
		}
		r.withheld(r.s.Withheld["dissent"])
		return
	}
	for _, ds := range r.c.Dissent {
		head := r.person(ds.AttendeeID)
		if r.manyChildren() {
			head += ", about " + r.child(ds.ChildID)
		}
		r.d.h(3, head+r.marks(ds.Restricted, ds.Closed))
		r.d.p(block(ds.Text, ""))
		by := ""
		if ds.RecordedBy != "" {
			by = " by " + r.personName(ds.RecordedBy) + " on their behalf"
		}
		r.d.note("Recorded at " + r.at(ds.At) + by + ".")
	}
	r.withheld(r.s.Withheld["dissent"])
}

var statusWord = map[session.ActionStatus]string{
	session.ActionOpen: "Open", session.ActionDone: "Done",
	session.ActionPartly: "Partly done", session.ActionNotDone: "Not done",
}

func (r *record) actionTable(actions []session.Action, progress bool) {
	head := []string{"Action", "Who", "Due", "Status"}
	if progress {
		head[3] = "Progress"
	}
	if r.manyChildren() {
		head = append(head, "Child")
	}
	t := table{head: head}
	for _, a := range actions {
		status, ok := statusWord[a.Status]
		if !ok {
			status = escapeLine(string(a.Status))
		}
		if progress && a.Status == session.ActionOpen {
			status = "Not yet reviewed"
		}
		due := "—"
		if !a.Due.IsZero() {
			due = day(a.Due)
		}
		row := []string{inline(a.What) + r.marks(a.Restricted, a.Closed), escapeLine(a.Owner), due, status}
		if r.manyChildren() {
			row = append(row, r.child(a.ChildID))
		}
		t.add(row...)
	}
	t.write(&r.d.Builder)
}

func (r *record) plan() {
	r.d.h(2, "The plan")
	var prev, next []session.Action
	for _, a := range r.c.Actions {
		if a.FromPrevious {
			prev = append(prev, a)
		} else {
			next = append(next, a)
		}
	}
	if len(prev) > 0 || r.c.Type == session.Review {
		r.d.h(3, "Progress against the plan")
		if len(prev) == 0 {
			r.d.note("No actions were carried over from the previous plan.")
		} else {
			r.actionTable(prev, true)
		}
	}
	r.d.h(3, "Actions")
	if len(next) == 0 {
		r.d.note("No actions were recorded.")
	} else {
		r.actionTable(next, false)
	}
	r.withheld(r.s.Withheld["actions"])
}

func (r *record) coreGroup() {
	r.d.h(2, "Core group")
	if len(r.c.CoreGroup) == 0 {
		r.d.note("No core group was recorded.")
	} else {
		for _, m := range r.c.CoreGroup {
			r.d.li(escapeLine(m))
		}
		r.d.endList()
	}
	if r.c.LeadSocialWorker == "" {
		r.d.p("**Lead social worker:** none recorded")
	} else {
		r.d.p("**Lead social worker:** " + escapeLine(r.c.LeadSocialWorker))
	}
	r.withheld(r.s.Withheld["core-group"])
}

// reason writes a reason for a table cell: in the family copy a restricted
// one (which the family view has already emptied) says it was withheld.
func (r *record) reason(text string, restricted bool) string {
	if r.family && restricted {
		return "_Withheld from the family copy._"
	}
	return inline(text) + r.marks(restricted, false)
}

// planNeeded reports whether a core group and review follow: no when every
// child has a decision and none of them is a child protection plan.
func planNeeded(c *session.Conference) bool {
	for _, ch := range c.Children {
		d, ok := c.Decision(ch.ID)
		if !ok || d.Outcome.NeedsCategory() {
			return true
		}
	}
	return false
}

func (r *record) nextDates() {
	r.d.h(2, "Next dates")
	ds := r.c.Dates()
	if ds.DecisionLetter.IsZero() {
		r.d.note("No dates could be worked out: the conference has no date.")
		return
	}
	r.d.li("**Decision letter to the family:** by " + day(ds.DecisionLetter))
	if planNeeded(r.c) {
		r.d.li("**Core group meeting:** by " + day(ds.CoreGroup))
	}
	r.d.li("**Minutes to the family:** by " + day(ds.Minutes))
	if planNeeded(r.c) {
		r.d.li("**Review conference:** by " + day(ds.Review))
	}
	r.d.endList()
	if !planNeeded(r.c) {
		r.d.p("No core group or review conference is needed: no child is subject to a child protection plan.")
	}
}

func (r *record) segments() {
	r.d.h(2, "Closed segments")
	if r.family {
		if n := r.s.Withheld["segments"]; n > 0 {
			r.d.p(plural(n, "closed segment", "closed segments") + " held — withheld.")
		} else {
			r.d.note("No closed segments were held.")
		}
		return
	}
	if len(r.c.Segments) == 0 {
		r.d.note("No closed segments were held.")
		return
	}
	r.d.p("The family was not present during these parts of the meeting. Everything recorded in " +
		"them is withheld from the family copy.")
	t := table{head: []string{"#", "Started", "Ended", "Length"}}
	for i, sg := range r.c.Segments {
		ended, length := "still in progress", "—"
		if !sg.Ended.IsZero() {
			ended, length = r.at(sg.Ended), duration(sg.Ended.Sub(sg.Started))
		}
		t.add(itoa(i+1), r.at(sg.Started), ended, length)
	}
	t.write(&r.d.Builder)
}

func (r *record) distribution() {
	r.d.h(2, "Distribution")
	var pros, fam []string
	for _, a := range r.c.Attendees {
		if a.Removed || (a.Attendance != session.Present && a.Attendance != session.Apologies) {
			continue
		}
		if a.Role == session.RoleFamily {
			fam = append(fam, escapeLine(a.Name))
		} else {
			pros = append(pros, nameAgency(a))
		}
	}
	r.d.p("**Full record** to the professionals present or who sent apologies:")
	if len(pros) == 0 {
		r.d.note("None.")
	}
	for _, p := range pros {
		r.d.li(p)
	}
	if len(pros) > 0 {
		r.d.endList()
	}
	kids := make([]string, len(r.c.Children))
	for i, ch := range r.c.Children {
		kids[i] = escapeLine(ch.Name)
	}
	to := "the parents and carers of " + list(kids)
	if len(fam) > 0 {
		to += " (" + list(fam) + ")"
	}
	r.d.p("**Family copy** and **decision letter** to " + to + ".")
}

func (r *record) audit() {
	r.d.h(2, "Audit summary")
	if r.family {
		r.d.note("The audit trail is kept with the full record.")
		return
	}
	entries := r.c.Audit
	if len(entries) == 0 {
		r.d.note("The audit trail is empty.")
		return
	}
	r.d.p("The journal holds " + plural(len(entries), "event", "events") + " (sequence " +
		strconv.FormatUint(entries[0].Seq, 10) + " to " + strconv.FormatUint(entries[len(entries)-1].Seq, 10) +
		"). This summary names people and records by ID and never copies the board's text.")
	count := map[string]int{}
	for _, e := range entries {
		count[e.Kind]++
	}
	r.d.p("Changes after the fact: board items edited " + itoa(count["item.edit"]) +
		", moved " + itoa(count["item.move"]) + ", removed " + itoa(count["item.remove"]) +
		"; actions updated " + itoa(count["action.update"]) + ", removed " + itoa(count["action.remove"]) +
		"; attendees removed " + itoa(count["attendee.remove"]) + ".")

	r.d.h(3, "Joins")
	joins := table{head: []string{"Time", "ID", "Name"}}
	roles := table{head: []string{"Time", "By", "Change"}}
	for _, e := range entries {
		switch e.Kind {
		case "confidentiality.accept":
			joins.add(r.at(e.At), escapeLine(e.ActorID), r.actorName(e))
		case "attendee.role", "chair.handover":
			// These summaries are built by session from IDs and role
			// names only.
			roles.add(r.at(e.At), escapeLine(e.ActorID), escapeLine(e.Summary))
		}
	}
	if len(joins.rows) == 0 {
		r.d.note("No one joined on a terminal.")
	} else {
		joins.write(&r.d.Builder)
	}
	r.d.h(3, "Role changes")
	if len(roles.rows) == 0 {
		r.d.note("No roles were changed.")
	} else {
		roles.write(&r.d.Builder)
	}
	r.d.h(3, "Events by kind")
	kinds := make([]string, 0, len(count))
	for k := range count {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	t := table{head: []string{"Kind", "Count"}}
	for _, k := range kinds {
		t.add(escapeLine(k), itoa(count[k]))
	}
	t.write(&r.d.Builder)
}

// exclusions lists each time a family member was asked to leave: who, from
// when to when, and why. A family member's own copy lists only their own,
// without the chair's words; the shared family copy lists none.
func (r *record) exclusions() {
	if len(r.c.Exclusions) == 0 {
		return
	}
	r.d.h(2, "Exclusions")
	if !r.family {
		r.d.p("Each of these family members was asked to leave part of the meeting. What was recorded " +
			"while they were out is withheld from their family copy.")
	}
	t := table{head: []string{"Who", "From", "To", "Grounds"}}
	for _, e := range r.c.Exclusions {
		to := "still excluded"
		if !e.Ended.IsZero() {
			to = r.at(e.Ended)
		}
		why := escapeLine(e.Grounds.String())
		if e.Detail != "" {
			why += ": " + inline(e.Detail)
		}
		t.add(r.personName(e.AttendeeID), r.at(e.Started), to, why)
	}
	t.write(&r.d.Builder)
}
