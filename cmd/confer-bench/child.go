package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"confer/server/servertest"
)

// childResult is what the client process reports.
type childResult struct {
	Latencies []time.Duration
	Missed    int
	CPU       time.Duration
	Bytes     int64
}

// child connects the driver and viewers, waits for GO, drives the updates
// and prints its result as JSON.
func child(args []string) error {
	fs := flag.NewFlagSet("child", flag.ContinueOnError)
	addr := fs.String("addr", "", "server address")
	keys := fs.String("keys", "", "directory of private keys by person ID")
	viewers := fs.Int("viewers", 0, "viewers' terminals")
	people := fs.Int("people", 0, "viewer people; terminal i is person i mod people")
	updates := fs.Int("updates", 0, "updates; 0 means stay idle until STOP")
	width := fs.Int("width", 100, "terminal width")
	height := fs.Int("height", 50, "terminal height")
	perUpdate := fs.Bool("per-update", false, "print each update's latencies to stderr")
	flood := fs.Bool("flood", false, "also connect two flooders, started by FLOOD: one typing as fast as it can, one sending window changes")
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Viewers run screenless: they only look for each token in the bytes
	// they receive, so the clients (which share this machine with the
	// server) cost as little as a real remote terminal would cost it.
	dial := func(id string, w, h int, screenless bool) (*servertest.Client, error) {
		data, err := os.ReadFile(filepath.Join(*keys, id))
		if err != nil {
			return nil, err
		}
		k, err := gossh.ParsePrivateKey(data)
		if err != nil {
			return nil, err
		}
		c, err := servertest.Dial(*addr, servertest.Options{User: id, Auth: []gossh.AuthMethod{gossh.PublicKeys(k)},
			Width: w, Height: h, Screenless: screenless})
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 120*time.Second)
		defer cancel()
		shows := func(want string) func(string, string) bool {
			return func(screen, out string) bool { return strings.Contains(screen, want) || strings.Contains(out, want) }
		}
		if _, err := c.WaitFunc(ctx, shows("Confidentiality")); err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		if err := c.Send("y"); err != nil {
			return nil, err
		}
		if _, err := c.WaitFunc(ctx, shows("Agenda")); err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		return c, nil
	}
	driver, err := dial("driver", *width, *height, false)
	if err != nil {
		return err
	}
	vs := make([]*servertest.Client, *viewers)
	var wg sync.WaitGroup
	errs := make(chan error, *viewers)
	sem := make(chan struct{}, 16)
	for i := range vs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			c, err := dial(fmt.Sprintf("viewer-%04d", i%*people), *width, *height, true)
			vs[i] = c
			if err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	if err := <-errs; err != nil {
		return err
	}
	var floodKeys, floodSizes *servertest.Client
	if *flood {
		if floodKeys, err = dial("flood-keys", *width, *height, true); err != nil {
			return err
		}
		if floodSizes, err = dial("flood-sizes", *width, *height, true); err != nil {
			return err
		}
	}
	fmt.Println("READY")
	in := bufio.NewScanner(os.Stdin)
	for {
		if !in.Scan() {
			return nil // the parent went away
		}
		if in.Text() == "FLOOD" && floodKeys != nil {
			go func() {
				keys := strings.Repeat("jk", 16<<10)
				for floodKeys.Send(keys) == nil {
				}
			}()
			go func() {
				for i := 0; floodSizes.WindowChange(*width+i%2, *height) == nil; i++ {
				}
			}()
			continue
		}
		if in.Text() != "GO" {
			return nil // STOP
		}
		break
	}

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	add := func(text string) (time.Time, error) {
		if err := driver.Send("a"); err != nil {
			return time.Time{}, err
		}
		if _, err := driver.WaitFor(ctx, "Add to"); err != nil {
			return time.Time{}, err
		}
		if err := driver.Send(text); err != nil {
			return time.Time{}, err
		}
		// Press enter as a person would: after the text shows in the
		// form, and a moment after the last key.
		if _, err := driver.WaitFor(ctx, text); err != nil {
			return time.Time{}, err
		}
		time.Sleep(15 * time.Millisecond)
		t0 := time.Now()
		if err := driver.Send("\r"); err != nil {
			return time.Time{}, err
		}
		_, err := driver.WaitFunc(ctx, func(screen, _ string) bool { return !strings.Contains(screen, "Add to") })
		return t0, err
	}
	if _, err := add("warm-up"); err != nil {
		return err
	}
	var res childResult
	var bytes0 int64
	for _, v := range vs {
		bytes0 += v.Bytes()
	}
	cpu0 := cpuTime()
	for i := range *updates {
		var b [4]byte
		_, _ = rand.Read(b[:])
		token := fmt.Sprintf("T%03dq%s", i, hex.EncodeToString(b[:]))
		var mu sync.Mutex
		seen := make([]time.Time, len(vs))
		all := make(chan struct{})
		left := len(vs)
		for j, v := range vs {
			v.Watch(token, func(at time.Time) {
				mu.Lock()
				defer mu.Unlock()
				seen[j] = at
				if left--; left == 0 {
					close(all)
				}
			})
		}
		t0, err := add(token)
		if err != nil {
			return err
		}
		select {
		case <-all:
		case <-time.After(10 * time.Second):
		}
		mu.Lock()
		if *perUpdate {
			report(i, t0, seen)
		}
		for _, at := range seen {
			if at.IsZero() {
				res.Missed++
				continue
			}
			res.Latencies = append(res.Latencies, at.Sub(t0))
		}
		mu.Unlock()
	}
	res.CPU = cpuTime() - cpu0
	for _, v := range vs {
		res.Bytes += v.Bytes()
	}
	res.Bytes -= bytes0
	data, _ := json.Marshal(res)
	fmt.Println(string(data))
	in.Scan() // wait for STOP so the server side is measured with us connected
	return nil
}

// report prints one update's fastest, median and slowest delivery: a slow
// update whose fastest viewer was quick was delayed part-way through the
// fan-out (a garbage collection in either process, usually).
func report(i int, t0 time.Time, seen []time.Time) {
	var ls []time.Duration
	for _, at := range seen {
		if !at.IsZero() {
			ls = append(ls, at.Sub(t0))
		}
	}
	if len(ls) == 0 {
		fmt.Fprintf(os.Stderr, "update %d: seen by nobody\n", i)
		return
	}
	slices.Sort(ls)
	r := func(d time.Duration) time.Duration { return d.Round(10 * time.Microsecond) }
	fmt.Fprintf(os.Stderr, "update %d: fastest %v, median %v, slowest %v\n", i, r(ls[0]), r(ls[len(ls)/2]), r(ls[len(ls)-1]))
}
