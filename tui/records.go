package tui

import (
	"path/filepath"

	tea "charm.land/bubbletea/v2"

	"confer/session"
)

// exportCmd writes the records (after ending the conference, if end).
func (m *model) exportCmd(end bool) tea.Cmd {
	room, ctx, by, dir := m.room, m.ctx, m.actor, m.o.RecordsDir
	write := m.o.Export
	return func() tea.Msg {
		if end {
			if err := room.Do(ctx, session.Command{By: by, Op: session.EndConference{}}); err != nil {
				return exportedMsg{err: err, ended: true}
			}
		}
		if write == nil {
			return exportedMsg{err: errNoExport, ended: end}
		}
		files, err := write(dir, room.Snapshot())
		return exportedMsg{files: files, err: err, ended: end}
	}
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
