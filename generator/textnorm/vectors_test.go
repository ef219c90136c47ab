package textnorm

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// vector is one line of testdata/vectors.tsv, which the JavaScript
// normaliser in templates/search.js is tested against too (see
// generator/search). Columns, separated by tabs:
//
//	input   the text; \uXXXX stands for an invisible code point
//	fold    Fold(input)
//	terms   the terms of the input, space-separated, each written as its
//	        folded text, followed by "=" and Keys(text) joined by "," when
//	        these are not just the text itself
//	loose   for each term, Loose(Stem(text)), or "-" for none
type vector struct {
	line                      int
	input, fold, terms, loose string
}

func readVectors(t *testing.T) []vector {
	t.Helper()
	f, err := os.Open("testdata/vectors.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var vs []vector
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			t.Fatalf("vectors.tsv:%d: %d columns, want 4", n, len(cols))
		}
		vs = append(vs, vector{n, unescapeVector(cols[0]), unescapeVector(cols[1]), cols[2], cols[3]})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return vs
}

// unescapeVector turns \uXXXX into the code point.
func unescapeVector(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, `\u`)
		if i < 0 || len(s) < i+6 {
			b.WriteString(s)
			return b.String()
		}
		r, err := strconv.ParseUint(s[i+2:i+6], 16, 32)
		if err != nil {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(r))
		s = s[i+6:]
	}
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
		if got := Fold(v.input); got != v.fold {
			t.Errorf("vectors.tsv:%d: Fold(%q) = %q, want %q", v.line, v.input, got, v.fold)
		}
		terms := Terms(v.input)
		gotTerms, gotLoose := formatTerms(terms)
		if gotTerms != v.terms {
			t.Errorf("vectors.tsv:%d: terms of %q = %q, want %q", v.line, v.input, gotTerms, v.terms)
		}
		if gotLoose != v.loose {
			t.Errorf("vectors.tsv:%d: loose keys of %q = %q, want %q", v.line, v.input, gotLoose, v.loose)
		}
		for _, tm := range terms {
			if tm.Stem != Keys(tm.Text)[0] {
				t.Errorf("vectors.tsv:%d: Stem(%q) = %q is not Keys()[0]", v.line, tm.Text, tm.Stem)
			}
			if !utf8.ValidString(v.input[tm.Start:tm.End]) {
				t.Errorf("vectors.tsv:%d: term %q at [%d:%d] cuts a character", v.line, tm.Text, tm.Start, tm.End)
			}
		}
	}
}
