package server

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strings"

	"confer/session"
)

// How commands that fail for a reason nobody can read are logged.
//
// A person who is refused reads the [session.UserError]'s sentence; any
// other error reads as [session.SomethingWentWrong] (session.ErrorMessage),
// and the operator needs the log to find out what happened. An error's
// text may quote what was typed (an encoder naming the value it could not
// encode, say), and what is typed in a conference is confidential, so the
// log never has it: it names the conference, the person, the op's kind and
// the error's shape, that is the Go types along its chain and any
// well-known sentinel it matches, whose texts are fixed.
//
// A change the journal could not save comes back as a UserError of kind
// session.ErrClosed ("the change could not be saved"), and the hub keeps
// the journal's own error. That one is logged as it is: the journal's
// errors (bbolt's, the store's) speak of files, sequence numbers and
// conference IDs, never of what an event holds.

// failer is the optional method of a room that can say why its journal
// stopped taking changes (session.Hub has it).
type failer interface {
	Failed() error
}

// sentinels are errors whose text is fixed and worth naming in a log.
var sentinels = []error{
	context.Canceled, context.DeadlineExceeded, io.EOF, io.ErrUnexpectedEOF, io.ErrClosedPipe,
	fs.ErrClosed, fs.ErrNotExist, fs.ErrPermission, fs.ErrExist, os.ErrDeadlineExceeded,
	session.ErrNotPermitted, session.ErrInvalid, session.ErrNotFound, session.ErrConflict,
	session.ErrEnded, session.ErrClosed,
}

// errorShape describes err for the log without its text: the types along
// its chain (each wrapped error, depth first) and the sentinels it
// matches, e.g. "*fmt.wrapError > *json.UnsupportedValueError".
func errorShape(err error) (types, matches string) {
	var chain []string
	var walk func(e error, depth int)
	walk = func(e error, depth int) {
		if e == nil || depth > 16 || len(chain) >= 16 {
			return
		}
		chain = append(chain, reflect.TypeOf(e).String())
		switch u := e.(type) {
		case interface{ Unwrap() error }:
			walk(u.Unwrap(), depth+1)
		case interface{ Unwrap() []error }:
			for _, inner := range u.Unwrap() {
				walk(inner, depth+1)
			}
		}
	}
	walk(err, 0)
	var names []string
	for _, s := range sentinels {
		if errors.Is(err, s) {
			names = append(names, s.Error())
		}
	}
	return strings.Join(chain, " > "), strings.Join(names, "; ")
}

// logFailure logs a command's error unless it is an ordinary refusal: a
// refusal a person reads (their own business, logged elsewhere only by
// kind), or a command abandoned because the terminal went away.
func (r *room) logFailure(ctx context.Context, cmd session.Command, kind string, err error) {
	var ue *session.UserError
	switch {
	case err == nil:
		return
	case errors.As(err, &ue):
		if !errors.Is(err, session.ErrClosed) {
			return
		}
		// The conference stopped taking changes: say why, once per
		// command, since every later one is refused the same way.
		cause := "unknown"
		if f, ok := r.inner.(failer); ok {
			if ferr := f.Failed(); ferr != nil {
				cause = ferr.Error()
			}
		}
		r.s.log.Error("change not saved: the journal failed", "conference", r.ID(), "person", cmd.By.ID,
			"fp", cmd.By.Fingerprint, "kind", kind, "journal", cause)
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		r.s.log.Debug("command abandoned: the terminal went away", "conference", r.ID(), "person", cmd.By.ID, "kind", kind)
	default:
		types, matches := errorShape(err)
		r.s.log.Error("command failed", "conference", r.ID(), "person", cmd.By.ID, "fp", cmd.By.Fingerprint,
			"kind", kind, "error", types, "matches", matches)
	}
}

// logCreateFailure is logFailure for creating a conference, which has no
// conference ID until it succeeds.
func (c *conferences) logCreateFailure(ctx context.Context, by session.Actor, err error) {
	var ue *session.UserError
	if err == nil || errors.As(err, &ue) || ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return
	}
	types, matches := errorShape(err)
	c.s.log.Error("command failed", "person", by.ID, "fp", by.Fingerprint,
		"kind", session.CreateConference{}.Kind(), "error", types, "matches", matches)
}
