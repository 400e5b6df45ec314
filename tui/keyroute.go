package tui

import (
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// key routes a key press to the overlay or screen that has focus.
func (m *model) key(msg tea.KeyPressMsg) tea.Cmd {
	asked, opened := m.confirm, m.form
	cmd := m.routeKey(msg)
	// Note which key opened a question or form, so a burst that follows
	// can close it.
	if m.confirm != nil && m.confirm != asked {
		m.confirm.at = m.typing.last
	}
	if m.form != nil && m.form != opened {
		m.form.at = m.typing.last
	}
	return cmd
}

// routeKey is key, before it notes when a question was opened.
func (m *model) routeKey(msg tea.KeyPressMsg) tea.Cmd {
	s := msg.String()
	stray := false
	if m.form == nil {
		var started bool
		var prev time.Time
		stray, started, prev = m.typing.observe(m.keyNow(), msg)
		if started && (m.scr == scrBoard || m.scr == scrPeople) {
			if cmd := m.unstray(prev); cmd != nil {
				return cmd
			}
		}
	} else {
		if m.strayIntoForm(msg) {
			return nil
		}
		m.typing = typingGuard{}
	}
	if s == "ctrl+c" && (m.form == nil || !m.form.typed()) {
		return tea.Quit
	}
	if m.confirm != nil {
		return m.confirmKey(s, stray)
	}
	if m.form != nil {
		return m.formKey(msg)
	}
	if m.notice != nil {
		if s == "esc" || s == "enter" || s == "q" {
			m.notice = nil
		}
		return nil
	}
	if key.Matches(msg, m.keys.Display) && m.scr != scrGone {
		m.lookForm()
		return nil
	}
	if key.Matches(msg, m.keys.Help) && m.scr != scrGone && !(m.role == session.RoleFamily && m.closedNow) {
		m.showHelp = !m.showHelp
		return nil
	}
	if m.showHelp && s == "esc" {
		m.showHelp = false
		return nil
	}
	switch m.scr {
	case scrGone:
		return tea.Quit
	case scrLobby:
		return m.lobbyKey(msg)
	case scrWaiting:
		if s == "q" || s == "esc" {
			return tea.Quit
		}
	case scrGate:
		switch s {
		case "y", "Y":
			return m.accept()
		case "q", "esc", "n":
			return tea.Quit
		}
	case scrBoard, scrPeople:
		if m.role == session.RoleFamily && m.closedNow {
			// Excluded: nothing to look at or do until the segment ends.
			m.scr = scrBoard
			if s == "q" {
				return tea.Quit
			}
			return nil
		}
	}
	if stray && (m.scr == scrBoard || m.scr == scrPeople) {
		m.strayKey()
		return nil
	}
	switch m.scr {
	case scrBoard:
		return m.boardKey(msg)
	case scrPeople:
		return m.peopleKey(msg)
	}
	return nil
}

// confirmKey answers the open question: y only when pressed on its own,
// not as part of typing that ran on from before the question.
func (m *model) confirmKey(s string, stray bool) tea.Cmd {
	c := m.confirm
	switch s {
	case "y", "Y":
		if stray {
			m.setStatus("Typing noticed, not taken as an answer: press y on its own to say yes, or n.", true)
			return nil
		}
		m.confirm = nil
		return c.yes()
	case "n", "N", "esc", "q":
		m.confirm = nil
		if c.no != nil {
			c.no()
		} else {
			m.setStatus("Cancelled.", false)
		}
	}
	return nil
}

// formKey sends a key to the open form. Leaving a form that holds typed
// text, with esc or ctrl+c, asks first.
func (m *model) formKey(msg tea.KeyPressMsg) tea.Cmd {
	s := msg.String()
	keep := func() { m.setStatus("Your typing is kept.", false) }
	if s == "ctrl+c" {
		m.confirm = &confirmation{question: "Discard what you typed and quit?", yes: func() tea.Cmd { return tea.Quit }, no: keep}
		return nil
	}
	if s == "esc" && m.form.typed() {
		m.confirm = &confirmation{question: "Discard what you typed?", no: keep, yes: func() tea.Cmd {
			m.closeForm()
			return nil
		}}
		return nil
	}
	c, cancel := m.form.update(msg, m.keys)
	if cancel {
		return m.closeForm()
	}
	return c
}

// closeForm closes the form without saving; the first-run and invite
// forms are the whole app, so closing them quits.
func (m *model) closeForm() tea.Cmd {
	if m.scr == scrClaim || m.scr == scrInvite {
		return tea.Quit
	}
	m.form = nil
	m.setStatus("Cancelled.", false)
	return nil
}

// accept records the confidentiality acceptance; the board opens when it
// is durable.
func (m *model) accept() tea.Cmd {
	room, ctx, by := m.room, m.roomContext(), m.actor
	return func() tea.Msg {
		err := room.Do(ctx, session.Command{By: by, Op: session.AcceptConfidentiality{}})
		if err == nil {
			// Present from now until the SSH session ends or the person
			// leaves for the lobby.
			if at, ok := room.Snapshot().AttendeeFor(by); ok {
				room.Attach(ctx, at.ID)
			}
		}
		return acceptedMsg{err: err}
	}
}

type acceptedMsg struct{ err error }

// do sends one operation to the conference in a command and reports the
// result; notice is the sentence shown when it succeeds.
func (m *model) do(op session.Op, notice string) tea.Cmd {
	return m.command(op, notice, false)
}

// command is do, saying whether op is a step move.
func (m *model) command(op session.Op, notice string, step bool) tea.Cmd {
	room, ctx, by := m.room, m.ctx, m.actor
	if room == nil {
		return nil
	}
	return func() tea.Msg {
		return opDoneMsg{err: room.Do(ctx, session.Command{By: by, Op: op}), notice: notice, step: step}
	}
}

// refuse answers a key the role may not use, in the session's words.
func (m *model) refuse(b *key.Binding) {
	p := m.keys.permOf(b)
	if m.keys.ended && p == "" {
		m.setStatus("The conference has ended; the record can only be amended now, with a reason.", true)
		return
	}
	if !m.keys.ended && p == "" && b == &m.keys.Approve {
		m.setStatus("End the conference before approving its record.", true)
		return
	}
	if p == "" {
		m.setStatus("You cannot do that here.", true)
		return
	}
	m.setStatus(session.Refusal(m.role, p)+".", true)
}
