package session

import (
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	cases := []struct {
		name      string
		in        string
		multiline bool
		want      string
	}{
		{"plain", "Bruise seen at school", false, "Bruise seen at school"},
		{"zero-width space", "pass\u200bword", false, "password"},
		{"zero-width non-joiner, word joiner, BOM", "a\u200cb\u2060c\ufeffd", false, "abcd"},
		{"joiner between letters", "x\u200dy", false, "xy"},
		{"joiner in an emoji family", "👩\u200d👧", false, "👩\u200d👧"},
		{"joiner after VS16", "🏳\ufe0f\u200d🌈", false, "🏳\ufe0f\u200d🌈"},
		{"joiner at the edges of an emoji", "\u200d👧👩\u200d", false, "👧👩"},
		{"soft hyphen and fillers", "soft\u00adhy\u3164phen\u2061", false, "softhyphen"},
		{"CSI colour", "\x1b[31mred\x1b[0m text", false, "red text"},
		{"CSI clear screen", "a\x1b[2Jb", false, "ab"},
		{"CSI private mode", "a\x1b[?1049hb", false, "ab"},
		{"CSI cursor move", "x\x1b[10;20Hy", false, "xy"},
		{"C1 CSI", "a\u009b31mb", false, "ab"},
		{"OSC title with BEL", "a\x1b]0;pwned\x07b", false, "ab"},
		{"OSC hyperlink with ST", "a\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\b", false, "alinkb"},
		{"OSC with C1 ST", "a\u009d0;t\u009cb", false, "ab"},
		{"OSC cut short by another escape", "a\x1b]0;t\x1b[31mb", false, "ab"},
		{"OSC never ended", "a\x1b]0;title", false, "a"},
		{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", false, "ab"},
		{"APC", "a\x1b_hidden\x1b\\b", false, "ab"},
		{"two-char escape", "a\x1bcb", false, "ab"},
		{"charset escape", "a\x1b(Bb", false, "ab"},
		{"lone ESC at end", "ab\x1b", false, "ab"},
		{"C0 controls", "a\x00b\x07c\x08d\x7fe", false, "abcde"},
		{"C1 controls", "a\u0085b\u0090x\u009cc", false, "abc"},
		{"bidi override", "evil\u202etxt.exe", false, "eviltxt.exe"},
		{"bidi isolates and marks", "a\u2066b\u2069c\u200fd\u061ce", false, "abcde"},
		{"BOM", "\ufeffhello", false, "hello"},
		{"tab", "a\tb", false, "a b"},
		{"CRLF single line", "a\r\nb", false, "a b"},
		{"CRLF multiline", "a\r\nb", true, "a\nb"},
		{"CR multiline", "a\rb", true, "a\nb"},
		{"LF multiline", "a\nb", true, "a\nb"},
		{"trailing space per line", "a  \nb  ", true, "a\nb"},
		{"trim", "  padded \t", false, "padded"},
		{"line separator", "a\u2028b", true, "a\nb"},
		{"emoji with ZWJ kept", "👩‍👧 family", false, "👩‍👧 family"},
		{"accents kept", "Zoë Ní Bhriain", false, "Zoë Ní Bhriain"},
		{"only escapes", "\x1b[31m\x1b[0m", false, ""},
		{"hidden tag text", "fine\U000e0049\U000e0047\U000e004e\U000e004f\U000e0052\U000e0045 here", false, "fine here"},
		{"flag of England kept", "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f team", false, "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f team"},
		{"flag tags never cancelled", "\U0001f3f4\U000e0067\U000e0062 x", false, "\U0001f3f4 x"},
		{"cancel tag alone", "a\U000e007fb", false, "ab"},
		{"tags after a flag but too many", "\U0001f3f4" + strings.Repeat("\U000e0061", 12) + "\U000e007f", false, "\U0001f3f4"},
	}
	for _, tc := range cases {
		got, err := Clean(tc.in, Lines(tc.multiline))
		if err != nil {
			t.Errorf("%s: got error %v", tc.name, err)
			continue
		}
		if got != tc.want {
			t.Errorf("%s: Clean(%q, %v) = %q, want %q", tc.name, tc.in, tc.multiline, got, tc.want)
		}
	}
}

func TestCleanRefusesInvalidUTF8(t *testing.T) {
	for _, in := range []string{"bad \xff", "\xc3", "\xed\xa0\x80 surrogate", "\xc0\xaf overlong"} {
		if _, err := Clean(in, false); !errors.Is(err, ErrInvalid) {
			t.Errorf("Clean(%q): got %v, want ErrInvalid", in, err)
		}
	}
}

func TestCleanField(t *testing.T) {
	cases := []struct {
		name     string
		in       string
		max      int
		required bool
		want     error
	}{
		{"fits", "hello", 5, true, nil},
		{"over long by runes", "héllo!", 5, true, ErrInvalid},
		{"multibyte at the limit", "ééééé", 5, true, nil},
		{"empty required", "", 5, true, ErrInvalid},
		{"empty after cleaning", "\x1b[31m \x1b[0m", 5, true, ErrInvalid},
		{"empty optional", "", 5, false, nil},
		{"invalid UTF-8", "\xff", 5, false, ErrInvalid},
		{"escapes do not count", "\x1b[31mabc\x1b[0m", 3, true, nil},
	}
	for _, tc := range cases {
		_, err := cleanField("the field", tc.in, textRule{max: tc.max, required: tc.required})
		if !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.want)
		}
		if err != nil && Message(err) == "" {
			t.Errorf("%s: no message", tc.name)
		}
	}
	// Nothing is truncated: an over-long item is refused whole.
	long := strings.Repeat("a", MaxItem+1)
	f := newFixture(t, nil)
	if err := f.hub.Do(t.Context(), Command{By: mtActor, Op: AddItem{Section: Harm, Text: long}}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("over-long item: got %v, want ErrInvalid", err)
	}
}

