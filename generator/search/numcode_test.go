package search

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf16"

	"briefing/generator/textnorm"
)

// decodeNums reads a string of codes back. It reports false when s is not
// a valid code (a character outside the alphabet, or high digits at the
// end with no terminal digit).
func decodeNums(s string) ([]int, bool) {
	var out []int
	v, open := 0, false
	for i := 0; i < len(s); i++ {
		d := digitOf(s[i])
		switch {
		case d < 0:
			return nil, false
		case d >= terminal:
			v = v*cont + d - terminal
			open = true
		default:
			out = append(out, v*terminal+d)
			v, open = 0, false
		}
	}
	return out, !open
}

func digitOf(c byte) int {
	for i := 0; i < len(alphabet); i++ {
		if alphabet[i] == c {
			return i
		}
	}
	return -1
}

func TestNumCode(t *testing.T) {
	if len(alphabet) != 92 || cont != 28 {
		t.Fatalf("alphabet has %d characters, want 92", len(alphabet))
	}
	seen := map[byte]bool{}
	for i := 0; i < len(alphabet); i++ {
		c := alphabet[i]
		if c < 0x20 || c > 0x7e || c == '/' || c == '\\' || c == '\'' || seen[c] {
			t.Fatalf("bad alphabet character %q", c)
		}
		seen[c] = true
	}
	tests := []struct {
		v    int
		code string
	}{
		{0, " "}, {1, "!"}, {63, "b"}, {64, "d "}, {64*28 + 5, "dc&"},
	}
	for _, tc := range tests {
		if got := string(appendNum(nil, tc.v)); got != tc.code {
			t.Errorf("appendNum(%d) = %q, want %q", tc.v, got, tc.code)
		}
	}
	r := rand.New(rand.NewPCG(1, 2))
	var vs []int
	for range 5000 {
		vs = append(vs, r.IntN(1<<uint(r.IntN(31))+1))
	}
	vs = append(vs, 0, 63, 64, 1791, 1792, 1<<31-1)
	got, ok := decodeNums(string(appendNums(nil, vs)))
	if !ok || len(got) != len(vs) {
		t.Fatalf("decode: ok=%v, %d numbers, want %d", ok, len(got), len(vs))
	}
	for i := range vs {
		if got[i] != vs[i] {
			t.Fatalf("number %d: got %d, want %d", i, got[i], vs[i])
		}
	}
	if _, ok := decodeNums(string(alphabet[70])); ok {
		t.Error("a code with no terminal digit decoded")
	}
}

func TestCompareUTF16(t *testing.T) {
	words := []string{"", "a", "ab", "b", "ا", "اب", "ب", "\uE000", "\uFFFD", "\U00010000", "\U0001F600", "z\U00010000", "z\uE000"}
	for _, a := range words {
		for _, b := range words {
			ua, ub := utf16.Encode([]rune(a)), utf16.Encode([]rune(b))
			want := slices.Compare(ua, ub)
			if got := compareUTF16(a, b); sign(got) != want {
				t.Errorf("compareUTF16(%q, %q) = %d, want sign %d", a, b, got, want)
			}
		}
	}
}

func sign(n int) int {
	switch {
	case n < 0:
		return -1
	case n > 0:
		return 1
	}
	return 0
}

func TestColumn(t *testing.T) {
	ids := []int{0, 0, 0, 1, 1, 2, 0, 3, 3, 1, 4}
	var c columnCoder
	var dec columnDecoder
	var code []byte
	var got []int
	for _, id := range ids {
		v := c.code(id)
		code = appendNum(code, v)
		got = append(got, dec.decode(v))
	}
	if !slices.Equal(got, ids) {
		t.Errorf("column round trip: %v, want %v", got, ids)
	}
	// one character per document here: repeats and new ids
	if want := "! !  !  ! %!"; string(code) != want[:len(code)] && len(code) > len(ids)+2 {
		t.Errorf("column code %q is too long", code)
	}
}

func TestCollapse(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""}, {"a b", "a b"}, {" a", "a"}, {"a ", "a"}, {"a  b", "a b"}, {"a\nb\tc", "a b c"},
		{"كلمة\u00A0أخرى", "كلمة أخرى"}, {"x\u2028y", "x y"}, {"\u3000", ""}, {"ok\xff", "ok\uFFFD"}, {"\x7f", "\x7f"},
	}
	for _, tc := range tests {
		if got := collapse(tc.in); got != tc.want {
			t.Errorf("collapse(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestJSConstants checks that search.js decodes with the constants that
// Build encodes with.
func TestJSConstants(t *testing.T) {
	src, err := os.ReadFile(filepath.Join(moduleRoot(t), "templates", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	js := string(src)
	for name, want := range map[string]string{"ALPHABET": alphabet, "PACK_FROM": packFrom, "PACK_TO": packTo} {
		m := regexp.MustCompile(`var ` + name + ` = '([^']*)';`).FindStringSubmatch(js)
		if m == nil || m[1] != want {
			t.Errorf("search.js %s = %q, want %q", name, m, want)
		}
	}
	for name, want := range map[string]int{"TERMINAL": terminal, "CONT": cont} {
		if !regexp.MustCompile(`\b` + name + ` = ` + strconv.Itoa(want) + `\b`).MatchString(js) {
			t.Errorf("search.js has no %s = %d", name, want)
		}
	}
	if !strings.Contains(js, "this.blocks = (l.n + 15) >> 4;") || frontBlock != 16 {
		t.Errorf("search.js and Build disagree on the front-coding block (Go: %d)", frontBlock)
	}
	if !strings.Contains(js, "this.skip = new Skip(text(l.h, blob), (n + 15) >> 4);") || recordBlock != 16 {
		t.Errorf("search.js and Build disagree on the records of a skip-table entry (Go: %d)", recordBlock)
	}
	if !strings.Contains(js, "v = v * "+strconv.Itoa(len(alphabet))+" + DIGIT[") {
		t.Errorf("search.js does not read skip tables in base %d", len(alphabet))
	}
	if len([]rune(packFrom)) != len(packTo) {
		t.Fatalf("packFrom has %d letters, packTo %d", len([]rune(packFrom)), len(packTo))
	}
	for _, c := range packTo {
		// A folded word holds no upper case and no ASCII punctuation but '.
		bad := c == '"' || c == '\\' || c == '\''
		for _, w := range textnorm.Terms("x" + string(c) + "x") {
			bad = bad || strings.ContainsRune(w.Text, c)
		}
		if bad {
			t.Errorf("pack character %q can occur in a folded word or needs escaping", c)
		}
	}
	for _, r := range packFrom {
		if textnorm.Fold(string(r)) != string(r) {
			t.Errorf("packed letter %q is not a folded letter", r)
		}
	}
}
