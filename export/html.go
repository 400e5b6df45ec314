package export

import (
	"bytes"
	"fmt"
	"html"
	"io"
	"strings"

	"confer/session"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// markdown renders the encoders' CommonMark with GFM tables. Raw HTML is
// never passed through (goldmark's default): the encoders write none, and
// everything a person typed is escaped before it reaches the Markdown.
var markdown = goldmark.New(goldmark.WithExtensions(extension.Table))

// printCSS is the page's only styling: self-contained, legible on screen
// and on paper (local authorities file and post these as PDFs).
const printCSS = `
body { font-family: Arial, Helvetica, sans-serif; font-size: 12pt; line-height: 1.45;
  max-width: 46em; margin: 2em auto; padding: 0 1em; color: #111; background: #fff; }
h1 { font-size: 20pt; border-bottom: 2px solid #111; padding-bottom: .2em; }
h2 { font-size: 15pt; margin-top: 1.6em; border-bottom: 1px solid #777; }
h3 { font-size: 13pt; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: .6em 0 1em; font-size: 10.5pt; }
th, td { border: 1px solid #555; padding: .25em .45em; text-align: left; vertical-align: top; }
th { background: #e8e8e8; }
pre { font-size: 10pt; border: 1px solid #999; padding: .5em; overflow-x: auto; }
em { color: #333; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  h2, h3 { break-after: avoid; }
  table, pre, li { break-inside: avoid; }
  thead { display: table-header-group; }
}
`

// HTML renders the Markdown a document's encoder writes as one
// self-contained, printable HTML page: no scripts, no remote assets, the
// stylesheet inline.
func HTML(w io.Writer, title string, md []byte) error {
	var body bytes.Buffer
	if err := markdown.Convert(md, &body); err != nil {
		return fmt.Errorf("export: render HTML: %w", err)
	}
	var b strings.Builder
	b.Grow(body.Len() + len(printCSS) + 512)
	b.WriteString("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	// Nothing on the page may load from elsewhere or run.
	b.WriteString("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n")
	b.WriteString("<title>" + html.EscapeString(title) + "</title>\n<style>" + printCSS + "</style>\n</head>\n<body>\n")
	b.Write(body.Bytes())
	b.WriteString("</body>\n</html>\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("export: write: %w", err)
	}
	return nil
}

// titles name each document in its HTML page's title.
var titles = map[string]string{"full": "Full record", "family": "Family copy", "letter": "Decision letter"}

// AsHTML returns the document rendered as an HTML page instead of
// Markdown: same name, extension .html.
func (d Document) AsHTML() Document {
	enc := d.Encode
	title := titles[strings.SplitN(d.Name, "-", 2)[0]] // a family member's own copy is a family copy
	return Document{Name: d.Name, Ext: "html", Encode: func(w io.Writer, s session.Snapshot) error {
		var md bytes.Buffer
		if err := enc(&md, s); err != nil {
			return err
		}
		t := title
		if s.Conference != nil {
			t += " — " + s.Type.String()
		}
		return HTML(w, t, md.Bytes())
	}}
}
