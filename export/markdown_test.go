package export

import (
	"bytes"
	"fmt"
	"hash/fnv"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// hostileBlocks are lines a person could type that mean something in
// Markdown or HTML. Each must come out as the characters typed.
var hostileBlocks = []string{
	"# heading\n| pipe |\n> quote",
	"<script>alert(1)</script>\n- list\n1. list",
	"[x](http://evil)\n![img](x)\n***",
	"`code` ``more``\n<!-- -->\n---",
	"===\n+ plus\n2) two",
	"&amp; &lt;b&gt; &#60;\n~~~\n```",
	"<http://evil>\n*em* _em_ **strong**\nends with \\",
	"[^1]\n[ref]: http://evil\n| a | b |",
	"- [ ] task\n~~strike~~\n<div>block</div>",
	"|---|---|\n\\# not escaped twice\n    indented",
}

// hostile adds one hostile block to s, chosen by a hash of s so the same
// input always gives the same output (the fixture looks people up by
// name). Half the time the block comes first, so its lines start the field;
// otherwise it follows s between ⟦ and ⟧ so the test can check it came
// through whole.
func hostile(s string) string {
	h := fnv.New32a()
	h.Write([]byte(s))
	n := h.Sum32()
	b := hostileBlocks[n%uint32(len(hostileBlocks))]
	if n/uint32(len(hostileBlocks))%2 == 0 {
		return b + "\n⟦⟧\n" + s
	}
	return s + "\n⟦\n" + b + "\n⟧"
}

// wantInside lists what may stand between ⟦ and ⟧ once rendered: the
// block's lines joined by a line break (multi-line fields, collected as
// "; "), "; " (table cells and headings) or a space (single-line fields),
// or nothing.
func wantInside() []string {
	out := []string{""}
	for _, b := range hostileBlocks {
		var ls []string
		for l := range strings.SplitSeq(b, "\n") {
			ls = append(ls, strings.TrimSpace(l))
		}
		// In a cell a line break becomes "; ", or a space after a
		// sentence's end.
		cell := ""
		for i, l := range ls {
			if i > 0 && strings.ContainsAny(ls[i-1][len(ls[i-1])-1:], ".;:!?") {
				cell += " "
			} else if i > 0 {
				cell += "; "
			}
			cell += l
		}
		out = append(out, "; "+strings.Join(ls, "; ")+"; ", " "+strings.Join(ls, " ")+" ", "; "+cell+"; ")
	}
	return out
}

func parse(t *testing.T, src []byte, exts ...goldmark.Extender) ast.Node {
	t.Helper()
	md := goldmark.New(goldmark.WithExtensions(exts...))
	return md.Parser().Parse(text.NewReader(src))
}

// plain returns the text a reader sees in n: escapes resolved, line breaks
// as "; ".
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			v := c.Segment.Value(src)
			if !c.IsRaw() {
				v = util.UnescapePunctuations(v)
			}
			b.Write(v)
			if c.SoftLineBreak() || c.HardLineBreak() {
				b.WriteString("; ")
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// shape is what the structure of a document amounts to: its blocks in
// order (with heading levels and table widths) and its inline markup.
type shape struct {
	blocks  []string
	inlines map[string]int
}

var dangerous = []ast.NodeKind{ast.KindHTMLBlock, ast.KindRawHTML, ast.KindLink, ast.KindImage,
	ast.KindAutoLink, ast.KindCodeSpan, ast.KindBlockquote, ast.KindCodeBlock}

func shapeOf(root ast.Node) shape {
	s := shape{inlines: map[string]int{}}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			s.blocks = append(s.blocks, fmt.Sprintf("h%d", n.Level))
		case *east.Table:
			s.blocks = append(s.blocks, fmt.Sprintf("table/%d", len(n.Alignments)))
		case *ast.List:
			s.blocks = append(s.blocks, fmt.Sprintf("list/%t", n.IsOrdered()))
		case *ast.Emphasis:
			s.inlines[fmt.Sprintf("emphasis/%d", n.Level)]++
		default:
			if n.Type() == ast.TypeBlock {
				s.blocks = append(s.blocks, n.Kind().String())
			} else {
				s.inlines[n.Kind().String()]++
			}
		}
		return ast.WalkContinue, nil
	})
	return s
}

