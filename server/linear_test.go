package server

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"confer/server/servertest"
	"confer/session"
)

// linearPeople are testPeople and a parent.
var linearPeople = append(append([]Person(nil), testPeople...),
	Person{ID: "mum", Name: "Dana Smith", Agency: "", Profession: "Mother"})

// dialLinear connects as a person in linear mode, as
// ssh -o SetEnv=CONFER_MODE=linear does, and accepts the confidentiality
// statement.
func (e *env) dialLinear(ctx context.Context, id string) *servertest.Client {
	e.t.Helper()
	c, err := e.dial(e.keys[id], id, servertest.Options{Env: map[string]string{"CONFER_MODE": "linear"}})
	if err != nil {
		e.t.Fatalf("dial as %s: %v", id, err)
	}
	e.t.Cleanup(func() { c.Close() })
	waitOutput(e.t, ctx, c, id, "Press y to accept")
	if err := c.Send("y"); err != nil {
		e.t.Fatal(err)
	}
	waitOutput(e.t, ctx, c, id, "Press b for the board")
	return c
}

// waitOutput waits until everything printed to a terminal contains want.
func waitOutput(t *testing.T, ctx context.Context, c *servertest.Client, who, want string) string {
	t.Helper()
	var out string
	if _, err := c.WaitFunc(ctx, func(_, o string) bool { out = o; return strings.Contains(o, want) }); err != nil {
		t.Fatalf("%s: waiting for %q: %v\noutput:\n%s", who, want, err, out)
	}
	return out
}

// send types keys on a terminal, one write each, as a person would.
func send(t *testing.T, c *servertest.Client, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if err := c.Send(k); err != nil {
			t.Fatalf("typing %q: %v", k, err)
		}
	}
}

// plainStream checks the raw bytes of a linear terminal: no escape
// sequences at all (so no cursor movement and no alternate screen), and
// every line ended with CRLF.
func plainStream(t *testing.T, who string, raw []byte) {
	t.Helper()
	if i := bytes.IndexByte(raw, 0x1b); i >= 0 {
		t.Errorf("%s: ESC at byte %d of the raw stream: %q", who, i, raw[max(0, i-40):min(len(raw), i+40)])
	}
	if i := bytes.Index(bytes.ReplaceAll(raw, []byte("\r\n"), nil), []byte("\n")); i >= 0 {
		t.Errorf("%s: a line ended with a bare LF", who)
	}
}

func once(t *testing.T, who, out, sentence string) {
	t.Helper()
	if n := strings.Count(out, sentence); n != 1 {
		t.Errorf("%s heard %q %d times, want once\noutput:\n%s", who, sentence, n, out)
	}
}

