package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"confer/export"
	"confer/session"
	"confer/session/sessiontest"
	"confer/session/store"
)

// excludedTexts are typed into a conference where the father is excluded
// for a while: the first while he is out, the second after he is back.
var excludedTexts = []string{"Said while the father was out of the room", "Said after the father came back"}

// TestEndWithExclusionSealsEveryCopy: a conference in which one family
// member was excluded ends; the records hold, sealed, the full record, the
// family copy, the letter, each family member's own copy and the HTML of
// each; each unseals (with confer unseal) to that document; the excluded
// father's copy lacks what was said while he was out, the mother's has
// it; no file holds any text typed; a page renamed to its Markdown's name
// does not open.
func TestEndWithExclusionSealsEveryCopy(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(keyEnv, sessiontest.Key.String())
	p := dataPaths(dir)
	j, err := store.Open(p.journal, sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	h, err := svc.Create(ctx, chair, session.CreateConference{Type: session.Initial, Venue: knownTexts[0],
		Date: time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC), Children: []session.Child{{Name: knownTexts[1]}}})
	if err != nil {
		t.Fatal(err)
	}
	do := func(op session.Op) {
		t.Helper()
		if err := h.Do(ctx, session.Command{By: chair, Op: op}); err != nil {
			t.Fatalf("%s: %v", op.Kind(), err)
		}
	}
	do(session.AddAttendee{Name: "Mum", Relationship: "Mother", Role: session.RoleFamily})
	do(session.AddAttendee{Name: "Dad", Relationship: "Father", Role: session.RoleFamily})
	mum, dad := h.Snapshot().Attendees[1].ID, h.Snapshot().Attendees[2].ID
	do(session.AddItem{Section: session.Worries, Text: knownTexts[2]})
	do(session.StartExclusion{AttendeeID: dad, Grounds: session.GroundsViolence})
	do(session.AddItem{Section: session.Worries, Text: excludedTexts[0]})
	do(session.EndExclusion{AttendeeID: dad})
	do(session.AddItem{Section: session.Strengths, Text: excludedTexts[1]})
	do(session.EndConference{})
	snap := h.Snapshot()
	id := snap.ID

	files, err := sealedExporter(j, svc)(p.records, snap)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	var want []string
	for _, ext := range []string{".md", ".html"} {
		for _, doc := range []string{"full", "family", "letter", "family-" + mum, "family-" + dad} {
			want = append(want, id+"-"+doc+ext+sealedSuffix)
		}
	}
	entries, _ := os.ReadDir(p.records)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	slices.Sort(want)
	if !slices.Equal(got, want) || len(files) != len(want) {
		t.Fatalf("records: got %q (export listed %d), want %q", got, len(files), want)
	}

	// Each file unseals to its document as rendered from the conference.
	docs := map[string]export.Document{"full": export.FullRecord, "family": export.FamilyCopy, "letter": export.DecisionLetter}
	for _, d := range export.FamilyCopies(snap) {
		docs[d.Name] = d
	}
	unsealed := map[string]string{}
	for name, d := range docs {
		for _, d := range []export.Document{d, d.AsHTML()} {
			var out, render bytes.Buffer
			if err := runUnseal([]string{"--data", dir, filepath.Join(p.records, sealedName(id, d))}, &out); err != nil {
				t.Fatalf("unseal %s: %v", sealedName(id, d), err)
			}
			if err := d.Encode(&render, snap); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out.Bytes(), render.Bytes()) {
				t.Errorf("%s unseals to something else than the %s document", sealedName(id, d), name)
			}
			if d.Ext == "html" && !bytes.HasPrefix(out.Bytes(), []byte("<!DOCTYPE html>")) {
				t.Errorf("%s is not an HTML page: %.60q", sealedName(id, d), out.String())
			}
			if d.Ext == "html" && strings.HasPrefix(name, "family") && !strings.Contains(out.String(), "<title>Family copy — ") {
				t.Errorf("%s is not titled as a family copy", sealedName(id, d))
			}
			unsealed[docRef(d)] = out.String()
		}
	}
	for _, tc := range []struct {
		doc, text string
		want      bool
	}{
		{"full", excludedTexts[0], true},
		{"family-" + mum, excludedTexts[0], true},
		{"family-" + dad, excludedTexts[0], false},
		{"family", excludedTexts[0], false},
		{"letter", excludedTexts[0], false},
		{"family-" + dad, excludedTexts[1], true},
		{"family-" + dad, knownTexts[2], true},
	} {
		for _, doc := range []string{tc.doc, tc.doc + ".html"} {
			if got := strings.Contains(unsealed[doc], tc.text); got != tc.want {
				t.Errorf("%s holds %q: got %v, want %v", doc, tc.text, got, tc.want)
			}
		}
	}

	// No file in the data directory holds anything typed.
	if found := grepDir(t, dir, append(slices.Clone(knownTexts[:3]), excludedTexts...)); len(found) > 0 {
		t.Fatalf("data directory holds plaintext: %q", found)
	}

	// The seal names the format: a page put in its Markdown's place does
	// not open.
	page, _ := os.ReadFile(filepath.Join(p.records, id+"-family-"+dad+".html"+sealedSuffix))
	swapped := filepath.Join(t.TempDir(), id+"-family-"+dad+".md"+sealedSuffix)
	if err := os.WriteFile(swapped, page, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := runUnseal([]string{"--data", dir, swapped}, &bytes.Buffer{}); err == nil || !strings.Contains(err.Error(), "does not open") {
		t.Fatalf("an HTML page renamed to the Markdown's name: got %v", err)
	}
}

