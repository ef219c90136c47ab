package search

import (
	"fmt"
	"testing"

	"briefing/generator/corpus/corpustest"
)

// corpusDocs returns the paragraph documents of a synthetic site of n
// articles, as the site gives them to Build.
func corpusDocs(tb testing.TB, n int) []Doc {
	tb.Helper()
	articles, _ := corpustest.Site(tb, n)
	var docs []Doc
	for _, a := range articles {
		title, _ := a.Title.In("ar")
		for _, p := range a.Paragraphs {
			docs = append(docs, Doc{Kind: "paragraph", Title: title, Section: fmt.Sprintf("¶%d", p.N),
				URL: fmt.Sprintf("ar/sources/%s/index.html#p%d", a.ID, p.N), Text: p.Text})
		}
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
