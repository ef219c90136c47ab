package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"briefing/generator/textnorm"
)

// decoded is an index read back from its files, as search.js reads it.
type decoded struct {
	p        payload
	terms    []string
	postings map[string][]int // term -> documents
	stemOf   map[string]string
	titles   map[string][]int // term -> title ids
	sections map[string][]int
	texts    []string // per document
}

// splitWords reads a packed, front-coded word list (see frontCode and
// pack).
func splitWords(s string) []string {
	if s == "" {
		return nil
	}
	words := strings.Split(s, "\n")
	for i := range words {
		if i%frontBlock != 0 {
			n := digitOf(words[i][0])
			prev := utf16.Encode([]rune(words[i-1]))
			words[i] = string(utf16.Decode(prev[:n])) + words[i][1:]
		}
	}
	unpacked := make([]string, len(words))
	from := []rune(packFrom)
	for i, w := range words {
		unpacked[i] = strings.Map(func(r rune) rune {
			if k := strings.IndexRune(packTo, r); k >= 0 {
				return from[k]
			}
			return r
		}, w)
	}
	return unpacked
}

// decodeIndex reads the files that Build returned.
func decodeIndex(t *testing.T, lang string, files []File) *decoded {
	t.Helper()
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
	}
	data, ok := byPath["assets/search-"+lang+".js"]
	if !ok {
		t.Fatalf("no assets/search-%s.js among %d files", lang, len(files))
	}
	if i := bytes.IndexFunc(data, func(r rune) bool { return r >= utf8.RuneSelf }); i >= 0 {
		t.Fatalf("index file has a character above ASCII at byte %d", i)
	}
	prefix := fmt.Sprintf("briefingSearchIndex(%q,", lang)
	i := bytes.Index(data, []byte(prefix))
	if i < 0 || !bytes.HasSuffix(data, []byte(");\n")) {
		t.Fatalf("index file does not call %s...);", prefix)
	}
	var d decoded
	if err := json.Unmarshal(data[i+len(prefix):len(data)-3], &d.p); err != nil {
		t.Fatalf("index payload: %v", err)
	}
	p := &d.p
	nums := func(name, s string, n int) []int {
		t.Helper()
		v, ok := decodeNums(s)
		if !ok || (n >= 0 && len(v) != n) {
			t.Fatalf("%s: %d numbers (ok=%v), want %d", name, len(v), ok, n)
		}
		return v
	}
	d.terms = splitWords(p.Terms)
	stems := splitWords(p.Stems)
	pl := nums("pl", p.PL, len(d.terms))
	ts := nums("ts", p.TS, len(d.terms))
	prev := 0
	for k, z := range ts { // zigzag deltas
		delta := z >> 1
		if z&1 == 1 {
			delta = -delta - 1
		}
		prev += delta
		ts[k] = prev
	}
	d.postings = map[string][]int{}
	d.stemOf = map[string]string{}
	at := 0
	for k, term := range d.terms {
		ids := nums("postings of "+term, p.Post[at:at+pl[k]], -1)
		at += pl[k]
		for j := 1; j < len(ids); j++ {
			ids[j] += ids[j-1] + 1
		}
		if len(ids) > 0 {
			d.postings[term] = ids
		}
		d.stemOf[term] = stems[ts[k]]
	}
	if at != len(p.Post) {
		t.Fatalf("postings use %d of %d characters", at, len(p.Post))
	}
	heads := func(name, s string) map[string][]int {
		out := map[string][]int{}
		v := nums(name, s, -1)
		term := -1
		for k := 0; k < len(v); {
			term += v[k] + 1
			c := v[k+1]
			k += 2
			prev := -1
			for range c {
				prev += v[k] + 1
				out[d.terms[term]] = append(out[d.terms[term]], prev)
				k++
			}
		}
		return out
	}
	d.titles = heads("ht", p.HT)
	d.sections = heads("hs", p.HS)
	for k, sh := range p.Shards {
		body, ok := byPath["assets/"+sh.File]
		if !ok {
			t.Fatalf("shard %s is not among the files", sh.File)
		}
		pre := fmt.Sprintf("briefingSearchText(%q,%d,", lang, k)
		if !bytes.HasPrefix(body, []byte(pre)) || !bytes.HasSuffix(body, []byte(");\n")) {
			t.Fatalf("shard %s does not call %s...);", sh.File, pre)
		}
		var text string
		if err := json.Unmarshal(body[len(pre):len(body)-3], &text); err != nil {
			t.Fatalf("shard %s: %v", sh.File, err)
		}
		if sh.First != len(d.texts) {
			t.Fatalf("shard %d starts at document %d, want %d", k, sh.First, len(d.texts))
		}
		if p.Docs > 0 {
			d.texts = append(d.texts, strings.Split(text, "\n")...)
		}
	}
	if len(d.texts) != p.Docs {
		t.Fatalf("shards hold %d texts for %d documents", len(d.texts), p.Docs)
	}
	return &d
}

