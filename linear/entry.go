package linear

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"confer/session"
)

// begin decides where the person starts from who they are: the same
// journey as the full-screen app.
func (t *Terminal) begin() {
	a := t.o.Actor
	switch {
	case t.o.Claim != nil:
		t.stage = stageLobby
		t.claimForm()
	case a.ID == "" && t.o.Invite != "":
		r, ok := t.o.Conferences.FindInvite(t.o.Invite)
		if !ok {
			t.goneWith("That invite code is not valid. Ask the chair for a new one.")
			return
		}
		t.room = r
		t.inviteHash = session.HashCode(t.o.Invite)
		full := r.Snapshot()
		if _, ok := full.AttendeeFor(a); ok {
			t.enterRoom(r)
			return
		}
		if g, ok := full.GuestFor(a.Fingerprint); ok && g.Status == session.GuestWaiting {
			t.wait()
			return
		}
		t.inviteForm()
	case a.ID == "":
		if ms := t.o.Conferences.For(a); len(ms) > 0 {
			t.lobbyFrom(ms)
			return
		}
		t.goneWith("This key is not registered. Ask the chair for an invite code and connect with it as your user name.")
	default:
		t.lobbyFrom(t.o.Conferences.For(a))
	}
}

// lobbyFrom lists the person's conferences, or opens the only live one.
func (t *Terminal) lobbyFrom(ms []session.Membership) {
	live, n := -1, 0
	for i, m := range ms {
		if !m.Ended {
			live, n = i, n+1
		}
	}
	if n == 1 {
		if r, ok := t.o.Conferences.Room(ms[live].ConferenceID); ok {
			t.stage, t.lobby = stageLobby, ms
			t.enterRoom(r)
			return
		}
	}
	t.showLobby(ms)
}

// showLobby lists the person's conferences to choose from by number.
func (t *Terminal) showLobby(ms []session.Membership) {
	t.stage, t.lobby = stageLobby, ms
	newConf := ""
	switch {
	case t.o.Actor.MayChair && len(ms) == 0:
		newConf = " Type n and press enter to create a conference."
	case t.o.Actor.MayChair:
		newConf = " Type n and press enter to create a conference, or r to create a review of one of these."
	}
	if len(ms) == 0 {
		t.say("You are not on any conference's list." + newConf + " Type q and press enter to leave.")
		return
	}
	lines := []string{fmt.Sprintf("Your conferences: %d.", len(ms))}
	for i, m := range ms {
		title := m.Title
		if title == "" {
			title = "untitled"
		}
		state := ""
		if m.Ended {
			state = " Ended."
		}
		lines = append(lines, fmt.Sprintf("%d. %s. %s, %s. You are %s.%s", i+1, title, m.Type, dayOf(m.Date), roleWord(m.Role), state))
	}
	lines = append(lines, "Type the number of a conference and press enter, or q and enter to leave."+newConf)
	t.say(lines...)
}

