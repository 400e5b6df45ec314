package main

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"
)

// print writes the runs' figures as a table, with their medians.
func print(w io.Writer, rs []result, idle, noCache bool) {
	cache := "shared frame cache"
	if noCache {
		cache = "no frame cache"
	}
	if cellRenderer {
		cache += ", Bubble Tea cell renderer"
	} else {
		cache += ", line painter"
	}
	if idle {
		fmt.Fprintf(w, "idle: %d sessions at %dx%d, %s\n", rs[0].Viewers, termW, termH, cache)
		fmt.Fprintf(w, "%-8s %12s %14s %14s\n", "run", "cpu(cores)", "cpu/session", "rss/session")
		for i, r := range rs {
			fmt.Fprintf(w, "%-8d %12.4f %13.1fµs/s %11.0f KiB\n", i+1, r.IdleCPU, r.IdleCPU*1e6/float64(r.Viewers), r.RSSPerSession/1024)
		}
		m := median(rs, func(r result) float64 { return r.IdleCPU })
		fmt.Fprintf(w, "%-8s %12.4f %13.1fµs/s %11.0f KiB\n", "median", m, m*1e6/float64(rs[0].Viewers),
			median(rs, func(r result) float64 { return r.RSSPerSession })/1024)
		return
	}
	fmt.Fprintf(w, "%d viewers at %dx%d, %d updates per run, %s\n", rs[0].Viewers, termW, termH, rs[0].Updates, cache)
	if flood {
		fmt.Fprintf(w, "with a key flooder and a window-change flooder; server cpu with only them busy (cores), per run:")
		for _, r := range rs {
			fmt.Fprintf(w, " %.3f", r.FloodCPU)
		}
		fmt.Fprintf(w, "; median %.3f\n", median(rs, func(r result) float64 { return r.FloodCPU }))
	}
	fmt.Fprintf(w, "%-7s %9s %9s %7s %13s %10s %13s %11s %11s %10s %9s %10s %14s\n",
		"run", "p50", "p99", "missed", "srv cpu/upd", "alloc/upd", "cli cpu/upd", "rss/sess", "heap/sess", "stack/sess", "gor/sess", "bytes/upd", "cache hit/miss")
	row := func(name string, r result) {
		fmt.Fprintf(w, "%-7s %9s %9s %7d %13s %6.1f KiB %13s %7.0f KiB %7.0f KiB %6.0f KiB %9.1f %10.0f %14s\n", name,
			r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond), r.Missed,
			r.CPUPerUpdate.Round(time.Microsecond), r.AllocPerUpdate/1024, r.ClientCPU.Round(time.Microsecond),
			r.RSSPerSession/1024, r.HeapPerSession/1024, r.StackPerSession/1024, r.GoPerSession, r.BytesPerUpdate, fmt.Sprintf("%d/%d", r.Hits, r.Misses))
	}
	for i, r := range rs {
		row(strconv.Itoa(i+1), r)
	}
	d := func(f func(result) time.Duration) time.Duration {
		return time.Duration(median(rs, func(r result) float64 { return float64(f(r)) }))
	}
	m := result{
		P50: d(func(r result) time.Duration { return r.P50 }), P99: d(func(r result) time.Duration { return r.P99 }),
		Missed:          int(median(rs, func(r result) float64 { return float64(r.Missed) })),
		CPUPerUpdate:    d(func(r result) time.Duration { return r.CPUPerUpdate }),
		ClientCPU:       d(func(r result) time.Duration { return r.ClientCPU }),
		AllocPerUpdate:  median(rs, func(r result) float64 { return r.AllocPerUpdate }),
		RSSPerSession:   median(rs, func(r result) float64 { return r.RSSPerSession }),
		HeapPerSession:  median(rs, func(r result) float64 { return r.HeapPerSession }),
		StackPerSession: median(rs, func(r result) float64 { return r.StackPerSession }),
		GoPerSession:    median(rs, func(r result) float64 { return r.GoPerSession }),
		BytesPerUpdate:  median(rs, func(r result) float64 { return r.BytesPerUpdate }),
		Hits:            uint64(median(rs, func(r result) float64 { return float64(r.Hits) })),
		Misses:          uint64(median(rs, func(r result) float64 { return float64(r.Misses) })),
	}
	row("median", m)
}

func median(rs []result, f func(result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}
