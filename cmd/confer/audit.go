package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"confer/session"
)

// runAudit prints a conference's data-protection audit: when it was
// created and ended, every export (who, which documents, where), every
// viewing after it ended, and its erasure. It prints IDs and names of
// people, never board content.
func runAudit(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("confer audit", flag.ContinueOnError)
	data := fs.String("data", "confer-data", "data directory")
	keyFile := keyFlag(fs)
	id := fs.String("conference", "", "conference ID")
	erasures := fs.Bool("erasures", false, "list every erasure instead")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *id == "" && !*erasures {
		return errors.New("audit: --conference ID (or --erasures) is required")
	}
	p := dataPaths(*data)
	j, err := openJournal(p, journalOpts{keyFile: *keyFile, note: os.Stderr})
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	defer j.Close()
	ers, err := j.Erasures()
	if err != nil {
		return err
	}
	if *erasures {
		for _, e := range ers {
			fmt.Fprintf(stdout, "%s  %s  erased conference %s (%d events)\n", stamp(e.At), e.By, e.Conference, e.Events)
		}
		fmt.Fprintf(stdout, "%d erasures.\n", len(ers))
		return nil
	}
	for _, e := range ers {
		if e.Conference == *id {
			fmt.Fprintf(stdout, "Conference %s\n%s  %s  erased the conference (%d events; its data key destroyed)\n",
				e.Conference, stamp(e.At), e.By, e.Events)
			return nil
		}
	}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		return err
	}
	h, ok := svc.Hub(*id)
	if !ok {
		return fmt.Errorf("audit: no conference %q in %s", *id, p.dir)
	}
	printAudit(stdout, h.Snapshot().Conference)
	return nil
}

// printAudit writes the audit summary of one conference.
func printAudit(w io.Writer, c *session.Conference) {
	fmt.Fprintf(w, "Conference %s (%s, %s)\n", c.ID, c.Type, c.Date.Format(time.DateOnly))
	exports, views := 0, 0
	for _, a := range c.Audit {
		var what string
		switch {
		case a.Kind == (session.CreateConference{}).Kind(), a.Kind == (session.EndConference{}).Kind():
			what = a.Summary
		case a.Kind == (session.RecordExported{}).Kind():
			exports++
			what = a.Summary
		case a.Kind == (session.AcceptConfidentiality{}).Kind() && !c.Ended.IsZero() && !a.At.Before(c.Ended):
			views++
			what = "viewed the ended conference"
		default:
			continue
		}
		fmt.Fprintf(w, "%s  %s (%s)  %s\n", stamp(a.At), a.Actor, a.ActorID, what)
	}
	fmt.Fprintf(w, "%d exports, %d viewings after the end.\n", exports, views)
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }
