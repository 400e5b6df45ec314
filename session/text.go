package session

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits on text, in runes. Items are short by design: a whiteboard, not a
// report. Reasons and dissent may run longer.
const (
	MaxLine = 200  // names, agencies, titles, codes
	MaxItem = 2000 // board items, reasons, actions
	MaxLong = 8000 // dissent, decision reasons
)

// Lines says whether cleaned text may keep line breaks.
type Lines bool

// The two line rules for [Clean].
const (
	OneLine   Lines = false // line breaks and tabs become spaces
	MultiLine Lines = true  // line breaks are kept (CR and CRLF become LF)
)

// Clean returns text made safe to show on another person's terminal and to
// write into a record: it must be valid UTF-8; escape sequences (CSI, OSC,
// DCS and the like, with their parameters) and every C0 and C1 control
// character are removed, except newline under [MultiLine] (a carriage
// return or CRLF becomes a newline then, and tab becomes a space in any
// case). Invisible characters that reorder or hide text (bidi overrides,
// zero-width spaces and joiners, word joiners, BOMs and every other
// Unicode format character, Unicode tag characters, blank fillers) are
// removed too, except a zero-width joiner between two emoji and the tags
// of an emoji flag. Leading and trailing space is trimmed. The result never contains
// ESC (0x1b) or any control character other than '\n'.
//
// Clean reports invalid UTF-8 as an error rather than guessing: bad input
// gets a clear refusal and the caller keeps what was typed.
func Clean(s string, lines Lines) (string, error) {
	multiline := lines == MultiLine
	if !utf8.ValidString(s) {
		return "", refuse(ErrInvalid, "the text is not valid UTF-8")
	}
	var b strings.Builder
	b.Grow(len(s))
	rs := []rune(s)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == 0x1b: // ESC: skip the whole sequence
			i = skipEscape(rs, i)
		case r == 0x9b: // C1 CSI
			i = skipCSI(rs, i+1)
		case r == 0x9d || r == 0x90 || r == 0x98 || r == 0x9e || r == 0x9f: // C1 OSC, DCS, SOS, PM, APC
			i = skipString(rs, i+1)
		case r == '\r':
			if i+1 < len(rs) && rs[i+1] == '\n' {
				i++ // CRLF is one line break
			}
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\n':
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case r == '\t':
			b.WriteByte(' ')
		case r == 0x2028 || r == 0x2029: // line and paragraph separators
			if multiline {
				b.WriteByte('\n')
			} else {
				b.WriteByte(' ')
			}
		case isTag(r):
			// Tag characters are invisible and can carry hidden text; the
			// only use a person would type is an emoji flag of England,
			// Scotland or Wales (black flag, tags, cancel tag): keep those.
			if end, ok := flagTags(rs, i); ok {
				b.WriteString(string(rs[i : end+1]))
				i = end
			} else {
				for i+1 < len(rs) && isTag(rs[i+1]) {
					i++
				}
			}
		case r == zwj:
			// A zero-width joiner is how people type 👩‍👧 or 🏳️‍🌈: keep it
			// between two emoji, drop it anywhere else, where it only hides.
			if emojiJoined(rs, i) {
				b.WriteRune(r)
			}
		case isControl(r) || isInvisible(r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	out := b.String()
	if multiline {
		lines := strings.Split(out, "\n")
		for i, l := range lines {
			lines[i] = strings.TrimRightFunc(l, unicode.IsSpace)
		}
		out = strings.Join(lines, "\n")
	}
	return strings.TrimSpace(out), nil
}

// isControl reports C0, DEL, C1 and the Unicode format characters that can
// reorder or hide text (bidi overrides, zero-width joiners are kept for
// emoji).
func isControl(r rune) bool {
	if r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
		return true
	}
	switch r {
	case 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, // bidi embeddings and overrides
		0x2066, 0x2067, 0x2068, 0x2069, // bidi isolates
		0x200e, 0x200f, 0x061c, // direction marks (LRM, RLM, ALM)
		0x206a, 0x206b, 0x206c, 0x206d, 0x206e, 0x206f, // deprecated format controls
		0xfeff, 0xfff9, 0xfffa, 0xfffb: // BOM, interlinear annotations
		return true
	}
	return false
}

// zwj is U+200D ZERO WIDTH JOINER.
const zwj = 0x200d

