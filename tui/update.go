package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"
)

// Init starts listening for changes if a conference is already open.
func (m *model) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if m.scr == scrGone {
		cmds = append(cmds, tea.Quit)
	}
	if m.room != nil {
		cmds = append(cmds, m.subscribe())
	}
	if m.scr == scrLobby {
		cmds = append(cmds, m.watchLobby())
	}
	return tea.Batch(cmds...)
}

// Update handles one message.
func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	scr := m.scr
	cmd := m.update(msg)
	if m.scr != scr {
		// A new screen: the keys before it (y at the gate) were not
		// typing on this one.
		m.typing = typingGuard{}
	}
	return m, cmd
}

// update is Update, before the screen change check.
func (m *model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		return nil
	case tea.BackgroundColorMsg:
		m.dark = msg.IsDark()
		m.restyle()
		return nil
	case tea.ColorProfileMsg:
		m.profile = msg.Profile
		m.restyle()
		return nil
	case lookMsg:
		return m.setLook(look(msg))
	case lookSavedMsg:
		m.lookSaved(msg)
		return nil
	case subMsg:
		switch {
		case msg.ch != m.sub:
			return nil // a conference this terminal has left
		case !msg.ok:
			return tea.Quit // the session ended, or the conference is full
		}
		m.refresh()
		return m.afterRefresh(waitForChange(m.sub))
	case opDoneMsg:
		m.refresh()
		var next tea.Cmd
		if msg.step {
			ahead := m.stepAhead
			m.stepBusy, m.stepAhead = false, 0
			if msg.err == nil && ahead != 0 {
				// Keys pressed meanwhile: as far as the agenda goes.
				ahead = min(max(ahead, -m.snap.Step), len(m.snap.Agenda)-1-m.snap.Step)
				if ahead != 0 {
					next = m.moveStep(ahead)
				}
			}
		}
		// The open form sent this if it is waiting; a form opened since a
		// key sent it (or a step move) must not be closed or marked by it.
		fromForm := !msg.step && m.form != nil && m.form.busy
		if msg.err != nil {
			if fromForm {
				m.form.busy = false
				m.form.err = message(msg.err)
			} else {
				m.setStatus(message(msg.err), true)
			}
			return nil
		}
		if fromForm {
			m.form = nil
		}
		m.setStatus(msg.notice, false)
		return tea.Batch(m.afterRefresh(nil), next)
	case claimedMsg:
		if msg.err != nil {
			m.formError(msg.err)
			return nil
		}
		m.actor = msg.actor
		m.keys.setRole(m.role, m.actor.MayChair, false)
		m.form = nil
		m.lobbyFrom(m.confs.For(m.actor))
		if m.scr == scrLobby {
			return m.watchLobby()
		}
		return m.subscribe()
	case createdMsg:
		if msg.err != nil {
			m.formError(msg.err)
			return nil
		}
		m.form = nil
		m.enterRoom(msg.room)
		return m.subscribe()
	case redeemedMsg:
		if msg.err != nil {
			m.formError(msg.err)
			return nil
		}
		m.form = nil
		m.scr = scrWaiting
		m.refresh()
		return m.subscribe()
	case inviteMsg:
		if msg.err != nil {
			m.setStatus(message(msg.err), true)
			return nil
		}
		m.notice = []string{m.sty.Title.Render("Invite code"), "", "    " + msg.code, "",
			"Read it out to the guest. They connect with it as their user name:",
			"    " + m.sshCommand(msg.code),
			"It works once and expires at " + clock(msg.expires) + " on " + msg.expires.In(ukTime).Format("2 Jan") + "."}
		return nil
	case exportedMsg:
		m.refresh()
		switch {
		case msg.err != nil:
			m.setStatus("The records could not be written: "+message(msg.err), true)
			return nil
		case msg.ended:
			m.setStatus(fmt.Sprintf("The conference has ended; %d records written.", len(msg.files)), false)
		default:
			m.setStatus(fmt.Sprintf("%d records written.", len(msg.files)), false)
		}
		m.notice = m.exportNotice(msg.files, msg.ended)
		return nil
	case lobbyTickMsg:
		return m.lobbyTick(msg)
	case acceptedMsg:
		if m.room == nil {
			return nil // the person has left the conference since
		}
		if msg.err != nil {
			m.setStatus(message(msg.err), true)
			return nil
		}
		m.accepted, m.attached = true, true
		m.scr = scrBoard
		m.refresh()
		m.setStatus("Welcome. Press ? for every key you can use.", false)
		return m.afterRefresh(nil)
	case tea.PasteMsg:
		if m.form != nil {
			c, cancel := m.form.update(msg, m.keys)
			if cancel {
				m.form = nil
			}
			return c
		}
		return nil
	case NoticeMsg:
		m.setStatus(string(msg), true)
		return nil
	case tea.KeyPressMsg:
		return m.key(msg)
	}
	return nil
}

// afterRefresh attaches presence once the person is on the board and keeps
// the subscription armed. A final screen quits.
func (m *model) afterRefresh(next tea.Cmd) tea.Cmd {
	if m.scr == scrGone {
		return tea.Quit
	}
	return next
}

func (m *model) formError(err error) {
	if m.form != nil {
		m.form.busy = false
		m.form.err = message(err)
	} else {
		m.setStatus(message(err), true)
	}
}

func (m *model) setStatus(s string, isErr bool) {
	m.status, m.statusErr, m.statusAt = s, isErr, m.phaseNow()
}
