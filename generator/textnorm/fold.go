package textnorm

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// span is an inclusive range of code points. The tables below are copied
// verbatim in templates/search.js; TestJSTablesMatch keeps the two equal.
type span struct{ lo, hi rune }

// deleteRanges are code points that fold to nothing: tatweel and invisible
// format characters. They do not break a term.
var deleteRanges = []span{
	{0x00AD, 0x00AD}, {0x061C, 0x061C}, {0x0640, 0x0640}, {0x180E, 0x180E},
	{0x200B, 0x200F}, {0x202A, 0x202E}, {0x2060, 0x2064}, {0x2066, 0x2069},
	{0xFEFF, 0xFEFF},
}

// markRanges are the combining marks that folding drops: Latin, Cyrillic
// and Hebrew diacritics and Arabic tashkeel and Quranic marks.
var markRanges = []span{
	{0x0300, 0x036F}, {0x0483, 0x0489}, {0x0591, 0x05BD}, {0x05BF, 0x05BF},
	{0x05C1, 0x05C2}, {0x05C4, 0x05C5}, {0x05C7, 0x05C7}, {0x0610, 0x061A},
	{0x064B, 0x065F}, {0x0670, 0x0670}, {0x06D6, 0x06DC}, {0x06DF, 0x06E4},
	{0x06E7, 0x06E8}, {0x06EA, 0x06ED}, {0x08D3, 0x08E1}, {0x08E3, 0x08FF},
	{0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x20D0, 0x20FF}, {0xFE20, 0xFE2F},
}

// sepRanges are the folded code points that separate terms. Every other
// code point (letters and digits of any script, and marks not dropped) is
// part of a term. ASCII is handled apart: only [0-9a-z] is a word character.
var sepRanges = []span{
	{0x0080, 0x00BF}, {0x00D7, 0x00D7}, {0x00F7, 0x00F7}, {0x037E, 0x037E},
	{0x0387, 0x0387}, {0x055A, 0x055F}, {0x0589, 0x058A}, {0x05BE, 0x05BE},
	{0x05C0, 0x05C0}, {0x05C3, 0x05C3}, {0x05C6, 0x05C6}, {0x05F3, 0x05F4},
	{0x0600, 0x060F}, {0x061B, 0x061B}, {0x061D, 0x061F}, {0x066A, 0x066D},
	{0x06D4, 0x06D4}, {0x06DD, 0x06DE}, {0x06E9, 0x06E9}, {0x0964, 0x0965},
	{0x1680, 0x1680}, {0x2000, 0x2BFF}, {0x2E00, 0x2E7F}, {0x3000, 0x3004},
	{0x3008, 0x3020}, {0x3030, 0x3030}, {0xD800, 0xDFFF}, {0xFD3E, 0xFD3F},
	{0xFE10, 0xFE19}, {0xFE30, 0xFE6F}, {0xFF00, 0xFF0F}, {0xFF1A, 0xFF20},
	{0xFF3B, 0xFF40}, {0xFF5B, 0xFF65}, {0xFFF0, 0xFFFF}, {0x1F000, 0x1FAFF},
	{0xE0000, 0xE007F},
}

// letterMap unifies letters after decomposition. Values are the folded
// spelling; it is copied in search.js.
var letterMap = map[rune]string{
	// alef forms -> alef
	0x0622: "\u0627", 0x0623: "\u0627", 0x0625: "\u0627", 0x0671: "\u0627",
	0x0672: "\u0627", 0x0673: "\u0627", 0x0675: "\u0627",
	// alef maqsura, Persian and Urdu yeh, yeh with hamza -> yeh
	0x0649: "\u064A", 0x06CC: "\u064A", 0x06D2: "\u064A", 0x0626: "\u064A",
	// waw with hamza -> waw
	0x0624: "\u0648",
	// taa marbuta and heh variants -> heh
	0x0629: "\u0647", 0x06C0: "\u0647", 0x06C1: "\u0647", 0x06C2: "\u0647",
	0x06C3: "\u0647", 0x06D5: "\u0647", 0x06BE: "\u0647",
	// Persian and swash kaf -> kaf
	0x06A9: "\u0643", 0x06AA: "\u0643",
	// typographic apostrophes -> '
	0x2018: "'", 0x2019: "'", 0x02BC: "'", 0x2032: "'", 0x0060: "'",
	// Latin letters without a decomposition (after lower-casing)
	0x00DF: "ss", 0x00E6: "ae", 0x0153: "oe", 0x00F8: "o", 0x0111: "d",
	0x0142: "l", 0x0131: "i", 0x00FE: "th", 0x00F0: "d",
}

// arabicFolded holds the folded form of U+0621-U+065F, the Arabic letters
// and tashkeel, computed once from the rules above (the general path).
var arabicFolded = func() (t [arabicTo - arabicFrom + 1]string) {
	for r := rune(arabicFrom); r <= arabicTo; r++ {
		t[r-arabicFrom] = string(appendFoldedSlow(nil, r, string(r)))
	}
	return t
}()

// The range of arabicFolded.
const arabicFrom, arabicTo = 0x0621, 0x065F

