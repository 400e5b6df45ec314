package session

import (
	"fmt"
	"strings"
	"time"
)

func init() {
	register(
		func() Op { return &CreateInvite{} },
		func() Op { return &RedeemInvite{} },
		func() Op { return &AdmitGuest{} },
		func() Op { return &TurnAwayGuest{} },
	)
}

// MaxInviteLife is the longest an invite code may stay valid.
const MaxInviteLife = 7 * 24 * time.Hour

// CreateInvite registers a one-time code (by its [HashCode]) that lets one
// guest into the lobby until it expires.
type CreateInvite struct {
	Hash    string    `json:"hash"`
	Expires time.Time `json:"expires"`
}

// Kind implements Op.
func (CreateInvite) Kind() string { return "invite.create" }

func (CreateInvite) disclosure() disclosure { return professionalsOnly }

func (o CreateInvite) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermInvite); err != nil {
		return nil, err
	}
	if len(o.Hash) != 64 || strings.Trim(o.Hash, "0123456789abcdef") != "" {
		return nil, refuse(ErrInvalid, "malformed invite")
	}
	if !o.Expires.After(x.now) || o.Expires.Sub(x.now) > MaxInviteLife {
		return nil, refuse(ErrInvalid, "an invite must expire within 7 days")
	}
	o.Expires = norm(o.Expires)
	if indexOf(c.Invites, func(i Invite) bool { return i.Hash == o.Hash }) >= 0 {
		return nil, refuse(ErrConflict, "that code is already in use")
	}
	return o, nil
}

func (o CreateInvite) apply(c *Conference, x *applyCtx) string {
	c.Invites = append(c.Invites, Invite{Hash: o.Hash, Created: x.e.At, Expires: o.Expires})
	return "created an invite expiring " + o.Expires.UTC().Format(time.RFC3339)
}

// RedeemInvite is a guest using a code: it spends the code and puts the
// guest, bound to the key they authenticated with, in the lobby.
type RedeemInvite struct {
	Hash string `json:"hash"`
	Name string `json:"name"`
	// As is whether the guest says they are family or a professional; the
	// chair sees it beside their key's fingerprint when admitting them.
	As GuestKind `json:"as,omitempty"`
	// Agency is required of a professional (or a guest who did not say);
	// family are not asked for one.
	Agency string `json:"agency"`
}

// Kind implements Op.
func (RedeemInvite) Kind() string { return "invite.redeem" }

func (RedeemInvite) disclosure() disclosure { return professionalsOnly }

func (o RedeemInvite) check(c *Conference, x *checkCtx) (Op, error) {
	if x.role != RoleNone {
		// Spending a code on someone already admitted would only waste it.
		return nil, refuse(ErrConflict, "you are already part of this conference")
	}
	i := indexOf(c.Invites, func(i Invite) bool { return i.Hash == o.Hash })
	if i < 0 {
		return nil, refuse(ErrNotPermitted, "that invite code is not valid")
	}
	inv := c.Invites[i]
	if inv.UsedBy != "" {
		return nil, refuse(ErrNotPermitted, "that invite code has already been used")
	}
	if !x.now.Before(inv.Expires) {
		return nil, refuse(ErrNotPermitted, "that invite code has expired")
	}
	if x.by.Fingerprint == "" {
		return nil, refuse(ErrInvalid, "an invite needs a key to bind to")
	}
	if g, ok := c.GuestFor(x.by.Fingerprint); ok && g.Status == GuestWaiting {
		// One key, one place in the lobby: a second code would give the
		// same person two records the chair could admit twice.
		return nil, refuse(ErrConflict, "you are already waiting to be admitted")
	}
	if !c.Ended.IsZero() {
		return nil, refuse(ErrEnded, "the conference has ended")
	}
	var err error
	if o.Name, err = cleanField("your name", o.Name, requiredLine); err != nil {
		return nil, err
	}
	if o.As != GuestUnsaid && o.As != GuestFamily && o.As != GuestProfessional {
		return nil, refuse(ErrInvalid, "say whether you are family or a professional")
	}
	agency := requiredLine
	if o.As == GuestFamily {
		agency = optionalLine
	}
	if o.Agency, err = cleanField("your agency", o.Agency, agency); err != nil {
		return nil, err
	}
	return o, nil
}

