package session

import (
	"context"
	"errors"
	"testing"
	"time"
)

// TestAdmitGuestNeedsARole: the chair must choose a guest's role; an
// admission without one is refused and changes nothing.
func TestAdmitGuestNeedsARole(t *testing.T) {
	f := newFixture(t, nil)
	before := f.snap()
	err := f.hub.Do(context.Background(), Command{By: chairActor, Op: AdmitGuest{GuestID: f.ids["guest2"]}})
	if !errors.Is(err, ErrInvalid) || ErrorMessage(err) != "Choose the guest's role: viewer, family or minute-taker" {
		t.Fatalf("admit without a role: got %v (%q), want a refusal asking for the role", err, ErrorMessage(err))
	}
	if f.snap().Seq != before.Seq {
		t.Fatal("a refused admission was recorded")
	}
}

// TestRedeemSaysFamilyOrProfessional: a guest says which they are; family
// are not asked for an agency, a professional is.
func TestRedeemSaysFamilyOrProfessional(t *testing.T) {
	cases := []struct {
		as      GuestKind
		agency  string
		wantErr error
	}{
		{GuestFamily, "", nil},
		{GuestProfessional, "Police", nil},
		{GuestProfessional, "", ErrInvalid},
		{GuestUnsaid, "", ErrInvalid},
		{"cousin", "", ErrInvalid},
	}
	for _, tc := range cases {
		f := newFixture(t, nil)
		g := Actor{ID: "g", Name: "Guest", Fingerprint: "SHA256:new-guest"}
		f.do(t, chairActor, CreateInvite{Hash: HashCode("NEW"), Expires: f.clk.Now().Add(time.Hour)})
		err := f.hub.Do(context.Background(), Command{By: g, Op: RedeemInvite{Hash: HashCode("NEW"), Name: "Pat", As: tc.as, Agency: tc.agency}})
		if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
			t.Errorf("redeem as %q with agency %q: got %v, want %v", tc.as, tc.agency, err, tc.wantErr)
			continue
		}
		if err == nil {
			if got, _ := f.snap().GuestFor(g.Fingerprint); got.As != tc.as {
				t.Errorf("guest as %q: recorded %q", tc.as, got.As)
			}
		}
	}
}