// TestLinearScalingRoundOverSSH runs a scaling round from start to end in
// linear mode over real SSH: the chair opens it and reveals it, a viewer
// scores with a reason, and each change is announced to each of them once,
// in a stream without a single escape sequence.
func TestLinearScalingRoundOverSSH(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	h := e.conference()
	ctx := waitCtx(t, 60*time.Second)
	chair := e.dialLinear(ctx, "chair")
	viewer := e.dialLinear(ctx, "viewer1")
	waitOutput(t, ctx, chair, "chair", "Vic Viewer (Health) joined.")

	send(t, chair, "n")
	waitOutput(t, ctx, viewer, "viewer", "Chair moved to step 1 of 16: Welcome, purpose and confidentiality.")

	mt := e.actors["minutes"]
	if err := h.Do(ctx, session.Command{By: mt, Op: session.AddItem{Section: session.Worries, Text: "Dad drinks at night"}}); err != nil {
		t.Fatal(err)
	}
	waitOutput(t, ctx, viewer, "viewer", "Minute-taker added an item to Danger and worries: Dad drinks at night.")

	// The chair opens a round: one child, so only the question is asked.
	send(t, chair, "o")
	waitOutput(t, ctx, chair, "chair", "Question (or press enter for the usual 0 to 10 question):")
	send(t, chair, "\r")
	opened := "Scaling round opened for Child A: 0 means very worried, 10 means safe. You have not scored. Press s to score."
	waitOutput(t, ctx, viewer, "viewer", opened)

	// The viewer scores, one field per line, correcting a typo.
	send(t, viewer, "s")
	waitOutput(t, ctx, viewer, "viewer", "Score from 0 to 10:")
	send(t, viewer, "66", "\x7f", "\r")
	waitOutput(t, ctx, viewer, "viewer", "What makes it that number for you?")
	send(t, viewer, "Gran visits daily\r")
	waitOutput(t, ctx, viewer, "viewer", "You scored: 6, because Gran visits daily.")
	waitOutput(t, ctx, chair, "chair", "Vic Viewer scored. Scores stay sealed")

	send(t, chair, "r", "2\r")
	revealed := "Scores revealed for Child A: Vic Viewer 6, because Gran visits daily. Lowest 6, median 6, highest 6."
	waitOutput(t, ctx, chair, "chair", revealed)
	revealedToViewer := strings.Replace(revealed, "Vic Viewer 6", "You 6", 1)
	waitOutput(t, ctx, viewer, "viewer", revealedToViewer)
	send(t, chair, "c", "2\r")
	closed := "The scaling round for Child A is closed; the scores are final."
	waitOutput(t, ctx, viewer, "viewer", closed)
	out := waitOutput(t, ctx, chair, "chair", closed)

	// The chair hears nothing sealed: who scored, never the value.
	if strings.Contains(out, "Vic Viewer scored: 6") {
		t.Errorf("the chair heard a sealed score:\n%s", out)
	}
	// A viewer's refusal is announced in the session's words.
	send(t, viewer, "n")
	vout := waitOutput(t, ctx, viewer, "viewer", "cannot move the agenda")

	for _, s := range []string{"Chair moved to step 1 of 16", "Minute-taker added an item", opened, revealedToViewer, closed} {
		once(t, "viewer", vout, s)
	}
	for _, s := range []string{"Vic Viewer scored.", revealed, closed} {
		once(t, "chair", out, s)
	}
	if rs := h.Snapshot().Rounds; len(rs) != 1 {
		t.Errorf("%d rounds, want 1", len(rs))
	} else if r := rs[0]; len(r.Scores) != 1 || r.Scores[0].Value != 6 || r.State != session.RoundClosed {
		t.Errorf("round after the linear round: %+v, want one score of 6, closed", r)
	}
	plainStream(t, "chair", []byte(chair.RawOutput()))
	plainStream(t, "viewer", []byte(viewer.RawOutput()))
	if testing.Verbose() {
		t.Logf("chair heard:\n%s\nviewer heard:\n%s", chair.Output(), viewer.Output())
	}
}

