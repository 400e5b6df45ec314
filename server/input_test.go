package server

import (
	"io"
	"strings"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"

	"confer/tui"
)

// typed feeds each chunk to readInput as a separate read, pausing between
// chunks when pause is set, and returns the events as strings.
func typed(t *testing.T, pause time.Duration, chunks ...string) []string {
	t.Helper()
	r, w := io.Pipe()
	got := make(chan string, 1024)
	done := make(chan struct{})
	go func() {
		defer close(done)
		readInput(r, func(ev uv.Event) {
			switch ev := ev.(type) {
			case uv.KeyPressEvent:
				got <- "key:" + ev.String()
			case uv.PasteEvent:
				got <- "paste:" + ev.Content
			case tui.NoticeMsg:
				got <- "notice"
			default:
				t.Errorf("unexpected event %T", ev)
			}
		})
	}()
	for _, c := range chunks {
		if _, err := w.Write([]byte(c)); err != nil {
			t.Fatal(err)
		}
		time.Sleep(pause)
	}
	_ = w.Close()
	<-done
	close(got)
	var out []string
	for s := range got {
		out = append(out, s)
	}
	return out
}

func TestReadInputDecodes(t *testing.T) {
	cases := []struct {
		name   string
		pause  time.Duration
		chunks []string
		want   []string
	}{
		{"letters and enter", 0, []string{"ab\r"}, []string{"key:a", "key:b", "key:enter"}},
		{"arrows", 0, []string{"\x1b[A\x1b[B"}, []string{"key:up", "key:down"}},
		{"a sequence split across reads", 20 * time.Millisecond, []string{"\x1b[", "A"}, []string{"key:up"}},
		{"a lone escape waits, then counts as Escape", 2 * escTimeout, []string{"\x1b", "x"}, []string{"key:esc", "key:x"}},
		{"escape then a letter at once is alt", 0, []string{"\x1bx"}, []string{"key:alt+x"}},
		{"a character split across reads", 20 * time.Millisecond, []string{"\xc3", "\xa9"}, []string{"key:é"}},
		{"ctrl+c", 0, []string{"\x03"}, []string{"key:ctrl+c"}},
		{"bracketed paste keeps sequences and newlines as text",
			0, []string{"x\x1b[200~one\rtwo\x1b[Athree\x1b[201~y"},
			[]string{"key:x", "paste:one\rtwo\x1b[Athree", "key:y"}},
		{"a paste split across reads", 20 * time.Millisecond,
			[]string{"\x1b[200~hel", "lo\x1b[2", "01~"}, []string{"paste:hello"}},
		{"an unknown sequence is dropped", 0, []string{"\x1b[999zq"}, []string{"key:q"}},
		{"input that ends mid-sequence is flushed", 0, []string{"q\x1b"}, []string{"key:q", "key:esc"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := typed(t, tc.pause, tc.chunks...)
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

// A paste over the limit is cut there and passed on at once, the person
// is told, the rest is skipped, and the keys after it work.
func TestReadInputCutsALongPaste(t *testing.T) {
	const maxPaste = 64 << 10
	big := strings.Repeat("x", maxPaste+5000)
	got := typed(t, 0, "\x1b[200~"+big[:maxPaste+10], big[maxPaste+10:]+"\x1b[201~", "z")
	if len(got) != 3 || got[1] != "notice" || got[2] != "key:z" {
		t.Fatalf("got %d events ending %q, want the paste, a notice and key:z", len(got), got[max(0, len(got)-2):])
	}
	if n := len(strings.TrimPrefix(got[0], "paste:")); n != maxPaste {
		t.Errorf("paste kept %d bytes, want the first %d", n, maxPaste)
	}
}

// Nothing inside a paste can swallow its end: an unterminated OSC or a
// lone ESC stay paste text, and the keys after the paste are keys.
func TestReadInputPasteEndsDespiteUnterminatedSequences(t *testing.T) {
	for _, body := range []string{"a\x1b]0;title with no end b", "c\x1bP dcs d", "e\x1b", "\x1b[201"} {
		got := typed(t, 0, "\x1b[200~"+body+"\x1b[201~", "\r")
		if want := []string{"paste:" + body, "key:enter"}; strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("paste %q: got %q, want %q", body, got, want)
		}
	}
	// The end marker split across reads, right after an ESC in the paste.
	got := typed(t, 20*time.Millisecond, "\x1b[200~x\x1b", "\x1b[20", "1~q")
	if want := []string{"paste:x\x1b", "key:q"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("split marker: got %q, want %q", got, want)
	}
}

// A paste whose end never comes is taken as ended once the terminal has
// been quiet for pasteIdle, so later keys are keys again.
func TestReadInputPasteWithoutEndTimesOut(t *testing.T) {
	got := typed(t, pasteIdle+200*time.Millisecond, "\x1b[200~half a paste", "q")
	if want := []string{"paste:half a paste", "key:q"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q, want %q", got, want)
	}
}

// The terminal's answer to the background colour query reaches the app.
func TestReadInputPassesBackgroundColour(t *testing.T) {
	r, w := io.Pipe()
	got := make(chan uv.Event, 4)
	go readInput(r, func(ev uv.Event) { got <- ev })
	_, _ = w.Write([]byte("\x1b]11;rgb:ffff/ffff/ffff\x1b\\"))
	_ = w.Close()
	ev := <-got
	bg, ok := ev.(uv.BackgroundColorEvent)
	if !ok || bg.IsDark() {
		t.Fatalf("got %#v, want a light uv.BackgroundColorEvent", ev)
	}
}

func TestReadInputKeepsOrderAfterAnExpiredEscape(t *testing.T) {
	// Many escapes, each expiring on the timer's goroutine while the reader
	// goes on: events must still arrive in the order typed.
	var chunks, want []string
	for i := range 20 {
		c := string(rune('a' + i))
		chunks = append(chunks, "\x1b", c)
		want = append(want, "key:esc", "key:"+c)
	}
	got := typed(t, 2*escTimeout, chunks...) // slack for a loaded machine
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
