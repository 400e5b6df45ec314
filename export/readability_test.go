package export

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"unicode"

	"confer/session"
)

// No maintained Go package computes Flesch–Kincaid (the readability
// modules on the proxy extract web articles), so the formula is written
// once here and checked against worked examples.

// fkGrade is the Flesch–Kincaid grade level:
// 0.39 × words per sentence + 11.8 × syllables per word − 15.59.
func fkGrade(words, sentences, syllables int) float64 {
	if words == 0 || sentences == 0 {
		return 0
	}
	return 0.39*float64(words)/float64(sentences) + 11.8*float64(syllables)/float64(words) - 15.59
}

// syllables estimates a word's syllables the usual way: count groups of
// vowels (y counts; see below for "ia" and "io"), drop a silent final e (but not "-le" after a
// consonant), and count at least one.
func syllables(word string) int {
	w := strings.ToLower(word)
	w = strings.TrimSuffix(w, "'s")
	isVowel := func(r rune) bool { return strings.ContainsRune("aeiouy", r) }
	rs := []rune(w)
	n, prev := 0, false
	for i, r := range rs {
		v := isVowel(r)
		if v && !prev {
			n++
		}
		// "ia" and "io" are two syllables (Austral-i-an, peri-od) except
		// after c, t, s or g (so-cial, protec-tion, re-gion).
		if v && prev && rs[i-1] == 'i' && (r == 'a' || r == 'o') && i >= 2 && !strings.ContainsRune("ctsg", rs[i-2]) {
			n++
		}
		prev = v
	}
	if l := len(rs); l > 2 && rs[l-1] == 'e' && !isVowel(rs[l-2]) && n > 1 {
		if !(rs[l-2] == 'l' && l > 3 && !isVowel(rs[l-3])) {
			n--
		}
	}
	if l := len(rs); l > 3 && strings.HasSuffix(w, "ed") && !strings.ContainsRune("td", rs[l-3]) && n > 1 && !isVowel(rs[l-3]) {
		n--
	}
	return max(1, n)
}

// textStats splits plain text into sentences (at . ! ? and at line ends,
// so every heading and bullet is a sentence of its own) and words (tokens
// holding a letter; numbers and dates' digits are not words).
func textStats(text string) (sentences [][]string, syl int) {
	for line := range strings.SplitSeq(text, "\n") {
		var cur []string
		flush := func() {
			if len(cur) > 0 {
				sentences = append(sentences, cur)
				cur = nil
			}
		}
		for _, tok := range strings.Fields(line) {
			word := strings.TrimFunc(tok, func(r rune) bool { return !unicode.IsLetter(r) && r != '\'' })
			if strings.IndexFunc(word, unicode.IsLetter) >= 0 {
				// "citizensadvice.org.uk" is one address, not sentences.
				if strings.Contains(word, ".") {
					word = strings.SplitN(word, ".", 2)[0]
				}
				cur = append(cur, word)
				syl += syllables(word)
			}
			if strings.ContainsAny(tok[len(tok)-1:], ".!?:") && !strings.Contains(strings.TrimRight(tok, ".!?:)"), ".") {
				flush()
			}
		}
		flush()
	}
	return sentences, syl
}

// plainText strips the Markdown the encoders write, leaving what a reader
// reads.
func plainText(md string) string {
	r := strings.NewReplacer("\\\n", "\n", "\\", "", "**", "", "_", "", "#", "", "|", "", "- ", "", "—", ",")
	return r.Replace(md)
}

func TestFleschKincaidFormula(t *testing.T) {
	// Worked by hand from the published formula.
	for _, tc := range []struct {
		words, sentences, syllables int
		want                        float64
	}{
		{6, 1, 6, -1.45},     // "The cat sat on the mat."
		{13, 1, 26, 13.08},   // "The Australian platypus is seemingly a hybrid of a mammal and reptilian creature."
		{100, 10, 140, 4.83}, // ten-word sentences, 1.4 syllables a word
	} {
		if got := fkGrade(tc.words, tc.sentences, tc.syllables); math.Abs(got-tc.want) > 0.005 {
			t.Errorf("fkGrade(%d, %d, %d) = %.2f, want %.2f", tc.words, tc.sentences, tc.syllables, got, tc.want)
		}
	}
	for word, want := range map[string]int{
		"the": 1, "cat": 1, "Australian": 4, "platypus": 3, "seemingly": 3, "hybrid": 2,
		"mammal": 2, "reptilian": 4, "creature": 2, "table": 2, "make": 1, "conference": 3,
		"decided": 3, "protection": 3, "social": 2, "worker": 2, "plan": 1, "asked": 1, "Ben's": 1,
	} {
		if got := syllables(word); got != want {
			t.Errorf("syllables(%q) = %d, want %d", word, got, want)
		}
	}
	ss, syl := textStats("The cat sat on the mat.\nThe Australian platypus is seemingly a hybrid of a mammal and reptilian creature.")
	if len(ss) != 2 || len(ss[0])+len(ss[1]) != 19 || syl != 32 {
		t.Errorf("textStats: %d sentences, %d words, %d syllables; want 2, 19, 32", len(ss), len(ss[0])+len(ss[1]), syl)
	}
}

// checkReadable fails unless text reads at grade 6 or below with no
// sentence over 20 words.
func checkReadable(t *testing.T, name, text string) {
	t.Helper()
	ss, syl := textStats(plainText(text))
	words := 0
	for _, s := range ss {
		words += len(s)
		if len(s) > 20 {
			t.Errorf("%s: a sentence of %d words (the limit is 20): %q", name, len(s), strings.Join(s, " "))
		}
	}
	g := fkGrade(words, len(ss), syl)
	t.Logf("%s: grade %.1f, %d words in %d sentences", name, g, words, len(ss))
	if g > 6 {
		t.Errorf("%s: Flesch–Kincaid grade %.1f, want 6 or below (%d words, %d sentences, %d syllables)",
			name, g, words, len(ss), syl)
	}
}

// TestReadability: the decision letter and the family copy's first page
// read at age 11 or below.
func TestReadability(t *testing.T) {
	for name, snap := range map[string]session.Snapshot{"review": richConference(t, identity),
		"initial": initialConference(t), "pre-birth": preBirthConference(t)} {
		readable(t, name, snap)
	}
}

func readable(t *testing.T, name string, snap session.Snapshot) {
	t.Helper()
	var letter, family bytes.Buffer
	if err := Letter(&letter, snap); err != nil {
		t.Fatal(err)
	}
	if err := Family(&family, snap); err != nil {
		t.Fatal(err)
	}
	checkReadable(t, name+" letter", letter.String())
	page := family.String()
	start := strings.Index(page, "## In short")
	end := strings.Index(page[start+1:], "\n## ")
	if start < 0 || end < 0 {
		t.Fatalf("the family copy has no first page")
	}
	checkReadable(t, name+" family copy's first page", page[start:start+1+end])
}
