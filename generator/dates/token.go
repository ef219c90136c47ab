package dates

import (
	"slices"
	"unicode"
	"unicode/utf8"

	"briefing/generator/textnorm"
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

// classify sorts a rune for tokenize, from a table below U+0700 (ASCII,
// Latin, Greek, Cyrillic, Hebrew, Arabic).
func classify(c rune) runeClass {
	if uint32(c) < uint32(len(lowClasses)) {
		return lowClasses[c]
	}
	cl, _ := classifySlow(c)
	return cl
}

// lowClasses holds classify's answer for each code point below U+0700.
var lowClasses = func() (t [0x700]runeClass) {
	for c := range t {
		t[c], _ = classifySlow(rune(c))
	}
	return t
}()

// classifySlow sorts any rune, with fast paths for ASCII and the Arabic
// block; d is a digit's value.
func classifySlow(c rune) (cl runeClass, d int) {
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

// tokenizer holds the buffers of tokenize, which an Extractor keeps
// between scans.
type tokenizer struct {
	ts   []token
	norm []byte // the normal forms that differ from the text, back to back
	at   []normAt
}

// normAt says where in tokenizer.norm the normal form of token i is.
type normAt struct{ i, from, to int }

// tokenize splits text into tokens, numbering paragraphs (non-empty lines)
// from 1. Spaces and line breaks separate tokens and are not tokens;
// invisible format characters (bidi marks, ZWNJ) are kept inside words and
// ignored elsewhere. The tokens are valid until the next call; their norm
// is the text itself where the text is already normal, and one string
// made for the whole text where it is not.
func (z *tokenizer) tokenize(text string) []token {
	z.ts, z.norm, z.at = slices.Grow(z.ts[:0], len(text)/6+1), z.norm[:0], z.at[:0]
	para, lineHasContent, space := 0, false, true
	open := -1    // index of the word or number being built, or -1
	plain := true // the token being built is its own normal form
	for b, r := 0, 0; b < len(text); r++ {
		c, w := rune(text[b]), 1
		if c >= utf8.RuneSelf {
			if b+1 < len(text) && text[b]-0xC2 <= 0xDF-0xC2 && text[b+1]&0xC0 == 0x80 {
				c, w = rune(text[b]&0x1F)<<6|rune(text[b+1]&0x3F), 2 // Arabic, in line
			} else {
				c, w = utf8.DecodeRuneInString(text[b:])
			}
		}
		cl := classify(c)
		switch cl {
		case classNewline:
			z.close(text, open, plain)
			open, lineHasContent, space = -1, false, true
		case classSpace:
			z.close(text, open, plain)
			open, space = -1, true
		case classFormat:
			if open >= 0 && z.ts[open].kind == word {
				plain = false
				break // extended below
			}
			z.close(text, open, plain)
			open = -1
		case classDigit, classLetter:
			k := word
			if cl == classDigit {
				k = number
			}
			if open < 0 || z.ts[open].kind != k {
				z.close(text, open, plain)
				if !lineHasContent {
					para++
					lineHasContent = true
				}
				z.ts = append(z.ts, token{kind: k, b0: b, r0: r, para: para, glued: !space && len(z.ts) > 0,
					upper: k == word && c < 0x250 && unicode.IsUpper(c)}) // Latin only
				space, open, plain = false, len(z.ts)-1, true
			}
			if k == number {
				plain = plain && c <= '9' // not an Arabic-Indic or Persian digit
			} else {
				plain = plain && isNormalRune(c)
			}
		default:
			z.close(text, open, plain)
			open = -1
			if !lineHasContent {
				para++
				lineHasContent = true
			}
			z.ts = append(z.ts, token{kind: punct, b0: b, b1: b + w, r0: r, r1: r + 1, para: para,
				glued: !space && len(z.ts) > 0, norm: text[b : b+w]})
			space = false
		}
		if open >= 0 {
			z.ts[open].b1, z.ts[open].r1 = b+w, r+1
		}
		b += w
	}
	z.close(text, open, plain)
	if len(z.at) > 0 {
		all := string(z.norm)
		for _, a := range z.at {
			z.ts[a.i].norm = all[a.from:a.to]
		}
	}
	return z.ts
}

// close finishes token open (if not -1), a word or a number: its normal
// form and a number's value. plain says the token is its own normal form
// (isNormal, or only ASCII digits).
func (z *tokenizer) close(text string, open int, plain bool) {
	if open < 0 {
		return
	}
	t := &z.ts[open]
	raw := text[t.b0:t.b1]
	if t.kind == word {
		if plain {
			t.norm = raw
			return
		}
		from := len(z.norm)
		z.norm = appendNormal(z.norm, raw)
		z.at = append(z.at, normAt{open, from, len(z.norm)})
		return
	}
	// A number is a run of digits and nothing else.
	from := len(z.norm)
	if plain {
		t.norm = raw
	} else {
		for _, c := range raw {
			z.norm = append(z.norm, byte('0'+digitValue(c)))
		}
		z.at = append(z.at, normAt{open, from, len(z.norm)})
	}
	t.val = -1
	if n := t.r1 - t.r0; n <= 9 {
		v := 0
		for _, c := range raw {
			v = v*10 + digitValue(c)
		}
		t.val = v
	}
}

// normalize folds the spellings of a word that should compare equal: it
// drops Arabic diacritics (tanween, shadda...), tatweel and format
// characters, writes أ إ ٱ as ا, ى as ي, ة as ه, Persian ی ک as ي ك, and
// lowercases. آ stays: آب (August) is not أب (father).
func normalize(s string) string {
	if isNormal(s) {
		return s
	}
	return string(appendNormal(make([]byte, 0, len(s)), s))
}

// appendNormal appends normalize(s) to dst.
func appendNormal(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, n := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, n = textnorm.DecodeRune(s[i:])
		}
		i += n
		switch {
		case r < utf8.RuneSelf:
			if r >= 'A' && r <= 'Z' {
				r += 'a' - 'A'
			}
			dst = append(dst, byte(r))
			continue
		case r >= '\u0621' && r <= '\u063F' || r >= '\u0641' && r <= '\u064A':
			// Arabic letters: no case, and none skipped.
			switch r {
			case 'أ', 'إ':
				r = 'ا'
			case 'ى':
				r = 'ي'
			case 'ة':
				r = 'ه'
			}
			dst = utf8.AppendRune(dst, r)
			continue
		case r == '\u0640' || r >= '\u064B' && r <= '\u065F' || r == '\u0670':
			continue // tatweel, tashkeel
		}
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
		dst = utf8.AppendRune(dst, r)
	}
	return dst
}

// isNormal reports whether normalize would return s unchanged.
func isNormal(s string) bool {
	for _, r := range s {
		if !isNormalRune(r) {
			return false
		}
	}
	return true
}

// isNormalRune reports whether normalize leaves r as it is, in any word.
func isNormalRune(r rune) bool {
	switch {
	case r < 'A':
	case r <= 'Z':
		return false
	case r < utf8.RuneSelf:
	case r >= 'ء' && r <= 'ي' && r != 'أ' && r != 'إ' && r != 'ى' && r != 'ة' && r != 'ـ':
	default:
		return false
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
