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
	var word, buf, pend []byte
	start, end := -1, 0 // source span of the word being read
	apos := false       // an apostrophe after a word character, maybe inside a word
	flush := func() {
		if start >= 0 && len(word) > 0 {
			fn(word, start, end)
		}
		word, start = word[:0], -1
	}
	// Each turn takes one folded code point c, of the source code point
	// of n bytes at i: ASCII and Arabic letters fold to one, found at
	// once; others are folded into buf, and pend holds what is left of
	// it.
	for i, n := 0, 0; ; {
		var c rune
		if len(pend) > 0 {
			var m int
			c, m = utf8.DecodeRune(pend)
			pend = pend[m:]
		} else {
			if i += n; i >= len(s) {
				break
			}
			var r rune
			r, n = DecodeRune(s[i:])
			switch {
			case r < utf8.RuneSelf:
				c = r
				if r >= 'A' && r <= 'Z' {
					c = r + 'a' - 'A'
				} else if r == '`' {
					c = '\''
				}
			case r >= arabicFrom && r <= arabicTo:
				if c = arabicFoldedRune[r-arabicFrom]; c < 0 {
					continue // tashkeel folds to nothing and does not break a word
				}
			default:
				buf = appendFoldedRune(buf[:0], r, s[i:i+n])
				if len(buf) == 0 {
					continue
				}
				var m int
				c, m = utf8.DecodeRune(buf)
				pend = buf[m:]
			}
		}
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
			if c < utf8.RuneSelf {
				word = append(word, byte(c))
			} else if c < 0x800 {
				word = append(word, 0xC0|byte(c>>6), 0x80|byte(c)&0x3F)
			} else {
				word = utf8.AppendRune(word, c)
			}
			end = i + n
		default:
			apos = false
			flush()
		}
	}
	flush()
}

// arabicFoldedRune is arabicFolded as code points: the one a letter folds
// to, or -1 for tashkeel, which folds to nothing.
var arabicFoldedRune = func() (t [arabicTo - arabicFrom + 1]rune) {
	for i, f := range arabicFolded {
		switch utf8.RuneCountInString(f) {
		case 0:
			t[i] = -1
		case 1:
			t[i], _ = utf8.DecodeRuneInString(f)
		default:
			panic("textnorm: an Arabic letter folds to more than one")
		}
	}
	return t
}()

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
