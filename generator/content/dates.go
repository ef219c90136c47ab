package content

import (
	"strings"
	"unicode/utf8"

	"briefing/generator/date"
	"briefing/generator/dates"
	"briefing/generator/source"
)

// SourceArticle is a parsed article with what is derived from its text
// alone, so that a build can cache both together.
type SourceArticle struct {
	*source.Article
	Dates []DateMention
}

// DateMention is a date mentioned in a paragraph of an article.
type DateMention struct {
	dates.Mention
	Start, End int // byte offsets of the mention in the paragraph text
}

// FindDates returns the dates that a's paragraphs mention, resolved
// against its publication date.
func FindDates(x *dates.Extractor, a *source.Article) []DateMention {
	pub := dates.Published{Year: a.Published.Year, Month: a.Published.Month, Day: a.Published.Day}
	if a.Published.Precision() == date.Year {
		pub = dates.Published{}
	}
	var out []DateMention
	for _, p := range a.Paragraphs {
		ms, _ := x.Scan(p.Text, pub)
		for _, m := range ms {
			m.Paragraph = p.N
			start := runeOffset(p.Text, m.Start)
			out = append(out, DateMention{Mention: m, Start: start, End: start + len(m.Text)})
		}
	}
	return out
}

// runeOffset returns the byte offset of the n-th rune of s.
func runeOffset(s string, n int) int {
	off := 0
	for i := 0; i < n && off < len(s); i++ {
		_, size := utf8.DecodeRuneInString(s[off:])
		off += size
	}
	return off
}

// Year returns the year a mention's date falls in.
func (m DateMention) Year() int {
	y := 0
	for _, c := range m.Date[:min(4, len(m.Date))] {
		y = y*10 + int(c-'0')
	}
	return y
}

// Covered reports whether an event of the chronology already accounts for
// m: the event cites m's paragraph and its date agrees with m's at the
// coarser of their two precisions.
func (m DateMention) Covered(a *Article) bool {
	for _, b := range a.Citers[m.Paragraph-1] {
		if b.Kind == FromEvent && agree(b.Event.Date.String(), m.Date) {
			return true
		}
	}
	for _, b := range a.WholeCiters {
		if b.Kind == FromEvent && agree(b.Event.Date.String(), m.Date) {
			return true
		}
	}
	return false
}

// agree compares two ISO dates ("2021-04-07", "2021-04", "2021",
// "2025-autumn") on what both of them know.
func agree(a, b string) bool {
	if i := strings.IndexFunc(b, func(r rune) bool { return r >= 'a' && r <= 'z' }); i > 0 {
		b = b[:i-1] // a season: compare the year
	}
	n := min(len(a), len(b))
	return a[:n] == b[:n]
}
