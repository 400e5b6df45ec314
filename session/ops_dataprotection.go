package session

import (
	"fmt"
	"strings"
)

// PermExport is exporting the records from the app. It joins the one
// permissions table in init, beside the op that needs it.
const PermExport Permission = "export the records"

// requiredLongLine is a one-line field as long as an item: a path.
var requiredLongLine = textRule{MaxItem, OneLine, true}

// Operator is the actor for what the server's operator does from the
// command line, such as exporting a copy of a record. It is nobody in any
// conference, and its ID cannot be a person's (people-file IDs carry no @).
var Operator = Actor{ID: "@operator", Name: "Operator (command line)"}

// MaxDocuments bounds the documents one export names.
const MaxDocuments = 8

// RecordExported records that copies of the conference record were made:
// which documents, and where they went. The chair records exports from the
// app; the operator records those made on the server's command line. It is
// allowed after the conference has ended, which is when most copies are
// made.
type RecordExported struct {
	Documents []string `json:"documents"`
	// To is where the copies went: a directory on the server, or
	// "standard output".
	To string `json:"to"`
	// Sealed says the copies were written encrypted inside the data
	// directory rather than as plaintext files to take away.
	Sealed bool `json:"sealed,omitempty"`
	// EncryptedTo names the age recipients (an age public key, or an SSH
	// key's fingerprint) copies were encrypted to; empty for plaintext.
	EncryptedTo []string `json:"encrypted_to,omitempty"`
}

// Kind implements Op.
func (RecordExported) Kind() string { return "record.export" }

// An export writes only a line of the audit trail, which no family view
// holds.
func (RecordExported) disclosure() disclosure { return professionalsOnly }

func (o RecordExported) check(c *Conference, x *checkCtx) (Op, error) {
	if x.by.ID != Operator.ID || x.role != RoleNone {
		if err := permit(x, PermExport); err != nil {
			return nil, err
		}
	}
	if len(o.Documents) == 0 || len(o.Documents) > MaxDocuments {
		return nil, refuse(ErrInvalid, "an export names 1 to %d documents", MaxDocuments)
	}
	out := RecordExported{Sealed: o.Sealed, Documents: make([]string, len(o.Documents))}
	var err error
	for i, d := range o.Documents {
		if out.Documents[i], err = cleanField("the document name", d, requiredLine); err != nil {
			return nil, err
		}
	}
	if out.To, err = cleanField("where the export went", o.To, requiredLongLine); err != nil {
		return nil, err
	}
	if len(o.EncryptedTo) > MaxDocuments {
		return nil, refuse(ErrInvalid, "an export names at most %d recipients", MaxDocuments)
	}
	for _, r := range o.EncryptedTo {
		r, err := cleanField("a recipient", r, requiredLine)
		if err != nil {
			return nil, err
		}
		out.EncryptedTo = append(out.EncryptedTo, r)
	}
	return out, nil
}

func (o RecordExported) apply(c *Conference, x *applyCtx) string {
	how := "a plaintext copy"
	switch {
	case o.Sealed:
		how = "sealed (encrypted)"
	case len(o.EncryptedTo) > 0:
		how = "encrypted (age) to " + strings.Join(o.EncryptedTo, ", ")
	}
	return fmt.Sprintf("exported %s to %s, %s", strings.Join(o.Documents, ", "), o.To, how)
}

// allowedAfterEnd reports whether op may be recorded once the conference
// has ended: joining to view it (which journals each viewing) and exports.
func allowedAfterEnd(op Op) bool {
	switch op.(type) {
	case AcceptConfidentiality, RecordExported:
		return true
	}
	return false
}

func init() {
	permissions[PermExport] = chairOnly
	register(func() Op { return &RecordExported{} })
}
