package export

import (
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"confer/session"
)

// london is the zone every time in a record is shown in: session's, so
// screens and records agree.
var london = session.London

// day formats a date as people write it in a letter: "Monday 23 November 2026".
func day(t time.Time) string { return t.In(london).Format("Monday 2 January 2006") }

// plainDay formats a date without the weekday, for dates of birth.
func plainDay(t time.Time) string { return t.In(london).Format("2 January 2006") }

// clock formats a time of day: "14:05".
func clock(t time.Time) string { return t.In(london).Format("15:04") }

// sameDay reports whether a and b fall on the same date in London.
func sameDay(a, b time.Time) bool {
	ay, am, ad := a.In(london).Date()
	by, bm, bd := b.In(london).Date()
	return ay == by && am == bm && ad == bd
}

// at formats a time on the conference day as "14:05", and on any other day
// as "14:05 on Monday 23 November 2026".
func at(t, confDay time.Time) string {
	if t.IsZero() {
		return ""
	}
	if sameDay(t, confDay) {
		return clock(t)
	}
	return clock(t) + " on " + day(t)
}

// duration formats a length of time in whole minutes: "1 h 05 min".
func duration(d time.Duration) string {
	m := int(d.Round(time.Minute) / time.Minute)
	switch {
	case d <= 0:
		return "none"
	case m == 0:
		return "under 1 min"
	case m < 60:
		return itoa(m) + " min"
	}
	mm := itoa(m % 60)
	if len(mm) == 1 {
		mm = "0" + mm
	}
	return itoa(m/60) + " h " + mm + " min"
}

// mdSpecial are the characters escaped wherever they appear in user text.
// Between them they cover every inline construct (emphasis, code, links,
// images, autolinks, raw HTML, entities, strikethrough, table pipes) and
// the block markers that can only start a line with #, >, < or a fence.
const mdSpecial = "\\`*_[]<>#|!()~&"

// escapeLine returns one line of user text as Markdown inline text that
// renders as exactly the characters typed, wherever it is placed: at the
// start of a line, inside a paragraph, a list item, a heading or a table
// cell. s must not contain a newline.
func escapeLine(s string) string {
	s = strings.TrimSpace(s)
	var b strings.Builder
	b.Grow(len(s) + len(s)/8 + 2)
	// A line that starts with -, + or = could open a list or underline
	// the line before into a heading; digits then . or ) an ordered list.
	if s != "" && strings.ContainsRune("-+=", rune(s[0])) {
		b.WriteByte('\\')
	}
	digits := 0
	for digits < len(s) && s[digits] >= '0' && s[digits] <= '9' {
		digits++
	}
	for i, r := range s {
		if strings.ContainsRune(mdSpecial, r) || (i == digits && digits > 0 && r == '.') {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// lines splits multi-line user text into its non-empty lines.
func lines(s string) []string {
	var out []string
	for l := range strings.SplitSeq(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// inline returns multi-line user text as one escaped line, for a table
// cell or a heading: raw HTML such as <br> is never written, so line
// breaks become "; " (or a space after a sentence's end).
func inline(s string) string {
	ls := lines(s)
	var b strings.Builder
	for i, l := range ls {
		if i > 0 {
			if strings.ContainsRune(".;:!?", rune(ls[i-1][len(ls[i-1])-1])) {
				b.WriteString(" ")
			} else {
				b.WriteString("; ")
			}
		}
		b.WriteString(escapeLine(l))
	}
	return b.String()
}

// block returns multi-line user text as escaped lines joined by hard line
// breaks (a backslash at the end of the line), each continuation line
// indented by indent so it stays inside a list item.
func block(s, indent string) string {
	return strings.Join(escapedLines(s), "\\\n"+indent)
}

func escapedLines(s string) []string {
	ls := lines(s)
	for i, l := range ls {
		ls[i] = escapeLine(l)
	}
	return ls
}

// table is a GFM table whose cells are already Markdown (escaped user text
// or the encoder's own markup).
type table struct {
	head []string
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

// write pads every column to its widest cell, measured in terminal
// columns, so the table also lines up when read as plain text.
func (t *table) write(b *strings.Builder) {
	w := make([]int, len(t.head))
	for i, h := range t.head {
		w[i] = max(3, ansi.StringWidth(h))
	}
	for _, r := range t.rows {
		for i, c := range r {
			w[i] = max(w[i], ansi.StringWidth(c))
		}
	}
	row := func(cells []string) {
		b.WriteString("|")
		for i := range w {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			b.WriteString(" ")
			b.WriteString(c)
			b.WriteString(strings.Repeat(" ", w[i]-ansi.StringWidth(c)))
			b.WriteString(" |")
		}
		b.WriteString("\n")
	}
	row(t.head)
	b.WriteString("|")
	for i := range w {
		b.WriteString(" ")
		b.WriteString(strings.Repeat("-", w[i]))
		b.WriteString(" |")
	}
	b.WriteString("\n")
	for _, r := range t.rows {
		row(r)
	}
	b.WriteString("\n")
}

// doc accumulates a Markdown document; blocks are separated by one blank
// line.
type doc struct{ strings.Builder }

func (d *doc) h(level int, text string) {
	d.WriteString(strings.Repeat("#", level))
	d.WriteString(" ")
	d.WriteString(text)
	d.WriteString("\n\n")
}

// p writes a paragraph of Markdown.
func (d *doc) p(md string) {
	d.WriteString(md)
	d.WriteString("\n\n")
}

// li writes one bullet; end the list with d.endList.
func (d *doc) li(md string) {
	d.WriteString("- ")
	d.WriteString(md)
	d.WriteString("\n")
}

func (d *doc) endList() { d.WriteString("\n") }

// note writes an italic paragraph of the encoder's own words.
func (d *doc) note(text string) { d.p("_" + text + "_") }

func itoa(n int) string { return strconv.Itoa(n) }

// plural returns "1 thing" or "n things".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

// list joins words as a person would: "a", "a and b", "a, b and c".
func list(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	return strings.Join(words[:len(words)-1], ", ") + " and " + words[len(words)-1]
}
