// Package cite parses references to source paragraphs: "a003" (a whole
// article), "a003:p4" (one paragraph) and "a003:p4-6" (a range), and the
// bracketed citation lists that notes write, "[@a001:p2; @a003:p4]".
package cite

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Ref is a reference to an article, or to paragraphs From..To of it
// (inclusive, numbered from 1). From and To are 0 for the whole article.
type Ref struct {
	Article string
	From    int
	To      int
}

// String returns r in the form it is written: "a003", "a003:p4", "a003:p4-6".
func (r Ref) String() string {
	switch {
	case r.From == 0:
		return r.Article
	case r.From == r.To:
		return fmt.Sprintf("%s:p%d", r.Article, r.From)
	}
	return fmt.Sprintf("%s:p%d-%d", r.Article, r.From, r.To)
}

// Whole reports whether r cites the whole article.
func (r Ref) Whole() bool { return r.From == 0 }

// ValidID reports whether s is a valid id or slug: [a-z0-9][a-z0-9-]*.
func ValidID(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && i > 0:
		default:
			return false
		}
	}
	return true
}

// maxParagraph bounds paragraph numbers so that no reference can make the
// generator allocate or loop without limit.
const maxParagraph = 1_000_000

// ParseRef parses one reference without the leading "@".
func ParseRef(s string) (Ref, error) {
	id, para, hasPara := strings.Cut(s, ":")
	if !ValidID(id) {
		return Ref{}, fmt.Errorf("%q is not a valid article id (want [a-z0-9][a-z0-9-]*)", id)
	}
	r := Ref{Article: id}
	if !hasPara {
		return r, nil
	}
	rest, ok := strings.CutPrefix(para, "p")
	if !ok {
		return Ref{}, fmt.Errorf("paragraph %q in %q must be written pN or pN-M", para, s)
	}
	from, to, isRange := strings.Cut(rest, "-")
	var err error
	if r.From, err = number(from); err != nil {
		return Ref{}, fmt.Errorf("paragraph %q in %q: %w", para, s, err)
	}
	r.To = r.From
	if isRange {
		to = strings.TrimPrefix(to, "p")
		if r.To, err = number(to); err != nil {
			return Ref{}, fmt.Errorf("paragraph %q in %q: %w", para, s, err)
		}
		if r.To < r.From {
			return Ref{}, fmt.Errorf("paragraph range %q in %q runs backwards", para, s)
		}
	}
	return r, nil
}

func number(s string) (int, error) {
	if s == "" || len(s) > 7 {
		return 0, errors.New("want a paragraph number from 1")
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, errors.New("want a paragraph number from 1")
		}
	}
	n, _ := strconv.Atoi(s)
	if n < 1 || n > maxParagraph {
		return 0, errors.New("want a paragraph number from 1")
	}
	return n, nil
}

// ParseList parses the inside of a citation bracket: one or more
// references, each starting with "@", separated by ";".
func ParseList(s string) ([]Ref, error) {
	var refs []Ref
	for part := range strings.SplitSeq(s, ";") {
		part = strings.TrimSpace(part)
		body, ok := strings.CutPrefix(part, "@")
		if !ok {
			if part == "" {
				return nil, errors.New("empty reference in citation")
			}
			return nil, fmt.Errorf("reference %q must start with @", part)
		}
		r, err := ParseRef(body)
		if err != nil {
			return nil, err
		}
		refs = append(refs, r)
	}
	return refs, nil
}
