package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"confer/session"
)

// ErrPeopleFile wraps every problem found in a people file.
var ErrPeopleFile = errors.New("server: people file")

// Person is one entry of the people file: someone the server knows by
// their public keys.
type Person struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Agency     string   `json:"agency"`
	Profession string   `json:"profession,omitempty"`
	MayChair   bool     `json:"may_chair"`
	Admin      bool     `json:"admin"`
	Keys       []string `json:"keys"`

	// fingerprints are the SHA256 fingerprints of Keys, in order.
	fingerprints []string
}

// Actor returns the session actor for this person authenticated with the
// key of the given fingerprint.
func (p *Person) Actor(fingerprint string) session.Actor {
	return session.Actor{ID: p.ID, Name: p.Name, Agency: p.Agency, Fingerprint: fingerprint,
		MayChair: p.MayChair, Admin: p.Admin}
}

// validID is what a person ID may look like: short, lower case, safe in a
// file name and a log line.
var validID = regexp.MustCompile(`^[a-z][a-z0-9._-]{0,62}$`)

// generatedID matches the IDs a conference issues to guests and people in
// the room (g3, p12...). A person with such an ID would be mistaken for that
// attendee, because conferences match actors by attendee ID too.
var generatedID = regexp.MustCompile(`^[a-z][0-9]+$`)

// ParsePeople reads a people file strictly: unknown fields, duplicate IDs,
// duplicate keys and unparseable keys are errors naming the entry and line.
func ParsePeople(data []byte) ([]Person, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	lineAt := func(off int64) int { return 1 + bytes.Count(data[:min(int(off), len(data))], []byte("\n")) }
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, nil // an empty file lists nobody
	}
	if err != nil {
		return nil, fmt.Errorf("%w: line %d: %v", ErrPeopleFile, lineAt(dec.InputOffset()), err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return nil, fmt.Errorf("%w: line %d: want a JSON array of people", ErrPeopleFile, lineAt(dec.InputOffset()))
	}
	var out []Person
	ids := map[string]int{}
	keys := map[string]int{}
	for n := 1; dec.More(); n++ {
		// Skip whitespace so the line reported is where the entry starts.
		start := dec.InputOffset()
		for start < int64(len(data)) && strings.ContainsRune(" \t\r\n,", rune(data[start])) {
			start++
		}
		line := lineAt(start)
		var p Person
		if err := dec.Decode(&p); err != nil {
			return nil, fmt.Errorf("%w: entry %d (line %d): %v", ErrPeopleFile, n, line, err)
		}
		where := fmt.Sprintf("entry %d (line %d)", n, line)
		if !validID.MatchString(p.ID) {
			return nil, fmt.Errorf("%w: %s: id %q must be lower-case letters, digits, '.', '_' or '-', starting with a letter", ErrPeopleFile, where, p.ID)
		}
		if generatedID.MatchString(p.ID) {
			return nil, fmt.Errorf("%w: %s: id %q looks like an id a conference gives guests (g1, p2...); choose another", ErrPeopleFile, where, p.ID)
		}
		if prev, dup := ids[p.ID]; dup {
			return nil, fmt.Errorf("%w: %s: id %q is already used by entry %d", ErrPeopleFile, where, p.ID, prev)
		}
		ids[p.ID] = n
		if p.Name, err = session.Clean(p.Name, false); err != nil || p.Name == "" {
			return nil, fmt.Errorf("%w: %s: a name is required", ErrPeopleFile, where)
		}
		if p.Agency, err = session.Clean(p.Agency, false); err != nil {
			return nil, fmt.Errorf("%w: %s: agency: %v", ErrPeopleFile, where, session.ErrorMessage(err))
		}
		if p.Profession, err = session.Clean(p.Profession, false); err != nil {
			return nil, fmt.Errorf("%w: %s: profession: %v", ErrPeopleFile, where, session.ErrorMessage(err))
		}
		for k, text := range p.Keys {
			pk, _, _, _, err := gossh.ParseAuthorizedKey([]byte(text))
			if err != nil {
				return nil, fmt.Errorf("%w: %s: key %d is not an OpenSSH public key: %v", ErrPeopleFile, where, k+1, err)
			}
			fp := gossh.FingerprintSHA256(pk)
			if prev, dup := keys[fp]; dup {
				return nil, fmt.Errorf("%w: %s: key %d (%s) is already listed for entry %d", ErrPeopleFile, where, k+1, fp, prev)
			}
			keys[fp] = n
			p.fingerprints = append(p.fingerprints, fp)
		}
		out = append(out, p)
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("%w: line %d: %v", ErrPeopleFile, lineAt(dec.InputOffset()), err)
	}
	if dec.More() {
		return nil, fmt.Errorf("%w: line %d: unexpected data after the list", ErrPeopleFile, lineAt(dec.InputOffset()))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: line %d: unexpected data after the list", ErrPeopleFile, lineAt(dec.InputOffset()))
	}
	return out, nil
}

