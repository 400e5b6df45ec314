package main

import (
	"flag"
	"io"
	"testing"
	"time"

	"confer/server"
)

func TestLimitFlags(t *testing.T) {
	fs := flag.NewFlagSet("confer", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	l := limitFlags(fs)
	if err := fs.Parse([]string{"--input-rate", "512", "--max-width", "300", "--flood-close", "1m", "--conn-burst", "5"}); err != nil {
		t.Fatal(err)
	}
	want := server.DefaultLimits
	want.InputRate, want.MaxWidth, want.FloodClose, want.ConnBurst = 512, 300, time.Minute, 5
	if *l != want {
		t.Fatalf("got %+v\nwant %+v", *l, want)
	}
}
