package server

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"confer/server/servertest"
	"confer/session"
)

// expectRefused dials and wants the SSH handshake to fail authentication.
func expectRefused(t *testing.T, e *env, key gossh.Signer, user, why string) {
	t.Helper()
	c, err := e.dial(key, user, servertest.Options{})
	if err == nil {
		c.Close()
		t.Fatalf("%s: connected, want refused at authentication", why)
	}
	if !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("%s: got error %v, want an authentication failure", why, err)
	}
}

// expectAdmitted dials and waits for the server to resolve the session;
// it returns the options the app was started with.
func expectAdmitted(t *testing.T, e *env, key gossh.Signer, user, why string) (*servertest.Client, int) {
	t.Helper()
	before := len(e.resolvedOptions())
	c, err := e.dial(key, user, servertest.Options{})
	if err != nil {
		t.Fatalf("%s: %v, want admitted", why, err)
	}
	t.Cleanup(func() { c.Close() })
	waitResolved(t, e, before)
	return c, before
}

// waitResolved waits until more than n sessions have been resolved.
func waitResolved(t *testing.T, e *env, n int) {
	t.Helper()
	ctx := waitCtx(t, 10*time.Second)
	for len(e.resolvedOptions()) <= n {
		select {
		case <-ctx.Done():
			t.Fatal("session never started")
		case <-time.After(5 * time.Millisecond):
		}
	}
}

func TestUnknownKeyRefused(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	expectRefused(t, e, servertest.NewKey(), "chair", "unknown key, user name of a person")
	expectRefused(t, e, servertest.NewKey(), "ABCD-EFGH-JKLM", "unknown key, made-up code")
}

func TestKnownKeyResolvesPerson(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	_, i := expectAdmitted(t, e, e.keys["viewer1"], "whatever", "known key")
	got := e.resolvedOptions()[i]
	want := e.actors["viewer1"]
	if got.Actor != want {
		t.Fatalf("actor: got %+v, want %+v", got.Actor, want)
	}
	if got.Invite != "" || got.Claim != nil {
		t.Fatalf("known person got invite %q / claim %v, want neither", got.Invite, got.Claim != nil)
	}
}

func TestInvites(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	h := e.conference()
	ctx := context.Background()
	invite := func(life time.Duration) string {
		code := session.NewInviteCode()
		err := h.Do(ctx, session.Command{By: e.actors["chair"], Op: session.CreateInvite{
			Hash: session.HashCode(code), Expires: time.Now().Add(life)}})
		if err != nil {
			t.Fatalf("create invite: %v", err)
		}
		return code
	}

	// A valid invite lets an unknown key in as a guest, with the code.
	valid := invite(time.Hour)
	guestKey := servertest.NewKey()
	_, i := expectAdmitted(t, e, guestKey, strings.ToLower(valid), "valid invite (typed in lower case)")
	o := e.resolvedOptions()[i]
	wantFP := gossh.FingerprintSHA256(guestKey.PublicKey())
	if o.Actor.ID != "" || o.Actor.Fingerprint != wantFP || o.Actor.MayChair || o.Actor.Admin {
		t.Fatalf("guest actor: got %+v, want only fingerprint %s", o.Actor, wantFP)
	}
	if o.Invite == "" {
		t.Fatalf("guest options: got no invite code, want %q", valid)
	}
	_, port, _ := net.SplitHostPort(e.addr)
	if got, want := o.InviteCommand("ABCD-EFGH"), "ssh -p "+port+" ABCD-EFGH@127.0.0.1"; got != want {
		t.Fatalf("invite command: got %q, want %q", got, want)
	}

	// Once redeemed, the code lets nobody else in, but its guest may come
	// back without it while waiting.
	if err := h.Do(ctx, session.Command{By: o.Actor, Op: session.RedeemInvite{
		Hash: session.HashCode(valid), Name: "Gail Guest", Agency: "School"}}); err != nil {
		t.Fatalf("redeem: %v", err)
	}
	expectRefused(t, e, servertest.NewKey(), valid, "used invite, other key")
	expectAdmitted(t, e, guestKey, "anything", "waiting guest coming back without the code")

	// A turned-away guest is refused.
	g, ok := h.Snapshot().GuestFor(wantFP)
	if !ok {
		t.Fatal("guest record not found after redeeming")
	}
	if err := h.Do(ctx, session.Command{By: e.actors["chair"], Op: session.TurnAwayGuest{GuestID: g.ID}}); err != nil {
		t.Fatalf("turn away: %v", err)
	}
	expectRefused(t, e, guestKey, "anything", "turned-away guest")

	// An expired invite is refused.
	expiring := invite(time.Minute)
	e.setClock(time.Now().Add(2 * time.Minute))
	expectRefused(t, e, servertest.NewKey(), expiring, "expired invite")
	e.setClock(time.Time{})
	expectAdmitted(t, e, servertest.NewKey(), expiring, "same invite before expiry")
}

