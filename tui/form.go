package tui

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"confer/session"
)

// fieldKind is what sort of input a form field takes.
type fieldKind int

const (
	fieldText   fieldKind = iota // one line
	fieldArea                    // several lines
	fieldChoice                  // one of a list, changed with ←/→
)

// option is one choice of a choice field: what is shown and what is kept.
type option struct{ label, value string }

// field is one labelled input of a form.
type field struct {
	label   string
	kind    fieldKind
	input   textinput.Model
	area    textarea.Model
	options []option
	sel     int
	dst     *string // where the value goes when the form is submitted
}

// value returns what the field holds: the text, or the chosen option's value.
func (f *field) value() string {
	switch f.kind {
	case fieldText:
		return f.input.Value()
	case fieldArea:
		return f.area.Value()
	}
	if len(f.options) == 0 {
		return ""
	}
	return f.options[f.sel].value
}

// typed reports whether the person has typed anything into the field.
func (f *field) typed() bool {
	return (f.kind == fieldText || f.kind == fieldArea) && strings.TrimSpace(f.value()) != ""
}

// form is a small dialog of fields. Each field is bound to a named
// variable (see to); submitting the form fills them in and calls submit,
// which checks what it can locally (dates, numbers) and returns the
// command that does the work, whose result message closes the form or
// puts a refusal in it, keeping what was typed. Optional fields can come
// and go without shifting anyone's values.
type form struct {
	title  string
	intro  string
	fields []*field
	focus  int
	err    string
	busy   bool
	sty    *styles   // the styles the inputs were given (see restyle)
	at     time.Time // the key press that opened it, if a printable one
	submit func() (tea.Cmd, error)
}

func newForm(title string) *form { return &form{title: title} }

func (f *form) text(label, value string, limit int) *form {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = limit
	in.SetValue(value)
	in.CursorEnd()
	f.fields = append(f.fields, &field{label: label, kind: fieldText, input: in})
	return f
}

func (f *form) area(label, value string, limit int) *form {
	ta := textarea.New()
	ta.Prompt = ""
	ta.ShowLineNumbers = false
	ta.CharLimit = limit
	ta.KeyMap.InsertNewline = key.NewBinding(key.WithKeys("alt+enter", "ctrl+j"))
	st := ta.Styles()
	st.Cursor.Blink = false
	ta.SetStyles(st)
	if value != "" {
		// SetValue starts by resetting the box, which allocates room for
		// 10,000 lines (240 KB) again: only worth it with text to show.
		ta.SetValue(value)
	}
	f.fields = append(f.fields, &field{label: label, kind: fieldArea, area: ta})
	return f
}

func (f *form) choice(label string, opts []option, selected string) *form {
	fl := &field{label: label, kind: fieldChoice, options: opts}
	for i, o := range opts {
		if o.value == selected {
			fl.sel = i
		}
	}
	f.fields = append(f.fields, fl)
	return f
}

// start focuses the first field; call once the form is built.
func (f *form) start() *form {
	f.setFocus(0)
	return f
}

func (f *form) setFocus(i int) {
	for j, fl := range f.fields {
		switch fl.kind {
		case fieldText:
			if j == i {
				_ = fl.input.Focus() // static cursor: no blink command to run
			} else {
				fl.input.Blur()
			}
		case fieldArea:
			if j == i {
				_ = fl.area.Focus()
			} else {
				fl.area.Blur()
			}
		}
	}
	f.focus = i
}

// typed reports whether any field holds typed text, so quitting asks first.
func (f *form) typed() bool {
	for _, fl := range f.fields {
		if fl.typed() {
			return true
		}
	}
	return false
}

// to binds the field added last to dst: submitting the form sets *dst to
// the field's value.
func (f *form) to(dst *string) *form {
	f.fields[len(f.fields)-1].dst = dst
	return f
}

// fill sets every bound variable from its field.
func (f *form) fill() {
	for _, fl := range f.fields {
		if fl.dst != nil {
			*fl.dst = fl.value()
		}
	}
}

// update handles a key or paste. It returns a command when the form was
// submitted, and cancel when the person pressed esc.
func (f *form) update(msg tea.Msg, k *keyMap) (cmd tea.Cmd, cancel bool) {
	if len(f.fields) == 0 {
		return nil, true
	}
	cur := f.fields[f.focus]
	switch msg := msg.(type) {
	case tea.PasteMsg:
		// Clean before the text reaches the input, so an escape sequence
		// is removed whole rather than leaving its printable tail behind.
		clean, err := session.Clean(msg.Content, cur.kind == fieldArea)
		if err != nil {
			f.err = message(err)
			return nil, false
		}
		// Clean trims; keep the spacing around the pasted text, which
		// joins it to what was typed before and after.
		lead := msg.Content[:len(msg.Content)-len(strings.TrimLeft(msg.Content, " \t"))]
		trail := msg.Content[len(strings.TrimRight(msg.Content, " \t")):]
		if clean == "" {
			lead, trail = "", ""
		}
		msg.Content = strings.ReplaceAll(lead, "\t", " ") + clean + strings.ReplaceAll(trail, "\t", " ")
		before := utf8.RuneCountInString(cur.value())
		switch cur.kind {
		case fieldText:
			cur.input, _ = cur.input.Update(msg)
		case fieldArea:
			cur.area, _ = cur.area.Update(msg)
		}
		// The box stops at its limit; say so rather than lose text quietly.
		if got, want := utf8.RuneCountInString(cur.value())-before, utf8.RuneCountInString(msg.Content); got < want {
			f.err = fmt.Sprintf("Only %d of the %d pasted characters fit in this box; the rest was not added.", got, want)
		}
		return nil, false
	case tea.KeyPressMsg:
		s := msg.String()
		switch {
		case s == "esc":
			return nil, true
		case key.Matches(msg, k.NextField):
			f.setFocus((f.focus + 1) % len(f.fields))
			return nil, false
		case key.Matches(msg, k.PrevField):
			f.setFocus((f.focus + len(f.fields) - 1) % len(f.fields))
			return nil, false
		case s == "enter":
			if f.focus < len(f.fields)-1 {
				f.setFocus(f.focus + 1)
				return nil, false
			}
			if f.busy {
				return nil, false
			}
			f.fill()
			c, err := f.submit()
			if err != nil {
				f.err = message(err)
				return nil, false
			}
			f.err, f.busy = "", true
			return c, false
		}
		if cur.kind == fieldChoice {
			switch s {
			case "left", "h", "up", "k":
				if len(cur.options) > 0 {
					cur.sel = (cur.sel + len(cur.options) - 1) % len(cur.options)
				}
			case "right", "l", "down", "j", "space", " ":
				if len(cur.options) > 0 {
					cur.sel = (cur.sel + 1) % len(cur.options)
				}
			}
			return nil, false
		}
		switch cur.kind {
		case fieldText:
			cur.input, _ = cur.input.Update(msg)
		case fieldArea:
			cur.area, _ = cur.area.Update(msg)
		}
	}
	return nil, false
}

