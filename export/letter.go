package export

import (
	"io"
	"strings"
	"time"

	"confer/session"
)

// Letter writes the plain-language decision letter for the family. It is
// built from the family view only, so nothing restricted can reach it, and
// written for a reader of about 11 (see plain.go).
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
	d.li("**To:** the parents and carers of " + list(kids))
	d.li("**Date of this letter:** " + day(letterDate(c)))
	if ch, ok := c.Chair(); ok {
		d.li("**From:** " + nameAgency(ch) + ", chair of the meeting")
	}
	d.li("**Version of the record:** " + versionLine(c))
	d.endList()
	where := ""
	if c.Venue != "" {
		where = " at " + escapeLine(c.Venue)
	}
	d.p("We met to talk about your family on " + day(c.Date) + where + ". " +
		"It was a " + strings.ToLower(meetingWord(c.Type)) + ". " +
		"This letter tells you what we decided and why. It tells you what happens next. " +
		"The full notes of the meeting will follow.")

	d.h(2, "What we decided")
	for _, ch := range c.Children {
		d.p(decidedFor(c, ch))
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
	d.h(2, "Safety goals")
	if safetyGoals(&d, c) == 0 {
		if needed {
			d.p("The core group will agree the safety goals with you.")
		} else {
			d.p("Your social worker will talk with you about what needs to change.")
		}
	}

	d.h(2, "The plan")
	var n int
	for _, a := range c.Actions {
		if a.FromPrevious || a.Hidden() {
			continue
		}
		d.li(actionLine(a))
		n++
	}
	switch {
	case n > 0:
		d.endList()
		d.p("Your social worker will go through the whole plan with you.")
	case needed:
		d.p("The core group will agree the plan with you when it first meets.")
	default:
		d.p("Your social worker will talk with you about what happens next.")
	}

	d.h(2, "Your lead social worker")
	if c.LeadSocialWorker != "" {
		d.p("Your lead social worker is " + escapeLine(c.LeadSocialWorker) + ". " +
			"Contact them about the plan. You can also contact them about this letter.")
	} else {
		d.p("We have not named your lead social worker yet. Children's social care will tell you who it is.")
	}

	d.h(2, "What happens next")
	whatNext(&d, c)

	d.h(2, "Who sent this letter")
	if ch, ok := c.Chair(); ok {
		d.p(escapeLine(ch.Name) + " sent this letter. They chaired the meeting.")
	}
	if n, ok := c.Details.Text[session.FieldContact]; ok && strings.TrimSpace(n.Text) != "" {
		d.p("**How to reach us:**\\\n" + block(n.Text, ""))
	} else {
		d.p("To reach us, ask your social worker to pass on a message.")
	}

	d.h(2, "Help and advice")
	d.p("You can get free help and advice. You may want to talk to:")
	d.li("a solicitor who works in family law")
	d.li("Citizens Advice (citizensadvice.org.uk)")
	d.li("Family Rights Group, a charity that helps families (frg.org.uk)")
	d.endList()

	d.h(2, "Other formats and languages")
	d.p("You can ask for this letter in large print or Braille. You can ask for it in another language. " +
		"You can ask for someone to read it to you. Ask your social worker.")

	howToComplain(&d, c)
	return flush(w, &d)
}

// letterDate is the date the letter carries: the day the meeting ended,
// or the meeting's date while it runs. It reads no clock, so the same
// conference always gives the same letter.
func letterDate(c *session.Conference) time.Time {
	if !c.Ended.IsZero() {
		return c.Ended
	}
	return c.Date
}

// meetingWord names the kind of meeting in plain words.
func meetingWord(t session.ConferenceType) string {
	switch t {
	case session.Review:
		return "Review meeting to check how the child protection plan is going"
	case session.PreBirth:
		return "Meeting before the baby is born"
	case session.TransferIn:
		return "Meeting to take on a plan from another area"
	}
	return "First child protection meeting"
}
