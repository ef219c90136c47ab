package dates

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzExtract checks, on any text and publication date, that Scan does
// not panic and that every mention is well formed: its span lies in the
// text, is not empty, holds Text, follows the one before, and its Date has
// the shape its Precision says.
func FuzzExtract(f *testing.F) {
	f.Add("في 7 أبريل/نيسان 2021 والشهر الماضي", "2021-04")
	f.Add("Kadhimi will meet Biden next Monday, 26 July 2021.", "2021-07-21")
	f.Fuzz(scanChecker(New()))
}

// TestWordSoup scans many random sequences of the words the matchers look
// for, so that every matcher meets the end of a paragraph or text at every
// point; the fuzz target checks each result.
func TestWordSoup(t *testing.T) {
	words := strings.Fields(`في منذ وفي بـ 7 ٧ 31 29 2021 ٢٠٢١ 2000 م هـ / ( ) - ، , . : % عام العام عامي سنة
		هذا هذه الشهر الأسبوع السنة الماضي المقبل الجاري من يوم أمس الأول الثاني عشر والعشرين
		الحادي العاشر كانون تشرين أبريل نيسان مارس آذار آب مايو أيار يناير بأبريل ومارس
		الاثنين الجمعة الأحد الأربعاء معاً بين صلاة صيف الصيف خريف ربيع نهاية بداية مطلع
		April May March Jan Sept in last next this the of end mid early Monday Wednesday
		summer fall year week month yesterday 2014 and و` + "\n \n\n")
	words = append(words, "\n", "\n\n", "-", "")
	rng := rand.New(rand.NewPCG(1, 2))
	check := scanChecker(New())
	var b strings.Builder
	for range 20000 {
		b.Reset()
		for n := rng.IntN(12); n >= 0; n-- {
			b.WriteString(words[rng.IntN(len(words))])
			if rng.IntN(4) > 0 {
				b.WriteByte(' ')
			}
		}
		check(t, b.String(), "2021-04-08")
		check(t, b.String(), "2021-04")
	}
}

// scanChecker returns a function that scans text with x and fails t on a
// malformed result, or when tokenize does not give the tokens of the
// plain reading (tokenizeReference).
func scanChecker(x *Extractor) func(t *testing.T, text, published string) {
	shapes := map[Precision]*regexp.Regexp{
		Day:    regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`),
		Month:  regexp.MustCompile(`^\d{4}-\d{2}$`),
		Season: regexp.MustCompile(`^\d{4}-(spring|summer|autumn|winter)$`),
		Year:   regexp.MustCompile(`^\d{4}$`),
	}
	z := &tokenizer{}
	return func(t *testing.T, text, published string) {
		if got, want := z.tokenize(text), tokenizeReference(text); !slices.Equal(got, want) {
			t.Fatalf("tokenize(%q) = %+v, reference %+v", text, got, want)
		}
		p, err := ParsePublished(published)
		if err != nil {
			p = Published{}
		}
		ms, ds := x.Scan(text, p)
		// byteAt[r] is the byte offset of rune r, counting runes as
		// utf8.DecodeRuneInString does.
		var byteAt []int
		for b := 0; b < len(text); {
			_, w := utf8.DecodeRuneInString(text[b:])
			byteAt = append(byteAt, b)
			b += w
		}
		byteAt = append(byteAt, len(text))
		n := len(byteAt) - 1
		end := 0
		for _, m := range ms {
			if m.Start < end || m.Start >= m.End || m.End > n {
				t.Fatalf("%v: span out of order or outside [0,%d)", m, n)
			}
			end = m.End
			if got := text[byteAt[m.Start]:byteAt[m.End]]; got != m.Text {
				t.Fatalf("%v: span holds %q", m, got)
			}
			if re := shapes[m.Precision]; re == nil || !re.MatchString(m.Date) {
				t.Fatalf("%v: date does not match its precision", m)
			}
			if m.Paragraph < 1 || strings.Contains(m.Text, "\n") {
				t.Fatalf("%v: paragraph %d, or a span across paragraphs", m, m.Paragraph)
			}
		}
		for _, d := range ds {
			if d.Start >= d.End || d.End > n || text[byteAt[d.Start]:byteAt[d.End]] != d.Text || d.Reason == "" {
				t.Fatalf("bad dropped %+v", d)
			}
		}
	}
}
