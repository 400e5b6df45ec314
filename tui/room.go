package tui

import (
	"context"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// findInvite looks the code up, tolerating a nil Conferences in tests.
func (m *model) findInvite(code string) (Room, bool) {
	if m.confs == nil {
		return nil, false
	}
	return m.confs.FindInvite(code)
}

// showLobby shows the lobby.
func (m *model) showLobby(ms []session.Membership) {
	m.lobby = ms
	m.lobbyCur = min(m.lobbyCur, max(0, len(ms)-1))
	m.scr = scrLobby
	m.keys.mode = modeLobby
}

// lobbyFrom shows the lobby, or opens the only live conference directly.
func (m *model) lobbyFrom(ms []session.Membership) {
	m.showLobby(ms)
	live := -1
	n := 0
	for i, x := range ms {
		if !x.Ended {
			live, n = i, n+1
		}
	}
	if n == 1 {
		if r, ok := m.confs.Room(ms[live].ConferenceID); ok {
			m.enterRoom(r)
		}
	}
}

func (m *model) goneWith(msg string) {
	m.scr = scrGone
	m.gone = msg
	m.form = nil
}

// enterRoom opens a conference for this client: the gate first.
func (m *model) enterRoom(r Room) {
	m.room = r
	m.scr = scrGate
	m.form = nil
	m.refresh()
}

// subscribe starts listening for changes once; the channel closes when the
// SSH session ends.
func (m *model) subscribe() tea.Cmd {
	if m.room == nil || m.sub != nil {
		return nil
	}
	m.sub = m.room.Subscribe(m.roomContext())
	return waitForChange(m.sub)
}

// roomContext is the context of the open conference, made on first use.
func (m *model) roomContext() context.Context {
	if m.roomCtx == nil {
		m.roomCtx, m.leaveRoom = context.WithCancel(m.ctx)
	}
	return m.roomCtx
}

// subMsg is what a subscription said: there is a new version, or (ok
// false) it ended. ch tells which subscription, so one the person has
// left behind by going back to the lobby is ignored.
type subMsg struct {
	ch <-chan session.Version
	ok bool
}

func waitForChange(ch <-chan session.Version) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		_, ok := <-ch
		return subMsg{ch: ch, ok: ok}
	}
}

// leaveForLobby closes the conference on this terminal: its subscription
// and presence end (everyone else sees the person go), everything kept
// about it here is dropped, and the lobby shows, without opening a
// conference by itself.
func (m *model) leaveForLobby() {
	if m.leaveRoom != nil {
		m.leaveRoom()
	}
	m.roomState = newRoomState()
	m.form, m.confirm, m.notice, m.showHelp = nil, nil, nil, false
	m.keys.setRole(session.RoleNone, m.actor.MayChair, false)
	m.showLobby(m.confs.For(m.actor))
	m.setStatus("You have left the conference.", false)
}

// refresh reads the latest snapshot and derives the role from it: roles
// change live, so every snapshot may enable or disable keys. The model only
// ever keeps the snapshot filtered for its role.
func (m *model) refresh() {
	if m.room == nil {
		return
	}
	full := m.room.Snapshot()
	self, ok := full.AttendeeFor(m.actor)
	wasAdmitted := m.role != session.RoleNone
	prevRole, prevStep, hadSnap := m.role, 0, m.snap.Conference != nil
	if hadSnap {
		prevStep = m.snap.Step
	}
	if ok {
		m.self, m.role = self, self.Role
	} else {
		m.self, m.role = session.Attendee{}, session.RoleNone
	}
	// A family member excluded from part of the conference sees what the
	// family sees during a closed segment.
	m.closedNow = full.InClosedSegment() || (m.role == session.RoleFamily && full.ExcludedNow(m.self.ID))
	// session decides what this person may see, sealed for them: a sealed
	// score leaves it without its value, so this terminal never holds one
	// it must not show.
	m.snap = full.ViewFor(m.self.ID)
	m.keys.approved = len(m.snap.Record.Approvals) > 0
	m.keys.setRole(m.role, m.actor.MayChair, !m.snap.Ended.IsZero())
	if hadSnap && m.follow && m.snap.Step != prevStep {
		// A new step has its own panels: start at its first, where what
		// is said now is written (Harm at "concerns", Complicating
		// factors at "what complicates things").
		m.focus = 0
	}
	if wasAdmitted && ok && m.role != prevRole {
		m.setStatus(roleChangeNotice(m.role), false)
	} else if m.status != "" && m.statusAt != m.phaseNow() {
		// What the status line said was about a state that has moved on
		// ("it stays sealed" after the reveal): drop it.
		m.setStatus("", false)
	}

	switch m.scr {
	case scrWaiting:
		if ok {
			m.scr = scrGate
		} else if g, found := full.GuestFor(m.actor.Fingerprint); found && g.Status == session.GuestTurnedAway {
			m.goneWith("The chair has not admitted you to this conference. Please contact the chair if you think this is a mistake.")
		}
	case scrGate, scrBoard, scrPeople:
		if !ok {
			if wasAdmitted || m.scr != scrGate {
				m.goneWith("You are no longer part of this conference.")
			} else {
				m.goneWith("You are not on this conference's list.")
			}
		}
	}
	m.clampCursors()
}
