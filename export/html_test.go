package export

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestHTML renders every document, with ordinary and with hostile text,
// as an HTML page and checks it parses, holds its headings and tables, and
// has no script, no event handler, no link, and no remote URL anywhere.
func TestHTML(t *testing.T) {
	for _, txt := range []struct {
		name string
		f    func(string) string
	}{{"plain", identity}, {"hostile", hostile}} {
		snap := richConference(t, txt.f)
		for _, d := range []Document{FullRecord, FamilyCopy, DecisionLetter} {
			var b bytes.Buffer
			if err := d.AsHTML().Encode(&b, snap); err != nil {
				t.Fatal(err)
			}
			page := b.String()
			checkPage(t, txt.name+"/"+d.Name, page)
		}
	}
}

var remoteURL = regexp.MustCompile(`(?i)(https?:|ftp:|//[a-z0-9])`)

func checkPage(t *testing.T, name, page string) {
	t.Helper()
	if !strings.HasPrefix(page, "<!DOCTYPE html>") {
		t.Errorf("%s: no doctype", name)
	}
	z := html.NewTokenizer(strings.NewReader(page))
	tags := map[string]int{}
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			if z.Err() != io.EOF {
				t.Fatalf("%s: the page does not parse: %v", name, z.Err())
			}
			break
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		tn, hasAttr := z.TagName()
		tags[string(tn)]++
		for hasAttr {
			var k, v []byte
			k, v, hasAttr = z.TagAttr()
			if strings.HasPrefix(string(k), "on") || string(k) == "src" || string(k) == "href" {
				t.Errorf("%s: attribute %s=%q", name, k, v)
			}
			if remoteURL.Match(v) {
				t.Errorf("%s: a remote URL in %s=%q", name, k, v)
			}
		}
	}
	for _, bad := range []string{"script", "iframe", "img", "link", "a", "object", "embed", "form", "base"} {
		if tags[bad] > 0 {
			t.Errorf("%s: %d <%s> elements, want none", name, tags[bad], bad)
		}
	}
	if tags["h1"] != 1 || tags["style"] != 1 || tags["h2"] < 5 {
		t.Errorf("%s: h1 %d, style %d, h2 %d; want 1, 1 and at least 5", name, tags["h1"], tags["style"], tags["h2"])
	}
	if name != "plain/letter" && name != "hostile/letter" && tags["table"] == 0 {
		t.Errorf("%s: no tables", name)
	}
	// Typed text may mention an address ("http://evil" in the hostile
	// run), which the page shows as text; nothing may load one.
	for _, load := range []string{"url(", "@import", "<link", "<script", " src=", " href="} {
		if strings.Contains(page, load) {
			t.Errorf("%s: the page holds %q", name, load)
		}
	}
	if strings.HasPrefix(name, "plain/") && remoteURL.MatchString(page) {
		t.Errorf("%s: the page holds a remote URL: %q", name, remoteURL.FindString(page))
	}
}
