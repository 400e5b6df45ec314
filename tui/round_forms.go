package tui

import (
	"fmt"
	"strconv"
	"strings"

	"confer/session"
)

func (m *model) openRoundForm() {
	if r, ok := m.snap.OpenRound(); ok {
		m.setStatus(fmt.Sprintf("Round %d is still open: reveal (r) and close (c) it first.", m.roundNumber(r.ID)), true)
		return
	}
	f := newForm("Open a scaling round")
	var v struct{ child, danger, question string }
	f.choice("Child", m.childOpts(), "").to(&v.child)
	dangers := []option{{"none", ""}}
	for _, it := range m.snap.Items {
		if it.Section == session.DangerStatements {
			dangers = append(dangers, option{clip(it.Text, 40), it.ID})
		}
	}
	f.choice("About a danger statement (optional)", dangers, "").to(&v.danger)
	f.text("Question (leave empty for the usual 0-10 question)", "", session.MaxItem).to(&v.question)
	f.submit = m.opSubmit(func() (session.Op, error) {
		return session.OpenRound{ChildID: v.child, DangerID: v.danger, Question: v.question}, nil
	}, "Round opened: scores are sealed until you reveal them.")
	m.form = f.start()
}

func (m *model) scoreForm() {
	r, ok := m.snap.OpenRound()
	if !ok {
		m.setStatus("No scaling round is open.", true)
		return
	}
	f := newForm("Your score for " + m.childName(r.ChildID) + ": " + clip(r.Question, 60))
	f.intro = "0 means very worried for " + m.childName(r.ChildID) + "'s safety; 10 means no worries, safe enough to close."
	cur, scored := session.Score{}, false
	for _, sc := range r.Scores {
		if sc.AttendeeID == m.self.ID {
			cur, scored = sc, true
		}
	}
	value := ""
	if scored {
		value = strconv.Itoa(cur.Value)
		f.intro += " Your score now: " + value + " (sealed until the chair reveals). Saving replaces it."
	} else {
		f.intro += " You have not scored yet."
	}
	var v struct{ who, score, reason, withhold string }
	if m.mayRecordForOthers() {
		f.choice("Whose score", m.onBehalfOpts(), "").to(&v.who)
	}
	f.text("Score (0-10)", value, 2).to(&v.score).area("What makes it that number for you?", cur.Reason, session.MaxItem).to(&v.reason)
	m.withholdField(f, cur.ReasonRestricted, &v.withhold)
	id := r.ID
	f.submit = m.opSubmit(func() (session.Op, error) {
		n, err := strconv.Atoi(strings.TrimSpace(v.score))
		if err != nil || n < 0 || n > 10 {
			return nil, formErr("A score is a whole number from 0 to 10")
		}
		return session.CastScore{RoundID: id, AttendeeID: v.who, Value: n, Reason: v.reason, ReasonRestricted: v.withhold == "yes"}, nil
	}, "Score recorded; it stays sealed until the chair reveals.")
	m.form = f.start()
}

func outcomeOpts(t session.ConferenceType) []option {
	var out []option
	for _, o := range session.Outcomes(t) {
		out = append(out, option{o.String(), string(o)})
	}
	return out
}

func categoryOpts() []option {
	out := []option{{"no category", ""}}
	for _, c := range session.Categories {
		out = append(out, option{c.String(), string(c)})
	}
	return out
}

func (m *model) recommendForm() {
	if !m.snap.RecommendationsOpen {
		m.setStatus("The chair has not asked for recommendations yet.", true)
		return
	}
	f := newForm("Your recommendation")
	f.intro = "Does the child need a child protection plan? A plan needs a category."
	var v struct{ child, who, outcome, category, reason, withhold string }
	f.choice("Child", m.childOpts(), "").to(&v.child)
	if m.mayRecordForOthers() {
		f.choice("Whose recommendation", m.onBehalfOpts(), "").to(&v.who)
	}
	f.choice("Recommendation", outcomeOpts(m.snap.Type), "").to(&v.outcome).
		choice("Category", categoryOpts(), "").to(&v.category).
		area("Reason", "", session.MaxItem).to(&v.reason)
	m.withholdField(f, false, &v.withhold)
	f.submit = m.opSubmit(func() (session.Op, error) {
		return session.Recommend{ChildID: v.child, AttendeeID: v.who, Outcome: session.Outcome(v.outcome),
			Category: session.Category(v.category), Reason: v.reason, ReasonRestricted: v.withhold == "yes"}, nil
	}, "Recommendation recorded.")
	m.form = f.start()
}

func (m *model) decideForm() {
	f := newForm("The conference's decision")
	var v struct{ child, outcome, category, reasons, withhold string }
	f.choice("Child", m.childOpts(), "").to(&v.child).choice("Decision", outcomeOpts(m.snap.Type), "").to(&v.outcome).
		choice("Category", categoryOpts(), "").to(&v.category).area("Reasons", "", session.MaxLong).to(&v.reasons)
	m.withholdField(f, false, &v.withhold)
	f.submit = m.opSubmit(func() (session.Op, error) {
		return session.Decide{ChildID: v.child, Outcome: session.Outcome(v.outcome), Category: session.Category(v.category), Reasons: v.reasons, ReasonsRestricted: v.withhold == "yes"}, nil
	}, "Decision recorded.")
	m.form = f.start()
}

func (m *model) dissentForm() {
	f := newForm("Record dissent from the decision")
	f.intro = "Dissent is recorded in full, as given."
	var v struct{ child, who, text, withhold string }
	f.choice("Child", m.childOpts(), "").to(&v.child)
	if m.mayRecordForOthers() {
		f.choice("Whose dissent", m.onBehalfOpts(), "").to(&v.who)
	}
	f.area("Dissent", "", session.MaxLong).to(&v.text)
	m.withholdField(f, false, &v.withhold)
	f.submit = m.opSubmit(func() (session.Op, error) {
		return session.RecordDissent{ChildID: v.child, AttendeeID: v.who, Text: v.text, Restricted: v.withhold == "yes"}, nil
	}, "Dissent recorded.")
	m.form = f.start()
}
