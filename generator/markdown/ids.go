package markdown

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/yuin/goldmark/ast"
)

// pageAnchor matches the ids the briefing page gives its citations
// (cite-N), tooltips (tip-N-M) and sources (src-N).
var pageAnchor = regexp.MustCompile(`^(cite|tip|src)-[0-9]`)

// headingIDs gives headings ids made of their words, in any script, so that
// Arabic headings get readable, stable anchors; a repeated heading gets -1,
// -2. Ids that the page itself uses are reserved.
type headingIDs struct {
	used map[string]bool
}

func newHeadingIDs() *headingIDs {
	ids := &headingIDs{used: map[string]bool{}}
	// Reserved: the page's own anchors (citations c1.., sources src-1..
	// are not words, but these are).
	for _, id := range []string{"main", "toc-h", "sources-h", "ev-h", "en-h", "ar-h"} {
		ids.used[id] = true
	}
	return ids
}

// Slug turns a heading into an id: letters and digits are kept (lowercased),
// marks such as Arabic diacritics are dropped, and every other run of
// characters becomes one "-".
func Slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.Is(unicode.Mn, r) || r == 'ـ':
			// diacritics and tatweel do not separate words
		default:
			dash = true
		}
	}
	return b.String()
}

func (ids *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	base := Slug(string(value))
	if base == "" {
		base = "section"
	}
	if pageAnchor.MatchString(base) {
		base = "h-" + base // "Src 1" must not take the id of source 1
	}
	id := base
	for i := 1; ids.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	ids.used[id] = true
	return []byte(id)
}
