// Package mention finds the names of entities in text: whole words only,
// longest name first, after Arabic normalisation, and across the clitics
// that attach to Arabic words (وبايدن، للكاظمي، بالعراق، والناتو).
//
// The rules, which testdata/seeds.txt and testdata/tricky.txt exercise:
//
//   - Words are runs of letters, digits and combining marks (tatweel
//     included); an invisible format character (zero-width non-joiner, bidi
//     mark) inside a word does not split it. Words are compared after the
//     fold function given to New, which for the site is textnorm.Fold.
//   - The first word of a name may carry clitic prefixes: و ف ب ك ل and
//     their combinations, alone or fused with the article (وال بال كال فال
//     لل ولل وبال...), as long as two letters remain. لل stands for ل + ال,
//     so للكاظمي is ل + الكاظمي and للجنة is ل + اللجنة. A match covers the
//     whole word as written, clitic included. Later words of a name take no
//     clitic.
//   - The noun أبو in a name also matches its other case forms أبي and أبا
//     (أبي مهدي المهندس).
//   - The words of a name must follow one another with only spaces, one
//     hyphen or invisible characters between them, or with the same
//     punctuation as in the name ("Brig. Gen. Yahya Rasool").
//   - A parenthesised part of a name is an alternative form of it:
//     "حلف شمال الأطلسي (الناتو)" stands for "حلف شمال الأطلسي" and
//     "الناتو".
//   - Latin capitals matter where they make a name: a word written with a
//     capital first letter (Austin, Turkey) matches only a word that starts
//     with one, and an acronym of two or three capitals (US, IS, AP) only
//     the same letters in capitals, so "let us" and "roast turkey" are not
//     mentions.
//   - Longest name first: where found names overlap, the one with more words
//     wins, then the one that starts first; a match never overlaps another.
package mention

import (
	"cmp"
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
	first map[string][]entry // folded form of a name's first word -> names
}

// entry is one name, ready to be compared with the words of a text.
type entry struct {
	id    string
	words []word
	gaps  []string // the name's separators between words, spaces collapsed
}

// word is one word of a name.
type word struct {
	forms []string // folded forms it matches, the written one first
	cased casing
}

// casing is what a Latin name word asks of the case of a text word.
type casing uint8

const (
	anyCase casing = iota
	capital        // first letter upper case: Austin, McGurk
	acronym        // two or three capitals: US, IS, AP
)

// otherCases lists, for a folded name word that declines, its forms in the
// other grammatical cases: أبو (nominative) is أبي after a preposition or in
// a genitive construct and أبا in the accusative.
var otherCases = map[string][]string{
	"ابو": {"ابي", "ابا"},
}

// New returns a Matcher for names. fold normalises a word for comparison
// (the same normalisation search uses); it must map a word to a word. Names
// that fold to nothing are ignored; where two entities share a name, the
// match goes to the smaller id, so that results do not depend on the order
// of names.
func New(names []Name, fold func(string) string) *Matcher {
	m := &Matcher{fold: fold, first: map[string][]entry{}}
	seen := map[string]bool{}
	for _, n := range names {
		for _, form := range alternatives(n.Text) {
			e, ok := newEntry(n.ID, form, fold)
			if !ok {
				continue
			}
			key := e.key()
			if seen[key] {
				continue
			}
			seen[key] = true
			for _, f := range e.words[0].forms {
				m.first[f] = append(m.first[f], e)
			}
		}
	}
	return m
}

// newEntry splits a name into folded words and the separators between them.
func newEntry(id, text string, fold func(string) string) (entry, bool) {
	e := entry{id: id}
	prevEnd := -1
	for _, t := range tokenize(text) {
		raw := text[t.start:t.end]
		f := fold(raw)
		if f == "" {
			continue
		}
		if prevEnd >= 0 {
			e.gaps = append(e.gaps, collapseSpaces(text[prevEnd:t.start]))
		}
		prevEnd = t.end
		e.words = append(e.words, word{forms: append([]string{f}, otherCases[f]...), cased: casingOf(raw)})
	}
	return e, len(e.words) > 0
}

// key identifies an entry, to drop names given twice.
func (e entry) key() string {
	var b strings.Builder
	b.WriteString(e.id)
	for i, w := range e.words {
		b.WriteByte(0)
		if i > 0 {
			b.WriteString(e.gaps[i-1])
			b.WriteByte(0)
		}
		b.WriteString(w.forms[0])
		b.WriteByte(byte('0' + w.cased))
	}
	return b.String()
}

