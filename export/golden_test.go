package export

import (
	"bytes"
	"io"
	"testing"

	"confer/session"

	"github.com/charmbracelet/x/exp/golden"
)

func identity(s string) string { return s }

var encoders = []struct {
	name string
	enc  func(io.Writer, session.Snapshot) error
}{{"full", Full}, {"family", Family}, {"letter", Letter}}

// TestGolden compares the three documents of the rich conference with
// testdata/TestGolden/*.golden; go test ./export -update rewrites them.
func TestGolden(t *testing.T) {
	snap := richConference(t, identity)
	for _, e := range encoders {
		t.Run(e.name, func(t *testing.T) {
			var b bytes.Buffer
			if err := e.enc(&b, snap); err != nil {
				t.Fatalf("%s: %v", e.name, err)
			}
			golden.RequireEqual(t, b.Bytes())
		})
	}
}
