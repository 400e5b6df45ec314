package linear

import "testing"

// FuzzKeyDecoder: whatever a client sends, split however, the decoder
// never panics, holds at most one incomplete character, and never hands
// on a control character as typed text (the line editor echoes typed
// text back to the client).
func FuzzKeyDecoder(f *testing.F) {
	for _, s := range []string{"abc\r", "\x1b[A\x1b", "\xc3\xa9\x7f\x03", "\x1b[200~x\x1b[201~", "\x1bOPq\x9b1m"} {
		f.Add([]byte(s), uint8(3))
	}
	f.Fuzz(func(t *testing.T, b []byte, cut uint8) {
		var d keyDecoder
		check := func(k keyPress) {
			if k.kind == keyRune && (k.r < 0x20 || k.r == 0x7f || (k.r >= 0x80 && k.r < 0xa0)) {
				t.Fatalf("control character %U handed on as text", k.r)
			}
		}
		n := min(int(cut), len(b))
		d.feed(b[:n], check)
		d.feed(b[n:], check)
		if len(d.pending) > 3 {
			t.Fatalf("holds %d bytes", len(d.pending))
		}
	})
}
