package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// lobbyEvery is how often the lobby asks again which conferences the
// person belongs to, so someone added after they connected sees it
// without reconnecting. Asking is a walk over the open conferences in
// memory, with no I/O; only terminals on the lobby screen ask.
const lobbyEvery = 2 * time.Second

// lobbyTickMsg asks the lobby to look again; gen tells a lobby left and
// re-entered since from the one that armed it.
type lobbyTickMsg struct{ gen int }

// watchLobby starts asking again every lobbyEvery while the lobby shows.
func (m *model) watchLobby() tea.Cmd {
	m.lobbyGen++
	gen := m.lobbyGen
	return tea.Tick(lobbyEvery, func(time.Time) tea.Msg { return lobbyTickMsg{gen: gen} })
}

// lobbyTick updates the list and says what is new.
func (m *model) lobbyTick(msg lobbyTickMsg) tea.Cmd {
	if msg.gen != m.lobbyGen || m.scr != scrLobby || m.confs == nil {
		return nil
	}
	ms := m.confs.For(m.actor)
	known := map[string]bool{}
	for _, c := range m.lobby {
		known[c.ConferenceID] = true
	}
	for _, c := range ms {
		if !known[c.ConferenceID] {
			m.setStatus("You have been added to "+c.Title+". Choose it and press enter.", false)
		}
	}
	m.showLobby(ms)
	return m.watchLobby()
}
