package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"filippo.io/age"
	"filippo.io/age/agessh"
	gossh "golang.org/x/crypto/ssh"

	"confer/export"
	"confer/session"
)

// ageSuffix ends the name of a copy encrypted to age recipients.
const ageSuffix = ".md.age"

// recipientsFlag collects --to values: age public keys (age1...) or SSH
// public keys (ssh-ed25519 ..., ssh-rsa ...), the ones people already give
// for the people file.
type recipientsFlag struct {
	list  []age.Recipient
	names []string // what the audit records for each
}

func (r *recipientsFlag) String() string { return strings.Join(r.names, ", ") }

func (r *recipientsFlag) Set(s string) error {
	s = strings.TrimSpace(s)
	if strings.HasPrefix(s, "ssh-") {
		rc, err := agessh.ParseRecipient(s)
		if err != nil {
			return fmt.Errorf("not an SSH public key age can encrypt to (ssh-ed25519 or ssh-rsa)")
		}
		pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(s))
		if err != nil {
			return fmt.Errorf("not an SSH public key")
		}
		r.list = append(r.list, rc)
		r.names = append(r.names, gossh.FingerprintSHA256(pk))
		return nil
	}
	rc, err := age.ParseX25519Recipient(s)
	if err != nil {
		return fmt.Errorf("not an age public key (age1...) or an SSH public key")
	}
	r.list = append(r.list, rc)
	r.names = append(r.names, rc.String())
	return nil
}

// writeAgeCopies renders every document, encrypts each to the recipients
// and writes it into dir as <id>-<name>.md.age (mode 0600). Whoever holds
// a matching age identity or SSH private key reads it with the age tool
// (age -d -i ~/.ssh/id_ed25519 FILE).
func writeAgeCopies(dir string, s session.Snapshot, docs []export.Document, to []age.Recipient) ([]string, error) {
	if s.Conference == nil || s.ID == "" || strings.ContainsAny(s.ID, `/\`+"\x00") || s.ID == "." || s.ID == ".." {
		return nil, fmt.Errorf("%w: this conference cannot name a file", export.ErrBadID)
	}
	out := make([][]byte, len(docs))
	for i, d := range docs {
		var plain, enc bytes.Buffer
		if err := d.Encode(&plain, s); err != nil {
			return nil, err
		}
		w, err := age.Encrypt(&enc, to...)
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(plain.Bytes()); err != nil {
			return nil, err
		}
		if err := w.Close(); err != nil {
			return nil, err
		}
		out[i] = enc.Bytes()
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create %s: %w", dir, err)
	}
	var files []string
	for i, d := range docs {
		p := filepath.Join(dir, s.ID+"-"+d.Name+ageSuffix)
		if err := writeAtomic(p, out[i]); err != nil {
			return files, err
		}
		files = append(files, p)
	}
	return files, nil
}
