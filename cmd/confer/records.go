package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"confer/export"
	"confer/session"
	"confer/session/store"

	"github.com/google/renameio/v2"
)

// sealedSuffix ends the name of a record file encrypted with its
// conference's data key: <id>-<doc>.md.sealed or <id>-<doc>.html.sealed.
const sealedSuffix = ".sealed"

// markdownDocs are the Markdown documents of a conference: the full
// record, the family copy, the letter and, where family members may see
// different things (one was excluded from part of it), each family
// member's own family copy.
func markdownDocs(s session.Snapshot) []export.Document {
	return append([]export.Document{export.FullRecord, export.FamilyCopy, export.DecisionLetter}, export.FamilyCopies(s)...)
}

// withHTML returns docs followed by each of them as a printable HTML page.
func withHTML(docs []export.Document) []export.Document {
	out := append([]export.Document(nil), docs...)
	for _, d := range docs {
		out = append(out, d.AsHTML())
	}
	return out
}

// recordDocs are the documents a sealed export of s writes, Markdown then
// HTML: the one list the app's sealed exports (the chair's, and the one
// when the conference ends) and confer export into the records share.
func recordDocs(s session.Snapshot) []export.Document {
	return withHTML(markdownDocs(s))
}

// sealedName is the file a sealed document is written to:
// <id>-<name>.<ext>.sealed.
func sealedName(id string, d export.Document) string {
	return d.FileName(id) + sealedSuffix
}

// docRef names a document in the audit trail and in the sealing (the
// name the seal is bound to): its name, with ".html" for an HTML page, so
// "full" and "full.html" cannot be swapped for each other unnoticed.
// Markdown keeps the bare name, so records sealed before HTML still open.
func docRef(d export.Document) string {
	return strings.TrimSuffix(strings.TrimPrefix(d.FileName(""), "-"), ".md")
}

// sealer is what writing sealed records needs from the journal.
type sealer interface {
	SealRecord(conf, name string, plain []byte) ([]byte, error)
}

// sealedExporter returns the app's record writer: the three documents,
// each encrypted with the conference's data key (so erasing the conference
// erases them too), written atomically with mode 0600 into dir, and the
// export journaled in the conference's audit trail as made by its chair
// (only the chair may export from the app).
func sealedExporter(j sealer, svc *session.Service) func(dir string, s session.Snapshot) ([]string, error) {
	return func(dir string, s session.Snapshot) ([]string, error) {
		docs := recordDocs(s)
		files, err := writeSealed(j, dir, s, docs)
		if err != nil {
			return files, err
		}
		h, ok := svc.Hub(s.ID)
		ch, chair := s.Chair()
		if !ok || !chair {
			return files, fmt.Errorf("the records were written but the export could not be journaled: %w", session.ErrNotFound)
		}
		by := session.Actor{ID: ch.PersonID, Name: ch.Name, Agency: ch.Agency, Fingerprint: ch.Fingerprint}
		for _, op := range exportOps(session.RecordExported{Documents: docNames(docs), To: dir, Sealed: true}) {
			if err := h.Do(context.Background(), session.Command{By: by, Op: op}); err != nil {
				return files, fmt.Errorf("the records were written but the export could not be journaled: %w", err)
			}
		}
		return files, nil
	}
}

// docNames names the documents for the audit trail, each once: "full"
// for Markdown, "full.html" for the page alone, "full (md+html)" for both.
func docNames(docs []export.Document) []string {
	var names []string
	formats := map[string][]string{}
	for _, d := range docs {
		if _, ok := formats[d.Name]; !ok {
			names = append(names, d.Name)
		}
		formats[d.Name] = append(formats[d.Name], strings.TrimPrefix(docRef(d), d.Name))
	}
	out := make([]string, len(names))
	for i, n := range names {
		switch f := formats[n]; {
		case len(f) == 1 && f[0] == "":
			out[i] = n
		case len(f) == 1:
			out[i] = n + f[0]
		default:
			out[i] = n + " (md+html)"
		}
	}
	return out
}

// exportOps splits an export into as many journal entries as the
// session takes documents in one ([session.MaxDocuments]): a conference
// with many family members' own copies names more.
func exportOps(op session.RecordExported) []session.RecordExported {
	var out []session.RecordExported
	docs := op.Documents
	for len(docs) > 0 {
		n := min(len(docs), session.MaxDocuments)
		part := op
		part.Documents = docs[:n:n]
		out = append(out, part)
		docs = docs[n:]
	}
	return out
}

