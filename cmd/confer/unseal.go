package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"confer/session"
)

// runUnseal writes a sealed record file, as the app wrote it at the time,
// to standard output. Like every copy that leaves, it is journaled first.
func runUnseal(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("confer unseal", flag.ContinueOnError)
	data := fs.String("data", "confer-data", "data directory")
	keyFile := keyFlag(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return errors.New("unseal: name one sealed record file, e.g. confer-data/records/ID-full.md.sealed")
	}
	file := fs.Arg(0)
	name, ok := strings.CutSuffix(filepath.Base(file), sealedSuffix)
	refs := recordRefs(name)
	if !ok || len(refs) == 0 {
		return fmt.Errorf("unseal: %s is not named like a sealed record (ID-document.md.sealed or ID-document.html.sealed)", file)
	}
	sealed, err := os.ReadFile(file)
	if err != nil {
		return fmt.Errorf("unseal: %w", err)
	}
	p := dataPaths(*data)
	j, err := openJournal(p, journalOpts{keyFile: *keyFile, note: os.Stderr})
	if err != nil {
		return fmt.Errorf("unseal: %w", err)
	}
	defer j.Close()
	// The seal is bound to the conference and the document, so only the
	// true reading of the name opens it.
	var plain []byte
	conf, doc := refs[0].conf, refs[0].doc
	for _, r := range refs {
		if plain, err = j.OpenRecord(r.conf, r.doc, sealed); err == nil {
			conf, doc = r.conf, r.doc
			break
		}
	}
	if err != nil {
		return fmt.Errorf("unseal: %s does not open: it is not a record of conference %s in this journal, or it was changed", file, conf)
	}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		return err
	}
	h, ok := svc.Hub(conf)
	if !ok {
		return fmt.Errorf("unseal: no conference %q in %s", conf, p.dir)
	}
	op := session.RecordExported{Documents: []string{doc}, To: "standard output, from " + filepath.Base(file)}
	if err := journalExport(h, op); err != nil {
		return err
	}
	_, err = stdout.Write(plain)
	return err
}
