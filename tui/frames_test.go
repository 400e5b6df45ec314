package tui

import (
	"bytes"
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"confer/session"
)

func TestFrameCacheSharesIdenticalViews(t *testing.T) {
	f := newFixture(t)
	fc := NewFrameCache()
	a := f.client(t, pGP, 160, 48, fc)
	b := f.client(t, pSchool, 160, 48, fc)
	syncNow(a)
	syncNow(b)
	_ = a.View()
	h0, m0 := fc.Stats()
	_ = b.View()
	h1, m1 := fc.Stats()
	if h1 != h0+1 || m1 != m0 {
		t.Fatalf("second viewer: got hits %d→%d misses %d→%d, want one more hit", h0, h1, m0, m1)
	}
	if got, want := strings.SplitN(viewText(b), "\n", 2)[0], strings.SplitN(viewText(a), "\n", 2)[0]; got != want {
		t.Fatalf("shared frame differs: got %q, want %q", got, want)
	}
	// A family viewer never gets a viewer's frame.
	mum := f.client(t, pMum, 160, 48, fc)
	_, mb := fc.Stats()
	_ = mum.View()
	if _, ma := fc.Stats(); ma != mb+1 {
		t.Fatalf("family view: got misses %d→%d, want a miss", mb, ma)
	}
	mustNotContain(t, viewText(mum), "Neighbour reports")
	// Local view state changes the key.
	press(t, b, "j")
	hb, _ := fc.Stats()
	_ = b.View()
	if ha, _ := fc.Stats(); ha != hb {
		t.Fatal("got a cache hit after moving the selection, want a miss")
	}
	// A form is laid over the shared screen per client: typing reuses the
	// screen beneath it, and what is typed never enters the cache.
	mt := f.client(t, pMinute, 160, 48, fc)
	press(t, mt, "a")
	typeText(t, mt, "secret draft")
	mustContain(t, viewText(mt), "secret draft")
	hc, mc := fc.Stats()
	_ = mt.View()
	if ha, ma := fc.Stats(); ha != hc+1 || ma != mc {
		t.Fatalf("a keystroke in a form: got hits %d→%d misses %d→%d, want the screen beneath from the cache", hc, ha, mc, ma)
	}
	for _, frame := range fc.frames() {
		mustNotContain(t, frame, "secret draft")
	}
	if fc.Len() > frameCacheSize {
		t.Fatalf("cache holds %d frames, bound is %d", fc.Len(), frameCacheSize)
	}
}

// frames returns every cached frame.
func (c *FrameCache) frames() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for el := c.order.Front(); el != nil; el = el.Next() {
		out = append(out, el.Value.(*frameEntry).frame)
	}
	return out
}

func TestFrameCacheBounded(t *testing.T) {
	fc := NewFrameCache()
	for i := 0; i < frameCacheSize*3; i++ {
		fc.put(fmt.Sprint(i), "x")
	}
	if got := fc.Len(); got != frameCacheSize {
		t.Fatalf("got %d frames, want %d", got, frameCacheSize)
	}
	if _, ok := fc.get("0"); ok {
		t.Fatal("got the oldest frame, want it evicted")
	}
}

func TestTeatestSmoke(t *testing.T) {
	f := newFixture(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	m := New(Options{Ctx: ctx, Actor: pGP, Conferences: FromService(f.svc), Width: 80, Height: 24,
		Now: func() time.Time { return tNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Confidentiality")) },
		teatest.WithDuration(5*time.Second))
	tm.Type("y")
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Agenda")) },
		teatest.WithDuration(5*time.Second))
	// A change made elsewhere reaches this screen through the subscription.
	f.do(t, pMinute, session.AddItem{Section: session.Harm, Text: "Live update arrives"})
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte("Live update arrives")) },
		teatest.WithDuration(5*time.Second))
	tm.Send(tea.KeyPressMsg(tea.Key{Code: 'c', Mod: tea.ModCtrl}))
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

func benchModel(b *testing.B, frames *FrameCache) (*model, *model) {
	f := newFixture(b)
	for i := 0; i < 500; i++ {
		sec := session.Sections[i%len(session.Sections)]
		if sec == session.SafetyGoals {
			sec = session.Harm
		}
		f.do(b, pMinute, session.AddItem{Section: sec, Text: fmt.Sprintf("Item %d: something said at the conference that takes a line or two to write down properly.", i)})
	}
	f.do(b, pChair, session.GoToStep{Index: 11}) // chair's summary: every section
	return f.client(b, pGP, 160, 48, frames), f.client(b, pSchool, 160, 48, frames)
}

func BenchmarkView500Items(b *testing.B) {
	b.Run("nocache", func(b *testing.B) {
		m, _ := benchModel(b, nil)
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			_ = m.View()
		}
	})
	b.Run("cachehit", func(b *testing.B) {
		fc := NewFrameCache()
		m, other := benchModel(b, fc)
		syncNow(m)
		syncNow(other)
		_ = other.View() // the frame another client rendered
		b.ReportAllocs()
		b.ResetTimer()
		for b.Loop() {
			_ = m.View()
		}
		b.StopTimer()
		h, ms := fc.Stats()
		b.ReportMetric(float64(h)/float64(h+ms), "hit-ratio")
	})
}

// Viewers that miss the same new frame at once share one rendering.
func TestFrameCacheRendersConcurrentMissesOnce(t *testing.T) {
	fc := NewFrameCache()
	var renders atomic.Int32
	release := make(chan struct{})
	got := make([]string, 16)
	var wg sync.WaitGroup
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i] = fc.frame([]byte("v7|80x24"), func() string {
				renders.Add(1)
				<-release
				return "frame"
			})
		}()
	}
	for renders.Load() == 0 {
		runtime.Gosched()
	}
	close(release)
	wg.Wait()
	if n := renders.Load(); n != 1 {
		t.Fatalf("got %d renders for one key, want 1", n)
	}
	for i, f := range got {
		if f != "frame" {
			t.Fatalf("client %d got %q, want the shared frame", i, f)
		}
	}
	if hits, misses := fc.Stats(); misses != 1 || hits != 15 {
		t.Fatalf("got %d hits and %d misses, want 15 and 1", hits, misses)
	}
}