// alternatives returns the forms a name stands for: the name without its
// parenthesised parts and each of those parts, or the name itself when it
// has none (or unbalanced parentheses).
func alternatives(text string) []string {
	var outer strings.Builder
	var inner []string
	depth, open := 0, 0
	for i, r := range text {
		switch r {
		case '(':
			if depth == 0 {
				open = i + 1
			}
			depth++
		case ')':
			depth--
			if depth < 0 {
				return []string{text}
			}
			if depth == 0 {
				inner = append(inner, alternatives(text[open:i])...)
			}
		default:
			if depth == 0 {
				outer.WriteRune(r)
			}
		}
	}
	if depth != 0 || len(inner) == 0 {
		return []string{text}
	}
	return append([]string{strings.Join(strings.Fields(outer.String()), " ")}, inner...)
}

// casingOf tells which case a text word needs to match the name word raw.
func casingOf(raw string) casing {
	upper, lower := 0, 0
	for _, r := range raw {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	first, _ := utf8.DecodeRuneInString(raw)
	switch {
	case lower == 0 && upper >= 2 && upper <= 3:
		return acronym
	case unicode.IsUpper(first):
		return capital
	}
	return anyCase
}

// fits reports whether the text word raw has the case c asks for.
func (c casing) fits(raw string) bool {
	switch c {
	case capital:
		for _, r := range raw {
			if unicode.IsLetter(r) {
				return unicode.IsUpper(r) || unicode.IsTitle(r)
			}
		}
		return false
	case acronym:
		for _, r := range raw {
			if unicode.IsLower(r) {
				return false
			}
		}
	}
	return true
}

// prefixes are the clitics that may attach to the front of an Arabic word,
// longest first (as folded: the fold leaves these letters as they are).
var prefixes = []string{
	"وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل",
	"وب", "وك", "ول", "فب", "فك", "فل", "و", "ف", "ب", "ك", "ل",
}

// form is a folded text word, or the word without a clitic.
type form struct {
	text     string
	stripped bool
}

// candidates returns w and w without each clitic prefix it may carry.
func candidates(w string) []form {
	c := []form{{w, false}}
	for _, p := range prefixes {
		rest, ok := strings.CutPrefix(w, p)
		if !ok || utf8.RuneCountInString(rest) < 2 {
			continue
		}
		c = append(c, form{rest, true})
		if strings.HasSuffix(p, "ل") && !strings.HasSuffix(p, "ال") && !strings.HasPrefix(rest, "ال") {
			// The article's alef is not written after ل: للكاظمي is
			// ل + الكاظمي, للجنة is ل + اللجنة.
			c = append(c, form{"ال" + rest, true})
		}
	}
	return c
}

// found is a name found at a run of words, before overlaps are settled.
type found struct {
	id       string
	first, n int // index of the first word, number of words
	stripped bool
}

// Find returns the names in text, left to right, never overlapping. Where
// names overlap the one with more words wins, then the one that starts
// first (see the package documentation).
func (m *Matcher) Find(text string) []Match {
	var toks []span
	var folded []string
	for _, t := range tokenize(text) {
		if f := m.fold(text[t.start:t.end]); f != "" {
			toks = append(toks, t)
			folded = append(folded, f)
		}
	}
	var all []found
	for i := range toks {
		for _, c := range candidates(folded[i]) {
			for _, e := range m.first[c.text] {
				if m.matches(text, toks, folded, i, e) {
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

// matches reports whether the name e is written at word i of text, its
// first word already found among the candidates of folded[i].
func (m *Matcher) matches(text string, toks []span, folded []string, i int, e entry) bool {
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

func boolOrder(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// gapFits reports whether gap, the text between two words, may separate
// two words of a name whose own separator there is nameGap (spaces
// collapsed): only spaces, invisible characters and at most one hyphen, or
// the name's own punctuation. A line break ends a paragraph, and so a name.
func gapFits(gap, nameGap string) bool {
	if strings.ContainsAny(gap, "\n\r") {
		return false
	}
	hyphens := 0
	for _, r := range gap {
		switch {
		case r == '-' || r == '\u2010' || r == '\u2011':
			hyphens++
		case unicode.IsSpace(r) || unicode.Is(unicode.Cf, r):
		default:
			return nameGap != "" && collapseSpaces(gap) == nameGap
		}
	}
	return hyphens <= 1 || collapseSpaces(gap) == nameGap
}

// collapseSpaces trims s and turns each run of spaces in it into one space.
func collapseSpaces(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

type span struct{ start, end int }

// tokenize splits text into words: runs of letters, digits, marks and
// tatweel. An invisible format character (U+200C, U+200F...) between two
// word characters stays inside the word; elsewhere it separates.
func tokenize(text string) []span {
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
			// Inside a word unless no word character follows.
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
