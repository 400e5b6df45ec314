package server

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	uv "github.com/charmbracelet/ultraviolet"
	"github.com/charmbracelet/x/ansi"

	"confer/tui"
)

// FuzzInputDecoder feeds network bytes, cut at fuzzed points, to the
// decoder: it never panics, passes on only the events the app may see,
// holds no more than it should, and a paste end marker always ends a
// paste.
func FuzzInputDecoder(f *testing.F) {
	for _, seed := range []string{
		"abc\r", "\x1b[A\x1b[B", "\x1b", "\x1bx", "\xc3\xa9", "\x1b[200~one\rtwo\x1b[201~",
		"\x1b[200~a\x1b]0;title b", "\x1b[200~\x1b", "\x1b]11;rgb:ffff/ffff/ffff\x1b\\", "\x1b[1;2R",
		"\x1b[<0;1;1M", "\x1bP+q\x1b\\", "\x1b[999z", "\x1b[200~" + strings.Repeat("x", 300),
	} {
		f.Add([]byte(seed), uint8(3))
	}
	f.Fuzz(func(t *testing.T, data []byte, cut uint8) {
		d := inputDecoder{maxPaste: 256}
		emit := func(ev uv.Event) {
			switch ev := ev.(type) {
			case uv.KeyPressEvent:
				if strings.ContainsRune(ev.Text, ansi.ESC) {
					t.Fatalf("key text %q holds an escape", ev.Text)
				}
			case uv.PasteEvent:
				if len(ev.Content) > 256 {
					t.Fatalf("paste of %d bytes passed a 256-byte limit", len(ev.Content))
				}
			case uv.FocusEvent, uv.BlurEvent, uv.BackgroundColorEvent, uv.CursorPositionEvent, tui.NoticeMsg:
			default:
				t.Fatalf("event %T passed on", ev)
			}
		}
		step := int(cut)%16 + 1
		for i := 0; i < len(data); i += step {
			d.buf = append(d.buf, data[i:min(i+step, len(data))]...)
			d.feed(false, emit)
			if len(d.buf) > maxPending+step && !d.inPaste() {
				t.Fatalf("holding %d bytes outside a paste", len(d.buf))
			}
			if len(d.paste) > 256 {
				t.Fatalf("paste buffer at %d bytes, over its limit", len(d.paste))
			}
		}
		d.feed(true, emit)
		if !d.inPaste() && len(d.buf) > 0 {
			t.Fatalf("%q left undecoded after expiry", d.buf)
		}
		if d.inPaste() {
			d.buf = append(d.buf, pasteEnd...)
			d.feed(false, emit)
			if d.inPaste() {
				t.Fatalf("still pasting after the end marker")
			}
		}
	})
}

// FuzzPainterLineDiff paints one row, then another, and checks the
// terminal shows exactly the second: whether the painter rewrites the
// whole line or only what follows a shared prefix, the last column
// included.
func FuzzPainterLineDiff(f *testing.F) {
	f.Add([]byte("abc"), []byte("abd"))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7}, []byte{0, 1, 2, 3, 4, 9, 9})
	f.Add([]byte{5, 5, 5, 5, 5, 5}, []byte{5, 5, 5, 5, 5, 5, 2})
	words := []string{"Agenda", "│", "\x1b[1mbold\x1b[0m", "\x1b[38;5;160mred\x1b[m", "item", "日本", "x", " ",
		"Quorum: met", "▸", "\x1b[48;2;10;20;30mbg", "\x1b[0m", "é", "…"}
	const w = 30
	line := func(b []byte) string {
		var s strings.Builder
		for _, c := range b {
			s.WriteString(words[int(c)%len(words)])
		}
		t := ansi.Truncate(s.String(), w, "")
		return t + "\x1b[0m" + strings.Repeat(".", w-ansi.StringWidth(t))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		var out bytes.Buffer
		p := newPainter(&out, newLineCache(), colorprofile.TrueColor, 2)
		scr := newTerm(w, 2)
		for _, l := range []string{line(a), line(b)} {
			out.Reset()
			if err := p.paint(frame{screen: "top\n" + l}); err != nil {
				t.Fatal(err)
			}
			_, _ = scr.Write(out.Bytes())
			got := strings.Split(scr.Text(), "\n")[1]
			if want := strings.TrimRight(ansi.Strip(l), " "); got != want {
				t.Fatalf("row shows %q, want %q (wrote %q)", got, want, out.String())
			}
		}
	})
}
