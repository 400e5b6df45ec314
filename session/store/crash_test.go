package store

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestCrashChildStore is the child process of the kill -9 tests below; it
// does nothing in a normal run. It prints "ready", then erases or
// migrates the journal named in its environment and prints "done".
func TestCrashChildStore(t *testing.T) {
	path, op := os.Getenv("CONFER_STORE_CHILD"), os.Getenv("CONFER_STORE_OP")
	if path == "" {
		t.Skip("only runs as a crash test's child process")
	}
	fmt.Println("ready")
	var err error
	switch op {
	case "erase":
		err = Erase(path, testKey, Erasure{Conference: "victim", At: time.Now().UTC(), By: "operator"})
	case "migrate":
		_, err = Migrate(path, testKey)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, op+":", err)
		os.Exit(2)
	}
	fmt.Println("done")
	os.Exit(0)
}

// runKilled starts the child for op and kills it with SIGKILL after a
// random delay from its "ready"; it reports whether the child finished
// first.
func runKilled(t *testing.T, r *rand.Rand, path, op string, maxDelay int) (finished bool) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChildStore$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CONFER_STORE_CHILD="+path, "CONFER_STORE_OP="+op)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	if !sc.Scan() || sc.Text() != "ready" {
		t.Fatalf("child said %q", sc.Text())
	}
	time.Sleep(time.Duration(r.IntN(maxDelay)) * time.Microsecond)
	_ = cmd.Process.Signal(syscall.SIGKILL)
	for sc.Scan() {
		if sc.Text() == "done" {
			finished = true
		}
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatal(err)
	}
	return finished
}

// TestEraseKilledLosesNothingElse kills erasures at random moments: every
// other conference keeps every event, and the victim is either whole or
// gone (never half), with no plaintext or key left once it is gone.
func TestEraseKilledLosesNothingElse(t *testing.T) {
	if os.Getenv("CONFER_STORE_CHILD") != "" {
		t.Skip("in the child")
	}
	r := rand.New(rand.NewPCG(7, 14))
	rounds := 12
	if testing.Short() {
		rounds = 4
	}
	gone := 0
	for round := range rounds {
		path := filepath.Join(t.TempDir(), "j.db")
		b, err := Open(path, testKey)
		if err != nil {
			t.Fatal(err)
		}
		others := []string{"a", "b", "c", "d"}
		for _, c := range append(slices.Clone(others), "victim") {
			texts := make([]string, 20)
			for i := range texts {
				texts[i] = fmt.Sprintf("%s event %d", c, i+1)
			}
			fill(t, b, c, texts...)
		}
		b.Close()
		events, wrapped := rawBucket(t, path, "victim")
		finished := runKilled(t, r, path, "erase", 6000)
		b, err = Open(path, testKey)
		if err != nil {
			t.Fatalf("round %d: open after a killed erasure: %v", round, err)
		}
		ids, _ := b.Conferences()
		ers, _ := b.Erasures()
		switch {
		case slices.Contains(ids, "victim"):
			if finished || len(ers) != 0 {
				t.Fatalf("round %d: victim still present after its erasure was recorded", round)
			}
			if seqs, _ := load(t, b, "victim"); len(seqs) != 20 {
				t.Fatalf("round %d: victim half erased: %d events", round, len(seqs))
			}
		default:
			gone++
			if len(ers) != 1 || ers[0].Conference != "victim" || ers[0].Events != 20 {
				t.Fatalf("round %d: victim gone but erasure log is %+v", round, ers)
			}
			b.Close()
			for i, e := range append(events, wrapped) {
				if bytes.Contains(mustRead(t, path), e[len(e)-24:]) {
					t.Fatalf("round %d: victim gone but blob %d is still in the file", round, i)
				}
			}
			if b, err = Open(path, testKey); err != nil {
				t.Fatal(err)
			}
		}
		for _, c := range others {
			if seqs, data := load(t, b, c); len(seqs) != 20 || data[19] != c+" event 20" {
				t.Fatalf("round %d: %s lost events in a killed erasure: %d", round, c, len(seqs))
			}
		}
		b.Close()
		if _, err := os.Stat(path + compactSuffix); err == nil {
			t.Fatalf("round %d: compaction file left behind after reopening", round)
		}
	}
	t.Logf("%d rounds, victim gone in %d", rounds, gone)
}

// TestMigrateKilledLosesNothing kills migrations at random moments: the
// journal is always either the whole plaintext one, which migrates on the
// next try, or the whole encrypted one.
func TestMigrateKilledLosesNothing(t *testing.T) {
	if os.Getenv("CONFER_STORE_CHILD") != "" {
		t.Skip("in the child")
	}
	r := rand.New(rand.NewPCG(3, 9))
	rounds := 12
	if testing.Short() {
		rounds = 4
	}
	want := plainConfs()
	migrated := 0
	for round := range rounds {
		path := filepath.Join(t.TempDir(), "j.db")
		writePlaintext(t, path, want)
		runKilled(t, r, path, "migrate", 250_000)
		b, err := Open(path, testKey)
		switch {
		case errors.Is(err, ErrPlaintext):
			if _, err := Migrate(path, testKey); err != nil {
				t.Fatalf("round %d: migrate again after a kill: %v", round, err)
			}
		case err != nil:
			t.Fatalf("round %d: open after a killed migration: %v", round, err)
		default:
			migrated++
			b.Close()
		}
		checkMigrated(t, path, want)
	}
	t.Logf("%d rounds, finished before the kill in %d", rounds, migrated)
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return raw
}
