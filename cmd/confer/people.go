package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	gossh "golang.org/x/crypto/ssh"

	"confer/server"
)

// stringsFlag collects a repeatable flag.
type stringsFlag []string

func (s *stringsFlag) String() string     { return strings.Join(*s, ", ") }
func (s *stringsFlag) Set(v string) error { *s = append(*s, v); return nil }

const peopleUsage = `usage:
  confer people list   [--data DIR | --people FILE]
  confer people add    --name NAME --agency AGENCY [--profession P] [--id ID]
                       [--may-chair] [--admin] (--key "ssh-ed25519 AAAA..." | --key-file FILE.pub)...
  confer people remove --id ID`

// runPeople lists, adds or removes people in the people file. A running
// server picks the change up at the next login.
func runPeople(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("people: say list, add or remove\n" + peopleUsage)
	}
	verb, args := args[0], args[1:]
	fs := flag.NewFlagSet("confer people "+verb, flag.ContinueOnError)
	data := fs.String("data", "confer-data", "data directory")
	people := fs.String("people", "", "people file (default DATA/people.json)")
	path := func() string {
		if *people != "" {
			return *people
		}
		return dataPaths(*data).people
	}
	switch verb {
	case "list":
		if err := fs.Parse(args); err != nil {
			return err
		}
		list, err := server.LoadPeople(path())
		if err != nil {
			return err
		}
		return printPeople(stdout, list)
	case "add":
		var p server.Person
		var keys, keyFiles stringsFlag
		fs.StringVar(&p.ID, "id", "", "person ID (default: made from the name)")
		fs.StringVar(&p.Name, "name", "", "full name")
		fs.StringVar(&p.Agency, "agency", "", "agency")
		fs.StringVar(&p.Profession, "profession", "", "profession or role")
		fs.BoolVar(&p.MayChair, "may-chair", false, "may chair conferences")
		fs.BoolVar(&p.Admin, "admin", false, "administrator (may hand the chair over)")
		fs.Var(&keys, "key", "an OpenSSH public key (repeatable)")
		fs.Var(&keyFiles, "key-file", "a file of OpenSSH public keys, such as id_ed25519.pub (repeatable)")
		if err := fs.Parse(args); err != nil {
			return err
		}
		p.Keys = append(p.Keys, keys...)
		for _, f := range keyFiles {
			b, err := os.ReadFile(f)
			if err != nil {
				return fmt.Errorf("people add: %w", err)
			}
			for _, line := range strings.Split(string(b), "\n") {
				if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
					p.Keys = append(p.Keys, line)
				}
			}
		}
		if p.Name == "" || len(p.Keys) == 0 {
			return errors.New("people add: --name and at least one --key or --key-file are needed\n" + peopleUsage)
		}
		added, err := server.AddPerson(path(), p)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Added %s (%s) to %s. Add them to a conference from its People screen.\n", added.Name, added.ID, path())
		return nil
	case "remove":
		id := fs.String("id", "", "person ID")
		if err := fs.Parse(args); err != nil {
			return err
		}
		if *id == "" {
			return errors.New("people remove: --id is needed\n" + peopleUsage)
		}
		gone, err := server.RemovePerson(path(), *id)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "Removed %s (%s): their keys no longer let them in. Conferences keep what they recorded.\n", gone.Name, gone.ID)
		return nil
	}
	return fmt.Errorf("people: unknown command %q\n%s", verb, peopleUsage)
}

// printPeople writes one line per person: ID, name, agency, what they may
// do and their key fingerprints.
func printPeople(w io.Writer, people []server.Person) error {
	if len(people) == 0 {
		_, err := fmt.Fprintln(w, "Nobody is in the people file yet.")
		return err
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tAGENCY\tMAY\tKEYS")
	for _, p := range people {
		var may []string
		if p.MayChair {
			may = append(may, "chair")
		}
		if p.Admin {
			may = append(may, "admin")
		}
		var fps []string
		for _, k := range p.Keys {
			if pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(k)); err == nil {
				fps = append(fps, gossh.FingerprintSHA256(pk))
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.ID, p.Name, p.Agency, strings.Join(may, ","), strings.Join(fps, " "))
	}
	return tw.Flush()
}
