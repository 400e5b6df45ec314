package session

import "errors"

// Errors a command can be refused with. Each is wrapped with a sentence a
// person can read; match with errors.Is.
var (
	ErrNotPermitted = errors.New("session: not permitted for this role")
	ErrInvalid      = errors.New("session: invalid input")
	ErrNotFound     = errors.New("session: not found")
	ErrConflict     = errors.New("session: not possible now")
	ErrEnded        = errors.New("session: the conference has ended")
	ErrClosed       = errors.New("session: closed")
)

// Message returns the plain sentence for a user from a command error: the
// wrapped detail without the package prefix.
func Message(err error) string {
	if err == nil {
		return ""
	}
	msg := err.Error()
	for _, e := range []error{ErrNotPermitted, ErrInvalid, ErrNotFound, ErrConflict, ErrEnded, ErrClosed} {
		prefix := e.Error() + ": "
		if len(msg) > len(prefix) && msg[:len(prefix)] == prefix {
			msg = msg[len(prefix):]
			break
		}
		if msg == e.Error() {
			msg = e.Error()[len("session: "):]
			break
		}
	}
	if msg == "" {
		return msg
	}
	return string(upper(msg[0])) + msg[1:]
}

func upper(b byte) byte {
	if b >= 'a' && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}
