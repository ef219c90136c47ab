package mention_test

import (
	"path/filepath"
	"slices"
	"testing"

	"briefing/generator/corpus/corpustest"
	"briefing/generator/mention"
	"briefing/generator/textnorm"
)

// corpusText returns the paragraphs of a synthetic corpus of n articles
// and the names of its entities, as content gives them to New.
func corpusText(tb testing.TB, n int) ([]string, []mention.Name) {
	tb.Helper()
	articles, entities := corpustest.Site(tb, n)
	var paras []string
	for _, a := range articles {
		for _, p := range a.Paragraphs {
			paras = append(paras, p.Text)
		}
	}
	var names []mention.Name
	for _, e := range entities {
		for _, t := range e.Spellings() {
			names = append(names, mention.Name{ID: e.ID, Text: t})
		}
	}
	return paras, names
}

// BenchmarkFind matches the entities of a synthetic corpus in its
// article paragraphs, as a site build does.
func BenchmarkFind(b *testing.B) {
	paras, names := corpusText(b, 200)
	m := mention.New(names, textnorm.AppendFold)
	var size int
	for _, p := range paras {
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range paras {
			m.Find(p)
		}
	}
}

// TestFindAgreesWithReference compares Find with a plain reading of the
// rules over every paragraph of a synthetic corpus and the annotated
// texts, with the corpus's names and the table tests' names.
func TestFindAgreesWithReference(t *testing.T) {
	paras, names := corpusText(t, 300)
	seedNames, _ := entityNames(t)
	for _, a := range append(readAnnotated(t, filepath.Join("testdata", "seeds.txt")), readAnnotated(t, filepath.Join("testdata", "tricky.txt"))...) {
		paras = append(paras, a.text)
	}
	found := 0
	for _, names := range [][]mention.Name{names, append(seedNames, testNames...)} {
		m := mention.New(names, textnorm.AppendFold)
		for _, p := range paras {
			got, want := m.Find(p), mention.FindReference(m, p)
			if !slices.Equal(got, want) {
				t.Fatalf("Find(%q) = %v, reference %v", p, got, want)
			}
			found += len(got)
		}
	}
	if found < 1000 {
		t.Errorf("only %d mentions in %d paragraphs: the comparison says little", found, len(paras))
	}
}
