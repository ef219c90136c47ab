package search

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"

	"briefing/generator/textnorm"
)

// Doc is one searchable unit: a section of a briefing, a paragraph of a
// source article, an event or an entity.
type Doc struct {
	// Kind is "briefing", "paragraph", "event" or "entity" (any non-empty
	// word is accepted; search.js labels it with the string .T.search_kind_<Kind>).
	Kind string
	// Title is the title of the page the document is on.
	Title string
	// Section is the heading of the section the document is in, or "".
	Section string
	// URL is the address of the document relative to the site root, with
	// its #fragment: "ar/sources/a003/index.html#p4".
	URL string
	// Text is the searchable text; its white space is collapsed.
	Text string
}

// File is one file of the index.
type File struct {
	// Path is relative to the site root, with slashes: "assets/search-ar.js".
	Path string
	Data []byte
}

// Option changes how Build works.
type Option func(*config)

type config struct {
	shardBytes int
	emit       func(File)
	shared     *Shared
}

// WithShardSize sets the size in bytes of text at which Build starts a new
// text shard (64 KiB by default; at least 1).
func WithShardSize(n int) Option {
	return func(c *config) { c.shardBytes = max(n, 1) }
}

// WithShardFunc makes Build pass each text shard to emit as soon as it is
// made, from any goroutine, instead of returning it: a site's shards hold
// all its searchable text, and need not be held until the last is made.
// Build returns only the index. emit must be safe for concurrent use; it
// may have been called when Build fails.
func WithShardFunc(emit func(File)) Option {
	return func(c *config) { c.emit = emit }
}

// Shared lets the Builds of a site's languages read once the texts they
// have in common: the paragraphs of its sources are the same in every
// language, and make up most of its text. The first Build given a Shared
// records in it the words of its texts; a later one takes the words of
// each text it finds there from that record instead of reading the text
// again. Its index is the same either way. A Shared holds the first
// index's word lists until it is dropped, and is not safe for concurrent
// use by several Builds.
type Shared struct {
	docOf map[string]int32     // a text of the first Build to its first document
	texts []string             // the first Build's texts, collapsed
	terms map[string]*termInfo // the first Build's vocabulary, which it no longer changes
}

// WithShared makes Build record its texts' words in sh, or take them from
// sh when an earlier Build recorded them (see Shared).
func WithShared(sh *Shared) Option {
	return func(c *config) { c.shared = sh }
}

