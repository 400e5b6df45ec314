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
)

// sealedSuffix ends the name of a record file encrypted with its
// conference's data key.
const sealedSuffix = ".md.sealed"

// recordDocs are the documents an export of s writes, in order: the
// one list the app's sealed exports and confer export share.
func recordDocs(s session.Snapshot) []export.Document {
	return []export.Document{export.FullRecord, export.FamilyCopy, export.DecisionLetter}
}

// sealedName is the file a sealed document is written to.
func sealedName(id string, d export.Document) string {
	return id + "-" + d.Name + sealedSuffix
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
		op := session.RecordExported{Documents: docNames(docs), To: dir, Sealed: true}
		if err := h.Do(context.Background(), session.Command{By: by, Op: op}); err != nil {
			return files, fmt.Errorf("the records were written but the export could not be journaled: %w", err)
		}
		return files, nil
	}
}

func docNames(docs []export.Document) []string {
	out := make([]string, len(docs))
	for i, d := range docs {
		out[i] = d.Name
	}
	return out
}

// writeSealed renders every document before touching a file, then writes
// each sealed as <id>-<name>.md.sealed.
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
		if sealed[i], err = j.SealRecord(s.ID, d.Name, buf.Bytes()); err != nil {
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
// path (mode 0600), so a crash leaves the old file or the new one.
func writeAtomic(path string, data []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if err = f.Chmod(0o600); err != nil {
		return err
	}
	if _, err = f.Write(data); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(f.Name(), path); err != nil {
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

// recordName splits a record file name <id>-<doc>.md into its conference
// and document.
func recordName(name string) (conf, doc string, ok bool) {
	base, ok := strings.CutSuffix(name, ".md")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(base, '-')
	if i <= 0 || i == len(base)-1 {
		return "", "", false
	}
	return base[:i], base[i+1:], true
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
		conf, doc, ok := recordName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		p := filepath.Join(dir, e.Name())
		plain, err := os.ReadFile(p)
		if err != nil {
			failed++
			continue
		}
		out, err := j.SealRecord(conf, doc, plain)
		if err != nil {
			failed++
			continue
		}
		if err := writeAtomic(strings.TrimSuffix(p, ".md")+sealedSuffix, out); err != nil {
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