func (o RedeemInvite) apply(c *Conference, x *applyCtx) string {
	id := newPersonID(c, "g")
	i := indexOf(c.Invites, func(i Invite) bool { return i.Hash == o.Hash })
	c.Invites = mutable(x, c.Invites)
	c.Invites[i].UsedBy = id
	c.Guests = append(c.Guests, Guest{ID: id, Name: o.Name, Agency: o.Agency, As: o.As,
		Fingerprint: x.e.By.Fingerprint, At: x.e.At, Status: GuestWaiting})
	return "guest " + id + " redeemed an invite (" + x.e.By.Fingerprint + ")"
}

// GuestFor returns the guest record bound to a key fingerprint.
func (c *Conference) GuestFor(fingerprint string) (Guest, bool) {
	for i := len(c.Guests) - 1; i >= 0; i-- {
		if c.Guests[i].Fingerprint == fingerprint {
			return c.Guests[i], true
		}
	}
	return Guest{}, false
}

// AdmitGuest lets a waiting guest in with a role. The chair must choose
// the role: there is no default, so a parent is never let in as a
// professional by pressing enter.
type AdmitGuest struct {
	GuestID string `json:"guest_id"`
	Role    Role   `json:"role"`
}

// Kind implements Op.
func (AdmitGuest) Kind() string { return "guest.admit" }

func (AdmitGuest) disclosure() disclosure { return recordsSpeech }

func (o AdmitGuest) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermAdmitGuest); err != nil {
		return nil, err
	}
	if o.Role != RoleViewer && o.Role != RoleFamily && o.Role != RoleMinuteTaker {
		return nil, refuse(ErrInvalid, "choose the guest's role: viewer, family or minute-taker")
	}
	i := indexOf(c.Guests, func(g Guest) bool { return g.ID == o.GuestID })
	if i < 0 || c.Guests[i].Status != GuestWaiting {
		return nil, refuse(ErrNotFound, "no guest %q is waiting", o.GuestID)
	}
	return o, nil
}

func (o AdmitGuest) apply(c *Conference, x *applyCtx) string {
	i := indexOf(c.Guests, func(g Guest) bool { return g.ID == o.GuestID })
	c.Guests = mutable(x, c.Guests)
	c.Guests[i].Status = GuestAdmitted
	g := c.Guests[i]
	c.Attendees = append(c.Attendees, Attendee{ID: g.ID, Fingerprint: g.Fingerprint, Name: g.Name,
		Agency: g.Agency, Role: o.Role, Attendance: Present, Remote: true, Veil: x.veil})
	return fmt.Sprintf("admitted guest %s (%s) as %s", g.ID, g.Fingerprint, o.Role)
}

// TurnAwayGuest refuses a waiting guest.
type TurnAwayGuest struct {
	GuestID string `json:"guest_id"`
}

// Kind implements Op.
func (TurnAwayGuest) Kind() string { return "guest.turn-away" }

func (TurnAwayGuest) disclosure() disclosure { return professionalsOnly }

func (o TurnAwayGuest) check(c *Conference, x *checkCtx) (Op, error) {
	if err := permit(x, PermTurnAwayGuest); err != nil {
		return nil, err
	}
	i := indexOf(c.Guests, func(g Guest) bool { return g.ID == o.GuestID })
	if i < 0 || c.Guests[i].Status != GuestWaiting {
		return nil, refuse(ErrNotFound, "no guest %q is waiting", o.GuestID)
	}
	return o, nil
}

func (o TurnAwayGuest) apply(c *Conference, x *applyCtx) string {
	i := indexOf(c.Guests, func(g Guest) bool { return g.ID == o.GuestID })
	c.Guests = mutable(x, c.Guests)
	c.Guests[i].Status = GuestTurnedAway
	return "turned away guest " + o.GuestID
}