func TestAdmittedGuestComesBack(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	h := e.conference()
	ctx := context.Background()
	code := session.NewInviteCode()
	if err := h.Do(ctx, session.Command{By: e.actors["chair"], Op: session.CreateInvite{
		Hash: session.HashCode(code), Expires: time.Now().Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	key := servertest.NewKey()
	guest := session.Actor{Fingerprint: gossh.FingerprintSHA256(key.PublicKey())}
	if err := h.Do(ctx, session.Command{By: guest, Op: session.RedeemInvite{Hash: session.HashCode(code), Name: "Dr Who", Agency: "GP"}}); err != nil {
		t.Fatal(err)
	}
	g, _ := h.Snapshot().GuestFor(guest.Fingerprint)
	if err := h.Do(ctx, session.Command{By: e.actors["chair"], Op: session.AdmitGuest{GuestID: g.ID, Role: session.RoleViewer}}); err != nil {
		t.Fatal(err)
	}
	_, i := expectAdmitted(t, e, key, "x", "admitted guest")
	if got := e.resolvedOptions()[i].Actor; got != guest {
		t.Fatalf("admitted guest actor: got %+v, want %+v", got, guest)
	}
}

// liarSigner offers a public key it does not hold: the server is asked
// whether the key would do, and accepts it, but no signature ever follows.
type liarSigner struct{ pub gossh.PublicKey }

func (l liarSigner) PublicKey() gossh.PublicKey { return l.pub }

func (l liarSigner) Sign(io.Reader, []byte) (*gossh.Signature, error) {
	return nil, errors.New("liar: no private key")
}

// offerThen offers the chair's key first, then authenticates with key.
func offerThen(offered gossh.PublicKey, key gossh.Signer) servertest.Options {
	used := false
	return servertest.Options{
		Auth: []gossh.AuthMethod{gossh.PublicKeys(liarSigner{offered})},
		AuthCallback: func(*gossh.ClientAuthContext) (gossh.AuthMethod, error) {
			if used {
				return nil, nil
			}
			used = true
			return gossh.PublicKeys(key), nil
		},
	}
}

func TestOfferedKeyIsNotIdentity(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	e.conference()
	chairPub := e.keys["chair"].PublicKey()
	// The chair's key is offered (and "signed" without the private half),
	// then the viewer's key really authenticates.
	before := len(e.resolvedOptions())
	o := offerThen(chairPub, e.keys["viewer1"])
	o.User = "chair"
	c, err := servertest.Dial(e.addr, o)
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer c.Close()
	waitResolved(t, e, before)
	if got := e.resolvedOptions()[before].Actor; got != e.actors["viewer1"] {
		t.Fatalf("actor: got %+v, want the viewer %+v (never the chair whose key was only offered)", got, e.actors["viewer1"])
	}

	// Offering only the chair's key, without holding it, gets nowhere.
	_, err = servertest.Dial(e.addr, servertest.Options{User: "chair",
		Auth: []gossh.AuthMethod{gossh.PublicKeys(liarSigner{chairPub})}})
	if err == nil || !strings.Contains(err.Error(), "handshake failed") {
		t.Fatalf("chair key without its private half: got %v, want the handshake to fail", err)
	}

	// The offered chair key with an unknown key and an invite code gives
	// a guest, not the chair.
	h := e.conference()
	code := session.NewInviteCode()
	if err := h.Do(context.Background(), session.Command{By: e.actors["chair"], Op: session.CreateInvite{
		Hash: session.HashCode(code), Expires: time.Now().Add(time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	guestKey := servertest.NewKey()
	before = len(e.resolvedOptions())
	o = offerThen(chairPub, guestKey)
	o.User = code
	c2, err := servertest.Dial(e.addr, o)
	if err != nil {
		t.Fatalf("dial with invite: %v", err)
	}
	defer c2.Close()
	waitResolved(t, e, before)
	got := e.resolvedOptions()[before].Actor
	want := session.Actor{Fingerprint: gossh.FingerprintSHA256(guestKey.PublicKey())}
	if got != want {
		t.Fatalf("actor: got %+v, want guest %+v", got, want)
	}
}

func TestBootstrapClaimOnce(t *testing.T) {
	e := newEnv(t, testPeople[1:], nil, nil) // nobody may chair
	code := e.srv.BootstrapCode()
	if code == "" {
		t.Fatal("BootstrapCode: got empty, want a code when nobody may chair")
	}
	expectRefused(t, e, servertest.NewKey(), "NOT-THE-CODE", "wrong bootstrap code")

	key := servertest.NewKey()
	_, i := expectAdmitted(t, e, key, code, "bootstrap code")
	o := e.resolvedOptions()[i]
	if o.Claim == nil {
		t.Fatal("bootstrap session: got no Claim, want one")
	}
	// An over-long name is refused with a sentence and spends nothing.
	if _, err := o.Claim(strings.Repeat("n", session.MaxLine+1), "Children's Social Care"); err == nil ||
		!strings.Contains(session.ErrorMessage(err), "the limit is") {
		t.Fatalf("over-long name: got %v, want a refusal naming the limit", err)
	}
	a, err := o.Claim("Pat O'Chair", "Children's Social Care")
	if err != nil {
		t.Fatalf("Claim: %v", err)
	}
	fp := gossh.FingerprintSHA256(key.PublicKey())
	if a.ID == "" || !a.MayChair || !a.Admin || a.Fingerprint != fp || a.Name != "Pat O'Chair" {
		t.Fatalf("claimed actor: got %+v, want a chair and administrator with fingerprint %s", a, fp)
	}
	if _, err := o.Claim("Someone Else", "X"); err == nil {
		t.Fatal("second Claim: got nil error, want the code spent")
	}
	if got := e.srv.BootstrapCode(); got != "" {
		t.Fatalf("BootstrapCode after claim: got %q, want empty", got)
	}
	expectRefused(t, e, servertest.NewKey(), code, "bootstrap code used twice")

	// The file now lists the new chair, written 0600, and their key works.
	fi, err := os.Stat(e.people)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("people file mode: got %v, want 0600", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(e.people)
	people, err := ParsePeople(data)
	if err != nil {
		t.Fatalf("people file after claim does not parse: %v", err)
	}
	if len(people) != len(testPeople) || people[len(people)-1].ID != a.ID {
		var ids []string
		for _, p := range people {
			ids = append(ids, p.ID)
		}
		t.Fatalf("people after claim: got %v, want the three existing and %s", ids, a.ID)
	}
	_, i = expectAdmitted(t, e, key, "x", "claimed key")
	if got := e.resolvedOptions()[i].Actor; got != a {
		t.Fatalf("claimed key comes back as %+v, want %+v", got, a)
	}
}

func TestBootstrapAbsentWithChair(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	if got := e.srv.BootstrapCode(); got != "" {
		t.Fatalf("BootstrapCode with a chair in the people file: got %q, want empty", got)
	}
}

func TestPeopleFileReloaded(t *testing.T) {
	e := newEnv(t, testPeople, nil, nil)
	key := servertest.NewKey()
	expectRefused(t, e, key, "x", "not yet in the people file")
	data, _ := os.ReadFile(e.people)
	var list []Person
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatal(err)
	}
	list = append(list, Person{ID: "newbie", Name: "New Person", Agency: "School", Keys: []string{servertest.AuthorizedKey(key)}})
	data, _ = json.Marshal(list)
	if err := writeFileAtomic(e.people, data, 0o600); err != nil {
		t.Fatal(err)
	}
	_, i := expectAdmitted(t, e, key, "x", "added to the people file while running")
	if got := e.resolvedOptions()[i].Actor.ID; got != "newbie" {
		t.Fatalf("actor ID: got %q, want newbie", got)
	}
}
