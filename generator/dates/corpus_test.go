package dates

import (
	"slices"
	"testing"

	"briefing/generator/corpus/corpustest"
)

// corpusParagraphs returns the paragraphs of a synthetic corpus of n
// articles, each with its article's publication date.
func corpusParagraphs(tb testing.TB, n int) (paras []string, published []Published) {
	tb.Helper()
	articles, _ := corpustest.Site(tb, n)
	for _, a := range articles {
		for _, p := range a.Paragraphs {
			paras = append(paras, p.Text)
			published = append(published, Published{a.Published.Year, a.Published.Month, a.Published.Day})
		}
	}
	return paras, published
}

// TestTokenizeCorpus compares tokenize with the plain reading over every
// paragraph of a synthetic corpus, with one tokenizer for all of them as
// an Extractor reuses it.
func TestTokenizeCorpus(t *testing.T) {
	paras, _ := corpusParagraphs(t, 300)
	z := &tokenizer{}
	for _, p := range paras {
		if got, want := z.tokenize(p), tokenizeReference(p); !slices.Equal(got, want) {
			t.Fatalf("tokenize(%q) = %+v, reference %+v", p, got, want)
		}
	}
}

// BenchmarkScanCorpus scans the paragraphs of a synthetic corpus one by
// one, as a site build does.
func BenchmarkScanCorpus(b *testing.B) {
	paras, published := corpusParagraphs(b, 200)
	x := New()
	var size int
	for _, p := range paras {
		size += len(p)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for i, p := range paras {
			x.Scan(p, published[i])
		}
	}
}

// TestIsStarter checks that isStarter's shortcut never drops a starter:
// on every word of a synthetic corpus, on every starter with each
// proclitic before it, and on words that end as a starter does.
func TestIsStarter(t *testing.T) {
	x := New()
	check := func(w string) {
		_, want := inSet(x.lex.starters, w)
		if got := x.lex.isStarter(w); got != want {
			t.Fatalf("isStarter(%q) = %v, inSet %v", w, got, want)
		}
	}
	paras, _ := corpusParagraphs(t, 300)
	z := &tokenizer{}
	for _, p := range paras {
		for _, tk := range z.tokenize(p) {
			check(tk.norm)
		}
	}
	for w := range x.lex.starters {
		for _, p := range []string{"", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فل", "لل", "ولل", "x", "ال"} {
			check(p + w)
			check(p + w[min(len(w), 2):])
			check(p + "ا" + w)
		}
	}
}
