package content

import (
	"strings"
	"unicode"

	"briefing/generator/date"
)

// fold normalises a word for matching entity names: lower case, no
// diacritics or tatweel, one form of alef, yaa and taa marbuta.
func (s *Site) fold(w string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.Is(unicode.Mn, r), r == 'ـ':
			return -1
		case r == 'أ', r == 'إ', r == 'آ', r == 'ٱ':
			return 'ا'
		case r == 'ى':
			return 'ي'
		case r == 'ة':
			return 'ه'
		case r == 'ؤ':
			return 'و'
		case r == 'ئ':
			return 'ي'
		}
		return unicode.ToLower(r)
	}, w)
}

func compareEvents(a, b *Event) int { return date.Compare(a.Date, b.Date) }
