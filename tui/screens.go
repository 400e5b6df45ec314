package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// errForm is a local refusal of a form's input, before anything is sent.
var errForm = errors.New("tui: form input")

func formErr(format string, a ...any) error {
	return fmt.Errorf("%w: %s", errForm, fmt.Sprintf(format, a...))
}

// message is the plain sentence for an error a person should read: the
// session's refusal, or a local form refusal, never a Go error dump.
func message(err error) string {
	if err == nil {
		return ""
	}
	if errors.Is(err, errForm) {
		return strings.TrimPrefix(err.Error(), errForm.Error()+": ")
	}
	if errors.Is(err, context.Canceled) {
		return "The session is ending."
	}
	return session.ErrorMessage(err)
}

// confidentiality is the statement everyone accepts before the board; the
// linear mode shows the same words.
const confidentiality = session.Confidentiality

func (m *model) titleLines(w int) []string {
	return []string{m.sty.Title.Render("confer"), m.sty.Subtle.Render("Child protection conference whiteboard")}
}

func (m *model) goneLines(w int) []string {
	out := m.titleLines(w)
	out = append(out, "")
	out = append(out, wrapLines(m.gone, w-2)...)
	out = append(out, "", m.sty.Subtle.Render("Press any key to leave."))
	return out
}

func (m *model) waitingLines(w int) []string {
	out := m.titleLines(w)
	title := ""
	if m.room != nil {
		title = m.room.Snapshot().Title // the title only: nothing else before admission
	}
	out = append(out, "", m.sty.Heading.Render("Conference: ")+title, "")
	out = append(out, wrapLines("Waiting for the chair to admit you. The chair can see your name, agency and key fingerprint. Please wait; this screen changes as soon as you are let in.", w-2)...)
	if m.actor.Fingerprint != "" {
		out = append(out, "", m.sty.Subtle.Render("Your key: "+m.actor.Fingerprint))
	}
	return out
}

func (m *model) gateLines(w int) []string {
	inner := min(w-2, 76)
	var out []string
	for i, l := range wrapLines(confidentiality, inner) {
		if i == 0 {
			l = m.sty.Title.Render(l)
		}
		out = append(out, " "+l)
	}
	out = append(out, "", " "+m.sty.Heading.Render("y")+"  I accept     "+m.sty.Heading.Render("q")+"  leave")
	return out
}

func (m *model) lobbyLines(w, h int) []string {
	out := m.titleLines(w)
	out = append(out, "", m.sty.Heading.Render("Your conferences"))
	if len(m.lobby) == 0 {
		out = append(out, "", " You are not part of any conference yet.")
		if m.actor.MayChair {
			out = append(out, " Press n to create one.")
		}
		return out
	}
	for i, c := range m.lobby {
		mark := "  "
		if i == m.lobbyCur {
			mark = "› "
		}
		state := ""
		if c.Ended {
			state = " (ended)"
		}
		line := fmt.Sprintf("%s%s  %-12s  %s — %s  [%s]%s", mark, c.Date.Format("2006-01-02"), string(c.Type),
			c.Title, strings.Join(c.Children, ", "), c.Role.String(), state)
		if i == m.lobbyCur {
			line = m.sty.Selected.Render(line)
		}
		out = append(out, line)
	}
	return out
}

func (m *model) lobbyKey(msg tea.KeyPressMsg) tea.Cmd {
	s := msg.String()
	switch {
	case s == "q" || s == "esc":
		return tea.Quit
	case pressed(s, m.keys.Up):
		if m.lobbyCur > 0 {
			m.lobbyCur--
		}
	case pressed(s, m.keys.Down):
		if m.lobbyCur < len(m.lobby)-1 {
			m.lobbyCur++
		}
	case s == "enter":
		if m.lobbyCur < len(m.lobby) {
			if r, ok := m.confs.Room(m.lobby[m.lobbyCur].ConferenceID); ok {
				m.enterRoom(r)
				return m.subscribe()
			}
		}
	case pressed(s, m.keys.NewConf):
		if !m.keys.NewConf.Enabled() {
			m.setStatus("Only people allowed to chair can create a conference.", true)
			return nil
		}
		m.form = m.newConferenceForm()
	case pressed(s, m.keys.NewReview):
		if !m.keys.NewReview.Enabled() {
			m.setStatus("Only people allowed to chair can create a conference.", true)
			return nil
		}
		if m.lobbyCur < len(m.lobby) {
			m.form = m.reviewForm(m.lobby[m.lobbyCur].ConferenceID)
		}
	}
	return nil
}

func (m *model) claimForm() *form {
	f := newForm("Set up confer: you will be its first chair")
	f.intro = "Your key is not registered yet. Give your name and agency; this key will be registered to you as someone who may chair."
	var name, agency string
	f.text("Your name", "", session.MaxLine).to(&name).text("Your agency", "", session.MaxLine).to(&agency)
	claim := m.o.Claim
	f.submit = func() (tea.Cmd, error) {
		if strings.TrimSpace(name) == "" {
			return nil, formErr("Give your name")
		}
		name, agency := name, agency
		return func() tea.Msg {
			a, err := claim(name, agency)
			return claimedMsg{actor: a, err: err}
		}, nil
	}
	return f.start()
}

func (m *model) newConferenceForm() *form {
	var types []option
	for _, t := range session.ConferenceTypes {
		types = append(types, option{string(t), string(t)})
	}
	f := newForm("New conference")
	var v struct{ kind, title, children, date, venue string }
	f.choice("Type", types, string(session.Initial)).to(&v.kind).
		text("Title (a reference, not the family's name if you can avoid it)", "", session.MaxLine).to(&v.title).
		text("Children: Name (YYYY-MM-DD), separated by commas", "", session.MaxLine*4).to(&v.children).
		text("Date (YYYY-MM-DD)", m.now().Format("2006-01-02"), 10).to(&v.date).
		text("Venue", "", session.MaxLine).to(&v.venue)
	confs, ctx, by := m.confs, m.ctx, m.actor
	f.submit = func() (tea.Cmd, error) {
		kids, err := session.ParseChildren(v.children)
		if err != nil {
			return nil, err
		}
		date, err := session.ParseDay("The date", v.date)
		if err != nil {
			return nil, err
		}
		op := session.CreateConference{Type: session.ConferenceType(v.kind), Title: v.title, Children: kids, Date: date, Venue: v.venue}
		return func() tea.Msg {
			r, err := confs.Create(ctx, by, op)
			return createdMsg{room: r, err: err}
		}, nil
	}
	return f.start()
}

func (m *model) reviewForm(prevID string) *form {
	f := newForm("New review conference")
	f.intro = "The review takes the children, the plan's actions and the final scaling figures from the conference you chose."
	var day string
	f.text("Date (YYYY-MM-DD)", m.now().Format("2006-01-02"), 10).to(&day)
	confs, ctx, by := m.confs, m.ctx, m.actor
	f.submit = func() (tea.Cmd, error) {
		date, err := session.ParseDay("The date", day)
		if err != nil {
			return nil, err
		}
		return func() tea.Msg {
			r, ok := confs.Room(prevID)
			if !ok {
				return createdMsg{err: formErr("That conference is no longer available")}
			}
			op := session.ReviewFrom(r.Snapshot().Conference, date)
			nr, err := confs.Create(ctx, by, op)
			return createdMsg{room: nr, err: err}
		}, nil
	}
	return f.start()
}