// TestLinearFamilyHearsNothingWithheld: a parent in linear mode hears
// neither a restricted item nor anything from a closed segment, whatever
// they ask to have read out, and hears "closed segment in progress" and
// nothing else while it lasts.
func TestLinearFamilyHearsNothingWithheld(t *testing.T) {
	e := newEnv(t, linearPeople, nil, nil)
	h := e.conference()
	ctx := waitCtx(t, 60*time.Second)
	chair, mt := e.actors["chair"], e.actors["minutes"]
	do := func(by session.Actor, op session.Op) {
		t.Helper()
		if err := h.Do(ctx, session.Command{By: by, Op: op}); err != nil {
			t.Fatalf("%T: %v", op, err)
		}
	}
	do(chair, session.AddAttendee{PersonID: "mum", Name: "Dana Smith", Relationship: "Mother", Role: session.RoleFamily,
		Attendance: session.Present, Remote: true})
	do(chair, session.GoToStep{Index: 7})
	mum := e.dialLinear(ctx, "mum")

	do(mt, session.AddItem{Section: session.Worries, Text: "SECRET-RESTRICTED neighbour account", Restricted: true})
	do(mt, session.AddItem{Section: session.Worries, Text: "Open worry everyone hears"})
	waitOutput(t, ctx, mum, "mum", "Open worry everyone hears")

	do(chair, session.StartClosedSegment{})
	waitOutput(t, ctx, mum, "mum", "Closed segment in progress.")
	do(mt, session.AddItem{Section: session.Worries, Text: "SECRET-CLOSED police material"})
	do(chair, session.OpenRound{ChildID: h.Snapshot().Children[0].ID, Question: "SECRET-ROUND question"})
	do(chair, session.GoToStep{Index: 8})
	// Whatever the parent presses, they hear only that it is closed.
	var out string
	for i, k := range []string{"b", "B", "P", "w", "s"} {
		send(t, mum, k)
		if _, err := mum.WaitFunc(ctx, func(_, o string) bool {
			out = o
			return strings.Count(o, "Closed segment in progress.") >= i+2
		}); err != nil {
			t.Fatalf("mum pressing %s in a closed segment: %v\n%s", k, err, out)
		}
	}
	r, _ := h.Snapshot().OpenRound()
	do(chair, session.CloseRound{RoundID: r.ID})
	do(chair, session.EndClosedSegment{})
	waitOutput(t, ctx, mum, "mum", "The closed segment has ended.")
	send(t, mum, "B", "P", "w")
	if _, err := mum.WaitFunc(ctx, func(_, o string) bool {
		out = o
		return strings.Count(o, "You are a family member.") == 2
	}); err != nil {
		t.Fatalf("mum reading the board after the closed segment: %v\n%s", err, out)
	}
	if strings.Contains(out, "SECRET") {
		t.Errorf("the parent heard something withheld from them:\n%s", out)
	}
	once(t, "mum", out, "Chair moved to step 9 of 16: What complicates things.")
	if !strings.Contains(out, "2 not shown to you") {
		t.Errorf("the board read to the parent does not say two items are not shown:\n%s", out)
	}
	plainStream(t, "mum", []byte(mum.RawOutput()))
}

