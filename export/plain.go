package export

import (
	"strings"

	"confer/session"
)

// The family's words: the decision letter and the first page of the family
// copy are written for a reader of about 11 (Flesch–Kincaid grade 6 or
// below, no sentence over 20 words), so every sentence here is short and
// uses everyday words. Both are built from the family view only.

// categoryWords says in plain words what a plan's category is.
func categoryWords(cat session.Category, which []session.Category) string {
	switch cat {
	case session.CategoryNone:
		return ""
	case session.CategoryMultiple:
		if len(which) > 0 {
			return "It is for more than one kind of harm: " + categoryWhich(which) + "."
		}
		return "It is for more than one kind of harm."
	}
	return "It is for " + strings.ToLower(cat.String()) + "."
}

// decidedFor says what the conference decided for one child, in a few
// short sentences.
func decidedFor(c *session.Conference, ch session.Child) string {
	name := escapeLine(ch.Name)
	d, ok := c.Decision(ch.ID)
	if !ok {
		return "We have not made a decision for " + name + " yet."
	}
	cc, _ := c.Details.CategoryOf(ch.ID)
	cat := categoryWords(d.Category, cc.Which)
	switch d.Outcome {
	case session.OutcomeCPPlan:
		return name + " needs a child protection plan. " + cat
	case session.OutcomeContinue:
		return name + "'s child protection plan will go on. " + cat
	case session.OutcomeCINPlan:
		return name + " does not need a child protection plan. " + name +
			" will have a child in need plan. Your family will still get help."
	case session.OutcomeNFA:
		return name + " does not need a child protection plan. We do not need to do more under child protection rules."
	case session.OutcomeEnd:
		return name + " does not need a child protection plan now. The plan will end."
	}
	return "We decided: " + escapeLine(d.Outcome.String()) + "."
}

// familyNames are the names a plan action's owner may carry when the
// action is for the parents or carers: family attendees and the household.
func familyNames(c *session.Conference) map[string]bool {
	names := map[string]bool{}
	for _, a := range c.Attendees {
		if a.Role == session.RoleFamily && !a.Removed {
			names[strings.ToLower(strings.TrimSpace(a.Name))] = true
		}
	}
	for _, m := range c.Details.Household {
		names[strings.ToLower(strings.TrimSpace(m.Name))] = true
	}
	return names
}

// actionLine words a plan action: what, who, and by when.
func actionLine(a session.Action) string {
	line := inline(a.What) + " — " + escapeLine(a.Owner)
	if !a.Due.IsZero() {
		line += ", by " + day(a.Due)
	}
	return line
}

// askedOfFamily lists this plan's actions owned by a parent or carer.
func askedOfFamily(c *session.Conference) []session.Action {
	names := familyNames(c)
	var out []session.Action
	for _, a := range c.Actions {
		if !a.FromPrevious && !a.Hidden() && names[strings.ToLower(strings.TrimSpace(a.Owner))] {
			out = append(out, a)
		}
	}
	return out
}

// whatNext writes, as a list, the dates that follow the conference.
func whatNext(d *doc, c *session.Conference) {
	ds := c.Dates()
	if ds.DecisionLetter.IsZero() {
		d.p("Your social worker will tell you what happens next.")
		return
	}
	needed := planNeeded(c)
	if needed {
		d.li("The core group will meet by " + day(ds.CoreGroup) + ". You are part of it.")
	}
	d.li("You will get the notes of the meeting by " + day(ds.Minutes) + ".")
	if needed {
		d.li("The next review meeting will be by " + day(ds.Review) + ".")
	}
	d.endList()
}

// safetyGoals lists the goals the family may see.
func safetyGoals(d *doc, c *session.Conference) int {
	n := 0
	for _, it := range c.Section(session.SafetyGoals) {
		if it.Hidden() {
			continue
		}
		d.li(block(it.Text, "  "))
		n++
	}
	if n > 0 {
		d.endList()
	}
	return n
}

// plainPage is the family copy's first page: what was decided, what
// happens next, and what the parents are asked to do and by when.
func (r *record) plainPage() {
	c := r.c
	r.d.h(2, "In short")
	r.d.h(3, "What we decided")
	for _, ch := range c.Children {
		r.d.p(decidedFor(c, ch))
	}
	r.d.h(3, "What happens next")
	whatNext(&r.d, c)
	r.d.h(3, "What you are asked to do")
	asked := askedOfFamily(c)
	if len(asked) == 0 {
		r.d.p("The plan does not ask you to do anything yet. Your social worker will talk to you about it.")
	} else {
		for _, a := range asked {
			r.d.li(actionLine(a))
		}
		r.d.endList()
	}
	lead := "Your social worker will tell you who your lead social worker is."
	if c.LeadSocialWorker != "" {
		lead = "Your lead social worker is " + escapeLine(c.LeadSocialWorker) + ". Ask them if you have questions."
	}
	r.d.p(lead)
	r.d.p("The rest of this copy gives the full detail. The words we use are explained at the end.")
}

// glossary explains the terms the family copy uses, in plain words. Only
// the terms that appear in the text above it are listed.
var glossary = []struct{ term, means string }{
	{"category", "The main kind of harm the plan is about, such as neglect."},
	{"child in need plan", "A plan of help for a child and family. It is less formal than a child protection plan."},
	{"child protection plan", "A plan to keep a child safe from harm. It says who will do what, and by when."},
	{"closed segment", "Part of the meeting held without the family. What was said there is left out of this copy."},
	{"core group", "The small group that does the plan. You are part of it with the social worker and others."},
	{"danger statement", "A short sentence about what we fear could happen to a child if nothing changes."},
	{"dissent", "When someone at the meeting did not agree with the decision."},
	{"lead social worker", "The social worker in charge of the plan. They are the person to contact."},
	{"median", "The middle number when all the scores are put in order."},
	{"quorum", "The number of services that need to be at the meeting for it to go ahead."},
	{"scaling", "When each person gives a score from 0 to 10 for how safe the child is."},
	{"section 47 enquiry", "The checks children's social care make when they think a child may be at risk."},
	{"safety goal", "What needs to be true for everyone to feel the child is safe."},
}

// wordsWeUse writes the glossary for the terms found in text.
func wordsWeUse(d *doc, text string) {
	d.h(2, "Words we use")
	lower := strings.ToLower(text)
	for _, g := range glossary {
		if strings.Contains(lower, g.term) {
			d.li("**" + g.term + ":** " + g.means)
		}
	}
	d.endList()
}

// howToComplain writes what to do if the family is unhappy.
func howToComplain(d *doc, c *session.Conference) {
	d.h(2, "If you are unhappy")
	chair := "the chair of the meeting"
	if ch, ok := c.Chair(); ok {
		chair += ", " + escapeLine(ch.Name)
	}
	d.p("You may not agree with the decision. You may not like how the meeting was run. " +
		"Please talk to your social worker first. Or talk to " + chair + ". They will listen. " +
		"They will try to put things right.")
	d.p("If you are still unhappy, you can make a complaint. Your social worker will tell you how. " +
		"A friend or a helper can help you with it.")
}
