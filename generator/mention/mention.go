// Package mention finds the names of entities in text: whole words only,
// longest name first, after Arabic normalisation, and across the clitics
// that attach to Arabic words (وبايدن، للكاظمي، بالعراق، والناتو).
package mention

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Name is one way of writing an entity's name.
type Name struct {
	ID   string // the entity's id
	Text string
}

// Match is a name found in a text, as byte offsets into it.
type Match struct {
	ID         string
	Start, End int
}

// Matcher finds names in texts. It is safe for concurrent use.
type Matcher struct {
	fold  func(string) string
	first map[string][]entry // first folded word -> names starting with it, longest first
}

type entry struct {
	id    string
	words []string
}

// New returns a Matcher for names. fold normalises a word for comparison
// (the same normalisation search uses); it must map a word to a word.
func New(names []Name, fold func(string) string) *Matcher {
	m := &Matcher{fold: fold, first: map[string][]entry{}}
	seen := map[string]bool{}
	for _, n := range names {
		var words []string
		for _, t := range tokenize(n.Text) {
			words = append(words, fold(n.Text[t.start:t.end]))
		}
		if len(words) == 0 {
			continue
		}
		key := n.ID + "\x00" + strings.Join(words, " ")
		if seen[key] {
			continue
		}
		seen[key] = true
		m.first[words[0]] = append(m.first[words[0]], entry{id: n.ID, words: words})
	}
	for k, es := range m.first {
		slices.SortStableFunc(es, func(a, b entry) int { return len(b.words) - len(a.words) })
		m.first[k] = es
	}
	return m
}

// prefixes are the clitics that may attach to the front of an Arabic word,
// longest first. A name matches a word after one of them is removed, if at
// least two letters remain.
var prefixes = []string{"وبال", "وكال", "فبال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "وب", "ول", "فب", "فل", "وك", "و", "ف", "ب", "ل", "ك"}

// Find returns the names in text, left to right, never overlapping; where
// two names start at the same word the longer one wins.
func (m *Matcher) Find(text string) []Match {
	toks := tokenize(text)
	folded := make([]string, len(toks))
	for i, t := range toks {
		folded[i] = m.fold(text[t.start:t.end])
	}
	var out []Match
	for i := 0; i < len(toks); i++ {
		best, bestLen := "", 0
		for _, cand := range m.candidates(folded[i]) {
			for _, e := range m.first[cand] {
				if len(e.words) <= bestLen || i+len(e.words) > len(toks) {
					continue
				}
				ok := true
				for j := 1; j < len(e.words) && ok; j++ {
					ok = folded[i+j] == e.words[j] && adjacent(text, toks[i+j-1], toks[i+j])
				}
				if ok {
					best, bestLen = e.id, len(e.words)
				}
			}
		}
		if bestLen > 0 {
			out = append(out, Match{ID: best, Start: toks[i].start, End: toks[i+bestLen-1].end})
			i += bestLen - 1
		}
	}
	return out
}

// candidates returns w and w without each clitic prefix it may carry.
func (m *Matcher) candidates(w string) []string {
	c := []string{w}
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(w, p); ok && utf8.RuneCountInString(rest) >= 2 {
			c = append(c, rest)
			if !strings.HasPrefix(rest, "ال") && strings.HasSuffix(p, "ل") && !strings.HasSuffix(p, "ال") {
				// "لل" + "عراق" stands for "ل" + "العراق".
				c = append(c, "ال"+rest)
			}
		}
	}
	return c
}

// adjacent reports whether only spaces or a hyphen separate two words, so a
// name does not match across punctuation.
func adjacent(text string, a, b span) bool {
	gap := text[a.end:b.start]
	return strings.Trim(gap, " \u00a0-–") == "" && len(gap) <= 4
}

type span struct{ start, end int }

// tokenize splits text into words: runs of letters, digits and marks.
func tokenize(text string) []span {
	var out []span
	start := -1
	for i, r := range text {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == 'ـ'
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, span{start, len(text)})
	}
	return out
}
