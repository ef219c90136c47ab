package dates

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func mustPublished(t testing.TB, s string) Published {
	t.Helper()
	if s == "" {
		return Published{}
	}
	p, err := ParsePublished(s)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestSpans checks whole mentions, offsets included: offsets count runes
// of the whole text, paragraphs are non-empty lines, clitics and
// prepositions stay outside the span.
func TestSpans(t *testing.T) {
	tests := []struct {
		name, published, text string
		want                  []Mention
	}{
		{"second paragraph", "", "سطر أول\n\nوفي 7 أبريل/نيسان 2021 وصل الوفد.", []Mention{
			{Date: "2021-04-07", Precision: Day, Text: "7 أبريل/نيسان 2021", Paragraph: 2, Start: 13, End: 31},
		}},
		{"clitics with diacritics", "2021-05", "وَبِأبريل الماضي تعهدت واشنطن.", []Mention{
			{Date: "2021-04", Precision: Month, Text: "أبريل الماضي", Paragraph: 1, Start: 4, End: 16, Relative: true},
		}},
		{"astral rune counts one", "", "😀 في 2024 وصل، ثم غادر للعام 2025.", []Mention{
			{Date: "2024", Precision: Year, Text: "2024", Paragraph: 1, Start: 5, End: 9},
			{Date: "2025", Precision: Year, Text: "للعام 2025", Paragraph: 1, Start: 23, End: 33},
		}},
		{"blank line of spaces, CRLF", "", "a\r\n   \r\nقال الأحد ٧ نيسان ٢٠٢١ إن", []Mention{
			{Date: "2021-04-07", Precision: Day, Text: "الأحد ٧ نيسان ٢٠٢١", Paragraph: 2, Start: 12, End: 30},
		}},
		{"english weekday and date", "", "The round opened on Wednesday, April 7, 2021.", []Mention{
			{Date: "2021-04-07", Precision: Day, Text: "Wednesday, April 7, 2021", Paragraph: 1, Start: 20, End: 44},
		}},
		{"qualifiers", "2021-07", "منذ بداية العام، وفي نهاية هذا العام.", []Mention{
			{Date: "2021", Precision: Year, Text: "بداية العام", Paragraph: 1, Start: 4, End: 15, Relative: true},
			{Date: "2021", Precision: Year, Text: "نهاية هذا العام", Paragraph: 1, Start: 21, End: 36, Relative: true},
		}},
		{"no mention", "2021-04", "أكد أن 2500 جندي أمريكي باقون لمدة 120 يومًا.", nil},
		{"empty", "2021-04", "", nil},
	}
	x := New()
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := x.Scan(tc.text, mustPublished(t, tc.published))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %v\nwant %v", got, tc.want)
			}
			runes := []rune(tc.text)
			for _, m := range got {
				if string(runes[m.Start:m.End]) != m.Text {
					t.Errorf("%v: span holds %q", m, string(runes[m.Start:m.End]))
				}
			}
		})
	}
}

// TestResolve checks the resolution rules against the publication date's
// precision.
func TestResolve(t *testing.T) {
	tests := []struct {
		published, text, want string // want: "DATE PRECISION", "" for none
	}{
		// A weekday: the nearest on or before a day (2021-04-08 is a Thursday).
		{"2021-04-08", "قال الخميس", "2021-04-08 day"},
		{"2021-04-08", "قال الجمعة", "2021-04-02 day"},
		{"2021-04-08", "يصل الجمعة المقبل", "2021-04-09 day"},
		{"2021-04-08", "يصل الخميس المقبل", "2021-04-15 day"},
		{"2021-04-08", "وصل الخميس الماضي", "2021-04-01 day"},
		{"2021-04-08", "ستبدأ الزيارة الأحد", "2021-04-11 day"},
		{"2021-04", "قال الخميس", "2021-04 month"},
		{"", "قال الخميس", ""},
		// Months and weeks relative to the publication date.
		{"2021-04", "الشهر الماضي", "2021-03 month"},
		{"2021-01", "الشهر الماضي", "2020-12 month"},
		{"2021-12-31", "الشهر المقبل", "2022-01 month"},
		{"2021-04-03", "الأسبوع الماضي", "2021-03 month"},
		{"2021-04", "الأسبوع الماضي", "2021-04 month"},
		{"2021-04", "العام الماضي", "2020 year"},
		{"2021-04-08", "أمس الأول", "2021-04-06 day"},
		// A month without a year looks back, unless cued forward.
		{"2021-04", "في يونيو", "2020-06 month"},
		{"2021-04", "في أبريل", "2021-04 month"},
		{"2021-04", "يخطط للانتخابات في أكتوبر", "2021-10 month"},
		{"2024-09-05", "سبتمبر المقبل", "2025-09 month"},
		{"2024-07", "سبتمبر المقبل", "2024-09 month"},
		{"2021-03-20", "مارس الماضي", "2020-03 month"},
		{"2021-04", "في أبريل الجاري", "2021-04 month"},
		// A day and month: the nearest year; ties go back.
		{"2021-07", "في 15 يناير", "2021-01-15 day"},
		{"2021-06-30", "في 31 ديسمبر", "2020-12-31 day"},
		{"2021-07-03", "في 31 ديسمبر", "2021-12-31 day"},
		{"2021-04", "منذ 20 يونيو", "2020-06-20 day"},
		{"2021-04", "في 31 أبريل", ""},
		// Seasons (winter is named by its January).
		{"2021-04", "الصيف الماضي", "2020-summer season"},
		{"2021-10", "الصيف الماضي", "2021-summer season"},
		{"2021-07", "الصيف المقبل", "2022-summer season"},
		{"2021-04", "الشتاء المقبل", "2022-winter season"},
		{"2021-12", "هذا الشتاء", "2022-winter season"},
		{"2021-04", "هذا الخريف", "2021-autumn season"},
		{"2021-04", "last winter", "2021-winter season"},
		// Explicit dates need no publication date.
		{"", "في 2021-04-07", "2021-04-07 day"},
		{"", "April 2021", "2021-04 month"},
	}
	x := New()
	for _, tc := range tests {
		ms, _ := x.Scan(tc.text, mustPublished(t, tc.published))
		var got []string
		for _, m := range ms {
			got = append(got, m.Date+" "+m.Precision.String())
		}
		if strings.Join(got, ", ") != tc.want {
			t.Errorf("%q against %q: got %q, want %q", tc.text, tc.published, got, tc.want)
		}
	}
}

