package session

import (
	"context"
	"errors"
	"testing"
)

func init() {
	roleCases = append(roleCases, roleCase{name: "RecordExported", op: func(f *fixture) Op {
		return RecordExported{Documents: []string{"full"}, To: "records", Sealed: true}
	}, want: allow("chair")})
	casePerm["RecordExported"] = PermExport
}

// TestExportsJournaledAfterEnd: once a conference has ended, exports by the
// chair and by the operator are still journaled (with who, what and where),
// viewing it is journaled by the join, and nothing else may be recorded.
func TestExportsJournaledAfterEnd(t *testing.T) {
	f := newFixture(t, nil)
	ctx := context.Background()
	if err := f.hub.Do(ctx, Command{By: chairActor, Op: EndConference{}}); err != nil {
		t.Fatal(err)
	}
	for _, by := range []Actor{chairActor, Operator} {
		op := RecordExported{Documents: []string{"full", "family"}, To: "/srv/out"}
		if err := f.hub.Do(ctx, Command{By: by, Op: op}); err != nil {
			t.Fatalf("export by %s after the end: %v", by.ID, err)
		}
		last := f.snap().Audit[len(f.snap().Audit)-1]
		if last.Kind != "record.export" || last.ActorID != by.ID && by == Operator {
			t.Fatalf("audit after export by %s: got %+v", by.ID, last)
		}
	}
	if err := f.hub.Do(ctx, Command{By: viewerActor, Op: AcceptConfidentiality{}}); err != nil {
		t.Fatalf("viewing an ended conference: %v", err)
	}
	err := f.hub.Do(ctx, Command{By: chairActor, Op: AddItem{Section: Worries, Text: "late"}})
	if !errors.Is(err, ErrEnded) {
		t.Fatalf("adding after the end: got %v, want ErrEnded", err)
	}
	for _, bad := range []RecordExported{{To: "x"}, {Documents: []string{"full"}}, {Documents: []string{"\x1b[2J"}, To: "x"}} {
		if err := f.hub.Do(ctx, Command{By: Operator, Op: bad}); !errors.Is(err, ErrInvalid) {
			t.Errorf("export %+v: got %v, want ErrInvalid", bad, err)
		}
	}
	// Someone in no role is not the operator.
	op := RecordExported{Documents: []string{"full"}, To: "x"}
	if err := f.hub.Do(ctx, Command{By: noneActor, Op: op}); !errors.Is(err, ErrNotPermitted) {
		t.Fatalf("export by a stranger: got %v, want ErrNotPermitted", err)
	}
}
