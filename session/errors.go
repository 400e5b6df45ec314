package session

import (
	"errors"
	"fmt"
)

// Errors a command can be refused with. Each refusal is a [*UserError]
// wrapping one of them with a sentence a person can read; match with
// errors.Is.
var (
	ErrNotPermitted = errors.New("session: not permitted for this role")
	ErrInvalid      = errors.New("session: invalid input")
	ErrNotFound     = errors.New("session: not found")
	ErrConflict     = errors.New("session: not possible now")
	ErrEnded        = errors.New("session: the conference has ended")
	ErrClosed       = errors.New("session: closed")
)

// UserError is a refusal a person may read: Msg is a plain sentence (without
// a final full stop, as the status bar shows it) and Kind is the sentinel
// it is matched by. Nothing was changed when a command returns one.
type UserError struct {
	Kind error
	Msg  string
}

// Error returns the sentinel's text and the sentence, for logs and tests.
func (e *UserError) Error() string {
	if e.Kind == nil {
		return e.Msg
	}
	return e.Kind.Error() + ": " + e.Msg
}

// Unwrap returns the sentinel, so errors.Is(err, ErrNotPermitted) works.
func (e *UserError) Unwrap() error { return e.Kind }

// refuse returns a [*UserError] of the given kind whose sentence is
// formatted from format and args. The sentence starts lower-case so it
// reads inside longer messages; [ErrorMessage] capitalises it.
func refuse(kind error, format string, args ...any) error {
	return &UserError{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// SomethingWentWrong is what a person reads for any error that is not a
// [*UserError]: Go error text, which may hold file paths or confidential
// content, never reaches a screen.
const SomethingWentWrong = "Something went wrong; nothing was changed."

// ErrorMessage returns the sentence a person reads for err: the message of
// the [*UserError] it wraps, capitalised, or [SomethingWentWrong] for any
// other error. It returns "" for nil.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var ue *UserError
	if errors.As(err, &ue) && ue.Msg != "" {
		return capitalise(ue.Msg)
	}
	for _, s := range []error{ErrNotPermitted, ErrInvalid, ErrNotFound, ErrConflict, ErrEnded, ErrClosed} {
		if err == s {
			return capitalise(s.Error()[len("session: "):])
		}
	}
	return SomethingWentWrong
}

// Message is [ErrorMessage], kept for callers written before it.
//
// Deprecated: use ErrorMessage.
func Message(err error) string { return ErrorMessage(err) }

func capitalise(msg string) string {
	if msg == "" || msg[0] < 'a' || msg[0] > 'z' {
		return msg
	}
	return string(msg[0]-'a'+'A') + msg[1:]
}