// render draws the form in a box at most w wide and h high.
func (f *form) render(sty *styles, w, h int) string {
	if f.sty != sty {
		f.restyle(sty)
	}
	inner := max(10, min(w-4, 96))
	areaH := 3
	if h >= 20 {
		areaH = 5
	}
	var b strings.Builder
	b.WriteString(sty.Title.Render(f.title))
	if f.intro != "" {
		b.WriteString("\n" + sty.Subtle.Render(ansi.Wrap(f.intro, inner, "")))
	}
	head := b.String()
	b.Reset()
	// starts[i] is the body line field i begins on.
	starts := make([]int, len(f.fields)+1)
	for i, fl := range f.fields {
		starts[i] = strings.Count(b.String(), "\n")
		label := "  " + fl.label
		lst := sty.FieldOff
		if i == f.focus {
			label = "› " + fl.label
			lst = sty.FieldOn
		}
		b.WriteString("\n" + lst.Render(label))
		switch fl.kind {
		case fieldText:
			fl.input.SetWidth(inner - 3)
			b.WriteString("\n  " + fl.input.View())
		case fieldArea:
			fl.area.SetWidth(inner - 2)
			fl.area.SetHeight(areaH)
			b.WriteString("\n" + indent(fl.area.View(), "  "))
		case fieldChoice:
			var parts []string
			for j, o := range fl.options {
				if j == fl.sel {
					parts = append(parts, "["+o.label+"]")
				} else {
					parts = append(parts, " "+o.label+" ")
				}
			}
			line := "  ‹ " + strings.Join(parts, " ") + " ›"
			if ansi.StringWidth(line) > inner {
				// Too many to show: show the chosen one and its place.
				line = "  ‹ [" + fl.options[fl.sel].label + "] › " + itoa(fl.sel+1) + "/" + itoa(len(fl.options))
			}
			b.WriteString("\n" + ansi.Truncate(line, inner, "…"))
		}
	}
	starts[len(f.fields)] = strings.Count(b.String(), "\n") + 1
	body := strings.Split(strings.TrimPrefix(b.String(), "\n"), "\n")
	b.Reset()
	if f.err != "" {
		b.WriteString("\n" + sty.Error.Render(ansi.Wrap(f.err, inner, "")))
	} else if f.busy {
		b.WriteString("\n" + sty.Subtle.Render("Saving…"))
	}
	b.WriteString("\n" + sty.Subtle.Render(ansi.Truncate("tab next field · enter next/save · ctrl+j new line · esc cancel", inner, "…")))
	foot := b.String()
	// Too tall for the screen: show the part around the focused field,
	// saying that there is more.
	if room := h - 2 - strings.Count(head, "\n") - 1 - strings.Count(foot, "\n"); len(body) > room && room >= 4 && len(f.fields) > 0 {
		room -= 2
		from, to := starts[f.focus], starts[f.focus+1]-1
		off := min(from, len(body)-room)
		if to > off+room {
			off = to - room
		}
		above, below := off, len(body)-(off+room)
		body = body[off : off+room]
		more := func(n int, dir string) string {
			if n <= 0 {
				return ""
			}
			return sty.Subtle.Render(dir + " more " + map[bool]string{true: "above", false: "below"}[dir == "↑"])
		}
		body = append(append([]string{more(above, "↑")}, body...), more(below, "↓"))
	}
	return sty.Box.Width(inner + 4).Render(head + "\n" + strings.Join(body, "\n") + foot)
}

func indent(s, pre string) string {
	lines := strings.Split(s, "\n")
	for i := range lines {
		lines[i] = pre + lines[i]
	}
	return strings.Join(lines, "\n")
}

// restyle gives the form's inputs the client's styles: the bubbles
// defaults assume a dark terminal.
func (f *form) restyle(sty *styles) {
	f.sty = sty
	for _, fl := range f.fields {
		switch fl.kind {
		case fieldText:
			fl.input.SetStyles(sty.Input)
		case fieldArea:
			st := sty.Area
			st.Cursor.Blink = false
			fl.area.SetStyles(st)
		}
	}
}