// TestLinearModeRemembered: pressing M in linear mode makes linear mode the
// person's mode on their next connection without CONFER_MODE, and
// CONFER_MODE=full still gives the full screen.
func TestLinearModeRemembered(t *testing.T) {
	var dir string
	e := newEnv(t, testPeople, func(c *Config) { dir = t.TempDir(); c.PrefsDir = dir }, nil)
	e.conference()
	ctx := waitCtx(t, 60*time.Second)
	v := e.dialLinear(ctx, "viewer1")
	send(t, v, "M")
	waitOutput(t, ctx, v, "viewer", "When you connect without CONFER_MODE, use: 1. this linear mode. 2. the full screen.")
	send(t, v, "1\r")
	waitOutput(t, ctx, v, "viewer", "Linear mode will be used every time you connect")
	v.Close()

	again := e.mustDial("viewer1")
	waitOutput(t, ctx, again, "viewer", "Press y to accept")
	plainStream(t, "viewer reconnecting", []byte(again.RawOutput()))

	full, err := e.dial(e.keys["viewer1"], "viewer1", servertest.Options{Env: map[string]string{"CONFER_MODE": "full"}})
	if err != nil {
		t.Fatal(err)
	}
	defer full.Close()
	if _, err := full.WaitFor(ctx, "Confidentiality"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains([]byte(full.RawOutput()), []byte("\x1b[")) {
		t.Errorf("CONFER_MODE=full did not give the full screen")
	}

	// Choosing the full screen again is remembered too.
	send(t, again, "y")
	waitOutput(t, ctx, again, "viewer", "Press b for the board")
	send(t, again, "M", "2\r")
	waitOutput(t, ctx, again, "viewer", "The full screen will be used from your next connection.")
	back := e.mustDial("viewer1")
	if _, err := back.WaitFor(ctx, "Confidentiality"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains([]byte(back.RawOutput()), []byte("\x1b[")) {
		t.Errorf("after choosing the full screen, the next connection was not full screen")
	}
}

// TestLinearEachChangeOnce makes one change of each kind and checks that a
// viewer in linear mode hears each exactly once, as a sentence.
func TestLinearEachChangeOnce(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	h := e.conference()
	ctx := waitCtx(t, 60*time.Second)
	chair, mt := e.actors["chair"], e.actors["minutes"]
	v := e.dialLinear(ctx, "viewer2")
	do := func(by session.Actor, op session.Op) {
		t.Helper()
		if err := h.Do(ctx, session.Command{By: by, Op: op}); err != nil {
			t.Fatalf("%T: %v", op, err)
		}
	}
	child := h.Snapshot().Children[0].ID
	var heard []string
	hear := func(s string) {
		t.Helper()
		waitOutput(t, ctx, v, "viewer", s)
		heard = append(heard, s)
	}

	other := e.dialLinear(ctx, "viewer1")
	hear("Vic Viewer (Health) joined.")
	do(chair, session.GoToStep{Index: 7})
	hear("Chair moved to step 8 of 16: What we are worried about.")
	do(mt, session.AddItem{Section: session.Harm, Text: "Bruise on 3 March"})
	hear("Minute-taker added an item to Harm: Bruise on 3 March.")
	item := h.Snapshot().Items[0].ID
	do(mt, session.EditItem{ID: item, Text: "Bruise on 4 March"})
	hear("An item in Harm now reads: Bruise on 4 March.")
	do(mt, session.EditItem{ID: item, Text: "Bruise on 4 March", Restricted: true})
	hear("An item in Harm is now restricted, not shown to the family: Bruise on 4 March.")
	do(chair, session.OpenRound{ChildID: child})
	hear("Scaling round opened for Child A: 0 means very worried, 10 means safe. You have not scored. Press s to score.")
	r, _ := h.Snapshot().OpenRound()
	do(e.actors["viewer1"], session.CastScore{RoundID: r.ID, Value: 4, Reason: "Worried"})
	hear("Vic Viewer scored. Scores stay sealed until the chair reveals them; 1 person has scored.")
	do(chair, session.RevealRound{RoundID: r.ID})
	hear("Scores revealed for Child A: Vic Viewer 4, because Worried. Lowest 4, median 4, highest 4.")
	do(chair, session.CloseRound{RoundID: r.ID})
	hear("The scaling round for Child A is closed; the scores are final.")
	do(chair, session.StartClosedSegment{})
	hear("Closed segment started: the family is excluded, and everything recorded now is restricted.")
	do(chair, session.EndClosedSegment{})
	hear("Closed segment ended: the family sees the board again.")
	do(chair, session.AskRecommendations{Open: true})
	hear("The chair is asking everyone for their recommendation. Press v to give yours.")
	do(e.actors["viewer1"], session.Recommend{ChildID: child, Outcome: session.OutcomeCINPlan, Reason: "Support at home"})
	hear("Vic Viewer recommended for Child A: Child in need plan. Reason: Support at home.")
	do(chair, session.ProceedWithoutQuorum{Reason: "All agencies sent reports"})
	do(chair, session.Decide{ChildID: child, Outcome: session.OutcomeCPPlan, Category: session.CategoryNeglect, Reasons: "Repeated harm"})
	hear("Decision recorded for Child A: Child protection plan, category neglect. Reasons: Repeated harm.")
	do(e.actors["viewer1"], session.RecordDissent{ChildID: child, Text: "A plan is too much"})
	hear("Vic Viewer recorded dissent for Child A: A plan is too much.")
	due := time.Now().AddDate(0, 1, 0)
	do(chair, session.AddAction{What: "Visit weekly", Owner: "Social worker", Due: due})
	hear("Action added: Visit weekly. Owner: Social worker. Due " + due.In(session.London).Format("Monday 2 January 2006") + ".")
	at, _ := h.Snapshot().AttendeeFor(e.actors["viewer1"])
	do(chair, session.SetRole{AttendeeID: at.ID, Role: session.RoleMinuteTaker})
	hear("Vic Viewer is now minute-taker.")
	send(t, other, "q", "2\r")
	hear("Vic Viewer left.")
	// Status messages are announced too: a refusal, in the session's words.
	send(t, v, "o")
	hear("A viewer cannot open a scaling round.")
	// A burst of keys that do nothing is answered once per read, not once
	// a character.
	send(t, v, strings.Repeat("z", 4<<10))
	hear("Press ? to hear the keys you can use.")

	out := v.Output()
	for _, s := range heard[:len(heard)-1] {
		once(t, "viewer", out, s)
	}
	if n := strings.Count(out, "Press ? to hear the keys you can use."); n > 8 {
		t.Errorf("4 KiB of keys were answered with %d hints, want a few", n)
	}
	plainStream(t, "viewer", []byte(v.RawOutput()))
}

// TestLinearModeChosenByTerm: CONFER_MODE is read in any case, and a
// terminal that cannot address its cursor (TERM=dumb) gets the linear mode.
func TestLinearModeChosenByTerm(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	e.conference()
	ctx := waitCtx(t, 30*time.Second)
	for _, o := range []servertest.Options{{Term: "dumb"}, {Env: map[string]string{"CONFER_MODE": "Linear"}}} {
		c, err := e.dial(e.keys["viewer1"], "viewer1", o)
		if err != nil {
			t.Fatal(err)
		}
		waitOutput(t, ctx, c, "viewer", "Press y to accept")
		plainStream(t, "viewer", []byte(c.RawOutput()))
		c.Close()
	}
}

// TestLinearFlood: a linear terminal that keeps typing faster than its
// budget is read no faster, warned in a sentence, then closed, like a full
// screen one.
func TestLinearFlood(t *testing.T) {
	e := newEnv(t, testPeople, func(c *Config) {
		c.Limits.InputRate, c.Limits.InputBurst = 200, 200
		c.Limits.FloodWarn, c.Limits.FloodClose = 300*time.Millisecond, 2*time.Second
	}, nil)
	e.conference()
	ctx := waitCtx(t, 30*time.Second)
	v := e.dialLinear(ctx, "viewer1")
	stop := make(chan struct{})
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if v.Send(strings.Repeat("z", 512)) != nil {
				return
			}
		}
	}()
	defer close(stop)
	waitOutput(t, ctx, v, "viewer", "You are sending faster than confer accepts: slow down, or this connection will be closed.")
	waitOutput(t, ctx, v, "viewer", "Closed: this terminal kept sending faster than confer accepts.")
	plainStream(t, "viewer", []byte(v.RawOutput()))
}

// TestLinearFirstChair: the first-run chair can set confer up in linear
// mode, over SSH, and is then a person who may chair.
func TestLinearFirstChair(t *testing.T) {
	e := newEnv(t, testPeople[1:], nil, nil) // nobody may chair
	code := e.srv.BootstrapCode()
	ctx := waitCtx(t, 30*time.Second)
	c, err := e.dial(servertest.NewKey(), code, servertest.Options{Env: map[string]string{"CONFER_MODE": "linear"}})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	waitOutput(t, ctx, c, "first chair", "Your name:")
	send(t, c, "Pat O'Chair\r", "Children's Social Care\r")
	waitOutput(t, ctx, c, "first chair", "You are registered as someone who may chair.")
	waitOutput(t, ctx, c, "first chair", "Type n and press enter to create a conference.")
	if e.srv.BootstrapCode() != "" {
		t.Errorf("the first-run code still works after the claim")
	}
	plainStream(t, "first chair", []byte(c.RawOutput()))
}
