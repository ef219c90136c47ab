package textnorm

import (
	"iter"
	"unicode/utf8"
)

// Term is one word of a text.
type Term struct {
	// Text is the folded word (Fold of the original word).
	Text string
	// Stem is Stem(Text): the word without clitics and common suffixes.
	Stem string
	// Start and End are the byte offsets of the word in the original string:
	// s[Start:End] is the original spelling, with its tashkeel and tatweel
	// but without the separators around it.
	Start, End int
}

// Terms splits s into its words, folded and stemmed, in order. A word is a
// maximal run of word characters of the folded text (see the package
// documentation). Terms never fails; a text without words gives nil.
func Terms(s string) []Term {
	var terms []Term
	scan(s, func(word []byte, start, end int) {
		w := string(word)
		terms = append(terms, Term{Text: w, Stem: Stem(w), Start: start, End: end})
	})
	return terms
}

// Words yields the folded words of s, the Text of each of its Terms, with
// no stemming and no offsets: the fast path for an indexer. The yielded
// slice is reused and valid only until the next iteration; copy it to keep
// it (string(word) does).
func Words(s string) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		stop := false
		scan(s, func(word []byte, _, _ int) {
			if !stop && !yield(word) {
				stop = true
			}
		})
	}
}

// scan calls fn for each word of s with its folded bytes (reused between
// calls) and its byte span in s.
func scan(s string, fn func(word []byte, start, end int)) {
	var word, buf []byte
	start, end := -1, 0 // source span of the word being read
	apos := false       // an apostrophe after a word character, maybe inside a word
	flush := func() {
		if start >= 0 && len(word) > 0 {
			fn(word, start, end)
		}
		word, start = word[:0], -1
	}
	for i, r := range s {
		n := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, n = utf8.DecodeRuneInString(s[i:])
		}
		buf = appendFoldedRune(buf[:0], r, s[i:i+n])
		for j := 0; j < len(buf); {
			c, m := utf8.DecodeRune(buf[j:])
			j += m
			switch {
			case c == '\'':
				if start >= 0 && !apos {
					apos = true // decided by the next character
					continue
				}
				apos = false
				flush()
			case isWord(c):
				if apos {
					word = append(word, '\'')
					apos = false
				}
				if start < 0 {
					start = i
				}
				word = utf8.AppendRune(word, c)
				end = i + n
			default:
				apos = false
				flush()
			}
		}
	}
	flush()
}

// IsArabic reports whether the folded word w is written in Arabic letters
// only (and so is stemmed by the Arabic rules).
func IsArabic(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if !(r >= 0x0620 && r <= 0x06FF || r >= 0x0750 && r <= 0x077F || r >= 0x08A0 && r <= 0x08FF) {
			return false
		}
	}
	return true
}

func isLatinWord(w string) bool {
	if w == "" {
		return false
	}
	for i := 0; i < len(w); i++ {
		c := w[i]
		if !(c >= 'a' && c <= 'z' || c == '\'') {
			return false
		}
	}
	return true
}
