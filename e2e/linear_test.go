package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"confer/export"
	"confer/server"
	"confer/server/servertest"
	"confer/session"
	"confer/session/sessiontest"
	"confer/session/store"
)

// linearTerm is one participant in linear mode.
type linearTerm struct {
	t    *testing.T
	name string
	c    *servertest.Client
}

// typ types keys, one write each.
func (l *linearTerm) typ(keys ...string) {
	l.t.Helper()
	for _, k := range keys {
		if err := l.c.Send(k); err != nil {
			l.t.Fatalf("%s typing %q: %v", l.name, k, err)
		}
	}
}

// hear waits until the person has heard want n times in all.
func (l *linearTerm) hear(want string, n int) string {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	var out string
	if _, err := l.c.WaitFunc(ctx, func(_, o string) bool { out = o; return strings.Count(o, want) >= n }); err != nil {
		l.t.Fatalf("%s never heard %q (%d times): %v\noutput:\n%s", l.name, want, n, err, out)
	}
	return out
}

// TestWholeConferenceInLinearMode runs a conference in which the chair,
// the minute-taker, two professionals and a parent all use the linear mode
// over real SSH, from the confidentiality statement to the records: the
// agenda, restricted and closed-segment items, a scaling round scored by
// everyone with a terminal, recommendations, the decision, and the end.
// No stream holds an escape sequence, and the parent hears nothing the
// family copy withholds.
func TestWholeConferenceInLinearMode(t *testing.T) {
	if testing.Short() {
		t.Skip("drives a whole conference over SSH")
	}
	dir := t.TempDir()
	type who struct {
		id, name, agency string
		role             session.Role
		key              gossh.Signer
	}
	people := []*who{
		{id: "chair", name: "Jo Okafor", agency: "Independent Reviewing Service", role: session.RoleChair},
		{id: "mt", name: "Mia Chen", agency: "Business Support", role: session.RoleMinuteTaker},
		{id: "sw", name: "Sam Reid", agency: "Children's Social Care", role: session.RoleViewer},
		{id: "police", name: "Pat Jones", agency: "Police", role: session.RoleViewer},
		{id: "mum", name: "Lisa Smith", role: session.RoleFamily},
	}
	var file []server.Person
	for _, p := range people {
		p.key = servertest.NewKey()
		file = append(file, server.Person{ID: p.id, Name: p.name, Agency: p.agency,
			MayChair: p.role == session.RoleChair, Keys: []string{servertest.AuthorizedKey(p.key)}})
	}
	data, err := json.Marshal(file)
	if err != nil {
		t.Fatal(err)
	}
	peoplePath := filepath.Join(dir, "people.json")
	if err := os.WriteFile(peoplePath, data, 0o600); err != nil {
		t.Fatal(err)
	}
	j, err := store.Open(filepath.Join(dir, "journal.db"), sessiontest.Key)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	svc, err := session.Open(j, session.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	chair := session.Actor{ID: "chair", Name: "Jo Okafor", Agency: people[0].agency, MayChair: true}
	hub, err := svc.Create(ctx, chair, session.CreateConference{Type: session.Initial, Title: "Ref 2026/118", Date: time.Now(),
		Children: []session.Child{{Name: "Amy Smith", DOB: time.Date(2019, 4, 2, 0, 0, 0, 0, time.UTC)}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range people[1:] {
		if err := hub.Do(ctx, session.Command{By: chair, Op: session.AddAttendee{PersonID: p.id, Name: p.name,
			Agency: p.agency, Role: p.role, Remote: true}}); err != nil {
			t.Fatal(err)
		}
	}
	records := filepath.Join(dir, "records")
	srv, err := server.New(server.Config{HostKeyPath: filepath.Join(dir, "host_ed25519"), PeoplePath: peoplePath,
		RecordsDir: records, Service: svc, Export: export.WriteAll})
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = srv.Serve(l) }()
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = srv.Shutdown(sctx)
	}()

	term := map[string]*linearTerm{}
	for _, p := range people {
		c, err := servertest.Dial(l.Addr().String(), servertest.Options{User: p.id,
			Auth: []gossh.AuthMethod{gossh.PublicKeys(p.key)}, Env: map[string]string{"CONFER_MODE": "linear"}})
		if err != nil {
			t.Fatalf("%s connecting: %v", p.name, err)
		}
		defer c.Close()
		lt := &linearTerm{t: t, name: p.name, c: c}
		term[p.id] = lt
		lt.hear("Press y to accept", 1)
		lt.typ("y")
		lt.hear("Press b for the board", 1)
	}
	ch, mt, sw, police, mum := term["chair"], term["mt"], term["sw"], term["police"], term["mum"]

	// The agenda starts; the conference is not quorate, so the chair says why
	// it goes ahead.
	ch.typ("n")
	mum.hear("Chair moved to step 1 of 16: Welcome, purpose and confidentiality.", 1)
	ch.typ("Q", "Health sent a report\r")
	ch.hear("Reason recorded.", 1)

	// The minute-taker writes an open worry and a restricted item.
	mt.typ("a", "2\r", "Amy has missed school for weeks\r", "1\r")
	mum.hear("Minute-taker added an item to Danger and worries: Amy has missed school for weeks.", 1)
	mt.typ("a", "1\r", "SECRET a neighbour's account\r", "2\r")
	sw.hear("Minute-taker added a restricted item to Harm: SECRET a neighbour's account.", 1)

	// A scaling round: everyone with a terminal scores, the chair reveals.
	ch.typ("o", "\r")
	mum.hear("Scaling round opened for Amy Smith: 0 means very worried, 10 means safe. You have not scored.", 1)
	for _, s := range []struct {
		lt            *linearTerm
		score, reason string
	}{{sw, "3", "Attendance is poor"}, {police, "4", "Two call-outs"}, {mum, "8", "We are managing"}} {
		s.lt.typ("s", s.score+"\r", s.reason+"\r")
		s.lt.hear("You scored: "+s.score, 1)
	}
	ch.hear("3 people have scored", 1)
	ch.typ("r", "2\r")
	mum.hear("Scores revealed for Amy Smith: Sam Reid 3, because Attendance is poor. Pat Jones 4, because Two call-outs. You 8, because We are managing.", 1)
	ch.typ("c", "2\r")
	mum.hear("The scaling round for Amy Smith is closed; the scores are final.", 1)

	// A closed segment: the parent hears only that it is in progress.
	ch.typ("C", "2\r")
	mum.hear("Closed segment in progress. You will hear when it ends.", 1)
	mt.typ("a", "3\r", "SECRET police intelligence\r", "1\r")
	sw.hear("SECRET police intelligence", 1)
	ch.typ("C")
	mum.hear("The closed segment has ended.", 1)

	// Recommendations and the decision.
	ch.typ("V")
	sw.hear("The chair is asking everyone for their recommendation.", 1)
	sw.typ("v", "1\r", "1\r", "Needs a plan\r")
	ch.hear("Sam Reid recommended for Amy Smith: Child protection plan, category neglect. Reason: Needs a plan.", 1)
	ch.typ("X", "1\r", "1\r", "Neglect of schooling and care\r")
	mum.hear("Decision recorded for Amy Smith: Child protection plan, category neglect. Reasons: Neglect of schooling and care.", 1)
	mum.typ("D", "We disagree\r")
	ch.hear("Lisa Smith recorded dissent for Amy Smith: We disagree.", 1)

	// The chair ends the conference; the records are written.
	ch.typ("Z", "2\r")
	ch.hear("records written.", 1)
	mum.typ("B")
	out := mum.hear("The whole board.", 1)

	if strings.Contains(out, "SECRET") {
		t.Errorf("the parent heard something withheld from the family:\n%s", out)
	}
	if testing.Verbose() {
		t.Logf("the parent heard:\n%s", out)
	}
	for id, lt := range term {
		if i := bytes.IndexByte([]byte(lt.c.RawOutput()), 0x1b); i >= 0 {
			t.Errorf("%s: an escape sequence at byte %d of the raw stream", id, i)
		}
	}
	files, _ := filepath.Glob(filepath.Join(records, "*"))
	if len(files) < 3 {
		t.Fatalf("records written: %v, want at least 3", files)
	}
	checked := 0
	for _, f := range files {
		if !strings.Contains(strings.ToLower(f), "family") {
			continue
		}
		checked++
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte("SECRET")) {
			t.Errorf("%s holds withheld text", f)
		}
	}
	if checked == 0 {
		t.Errorf("no family copy among the records: %v", files)
	}
	if d, ok := hub.Snapshot().Decision(hub.Snapshot().Children[0].ID); !ok || d.Outcome != session.OutcomeCPPlan || hub.Snapshot().Ended.IsZero() {
		t.Errorf("at the end: decision %+v, ended %v", d, hub.Snapshot().Ended)
	}
}
