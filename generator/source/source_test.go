package source

import (
	"slices"
	"strings"
	"testing"

	"briefing/generator/diag"
)

func TestSplitFrontMatter(t *testing.T) {
	tests := []struct {
		in, front, body string
		line            int
		err             bool
	}{
		{in: "---\na: 1\n---\nbody\n", front: "a: 1\n", body: "body\n", line: 4},
		{in: "---\r\na: 1\r\n---\r\nbody", front: "a: 1\r\n", body: "body", line: 4},
		{in: "\uFEFF---\n---\n", front: "", body: "", line: 3},
		{in: "---\na: 1\n---", front: "a: 1\n", body: "", line: 4},
		{in: "---\na: 1\n--- \nx", front: "a: 1\n", body: "x", line: 4},
		{in: "a: 1\n---\n", err: true},
		{in: "---\na: 1\n", err: true},
		{in: "", err: true},
		{in: "----\n", err: true},
	}
	for _, tt := range tests {
		front, body, line, err := splitFrontMatter([]byte(tt.in))
		if (err != nil) != tt.err {
			t.Errorf("splitFrontMatter(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && (string(front) != tt.front || string(body) != tt.body || line != tt.line) {
			t.Errorf("splitFrontMatter(%q) = %q, %q, %d; want %q, %q, %d", tt.in, front, body, line, tt.front, tt.body, tt.line)
		}
	}
}

func TestParseArticle(t *testing.T) {
	src := "---\nid: a1\ntitle: {ar: \"عنوان\", en: \"Title\"}\npublished: 2021-04\nlanguage: ar\ntopics: [troops, militias]\n---\nالأولى\n\n  \nالثانية\r\n"
	var d diag.List
	a := ParseArticle(File{Path: "content/articles/a1.md", Data: []byte(src)}, &d)
	if d.Errors() > 0 {
		t.Fatal(d.Err())
	}
	if a.Title["en"] != "Title" || a.Published.String() != "2021-04" || len(a.Topics) != 2 {
		t.Errorf("parsed %+v", a)
	}
	if len(a.Paragraphs) != 2 || a.Paragraphs[0] != (Paragraph{N: 1, Line: 8, Text: "الأولى"}) || a.Paragraphs[1] != (Paragraph{N: 2, Line: 11, Text: "الثانية"}) {
		t.Errorf("paragraphs %+v", a.Paragraphs)
	}
	if !strings.HasPrefix(a.Body, "الأولى\n") {
		t.Errorf("body %q", a.Body)
	}
}

func TestTextIn(t *testing.T) {
	tx := Text{"en": "Hello"}
	if s, l := tx.In("ar"); s != "Hello" || l != "en" {
		t.Errorf("fallback = %q, %q", s, l)
	}
	tx = Text{"": "Both"}
	if s, l := tx.In("ar"); s != "Both" || l != "ar" {
		t.Errorf("plain = %q, %q", s, l)
	}
}

// FuzzParseArticle checks that no article file panics the parser, and
// that every diagnostic has a path and a line within the file.
func FuzzParseArticle(f *testing.F) {
	for _, s := range []string{
		"---\nid: a1\ntitle: x\npublished: 2021\nlanguage: ar\n---\nText\n",
		"---\n---\n",
		"---\ntitle: {ar: [1, 2]}\n---\n",
		"---\n: : :\n---\n",
		"---\nid: &a [*a]\n---\n",
		"---\npublished: 2021-02-30\nurl: javascript:x\n---\n",
		"---\ntopics: {a: b}\n---\n",
		"---\n\xff\n---\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var d diag.List
		ParseArticle(File{Path: "content/articles/a1.md", Data: data}, &d)
		ParseNote(File{Path: "content/notes/t.en.md", Data: data}, &d)
		ParseEvents(File{Path: "content/events.yaml", Data: data}, &d)
		ParseEntities(File{Path: "content/entities.yaml", Data: data}, &d)
		ParseSite(File{Path: "content/site.yaml", Data: data}, &d)
		lines := strings.Count(string(data), "\n") + 2
		for _, x := range d.All() {
			if x.Path == "" || x.Line < 0 || x.Line > lines {
				t.Fatalf("bad diagnostic %q for a file of %d lines", x, lines)
			}
		}
	})
}

func TestSiteBaseURL(t *testing.T) {
	for in, ok := range map[string]bool{
		"https://example.org/":        true,
		"https://example.org/briefs/": true,
		"http://localhost:8080":       true,
		"https://example.org/?x=1":    false,
		"https:///nohost":             false,
		"https://user@example.org/":   false,
		"https://example.org/#top":    false,
		"ftp://example.org/":          false,
	} {
		var d diag.List
		s := ParseSite(File{Path: "site.yaml", Data: []byte("title: x\nbase_url: \"" + in + "\"\n")}, &d)
		if (d.Errors() == 0) != ok || (s.BaseURL != "") != ok {
			t.Errorf("base_url %q: errors %v, kept %q; want accepted %v", in, d.All(), s.BaseURL, ok)
		}
		for _, x := range d.All() {
			if x.Line != 2 {
				t.Errorf("base_url %q: diagnostic %q not on line 2", in, x)
			}
		}
	}
}

func TestSpellings(t *testing.T) {
	e := &Entity{
		Name:    Text{"en": "Mustafa al-Kadhimi", "ar": "مصطفى الكاظمي"},
		Aliases: map[string][]string{"en": {"Kadhimi", "al-Kadhimi"}, "ar": {"الكاظمي"}},
	}
	want := []string{"مصطفى الكاظمي", "Mustafa al-Kadhimi", "الكاظمي", "Kadhimi", "al-Kadhimi"}
	for range 5 { // map order differs from run to run; the result must not
		if got := e.Spellings(); !slices.Equal(got, want) {
			t.Fatalf("Spellings() = %q, want %q", got, want)
		}
	}
}