// column decodes a per-document column (see appendColumn).
func column(s string) []int {
	v, _ := decodeNums(s)
	prev, top := 0, -1
	for i, c := range v {
		switch c {
		case 0:
		case 1:
			prev = top + 1
		default:
			prev = c - 2
		}
		top = max(top, prev)
		v[i] = prev
	}
	return v
}

func (d *decoded) url(doc int) string {
	path := d.p.Paths[column(d.p.DP)[doc]]
	if f := d.p.Frags[column(d.p.DF)[doc]]; f != "" {
		return path + "#" + f
	}
	return path
}

var sampleDocs = []Doc{
	{Kind: "paragraph", Title: "الحوار الاستراتيجي", URL: "ar/sources/a000/index.html#p1",
		Text: "كان رئيس الوزراء العراقي، مصطفى الكاظمي، قد أصدر بيانًا"},
	{Kind: "paragraph", Title: "الحوار الاستراتيجي", URL: "ar/sources/a000/index.html#p2",
		Text: "لحث الميليشيات على تجنب المزيد من الاستفزاز للكاظمي."},
	{Kind: "briefing", Title: "القوات الأمريكية", Section: "الخلاصة", URL: "ar/topics/troops/index.html#bottom-line",
		Text: "بقي عدد القوات الأميركية   نحو\n2500 جندي."},
	{Kind: "event", Title: "التسلسل الزمني", URL: "ar/chronology/index.html#e2021-04-07",
		Text: "جولة الحوار في ٧ أبريل ٢٠٢١"},
	{Kind: "entity", Title: "مصطفى الكاظمي", URL: "ar/entities/kadhimi/index.html", Text: "الكاظمي"},
}

