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

// keyDecoder turns the client's bytes into key presses. Linear mode needs
// only printable characters, enter, backspace, ctrl+c, ctrl+d and a lone
// escape: every other control byte and every escape sequence (arrows,
// function keys, mouse reports) is dropped whole, so nothing a client
// sends is ever echoed back as a control sequence.
type keyDecoder struct {
	pending []byte // an incomplete UTF-8 character or escape sequence
	lastCR  bool   // the previous byte was a carriage return
}

// feed decodes b, holding back an incomplete character or sequence until
// the next call. A lone ESC at the end of b is taken as the escape key:
// terminals send a sequence in one write.
func (d *keyDecoder) feed(b []byte, emit func(keyPress)) {
	buf := append(d.pending, b...)
	d.pending = nil
	for i := 0; i < len(buf); {
		c := buf[i]
		cr := d.lastCR
		d.lastCR = c == '\r'
		switch {
		case c == 0x1b:
			n, complete := escapeLen(buf[i:])
			if !complete {
				if n == 1 {
					emit(keyPress{kind: keyEscape})
					i++
					continue
				}
				d.pending = append([]byte(nil), buf[i:]...)
				return
			}
			i += n
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
				if len(buf)-i < utf8.UTFMax {
					d.pending = append([]byte(nil), buf[i:]...)
					return
				}
			}
			r, n := utf8.DecodeRune(buf[i:])
			i += n
			if r != utf8.RuneError && !(r >= 0x80 && r < 0xa0) {
				emit(keyPress{kind: keyRune, r: r})
			}
		}
	}
}

// escapeLen measures the escape sequence at the start of b (b[0] is ESC):
// CSI (ESC [ ... final), SS3 (ESC O x), or ESC with one character (alt+x).
// complete is false if b ends first; n is then len(b).
func escapeLen(b []byte) (n int, complete bool) {
	if len(b) < 2 {
		return len(b), false
	}
	switch b[1] {
	case '[':
		for j := 2; j < len(b); j++ {
			if b[j] >= 0x40 && b[j] <= 0x7e {
				return j + 1, true
			}
			if j > 64 {
				return j + 1, true // not a sequence any terminal sends: drop it
			}
		}
		return len(b), false
	case 'O':
		if len(b) < 3 {
			return len(b), false
		}
		return 3, true
	}
	return 2, true
}
