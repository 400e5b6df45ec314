package linear

import (
	"fmt"
	"testing"

	"confer/session"
)

// BenchmarkAnnounce measures one family member's announcement of one new
// item on a board of 500, from two views to the sentence: what each linear
// terminal adds, on every change, to the session's filtering that every
// terminal does.
func BenchmarkAnnounce(b *testing.B) {
	f := newFixture(b)
	for i := range 499 {
		f.do(b, pMinute, session.AddItem{Section: session.Sections[i%len(session.Sections)], Text: fmt.Sprintf("Item %d on the board", i)})
	}
	prev, self := f.viewOf(pMum)
	f.do(b, pMinute, session.AddItem{Section: session.Worries, Text: "One more worry"})
	cur, _ := f.viewOf(pMum)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if got := Announce(prev, cur, self); len(got) != 1 {
			b.Fatalf("got %q, want one sentence", got)
		}
	}
}