func headings(root ast.Node, src []byte, level int) []string {
	var out []string
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if h, ok := n.(*ast.Heading); ok && entering && h.Level == level {
			out = append(out, plain(h, src))
		}
		return ast.WalkContinue, nil
	})
	return out
}

func render(t *testing.T, enc func(w *bytes.Buffer) error) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := enc(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var wantH2 = map[string][]string{
	"full": {"Attendance", "Quorum", "Confidentiality", "Reports received", "Case context", "Agenda as held",
		"Discussion notes", "The board", "Scaling", "Chair's summary", "Recommendations", "Decisions", "Dissent",
		"The plan", "Core group", "Next dates", "Closed segments", "Distribution", "Amendments", "Audit summary"},
	"letter": {"What we decided", "Why", "Safety goals", "The plan", "Your lead social worker",
		"What happens next", "Who sent this letter", "Help and advice", "Other formats and languages",
		"If you are unhappy"},
}

func init() {
	wantH2["family"] = append(append([]string{"In short"}, wantH2["full"]...), "Words we use", "If you are unhappy")
}

// TestMarkdownStructure parses every document with goldmark (GFM tables)
// and checks its headings and tables, then renders the same conference
// with hostile text in every field and checks that it has exactly the same
// structure, no HTML, link, image or code node, and the hostile text intact.
func TestMarkdownStructure(t *testing.T) {
	clean := richConference(t, identity)
	bad := richConference(t, hostile)
	inside := wantInside()
	for _, e := range encoders {
		t.Run(e.name, func(t *testing.T) {
			src := render(t, func(w *bytes.Buffer) error { return e.enc(w, clean) })
			hsrc := render(t, func(w *bytes.Buffer) error { return e.enc(w, bad) })
			root := parse(t, src, extension.Table)
			hroot := parse(t, hsrc, extension.Table)

			if got, want := headings(root, src, 2), wantH2[e.name]; !slices.Equal(got, want) {
				t.Errorf("level-2 headings:\ngot  %q\nwant %q", got, want)
			}
			if got := headings(root, src, 1); len(got) != 1 {
				t.Errorf("got %d level-1 headings (%q), want 1", len(got), got)
			}
			if e.name != "letter" {
				checkTables(t, root, src)
			}

			want, got := shapeOf(root), shapeOf(hroot)
			if !slices.Equal(got.blocks, want.blocks) {
				i := 0
				for i < len(got.blocks) && i < len(want.blocks) && got.blocks[i] == want.blocks[i] {
					i++
				}
				lo := max(0, i-3)
				t.Errorf("hostile text changed the block structure at block %d:\ngot  …%v\nwant …%v",
					i, got.blocks[lo:min(len(got.blocks), i+4)], want.blocks[lo:min(len(want.blocks), i+4)])
			}
			for k, n := range want.inlines {
				if k == "Text" || k == "String" {
					continue
				}
				if got.inlines[k] != n {
					t.Errorf("hostile text changed the inline markup: %s: got %d, want %d", k, got.inlines[k], n)
				}
			}
			for k, n := range got.inlines {
				if _, ok := want.inlines[k]; !ok && k != "Text" && k != "String" {
					t.Errorf("hostile text added inline markup: %s × %d", k, n)
				}
			}
			noDangerousNodes(t, hroot)

			// Every hostile block that follows its field came through whole,
			// in paragraphs, list items, headings and table cells alike.
			seen := 0
			_ = ast.Walk(hroot, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering || !isLeafBlock(n) {
					return ast.WalkContinue, nil
				}
				txt := plain(n, hsrc)
				for {
					i := strings.Index(txt, "⟦")
					if i < 0 {
						break
					}
					j := strings.Index(txt[i:], "⟧")
					if j < 0 {
						t.Errorf("a hostile block was cut short in %s: %q", n.Kind(), txt[i:])
						break
					}
					got := txt[i+len("⟦") : i+j]
					if !slices.Contains(inside, got) {
						t.Errorf("a hostile block came out changed in %s: %q", n.Kind(), got)
					}
					seen++
					txt = txt[i+j+len("⟧"):]
				}
				if strings.Contains(txt, "⟧") {
					t.Errorf("a hostile block lost its start in %s: %q", n.Kind(), txt)
				}
				return ast.WalkContinue, nil
			})
			if seen < 5 {
				t.Errorf("got %d intact hostile blocks in the %s document, want at least 5", seen, e.name)
			}
		})
	}
}

