package session

import (
	"os/exec"
	"strings"
	"testing"
)

// TestArrows holds the package arrows of STYLE.md: session imports no other
// confer package, tui imports neither server nor export, and export
// imports only session among confer's packages, and so does linear. It reads the real import
// graph with `go list -deps`, so a new import anywhere is caught.
func TestArrows(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command to list imports with")
	}
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", pkg).Output()
		if err != nil {
			t.Fatalf("go list %s: %v", pkg, err)
		}
		var own []string
		for _, p := range strings.Fields(string(out)) {
			if (p == "confer" || strings.HasPrefix(p, "confer/")) && p != pkg {
				own = append(own, p)
			}
		}
		return own
	}
	// allowed says which confer packages pkg may depend on.
	rules := []struct {
		pkg     string
		allowed func(dep string) bool
	}{
		{"confer/session", func(string) bool { return false }},
		{"confer/export", func(d string) bool { return d == "confer/session" }},
		// The linear mode reads conferences through session alone.
		{"confer/linear", func(d string) bool { return d == "confer/session" }},
		{"confer/tui", func(d string) bool {
			return d != "confer/server" && !strings.HasPrefix(d, "confer/server/") &&
				d != "confer/export" && !strings.HasPrefix(d, "confer/cmd/")
		}},
	}
	for _, r := range rules {
		for _, d := range deps(r.pkg) {
			if !r.allowed(d) {
				t.Errorf("%s imports %s: the arrows are cmd -> server -> tui -> session, server -> linear -> session and export -> session", r.pkg, d)
			}
		}
	}
}
