package textnorm

import (
	"strings"
	"unicode/utf8"
)

// The affix lists below are copied in templates/search.js; the shared test
// vectors keep the two in step.

// strongPrefixes contain the article: after them the word is certainly a
// noun, so they are removed whenever three letters remain (two would turn
// الله into له). Longest first.
var strongPrefixes = []string{
	"وبال", "وكال", "فبال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال",
}

// weakPrefixes are conjunctions and prepositions without the article. They
// are also the first letters of many words (وزير, بايدن, فصائل), so Stem
// keeps them and Keys offers the word without them as an alternative.
var weakPrefixes = []string{"و", "ف", "ب", "ك", "ل", "وب", "وك", "ول", "فب", "فك", "فل"}

// suffixRule removes suffix when at least min letters remain.
type suffixRule struct {
	suffix string
	min    int
}

// pronounSuffixes are attached pronouns, tried first (at most one).
var pronounSuffixes = []suffixRule{{"هما", 3}, {"هم", 3}, {"هن", 3}, {"ها", 3}, {"ه", 3}}

// inflectionSuffixes are plural, dual, nisba, feminine and accusative
// endings, tried after the pronoun (at most one). "يا" and "ا" cover the
// tanween alef (رسميًا, بيانًا) and the -iya of names (ميليشيا, سوريا). The
// endings that start with ي keep four letters, so that ولاية and ولايات stay
// apart from ولا; ان keeps five, so that إيران, لبنان and برلمان stay whole.
var inflectionSuffixes = []suffixRule{
	{"يين", 4}, {"يون", 4}, {"يات", 4}, {"ات", 3}, {"ون", 3}, {"ين", 3},
	{"ان", 5}, {"يا", 4}, {"ي", 4}, {"ا", 4},
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

// stripStrong removes an article-bearing prefix from w, and reports whether
// it did.
func stripStrong(w string) (string, bool) {
	for _, p := range strongPrefixes {
		if strings.HasPrefix(w, p) && runeLen(w)-runeLen(p) >= 3 {
			return w[len(p):], true
		}
	}
	return w, false
}

func stripOne(w string, rules []suffixRule) string {
	n := runeLen(w)
	for _, r := range rules {
		if strings.HasSuffix(w, r.suffix) && n-runeLen(r.suffix) >= r.min {
			return w[:len(w)-len(r.suffix)]
		}
	}
	return w
}

func stripSuffixes(w string) string {
	return stripOne(stripOne(w, pronounSuffixes), inflectionSuffixes)
}

// Stem returns the stem of a folded word (a Term's Text): Arabic words lose
// an article-bearing prefix and up to two suffixes, English words a plural,
// possessive, -ing or -ed ending; other words are returned unchanged. Short
// words are left whole (see the package documentation).
func Stem(w string) string {
	switch {
	case IsArabic(w):
		base, _ := stripStrong(w)
		return stripSuffixes(base)
	case isLatinWord(w):
		return stemEnglish(w)
	}
	return w
}

// Keys returns the keys under which a folded query word w may be found: its
// stem first, then for an Arabic word its form without the prefix but with
// its suffixes, and, when w has no article, the stems of w read with a
// leading conjunction or preposition (و ف ب ك ل and their pairs) removed,
// when three letters remain. For وبايدن that is [وبايدن بايدن ايدن]. The
// list has no duplicates and is never empty.
func Keys(w string) []string {
	keys := []string{Stem(w)}
	if !IsArabic(w) {
		return keys
	}
	add := func(k string) {
		for _, have := range keys {
			if have == k {
				return
			}
		}
		keys = append(keys, k)
	}
	base, strong := stripStrong(w)
	add(base)
	if !strong {
		n := runeLen(w)
		for _, p := range weakPrefixes {
			if strings.HasPrefix(w, p) && n-runeLen(p) >= 3 {
				add(stripSuffixes(w[len(p):]))
			}
		}
	}
	return keys
}

// Loose returns a coarser key for an Arabic stem of at least four letters:
// the stem without ي and و after its first letter, so that variant
// spellings of loan words meet (امريك and اميرك give امرك). It returns ""
// when there is no such key: the stem is short, not Arabic, has no ي or و to
// remove, or fewer than three letters would remain.
func Loose(stem string) string {
	if !IsArabic(stem) || runeLen(stem) < 4 {
		return ""
	}
	var b strings.Builder
	removed, kept := false, 0
	for i, r := range stem {
		if i > 0 && (r == 'ي' || r == 'و') {
			removed = true
			continue
		}
		b.WriteRune(r)
		kept++
	}
	if !removed || kept < 3 {
		return ""
	}
	return b.String()
}

// stemEnglish is a light stemmer for a folded word of [a-z'].
func stemEnglish(w string) string {
	w = strings.TrimSuffix(w, "'s")
	w = strings.TrimSuffix(w, "'")
	if len(w) <= 3 {
		return w
	}
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "sses"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"):
		return w
	case strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"), strings.HasSuffix(w, "zes"):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "s"):
		return dropE(w[:len(w)-1])
	case strings.HasSuffix(w, "eed") && len(w) > 4:
		return w[:len(w)-1]
	case strings.HasSuffix(w, "ied") && len(w) > 4:
		return w[:len(w)-3] + "y"
	case strings.HasSuffix(w, "ing"):
		if r := w[:len(w)-3]; len(r) >= 3 && hasVowel(r) {
			return dropE(undouble(r))
		}
	case strings.HasSuffix(w, "ed"):
		if r := w[:len(w)-2]; len(r) >= 3 && hasVowel(r) {
			return dropE(undouble(r))
		}
	}
	return dropE(w)
}

func hasVowel(w string) bool { return strings.ContainsAny(w, "aeiouy") }

// undouble turns a final doubled consonant into one (stopp -> stop), except
// l, s and z (kill, pass, buzz).
func undouble(w string) string {
	n := len(w)
	if n >= 2 && w[n-1] == w[n-2] && !strings.ContainsRune("aeioulsz'", rune(w[n-1])) {
		return w[:n-1]
	}
	return w
}

// dropE removes a final silent e (advise -> advis) from words of four
// letters or more, but not ee (agree).
func dropE(w string) string {
	if len(w) >= 4 && strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") {
		return w[:len(w)-1]
	}
	return w
}
