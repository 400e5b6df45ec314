package session

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"confer/session/sessiontest"
)

// failingJournal is an in-memory journal that starts failing every append once
// told to, as a journal does after a failed commit.
type failingJournal struct {
	*sessiontest.Journal
	fail atomic.Bool
}

var errDisk = errors.New("disk on fire")

func (j *failingJournal) Append(conf string, seq uint64, data []byte) <-chan error {
	if j.fail.Load() {
		ch := make(chan error, 1)
		ch <- errDisk
		return ch
	}
	return j.Journal.Append(conf, seq, data)
}

// TestJournalFailureStopsTheHub: a change that cannot be saved is never
// shown, and the conference refuses further changes rather than risk a gap.
func TestJournalFailureStopsTheHub(t *testing.T) {
	j := &failingJournal{Journal: sessiontest.NewJournal()}
	f := newFixture(t, j)
	before := f.snap()
	j.fail.Store(true)
	err := f.hub.Do(context.Background(), Command{By: mtActor, Op: AddItem{Section: Harm, Text: "lost"}})
	if !errors.Is(err, ErrClosed) {
		t.Fatalf("unsaved change: got %v, want ErrClosed", err)
	}
	if after := f.snap(); after.Version != before.Version || !reflect.DeepEqual(after.Conference, before.Conference) {
		t.Fatal("a change that was not saved was published")
	}
	if !errors.Is(f.hub.Failed(), errDisk) {
		t.Fatalf("Failed: got %v, want the journal's error", f.hub.Failed())
	}
	// Even once the journal works again, this hub stays stopped: its next
	// sequence number may already be taken or skipped on disk.
	j.fail.Store(false)
	if err := f.hub.Do(context.Background(), Command{By: mtActor, Op: AddItem{Section: Harm, Text: "later"}}); !errors.Is(err, ErrClosed) {
		t.Fatalf("change after a failure: got %v, want ErrClosed", err)
	}
	if got, want := j.Len(f.hub.ID()), int(before.Seq); got != want {
		t.Fatalf("journal: got %d events, want %d", got, want)
	}
	if Message(err) == "" || Message(err)[0] < 'A' || Message(err)[0] > 'Z' {
		t.Fatalf("message: got %q, want a sentence", Message(err))
	}

	// A conference that cannot be saved is not created, and its ID is free
	// again.
	j.fail.Store(true)
	op := CreateConference{ID: "retry", Type: Initial, Date: time.Now(), Children: []Child{{Name: "A"}}}
	if _, err := f.svc.Create(context.Background(), chairActor, op); !errors.Is(err, ErrClosed) {
		t.Fatalf("create with a failing journal: got %v, want ErrClosed", err)
	}
	if _, ok := f.svc.Hub("retry"); ok {
		t.Fatal("an unsaved conference is listed")
	}
	j.fail.Store(false)
	if _, err := f.svc.Create(context.Background(), chairActor, op); err != nil {
		t.Fatalf("create after the journal recovered: %v", err)
	}
}

