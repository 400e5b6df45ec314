package server

import (
	"io"
	"strings"
	"testing"
	"time"

	uv "github.com/charmbracelet/ultraviolet"
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

func TestReadInputBoundsAPaste(t *testing.T) {
	big := strings.Repeat("x", maxPaste+5000)
	got := typed(t, 0, "\x1b[200~"+big+"\x1b[201~", "z")
	if len(got) != 2 || got[1] != "key:z" {
		t.Fatalf("got %d events, last %q", len(got), got[len(got)-1])
	}
	if n := len(strings.TrimPrefix(got[0], "paste:")); n != maxPaste {
		t.Errorf("paste kept %d bytes, want the first %d", n, maxPaste)
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
	got := typed(t, escTimeout+10*time.Millisecond, chunks...)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
