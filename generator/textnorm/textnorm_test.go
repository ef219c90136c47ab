package textnorm

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"plain ascii 123", "plain ascii 123"},
		{"UPPER lower", "upper lower"},
		// every occurrence, not only the first
		{"أأإإآآٱٱ", "اااااااا"},
		{"ىىى ةةة ؤؤ ئئ", "ييي ههه وو يي"},
		// tashkeel: fatha, damma, kasra, tanween, shadda, sukun, superscript alef
		{"كَتَبَ كُتُبٌ كِتَابًا مُحَمَّدٌ قُلْ هٰذا", "كتب كتب كتابا محمد قل هذا"},
		{"الـــعـــراق", "العراق"},
		{"٠١٢٣٤٥٦٧٨٩ ۰۱۲۳۴۵۶۷۸۹", "0123456789 0123456789"},
		{"ﻟﻠﻜﺎﻇﻤﻲ", "للكاظمي"},
		{"\uFEFBﻷ\uFEF9", "لالالا"},
		{"یک کتاب", "يك كتاب"},
		{"zero\u200Bwidth\u200Cjoin\u200D", "zerowidthjoin"},
		{"café ÉLAN Øresund Łódź", "cafe elan oresund lodz"},
		{"ﬁ Ｋａｄｈｉｍｉ ①", "fi kadhimi 1"},
		{"don’t ‘quote’", "don't 'quote'"},
		{"bad \xff\xfe utf8", "bad \uFFFD\uFFFD utf8"},
		{"keeps ، ؛ ؟ punctuation", "keeps ، ؛ ؟ punctuation"},
	}
	for _, tc := range tests {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFoldOffsets(t *testing.T) {
	in := "Aـلكَ ß"
	folded, off := FoldOffsets(in)
	if folded != Fold(in) {
		t.Fatalf("FoldOffsets gives %q, Fold %q", folded, Fold(in))
	}
	// A(0) ـ(1, deleted) ل(3) ك(5) َ(7, deleted) space(9) ß(10) -> "ss"
	wantFolded := "aلك ss"
	if folded != wantFolded {
		t.Fatalf("folded = %q, want %q", folded, wantFolded)
	}
	wantOff := []int{0, 3, 3, 5, 5, 9, 10, 10, len(in)}
	if !reflect.DeepEqual(off, wantOff) {
		t.Errorf("offsets = %v, want %v", off, wantOff)
	}
}

func TestTerms(t *testing.T) {
	type tm struct {
		text, stem, src string
	}
	tests := []struct {
		in   string
		want []tm
	}{
		{"", nil},
		{"، ؛ ...", nil},
		{"قال الكاظمي، للكاظمـي.", []tm{{"قال", "قال", "قال"}, {"الكاظمي", "كاظم", "الكاظمي"}, {"للكاظمي", "كاظم", "للكاظمـي"}}},
		{"بيانًا رسميًا", []tm{{"بيانا", "بيان", "بيانًا"}, {"رسميا", "رسمي", "رسميًا"}}},
		{"the withdrawal's 'timetable' o'", []tm{{"the", "the", "the"}, {"withdrawal's", "withdrawal", "withdrawal's"}, {"timetable", "timetabl", "timetable"}, {"o", "o", "o"}}},
		{"2,500 US-led ٢٠٢١م", []tm{{"2", "2", "2"}, {"500", "500", "500"}, {"us", "us", "US"}, {"led", "led", "led"}, {"2021م", "2021م", "٢٠٢١م"}}},
		{"\u200Fالعراق\u200F", []tm{{"العراق", "عراق", "العراق"}}},
		{"a''b", []tm{{"a", "a", "a"}, {"b", "b", "b"}}},
	}
	for _, tc := range tests {
		var got []tm
		for _, term := range Terms(tc.in) {
			got = append(got, tm{term.Text, term.Stem, tc.in[term.Start:term.End]})
		}
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Terms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestStemGuards(t *testing.T) {
	tests := []struct{ in, want string }{
		// article needs three letters after it
		{"الله", "الل"}, {"الام", "الام"}, {"الذي", "الذي"},
		// short words keep their suffixes
		{"قوات", "قوات"}, {"قوه", "قوه"}, {"فيه", "فيه"}, {"جدا", "جدا"},
		// ي endings keep four letters; ان five
		{"ولايه", "ولاي"}, {"ولايات", "ولاي"}, {"ولا", "ولا"}, {"عربي", "عربي"},
		{"ايران", "ايران"}, {"برلمان", "برلمان"}, {"حكومتان", "حكومت"},
		// a bare conjunction or preposition is not removed by Stem
		{"وزير", "وزير"}, {"بايدن", "بايدن"}, {"فصايل", "فصايل"},
		// pronoun, then inflection
		{"ميليشياتها", "ميليش"}, {"حكومات", "حكوم"}, {"حكومه", "حكوم"},
		// English
		{"us", "us"}, {"its", "its"}, {"this", "this"}, {"bus", "bus"}, {"being", "being"},
		{"troops", "troop"}, {"forces", "forc"}, {"forced", "forc"}, {"matches", "match"},
		{"killed", "kill"}, {"planned", "plan"}, {"carried", "carry"}, {"agreeing", "agree"},
		// neither Arabic nor English letters: unchanged
		{"2021م", "2021م"}, {"covid19", "covid19"}, {"москва", "москва"},
	}
	for _, tc := range tests {
		if got := Stem(tc.in); got != tc.want {
			t.Errorf("Stem(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestKeysAndLoose(t *testing.T) {
	keys := []struct {
		in   string
		want []string
	}{
		{"وبايدن", []string{"وبايدن", "بايدن", "ايدن"}},
		{"والكاظمي", []string{"كاظم", "كاظمي"}},
		{"ببغداد", []string{"ببغداد", "بغداد"}},
		{"troops", []string{"troop"}},
		{"وكل", []string{"وكل"}}, // nothing left after a prefix
	}
	for _, tc := range keys {
		if got := Keys(tc.in); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Keys(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	loose := []struct{ in, want string }{
		{"امريك", "امرك"}, {"اميرك", "امرك"}, {"ميليش", "ملش"}, {"مليش", "ملش"},
		{"عراق", ""}, {"قول", ""}, {"سوري", ""}, {"troop", ""}, {"ووزير", "وزر"},
	}
	for _, tc := range loose {
		if got := Loose(tc.in); got != tc.want {
			t.Errorf("Loose(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestJSTablesMatch checks that the tables copied in templates/search.js
// are those of this package.
func TestJSTablesMatch(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "templates", "search.js"))
	if err != nil {
		t.Fatal(err)
	}
	js := string(src)
	spans := func(name string, want []span) {
		t.Helper()
		m := regexp.MustCompile(`var ` + name + ` = \[([^\]]*)\]`).FindStringSubmatch(js)
		if m == nil {
			t.Fatalf("search.js has no %s", name)
		}
		var got []span
		nums := regexp.MustCompile(`0x[0-9A-Fa-f]+`).FindAllString(m[1], -1)
		for i := 0; i+1 < len(nums); i += 2 {
			lo, _ := strconv.ParseInt(nums[i], 0, 32)
			hi, _ := strconv.ParseInt(nums[i+1], 0, 32)
			got = append(got, span{rune(lo), rune(hi)})
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("search.js %s = %v, want %v", name, got, want)
		}
		for i := 1; i < len(want); i++ {
			if want[i].lo <= want[i-1].hi {
				t.Errorf("%s is not sorted at %v", name, want[i])
			}
		}
	}
	spans("DELETE_RANGES", deleteRanges)
	spans("MARK_RANGES", markRanges)
	spans("SEP_RANGES", sepRanges)

	m := regexp.MustCompile(`(?s)var LETTER_MAP = \{(.*?)\};`).FindStringSubmatch(js)
	if m == nil {
		t.Fatal("search.js has no LETTER_MAP")
	}
	got := map[rune]string{}
	for _, e := range regexp.MustCompile(`0x([0-9A-Fa-f]+): ('[^']*'|"[^"]*")`).FindAllStringSubmatch(m[1], -1) {
		r, _ := strconv.ParseInt(e[1], 16, 32)
		v, err := strconv.Unquote(`"` + e[2][1:len(e[2])-1] + `"`)
		if err != nil {
			t.Fatalf("LETTER_MAP value %s: %v", e[2], err)
		}
		got[rune(r)] = v
	}
	if !reflect.DeepEqual(got, letterMap) {
		t.Errorf("search.js LETTER_MAP = %q, want %q", got, letterMap)
	}

	words := func(name string, want []string) {
		t.Helper()
		m := regexp.MustCompile(`var ` + name + ` = \[([^\]]*)\]`).FindStringSubmatch(js)
		if m == nil {
			t.Fatalf("search.js has no %s", name)
		}
		var got []string
		for _, q := range regexp.MustCompile(`'([^']*)'`).FindAllStringSubmatch(m[1], -1) {
			got = append(got, q[1])
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("search.js %s = %q, want %q", name, got, want)
		}
	}
	words("STRONG_PREFIXES", strongPrefixes)
	words("WEAK_PREFIXES", weakPrefixes)
	rules := func(name string, want []suffixRule) {
		t.Helper()
		m := regexp.MustCompile(`(?s)var ` + name + ` = \[(.*?)\];`).FindStringSubmatch(js)
		if m == nil {
			t.Fatalf("search.js has no %s", name)
		}
		var got []suffixRule
		for _, r := range regexp.MustCompile(`\['([^']*)', (\d+)\]`).FindAllStringSubmatch(m[1], -1) {
			n, _ := strconv.Atoi(r[2])
			got = append(got, suffixRule{r[1], n})
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("search.js %s = %v, want %v", name, got, want)
		}
	}
	rules("PRONOUN_SUFFIXES", pronounSuffixes)
	rules("INFLECTION_SUFFIXES", inflectionSuffixes)
	if !strings.Contains(js, "// END TABLES") {
		t.Error("search.js lost its END TABLES marker")
	}
}