// TestLinkifyAddsNoHiddenTarget renders the hostile documents with the
// whole of GFM, as GitHub would: a bare address may become a link, but only
// one whose visible text is its own target.
func TestLinkifyAddsNoHiddenTarget(t *testing.T) {
	bad := richConference(t, hostile)
	for _, e := range encoders {
		t.Run(e.name, func(t *testing.T) {
			src := render(t, func(w *bytes.Buffer) error { return e.enc(w, bad) })
			root := parse(t, src, extension.GFM)
			_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if !entering {
					return ast.WalkContinue, nil
				}
				switch n := n.(type) {
				case *ast.AutoLink:
					if url, label := string(n.URL(src)), string(n.Label(src)); url != label {
						t.Errorf("autolink shows %q but goes to %q", label, url)
					}
				case *ast.Link, *ast.Image, *ast.RawHTML, *ast.HTMLBlock, *east.Strikethrough, *east.TaskCheckBox:
					t.Errorf("GFM found a %s in hostile text", n.Kind())
				}
				return ast.WalkContinue, nil
			})
		})
	}
}

func isLeafBlock(n ast.Node) bool {
	switch n.(type) {
	case *ast.Paragraph, *ast.TextBlock, *ast.Heading, *east.TableCell:
		return true
	}
	return false
}

func noDangerousNodes(t *testing.T, root ast.Node) {
	t.Helper()
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && slices.Contains(dangerous, n.Kind()) {
			t.Errorf("found a %s node, want none", n.Kind())
		}
		return ast.WalkContinue, nil
	})
}

// wantColumns is the width of the first table after a heading.
var wantColumns = map[string]int{
	"Attendance": 7, "Confidentiality": 2, "Reports received": 3, "Agenda as held": 5,
	"The previous conference's figures": 7, "Round 1: Amy Smith": 3, "Amy Smith": 3,
	"Progress against the plan": 5, "Actions": 5, "Closed segments": 4, "Joins": 3,
	"Role changes": 3, "Events by kind": 2,
}

// checkTables finds the first table under each heading in wantColumns and
// checks it is a table of that many columns whose every row has that many
// cells.
func checkTables(t *testing.T, root ast.Node, src []byte) {
	t.Helper()
	var under string
	found := map[string]bool{}
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			under = plain(n, src)
		case *east.Table:
			want, ok := wantColumns[under]
			if !ok || found[under] {
				return ast.WalkSkipChildren, nil
			}
			found[under] = true
			if got := len(n.Alignments); got != want {
				t.Errorf("table under %q: got %d columns, want %d", under, got, want)
			}
			for row := n.FirstChild(); row != nil; row = row.NextSibling() {
				if got := row.ChildCount(); got != want {
					t.Errorf("table under %q: a row has %d cells, want %d", under, got, want)
				}
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	for h := range wantColumns {
		if !found[h] && (h != "Closed segments" || bytes.Contains(src, []byte("Full record. Confidential."))) &&
			!(bytes.Contains(src, []byte("Family copy.")) && (h == "Joins" || h == "Role changes" || h == "Events by kind")) {
			t.Errorf("no table under %q", h)
		}
	}
}