// isInvisible reports characters that show nothing yet change what text
// says or matches: every Unicode format character (zero-width space and
// non-joiner, word joiner, invisible operators, soft hyphen, BOM...) and
// the blank fillers. The joiner and the tags of an emoji flag are judged
// before this is asked.
func isInvisible(r rune) bool {
	switch r {
	case 0x034f, 0x115f, 0x1160, 0x3164, 0xffa0, 0x17b4, 0x17b5: // grapheme joiner, Hangul and Khmer fillers
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// isEmoji reports runes that are emoji or emoji modifiers (the blocks a
// ZWJ sequence is built from).
func isEmoji(r rune) bool {
	return r >= 0x1f000 && r <= 0x1faff || r >= 0x2600 && r <= 0x27bf || r >= 0x2300 && r <= 0x23ff ||
		r >= 0x2b00 && r <= 0x2bff || r == 0x00a9 || r == 0x00ae || r == 0x203c || r == 0x2049
}

// emojiJoined reports whether the ZWJ at rs[i] joins two emoji: an emoji
// (perhaps with variation selector 16) before it, and one after it.
func emojiJoined(rs []rune, i int) bool {
	p := i - 1
	if p >= 0 && rs[p] == 0xfe0f {
		p--
	}
	return p >= 0 && isEmoji(rs[p]) && i+1 < len(rs) && isEmoji(rs[i+1])
}

func isTag(r rune) bool { return r >= 0xe0000 && r <= 0xe007f }

// flagTags reports whether the tags starting at rs[i] complete an emoji
// subdivision flag: they follow U+1F3F4, are tag letters, digits or the
// like, and end with U+E007F. end is the index of the cancel tag.
func flagTags(rs []rune, i int) (end int, ok bool) {
	if i == 0 || rs[i-1] != 0x1f3f4 {
		return 0, false
	}
	for j := i; j < len(rs) && j-i <= 8; j++ {
		switch r := rs[j]; {
		case r == 0xe007f:
			return j, j > i
		case r < 0xe0020 || r > 0xe007e:
			return 0, false
		}
	}
	return 0, false
}

// skipEscape returns the index of the last rune of the escape sequence that
// starts with ESC at rs[i].
func skipEscape(rs []rune, i int) int {
	if i+1 >= len(rs) {
		return i
	}
	switch rs[i+1] {
	case '[':
		return skipCSI(rs, i+2)
	case ']', 'P', 'X', '^', '_':
		return skipString(rs, i+2)
	default:
		// Two-character sequence (ESC c, ESC 7, ESC ( B ...): drop ESC and
		// the intermediates and final byte.
		j := i + 1
		for j < len(rs) && rs[j] >= 0x20 && rs[j] <= 0x2f {
			j++
		}
		if j < len(rs) && rs[j] >= 0x30 && rs[j] <= 0x7e {
			return j
		}
		return j - 1
	}
}

// skipCSI skips parameters and intermediates up to and including the final
// byte (0x40–0x7e), returning its index.
func skipCSI(rs []rune, j int) int {
	for j < len(rs) {
		r := rs[j]
		if r >= 0x40 && r <= 0x7e {
			return j
		}
		if r < 0x20 || r > 0x7e {
			// Malformed: stop before the odd rune so it is judged alone.
			return j - 1
		}
		j++
	}
	return len(rs) - 1
}

// skipString skips an OSC/DCS/SOS/PM/APC body up to BEL, ST (ESC \) or C1 ST.
func skipString(rs []rune, j int) int {
	for j < len(rs) {
		switch rs[j] {
		case 0x07, 0x9c:
			return j
		case 0x1b:
			if j+1 < len(rs) && rs[j+1] == '\\' {
				return j + 1
			}
			// An ESC that is not ST ends the string and starts a sequence
			// of its own: leave it to be skipped as one.
			return j - 1
		}
		j++
	}
	return len(rs) - 1
}

// textRule is how one kind of field is cleaned: its length limit in runes,
// whether it may hold line breaks, and whether it may be empty.
type textRule struct {
	max      int
	lines    Lines
	required bool
}

// The cleaning rules, named for the fields they fit.
var (
	optionalLine     = textRule{MaxLine, OneLine, false}   // agency, venue, relationship
	requiredLine     = textRule{MaxLine, OneLine, true}    // names, owners
	optionalLongLine = textRule{MaxItem, OneLine, false}   // a scaling question, a step prompt
	optionalText     = textRule{MaxItem, MultiLine, false} // a recommendation's reason
	requiredText     = textRule{MaxItem, MultiLine, true}  // board items, score reasons, actions
	requiredLong     = textRule{MaxLong, MultiLine, true}  // dissent, decision reasons
)

// cleanField cleans s for one field under rule r, refusing empty or
// over-long text with a sentence naming the field. Nothing is silently
// truncated.
func cleanField(field, s string, r textRule) (string, error) {
	out, err := Clean(s, r.lines)
	if err != nil {
		return "", refuse(ErrInvalid, "%s is not valid UTF-8", field)
	}
	if r.required && out == "" {
		return "", refuse(ErrInvalid, "%s is empty", field)
	}
	if n := utf8.RuneCountInString(out); n > r.max {
		return "", refuse(ErrInvalid, "%s is %d characters; the limit is %d", field, n, r.max)
	}
	return out, nil
}
