package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/rand"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"filippo.io/age"
	"filippo.io/age/agessh"
	gossh "golang.org/x/crypto/ssh"
)

// TestExportEncryptedToRecipients: copies to take away can be encrypted
// with age to an age key and to someone's SSH key; each can decrypt, the
// files hold no plaintext, and the audit names the recipients.
func TestExportEncryptedToRecipients(t *testing.T) {
	dir, a, _ := twoConferences(t)
	ageID, err := age.GenerateX25519Identity()
	if err != nil {
		t.Fatal(err)
	}
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	sshPub, _ := gossh.NewPublicKey(pub)
	sshID, err := agessh.NewEd25519Identity(priv)
	if err != nil {
		t.Fatal(err)
	}
	away := t.TempDir()
	args := []string{"--data", dir, "--conference", a, "--full", "--out", away,
		"--to", ageID.Recipient().String(), "--to", string(gossh.MarshalAuthorizedKey(sshPub))}
	if err := runExport(args, &bytes.Buffer{}); err != nil {
		t.Fatal(err)
	}
	sealed, err := os.ReadFile(filepath.Join(away, a+"-full"+ageSuffix))
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []age.Identity{ageID, sshID} {
		r, err := age.Decrypt(bytes.NewReader(sealed), id)
		if err != nil {
			t.Fatalf("decrypt with %T: %v", id, err)
		}
		plain, _ := io.ReadAll(r)
		if !bytes.Contains(plain, []byte(knownTexts[2])) {
			t.Fatalf("decrypted copy lacks the record text")
		}
	}
	if found := grepDir(t, away, knownTexts); len(found) > 0 {
		t.Fatalf("encrypted copies hold plaintext: %q", found)
	}
	var out bytes.Buffer
	if err := runAudit([]string{"--data", dir, "--conference", a}, &out); err != nil {
		t.Fatal(err)
	}
	want := "exported full to " + away + ", encrypted (age) to " + ageID.Recipient().String() + ", " + gossh.FingerprintSHA256(sshPub)
	if !strings.Contains(out.String(), want) {
		t.Fatalf("audit lacks %q:\n%s", want, out.String())
	}
	for _, bad := range [][]string{
		{"--data", dir, "--conference", a, "--to", ageID.Recipient().String()},
		{"--data", dir, "--conference", a, "--out", away, "--to", "age1nope"},
	} {
		if err := runExport(bad, &bytes.Buffer{}); err == nil {
			t.Errorf("%v: got no error", bad)
		}
	}
}
