package export

import (
	"io"
	"strings"

	"confer/session"
)

// categoryPhrase words a category for a sentence to the family.
func categoryPhrase(c session.Category) string {
	switch c {
	case session.CategoryNone:
		return ""
	case session.CategoryMultiple:
		return "under more than one category"
	}
	return "under the category of " + strings.ToLower(c.String())
}

// outcomeSentence says in plain words what the conference decided for one
// child.
func outcomeSentence(name string, d session.Decision, ok bool) string {
	if !ok {
		return "The conference has not recorded a decision for " + name + " yet."
	}
	cat := categoryPhrase(d.Category)
	switch d.Outcome {
	case session.OutcomeCPPlan:
		return "The conference decided that " + name + " needs a child protection plan " + cat + "."
	case session.OutcomeContinue:
		return "The conference decided that " + name + "'s child protection plan will continue, " + cat + "."
	case session.OutcomeCINPlan:
		return "The conference decided that " + name + " does not need a child protection plan. " +
			name + " will have a child in need plan, so your family will still get help and support."
	case session.OutcomeNFA:
		return "The conference decided that " + name + " does not need a child protection plan, " +
			"and no further action is needed under child protection procedures."
	case session.OutcomeEnd:
		return "The conference decided that " + name + " no longer needs a child protection plan, so the plan will end."
	}
	return "The conference decided: " + escapeLine(d.Outcome.String()) + "."
}

// Letter writes the plain-language decision letter for the family. It is
// built from the family view only, so nothing restricted can reach it.
func Letter(w io.Writer, s session.Snapshot) error {
	if s.Conference == nil {
		return ErrNoConference
	}
	fv := s.FamilyView()
	c := fv.Conference
	var d doc
	kids := make([]string, len(c.Children))
	for i, ch := range c.Children {
		kids[i] = escapeLine(ch.Name)
	}
	d.h(1, "What the child protection conference decided")
	d.p("**To the parents and carers of " + list(kids) + "**")
	where := ""
	if c.Venue != "" {
		where = " at " + escapeLine(c.Venue)
	}
	d.p("This letter is about the " + strings.ToLower(c.Type.String()) + " held on " + day(c.Date) + where +
		". It tells you what the conference decided, why, and what happens next. " +
		"The full minutes will follow.")

	d.h(2, "What the conference decided")
	for i, ch := range c.Children {
		dec, ok := c.Decision(ch.ID)
		d.p(outcomeSentence(kids[i], dec, ok))
	}

	var reasons []int
	for i, ch := range c.Children {
		if dec, ok := c.Decision(ch.ID); ok && strings.TrimSpace(dec.Reasons) != "" {
			reasons = append(reasons, i)
		}
	}
	if len(reasons) > 0 {
		d.h(2, "Why")
		for _, i := range reasons {
			dec, _ := c.Decision(c.Children[i].ID)
			lead := ""
			if len(c.Children) > 1 {
				lead = "**" + kids[i] + ":**\\\n"
			}
			d.p(lead + block(dec.Reasons, ""))
		}
	}

	needed := planNeeded(c)
	d.h(2, "The plan")
	var n int
	for _, a := range c.Actions {
		if a.FromPrevious || a.Hidden() {
			continue
		}
		line := inline(a.What) + " — " + escapeLine(a.Owner)
		if !a.Due.IsZero() {
			line += ", by " + day(a.Due)
		}
		d.li(line)
		n++
	}
	switch {
	case n > 0:
		d.endList()
		d.p("Your social worker will go through the whole plan with you.")
	case needed:
		d.p("The core group will agree the detailed plan with you at its first meeting.")
	default:
		d.p("Your social worker will talk with you about what happens next.")
	}

	d.h(2, "Your lead social worker")
	if c.LeadSocialWorker != "" {
		d.p("Your lead social worker is " + escapeLine(c.LeadSocialWorker) +
			". They are the person to contact about the plan and about anything in this letter.")
	} else {
		d.p("Your lead social worker has not been named yet. Children's social care will tell you who it is.")
	}

	ds := c.Dates()
	if !ds.DecisionLetter.IsZero() {
		d.h(2, "What happens next")
		if needed {
			d.li("The core group, which includes you, will meet by " + day(ds.CoreGroup) + ".")
		}
		d.li("You will receive the minutes of the conference by " + day(ds.Minutes) + ".")
		if needed {
			d.li("The next review conference will be held by " + day(ds.Review) + ".")
		}
		d.endList()
	}

	d.h(2, "If you are unhappy or want to raise a concern")
	chair := "the independent chair of the conference"
	if ch, ok := c.Chair(); ok {
		chair += ", " + escapeLine(ch.Name)
	}
	d.p("If you disagree with the decision or are unhappy with how the conference was run, please speak " +
		"first to your social worker or to " + chair + ". They will listen and try to put things right.")
	d.p("If that does not resolve it, you can complain through the local safeguarding partnership's " +
		"complaints procedure. Your social worker can give you a copy and help you use it. You can ask a " +
		"friend, relative or advocate to help you.")
	return flush(w, &d)
}
