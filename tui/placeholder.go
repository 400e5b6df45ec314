package tui

import (
	"sync"

	tea "charm.land/bubbletea/v2"
)

// FrameCache holds rendered frames keyed by everything that determines
// them, so identical views are rendered once.
type FrameCache struct {
	mu sync.Mutex
	m  map[string]string
}

// NewFrameCache returns an empty cache.
func NewFrameCache() *FrameCache { return &FrameCache{m: map[string]string{}} }

type model struct{ o Options }

func newModel(o Options) *model { return &model{o: o} }

func (m *model) Init() tea.Cmd { return nil }

func (m *model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && k.String() == "ctrl+c" {
		return m, tea.Quit
	}
	return m, nil
}

func (m *model) View() tea.View {
	v := tea.NewView("confer: " + m.o.Actor.Name)
	v.AltScreen = true
	return v
}
