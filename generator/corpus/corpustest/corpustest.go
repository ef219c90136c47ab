// Package corpustest parses a generated corpus (package corpus) for the
// tests and benchmarks of the packages that work on article text: dates,
// mention and search run their scanners over its paragraphs.
package corpustest

import (
	"os"
	"path/filepath"
	"testing"

	"briefing/generator/corpus"
	"briefing/generator/diag"
	"briefing/generator/source"
)

// Site writes a corpus of n articles (seed 1) into a temporary directory
// and returns its parsed articles and entities. Any content error fails
// tb.
func Site(tb testing.TB, n int) ([]*source.Article, []*source.Entity) {
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
	articles := make([]*source.Article, 0, len(files.Articles))
	for _, f := range files.Articles {
		if a := source.ParseArticle(f, &d); a != nil {
			articles = append(articles, a)
		}
	}
	var entities []*source.Entity
	if files.Entities != nil {
		entities = source.ParseEntities(*files.Entities, &d)
	}
	if err := d.Err(); err != nil {
		tb.Fatal(err)
	}
	return articles, entities
}