// checkClean asserts Clean's guarantees for one input.
func checkClean(t *testing.T, in string, multiline bool) {
	out, err := Clean(in, Lines(multiline))
	if err != nil {
		if utf8.ValidString(in) {
			t.Fatalf("Clean(%q) refused valid UTF-8: %v", in, err)
		}
		return
	}
	if !utf8.ValidString(in) {
		t.Fatalf("Clean(%q) accepted invalid UTF-8", in)
	}
	if !utf8.ValidString(out) {
		t.Fatalf("Clean(%q) = %q: invalid UTF-8", in, out)
	}
	rs := []rune(out)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		if isTag(r) {
			end, ok := flagTags(rs, i)
			if !ok {
				t.Fatalf("Clean(%q, %v) = %q: tag %U outside an emoji flag", in, multiline, out, r)
			}
			i = end
			continue
		}
		if r == '\n' && multiline {
			continue
		}
		if r == zwj {
			if !emojiJoined(rs, i) {
				t.Fatalf("Clean(%q, %v) = %q: a zero-width joiner outside an emoji sequence", in, multiline, out)
			}
			continue
		}
		if isInvisible(r) {
			t.Fatalf("Clean(%q, %v) = %q: contains invisible %U", in, multiline, out, r)
		}
		if r == 0x1b || r < 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) || isControl(r) {
			t.Fatalf("Clean(%q, %v) = %q: contains %U", in, multiline, out, r)
		}
	}
	again, err := Clean(out, Lines(multiline))
	if err != nil || again != out {
		t.Fatalf("Clean is not idempotent on %q: %q then %q (%v)", in, out, again, err)
	}
}

func FuzzClean(f *testing.F) {
	for _, s := range []string{"", "plain", "\x1b[31mred\x1b[0m", "\x1b]0;t\x07", "\x1b]8;;u\x1b\\l",
		"\u009b1m", "\u009dx\u009c", "a\r\nb\rc\n", "\t x \t", "\u202e\u2066", "\xff", "\x1b", "\x1b[", "\x1b]",
		"\x1bP\x1b", "é\x1b[é", "a\u2028b", " \u00a0x\u00a0 ", "\x1b[\x1b]\x07\x1b\\",
		"\U000e0041\U000e007f", "\U0001f3f4\U000e0077\U000e006c\U000e0073\U000e007f", "\U0001f3f4\U000e0077\U0001f3f4\U000e007f",
		"pass\u200bword", "a\u200cb\u2060c\ufeffd", "x\u200dy", "👩\u200d👧", "🏳\ufe0f\u200d🌈", "\u200d👧", "👩\u200d",
		"👩\u200d\u200b👧", "👩\u200b\u200d👧", "soft\u00adhyphen", "\u3164filler", "\u2061\u2062\u2063\u2064"} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, multiline bool) {
		checkClean(t, s, multiline)
	})
}
