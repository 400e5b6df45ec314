package tui

import (
	"errors"

	"confer/export"
)

// errNoExport is returned when no record writer is wired in.
var errNoExport = errors.New("tui: exporting is not available on this server")

func init() {
	// The records come from the export package; Options.Export overrides
	// it (tests, or a server that writes elsewhere).
	writeRecords = export.WriteAll
}
