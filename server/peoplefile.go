package server

import (
	"errors"
	"fmt"
	"strings"
)

// Editing the people file from the command line (confer people ...). A
// running server notices the change and uses it at the next login.

// ErrNoSuchPerson is returned when no entry has the ID asked for.
var ErrNoSuchPerson = errors.New("server: no such person")

// LoadPeople reads the people file at path; a missing file lists nobody.
func LoadPeople(path string) ([]Person, error) {
	d, err := newDirectory(path)
	if err != nil {
		return nil, err
	}
	return append([]Person(nil), d.people...), nil
}

// AddPerson adds p to the people file at path, creating the file if
// needed, and returns the entry as written. A person without an ID gets
// one made from their name. The file is rewritten atomically, and only
// if the result is a valid people file.
func AddPerson(path string, p Person) (Person, error) {
	d, err := newDirectory(path)
	if err != nil {
		return Person{}, err
	}
	if p.ID == "" {
		p.ID = d.uniqueID(p.Name)
	}
	for i, k := range p.Keys {
		p.Keys[i] = strings.TrimSpace(k)
	}
	if err := d.add(p); err != nil {
		return Person{}, err
	}
	return p, nil
}

// RemovePerson removes the entry with this ID from the people file at
// path and returns it.
func RemovePerson(path, id string) (Person, error) {
	d, err := newDirectory(path)
	if err != nil {
		return Person{}, err
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var kept []Person
	var gone *Person
	for i := range d.people {
		if d.people[i].ID == id {
			gone = &d.people[i]
			continue
		}
		kept = append(kept, d.people[i])
	}
	if gone == nil {
		return Person{}, fmt.Errorf("%w: %q", ErrNoSuchPerson, id)
	}
	removed := *gone
	if err := d.writeLocked(kept); err != nil {
		return Person{}, err
	}
	return removed, nil
}
