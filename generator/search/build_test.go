package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
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
	loose    map[string][]string // loose key -> stems
	docs     []docInfo
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
	for i, w := range words {
		words[i] = unpack(w)
	}
	return words
}

// readPayload reads the index object of an index file into p and returns
// the blob.
func readPayload(t testing.TB, lang string, data []byte, p *payload) string {
	t.Helper()
	prefix := fmt.Sprintf("briefingSearchIndex(%q,", lang)
	i := bytes.Index(data, []byte(prefix))
	j := bytes.LastIndex(data, []byte(",function(){/*"))
	if i < 0 || j < i || !bytes.HasSuffix(data, []byte("*/});\n")) {
		t.Fatalf("index file does not call %s{...},function(){/*...*/});", prefix)
	}
	if err := json.Unmarshal(data[i+len(prefix):j], p); err != nil {
		t.Fatalf("index payload: %v", err)
	}
	return string(data[j+len(",function(){/*") : len(data)-len("*/});\n")])
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
	var d decoded
	blob := readPayload(t, lang, data, &d.p)
	p := &d.p
	if bytes.Contains([]byte(blob), []byte("*/")) {
		t.Fatal("the blob holds */")
	}
	for _, x := range p.texts() {
		if x.inBlob {
			if x.from > x.to || x.to > len(blob) {
				t.Fatalf("text [%d, %d] outside a blob of %d bytes", x.from, x.to, len(blob))
			}
			x.S = blob[x.from:x.to]
		}
	}
	nums := func(name, s string, n int) []int {
		t.Helper()
		v, ok := decodeNums(s)
		if !ok || (n >= 0 && len(v) != n) {
			t.Fatalf("%s: %d numbers (ok=%v), want %d", name, len(v), ok, n)
		}
		return v
	}
	d.terms = readWords(t, "terms", p.Terms)
	stems := readWords(t, "stems", p.Stems)
	loose := readWords(t, "loose", p.Loose)
	d.postings = map[string][]int{}
	d.stemOf = map[string]string{}
	d.titles = map[string][]int{}
	d.sections = map[string][]int{}
	// read decodes the ascending list of n characters at s[*at:].
	read := func(name, s string, at *int, n int) []int {
		ids := nums(name, s[*at:*at+n], -1)
		*at += n
		for j := 1; j < len(ids); j++ {
			ids[j] += ids[j-1] + 1
		}
		return ids
	}
	next := func(s string, at *int) int { // one number
		k := *at
		for digitOf(s[k]) >= terminal {
			k++
		}
		v, _ := decodeNums(s[*at : k+1])
		*at = k + 1
		return v[0]
	}
	blocks := (len(d.terms) + recordBlock - 1) / recordBlock
	blockMax := make([]int, blocks)
	readRecords(t, "post", p.Post, len(d.terms), func(k int, at *int) {
		term := d.terms[k]
		head := next(p.Post.R.S, at)
		blockMax[k/recordBlock] = max(blockMax[k/recordBlock], head>>2)
		if ids := read("postings of "+term, p.Post.R.S, at, head>>2); len(ids) > 0 {
			d.postings[term] = ids
		}
		if head&2 != 0 {
			d.titles[term] = read("titles of "+term, p.Post.R.S, at, next(p.Post.R.S, at))
		}
		if head&1 != 0 {
			d.sections[term] = read("sections of "+term, p.Post.R.S, at, next(p.Post.R.S, at))
		}
	})
	for b, want := range blockMax {
		if got := skipAt(t, "post.m", p.Post.M.S, blocks, b); got != want {
			t.Fatalf("post.m: block %d has %d, want %d", b, got, want)
		}
	}
	readRecords(t, "st", p.ST, len(stems), func(k int, at *int) {
		ps := pack(stems[k])
		for range next(p.ST.R.S, at) {
			f := p.Forms[next(p.ST.R.S, at)]
			u := utf16.Encode([]rune(ps))
			if f.Cut > len(u) {
				t.Fatalf("form %+v of stem %q cuts more than the stem", f, stems[k])
			}
			term := unpack(f.Prefix + string(utf16.Decode(u[:len(u)-f.Cut])) + f.Suffix)
			if _, ok := d.stemOf[term]; ok {
				t.Fatalf("term %q has two stems", term)
			}
			d.stemOf[term] = stems[k]
		}
	})
	if len(d.stemOf) != len(d.terms) {
		t.Fatalf("stems give %d terms, the vocabulary has %d", len(d.stemOf), len(d.terms))
	}
	d.loose = map[string][]string{}
	readRecords(t, "ls", p.LS, len(loose), func(k int, at *int) {
		c := next(p.LS.R.S, at)
		prev := -1
		for range c {
			prev += next(p.LS.R.S, at) + 1
			s := prev
			d.loose[loose[k]] = append(d.loose[loose[k]], stems[s])
		}
	})
	runs := nums("runs", p.Runs.S, -1)
	if len(runs)%6 != 0 {
		t.Fatalf("runs: %d numbers, want six per run", len(runs))
	}
	var kind, title, section, path columnDecoder
	at := 0
	for k := 0; k < len(runs); k += 6 {
		r := docInfo{kind: kind.decode(runs[k+1]), title: title.decode(runs[k+2]), section: section.decode(runs[k+3]), path: path.decode(runs[k+4])}
		frags := nums("fragments", p.DF.S[at:at+runs[k+5]], runs[k]+1)
		at += runs[k+5]
		for _, f := range frags {
			r.frag = f
			d.docs = append(d.docs, r)
		}
	}
	if len(d.docs) != p.Docs || at != len(p.DF.S) {
		t.Fatalf("runs give %d documents and %d of %d fragment characters, want %d documents", len(d.docs), at, len(p.DF.S), p.Docs)
	}
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

// columnDecoder reads what columnCoder writes.
type columnDecoder struct {
	prev, top int
	started   bool
}

func (c *columnDecoder) decode(v int) int {
	if !c.started {
		c.top, c.started = -1, true
	}
	switch v {
	case 0:
	case 1:
		c.prev = c.top + 1
	default:
		c.prev = v - 2
	}
	c.top = max(c.top, c.prev)
	return c.prev
}

// docInfo is what the index says of a document besides its words.
type docInfo struct{ kind, title, section, path, frag int }

func (d *decoded) url(doc int) string {
	path := d.p.Paths[d.docs[doc].path]
	if f := d.p.Frags[d.docs[doc].frag]; f != "" {
		return path + "#" + f
	}
	return path
}

// readWords reads a word list by its skip table, as search.js does.
func readWords(t *testing.T, name string, l wordList) []string {
	t.Helper()
	words := splitWords(l.W.S)
	if len(words) != l.N {
		t.Fatalf("%s: %d words, n = %d", name, len(words), l.N)
	}
	blocks := (l.N + frontBlock - 1) / frontBlock
	w16 := utf16.Encode([]rune(l.W.S))
	for b := range blocks {
		at := skipAt(t, name, l.H.S, blocks, b)
		end := at
		for end < len(w16) && w16[end] != '\n' {
			end++
		}
		if got := unpack(string(utf16.Decode(w16[at:end]))); got != words[b*frontBlock] {
			t.Fatalf("%s: block %d starts with %q, want %q", name, b, got, words[b*frontBlock])
		}
	}
	return words
}

// readRecords calls read for the n records of l, each from the offset
// that the skip table gives or where the record before it ended.
func readRecords(t *testing.T, name string, l records, n int, read func(k int, at *int)) {
	t.Helper()
	blocks := (n + recordBlock - 1) / recordBlock
	at := 0
	for k := range n {
		if k%recordBlock == 0 {
			if want := skipAt(t, name, l.H.S, blocks, k/recordBlock); at != want {
				t.Fatalf("%s: record %d is at %d, the skip table says %d", name, k, at, want)
			}
		}
		read(k, &at)
	}
	if at != len(l.R.S) {
		t.Fatalf("%s: records use %d of %d characters", name, at, len(l.R.S))
	}
}

// skipAt returns entry b of a skip table of n entries.
func skipAt(t *testing.T, name, h string, n, b int) int {
	t.Helper()
	if n == 0 || len(h)%n != 0 {
		t.Fatalf("%s: skip table of %d characters for %d entries", name, len(h), n)
	}
	width := len(h) / n
	v := 0
	for _, c := range []byte(h[b*width : (b+1)*width]) {
		v = v*len(alphabet) + digitOf(c)
	}
	return v
}

func unpack(w string) string {
	from := []rune(packFrom)
	return strings.Map(func(r rune) rune {
		if k := strings.IndexRune(packTo, r); k >= 0 {
			return from[k]
		}
		return r
	}, w)
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
	if d.p.V != 2 || d.p.Lang != "ar" || d.p.Docs != len(sampleDocs) {
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
	if got := d.loose["امرك"]; len(got) != 2 {
		t.Errorf("stems with the loose key امرك: %q, want the stems of الأمريكية and الأميركية", got)
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
			readPayload(b, lang, files[0].Data, &p)
			b.ReportMetric(float64(p.Terms.N), "terms")
			b.ReportMetric(float64(p.Post.R.to-p.Post.R.from), "postings-B")
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

// TestBuildWordsOutsideASCII checks that a word list with letters that
// packing leaves above ASCII stays a JSON string, out of the blob, and
// reads back all the same.
func TestBuildWordsOutsideASCII(t *testing.T) {
	files, err := Build("en", []Doc{{Kind: "paragraph", Title: "t", URL: "en/a/index.html#p1", Text: "привет world"}})
	if err != nil {
		t.Fatal(err)
	}
	d := decodeIndex(t, "en", files)
	if d.p.Terms.W.inBlob || !d.p.Post.R.inBlob {
		t.Errorf("terms in the blob: %v, postings in the blob: %v; want false, true", d.p.Terms.W.inBlob, d.p.Post.R.inBlob)
	}
	if got := d.postings["привет"]; !reflect.DeepEqual(got, []int{0}) {
		t.Errorf("postings of привет = %v, want [0]", got)
	}
}

// TestBuildShardFunc checks that the shards passed to WithShardFunc, in
// whatever order, are those Build returns without it, and that Build then
// returns the same index alone.
func TestBuildShardFunc(t *testing.T) {
	docs := syntheticCorpus("ar", 200, 3)
	want, err := Build("ar", docs, WithShardSize(512))
	if err != nil {
		t.Fatal(err)
	}
	if len(want) < 10 {
		t.Fatalf("%d files: too few shards to test", len(want))
	}
	var mu sync.Mutex
	emitted := map[string][]byte{}
	got, err := Build("ar", docs, WithShardSize(512), WithShardFunc(func(f File) {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := emitted[f.Path]; dup {
			t.Errorf("%s emitted twice", f.Path)
		}
		emitted[f.Path] = f.Data
	}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want[0]) {
		t.Fatalf("with WithShardFunc, Build returned %d files, want the index alone and the same", len(got))
	}
	if len(emitted) != len(want)-1 {
		t.Errorf("%d shards emitted, want %d", len(emitted), len(want)-1)
	}
	for _, f := range want[1:] {
		if !bytes.Equal(emitted[f.Path], f.Data) {
			t.Errorf("%s: emitted shard differs from the returned one", f.Path)
		}
	}
}

// TestBuildShared checks that a Build that takes the words of the texts it
// shares with an earlier Build (WithShared) makes the same files as one
// that reads every text, whatever the order of the shared texts, with
// texts given twice, texts of its own, and texts the earlier Build had
// that it has not.
func TestBuildShared(t *testing.T) {
	ar := syntheticCorpus("ar", 60, 5)
	own := syntheticCorpus("ar", 8, 9) // texts the first index does not have, in the same words
	var en []Doc
	en = append(en, own[len(own)-12:]...)
	var paras []Doc
	for _, d := range ar {
		if d.Kind == "paragraph" {
			d.Title = "English: " + d.Title
			d.URL = "en" + strings.TrimPrefix(d.URL, "ar")
			paras = append(paras, d)
		}
	}
	slices.Reverse(paras[100:200])                 // out of the earlier order
	paras = append(paras[:300], paras[340:]...)    // some left out
	paras = append(paras, paras[5], paras[500])    // some twice
	paras = slices.Insert(paras, 50, own[0:20]...) // some of its own among them
	en = append(en, paras...)

	wantAr, err := Build("ar", ar, WithShardSize(4096))
	if err != nil {
		t.Fatal(err)
	}
	wantEn, err := Build("en", en, WithShardSize(4096))
	if err != nil {
		t.Fatal(err)
	}
	var sh Shared
	gotAr, err := Build("ar", ar, WithShardSize(4096), WithShared(&sh))
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotAr, wantAr) {
		t.Error("recording in a Shared changed the first index")
	}
	if len(sh.terms) == 0 || len(sh.docOf) == 0 {
		t.Fatal("the first Build recorded nothing in its Shared")
	}
	gotEn, err := Build("en", en, WithShardSize(4096), WithShared(&sh))
	if err != nil {
		t.Fatal(err)
	}
	if len(gotEn) != len(wantEn) {
		t.Fatalf("%d files with a Shared, %d without", len(gotEn), len(wantEn))
	}
	for i := range wantEn {
		if gotEn[i].Path != wantEn[i].Path || !bytes.Equal(gotEn[i].Data, wantEn[i].Data) {
			t.Errorf("%s: differs with a Shared", wantEn[i].Path)
		}
	}
}

func TestMergeSorted(t *testing.T) {
	tests := []struct{ a, b, want []int32 }{
		{nil, nil, []int32{}},
		{[]int32{1, 2}, nil, []int32{1, 2}},
		{nil, []int32{3}, []int32{3}},
		{[]int32{1, 4, 9}, []int32{2, 3, 10}, []int32{1, 2, 3, 4, 9, 10}},
		{[]int32{5, 6}, []int32{1, 2}, []int32{1, 2, 5, 6}},
	}
	for _, tt := range tests {
		if got := mergeSorted(tt.a, tt.b); !slices.Equal(got, tt.want) {
			t.Errorf("mergeSorted(%v, %v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
