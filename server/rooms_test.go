package server

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"confer/server/servertest"
	"confer/session"
	"confer/tui"
)

// Whatever the service the app is given can do, the server's wrapper can
// do too: tui finds optional methods by type assertion, which a wrapper
// that merely embeds the interface would hide.
func TestWrappersKeepEveryMethod(t *testing.T) {
	e := newEnv(t, nil, nil, nil)
	inner := reflect.TypeOf(tui.FromService(e.svc))
	outer := reflect.TypeOf(&conferences{})
	for i := range inner.NumMethod() {
		m := inner.Method(i)
		if _, ok := outer.MethodByName(m.Name); !ok {
			t.Errorf("the server's conferences wrapper lacks %s, which the service offers", m.Name)
		}
	}
	for _, typ := range []reflect.Type{reflect.TypeOf(conferences{}), reflect.TypeOf(room{}), reflect.TypeOf(painted{})} {
		for i := range typ.NumField() {
			if f := typ.Field(i); f.Anonymous && f.Type.Kind() == reflect.Interface {
				t.Errorf("%s embeds the interface %s, hiding its value's other methods", typ.Name(), f.Type)
			}
		}
	}
}

// A guest waiting to be admitted who reconnects, without the spent code,
// is back on the waiting screen, not told their key is unknown.
func TestWaitingGuestReconnects(t *testing.T) {
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
	if err := h.Do(ctx, session.Command{By: guest, Op: session.RedeemInvite{Hash: session.HashCode(code), Name: "Gail Guest", Agency: "School"}}); err != nil {
		t.Fatal(err)
	}
	c, err := e.dial(key, "back-again", servertest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	screen, err := c.WaitFunc(waitCtx(t, 15*time.Second), func(screen, _ string) bool {
		return strings.Contains(screen, "Waiting for the chair") || strings.Contains(screen, "not registered")
	})
	if err != nil || !strings.Contains(screen, "Waiting for the chair") {
		t.Fatalf("a waiting guest reconnecting: got %v, screen:\n%s", err, screen)
	}
}
