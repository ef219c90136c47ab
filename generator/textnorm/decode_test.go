package textnorm

import (
	"testing"
	"unicode/utf8"
)

// TestDecodeRune checks DecodeRune against utf8.DecodeRuneInString for
// every sequence of up to two bytes, and with a third after them.
func TestDecodeRune(t *testing.T) {
	for a := range 256 {
		for b := -1; b < 256; b++ {
			for _, tail := range []string{"", "\x80", "x"} {
				s := string([]byte{byte(a)})
				if b >= 0 {
					s += string([]byte{byte(b)})
				}
				s += tail
				r, n := DecodeRune(s)
				wr, wn := utf8.DecodeRuneInString(s)
				if r != wr || n != wn {
					t.Fatalf("DecodeRune(%q) = %U, %d; want %U, %d", s, r, n, wr, wn)
				}
			}
		}
	}
}