func TestBuildRoundTrip(t *testing.T) {
	files, err := Build("ar", sampleDocs, WithShardSize(100))
	if err != nil {
		t.Fatal(err)
	}
	d := decodeIndex(t, "ar", files)
	if d.p.V != 1 || d.p.Lang != "ar" || d.p.Docs != len(sampleDocs) {
		t.Errorf("header: v=%d lang=%q docs=%d", d.p.V, d.p.Lang, d.p.Docs)
	}
	if len(d.p.Shards) < 2 {
		t.Errorf("%d shards with a 100-byte shard size, want several", len(d.p.Shards))
	}
	postings := map[string][]int{
		"الكاظمي":   {0, 4},
		"للكاظمي":   {1},
		"بيانا":     {0},
		"الاميركيه": {2},
		"2021":      {3},
		"7":         {3},
		"الحوار":    {3}, // in document 3's text; documents 0 and 1 have it in their title only
	}
	for term, want := range postings {
		if got := d.postings[term]; !reflect.DeepEqual(got, want) {
			t.Errorf("postings of %q = %v, want %v", term, got, want)
		}
	}
	if got := d.stemOf["للكاظمي"]; got != "كاظم" {
		t.Errorf("stem of للكاظمي = %q, want كاظم", got)
	}
	if got := d.titles["الحوار"]; !reflect.DeepEqual(got, []int{0}) {
		t.Errorf("titles with الحوار = %v, want [0]", got)
	}
	if got := d.titles["الكاظمي"]; !reflect.DeepEqual(got, []int{3}) { // "مصطفى الكاظمي" is the fourth distinct title
		t.Errorf("titles with الكاظمي = %v, want [3] (titles %q)", got, d.p.Titles)
	}
	if got := d.sections["الخلاصه"]; !reflect.DeepEqual(got, []int{1}) { // sections[0] is ""
		t.Errorf("sections with الخلاصه = %v, want [1] (sections %q)", got, d.p.Sections)
	}
	if got := d.texts[2]; got != "بقي عدد القوات الأميركية نحو 2500 جندي." {
		t.Errorf("text of document 2 = %q: white space not collapsed", got)
	}
	for i, doc := range sampleDocs {
		if got := d.url(i); got != doc.URL {
			t.Errorf("URL of document %d = %q, want %q", i, got, doc.URL)
		}
	}
	// Every term is indexed under its textnorm stem, and the vocabulary is
	// sorted as JavaScript sorts strings.
	for term, stem := range d.stemOf {
		if stem != textnorm.Stem(term) {
			t.Errorf("stem of %q = %q, want %q", term, stem, textnorm.Stem(term))
		}
	}
	packed := make([]string, len(d.terms))
	for i, w := range d.terms {
		packed[i] = pack(w)
	}
	if !slices.IsSortedFunc(packed, compareUTF16) {
		t.Error("packed terms are not sorted")
	}
	// The loose table links the two spellings of "American".
	if !slices.Contains(splitWords(d.p.Loose), "امرك") {
		t.Errorf("loose keys %q lack امرك", d.p.Loose)
	}
}

func TestBuildEmpty(t *testing.T) {
	files, err := Build("en", nil)
	if err != nil {
		t.Fatal(err)
	}
	d := decodeIndex(t, "en", files)
	if d.p.Docs != 0 || len(d.terms) != 0 || len(d.p.Shards) != 1 {
		t.Errorf("empty index: %d docs, %d terms, %d shards", d.p.Docs, len(d.terms), len(d.p.Shards))
	}
}

func TestBuildErrors(t *testing.T) {
	tests := []struct {
		lang string
		docs []Doc
		want string
	}{
		{"", nil, "not a language tag"},
		{"AR", nil, "not a language tag"},
		{`ar");alert(1`, nil, "not a language tag"},
		{"ar", []Doc{{Kind: "", URL: "ar/x/index.html"}}, "no kind"},
		{"ar", []Doc{{Kind: "paragraph", URL: "/ar/x/index.html"}}, "not relative"},
		{"ar", []Doc{{Kind: "paragraph", URL: "https://example.org/x"}}, "not relative"},
	}
	for _, tc := range tests {
		_, err := Build(tc.lang, tc.docs)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "search: ") {
			t.Errorf("Build(%q, %v): error %v, want one about %q", tc.lang, tc.docs, err, tc.want)
		}
	}
}

func TestBuildDeterministic(t *testing.T) {
	docs := syntheticCorpus("ar", 40, 7)
	first, err := Build("ar", docs)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 { // map order differs from run to run
		again, err := Build("ar", docs)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(first, again) {
			t.Fatal("two builds of the same documents differ")
		}
	}
	// A change to one document changes its shard and the index, and no
	// other shard.
	changed := slices.Clone(docs)
	changed[len(changed)-1].Text += " كلمة"
	files, err := Build("ar", changed)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(first) {
		t.Fatalf("%d files, then %d", len(first), len(files))
	}
	var differ []string
	for i := range files {
		if !bytes.Equal(files[i].Data, first[i].Data) {
			differ = append(differ, files[i].Path)
		}
	}
	if len(differ) != 2 || differ[0] != "assets/search-ar.js" {
		t.Errorf("files that changed: %v, want the index and the last shard", differ)
	}
}

