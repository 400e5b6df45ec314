package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"confer/server"
	"confer/server/servertest"
)

func TestPeopleAddListRemove(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	k1, k2 := servertest.AuthorizedKey(servertest.NewKey()), servertest.AuthorizedKey(servertest.NewKey())
	keyFile := filepath.Join(dir, "id.pub")
	if err := os.WriteFile(keyFile, []byte(k2+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	run := func(args ...string) error {
		out.Reset()
		return runPeople(append(args[:1:1], append([]string{"--data", data}, args[1:]...)...), &out)
	}
	if err := run("add", "--name", "Alex Smith", "--agency", "Children's Social Care", "--may-chair", "--key", k1); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "alex.smith") {
		t.Fatalf("add said %q, want the new ID", out.String())
	}
	if err := run("add", "--name", "Dr Jo Bloggs", "--agency", "Health", "--key-file", keyFile); err != nil {
		t.Fatal(err)
	}
	// A bad key is refused and leaves the file as it was.
	before, _ := os.ReadFile(filepath.Join(data, "people.json"))
	if err := run("add", "--name", "Broken", "--key", "ssh-ed25519 not-a-key"); err == nil {
		t.Fatal("a bad key was accepted")
	}
	if after, _ := os.ReadFile(filepath.Join(data, "people.json")); !bytes.Equal(before, after) {
		t.Fatal("a refused add changed the file")
	}
	if err := run("list"); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "alex.smith") || !strings.Contains(s, "chair") || !strings.Contains(s, "dr.jo.bloggs") {
		t.Fatalf("list: %q", s)
	}
	if err := run("remove", "--id", "alex.smith"); err != nil {
		t.Fatal(err)
	}
	if err := run("remove", "--id", "alex.smith"); err == nil {
		t.Fatal("removing someone twice: got no error")
	}
	people, err := server.LoadPeople(filepath.Join(data, "people.json"))
	if err != nil || len(people) != 1 || people[0].ID != "dr.jo.bloggs" || people[0].Keys[0] != k2 {
		t.Fatalf("people file after remove: %+v, %v", people, err)
	}
	fi, err := os.Stat(filepath.Join(data, "people.json"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("people file mode: %v, %v; want 0600", fi.Mode().Perm(), err)
	}
}
