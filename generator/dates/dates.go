package dates

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Precision says how much of a date a mention fixes. Finer precisions sort
// first.
type Precision int

// The precisions, finest first. The zero Precision is not a valid one.
const (
	Day Precision = iota + 1
	Month
	Season
	Year
)

// String returns the precision as a lowercase word: "day", "month",
// "season" or "year".
func (p Precision) String() string {
	switch p {
	case Day:
		return "day"
	case Month:
		return "month"
	case Season:
		return "season"
	case Year:
		return "year"
	}
	return "Precision(" + strconv.Itoa(int(p)) + ")"
}

// MarshalText encodes the precision as its String word.
func (p Precision) MarshalText() ([]byte, error) {
	if p < Day || p > Year {
		return nil, fmt.Errorf("dates: invalid precision %d", int(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText decodes a word written by MarshalText.
func (p *Precision) UnmarshalText(b []byte) error {
	for q := Day; q <= Year; q++ {
		if string(b) == q.String() {
			*p = q
			return nil
		}
	}
	return fmt.Errorf("dates: unknown precision %q", b)
}

// Mention is one date found in a text.
type Mention struct {
	// Date is the date at its precision: "2021-04-07", "2021-04",
	// "2025-autumn" or "2021" (see the package documentation).
	Date      string
	Precision Precision
	// Text is the mention exactly as written: the characters Start to End.
	// It leaves out prepositions and attached conjunctions ("في", "منذ",
	// "in", the "و" and "ب" of "وبأبريل") but keeps the words that are part
	// of the date ("عام 2021", "يوم الأربعاء", "نهاية هذا العام").
	Text string
	// Paragraph is the 1-based number of the non-empty line holding it.
	Paragraph int
	// Start and End are character (rune) offsets into the whole text; End
	// is exclusive.
	Start, End int
	// Relative reports that part of Date comes from the publication date
	// rather than the text: a relative expression ("الشهر الماضي", a
	// weekday) or a day or month written without its year.
	Relative bool
}

// Dropped is a date expression that could not be placed on the calendar,
// such as a relative one in a text without a publication date.
type Dropped struct {
	Text       string
	Paragraph  int
	Start, End int
	Reason     string
}

// Published is the publication date that relative mentions are resolved
// against. Day is 0 when only the month is known; the zero Published means
// the date is unknown, and then every mention that needs it is dropped.
// Scan treats a Published that is not a real date (month 13, day 30 of
// February) as unknown; ParsePublished only returns real ones.
type Published struct {
	Year, Month, Day int
}

// ParsePublished parses "YYYY-MM-DD" or "YYYY-MM". It fails on any other
// form and on dates that do not exist (2021-02-30).
func ParsePublished(s string) (Published, error) {
	layout, p := "2006-01-02", Published{}
	if len(s) == len("2006-01") {
		layout = "2006-01"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return Published{}, fmt.Errorf("dates: publication date %q is not YYYY-MM-DD or YYYY-MM", s)
	}
	p.Year, p.Month = t.Year(), int(t.Month())
	if layout == "2006-01-02" {
		p.Day = t.Day()
	}
	return p, nil
}

// valid reports whether p is a real date, at day or month precision, in
// years 1 to 9999.
func (p Published) valid() bool {
	return p.Year >= 1 && p.Year <= 9999 && p.Month >= 1 && p.Month <= 12 &&
		p.Day >= 0 && p.Day <= daysIn(p.Year, p.Month)
}

// IsZero reports whether the publication date is unknown.
func (p Published) IsZero() bool { return p == Published{} }

// Precision returns Day or Month, or 0 for the zero Published.
func (p Published) Precision() Precision {
	switch {
	case p.IsZero():
		return 0
	case p.Day == 0:
		return Month
	}
	return Day
}

// String formats the date as ParsePublished reads it, or "" when unknown.
func (p Published) String() string {
	switch p.Precision() {
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", p.Year, p.Month, p.Day)
	case Month:
		return fmt.Sprintf("%04d-%02d", p.Year, p.Month)
	}
	return ""
}

// Extract returns the date mentions of text in order, resolved against
// published. It builds an Extractor each call; a caller with many texts
// should build one with New and call its Scan.
func Extract(text string, published Published) []Mention {
	ms, _ := New().Scan(text, published)
	return ms
}

// Extractor finds date mentions. It holds the word tables built by New,
// which never change afterwards, and buffers for its scans; it is safe for
// concurrent use.
type Extractor struct {
	lex *lexicon
	// tokenizers holds the buffers of the scans between calls
	// (*tokenizer).
	tokenizers sync.Pool
}

// New builds an Extractor.
func New() *Extractor {
	return &Extractor{lex: newLexicon()}
}

// Scan returns the date mentions of text in order, and the date expressions
// it found but could not place. It runs in time linear in the length of
// text and never panics.
//
// Resolution against published:
//   - A day and month without a year take the year (previous, same or next)
//     that puts them nearest the publication date; ties go to the past.
//   - A month without a day or year takes the latest such month not after
//     the publication month: reporting looks back. A future cue within the
//     ten words before it in the same clause ("سوف", "يخطط", "تبدأ",
//     "will", "scheduled"...) makes it the next such month instead, and
//     "منذ"/"since" forces the past for a day and month too.
//   - "سبتمبر المقبل"/"next September" is the first September after the
//     publication month, "مارس الماضي"/"last March" the last one before it.
//   - "الشهر الماضي", "هذا الشهر", "next month" give a month; "العام
//     الماضي", "نهاية هذا العام", "بداية العام" a year; "الصيف الماضي" a
//     season.
//   - A weekday is the nearest one on or before a day-precision publication
//     date (the same day counts), or on or after it after a future cue;
//     with "المقبل"/"next" it is the next one after it, with
//     "الماضي"/"last" the last one before it. "أمس"/"yesterday" and
//     "tomorrow" are a day away.
//   - A week ("الأسبوع الماضي", "this week") gives the month that holds the
//     day a week before, of or after a day-precision publication date.
//   - Against a month-precision date, weekdays, days and weeks can only give
//     the publication month itself, at month precision: they are taken to
//     fall within it, which holds for most days of the month.
//   - Without a publication date, all of these are dropped.
func (x *Extractor) Scan(text string, published Published) ([]Mention, []Dropped) {
	if !published.valid() {
		published = Published{}
	}
	z, _ := x.tokenizers.Get().(*tokenizer)
	if z == nil {
		z = &tokenizer{}
	}
	defer x.tokenizers.Put(z)
	s := &scanner{lex: x.lex, text: text, ts: z.tokenize(text)}
	var ms []Mention
	var ds []Dropped
	for _, e := range s.exprs() {
		last := &s.ts[e.j-1]
		span := text[e.b0:last.b1]
		m, reason := resolve(e, published)
		if reason != "" {
			ds = append(ds, Dropped{Text: span, Paragraph: s.ts[e.i].para,
				Start: e.r0, End: last.r1, Reason: reason})
			continue
		}
		m.Text, m.Paragraph, m.Start, m.End = span, s.ts[e.i].para, e.r0, last.r1
		ms = append(ms, m)
	}
	return ms, ds
}

// String formats a mention for logs and test failures.
func (m Mention) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %q p%d [%d,%d)", m.Date, m.Precision, m.Text, m.Paragraph, m.Start, m.End)
	if m.Relative {
		b.WriteString(" relative")
	}
	return b.String()
}
