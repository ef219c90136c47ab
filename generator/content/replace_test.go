package content_test

import (
	"testing"

	"briefing/generator/content"
	"briefing/generator/date"
	"briefing/generator/diag"
	"briefing/generator/markdown"
	"briefing/generator/source"
)

// TestReplace checks which note edits Site.Replace takes in place, without
// assembling the site again, and that the site it returns has the new note
// while the old site is left as it was.
func TestReplace(t *testing.T) {
	parser := markdown.NewParser()
	note := func(topic, lang, title, body string, change func(*source.Note)) *content.Note {
		n := &source.Note{Path: "content/notes/" + topic + "." + lang + ".md", Topic: topic, Lang: lang, Title: title, Body: []byte(body), BodyLine: 4}
		if change != nil {
			change(n)
		}
		return &content.Note{Note: n, Doc: parser.Parse(n.Body)}
	}
	const body = "## Heading\n\nText [@a1:p1] and more [@a1:p2], see [[beta]].\n"
	build := func() (*content.Site, *content.Note) {
		alpha := note("alpha", "en", "Alpha", body, nil)
		in := content.Input{
			Articles: []*content.SourceArticle{{Article: &source.Article{Path: "content/articles/a1.md", ID: "a1", Language: "en",
				Paragraphs: []source.Paragraph{{N: 1, Text: "One."}, {N: 2, Text: "Two."}}}}},
			Notes: []*content.Note{alpha, note("alpha", "ar", "ألفا", "نص [@a1:p1].\n", nil), note("beta", "en", "Beta", "Beta [@a1:p2].\n", nil)},
		}
		var d diag.List
		s := content.Assemble(in, &d)
		if d.Errors() > 0 {
			t.Fatalf("the fixture has errors: %v", d.All())
		}
		return s, alpha
	}
	for _, tc := range []struct {
		name string
		body string
		edit func(*source.Note)
		want bool
	}{
		{"prose", "## Heading\n\nOther text [@a1:p1] and more [@a1:p2], see [[beta]]. A new sentence.\n", nil, true},
		{"a heading", "## Another heading\n\nText [@a1:p1] and more [@a1:p2], see [[beta]].\n", nil, true},
		{"summary and date", body, func(n *source.Note) { n.Summary, n.Updated = "New summary", must(date.Parse("2024-05-06")) }, true},
		{"title", body, func(n *source.Note) { n.Title = "Alpha, retitled" }, false},
		{"order", body, func(n *source.Note) { n.Order = 3 }, false},
		{"another paragraph cited", "## Heading\n\nText [@a1:p2] and more [@a1:p2], see [[beta]].\n", nil, false},
		{"a citation added", body + "\nAgain [@a1:p1].\n", nil, false},
		{"citations reordered", "## Heading\n\nMore [@a1:p2], then text [@a1:p1], see [[beta]].\n", nil, false},
		{"a topic link dropped", "## Heading\n\nText [@a1:p1] and more [@a1:p2].\n", nil, false},
		{"a broken citation", body + "\nBroken [@a1:p].\n", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site, old := build()
			n := note("alpha", "en", "Alpha", tc.body, tc.edit)
			got, ok := site.Replace(old, n)
			if ok != tc.want {
				t.Fatalf("Replace = %v, want %v", ok, tc.want)
			}
			if !ok {
				return
			}
			if got.Topic("alpha").Notes["en"] != n || got.Topics[0].Notes["en"] != n {
				t.Error("the new site does not have the new note")
			}
			if site.Topic("alpha").Notes["en"] != old {
				t.Error("Replace changed the old site")
			}
			if got.Topic("beta") != site.Topic("beta") || got.Article("a1") != site.Article("a1") {
				t.Error("the new site does not share what the edit did not touch")
			}
			if _, again := got.Replace(old, n); again {
				t.Error("Replace took a note that is no longer the site's")
			}
		})
	}
	t.Run("another topic's note", func(t *testing.T) {
		site, _ := build()
		beta := site.Topic("beta").Notes["en"]
		if _, ok := site.Replace(beta, note("alpha", "en", "Beta", "Beta [@a1:p2].\n", nil)); ok {
			t.Error("Replace put a note of alpha in the place of beta's")
		}
	})
}

func must(d date.Date, err error) date.Date {
	if err != nil {
		panic(err)
	}
	return d
}
