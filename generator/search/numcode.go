package search

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// alphabet is the digit set of the number code (see the package
// documentation): printable ASCII without the apostrophe, backslash and
// slash, so that it needs no escaping in a JavaScript string in single
// quotes and no list of numbers holds "*/", which would end the comment it
// is written in (see blob). The first terminal characters end a number;
// the others carry its high digits. search.js has the same string.
const alphabet = " !#$%&()*+,-.\"0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~"

const (
	terminal = 64
	cont     = len(alphabet) - terminal // 28
)

// appendNum appends the code of v >= 0 to dst.
func appendNum(dst []byte, v int) []byte {
	q, r := v/terminal, v%terminal
	if q > 0 {
		var tmp [16]byte
		i := len(tmp)
		for q > 0 {
			i--
			tmp[i] = alphabet[terminal+q%cont]
			q /= cont
		}
		dst = append(dst, tmp[i:]...)
	}
	return append(dst, alphabet[r])
}

func appendNums(dst []byte, vs []int) []byte {
	for _, v := range vs {
		dst = appendNum(dst, v)
	}
	return dst
}

// appendAscending appends an ascending list of distinct ids as the first
// id and then each gap minus one.
func appendAscending(dst []byte, ids []int32) []byte {
	prev := int32(-1)
	for _, id := range ids {
		dst = appendNum(dst, int(id-prev-1))
		prev = id
	}
	return dst
}

// columnCoder writes a column of table ids, one number each: 0 repeats
// the previous id, 1 is the next id never used before (the tables number
// their entries in order of first use), and any other id v is written as
// v+2. Runs of documents on one page, and pages in order, take one
// character each.
type columnCoder struct {
	prev, top int
	started   bool
}

func (c *columnCoder) code(id int) int {
	v := id + 2
	switch {
	case id == c.prev && c.started:
		v = 0
	case id == c.top+1 || !c.started && id == 0:
		v = 1
	}
	if !c.started {
		c.top = -1
	}
	c.prev, c.top, c.started = id, max(c.top, id), true
	return v
}

// frontBlock is the number of words per block of a front-coded list.
const frontBlock = 16

// frontCode writes a sorted word list for search.js: the words joined by
// "\n", each word but the first of a block of frontBlock written as one
// character (alphabet[n]) giving the number n of UTF-16 code units it
// shares with the word before, followed by the rest of the word. The
// shared prefix ends on a code point boundary and is at most 63 long.
// It also returns the offset of each block in the string, in UTF-16 code
// units as JavaScript counts.
func frontCode(words []string) (string, []int) {
	var b strings.Builder
	var heads []int
	units := 0 // UTF-16 length of b
	prev := ""
	for i, w := range words {
		if i > 0 {
			b.WriteByte('\n')
			units++
		}
		rest := w
		if i%frontBlock == 0 {
			heads = append(heads, units)
			b.WriteString(w)
		} else {
			n, shared := 0, 0 // shared bytes, shared UTF-16 units
			for n < len(w) && n < len(prev) {
				r, size := utf8.DecodeRuneInString(w[n:])
				if !strings.HasPrefix(prev[n:], w[n:n+size]) {
					break
				}
				u := 1
				if r >= 0x10000 {
					u = 2
				}
				if shared+u >= terminal {
					break
				}
				n, shared = n+size, shared+u
			}
			b.WriteByte(alphabet[shared])
			units++
			rest = w[n:]
			b.WriteString(rest)
		}
		units += utf16Len(rest)
		prev = w
	}
	return b.String(), heads
}

// utf16Len returns the length of s in UTF-16 code units, as JavaScript
// counts string offsets.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r >= 0x10000 {
			n++
		}
	}
	return n
}

// zigzag maps a signed delta to a number: 0, -1, 1, -2, 2... to 0, 1, 2, 3, 4...
func zigzag(d int) int {
	if d < 0 {
		return -2*d - 1
	}
	return 2 * d
}

// The word lists of the index are stored packed: each Arabic letter that a
// folded word can contain is written as one ASCII character that folded
// words never contain, so that the lists take one byte per letter instead
// of two and are one-byte strings in the browser. Lists are sorted in the
// packed form; search.js packs a word before it looks it up.
const (
	packFrom = "ءابتثجحخدذرزسشصضطظعغفقكلمنهوي"
	packTo   = "ABCDEFGHIJKLMNOPQRSTUVWXYZ()*"
)

// pack returns w with its Arabic letters packed.
func pack(w string) string {
	return strings.Map(func(r rune) rune {
		if r >= 0x0621 && r <= 0x064A {
			if i := strings.IndexRune(packFrom, r); i >= 0 {
				return rune(packTo[utf8.RuneCountInString(packFrom[:i])])
			}
		}
		return r
	}, w)
}

// sortPacked sorts words by their packed form, in UTF-16 order, and
// returns the packed forms in the same order.
func sortPacked(words []string) []string {
	type pair struct{ packed, word string }
	pairs := make([]pair, len(words))
	for i, w := range words {
		pairs[i] = pair{pack(w), w}
	}
	slices.SortFunc(pairs, func(a, b pair) int { return compareUTF16(a.packed, b.packed) })
	packed := make([]string, len(words))
	for i, p := range pairs {
		words[i], packed[i] = p.word, p.packed
	}
	return packed
}
