// Package mention finds the names of entities in text: whole words only,
// longest name first, after Arabic normalisation, and across the clitics
// that attach to Arabic words (وبايدن، للكاظمي، بالعراق، والناتو).
//
// The rules, which testdata/seeds.txt and testdata/tricky.txt exercise:
//
//   - Words are runs of letters, digits and combining marks (tatweel
//     included); an invisible format character (zero-width non-joiner, bidi
//     mark) inside a word does not split it. Words are compared after the
//     fold function given to New, which for the site is textnorm.AppendFold.
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
	"sync"
	"unicode"
	"unicode/utf8"

	"briefing/generator/textnorm"
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
	fold  Fold
	first map[string][]entry // folded form of a name's first word -> names
	// scratch holds the buffers of Find between calls (*scratch).
	scratch sync.Pool
}

// Fold appends the normal form of a word to dst and returns the extended
// slice, as textnorm.AppendFold does.
type Fold func(dst []byte, word string) []byte

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
func New(names []Name, fold Fold) *Matcher {
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
func newEntry(id, text string, fold Fold) (entry, bool) {
	e := entry{id: id}
	prevEnd := -1
	for _, t := range tokenize(text) {
		raw := text[t.start:t.end]
		f := string(fold(nil, raw))
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

// cliticPrefixes lists the prefixes by their first letter, و ف ب ك ل, in
// the order of prefixes.
var cliticPrefixes = func() (t [5][]string) {
	for i, c := range []string{"و", "ف", "ب", "ك", "ل"} {
		for _, p := range prefixes {
			if strings.HasPrefix(p, c) {
				t[i] = append(t[i], p)
			}
		}
	}
	return t
}()

// prefixesOf returns the prefixes that start with the first letter of the
// folded word w, in the order of prefixes: no others can be cut from it.
func prefixesOf(w []byte) []string {
	if len(w) < 2 {
		return nil
	}
	switch string(w[:2]) {
	case "و":
		return cliticPrefixes[0]
	case "ف":
		return cliticPrefixes[1]
	case "ب":
		return cliticPrefixes[2]
	case "ك":
		return cliticPrefixes[3]
	case "ل":
		return cliticPrefixes[4]
	}
	return nil
}

// scratch holds what Find needs while it reads one text, kept between
// calls so that a text costs a few allocations, not a few per word.
type scratch struct {
	toks  []token
	buf   []byte // the folded words of the text, back to back
	tmp   []byte // a candidate with the article put back
	all   []found
	taken []bool
}

// token is a word of a text and where its folded form is in scratch.buf.
type token struct {
	start, end int // byte offsets in the text
	f0, f1     int // byte offsets in scratch.buf
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
	s, _ := m.scratch.Get().(*scratch)
	if s == nil {
		s = &scratch{}
	}
	defer m.scratch.Put(s)
	s.toks, s.buf, s.all = s.toks[:0], s.buf[:0], s.all[:0]
	scanWords(text, func(start, end int) {
		n := len(s.buf)
		s.buf = m.fold(s.buf, text[start:end])
		if len(s.buf) > n {
			s.toks = append(s.toks, token{start, end, n, len(s.buf)})
		}
	})
	for i, t := range s.toks {
		// The word itself, then the word without each clitic prefix it
		// may carry, in the order of prefixes.
		w := s.buf[t.f0:t.f1]
		m.collect(s, text, i, w, false)
		for _, p := range prefixesOf(w) {
			if len(w) <= len(p) || string(w[:len(p)]) != p {
				continue
			}
			rest := w[len(p):]
			if len(rest) < 2*utf8.UTFMax && utf8.RuneCount(rest) < 2 {
				continue
			}
			m.collect(s, text, i, rest, true)
			if strings.HasSuffix(p, "ل") && !strings.HasSuffix(p, "ال") && !hasArticle(rest) {
				// The article's alef is not written after ل: للكاظمي is
				// ل + الكاظمي, للجنة is ل + اللجنة.
				s.tmp = append(append(s.tmp[:0], "ال"...), rest...)
				m.collect(s, text, i, s.tmp, true)
			}
		}
	}
	if len(s.all) == 0 {
		return nil
	}
	slices.SortStableFunc(s.all, func(a, b found) int {
		return cmp.Or(b.n-a.n, a.first-b.first, boolOrder(a.stripped, b.stripped), strings.Compare(a.id, b.id))
	})
	if cap(s.taken) < len(s.toks) {
		s.taken = make([]bool, len(s.toks))
	}
	taken := s.taken[:len(s.toks)]
	clear(taken)
	var out []Match
	for _, f := range s.all {
		if slices.Contains(taken[f.first:f.first+f.n], true) {
			continue
		}
		for j := f.first; j < f.first+f.n; j++ {
			taken[j] = true
		}
		out = append(out, Match{ID: f.id, Start: s.toks[f.first].start, End: s.toks[f.first+f.n-1].end})
	}
	slices.SortFunc(out, func(a, b Match) int { return a.Start - b.Start })
	return out
}

// hasArticle reports whether the folded word w starts with the article ال.
func hasArticle(w []byte) bool {
	return len(w) >= len("ال") && string(w[:len("ال")]) == "ال"
}

// collect adds to s.all the names whose first word has the folded form c
// and that are written at word i of text.
func (m *Matcher) collect(s *scratch, text string, i int, c []byte, stripped bool) {
	for _, e := range m.first[string(c)] {
		if m.matches(text, s, i, e) {
			s.all = append(s.all, found{id: e.id, first: i, n: len(e.words), stripped: stripped})
		}
	}
}

// matches reports whether the name e is written at word i of text, its
// first word already found among the candidates of word i.
func (m *Matcher) matches(text string, s *scratch, i int, e entry) bool {
	toks := s.toks
	if i+len(e.words) > len(toks) || !e.words[0].cased.fits(text[toks[i].start:toks[i].end]) {
		return false
	}
	for j := 1; j < len(e.words); j++ {
		t := toks[i+j]
		w := e.words[j]
		if !w.has(s.buf[t.f0:t.f1]) || !w.cased.fits(text[t.start:t.end]) {
			return false
		}
		if !gapFits(text[toks[i+j-1].end:t.start], e.gaps[j-1]) {
			return false
		}
	}
	return true
}

// has reports whether the folded text word f is one of w's forms.
func (w word) has(f []byte) bool {
	for _, form := range w.forms {
		if string(f) == form {
			return true
		}
	}
	return false
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

// tokenize splits text into words (see scanWords).
func tokenize(text string) []span {
	var out []span
	scanWords(text, func(start, end int) { out = append(out, span{start, end}) })
	return out
}

// scanWords calls fn with the byte span of each word of text: a run of
// letters, digits, marks and tatweel. An invisible format character
// (U+200C, U+200F...) between two word characters stays inside the word;
// elsewhere it separates.
func scanWords(text string, fn func(start, end int)) {
	start, end := -1, -1
	for i := 0; i < len(text); {
		r, n := textnorm.DecodeRune(text[i:])
		switch classOf(r) {
		case wordChar:
			if start < 0 {
				start = i
			}
			end = i + n
		case separator:
			if start >= 0 {
				fn(start, end)
				start = -1
			}
		}
		// A format character inside a word neither extends nor ends it.
		i += n
	}
	if start >= 0 {
		fn(start, end)
	}
}

type charClass uint8

const (
	separator charClass = iota
	wordChar            // letter, digit, mark or tatweel
	format              // invisible: Unicode category Cf
)

// classOf sorts a code point for scanWords, from a table below U+0700
// (ASCII, Latin, Greek, Cyrillic, Hebrew and Arabic).
func classOf(r rune) charClass {
	if r < rune(len(lowClasses)) {
		return lowClasses[r]
	}
	return classOfSlow(r)
}

var lowClasses = func() (t [0x700]charClass) {
	for r := range t {
		t[r] = classOfSlow(rune(r))
	}
	return t
}()

func classOfSlow(r rune) charClass {
	switch {
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\u0640':
		return wordChar
	case unicode.Is(unicode.Cf, r):
		return format
	}
	return separator
}
