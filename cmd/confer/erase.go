package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"confer/session"
	"confer/session/store"
)

// runErase erases one conference for good: its data key is destroyed, its
// events leave the journal (which is rewritten so no freed page keeps
// them), an erasure holding no content is journaled, and its record files
// in the data directory are scrubbed and removed. It asks the operator to
// type the conference ID unless --yes is given.
func runErase(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("confer erase", flag.ContinueOnError)
	data := fs.String("data", "confer-data", "data directory")
	keyFile := keyFlag(fs)
	id := fs.String("conference", "", "conference ID")
	yes := fs.Bool("yes", false, "do not ask for confirmation")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *id == "" {
		return errors.New("erase: --conference ID is required")
	}
	p := dataPaths(*data)
	j, err := openJournal(p, journalOpts{keyFile: *keyFile, note: stdout})
	if err != nil {
		return fmt.Errorf("erase: %w", err)
	}
	key, err := masterKey(p, journalOpts{keyFile: *keyFile})
	if err != nil {
		j.Close()
		return err
	}
	ers, _ := j.Erasures()
	confs, _ := j.Conferences()
	for _, e := range ers {
		if e.Conference == *id {
			j.Close()
			n := removeRecords(recordFiles(p.records, *id, confs, nil))
			fmt.Fprintf(stdout, "Conference %s was already erased on %s by %s.", *id, e.At.Format(time.DateTime+" MST"), e.By)
			if n > 0 {
				fmt.Fprintf(stdout, " Removed %d record files left behind.", n)
			}
			fmt.Fprintln(stdout)
			return nil
		}
	}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		j.Close()
		return err
	}
	h, ok := svc.Hub(*id)
	if !ok {
		j.Close()
		return fmt.Errorf("erase: no conference %q in %s", *id, p.dir)
	}
	c := h.Snapshot().Conference
	state := "ended " + c.Ended.Format(time.DateOnly)
	if c.Ended.IsZero() {
		state = "NOT ENDED"
	}
	// While the data key lives, the seal says which files are this
	// conference's, whatever their names might also read as.
	files := recordFiles(p.records, c.ID, confs, j)
	j.Close()
	if !*yes {
		fmt.Fprintf(stdout, "This erases conference %s (%s conference of %s, %s, %d events) and its records in %s.\n",
			c.ID, c.Type, c.Date.Format(time.DateOnly), state, c.Seq, p.records)
		fmt.Fprintf(stdout, "Nobody will be able to read it again. Copies already taken away are not affected (confer audit lists them).\n")
		fmt.Fprintf(stdout, "Type the conference ID to erase it: ")
		line, _ := bufio.NewReader(stdin).ReadString('\n')
		if strings.TrimSpace(line) != c.ID {
			fmt.Fprintln(stdout, "Nothing was erased.")
			return nil
		}
	}
	e := store.Erasure{Conference: c.ID, At: time.Now().UTC().Round(time.Second), By: operator().Name}
	if err := store.Erase(p.journal, key, e); err != nil {
		return fmt.Errorf("erase: %w", err)
	}
	n := removeRecords(files)
	fmt.Fprintf(stdout, "Erased conference %s: its data key is destroyed, its %d events are gone from the journal (rewritten), and %d record files were removed.\n", c.ID, c.Seq, n)
	return nil
}

// recordFiles lists the record files of conference id in dir: by name,
// where a name that also reads as a record of another conference in
// others is left to that conference unless (open given) it opens with
// this conference's key, the seal being bound to conference and document.
func recordFiles(dir, id string, others []string, open opener) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, en := range entries {
		name := en.Name()
		if !en.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, name)
		base, sealed := strings.CutSuffix(name, sealedSuffix)
		if recordOf(base, id, others) || sealed && open != nil && opensAs(open, p, id, base) {
			out = append(out, p)
		}
	}
	return out
}

// opener opens a sealed record: the journal.
type opener interface {
	OpenRecord(conf, name string, sealed []byte) ([]byte, error)
}

// opensAs reports whether the sealed file at p opens as a record of
// conference id under one reading of its name.
func opensAs(open opener, p, id, name string) bool {
	raw, err := os.ReadFile(p)
	if err != nil {
		return false
	}
	for _, r := range recordRefs(name) {
		if r.conf != id {
			continue
		}
		if _, err := open.OpenRecord(r.conf, r.doc, raw); err == nil {
			return true
		}
	}
	return false
}

// removeRecords scrubs and removes the files and returns how many went.
func removeRecords(files []string) int {
	n := 0
	for _, f := range files {
		if scrubRemove(f) == nil {
			n++
		}
	}
	return n
}

// recordOf reports whether the record file name reads as a record of
// conference id and of no other conference in others.
func recordOf(name, id string, others []string) bool {
	mine := false
	for _, r := range recordRefs(name) {
		switch {
		case r.conf == id:
			mine = true
		case slices.Contains(others, r.conf):
			return false
		}
	}
	return mine
}
