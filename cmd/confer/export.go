package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"confer/export"
	"confer/session"
)

// runExport writes conference records from the journal without a server.
// Without --out they are sealed into the data directory as the app writes
// them (every document, Markdown and HTML, unless some are chosen); with
// --out they are plaintext copies to take away, which is journaled (who,
// which documents, where) before any byte is written.
func runExport(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("confer export", flag.ContinueOnError)
	data := fs.String("data", "confer-data", "data directory")
	keyFile := keyFlag(fs)
	id := fs.String("conference", "", "conference ID")
	full := fs.Bool("full", false, "the full record")
	family := fs.Bool("family", false, "the family copy (and, where family members may see different things, each one's own copy)")
	letter := fs.Bool("letter", false, "the decision letter")
	all := fs.Bool("all", false, "every document (the default)")
	out := fs.String("out", "", "directory for copies to take away, outside the data directory; - writes one document to standard output (default: sealed into DATA/records)")
	asHTML := fs.Bool("html", false, "also write each document as printable HTML (sealed into DATA/records without --out, as the app does; with --out -, only the HTML)")
	var to recipientsFlag
	fs.Var(&to, "to", "encrypt the copies with age to this recipient: an age public key (age1...) or an SSH public key; repeat for several")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if len(to.list) > 0 && (*out == "" || *out == "-") {
		return errors.New("export: --to needs --out DIR, the directory the encrypted copies go to")
	}
	if *id == "" {
		return errors.New("export: --conference ID is required")
	}
	if *asHTML && len(to.list) > 0 {
		return errors.New("export: --html cannot be used with --to: the copies encrypted with age are Markdown")
	}
	var docs []export.Document
	if *full {
		docs = append(docs, export.FullRecord)
	}
	if *family {
		docs = append(docs, export.FamilyCopy)
	}
	if *letter {
		docs = append(docs, export.DecisionLetter)
	}
	if *all || len(docs) == 0 {
		if *out == "-" {
			return errors.New("export: --out - needs exactly one of --full, --family or --letter")
		}
		docs = nil // all of them, once the conference is loaded
	}
	if *out == "-" && len(docs) != 1 {
		return errors.New("export: --out - needs exactly one of --full, --family or --letter")
	}
	p := dataPaths(*data)
	if *out != "" && *out != "-" && inside(*out, p.dir) {
		return fmt.Errorf("export: plaintext copies are not written inside the data directory %s; choose a directory outside it, or leave out --out to seal them into %s", p.dir, p.records)
	}
	if _, err := os.Stat(p.journal); err != nil {
		return fmt.Errorf("export: no journal in %s", p.dir)
	}
	j, err := openJournal(p, journalOpts{keyFile: *keyFile, note: os.Stderr})
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer j.Close()
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		return err
	}
	h, ok := svc.Hub(*id)
	if !ok {
		return fmt.Errorf("export: no conference %q in %s", *id, p.dir)
	}
	switch {
	case docs == nil && *out == "":
		docs = recordDocs(h.Snapshot()) // all of them, as the app seals them
	case docs == nil:
		docs = markdownDocs(h.Snapshot())
	case *family && *out != "-":
		docs = append(docs, export.FamilyCopies(h.Snapshot())...)
	}
	if *asHTML {
		if *out == "-" {
			docs = []export.Document{docs[0].AsHTML()}
		} else if len(docs) > 0 && docs[len(docs)-1].Ext != "html" {
			docs = withHTML(docs)
		}
	}
	if *out == "" {
		files, err := writeSealed(j, p.records, h.Snapshot(), docs)
		for _, f := range files {
			fmt.Fprintln(stdout, f)
		}
		if err != nil {
			return err
		}
		return journalExport(h, session.RecordExported{Documents: docNames(docs), To: p.records, Sealed: true})
	}
	where := "standard output"
	if *out != "-" {
		if abs, err := filepath.Abs(*out); err == nil {
			where = abs
		}
	}
	// A copy that leaves is on the record before it exists.
	op := session.RecordExported{Documents: docNames(docs), To: where, EncryptedTo: to.names}
	if err := journalExport(h, op); err != nil {
		return err
	}
	snap := h.Snapshot()
	if *out == "-" {
		return docs[0].Encode(stdout, snap)
	}
	write := func() ([]string, error) { return export.Write(*out, snap, docs...) }
	if len(to.list) > 0 {
		write = func() ([]string, error) { return writeAgeCopies(*out, snap, docs, to.list) }
	}
	written, err := write()
	for _, f := range written {
		fmt.Fprintln(stdout, f)
	}
	return err
}

// journalExport records an export made by the operator.
func journalExport(h *session.Hub, op session.RecordExported) error {
	for _, op := range exportOps(op) {
		if err := h.Do(context.Background(), session.Command{By: operator(), Op: op}); err != nil {
			return fmt.Errorf("export: the export could not be journaled, so nothing was written: %s", session.ErrorMessage(err))
		}
	}
	return nil
}

// operator is the command-line actor, named by the login that ran it.
func operator() session.Actor {
	a := session.Operator
	if u := os.Getenv("USER"); u != "" && len(u) <= 64 {
		a.Name = "Operator " + u + " (command line)"
	}
	return a
}
