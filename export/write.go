package export

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"confer/session"

	"github.com/google/renameio/v2"
)

// Document is one of the three records a conference produces.
type Document struct {
	// Name is the file-name suffix and the flag name: full, family, letter.
	Name string
	// Ext is the file extension without the dot; "md" if empty.
	Ext    string
	Encode func(io.Writer, session.Snapshot) error
}

func (d Document) ext() string {
	if d.Ext == "" {
		return "md"
	}
	return d.Ext
}

// FileName is the file the document of conference id is written to:
// <id>-<name>.<ext>, e.g. "c1-full.md" or "c1-family-a3.html".
func (d Document) FileName(id string) string {
	return id + "-" + d.Name + "." + d.ext()
}

// The documents, in the order WriteAll writes them.
var (
	FullRecord     = Document{Name: "full", Encode: Full}
	FamilyCopy     = Document{Name: "family", Encode: Family}
	DecisionLetter = Document{Name: "letter", Encode: Letter}
)

// WriteAll writes all three into dir (created 0700 if missing) as
// <conference-id>-full.md, <conference-id>-family.md and
// <conference-id>-letter.md, each file mode 0600 and written atomically
// (temp file + rename), and returns the paths.
//
// Where family members may see different things (one was excluded from
// part of the conference), each family member also gets their own copy,
// <conference-id>-family-<attendee-id>.md: see [FamilyCopies].
func WriteAll(dir string, s session.Snapshot) ([]string, error) {
	return Write(dir, s, markdownDocs(s)...)
}

// WriteAllWithHTML writes what [WriteAll] writes and, beside each file,
// the same document as a self-contained printable HTML page (.html). The
// paths come back Markdown first. Ending a conference writes both.
func WriteAllWithHTML(dir string, s session.Snapshot) ([]string, error) {
	md := markdownDocs(s)
	docs := slices.Clone(md)
	for _, d := range md {
		docs = append(docs, d.AsHTML())
	}
	return Write(dir, s, docs...)
}

func markdownDocs(s session.Snapshot) []Document {
	return append([]Document{FullRecord, FamilyCopy, DecisionLetter}, FamilyCopies(s)...)
}

// FamilyCopies returns one document per family member whose family copy
// differs from the shared one ([session.Snapshot.FamilyCopies]), named
// "family-<attendee-id>"; none when one family copy fits everyone.
func FamilyCopies(s session.Snapshot) []Document {
	var out []Document
	for _, id := range s.FamilyCopies() {
		if id == "" {
			continue
		}
		out = append(out, Document{Name: "family-" + fileSafe(id), Encode: func(w io.Writer, s session.Snapshot) error {
			return FamilyFor(w, s, id)
		}})
	}
	return out
}

// fileSafe spells an attendee ID so it can stand in a file name: letters,
// digits and '-' stay, every other byte becomes _XX (its hex). Distinct IDs
// stay distinct, and "j.smith" (people-file IDs often have a dot) gets its
// own copy as "j_2Esmith" instead of none.
func fileSafe(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		c := id[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "_%02X", c)
	}
	return b.String()
}

// Write writes the chosen documents into dir as WriteAll does. Every
// document is rendered before any file is touched, so a failure leaves no
// half-set behind from this call.
func Write(dir string, s session.Snapshot, docs ...Document) ([]string, error) {
	if s.Conference == nil {
		return nil, ErrNoConference
	}
	id := s.ID
	// The ID names files: refuse anything that could reach outside dir.
	if id == "" || id == "." || id == ".." || strings.ContainsAny(id, `/\`+"\x00") {
		return nil, fmt.Errorf("%w: %q cannot name a file", ErrBadID, id)
	}
	bufs := make([]bytes.Buffer, len(docs))
	for i, d := range docs {
		if err := d.Encode(&bufs[i], s); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("export: create %s: %w", dir, err)
	}
	paths := make([]string, 0, len(docs))
	for i, d := range docs {
		p := filepath.Join(dir, d.FileName(id))
		if err := writeFileAtomic(p, bufs[i].Bytes()); err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// writeFileAtomic writes data to a temporary file in the same directory,
// syncs it and renames it over path (renameio), so a reader never sees a
// partial record and a crash leaves either the old file or the new one. The
// mode is always 0600, whatever an older file at path had.
func writeFileAtomic(path string, data []byte) error {
	if err := renameio.WriteFile(path, data, 0o600, renameio.WithStaticPermissions(0o600)); err != nil {
		return fmt.Errorf("export: write %s: %w", filepath.Base(path), err)
	}
	return nil
}
