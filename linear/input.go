package linear

import "unicode/utf8"

// keyKind is what one decoded key press is.
type keyKind int

const (
	keyRune keyKind = iota
	keyEnter
	keyBackspace
	keyInterrupt // ctrl+c
	keyEOF       // ctrl+d
	keyEscape
)

type keyPress struct {
	kind keyKind
	r    rune
}

// escState is where the decoder is inside an escape sequence.
type escState int

const (
	escNone  escState = iota
	escStart          // after ESC
	escCSI            // inside ESC [ ..., until a final byte
	escSS3            // after ESC O, one byte to go
)

// keyDecoder turns the client's bytes into key presses. Linear mode needs
// only printable characters, enter, backspace, ctrl+c, ctrl+d and a lone
// escape: every other control byte and every escape sequence (arrows,
// function keys, mouse reports) is dropped whole, however long and however
// it is split across reads, so nothing a client sends is ever echoed back
// as a control sequence. It holds at most one incomplete character.
type keyDecoder struct {
	pending []byte // an incomplete UTF-8 character
	esc     escState
	lastCR  bool // the previous byte was a carriage return
}

// feed decodes b. A lone ESC at the end of b is taken as the escape key:
// terminals send a sequence in one write.
func (d *keyDecoder) feed(b []byte, emit func(keyPress)) {
	buf := b
	if len(d.pending) > 0 {
		buf = append(d.pending, b...)
		d.pending = nil
	}
	for i := 0; i < len(buf); {
		c := buf[i]
		cr := d.lastCR
		d.lastCR = c == '\r'
		switch d.esc {
		case escCSI:
			if c >= 0x40 && c <= 0x7e {
				d.esc = escNone
			}
			i++
			continue
		case escSS3:
			d.esc = escNone
			i++
			continue
		case escStart:
			switch c {
			case '[':
				d.esc = escCSI
			case 'O':
				d.esc = escSS3
			default:
				d.esc = escNone // alt+key: dropped
			}
			i++
			continue
		}
		switch {
		case c == 0x1b:
			if i == len(buf)-1 {
				emit(keyPress{kind: keyEscape})
			} else {
				d.esc = escStart
			}
			i++
		case c == '\r':
			emit(keyPress{kind: keyEnter})
			i++
		case c == '\n':
			if !cr {
				emit(keyPress{kind: keyEnter})
			}
			i++
		case c == 0x7f || c == 0x08:
			emit(keyPress{kind: keyBackspace})
			i++
		case c == 0x03:
			emit(keyPress{kind: keyInterrupt})
			i++
		case c == 0x04:
			emit(keyPress{kind: keyEOF})
			i++
		case c < 0x20:
			i++
		case c < utf8.RuneSelf:
			emit(keyPress{kind: keyRune, r: rune(c)})
			i++
		default:
			if !utf8.FullRune(buf[i:]) {
				d.pending = append([]byte(nil), buf[i:]...)
				return
			}
			r, n := utf8.DecodeRune(buf[i:])
			i += n
			if r != utf8.RuneError && !(r >= 0x80 && r < 0xa0) {
				emit(keyPress{kind: keyRune, r: r})
			}
		}
	}
}