func inSpans(r rune, spans []span) bool {
	for _, s := range spans {
		if r < s.lo {
			return false
		}
		if r <= s.hi {
			return true
		}
	}
	return false
}

// isWord reports whether the folded code point r is part of a term (the
// apostrophe is decided by its neighbours, in Terms).
func isWord(r rune) bool {
	switch {
	case r < 0x80:
		return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	case r >= 0x0621 && r <= 0x064A:
		return true // Arabic letters, none of them in sepRanges
	}
	return !inSpans(r, sepRanges)
}

// appendFoldedRune appends the folded form of r to dst. src is r's UTF-8
// spelling in the input (or "" when r is not taken from the input).
func appendFoldedRune(dst []byte, r rune, src string) []byte {
	switch {
	case r < 0x80:
		if r >= 'A' && r <= 'Z' {
			return append(dst, byte(r+'a'-'A'))
		}
		if r == '`' {
			return append(dst, '\'')
		}
		return append(dst, byte(r))
	case r == utf8.RuneError && len(src) <= 1, r >= 0xD800 && r <= 0xDFFF:
		return utf8.AppendRune(dst, utf8.RuneError)
	case r >= arabicFrom && r <= arabicTo:
		// Arabic letters and tashkeel: a table lookup (the common case).
		return append(dst, arabicFolded[r-arabicFrom]...)
	case r == 0x0670:
		return dst // superscript alef
	}
	return appendFoldedSlow(dst, r, src)
}

// appendFoldedSlow folds any code point above ASCII (see appendFoldedRune).
func appendFoldedSlow(dst []byte, r rune, src string) []byte {
	switch {
	case inSpans(r, deleteRanges):
		return dst
	case r >= 0x0660 && r <= 0x0669:
		return append(dst, byte('0'+r-0x0660))
	case r >= 0x06F0 && r <= 0x06F9:
		return append(dst, byte('0'+r-0x06F0))
	}
	if src == "" {
		src = string(r)
	}
	var buf [32]byte
	dec := norm.NFKD.AppendString(buf[:0], src)
	for len(dec) > 0 {
		c, n := utf8.DecodeRune(dec)
		dec = dec[n:]
		switch {
		case inSpans(c, markRanges):
			continue
		case inSpans(c, deleteRanges):
			continue
		case c >= 0x0660 && c <= 0x0669:
			dst = append(dst, byte('0'+c-0x0660))
			continue
		case c >= 0x06F0 && c <= 0x06F9:
			dst = append(dst, byte('0'+c-0x06F0))
			continue
		}
		c = unicode.ToLower(c)
		if m, ok := letterMap[c]; ok {
			dst = append(dst, m...)
			continue
		}
		dst = utf8.AppendRune(dst, c)
	}
	return dst
}

// Fold returns the normal form of s used for matching: the same text with
// tashkeel, tatweel and diacritics removed, letters unified, digits made
// ASCII and letters lower-cased (see the package documentation). Separators
// are kept as they are, so Fold keeps the shape of the text. It never fails:
// invalid UTF-8 becomes U+FFFD.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	buf := make([]byte, 0, 64)
	for i, r := range s {
		n := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, n = utf8.DecodeRuneInString(s[i:])
		}
		buf = appendFoldedRune(buf[:0], r, s[i:i+n])
		b.Write(buf)
	}
	return b.String()
}

// AppendFold appends Fold(s) to dst and returns the extended slice, for a
// caller that folds many words and keeps no string of each.
func AppendFold(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, n := DecodeRune(s[i:])
		dst = appendFoldedRune(dst, r, s[i:i+n])
		i += n
	}
	return dst
}

// DecodeRune is utf8.DecodeRuneInString, with the two-byte sequences of
// Arabic and most other scripts decoded in line: the scanners of
// textnorm, mention and dates decode every character of every paragraph.
func DecodeRune(s string) (rune, int) {
	if c := s[0]; c < utf8.RuneSelf {
		return rune(c), 1
	} else if c >= 0xC2 && c <= 0xDF && len(s) > 1 && s[1]&0xC0 == 0x80 {
		return rune(c&0x1F)<<6 | rune(s[1]&0x3F), 2
	}
	return utf8.DecodeRuneInString(s)
}

// FoldOffsets returns Fold(s) and, for each byte of it, the byte offset in s
// of the code point it was folded from; the slice has one more entry, len(s),
// so that offsets[j] for an end j of the folded text is defined. A code point
// that folds to several bytes (ß to "ss", ﻻ to "لا") maps them all to its own
// offset; deleted code points (tatweel) have no byte of their own.
func FoldOffsets(s string) (string, []int) {
	var b strings.Builder
	b.Grow(len(s))
	offsets := make([]int, 0, len(s)+1)
	buf := make([]byte, 0, 64)
	for i, r := range s {
		n := utf8.RuneLen(r)
		if r == utf8.RuneError {
			_, n = utf8.DecodeRuneInString(s[i:])
		}
		buf = appendFoldedRune(buf[:0], r, s[i:i+n])
		b.Write(buf)
		for range buf {
			offsets = append(offsets, i)
		}
	}
	offsets = append(offsets, len(s))
	return b.String(), offsets
}
