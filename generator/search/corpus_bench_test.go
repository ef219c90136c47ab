package search

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"briefing/generator/corpus"
	"briefing/generator/diag"
	"briefing/generator/source"
)

// corpusDocs returns the paragraph documents of a synthetic site of n
// articles, as the site gives them to Build.
func corpusDocs(tb testing.TB, n int) []Doc {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "content")
	if err := corpus.Write(dir, n, 1); err != nil {
		tb.Fatal(err)
	}
	var d diag.List
	files, err := source.Read(os.DirFS(dir), dir, &d)
	if err != nil {
		tb.Fatal(err)
	}
	var docs []Doc
	for _, f := range files.Articles {
		a := source.ParseArticle(f, &d)
		if a == nil {
			continue
		}
		title, _ := a.Title.In("ar")
		for _, p := range a.Paragraphs {
			docs = append(docs, Doc{Kind: "paragraph", Title: title, Section: fmt.Sprintf("¶%d", p.N),
				URL: fmt.Sprintf("ar/sources/%s/index.html#p%d", a.ID, p.N), Text: p.Text})
		}
	}
	if err := d.Err(); err != nil {
		tb.Fatal(err)
	}
	return docs
}

// BenchmarkBuildCorpus builds the index of the paragraphs of a synthetic
// site of 1,000 articles made of real sentences.
func BenchmarkBuildCorpus(b *testing.B) {
	docs := corpusDocs(b, 1000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build("ar", docs); err != nil {
			b.Fatal(err)
		}
	}
}