// lobbyLine opens the conference whose number was typed.
func (t *Terminal) lobbyLine(s string) {
	s = strings.TrimSpace(s)
	switch s {
	case "q", "Q":
		t.goneWith("Goodbye.")
		return
	case "n", "N":
		t.createForm()
		return
	case "r", "R":
		t.reviewForm()
		return
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > len(t.lobby) {
		t.say(fmt.Sprintf("Type a number from 1 to %d and press enter, or q and enter to leave.", max(1, len(t.lobby))))
		return
	}
	r, ok := t.o.Conferences.Room(t.lobby[n-1].ConferenceID)
	if !ok {
		t.say("That conference is not available now.")
		return
	}
	t.enterRoom(r)
}

// inviteForm asks a guest with a code for their name and agency.
func (t *Terminal) inviteForm() {
	t.stage = stageInvite
	title := t.room.Snapshot().Title
	f := &form{intro: fmt.Sprintf("You have been invited to the conference %q. The chair admits you once you have said who you are.", flat(title)),
		fields: []field{{label: "Your name"},
			{label: "You are", options: []option{{"family: a parent, carer or supporter", string(session.GuestFamily)},
				{"a professional", string(session.GuestProfessional)}}},
			{label: "Your agency", skip: func(v []string) bool { return v[1] == string(session.GuestFamily) }}}}
	f.submit = func(v []string) {
		op := session.RedeemInvite{Hash: t.inviteHash, Name: v[0], As: session.GuestKind(v[1]), Agency: v[2]}
		if err := t.room.Do(t.ctx, session.Command{By: t.o.Actor, Op: op}); err != nil {
			t.say(message(err))
			t.inviteForm()
			return
		}
		t.wait()
	}
	f.cancel = func() { t.goneWith("Goodbye.") }
	t.startForm(f)
}

// wait puts a guest in the lobby until the chair admits or turns them away.
func (t *Terminal) wait() {
	t.stage = stageWaiting
	t.say("You are waiting for the chair to admit you. You will hear when they do. Press q to leave.")
	t.subscribe()
}

// enterRoom opens a conference: the confidentiality statement first.
func (t *Terminal) enterRoom(r Room) {
	t.room = r
	t.stage = stageGate
	t.refresh()
	if t.stage != stageGate {
		return
	}
	lines := strings.Split(session.Confidentiality, "\n")
	var out []string
	for _, l := range lines {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	out = append(out, "Press y to accept and go on, or q to leave.")
	t.say(out...)
	t.subscribe()
}

// subscribe starts listening for changes once.
func (t *Terminal) subscribe() {
	if t.room == nil || t.sub != nil {
		return
	}
	if t.roomCtx == nil {
		t.roomCtx, t.leaveRoom = context.WithCancel(t.ctx)
	}
	t.sub = t.room.Subscribe(t.roomCtx)
}

// accept records the confidentiality acceptance and opens the board once
// it is durable; presence starts then.
func (t *Terminal) accept() {
	err := t.room.Do(t.roomCtx, session.Command{By: t.o.Actor, Op: session.AcceptConfidentiality{}})
	if err != nil {
		t.say(message(err))
		return
	}
	full := t.room.Snapshot()
	if at, ok := full.AttendeeFor(t.o.Actor); ok {
		t.room.Attach(t.roomCtx, at.ID)
	}
	t.stage = stageBoard
	view, self, _ := viewFor(t.room.Snapshot(), t.o.Actor)
	t.view, t.self = view, self
	t.ann.reset(view, self.ID)
	if shutOut(view, self.ID) {
		t.say(shutNotice(view, self.ID))
		return
	}
	t.say(whereLines(view, self)...)
	t.say("Press b for the board of this step, P for the people, w for where we are, ? for every key.")
}

// leaveForLobby closes the conference on this terminal: presence ends and
// everyone else hears the person go.
func (t *Terminal) leaveForLobby() {
	if t.leaveRoom != nil {
		t.leaveRoom()
	}
	t.openConf, t.form = openConf{}, nil
	t.say("You have left the conference.")
	t.showLobby(t.o.Conferences.For(t.o.Actor))
}

// refresh reads the newest snapshot, keeps only this person's view of it,
// and announces what changed; it returns how many sentences it said.
func (t *Terminal) refresh() int {
	if t.room == nil {
		return 0
	}
	view, self, ok := viewFor(t.room.Snapshot(), t.o.Actor)
	wasAdmitted := t.admitted
	t.admitted = ok
	switch t.stage {
	case stageWaiting:
		full := t.room.Snapshot()
		if ok {
			t.say("The chair has admitted you.")
			t.enterRoom(t.room)
			return 0
		}
		if g, found := full.GuestFor(t.o.Actor.Fingerprint); found && g.Status == session.GuestTurnedAway {
			t.goneWith("The chair has not admitted you to this conference. Please contact the chair if you think this is a mistake.")
		}
		return 0
	case stageGate, stageBoard:
		if !ok {
			if wasAdmitted || t.stage == stageBoard {
				t.goneWith("You are no longer part of this conference.")
			} else {
				t.goneWith("You are not on this conference's list.")
			}
			return 0
		}
	}
	var said []string
	if t.stage == stageBoard {
		said = t.ann.next(view, self.ID)
		t.say(said...)
	}
	t.view, t.self = view, self
	return len(said)
}