// directory is the people file, reloaded whenever it changes on disk so
// administrators can add people without a restart.
type directory struct {
	path string

	mu      sync.Mutex // guards everything below
	people  []Person
	byFP    map[string]*Person
	modTime time.Time
	size    int64
	loaded  bool
	lastErr error
}

func newDirectory(path string) (*directory, error) {
	d := &directory{path: path}
	if err := d.reload(); err != nil {
		return nil, err
	}
	return d, nil
}

// reload re-reads the file if its size or modification time changed. A
// missing file lists nobody. A file that fails to parse after a good load
// keeps the last good list (and reports the error), so a typo made while
// editing cannot lock everyone out.
func (d *directory) reload() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.reloadLocked()
}

func (d *directory) reloadLocked() error {
	if d.path == "" {
		d.loaded = true
		return nil
	}
	fi, err := os.Stat(d.path)
	if errors.Is(err, os.ErrNotExist) {
		d.people, d.byFP, d.loaded, d.lastErr = nil, nil, true, nil
		d.modTime, d.size = time.Time{}, 0
		return nil
	}
	if err != nil {
		return fmt.Errorf("%w: %v", ErrPeopleFile, err)
	}
	if d.loaded && fi.ModTime().Equal(d.modTime) && fi.Size() == d.size {
		return d.lastErr
	}
	data, err := os.ReadFile(d.path)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrPeopleFile, err)
	}
	d.modTime, d.size = fi.ModTime(), fi.Size()
	people, err := ParsePeople(data)
	if err != nil {
		err = fmt.Errorf("%s: %w", d.path, err)
		d.lastErr = err
		return err
	}
	d.setLocked(people)
	d.loaded, d.lastErr = true, nil
	return nil
}

func (d *directory) setLocked(people []Person) {
	d.people = people
	d.byFP = map[string]*Person{}
	for i := range d.people {
		for _, fp := range d.people[i].fingerprints {
			d.byFP[fp] = &d.people[i]
		}
	}
}

// lookup returns the person holding the key with this fingerprint.
func (d *directory) lookup(fp string) (Person, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	p, ok := d.byFP[fp]
	if !ok {
		return Person{}, false
	}
	return *p, true
}

// actors lists everyone, for a chair adding people to a conference.
func (d *directory) actors() []session.Actor {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]session.Actor, 0, len(d.people))
	for i := range d.people {
		out = append(out, d.people[i].Actor(""))
	}
	return out
}

// anyChair reports whether somebody may chair.
func (d *directory) anyChair() bool {
	d.mu.Lock()
	defer d.mu.Unlock()
	for _, p := range d.people {
		if p.MayChair && len(p.Keys) > 0 {
			return true
		}
	}
	return false
}

// add appends a person and rewrites the file atomically with mode 0600.
func (d *directory) add(p Person) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if err := d.reloadLocked(); err != nil {
		return err
	}
	return d.writeLocked(append(append([]Person(nil), d.people...), p))
}

// writeLocked replaces the file's list, atomically and with mode 0600,
// after checking that what it writes parses.
func (d *directory) writeLocked(people []Person) error {
	if people == nil {
		people = []Person{}
	}
	data, err := json.MarshalIndent(people, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	// Parse what we are about to write, so the file on disk always loads.
	parsed, err := ParsePeople(data)
	if err != nil {
		return err
	}
	if err := writeFileAtomic(d.path, data, 0o600); err != nil {
		return fmt.Errorf("%w: %v", ErrPeopleFile, err)
	}
	d.setLocked(parsed)
	if fi, err := os.Stat(d.path); err == nil {
		d.modTime, d.size = fi.ModTime(), fi.Size()
	}
	d.loaded, d.lastErr = true, nil
	return nil
}

// uniqueID derives a person ID from a name that no one in the file has.
func (d *directory) uniqueID(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9' && b.Len() > 0:
			b.WriteRune(r)
		case (r == ' ' || r == '-' || r == '.') && b.Len() > 0:
			b.WriteByte('.')
		}
		if b.Len() >= 40 {
			break
		}
	}
	base := strings.Trim(b.String(), ".")
	if base == "" || generatedID.MatchString(base) {
		base = "chair"
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	taken := map[string]bool{}
	for _, p := range d.people {
		taken[p.ID] = true
	}
	id := base
	for n := 2; taken[id]; n++ {
		id = fmt.Sprintf("%s-%d", base, n)
	}
	return id
}

// writeFileAtomic writes data to a temporary file in the same directory,
// syncs it and renames it over path, so readers see the old or the new file
// and never half of one.
func writeFileAtomic(path string, data []byte, mode os.FileMode) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, ".people-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp) // no-op once renamed
	if err := f.Chmod(mode); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
	return nil
}