func TestBuildInvalidUTF8(t *testing.T) {
	files, err := Build("en", []Doc{{Kind: "paragraph", Title: "t\xff", URL: "en/a\xfe/index.html", Text: "bad \xff bytes"}})
	if err != nil {
		t.Fatal(err)
	}
	d := decodeIndex(t, "en", files) // fails on invalid JSON
	if got := d.p.Titles[0] + " " + d.p.Paths[0]; got != "t\uFFFD en/a\uFFFD/index.html" {
		t.Errorf("title and path = %q", got)
	}
	if d.texts[0] != "bad \uFFFD bytes" {
		t.Errorf("text = %q", d.texts[0])
	}
}

// TestIndexSize keeps the index compact: the part loaded when the search
// opens (vocabulary and postings) stays under a budget per article of a
// synthetic corpus of 300 articles, where the vocabulary weighs most (it
// was 4.3 kB per article in Arabic and 2.6 kB in English; at 5,000
// articles, see BenchmarkBuild, it is about 2.6 kB and 1.6 kB).
func TestIndexSize(t *testing.T) {
	const articles = 300
	budget := map[string]int{"ar": 5000, "en": 3100}
	for _, lang := range []string{"ar", "en"} {
		docs := syntheticCorpus(lang, articles, 11)
		files, err := Build(lang, docs)
		if err != nil {
			t.Fatal(err)
		}
		index, texts := len(files[0].Data), 0
		for _, f := range files[1:] {
			texts += len(f.Data)
		}
		var raw int
		for _, d := range docs {
			raw += len(d.Text)
		}
		perArticle := index / articles
		t.Logf("%s: %d documents; index %d B (%d B per article), texts %d B (raw %d B), %d shards",
			lang, len(docs), index, perArticle, texts, raw, len(files)-1)
		if perArticle > budget[lang] {
			t.Errorf("%s index takes %d B per article, want at most %d", lang, perArticle, budget[lang])
		}
		if texts > raw*11/10 {
			t.Errorf("%s text shards take %d B for %d B of text", lang, texts, raw)
		}
	}
}

// BenchmarkBuild builds the index of a synthetic site of 5,000 articles
// (about 100,000 paragraphs) and reports its size per 1,000 articles: the
// index loaded when the search opens, and the text shards loaded for
// snippets.
func BenchmarkBuild(b *testing.B) {
	const articles = 5000
	for _, lang := range []string{"ar", "en"} {
		b.Run(lang, func(b *testing.B) {
			docs := syntheticCorpus(lang, articles, 1)
			b.ResetTimer()
			var files []File
			for range b.N {
				var err error
				if files, err = Build(lang, docs); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			var texts int
			for _, f := range files[1:] {
				texts += len(f.Data)
			}
			var p payload
			data := files[0].Data
			if err := json.Unmarshal(data[bytes.IndexByte(data, '{'):len(data)-3], &p); err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(strings.Count(p.Terms, "\n")+1), "terms")
			b.ReportMetric(float64(len(p.Post)), "postings-B")
			b.ReportMetric(float64(len(files[0].Data))/articles*1000, "index-B/1k-articles")
			b.ReportMetric(float64(texts)/articles*1000, "text-B/1k-articles")
			b.ReportMetric(float64(len(docs)), "docs")
			b.ReportMetric(float64(len(files)-1), "shards")
		})
	}
}

// TestOwns checks that Owns names every file Build makes, and not the
// search box's own script and stylesheet or another language's files.
func TestOwns(t *testing.T) {
	var docs []Doc
	for i := range 20 {
		docs = append(docs, Doc{Kind: "source", Title: "T", URL: fmt.Sprintf("ar/sources/a1/index.html#p%d", i+1), Text: strings.Repeat("نص قصير ", 100)})
	}
	files, err := Build("ar", docs, WithShardSize(1024))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("Build made %d files, want an index and several shards", len(files))
	}
	for _, f := range files {
		if !Owns("ar", f.Path) {
			t.Errorf("Owns(ar, %q) = false for a file Build made", f.Path)
		}
		if Owns("en", f.Path) {
			t.Errorf("Owns(en, %q) = true for a file of the Arabic index", f.Path)
		}
	}
	for _, name := range []string{"assets/js", "assets/css", "assets/style.css", "ar/index.html"} {
		if Owns("ar", name) {
			t.Errorf("Owns(ar, %q) = true", name)
		}
	}
}