func TestDropped(t *testing.T) {
	ms, ds := New().Scan("قال الشهر الماضي إن 31 أبريل 2021 موعد.\nوفي 7 أبريل", Published{})
	if len(ms) != 0 {
		t.Errorf("mentions %v, want none", ms)
	}
	want := []Dropped{
		{Text: "الشهر الماضي", Paragraph: 1, Start: 4, End: 16, Reason: reasonNoPublished},
		{Text: "31 أبريل 2021", Paragraph: 1, Start: 20, End: 33, Reason: reasonNoDay},
		{Text: "7 أبريل", Paragraph: 2, Start: 44, End: 51, Reason: reasonNoPublished},
	}
	if !reflect.DeepEqual(ds, want) {
		t.Errorf("dropped\n got %v\nwant %v", ds, want)
	}
}

func TestInvalidPublishedIsUnknown(t *testing.T) {
	for _, p := range []Published{{Year: 2021}, {2021, 13, 0}, {2021, 2, 30}, {0, 4, 1}, {10000, 1, 1}} {
		ms, ds := New().Scan("الشهر الماضي وفي 2021", p)
		if len(ms) != 1 || len(ds) != 1 || ds[0].Reason != reasonNoPublished {
			t.Errorf("%+v: mentions %v, dropped %v", p, ms, ds)
		}
	}
}

func TestParsePublished(t *testing.T) {
	for in, want := range map[string]Published{
		"2021-04-08": {2021, 4, 8},
		"2021-04":    {2021, 4, 0},
	} {
		got, err := ParsePublished(in)
		if err != nil || got != want || got.String() != in {
			t.Errorf("ParsePublished(%q) = %v, %v (%q); want %v", in, got, err, got.String(), want)
		}
	}
	for _, bad := range []string{"", "2021", "2021-4", "2021-02-30", "08-04-2021", "2021-13", "x"} {
		if _, err := ParsePublished(bad); err == nil {
			t.Errorf("ParsePublished(%q) succeeded", bad)
		}
	}
	if (Published{2021, 4, 0}).Precision() != Month || (Published{}).Precision() != 0 {
		t.Error("Published.Precision is wrong")
	}
}

func TestPrecisionText(t *testing.T) {
	for p := Day; p <= Year; p++ {
		b, err := p.MarshalText()
		var q Precision
		if err != nil || q.UnmarshalText(b) != nil || q != p {
			t.Errorf("%v does not round-trip: %q, %v", p, b, err)
		}
	}
	if _, err := Precision(0).MarshalText(); err == nil {
		t.Error("Precision(0) marshals")
	}
}

// TestLongInput scans a long text dense with date words: every repeat
// must yield the mentions one copy yields, and nothing may blow up.
func TestLongInput(t *testing.T) {
	x := New()
	unit := "في الاثنين كانون 7 مارس عام الشهر هذا صيف 2018 والأسبوع الماضي، "
	one, _ := x.Scan(unit, Published{2021, 4, 0})
	const n = 20000
	many, _ := x.Scan(strings.Repeat(unit, n), Published{2021, 4, 0})
	if len(one) == 0 || len(many) != n*len(one) {
		t.Fatalf("one copy: %d mentions; %d copies: %d", len(one), n, len(many))
	}
}

func BenchmarkScan(b *testing.B) {
	x := New()
	text := strings.Repeat("وتصاعدت التوترات بعد اغتيال إدارة ترامب في كانون الثاني / يناير 2020 الجنرال قاسم سليماني، وقال الأسبوع الماضي إن 2500 جندي باقون.\n", 100)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		x.Scan(text, Published{2021, 4, 0})
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		New()
	}
}

// TestConcurrent shares one Extractor between goroutines; run with -race.
func TestConcurrent(t *testing.T) {
	x := New()
	text := "في 7 أبريل/نيسان والشهر الماضي، وقال الأربعاء إن 2500 جندي باقون حتى خريف عام 2025."
	want, _ := x.Scan(text, Published{2021, 4, 8})
	errs := make(chan string, 8)
	for range 8 {
		go func() {
			for range 200 {
				if got, _ := x.Scan(text, Published{2021, 4, 8}); !reflect.DeepEqual(got, want) {
					errs <- fmt.Sprint(got)
					return
				}
			}
			errs <- ""
		}()
	}
	for range 8 {
		if e := <-errs; e != "" {
			t.Errorf("concurrent scan gave %s, want %v", e, want)
		}
	}
}