var langRE = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{1,8})*$`)

// Build returns the files of the search index of docs in the language lang
// (see the package documentation). The output depends only on its input:
// the same docs give the same bytes. It fails when lang is not a language
// tag or a document has no kind or an absolute URL.
func Build(lang string, docs []Doc, opts ...Option) ([]File, error) {
	cfg := config{shardBytes: 64 << 10}
	for _, o := range opts {
		o(&cfg)
	}
	if !langRE.MatchString(lang) {
		return nil, fmt.Errorf("search: build: language %q is not a language tag", lang)
	}
	for i, d := range docs {
		if strings.TrimSpace(d.Kind) == "" {
			return nil, fmt.Errorf("search: build: document %d (%s): no kind", i, d.URL)
		}
		if strings.HasPrefix(d.URL, "/") || strings.Contains(d.URL, "://") {
			return nil, fmt.Errorf("search: build: document %d: URL %q is not relative to the site root", i, d.URL)
		}
	}
	b := newBuilder(len(docs))
	for _, d := range docs {
		b.addDoc(d)
	}
	texts := b.addTexts(docs, cfg.shared)
	var shards []File // when Build returns them
	emit := func(i int, f File) { shards[i] = f }
	if cfg.emit != nil {
		emit = func(_ int, f File) { cfg.emit(f) }
	}
	refs := buildShards(lang, texts, cfg.shardBytes, func(n int) {
		if cfg.emit == nil {
			shards = make([]File, n)
		}
	}, emit)
	p := b.payload(lang, len(docs))
	p.Shards = refs
	index, err := encodeIndex(lang, p)
	if err != nil {
		return nil, err
	}
	return append([]File{{Path: "assets/search-" + lang + ".js", Data: index}}, shards...), nil
}

// collapse makes every run of white space a single space, trims the ends
// and replaces invalid UTF-8. Most texts are clean already and are
// returned as they are.
func collapse(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	prevSpace := true // at the start, a space would be leading
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ':
			if prevSpace {
				return strings.Join(strings.Fields(s), " ")
			}
			prevSpace = true
			i++
		case c < 0x20:
			return strings.Join(strings.Fields(s), " ")
		case c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3:
			// The lead bytes of the spaces above ASCII (see isSpace).
			r, n := utf8.DecodeRuneInString(s[i:])
			if isSpace(r) {
				return strings.Join(strings.Fields(s), " ")
			}
			prevSpace = false
			i += n
		default:
			// Any other character, or a byte inside one.
			prevSpace = false
			i++
		}
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// isSpace is unicode.IsSpace for code points above ASCII, quick for the
// letters that make up most of a text.
func isSpace(r rune) bool {
	return (r == 0x85 || r == 0xA0 || r == 0x1680 || r >= 0x2000 && r <= 0x3000) && unicode.IsSpace(r)
}

// table numbers distinct strings in order of first use.
type table struct {
	ids  map[string]int
	list []string
}

func (t *table) id(s string) int {
	if id, ok := t.ids[s]; ok {
		return id
	}
	if t.ids == nil {
		t.ids = map[string]int{}
	}
	t.ids[s] = len(t.list)
	t.list = append(t.list, s)
	return len(t.list) - 1
}

// termInfo collects what the index keeps of one vocabulary term.
type termInfo struct {
	stem     string
	docs     []int32 // ascending, unique
	titles   []int32
	sections []int32
}

// docRun is a run of consecutive documents on one page and in one section:
// they share everything but their fragment.
type docRun struct {
	docs, kind, title, section, path int
}

type builder struct {
	kinds, titles, sections, paths, frags table
	runs                                  []docRun
	df                                    []int
	vocab                                 map[string]*termInfo
	titleDone, sectionDone                map[int]bool
}

func newBuilder(n int) *builder {
	return &builder{
		df:        make([]int, 0, n),
		vocab:     map[string]*termInfo{},
		titleDone: map[int]bool{}, sectionDone: map[int]bool{},
	}
}

// term returns the term word, added to the vocabulary if new.
func (b *builder) term(word []byte) *termInfo {
	if ti := b.vocab[string(word)]; ti != nil { // a lookup by string(word) does not allocate
		return ti
	}
	return b.termOf(string(word), "")
}

// termOf returns the term word, added to the vocabulary if new, with stem,
// or its stem when stem is "".
func (b *builder) termOf(word, stem string) *termInfo {
	ti := b.vocab[word]
	if ti == nil {
		if stem == "" {
			stem = textnorm.Stem(word)
		}
		ti = &termInfo{stem: stem}
		b.vocab[word] = ti
	}
	return ti
}

// addDoc adds the document to its run, or starts a run, and indexes its
// title and section heading the first time they are seen.
func (b *builder) addDoc(d Doc) {
	path, frag, _ := strings.Cut(strings.ToValidUTF8(d.URL, "\uFFFD"), "#")
	title := collapse(d.Title)
	section := collapse(d.Section)
	tid := b.titles.id(title)
	sid := b.sections.id(section)
	r := docRun{docs: 1, kind: b.kinds.id(d.Kind), title: tid, section: sid, path: b.paths.id(path)}
	if n := len(b.runs); n > 0 && b.runs[n-1].kind == r.kind && b.runs[n-1].title == r.title &&
		b.runs[n-1].section == r.section && b.runs[n-1].path == r.path {
		b.runs[n-1].docs++
	} else {
		b.runs = append(b.runs, r)
	}
	b.df = append(b.df, b.frags.id(frag))
	if !b.titleDone[tid] {
		b.titleDone[tid] = true
		for w := range textnorm.Words(title) {
			ti := b.term(w)
			if n := len(ti.titles); n == 0 || ti.titles[n-1] != int32(tid) {
				ti.titles = append(ti.titles, int32(tid))
			}
		}
	}
	if !b.sectionDone[sid] {
		b.sectionDone[sid] = true
		for w := range textnorm.Words(section) {
			ti := b.term(w)
			if n := len(ti.sections); n == 0 || ti.sections[n-1] != int32(sid) {
				ti.sections = append(ti.sections, int32(sid))
			}
		}
	}
}

// addTexts indexes the texts of docs, on all processors: each worker
// indexes a run of documents, and the runs are joined in order, so that
// every posting list stays ascending. With sh, it takes the words of the
// texts sh knows from it, or records them there (see Shared). It returns
// the collapsed texts.
func (b *builder) addTexts(docs []Doc, sh *Shared) []string {
	// to[j] is the first document that takes its words from the earlier
	// Build's document j, or -1, and next[i] the next after i, or -1.
	// todo lists the documents to read, when not all are.
	var (
		to, next []int32
		todo     []int32
		texts    = make([]string, len(docs))
	)
	if sh != nil && sh.terms != nil {
		to, next = make([]int32, len(sh.texts)), make([]int32, len(docs))
		last := make([]int32, len(sh.texts))
		for j := range to {
			to[j] = -1
		}
		todo = make([]int32, 0, len(docs))
		for i, d := range docs {
			next[i] = -1
			j, ok := sh.docOf[d.Text]
			if !ok {
				todo = append(todo, int32(i))
				continue
			}
			texts[i] = sh.texts[j]
			if to[j] < 0 {
				to[j] = int32(i)
			} else {
				next[last[j]] = int32(i)
			}
			last[j] = int32(i)
		}
	}
	n := len(docs)
	if todo != nil {
		n = len(todo)
	}
	workers := max(1, min(runtime.GOMAXPROCS(0), 8, n/256))
	parts := make([]map[string]*[]int32, workers)
	var wg sync.WaitGroup
	for w := range workers {
		from, end := n*w/workers, n*(w+1)/workers
		wg.Go(func() {
			local := map[string]*[]int32{}
			for k := from; k < end; k++ {
				i := int32(k)
				if todo != nil {
					i = todo[k]
				}
				texts[i] = collapse(docs[i].Text)
				for word := range textnorm.Words(texts[i]) {
					ids := local[string(word)]
					if ids == nil {
						ids = new([]int32)
						local[string(word)] = ids
					} else if (*ids)[len(*ids)-1] == i {
						continue
					}
					*ids = append(*ids, i)
				}
			}
			parts[w] = local
		})
	}
	wg.Wait()
	// A term's list is made once, to its full length, or taken as it is
	// when one worker alone saw the term: the lists are the largest part
	// of the index while it is made.
	for w, local := range parts {
		for word, ids := range local {
			ti := b.termOf(word, "")
			if ti.docs == nil {
				n := len(*ids)
				for _, later := range parts[w+1:] {
					if l := later[word]; l != nil {
						n += len(*l)
					}
				}
				if n == len(*ids) {
					ti.docs = *ids
					continue
				}
				ti.docs = make([]int32, 0, n)
			}
			ti.docs = append(ti.docs, *ids...)
		}
		parts[w] = nil
	}
	switch {
	case to != nil:
		b.addShared(sh, to, next)
	case sh != nil:
		sh.texts = texts
		sh.docOf = make(map[string]int32, len(docs))
		for i, d := range docs {
			if _, ok := sh.docOf[d.Text]; !ok {
				sh.docOf[d.Text] = int32(i)
			}
		}
		sh.terms = b.vocab
	}
	return texts
}

// addShared adds to each term's list the documents that take their words
// from the earlier Build's documents in sh: to[j] and the documents after
// it in next take j's.
func (b *builder) addShared(sh *Shared, to, next []int32) {
	var mapped []int32
	for word, earlier := range sh.terms {
		mapped = mapped[:0]
		for _, j := range earlier.docs {
			for i := to[j]; i >= 0; i = next[i] {
				mapped = append(mapped, i)
			}
		}
		if len(mapped) == 0 {
			continue
		}
		if !slices.IsSorted(mapped) { // in another order, or given twice
			slices.Sort(mapped)
		}
		ti := b.termOf(word, earlier.stem)
		ti.docs = mergeSorted(ti.docs, mapped)
	}
}

// mergeSorted returns the ascending lists a and b, which have no element
// in common, merged into a new list.
func mergeSorted(a, b []int32) []int32 {
	out := make([]int32, 0, len(a)+len(b))
	for len(a) > 0 && len(b) > 0 {
		if a[0] < b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}

// payload is the index object of the package documentation.
type payload struct {
	V        int      `json:"v"`
	Lang     string   `json:"lang"`
	Docs     int      `json:"docs"`
	Kinds    []string `json:"kinds"`
	Titles   []string `json:"titles"`
	Sections []string `json:"sections"`
	Paths    []string `json:"paths"`
	Frags    []string `json:"frags"`
	Runs     text     `json:"runs"`
	DF       text     `json:"df"`
	Terms    wordList `json:"terms"`
	Post     records  `json:"post"`
	Stems    wordList `json:"stems"`
	Forms    []form   `json:"forms"`
	ST       records  `json:"st"`
	Loose    wordList `json:"loose"`
	LS       records  `json:"ls"`
	Shards   []shard  `json:"shards"`
}

// shard is written as [file, first document].
type shard struct {
	File  string
	First int
}

func (s shard) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{s.File, s.First})
}

func (s *shard) UnmarshalJSON(data []byte) error {
	var v []json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	if len(v) != 2 {
		return fmt.Errorf("search: shard: want [file, first], got %s", data)
	}
	if err := json.Unmarshal(v[0], &s.File); err != nil {
		return err
	}
	return json.Unmarshal(v[1], &s.First)
}

// wordList is a sorted, packed, front-coded word list (see frontCode) with
// the offset in W of every block, in fixed-width numbers (see skipTable).
type wordList struct {
	N int  `json:"n"`
	W text `json:"w"`
	H text `json:"h"`
}

// records is a list of variable-length records, one per word of a word
// list, with the offset in R of every recordBlock-th record.
type records struct {
	R text `json:"r"`
	H text `json:"h"`
	// M, for the postings only, is the skip table of the largest size of
	// a posting list (in characters) in each block of recordBlock
	// records, with which search.js finds the longest lists of a prefix
	// without reading every record.
	M *text `json:"m,omitempty"`
}

// recordBlock is how many records the skip table of a records list steps
// over at once.
const recordBlock = 16

func newWordList(packed []string) wordList {
	w, heads := frontCode(packed)
	return wordList{N: len(packed), W: text{S: w}, H: text{S: skipTable(heads)}}
}

// recordList collects records and the offsets of every recordBlock-th.
type recordList struct {
	buf   []byte
	heads []int
	n     int
}

// next starts the next record and returns the buffer to append it to.
func (l *recordList) next() []byte {
	if l.n%recordBlock == 0 {
		l.heads = append(l.heads, len(l.buf))
	}
	l.n++
	return l.buf
}

func (l *recordList) done() records {
	return records{R: text{S: string(l.buf)}, H: text{S: skipTable(l.heads)}}
}

// skipTable writes offsets as fixed-width numbers in base len(alphabet),
// most significant digit first, all as wide as the largest needs (at
// least one digit), so that search.js finds the i-th at i times the width
// (the width is the table's length over the number of offsets).
func skipTable(offsets []int) string {
	width := 1
	for top := len(alphabet); offsets != nil && slices.Max(offsets) >= top; top *= len(alphabet) {
		width++
	}
	out := make([]byte, 0, width*len(offsets))
	for _, v := range offsets {
		for k := width - 1; k >= 0; k-- {
			d := v
			for range k {
				d /= len(alphabet)
			}
			out = append(out, alphabet[d%len(alphabet)])
		}
	}
	return string(out)
}

// form says how a term is spelt from its stem: Prefix, then the stem
// without its last Cut UTF-16 code units, then Suffix (all packed). It is
// written as [prefix, cut, suffix].
type form struct {
	Prefix string
	Cut    int
	Suffix string
}

func (f form) MarshalJSON() ([]byte, error) {
	return json.Marshal([]any{f.Prefix, f.Cut, f.Suffix})
}

func (f *form) UnmarshalJSON(data []byte) error {
	var v []json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		return err
	}
	if len(v) != 3 {
		return fmt.Errorf("search: form: want [prefix, cut, suffix], got %s", data)
	}
	if err := json.Unmarshal(v[0], &f.Prefix); err != nil {
		return err
	}
	if err := json.Unmarshal(v[1], &f.Cut); err != nil {
		return err
	}
	return json.Unmarshal(v[2], &f.Suffix)
}

// formOf returns how the packed term is spelt from the packed stem: the
// prefix that leaves the longest run of the stem's first letters, the
// earliest of those.
func formOf(term, stem string) form {
	t, s := utf16.Encode([]rune(term)), utf16.Encode([]rune(stem))
	bestAt, best := 0, -1
	for i := 0; i <= len(t); i++ {
		n := 0
		for n < len(s) && i+n < len(t) && t[i+n] == s[n] {
			n++
		}
		if n > best {
			bestAt, best = i, n
		}
		if n == len(s) {
			break
		}
	}
	if best > 0 && s[best-1] >= 0xD800 && s[best-1] < 0xDC00 {
		best-- // the stem's shared letters end with half a surrogate pair
	}
	return form{
		Prefix: string(utf16.Decode(t[:bestAt])),
		Cut:    len(s) - best,
		Suffix: string(utf16.Decode(t[bestAt+best:])),
	}
}

func (b *builder) payload(lang string, n int) *payload {
	terms := make([]string, 0, len(b.vocab))
	for t := range b.vocab {
		terms = append(terms, t)
	}
	packedTerms := sortPacked(terms)

	stemSet := map[string]bool{}
	for _, t := range terms {
		stemSet[b.vocab[t].stem] = true
	}
	stems := make([]string, 0, len(stemSet))
	for s := range stemSet {
		stems = append(stems, s)
	}
	packedStems := sortPacked(stems)
	stemID := make(map[string]int, len(stems))
	for i, s := range stems {
		stemID[s] = i
	}
	looseStems := map[string][]int{}
	for i, s := range stems { // ascending stem ids
		if l := textnorm.Loose(s); l != "" {
			looseStems[l] = append(looseStems[l], i)
		}
	}
	loose := make([]string, 0, len(looseStems))
	for l := range looseStems {
		loose = append(loose, l)
	}
	packedLoose := sortPacked(loose)

	// The postings, with the titles and headings of each term.
	var post recordList
	var tmp []byte
	var blockMax []int
	stemForms := make([][]form, len(stems))
	for i, t := range terms {
		ti := b.vocab[t]
		tmp = appendAscending(tmp[:0], ti.docs)
		flags := 0
		if len(ti.titles) > 0 {
			flags |= 2
		}
		if len(ti.sections) > 0 {
			flags |= 1
		}
		if i%recordBlock == 0 {
			blockMax = append(blockMax, 0)
		}
		blockMax[len(blockMax)-1] = max(blockMax[len(blockMax)-1], len(tmp))
		post.buf = appendNum(post.next(), len(tmp)<<2|flags)
		post.buf = append(post.buf, tmp...)
		for _, ids := range [][]int32{ti.titles, ti.sections} {
			if len(ids) > 0 {
				tmp = appendAscending(tmp[:0], ids)
				post.buf = append(appendNum(post.buf, len(tmp)), tmp...)
			}
		}
		sid := stemID[ti.stem]
		stemForms[sid] = append(stemForms[sid], formOf(packedTerms[i], packedStems[sid]))
	}
	// Forms are numbered from the most used, so that most take one digit.
	formCount := map[form]int{}
	for _, fs := range stemForms {
		for _, f := range fs {
			formCount[f]++
		}
	}
	forms := make([]form, 0, len(formCount))
	for f := range formCount {
		forms = append(forms, f)
	}
	slices.SortFunc(forms, func(a, b form) int {
		if c := formCount[b] - formCount[a]; c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.Prefix, b.Prefix), a.Cut-b.Cut, strings.Compare(a.Suffix, b.Suffix))
	})
	formID := make(map[form]int, len(forms))
	for i, f := range forms {
		formID[f] = i
	}
	var st recordList
	for _, fs := range stemForms {
		st.buf = appendNum(st.next(), len(fs))
		for _, f := range fs {
			st.buf = appendNum(st.buf, formID[f])
		}
	}
	var ls recordList
	ids := make([]int32, 0, 8)
	for _, l := range loose {
		ids = ids[:0]
		for _, s := range looseStems[l] {
			ids = append(ids, int32(s))
		}
		ls.buf = appendNum(ls.next(), len(ids))
		ls.buf = appendAscending(ls.buf, ids)
	}

	postRecords := post.done()
	postRecords.M = &text{S: skipTable(blockMax)}

	// The runs of documents, and the fragment of each document.
	var runs, df []byte
	var kind, title, section, path columnCoder
	at := 0
	for _, r := range b.runs {
		before := len(df)
		for _, f := range b.df[at : at+r.docs] {
			df = appendNum(df, f)
		}
		at += r.docs
		runs = appendNum(runs, r.docs-1)
		runs = appendNum(runs, kind.code(r.kind))
		runs = appendNum(runs, title.code(r.title))
		runs = appendNum(runs, section.code(r.section))
		runs = appendNum(runs, path.code(r.path))
		runs = appendNum(runs, len(df)-before)
	}
	return &payload{
		V: 2, Lang: lang, Docs: n,
		Kinds: nonNil(b.kinds.list), Titles: nonNil(b.titles.list), Sections: nonNil(b.sections.list),
		Paths: nonNil(b.paths.list), Frags: nonNil(b.frags.list),
		Runs: text{S: string(runs)}, DF: text{S: string(df)},
		Terms: newWordList(packedTerms), Post: postRecords,
		Stems: newWordList(packedStems), Forms: forms, ST: st.done(),
		Loose: newWordList(packedLoose), LS: ls.done(),
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// buildShards cuts the texts into shard files of about size bytes each,
// tells count how many there are, makes them on all processors and passes
// each to emit, with its number, as it is made. It returns the shards in
// order.
func buildShards(lang string, texts []string, size int, count func(int), emit func(int, File)) []shard {
	// Where each shard starts, and its size in bytes before escaping.
	type run struct{ first, end, n int }
	var runs []run
	for first := 0; first < len(texts) || first == 0; {
		end, n := first, 0
		for end < len(texts) && (end == first || n+len(texts[end]) <= size) {
			n += len(texts[end]) + 1
			end++
		}
		runs = append(runs, run{first, end, n})
		if end == first { // no documents at all: one empty shard
			break
		}
		first = end
	}
	count(len(runs))
	refs := make([]shard, len(runs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range max(1, min(runtime.GOMAXPROCS(0), len(runs))) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(runs) {
					return
				}
				r := runs[i]
				// The texts joined by line breaks, as one JSON string.
				data := fmt.Appendf(make([]byte, 0, r.n+r.n/8+64), "briefingSearchText(%q,%d,\"", lang, i)
				for j, t := range texts[r.first:r.end] {
					if j > 0 {
						data = append(data, `\n`...)
					}
					data = appendJSONText(data, t)
				}
				data = append(data, "\");\n"...)
				h := fnv.New32a()
				h.Write(data)
				name := fmt.Sprintf("search-%s-%d-%08x.js", lang, i, h.Sum32())
				refs[i] = shard{File: name, First: r.first}
				emit(i, File{Path: "assets/" + name, Data: data})
			}
		})
	}
	wg.Wait()
	return refs
}

// appendJSONText appends s, which must be valid UTF-8 (as collapse
// leaves it), as encoding/json writes it inside a string, with HTML
// characters escaped, but without the quotes: the same bytes, without
// decoding every character.
func appendJSONText(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if jsonPlain[c] {
			continue
		}
		if c >= utf8.RuneSelf {
			// Only U+2028 and U+2029 are escaped above ASCII.
			if c == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xA8 || s[i+2] == 0xA9) {
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hex[s[i+2]&0xF])
				i += 2
				start = i + 1
			}
			continue
		}
		dst = append(dst, s[start:i]...)
		switch c {
		case '\\', '"':
			dst = append(dst, '\\', c)
		case '\b':
			dst = append(dst, '\\', 'b')
		case '\f':
			dst = append(dst, '\\', 'f')
		case '\n':
			dst = append(dst, '\\', 'n')
		case '\r':
			dst = append(dst, '\\', 'r')
		case '\t':
			dst = append(dst, '\\', 't')
		default:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		start = i + 1
	}
	return append(dst, s[start:]...)
}

// jsonPlain tells the bytes that appendJSONText copies as they are: ASCII
// but for control characters, quotes, backslashes and <, >, &, and every
// byte above ASCII but the first of U+2028 and U+2029.
var jsonPlain = func() (t [256]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != 0xE2
	}
	return t
}()

func encodeIndex(lang string, p *payload) ([]byte, error) {
	var bl strings.Builder
	for _, t := range p.texts() {
		t.toBlob(&bl)
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "/* briefing search index (%s), format %d: generated, do not edit. */\nbriefingSearchIndex(%q,", lang, p.V, lang)
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("search: encoding the %s index: %w", lang, err)
	}
	buf.Truncate(buf.Len() - 1) // the Encoder's newline
	out := asciiOnly(buf.Bytes())
	out = append(out, ",function(){/*"...)
	out = append(out, bl.String()...)
	out = append(out, "*/});\n"...)
	return out, nil
}

// text is a string of the index that may be written in the blob: a
// comment in the body of a function, the last argument of
// briefingSearchIndex, which search.js reads back with the function's
// toString. Chromium skips a comment much faster than it reads a string
// literal: a fresh browser loaded the Arabic index of 5,000 articles in
// about 200-270 ms against 350-530 ms with the same strings as JSON.
// A text in the blob is written in the JSON as [from, to], its offsets in
// the blob; a text with characters above ASCII, which a comment cannot
// escape, stays a JSON string.
type text struct {
	S        string
	from, to int
	inBlob   bool
}

func (t *text) toBlob(bl *strings.Builder) {
	for i := 0; i < len(t.S); i++ {
		if t.S[i] >= utf8.RuneSelf {
			return
		}
	}
	if strings.Contains(t.S, "*/") { // never in the index's lists; see alphabet
		return
	}
	t.from = bl.Len()
	bl.WriteString(t.S)
	t.to, t.inBlob = bl.Len(), true
}

func (t text) MarshalJSON() ([]byte, error) {
	if t.inBlob {
		return fmt.Appendf(nil, "[%d,%d]", t.from, t.to), nil
	}
	return json.Marshal(t.S)
}

// UnmarshalJSON reads a JSON string, or the offsets of a text in the blob
// (which the caller resolves).
func (t *text) UnmarshalJSON(data []byte) error {
	if len(data) > 0 && data[0] == '[' {
		var span [2]int
		if err := json.Unmarshal(data, &span); err != nil {
			return err
		}
		t.from, t.to, t.inBlob = span[0], span[1], true
		return nil
	}
	return json.Unmarshal(data, &t.S)
}

// texts returns the texts of the payload, in the order they are written.
func (p *payload) texts() []*text {
	if p.Post.M == nil {
		p.Post.M = &text{}
	}
	return []*text{&p.Runs, &p.DF, &p.Terms.W, &p.Terms.H, &p.Post.R, &p.Post.H, p.Post.M,
		&p.Stems.W, &p.Stems.H, &p.ST.R, &p.ST.H, &p.Loose.W, &p.Loose.H, &p.LS.R, &p.LS.H}
}

// asciiOnly writes every character above ASCII of a JSON text as a \u
// escape (a surrogate pair above U+FFFF). Chromium keeps a script that is
// all ASCII as one byte per character and loads it about a third faster
// than the same script with a few hundred kilobytes of Arabic in it,
// though the escapes make it bigger.
func asciiOnly(b []byte) []byte {
	n := 0
	for _, c := range b {
		if c >= utf8.RuneSelf {
			n++
		}
	}
	if n == 0 {
		return b
	}
	out := make([]byte, 0, len(b)+2*n)
	for len(b) > 0 {
		if b[0] < utf8.RuneSelf {
			out = append(out, b[0])
			b = b[1:]
			continue
		}
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if r >= 0x10000 {
			r1, r2 := utf16.EncodeRune(r)
			out = appendEscape(appendEscape(out, r1), r2)
		} else {
			out = appendEscape(out, r)
		}
	}
	return out
}

func appendEscape(dst []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(dst, '\\', 'u', hex[r>>12&15], hex[r>>8&15], hex[r>>4&15], hex[r&15])
}

// compareUTF16 orders strings by their UTF-16 code units, as JavaScript's
// < does, so that search.js can binary-search the sorted vocabulary. It is
// the byte order of UTF-8 except where a code point U+E000-U+FFFF meets one
// above U+FFFF (a surrogate pair sorts before U+E000 in UTF-16).
func compareUTF16(a, b string) int {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	if i == len(a) || i == len(b) {
		return len(a) - len(b)
	}
	j := i // the first byte that differs
	for i > 0 && !utf8.RuneStart(a[i]) {
		i--
	}
	ra, _ := utf8.DecodeRuneInString(a[i:])
	rb, _ := utf8.DecodeRuneInString(b[i:])
	if ra >= 0xE000 && rb >= 0xE000 {
		return cmpUnits(ra, rb)
	}
	return int(a[j]) - int(b[j])
}

func cmpUnits(a, b rune) int {
	ua, ub := [2]rune{a, 0}, [2]rune{b, 0}
	if a >= 0x10000 {
		ua[0], ua[1] = utf16.EncodeRune(a)
	}
	if b >= 0x10000 {
		ub[0], ub[1] = utf16.EncodeRune(b)
	}
	for i := range 2 {
		if ua[i] != ub[i] {
			if ua[i] < ub[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}