// TestRecordNamesReadEveryWay: conference IDs and family members' IDs may
// both hold '-', so a name is read every way it can be; erasing one
// conference leaves a file whose name also reads as another conference's.
func TestRecordNamesReadEveryWay(t *testing.T) {
	for _, tc := range []struct {
		name string
		want []recordRef
	}{
		{"c1-full.md", []recordRef{{"c1", "full"}}},
		{"c-1-letter.html", []recordRef{{"c-1", "letter.html"}}},
		{"c1-family-a3.md", []recordRef{{"c1", "family-a3"}}},
		{"c1-family-mum-smith.html", []recordRef{{"c1", "family-mum-smith.html"}}},
		{"c-family-a-full.md", []recordRef{{"c-family-a", "full"}, {"c", "family-a-full"}}},
		{"c1-notes.md", nil},
		{"c1-full.md.sealed", nil},
		{"-full.md", nil},
		{"c1-family-.md", nil},
	} {
		if got := recordRefs(tc.name); !slices.Equal(got, tc.want) {
			t.Errorf("recordRefs(%q): got %v, want %v", tc.name, got, tc.want)
		}
	}
	for _, tc := range []struct {
		name, conf string
		others     []string // the other conferences in the journal
		want       bool
	}{
		{"c-full.md", "c", nil, true},
		{"c-family-p1.html", "c", nil, true},
		{"c-family-a-full.md", "c", []string{"c-family-a"}, false},
		{"c-family-a-full.md", "c-family-a", []string{"c"}, false}, // either's: the seal decides
		{"c-family-b-full.md", "c", []string{"c-family-a"}, true},  // c's copy for member b-full
		{"d-full.md", "c", []string{"d"}, false},
	} {
		if got := recordOf(tc.name, tc.conf, tc.others); got != tc.want {
			t.Errorf("recordOf(%q, %q): got %v, want %v", tc.name, tc.conf, got, tc.want)
		}
	}
}

// sealedBy opens a sealed record only as the one reading it was sealed as.
type sealedBy recordRef

func (s sealedBy) OpenRecord(conf, name string, _ []byte) ([]byte, error) {
	if conf != s.conf || name != s.doc {
		return nil, store.ErrNotSealed
	}
	return nil, nil
}

// TestEraseTellsAmbiguousNamesBySeal: a file whose name reads as a record
// of two conferences is removed with the one whose key opens it, and never
// with the other.
func TestEraseTellsAmbiguousNamesBySeal(t *testing.T) {
	dir := t.TempDir()
	name := "c-family-a-full.md" + sealedSuffix
	if err := os.WriteFile(filepath.Join(dir, name), []byte("sealed"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		erase  string
		sealed recordRef
		want   int
	}{
		{"c-family-a", recordRef{"c-family-a", "full"}, 1},
		{"c", recordRef{"c-family-a", "full"}, 0},
		{"c", recordRef{"c", "family-a-full"}, 1},
		{"c-family-a", recordRef{"c", "family-a-full"}, 0},
	} {
		others := slices.DeleteFunc([]string{"c", "c-family-a"}, func(s string) bool { return s == tc.erase })
		if got := recordFiles(dir, tc.erase, others, sealedBy(tc.sealed)); len(got) != tc.want {
			t.Errorf("erasing %s, the file sealed as %v: got %q", tc.erase, tc.sealed, got)
		}
	}
}

// TestManyCopiesJournaledInParts: an export naming more documents than
// one journal entry takes is journaled in several, none dropped; the
// audit names each document once, with its formats.
func TestManyCopiesJournaledInParts(t *testing.T) {
	var docs []export.Document
	for _, n := range []string{"full", "family", "letter", "family-a1", "family-a2", "family-a3", "family-a4", "family-a5", "family-a6"} {
		docs = append(docs, export.Document{Name: n})
	}
	names := docNames(withHTML(docs))
	if len(names) != 9 || names[0] != "full (md+html)" || names[8] != "family-a6 (md+html)" {
		t.Fatalf("docNames: got %q", names)
	}
	if got := docNames([]export.Document{export.FullRecord.AsHTML(), export.DecisionLetter}); !slices.Equal(got, []string{"full.html", "letter"}) {
		t.Fatalf("docNames: got %q", got)
	}
	ops := exportOps(session.RecordExported{Documents: names, To: "records", Sealed: true})
	var all []string
	for _, op := range ops {
		if len(op.Documents) > session.MaxDocuments || op.To != "records" || !op.Sealed {
			t.Fatalf("journal entry %+v", op)
		}
		all = append(all, op.Documents...)
	}
	if len(ops) != 2 || !slices.Equal(all, names) {
		t.Fatalf("got %d entries naming %q, want 2 naming %q", len(ops), all, names)
	}
}
