package textnorm

import (
	"strings"
	"testing"
	"unicode/utf8"

	"briefing/generator/textnorm/textnormtest"
)

func readVectors(t *testing.T) []textnormtest.Vector {
	t.Helper()
	vs, err := textnormtest.Read(textnormtest.Path())
	if err != nil {
		t.Fatal(err)
	}
	return vs
}

// formatTerms writes terms as the terms and loose columns do.
func formatTerms(terms []Term) (string, string) {
	var ts, ls []string
	for _, tm := range terms {
		k := Keys(tm.Text)
		if len(k) == 1 && k[0] == tm.Text {
			ts = append(ts, tm.Text)
		} else {
			ts = append(ts, tm.Text+"="+strings.Join(k, ","))
		}
		l := Loose(tm.Stem)
		if l == "" {
			l = "-"
		}
		ls = append(ls, l)
	}
	return strings.Join(ts, " "), strings.Join(ls, " ")
}

func TestVectors(t *testing.T) {
	vs := readVectors(t)
	if len(vs) < 60 {
		t.Errorf("only %d vectors, want at least 60", len(vs))
	}
	for _, v := range vs {
		if got := Fold(v.Input); got != v.Fold {
			t.Errorf("vectors.tsv:%d: Fold(%q) = %q, want %q", v.Line, v.Input, got, v.Fold)
		}
		terms := Terms(v.Input)
		gotTerms, gotLoose := formatTerms(terms)
		if gotTerms != v.Terms {
			t.Errorf("vectors.tsv:%d: terms of %q = %q, want %q", v.Line, v.Input, gotTerms, v.Terms)
		}
		if gotLoose != v.Loose {
			t.Errorf("vectors.tsv:%d: loose keys of %q = %q, want %q", v.Line, v.Input, gotLoose, v.Loose)
		}
		for _, tm := range terms {
			if tm.Stem != Keys(tm.Text)[0] {
				t.Errorf("vectors.tsv:%d: Stem(%q) = %q is not Keys()[0]", v.Line, tm.Text, tm.Stem)
			}
			if !utf8.ValidString(v.Input[tm.Start:tm.End]) {
				t.Errorf("vectors.tsv:%d: term %q at [%d:%d] cuts a character", v.Line, tm.Text, tm.Start, tm.End)
			}
		}
	}
}
