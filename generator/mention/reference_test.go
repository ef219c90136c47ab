package mention

import (
	"cmp"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The matcher as it was before Find was made to work without allocating
// per word: the straightforward reading of the rules, which the tests
// compare the fast one with, text for text.

// findReference is Find written plainly.
func (m *Matcher) findReference(text string) []Match {
	fold := func(s string) string { return string(m.fold(nil, s)) }
	var toks []span
	var folded []string
	for _, t := range tokenizeReference(text) {
		if f := fold(text[t.start:t.end]); f != "" {
			toks = append(toks, t)
			folded = append(folded, f)
		}
	}
	var all []found
	for i := range toks {
		for _, c := range candidatesReference(folded[i]) {
			for _, e := range m.first[c.text] {
				if matchesReference(text, toks, folded, i, e) {
					all = append(all, found{id: e.id, first: i, n: len(e.words), stripped: c.stripped})
				}
			}
		}
	}
	if len(all) == 0 {
		return nil
	}
	slices.SortStableFunc(all, func(a, b found) int {
		return cmp.Or(b.n-a.n, a.first-b.first, boolOrder(a.stripped, b.stripped), strings.Compare(a.id, b.id))
	})
	taken := make([]bool, len(toks))
	var out []Match
	for _, f := range all {
		if slices.Contains(taken[f.first:f.first+f.n], true) {
			continue
		}
		for j := f.first; j < f.first+f.n; j++ {
			taken[j] = true
		}
		out = append(out, Match{ID: f.id, Start: toks[f.first].start, End: toks[f.first+f.n-1].end})
	}
	slices.SortFunc(out, func(a, b Match) int { return a.Start - b.Start })
	return out
}

type candidate struct {
	text     string
	stripped bool
}

func candidatesReference(w string) []candidate {
	c := []candidate{{w, false}}
	for _, p := range prefixes {
		rest, ok := strings.CutPrefix(w, p)
		if !ok || utf8.RuneCountInString(rest) < 2 {
			continue
		}
		c = append(c, candidate{rest, true})
		if strings.HasSuffix(p, "ل") && !strings.HasSuffix(p, "ال") && !strings.HasPrefix(rest, "ال") {
			c = append(c, candidate{"ال" + rest, true})
		}
	}
	return c
}

func matchesReference(text string, toks []span, folded []string, i int, e entry) bool {
	if i+len(e.words) > len(toks) || !e.words[0].cased.fits(text[toks[i].start:toks[i].end]) {
		return false
	}
	for j := 1; j < len(e.words); j++ {
		t := toks[i+j]
		w := e.words[j]
		if !slices.Contains(w.forms, folded[i+j]) || !w.cased.fits(text[t.start:t.end]) {
			return false
		}
		if !gapFits(text[toks[i+j-1].end:t.start], e.gaps[j-1]) {
			return false
		}
	}
	return true
}

func tokenizeReference(text string) []span {
	var out []span
	start, end := -1, -1
	for i, r := range text {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\u0640':
			if start < 0 {
				start = i
			}
			end = i + utf8.RuneLen(r)
		case start >= 0 && unicode.Is(unicode.Cf, r):
		case start >= 0:
			out = append(out, span{start, end})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, end})
	}
	return out
}

// FindReference lets the external tests compare Find with findReference.
func FindReference(m *Matcher, text string) []Match { return m.findReference(text) }

// TestClassOf checks the fast classification of scanWords against the
// Unicode predicates it stands for, for every code point.
func TestClassOf(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune+1; r++ {
		want := separator
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\u0640':
			want = wordChar
		case unicode.Is(unicode.Cf, r):
			want = format
		}
		if got := classOf(r); got != want {
			t.Fatalf("classOf(%U) = %d, want %d", r, got, want)
		}
	}
}
