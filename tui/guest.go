package tui

import (
	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// inviteForm is what a guest with a code fills in: their name, and
// whether they are family or a professional. A professional is asked for
// their agency next; family are not asked for one.
func (m *model) inviteForm(title string) *form {
	f := newForm("Join: " + title)
	f.intro = "You have an invite code. Give your name and say whether you are family or a professional; the chair sees them with your key's fingerprint and decides whether to admit you."
	var name, as string
	f.text("Your name", "", session.MaxLine).to(&name).
		choice("You are (←/→ to choose)", []option{{"say which", ""},
			{"family (a parent, carer or relative)", string(session.GuestFamily)},
			{"a professional", string(session.GuestProfessional)}}, "").to(&as)
	f.submit = func() (tea.Cmd, error) {
		switch session.GuestKind(as) {
		case session.GuestFamily:
			return m.redeem(name, session.GuestFamily, ""), nil
		case session.GuestProfessional:
			m.form = m.agencyForm(title, name)
			return nil, nil
		}
		return nil, formErr("Say whether you are family or a professional: press → to choose")
	}
	return f.start()
}

// agencyForm asks a professional guest for their agency.
func (m *model) agencyForm(title, name string) *form {
	f := newForm("Join: " + title)
	f.intro = "Which agency are you from? The chair sees it with your name."
	var agency string
	f.text("Your agency", "", session.MaxLine).to(&agency)
	f.submit = func() (tea.Cmd, error) {
		return m.redeem(name, session.GuestProfessional, agency), nil
	}
	return f.start()
}

// redeem spends the invite code for this guest.
func (m *model) redeem(name string, as session.GuestKind, agency string) tea.Cmd {
	room, ctx, by := m.room, m.ctx, m.actor
	op := session.RedeemInvite{Hash: m.inviteHash, Name: name, As: as, Agency: agency}
	return func() tea.Msg {
		return redeemedMsg{err: room.Do(ctx, session.Command{By: by, Op: op})}
	}
}

// guestKind is how the chair reads what a waiting guest said they are.
func guestKind(g session.Guest) string {
	switch g.As {
	case session.GuestFamily:
		return "family"
	case session.GuestProfessional:
		if g.Agency != "" {
			return "professional, " + g.Agency
		}
		return "professional"
	}
	return orDash(g.Agency)
}

// sshCommand is the command a guest types to use an invite code: the
// server's exact one (with its host and port) when it gave one.
func (m *model) sshCommand(code string) string {
	if m.o.InviteCommand != nil {
		return m.o.InviteCommand(code)
	}
	return "ssh " + code + "@<this server>"
}