func TestServiceCreateChecks(t *testing.T) {
	svc, err := Open(sessiontest.NewJournal(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	ok := CreateConference{Type: Initial, Date: time.Now(), Children: []Child{{Name: "A"}}}
	cases := []struct {
		name string
		by   Actor
		edit func(*CreateConference)
		want error
	}{
		{"may not chair", viewerActor, func(*CreateConference) {}, ErrNotPermitted},
		{"no children", chairActor, func(o *CreateConference) { o.Children = nil }, ErrInvalid},
		{"no date", chairActor, func(o *CreateConference) { o.Date = time.Time{} }, ErrInvalid},
		{"unknown type", chairActor, func(o *CreateConference) { o.Type = "party" }, ErrInvalid},
		{"ID with an escape", chairActor, func(o *CreateConference) { o.ID = "c1\x1b[2J" }, ErrInvalid},
		{"ID with a slash", chairActor, func(o *CreateConference) { o.ID = "../etc" }, ErrInvalid},
		{"child name empty after cleaning", chairActor, func(o *CreateConference) { o.Children = []Child{{Name: "\x1b[31m"}} }, ErrInvalid},
	}
	for _, tc := range cases {
		op := ok
		tc.edit(&op)
		if _, err := svc.Create(context.Background(), tc.by, op); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
	}
	if n := len(svc.Hubs()); n != 0 {
		t.Fatalf("refused creations left %d conferences", n)
	}
	op := ok
	op.ID = "dup"
	if _, err := svc.Create(context.Background(), chairActor, op); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Create(context.Background(), chairActor, op); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate ID: got %v, want ErrConflict", err)
	}
}

func TestMembershipAndInvites(t *testing.T) {
	f := newFixture(t, nil)
	ms := f.svc.For(familyActor)
	if len(ms) != 1 || ms[0].Role != RoleFamily || ms[0].ConferenceID != f.hub.ID() || len(ms[0].Children) != 2 {
		t.Fatalf("family guest's memberships: got %+v", ms)
	}
	if ms := f.svc.For(noneActor); len(ms) != 0 {
		t.Fatalf("outsider's memberships: got %+v", ms)
	}
	if h, ok := f.svc.FindInvite("spare code"); !ok || h != f.hub {
		t.Fatal("FindInvite: codes match whatever the case and separators")
	}
	if _, ok := f.svc.FindInvite("NOPE"); ok {
		t.Fatal("FindInvite found a code that does not exist")
	}
	// A guest waiting in the lobby cannot take a second place with another
	// code.
	f.do(t, chairActor, CreateInvite{Hash: HashCode("THIRD"), Expires: f.clk.Now().Add(time.Hour)})
	err := f.hub.Do(context.Background(), Command{By: guestActor, Op: RedeemInvite{Hash: HashCode("THIRD"), Name: "Again", Agency: "X"}})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("second redeem while waiting: got %v, want ErrConflict", err)
	}
	// A used code cannot be used again, and an expired one not at all.
	f.do(t, noneActor, RedeemInvite{Hash: HashCode(f.code), Name: "Stranger", Agency: "Police"})
	other := Actor{ID: "o", Fingerprint: "SHA256:other"}
	if err := f.hub.Do(context.Background(), Command{By: other, Op: RedeemInvite{Hash: HashCode(f.code), Name: "O", Agency: "P"}}); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("used code: got %v, want ErrNotPermitted", err)
	}
	f.do(t, chairActor, CreateInvite{Hash: HashCode("SHORT"), Expires: f.clk.Now().Add(2 * time.Second)})
	f.clk.Now()
	f.clk.Now()
	if err := f.hub.Do(context.Background(), Command{By: other, Op: RedeemInvite{Hash: HashCode("SHORT"), Name: "O", Agency: "P"}}); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("expired code: got %v, want ErrNotPermitted", err)
	}
	// Malformed hashes are refused (only hex from HashCode is stored).
	if err := f.hub.Do(context.Background(), Command{By: chairActor, Op: CreateInvite{Hash: "\x1b" + HashCode("x")[1:], Expires: f.clk.Now().Add(time.Hour)}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("malformed hash: got %v, want ErrInvalid", err)
	}
}

func TestMessage(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{nil, ""},
		{ErrEnded, "The conference has ended"},
		{permit(&checkCtx{role: RoleViewer}, PermMoveAgenda), "A viewer cannot move the agenda"},
		{permit(&checkCtx{}, PermJoin), "Only people admitted to this conference can join"},
		{fmt.Errorf("wrapped: %w", refuse(ErrInvalid, "the name is empty")), "The name is empty"},
		{errors.New("open /var/confer/journal: permission denied"), SomethingWentWrong},
		{fmt.Errorf("%w: raw detail", ErrInvalid), SomethingWentWrong},
		{context.Canceled, SomethingWentWrong},
	}
	for _, tc := range cases {
		if got := ErrorMessage(tc.err); got != tc.want {
			t.Errorf("ErrorMessage(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}
