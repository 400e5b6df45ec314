package servertest

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Queries the client answers as a terminal would.
const (
	queryCursor     = "\x1b[6n"
	queryBackground = "\x1b]11;?"
	queryPalette    = "\x1b]4;"
)

// replies returns what a terminal would answer to the queries in chunk,
// in the order asked: the cursor position and, if the options say so, the
// background colour and palette colours. c.mu is held.
func (c *Client) replies(chunk []byte) string {
	if c.opts.NoReplies {
		return ""
	}
	hay := string(append(c.qtail, chunk...))
	c.qtail = append(c.qtail[:0], hay[max(0, len(hay)-16):]...)
	var out strings.Builder
	if c.opts.Latin1 {
		// Count the columns a single-byte terminal moves: every byte
		// after a carriage return that is not part of an escape sequence.
		for i := 0; i < len(chunk); i++ {
			switch b := chunk[i]; {
			case b == '\r':
				c.col = 0
			case b == 0x1b:
				for i++; i < len(chunk) && (chunk[i] < 0x40 || chunk[i] > 0x7e || chunk[i] == '['); i++ {
				}
			case b >= 0x20:
				c.col++
			}
		}
	}
	// Answer in the order asked, as a terminal does.
	type reply struct {
		at   int
		text string
	}
	var rs []reply
	if i := strings.Index(hay, queryCursor); i >= 0 {
		x, y := 1, 0
		if c.screen != nil {
			x, y = c.screen.Cursor()
		}
		if c.opts.Latin1 {
			x = c.col
		}
		rs = append(rs, reply{i, fmt.Sprintf("\x1b[%d;%dR", y+1, x+1)})
	}
	if i := strings.Index(hay, queryBackground); i >= 0 && c.opts.Background != "" {
		rs = append(rs, reply{i, "\x1b]11;" + c.opts.Background + "\x1b\\"})
	}
	if i := strings.Index(hay, queryPalette); i >= 0 && c.opts.Palette {
		rest := hay[i+len(queryPalette):]
		if n, _, ok := strings.Cut(rest, ";?"); ok && len(n) <= 3 {
			if v, err := strconv.Atoi(n); err == nil && v >= 0 && v < 256 {
				rs = append(rs, reply{i, fmt.Sprintf("\x1b]4;%d;rgb:8080/8080/8080\x07", v)})
			}
		}
	}
	slices.SortFunc(rs, func(a, b reply) int { return a.at - b.at })
	for _, r := range rs {
		out.WriteString(r.text)
	}
	if out.Len() > 0 {
		c.qtail = c.qtail[:0] // answered: a query is not answered twice
	}
	return out.String()
}
