package e2e

import (
	"context"
	"regexp"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"confer/server/servertest"
	"confer/session"
)

const keyDown = "\x1b[B"
const keyUp = "\x1b[A"
const keyEsc = "\x1b"

// firstPanel is the title of the panel a step focuses first (tui/panes.go),
// where the minute-taker writes what is said at that step.
var firstPanel = map[string]string{
	session.StepWorries: "Harm", session.StepConcerns: "Harm", session.StepWorking: "What is working well",
	session.StepComplicat: "Complicating factors", session.StepFamily: "Family's views",
	session.StepDanger: "Danger statements", session.StepScaling: "Scaling",
	session.StepDecision: "Recommendations and decision", session.StepPlan: "Safety goals",
	session.StepDates: "Core group and dates", session.StepAttend: "Attendance", session.StepReports: "Reports received",
	session.StepProgress: "Progress against the previous plan",
}

// focusFollowsStep checks the minute-taker's focused panel (▸) is the
// first panel of the step the chair moved to.
func (c *conference) focusFollowsStep(key string) {
	c.t.Helper()
	want, ok := firstPanel[key]
	if !ok {
		want = "Harm" // steps that show every section start at Harm
	}
	c.screen(c.people["mt"], "▸ "+want)
}

// dialAs connects a terminal with this key and user name.
func (c *conference) dialAs(addr, user string, key gossh.Signer) *servertest.Client {
	c.t.Helper()
	term, err := servertest.Dial(addr, servertest.Options{User: user, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)}, Width: 140, Height: 45})
	if err != nil {
		c.t.Fatalf("%s connecting: %v", user, err)
	}
	c.t.Cleanup(func() { _ = term.Close() })
	return term
}

var inviteCode = regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}`)

// familyArrives covers the lobby and guest paths with two parents: the
// mother is in the people file but on no conference, and sees the
// conference appear when the chair adds her; the father is a guest who
// reconnects while waiting and is told he is waiting. Both end on the
// board as family.
func (c *conference) familyArrives(addr string, mum, dad *person) {
	c.t.Helper()
	chair := c.people["chair"]
	mum.term = c.dialAs(addr, mum.id, mum.key)
	c.screen(mum, "not part of any conference yet")

	c.send(chair, "P")
	c.screen(chair, "People")
	c.send(chair, "+")
	c.screen(chair, "Add a known person")
	// person: the only one not on the list; role: viewer → minute-taker →
	// family; joining: remotely.
	c.send(chair, keyEnter, keyRight, keyRight, keyEnter, keyEnter)
	c.until("the mother added", func(s session.Snapshot) bool {
		for _, a := range s.Attendees {
			if a.PersonID == mum.id && a.Role == session.RoleFamily {
				return true
			}
		}
		return false
	})
	// Her lobby lists the conference without her reconnecting.
	c.screen(mum, "Ref 2026/117")
	c.send(mum, keyEnter)
	c.screen(mum, "Confidentiality")
	c.send(mum, "y")

	c.send(chair, "I")
	scr := c.screen(chair, "Invite code")
	code := inviteCode.FindString(scr)
	if code == "" {
		c.t.Fatalf("no invite code on the chair's screen:\n%s", scr)
	}
	c.send(chair, keyEsc)
	dad.term = c.dialAs(addr, code, dad.key)
	c.screen(dad, "Your name")
	c.send(dad, dad.name, keyEnter, keyRight, keyEnter)
	c.screen(dad, "Waiting for the chair")
	_ = dad.term.Close()
	// Back without the spent code: still waiting, not "not registered".
	dad.term = c.dialAs(addr, "dad", dad.key)
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	scr, err := dad.term.WaitFunc(ctx, func(screen, _ string) bool {
		return strings.Contains(screen, "Waiting for the chair") || strings.Contains(screen, "not registered")
	})
	if err != nil || !strings.Contains(scr, "Waiting for the chair") {
		c.t.Fatalf("a waiting guest reconnecting: %v, screen:\n%s", err, scr)
	}
	// The chair admits him as family: the guest is the last row.
	for range 12 {
		c.send(chair, keyDown)
	}
	c.send(chair, "y")
	c.screen(chair, "Admit "+dad.name)
	c.send(chair, keyRight, keyRight, keyEnter) // choose → viewer → family
	c.screen(dad, "Confidentiality")
	c.send(dad, "y")
	c.screen(dad, "Quorum")
	c.screen(mum, "Quorum")
}

// excludeMother has the chair exclude the mother; the minute-taker writes
// while she is out; her screen says she is excluded and never shows it,
// while the father's does. The chair then lets her back in. It returns
// her attendee ID and what was said while she was out.
func (c *conference) excludeMother(mum, dad *person, secs int) (mumID, said string) {
	c.t.Helper()
	chair := c.people["chair"]
	for range 12 {
		c.send(chair, keyUp) // the chair's own row: not family, so the form starts at the first family member
	}
	c.send(chair, "X")
	c.screen(chair, "Exclude a family member")
	// Family member: Lisa Smith (in the room) → the mother; grounds: risk
	// to the child; no detail.
	c.send(chair, keyRight, keyEnter, keyRight, keyEnter, keyEnter)
	c.until("the mother excluded", func(s session.Snapshot) bool {
		for _, a := range s.Attendees {
			if a.PersonID == mum.id && s.ExcludedNow(a.ID) {
				mumID = a.ID
				return true
			}
		}
		return false
	})
	c.screen(chair, "EXCLUDED for now")
	c.screen(mum, "You are excluded from this part of the conference")
	said = "E2E said while the mother was out"
	c.addItem(0, secs, session.Harm, said)
	c.screen(dad, said)

	// Back in: the cursor goes to her row, X asks, y.
	s := c.hub.Snapshot()
	row := 0
	for i, a := range s.Attendees {
		if a.ID == mumID {
			row = i
		}
	}
	for range row {
		c.send(chair, keyDown)
	}
	c.send(chair, "X")
	c.screen(chair, "back into the conference?")
	c.send(chair, "y")
	c.until("the mother back", func(s session.Snapshot) bool { return !s.ExcludedNow(mumID) })
	c.screen(mum, "Quorum")
	c.send(chair, keyEsc)
	// Never on her screen, then or since.
	if out := mum.term.Output(); strings.Contains(out, said) {
		c.t.Fatalf("the excluded mother's terminal received what was said while she was out")
	}
	return mumID, said
}
