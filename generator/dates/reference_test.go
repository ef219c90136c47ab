package dates

import (
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// The tokenizer as it was before it kept its buffers between scans: the
// plain reading, which the tests compare the fast one with.

// digitValue returns the value of an ASCII, Arabic-Indic or Eastern
// Arabic-Indic (Persian) digit, or -1.
func digitValueReference(r rune) int {
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

// classify sorts a rune for tokenize, with fast paths for ASCII and the
// Arabic block; d is a digit's value.
func classifyReference(c rune) (cl runeClass, d int) {
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
	if d := digitValueReference(c); d >= 0 {
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
func tokenizeReference(text string) []token {
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
			t.norm = normalizeReference(raw)
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
		switch cl, d := classifyReference(c); cl {
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
func normalizeReference(s string) string {
	if isNormalReference(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if skipInNormReference(r) {
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
func isNormalReference(s string) bool {
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

func skipInNormReference(r rune) bool {
	return r == '\u0640' || unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Cf, r)
}

// forms returns the word itself, then the word without one proclitic, then
// without a conjunction and a preposition (وب، فل...). "للعام" is read as
// ل + العام, its span starting at the word.
func formsReference(w string) ([3]form, int) {
	var fs [3]form
	fs[0] = form{base: w}
	n := 1
	r0, w0 := utf8.DecodeRuneInString(w)
	if len(w) <= w0 || !strings.ContainsRune("وفبلك", r0) {
		return fs, n
	}
	rest := w[w0:]
	if r0 == 'ل' && strings.HasPrefix(rest, "ل") {
		fs[n] = form{base: "ا" + rest, cut: 0, clitics: "ل"}
	} else {
		fs[n] = form{base: rest, cut: 1, clitics: w[:w0]}
	}
	n++
	if r0 != 'و' && r0 != 'ف' {
		return fs, n
	}
	r1, w1 := utf8.DecodeRuneInString(rest)
	if len(rest) <= w1 || !strings.ContainsRune("بلك", r1) {
		return fs, n
	}
	rest2 := rest[w1:]
	if r1 == 'ل' && strings.HasPrefix(rest2, "ل") {
		fs[n] = form{base: "ا" + rest2, cut: 1, clitics: w[:w0+w1]}
	} else {
		fs[n] = form{base: rest2, cut: 2, clitics: w[:w0+w1]}
	}
	return fs, n + 1
}

// TestClassify checks the table of classify against the plain reading for
// every code point.
func TestClassify(t *testing.T) {
	for r := rune(-1); r <= unicode.MaxRune+1; r++ {
		gc, gd := classifySlow(r)
		wc, wd := classifyReference(r)
		if gc != wc || gd != wd {
			t.Fatalf("classifySlow(%U) = %d, %d; want %d, %d", r, gc, gd, wc, wd)
		}
		if c := classify(r); c != wc {
			t.Fatalf("classify(%U) = %d, want %d", r, c, wc)
		}
	}
}

// TestNormalizeRunes checks normalize, which works one code point at a
// time, on every code point and on an invalid byte.
func TestNormalizeRunes(t *testing.T) {
	check := func(s string) {
		if got, want := normalize(s), normalizeReference(s); got != want {
			t.Fatalf("normalize(%q) = %q, want %q", s, got, want)
		}
		if got, want := string(appendNormal(nil, "A"+s)), normalizeReference("A"+s); got != want {
			t.Fatalf("appendNormal(A%q) = %q, want %q", s, got, want)
		}
	}
	for r := rune(0); r <= unicode.MaxRune; r++ {
		check(string(r))
	}
	check("\xff")
	check("\xd9")
}

// TestForms compares forms with the plain reading on every word of up to
// three letters from the proclitics, the article and a few others.
func TestForms(t *testing.T) {
	letters := []string{"و", "ف", "ب", "ل", "ك", "ا", "ع", "م", "a", "\xd9", "\u0644\u0651"}
	words := []string{""}
	for range 4 {
		for _, w := range words {
			for _, l := range letters {
				words = append(words, w+l)
			}
		}
		words = slices.Compact(words)
	}
	for _, w := range words {
		gf, gn := forms(w)
		wf, wn := formsReference(w)
		if gf != wf || gn != wn {
			t.Fatalf("forms(%q) = %v, %d; want %v, %d", w, gf, gn, wf, wn)
		}
	}
}

// TestTokenizeBytes compares tokenize with the plain reading on every
// sequence of one or two bytes, between letters and after a digit, so that
// the decoding in line meets every lead and trailing byte.
func TestTokenizeBytes(t *testing.T) {
	z := &tokenizer{}
	for a := range 256 {
		for b := -1; b < 256; b++ {
			seq := string([]byte{byte(a)})
			if b >= 0 {
				seq += string([]byte{byte(b)})
			}
			for _, text := range []string{seq, "ب" + seq + "a", "7" + seq + "\x80"} {
				if got, want := z.tokenize(text), tokenizeReference(text); !slices.Equal(got, want) {
					t.Fatalf("tokenize(%q) = %+v, reference %+v", text, got, want)
				}
			}
		}
	}
}
