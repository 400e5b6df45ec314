package server

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"confer/server/servertest"
)

// TestEndToEnd drives the real app over real SSH: the chair moves the
// agenda, the minute-taker adds an item, both viewers see both, and a
// viewer's edit is refused without changing anything.
func TestEndToEnd(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	h := e.conference()
	ctx := waitCtx(t, 60*time.Second)

	ids := []string{"chair", "minutes", "viewer1", "viewer2"}
	clients := map[string]*servertest.Client{}
	for _, id := range ids {
		clients[id] = e.mustDial(id)
	}
	// Everyone meets the confidentiality statement first, then the board.
	for _, id := range ids {
		c := clients[id]
		if _, err := c.WaitFor(ctx, "Confidentiality"); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		if err := c.Send("y"); err != nil {
			t.Fatal(err)
		}
		if _, err := c.WaitFor(ctx, "Agenda"); err != nil {
			t.Fatalf("%s after accepting: %v", id, err)
		}
	}
	for _, at := range h.Snapshot().Attendees {
		if at.AcceptedAt.IsZero() {
			t.Fatalf("attendee %s: acceptance not recorded", at.ID)
		}
	}

	// The chair starts the agenda; every screen follows.
	if err := clients["chair"].Send("n"); err != nil {
		t.Fatal(err)
	}
	everyoneSees(t, ctx, clients, ids, "Step 1/")

	// The minute-taker writes on the board; every screen shows it.
	mt := clients["minutes"]
	if err := mt.Send("a"); err != nil {
		t.Fatal(err)
	}
	if _, err := mt.WaitFor(ctx, "Add to"); err != nil {
		t.Fatal(err)
	}
	if err := mt.Send("Dad shouted at gate\r"); err != nil {
		t.Fatal(err)
	}
	everyoneSees(t, ctx, clients, ids, "Dad shouted at gate")
	everyoneSees(t, ctx, clients, []string{"viewer1", "viewer2"}, "Step 1/")

	// A viewer's edit attempt is refused and changes nothing.
	before := h.Snapshot()
	v := clients["viewer1"]
	if err := v.Send("a"); err != nil {
		t.Fatal(err)
	}
	screen, err := v.WaitFor(ctx, "cannot")
	if err != nil {
		t.Fatalf("viewer pressing a: %v, want a refusal", err)
	}
	for _, line := range strings.Split(screen, "\n") {
		if strings.Contains(line, "cannot") {
			t.Logf("viewer sees: %s", strings.TrimSpace(line))
		}
	}
	if strings.Contains(screen, "Add to") {
		t.Fatalf("viewer got the add form:\n%s", screen)
	}
	after := h.Snapshot()
	if after.Seq != before.Seq || len(after.Items) != len(before.Items) {
		t.Fatalf("after a viewer's edit attempt: seq %d items %d, want seq %d items %d",
			after.Seq, len(after.Items), before.Seq, len(before.Items))
	}
	if len(after.Items) != 1 || after.Items[0].Text != "Dad shouted at gate" || after.Step != 0 {
		t.Fatalf("board: got %d items, step %d, want the one item at step 0", len(after.Items), after.Step)
	}
	// Presence is visible: the chair's people panel shows everyone
	// connected.
	if got := len(h.Snapshot().Connected); got != 4 {
		t.Fatalf("connected attendees: got %d, want 4", got)
	}
}

func everyoneSees(t *testing.T, ctx context.Context, clients map[string]*servertest.Client, ids []string, want string) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make([]error, len(ids))
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = clients[id].WaitFor(ctx, want)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("%s waiting for %q: %v", ids[i], want, err)
		}
	}
}

// TestTinyTerminals connects with degenerate sizes; the server must keep
// serving everyone.
func TestTinyTerminals(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	e.conference()
	ctx := waitCtx(t, 30*time.Second)
	for _, size := range [][2]int{{1, 1}, {2, 1}, {300, 2}, {10, 200}} {
		c, err := e.dial(e.keys["viewer1"], "x", servertest.Options{Width: size[0], Height: size[1]})
		if err != nil {
			t.Fatalf("%dx%d: %v", size[0], size[1], err)
		}
		if _, err := c.WaitFunc(ctx, func(_, out string) bool { return len(out) > 0 }); err != nil {
			t.Fatalf("%dx%d: no output: %v", size[0], size[1], err)
		}
		_ = c.Send("y")
		c.Close()
	}
	c := e.mustDial("viewer2")
	if _, err := c.WaitFor(ctx, "Confidentiality"); err != nil {
		t.Fatalf("after tiny terminals: %v", err)
	}
}
