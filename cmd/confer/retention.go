package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"confer/session"
)

// defaultRetentionDays is a placeholder: the data-protection officer sets
// the period from the authority's retention schedule.
const defaultRetentionDays = 6 * 365

// runRetention lists ended conferences older than the retention period,
// for a person to review. It erases nothing.
func runRetention(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("confer retention", flag.ContinueOnError)
	data := fs.String("data", "confer-data", "data directory")
	keyFile := keyFlag(fs)
	days := fs.Int("days", defaultRetentionDays, "retention period in days after a conference ended")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *days < 0 {
		return fmt.Errorf("retention: --days must not be negative, got %d", *days)
	}
	p := dataPaths(*data)
	j, err := openJournal(p, journalOpts{keyFile: *keyFile, note: os.Stderr})
	if err != nil {
		return fmt.Errorf("retention: %w", err)
	}
	defer j.Close()
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		return err
	}
	due := dueForReview(svc.Ended(), time.Now(), *days)
	fmt.Fprintf(stdout, "Retention period: %d days after a conference ended.\n", *days)
	if len(due) == 0 {
		fmt.Fprintln(stdout, "No ended conference is past it.")
		return nil
	}
	fmt.Fprintf(stdout, "%d ended conferences are past it and due for review:\n", len(due))
	for _, c := range due {
		fmt.Fprintf(stdout, "  %s  %s conference of %s, ended %s\n", c.ID, c.Type, c.Date.Format(time.DateOnly), c.Ended.Format(time.DateOnly))
	}
	fmt.Fprintln(stdout, "Nothing has been erased. After review, erase one with: confer erase --conference ID")
	return nil
}

// dueForReview returns the conferences that ended more than days ago,
// oldest end first.
func dueForReview(ended []*session.Conference, now time.Time, days int) []*session.Conference {
	cutoff := now.AddDate(0, 0, -days)
	var out []*session.Conference
	for _, c := range ended {
		if c.Ended.Before(cutoff) {
			out = append(out, c)
		}
	}
	return out
}

// retentionNotice tells the operator at start-up how many ended
// conferences are past the retention period. It names no conference and
// erases nothing.
func retentionNotice(w io.Writer, svc *session.Service, days int) {
	if days < 0 {
		return
	}
	if n := len(dueForReview(svc.Ended(), time.Now(), days)); n > 0 {
		fmt.Fprintf(w, "%d ended conferences are past the retention period of %d days and due for review: run 'confer retention --days %d'.\n", n, days, days)
	}
}
