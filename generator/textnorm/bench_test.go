package textnorm

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/corpus"
)

// corpusParagraphs returns the lines of the article files of a synthetic
// corpus of n articles, front matter included.
func corpusParagraphs(tb testing.TB, n int) []string {
	tb.Helper()
	dir := filepath.Join(tb.TempDir(), "content")
	if err := corpus.Write(dir, n, 1); err != nil {
		tb.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(dir, "articles", "*.md"))
	if err != nil || len(files) == 0 {
		tb.Fatal("no articles", err)
	}
	var lines []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			if line != "" {
				lines = append(lines, line)
			}
		}
	}
	return lines
}

// TestScanCorpus compares scan with the plain reading on every line of a
// synthetic corpus.
func TestScanCorpus(t *testing.T) {
	for _, p := range corpusParagraphs(t, 200) {
		checkScan(t, p)
	}
}

// BenchmarkWords reads the words of the paragraphs of a synthetic corpus,
// as the search index does.
func BenchmarkWords(b *testing.B) {
	paras := corpusParagraphs(b, 200)
	var size int
	for _, p := range paras {
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paras {
			for range Words(p) {
			}
		}
	}
}
