package dates

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

type tokenKind uint8

const (
	word tokenKind = iota
	number
	punct
)

// token is a word, a run of digits or one other character. Offsets are
// absolute: b0..b1 in bytes, r0..r1 in runes.
type token struct {
	kind   tokenKind
	b0, b1 int
	r0, r1 int
	para   int
	// glued: no space between this token and the one before it.
	glued bool
	// upper: a word whose first letter is an uppercase Latin letter.
	upper bool
	// norm: a word normalized (see normalize), the character of a punct,
	// the ASCII digits of a number.
	norm string
	// val: a number's value, or -1 past nine digits.
	val int
}

// digitValue returns the value of an ASCII, Arabic-Indic or Eastern
// Arabic-Indic (Persian) digit, or -1.
func digitValue(r rune) int {
	switch {
	case r >= '0' && r <= '9':
		return int(r - '0')
	case r >= '\u0660' && r <= '\u0669':
		return int(r - '\u0660')
	case r >= '\u06F0' && r <= '\u06F9':
		return int(r - '\u06F0')
	}
	return -1
}

type runeClass uint8

const (
	classOther runeClass = iota
	classNewline
	classSpace
	classFormat // invisible: bidi marks, ZWNJ
	classDigit
	classLetter // letters and combining marks
)

// classify sorts a rune for tokenize, with fast paths for ASCII and the
// Arabic block; d is a digit's value.
func classify(c rune) (cl runeClass, d int) {
	switch {
	case c == '\n':
		return classNewline, 0
	case c < utf8.RuneSelf:
		switch {
		case c >= '0' && c <= '9':
			return classDigit, int(c - '0')
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			return classLetter, 0
		case c == ' ', c >= '\t' && c <= '\r':
			return classSpace, 0
		}
		return classOther, 0
	case c >= '\u0621' && c <= '\u065F', c == '\u0670':
		return classLetter, 0
	}
	if d := digitValue(c); d >= 0 {
		return classDigit, d
	}
	switch {
	case unicode.IsSpace(c):
		return classSpace, 0
	case unicode.Is(unicode.Cf, c):
		return classFormat, 0
	case unicode.IsLetter(c) || unicode.IsMark(c):
		return classLetter, 0
	}
	return classOther, 0
}

// tokenize splits text into tokens, numbering paragraphs (non-empty lines)
// from 1. Spaces and line breaks separate tokens and are not tokens;
// invisible format characters (bidi marks, ZWNJ) are kept inside words and
// ignored elsewhere.
func tokenize(text string) []token {
	ts := make([]token, 0, len(text)/6+1)
	para, lineHasContent, space := 0, false, true
	open := -1 // index of the word or number being built, or -1
	var digits []byte
	closeOpen := func() {
		if open < 0 {
			return
		}
		t := &ts[open]
		if t.kind == word {
			raw := text[t.b0:t.b1]
			t.norm = normalize(raw)
			r, _ := utf8.DecodeRuneInString(raw)
			t.upper = r < 0x250 && unicode.IsUpper(r) // Latin only
		} else {
			t.norm = string(digits)
			t.val = -1
			if len(digits) <= 9 {
				v := 0
				for _, d := range digits {
					v = v*10 + int(d-'0')
				}
				t.val = v
			}
			digits = digits[:0]
		}
		open = -1
	}
	start := func(k tokenKind, b, r int) {
		closeOpen()
		if !lineHasContent {
			para++
			lineHasContent = true
		}
		ts = append(ts, token{kind: k, b0: b, b1: b, r0: r, r1: r, para: para, glued: !space && len(ts) > 0})
		space = false
		if k != punct {
			open = len(ts) - 1
		}
	}
	for b, r := 0, 0; b < len(text); r++ {
		c, w := utf8.DecodeRuneInString(text[b:])
		switch cl, d := classify(c); cl {
		case classNewline:
			closeOpen()
			lineHasContent, space = false, true
		case classSpace:
			closeOpen()
			space = true
		case classFormat:
			if open >= 0 && ts[open].kind == word {
				break // extended below
			}
			closeOpen()
		case classDigit:
			if open < 0 || ts[open].kind != number {
				start(number, b, r)
			}
			digits = append(digits, byte('0'+d))
		case classLetter:
			if open < 0 || ts[open].kind != word {
				start(word, b, r)
			}
		default:
			start(punct, b, r)
			t := &ts[len(ts)-1]
			t.b1, t.r1, t.norm = b+w, r+1, text[b:b+w]
		}
		if open >= 0 {
			ts[open].b1, ts[open].r1 = b+w, r+1
		}
		b += w
	}
	closeOpen()
	return ts
}

// normalize folds the spellings of a word that should compare equal: it
// drops Arabic diacritics (tanween, shadda...), tatweel and format
// characters, writes أ إ ٱ as ا, ى as ي, ة as ه, Persian ی ک as ي ك, and
// lowercases. آ stays: آب (August) is not أب (father).
func normalize(s string) string {
	if isNormal(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if skipInNorm(r) {
			continue
		}
		switch r {
		case 'أ', 'إ', 'ٱ':
			r = 'ا'
		case 'ى', 'ی':
			r = 'ي'
		case 'ة':
			r = 'ه'
		case 'ک':
			r = 'ك'
		default:
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isNormal reports whether normalize would return s unchanged.
func isNormal(s string) bool {
	for _, r := range s {
		switch {
		case r < 'A':
		case r <= 'Z':
			return false
		case r < utf8.RuneSelf:
		case r >= 'ء' && r <= 'ي' && r != 'أ' && r != 'إ' && r != 'ى' && r != 'ة' && r != 'ـ':
		default:
			return false
		}
	}
	return true
}

func skipInNorm(r rune) bool {
	return r == '\u0640' || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r)
}

// rawPrefix returns the number of bytes and runes of raw that hold its
// first n normalized letters, and any marks following them, so that a span
// can start after an attached conjunction or preposition.
func rawPrefix(raw string, n int) (bytes, runes int) {
	for bytes < len(raw) {
		r, w := utf8.DecodeRuneInString(raw[bytes:])
		if !skipInNorm(r) {
			if n == 0 {
				return bytes, runes
			}
			n--
		}
		bytes += w
		runes++
	}
	return bytes, runes
}