// writeSealed renders every document before touching a file, then writes
// each sealed as <id>-<name>.<ext>.sealed.
func writeSealed(j sealer, dir string, s session.Snapshot, docs []export.Document) ([]string, error) {
	if s.Conference == nil || s.ID == "" || strings.ContainsAny(s.ID, `/\`+"\x00") || s.ID == "." || s.ID == ".." {
		return nil, fmt.Errorf("%w: this conference cannot name a file", export.ErrBadID)
	}
	sealed := make([][]byte, len(docs))
	for i, d := range docs {
		var buf bytes.Buffer
		if err := d.Encode(&buf, s); err != nil {
			return nil, err
		}
		var err error
		if sealed[i], err = j.SealRecord(s.ID, docRef(d), buf.Bytes()); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	var files []string
	for i, d := range docs {
		p := filepath.Join(dir, sealedName(s.ID, d))
		if err := writeAtomic(p, sealed[i]); err != nil {
			return files, err
		}
		files = append(files, p)
	}
	return files, nil
}

// writeAtomic writes data to a synced temporary file and renames it over
// path (mode 0600), so a crash leaves the old file or the new one: the
// same atomic writer (renameio) export and the people file use.
func writeAtomic(path string, data []byte) error {
	if err := renameio.WriteFile(path, data, 0o600, renameio.WithStaticPermissions(0o600)); err != nil {
		return err
	}
	syncDir(filepath.Dir(path))
	return nil
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// scrubRemove overwrites a file with zeros before removing it, so its
// blocks no longer hold what it held (best effort: flash storage and
// copy-on-write file systems may keep old blocks).
func scrubRemove(path string) error {
	if f, err := os.OpenFile(path, os.O_WRONLY, 0); err == nil {
		if info, err := f.Stat(); err == nil {
			_, _ = f.Write(make([]byte, info.Size()))
			_ = f.Sync()
		}
		_ = f.Close()
	}
	return os.Remove(path)
}

// recordRef is one reading of a record file name: a conference and the
// document as sealed (see docRef).
type recordRef struct{ conf, doc string }

// recordRefs reads a record file name <id>-<doc>.md or <id>-<doc>.html
// (without .sealed) as a conference and a document, every way it can be
// read, longest conference ID first. Conference IDs and family members'
// IDs may both hold '-', so "c-family-a-full.md" is the full record of
// conference "c-family-a" or the own family copy of member "a-full" of
// conference "c": the seal, bound to both, tells which.
func recordRefs(name string) []recordRef {
	base, ext := name, ""
	if b, ok := strings.CutSuffix(name, ".md"); ok {
		base = b
	} else if b, ok := strings.CutSuffix(name, ".html"); ok {
		base, ext = b, ".html"
	} else {
		return nil
	}
	var out []recordRef
	for i := len(base) - 1; i > 0; i-- {
		if base[i] != '-' {
			continue
		}
		doc := base[i+1:]
		switch {
		case doc == "full", doc == "family", doc == "letter":
		case strings.HasPrefix(doc, "family-") && len(doc) > len("family-"):
		default:
			continue
		}
		out = append(out, recordRef{conf: base[:i], doc: doc + ext})
	}
	return out
}

// sealPlainRecords encrypts plaintext records left in dir by an earlier
// version (or a crash): each is sealed beside itself, then the plaintext
// is scrubbed. It returns how many it sealed and how many it could not
// (not records of a conference in this journal).
func sealPlainRecords(j sealer, dir string) (sealed, failed int) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, 0
	}
	for _, e := range entries {
		refs := recordRefs(e.Name())
		if len(refs) == 0 || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		plain, err := os.ReadFile(p)
		if err != nil {
			failed++
			continue
		}
		var out []byte
		for _, r := range refs { // the first reading naming a conference in the journal
			if out, err = j.SealRecord(r.conf, r.doc, plain); err == nil {
				break
			}
		}
		if err != nil {
			failed++
			continue
		}
		if err := writeAtomic(p+sealedSuffix, out); err != nil {
			failed++
			continue
		}
		if err := scrubRemove(p); err != nil {
			failed++
			continue
		}
		sealed++
	}
	return sealed, failed
}

var _ sealer = (*store.Bolt)(nil)
