package server

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
)

// Input that pushes back.
//
// A client's bytes are read only as fast as its budget allows: typed bytes
// at Limits.InputRate, bytes inside a bracketed paste (which become one
// event however long the paste) at Limits.PasteRate. Over budget the
// reader waits instead of reading, so the SSH channel's window is not
// replenished and the client's own SSH stops sending: a flood costs the
// server almost nothing, rather than being decrypted and thrown away.
// What the client sent meanwhile waits in the SSH channel's buffer, which
// the channel's window (2 MiB in golang.org/x/crypto/ssh) bounds.
// Window changes are coalesced and passed on at most Limits.ResizeRate
// times a second; while one waits, the next is not taken either, which
// stalls the flooding connection in the same way. A client that stays
// over either budget is told once, after Limits.FloodWarn, and closed
// after Limits.FloodClose.

// inputBudget decides how many bytes the reader may take next.
type inputBudget struct {
	keyRate, keyBurst     float64
	pasteRate, pasteBurst float64
	now                   func() time.Time
	// sleep waits d, or returns false at once if the session ended.
	sleep func(d time.Duration) bool
	// over is called each time the reader has to wait.
	over func()

	keys, paste bucket // only touched by the reading goroutine
}

// pick returns the bucket for the next bytes and its rate and burst.
func (b *inputBudget) pick(pasting bool) (*bucket, float64, float64) {
	if pasting {
		return &b.paste, b.pasteRate, b.pasteBurst
	}
	return &b.keys, b.keyRate, b.keyBurst
}

// grant waits until some bytes may be read and returns how many, at most
// max (max > 0); ok is false if the session ended while it waited.
func (b *inputBudget) grant(pasting bool, max int) (n int, ok bool) {
	bk, rate, burst := b.pick(pasting)
	for {
		have := bk.level(b.now(), rate, burst)
		if have >= 1 {
			return min(max, int(have)), true
		}
		// Wake for a useful amount, not a byte at a time: up to a
		// twentieth of a second's worth.
		want := min(float64(max), rate/20)
		if b.over != nil {
			b.over()
		}
		if !b.sleep(time.Duration((want - have) / rate * float64(time.Second))) {
			return 0, false
		}
	}
}

// spend charges n bytes that were read.
func (b *inputBudget) spend(pasting bool, n int) {
	bk, rate, burst := b.pick(pasting)
	bk.take(b.now(), rate, burst, float64(n))
}

// sleeper returns a sleep for inputBudget that ends early with ctx.
func sleeper(ctx context.Context) func(time.Duration) bool {
	return func(d time.Duration) bool {
		t := time.NewTimer(d)
		defer t.Stop()
		select {
		case <-t.C:
			return true
		case <-ctx.Done():
			return false
		}
	}
}

// flood tracks how long a client has been over its budgets without a
// break of more than a second: warn is called once, after warnAfter, and
// close after closeAfter.
type flood struct {
	warnAfter, closeAfter time.Duration
	warn, close           func()

	mu          sync.Mutex
	start, last time.Time
	warned      bool
	closed      bool
}

// over records that the client was over a budget at now.
func (f *flood) over(now time.Time) {
	f.mu.Lock()
	if f.last.IsZero() || now.Sub(f.last) > time.Second {
		f.start = now
	}
	f.last = now
	lasted := now.Sub(f.start)
	var call func()
	switch {
	case lasted >= f.closeAfter && !f.closed:
		f.closed, call = true, f.close
	case lasted >= f.warnAfter && !f.warned:
		f.warned, call = true, f.warn
	}
	f.mu.Unlock()
	if call != nil {
		call()
	}
}

// clampWindow bounds a terminal size: the app never sees, draws or holds
// more than maxW × maxH cells, whatever the client claims.
func clampWindow(w, h, maxW, maxH int) (int, int) {
	return max(0, min(w, maxW)), max(0, min(h, maxH))
}

// forwardResizes passes window changes to the app, bounded and at most
// every gap, until ctx ends, when it quits the app. Changes that arrive
// while it waits are coalesced into the newest; while it waits it takes
// none, so a client sending them faster stalls its own connection.
func forwardResizes(ctx context.Context, p *tea.Program, winch <-chan ssh.Window, maxW, maxH int, gap time.Duration, over func(time.Time)) {
	lastW, lastH := -1, -1
	for {
		select {
		case <-ctx.Done():
			p.Quit()
			return
		case win, ok := <-winch:
			if !ok {
				return
			}
		latest:
			for {
				select {
				case next, ok := <-winch:
					if !ok {
						break latest
					}
					win = next
				default:
					break latest
				}
			}
			w, h := clampWindow(win.Width, win.Height, maxW, maxH)
			if w != lastW || h != lastH {
				lastW, lastH = w, h
				p.Send(tea.WindowSizeMsg{Width: w, Height: h})
			}
			t := time.NewTimer(gap)
			select {
			case <-ctx.Done():
				t.Stop()
				p.Quit()
				return
			case <-t.C:
			}
			// Another change already waiting means they come faster than
			// they are passed on.
			if len(winch) > 0 && over != nil {
				over(time.Now())
			}
		}
	}
}
