package textnorm

import (
	"slices"
	"testing"
	"unicode/utf8"
)

// The word scanner as it was before its fast paths for ASCII and Arabic
// letters: the plain reading, which the tests compare scan with.

// scan calls fn for each word of s with its folded bytes (reused between
// calls) and its byte span in s.
func scanReference(s string, fn func(word []byte, start, end int)) {
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

type scanned struct {
	word       string
	start, end int
}

func scanAll(s string, scanFn func(string, func([]byte, int, int))) []scanned {
	var out []scanned
	scanFn(s, func(w []byte, start, end int) { out = append(out, scanned{string(w), start, end}) })
	return out
}

// checkScan fails t when scan and scanReference differ on s.
func checkScan(t *testing.T, s string) {
	t.Helper()
	if got, want := scanAll(s, scan), scanAll(s, scanReference); !slices.Equal(got, want) {
		t.Fatalf("scan(%q) = %v, reference %v", s, got, want)
	}
}

// TestScanRunes compares scan with the plain reading on every code point
// of the Basic Multilingual Plane and every 61st above it: alone, inside a
// word and around an apostrophe, in texts of a thousand code points.
func TestScanRunes(t *testing.T) {
	var b []byte
	for r := rune(0); r <= utf8.MaxRune+1; r++ {
		if r > 0xFFFF && r%61 != 0 && r <= utf8.MaxRune {
			continue
		}
		b = utf8.AppendRune(b, r)
		b = append(b, "ab"...)
		b = utf8.AppendRune(b, r)
		b = append(b, "بي'"...)
		b = utf8.AppendRune(b, r)
		b = append(b, '\'')
		if r%1024 == 0 || r > utf8.MaxRune {
			checkScan(t, string(b))
			b = b[:0]
		}
	}
	checkScan(t, "\xff'\xd9ب\xd9")
}
