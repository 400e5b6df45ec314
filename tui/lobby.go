package tui

import (
	"path/filepath"
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

// exportNotice is what the chair reads after the records are written:
// where they are, and the conference ID and command to write them again
// on the server.
func (m *model) exportNotice(files []string, ended bool) []string {
	title := "Records written"
	if ended {
		title = "The conference has ended; records written"
	}
	out := []string{m.sty.Title.Render(title), ""}
	for _, f := range files {
		out = append(out, "  "+f)
	}
	id := ""
	if m.room != nil {
		id = m.room.ID()
	}
	data := "DATA-DIR"
	if d := m.o.RecordsDir; d != "" && filepath.Base(d) == "records" {
		data = filepath.Dir(d)
	}
	return append(out, "", "Conference ID: "+id,
		"To write the records again, on the server:",
		"  confer export --data "+data+" --conference "+id)
}
