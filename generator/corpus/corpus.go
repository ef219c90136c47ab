// Package corpus writes synthetic content directories for benchmarks and
// tests: N source articles made of the seed articles' real sentences,
// recombined from a seed, N/20 topics with a note in Arabic and one in
// English dense with citations and topic links, N/2 events and 50
// entities whose names occur in the article text. The same arguments
// always give the same bytes. The output is never committed.
package corpus

import (
	"cmp"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Option changes the shape of a corpus.
type Option func(*config)

// WithTopics sets the number of topics (default n/20, at least 1).
func WithTopics(n int) Option { return func(c *config) { c.topics = n } }

// WithEvents sets the number of events (default n/2).
func WithEvents(n int) Option { return func(c *config) { c.events = n } }

// WithEntities sets the number of entities (default 50, at most
// MaxEntities).
func WithEntities(n int) Option { return func(c *config) { c.entities = n } }

// MaxEntities is the number of distinct entities the corpus can name.
const MaxEntities = 56

// Format changes whenever the same arguments start to give other bytes,
// so that a cache of written corpora can tell a stale one.
const Format = 1

type config struct {
	articles, topics, events, entities int
}

// Write writes a content directory of n articles, generated from seed,
// into dir: site.yaml, articles/, notes/ (every topic in ar and en),
// events.yaml and entities.yaml. dir is created; it must not exist or be
// empty, so that no stale file joins the corpus. The corpus builds
// without errors or warnings: every article is cited by the notes of its
// first topic, and every citation points at a paragraph that exists.
func Write(dir string, n int, seed int64, opts ...Option) error {
	if n < 1 {
		return fmt.Errorf("corpus: %d articles: want at least 1", n)
	}
	c := config{articles: n, topics: max(1, n/20), events: n / 2, entities: 50}
	for _, o := range opts {
		o(&c)
	}
	if c.topics < 1 || c.events < 0 || c.entities < 0 {
		return errors.New("corpus: topics must be at least 1, events and entities at least 0")
	}
	if c.entities > MaxEntities {
		return fmt.Errorf("corpus: %d entities: at most %d", c.entities, MaxEntities)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("corpus: %s is not empty", dir)
	}
	p, err := loadPools()
	if err != nil {
		return fmt.Errorf("corpus: %w", err)
	}
	g := &gen{c: c, p: p, r: &rng{s: uint64(seed)}}
	return g.write(dir)
}

// gen holds one corpus being generated. Every random choice is drawn from
// r in a fixed order, which is what makes the output deterministic.
type gen struct {
	c        config
	p        *pools
	r        *rng
	articles []article
	slugs    []string
	byTopic  [][]int // article indexes per topic, first topic ones first
	primary  [][]int // article indexes whose first topic it is
}

type article struct {
	id     string
	paras  int
	topics []int
}

// topicBases name the topics; a number tells the many topics of a large
// corpus apart.
var topicBases = []string{"troops", "militias", "iran", "dialogue", "nato", "isis", "energy", "economy",
	"elections", "kurdistan", "oil", "borders", "courts", "water", "detainees", "reconstruction"}

var outlets = [][2]string{
	{"معهد واشنطن للشرق الأوسط", "The Washington Institute for Near East Policy"},
	{"أسوشيتد برس", "Associated Press"},
	{"رويترز", "Reuters"},
	{"رياليست عربي", "Realist Arabic"},
	{"غير معروف", "unknown"},
}

func (g *gen) write(dir string) error {
	for _, sub := range []string{"articles", "notes"} {
		if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
	}
	g.plan()
	put := func(name, data string) error {
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), []byte(data), 0o644); err != nil {
			return fmt.Errorf("corpus: %w", err)
		}
		return nil
	}
	if err := put("site.yaml", g.site()); err != nil {
		return err
	}
	for i := range g.articles {
		if err := put("articles/"+g.articles[i].id+".md", g.article(i)); err != nil {
			return err
		}
	}
	for t, slug := range g.slugs {
		for _, lang := range []string{"ar", "en"} {
			if err := put("notes/"+slug+"."+lang+".md", g.note(t, lang)); err != nil {
				return err
			}
		}
	}
	if err := put("events.yaml", g.eventsFile()); err != nil {
		return err
	}
	return put("entities.yaml", g.entitiesFile())
}

// plan draws the ids, paragraph counts and topics of every article.
func (g *gen) plan() {
	g.slugs = make([]string, g.c.topics)
	for t := range g.slugs {
		g.slugs[t] = topicBases[t%len(topicBases)] + "-" + strconv.Itoa(t/len(topicBases)+1)
	}
	width := max(4, len(strconv.Itoa(g.c.articles)))
	g.articles = make([]article, g.c.articles)
	g.byTopic = make([][]int, g.c.topics)
	g.primary = make([][]int, g.c.topics)
	for i := range g.articles {
		a := &g.articles[i]
		a.id = fmt.Sprintf("a%0*d", width, i+1)
		a.paras = g.r.between(5, 12)
		a.topics = []int{i % g.c.topics}
		for range g.r.intn(3) {
			if t := g.r.intn(g.c.topics); !slices.Contains(a.topics, t) {
				a.topics = append(a.topics, t)
			}
		}
		g.primary[a.topics[0]] = append(g.primary[a.topics[0]], i)
		for _, t := range a.topics {
			g.byTopic[t] = append(g.byTopic[t], i)
		}
	}
}

func (g *gen) site() string {
	n := strconv.Itoa(g.c.articles)
	return "title: {ar: " + quote("مدونة اختبار: "+n+" مقالة") + ", en: " + quote("Test corpus: "+n+" articles") + "}\n" +
		"description: {ar: " + quote(g.pick(g.p.noteAr)) + ", en: " + quote(g.pick(g.p.noteEn)) + "}\n" +
		"languages: [ar, en]\nbase_url: \"\"\n"
}

func (g *gen) article(i int) string {
	a := g.articles[i]
	var b strings.Builder
	o := outlets[g.r.intn(len(outlets))]
	b.WriteString("---\nid: " + a.id + "\n")
	b.WriteString("title: {ar: " + quote(clip(g.pick(g.p.articleAr), 10)) + ", en: " + quote(clip(g.pick(g.p.noteEn), 10)) + "}\n")
	b.WriteString("outlet: {ar: " + quote(o[0]) + ", en: " + quote(o[1]) + "}\n")
	b.WriteString("published: " + g.date(10, 0) + "\nlanguage: ar\n")
	if g.r.intn(2) == 0 {
		b.WriteString("url: \"https://example.org/" + a.id + "\"\n")
	}
	slugs := make([]string, len(a.topics))
	for k, t := range a.topics {
		slugs[k] = g.slugs[t]
	}
	b.WriteString("topics: [" + strings.Join(slugs, ", ") + "]\n")
	if g.r.intn(2) == 0 {
		b.WriteString("summary: {en: " + quote(g.pick(g.p.noteEn)) + "}\n")
	}
	b.WriteString("---\n")
	for range a.paras {
		b.WriteString(g.sentences(g.p.articleAr, 1, 2))
		b.WriteString("\n\n")
	}
	return b.String()
}

// noteWords are the fixed words of a note, per language.
var noteWords = map[string]struct{ bottom, see, table, date, figure, source string }{
	"ar": {"الخلاصة", "انظر", "الأرقام بحسب المصدر", "التاريخ", "الرقم", "المصدر"},
	"en": {"Bottom line", "see", "Figures by source", "Date", "Figure", "Source"},
}

// note writes the briefing of topic t in lang: a summary list, sections
// of cited paragraphs with topic links, and a table. Every article whose
// first topic is t is cited at least once.
func (g *gen) note(t int, lang string) string {
	pool := g.p.noteEn
	if lang == "ar" {
		pool = g.p.noteAr
	}
	w := noteWords[lang]
	queue := slices.Clone(g.primary[t])
	g.shuffle(queue)
	cites := g.byTopic[t]
	if len(cites) == 0 {
		cites = []int{g.r.intn(len(g.articles))}
	}
	citation := func() string {
		refs := make([]string, 1+g.r.intn(3)*g.r.intn(2))
		for k := range refs {
			i := cites[g.r.intn(len(cites))]
			if k == 0 && len(queue) > 0 {
				i, queue = queue[0], queue[1:]
			}
			refs[k] = g.ref(i, true)
		}
		return "[" + strings.Join(refs, "; ") + "]"
	}
	cited := func(s string) string {
		s = strings.TrimRight(s, ".")
		s += " " + citation()
		if g.r.intn(3) == 0 && len(g.slugs) > 1 {
			s += g.topicLink(t, lang, w.see, pool)
		}
		return s + "."
	}
	var b strings.Builder
	b.WriteString("---\ntitle: " + quote(clip(g.pick(pool), 8)) + "\nsummary: " + quote(g.pick(pool)) + "\n")
	b.WriteString("updated: " + g.date(0, 0) + "\norder: " + strconv.Itoa(t+1) + "\n---\n\n")
	b.WriteString("## " + w.bottom + "\n\n")
	for range 3 {
		b.WriteString("- " + cited(g.pick(pool)) + "\n")
	}
	for range g.r.between(3, 5) {
		b.WriteString("\n## " + clip(g.pick(pool), 6) + "\n")
		for range g.r.between(2, 3) {
			b.WriteString("\n")
			for k := range g.r.between(2, 4) {
				if k > 0 {
					b.WriteString(" ")
				}
				b.WriteString(cited(g.pick(pool)))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n## " + w.table + "\n\n| " + w.date + " | " + w.figure + " | " + w.source + " |\n|---|---|---|\n")
	for range 3 {
		b.WriteString("| " + g.date(0, 0) + " | " + clip(g.pick(pool), 4) + " | " + citation() + " |\n")
	}
	for len(queue) > 0 {
		b.WriteString("\n" + cited(g.pick(pool)) + "\n")
	}
	return b.String()
}

// topicLink returns a link to a topic other than t, with or without a label.
func (g *gen) topicLink(t int, lang, see string, pool []string) string {
	o := g.r.intn(len(g.slugs) - 1)
	if o >= t {
		o++
	}
	sep := "; "
	if lang == "ar" {
		sep = "؛ "
	}
	if g.r.intn(2) == 0 {
		return sep + see + " [[" + g.slugs[o] + "]]"
	}
	return sep + see + " [[" + g.slugs[o] + "|" + clip(g.pick(pool), 3) + "]]"
}

// ref returns a reference to article i: mostly one paragraph, sometimes a
// range or, in notes, the whole article.
func (g *gen) ref(i int, at bool) string {
	a := g.articles[i]
	prefix := ""
	if at {
		prefix = "@"
	}
	switch k := g.r.intn(10); {
	case k == 0 && at:
		return prefix + a.id
	case k <= 2 && a.paras > 1:
		from := g.r.between(1, a.paras-1)
		return fmt.Sprintf("%s%s:p%d-%d", prefix, a.id, from, g.r.between(from+1, a.paras))
	}
	return fmt.Sprintf("%s%s:p%d", prefix, a.id, g.r.between(1, a.paras))
}

type event struct {
	date string
	text string
}

func (g *gen) eventsFile() string {
	events := make([]event, g.c.events)
	for k := range events {
		var b strings.Builder
		d := g.date(10, 50)
		b.WriteString("  title:\n    ar: " + quote(clip(g.pick(g.p.noteAr), 10)) + "\n    en: " + quote(clip(g.pick(g.p.noteEn), 10)) + "\n")
		if g.r.intn(3) == 0 {
			b.WriteString("  summary:\n    ar: " + quote(g.pick(g.p.noteAr)) + "\n    en: " + quote(g.pick(g.p.noteEn)) + "\n")
		}
		topics := []string{g.slugs[g.r.intn(len(g.slugs))]}
		if o := g.slugs[g.r.intn(len(g.slugs))]; g.r.intn(2) == 0 && o != topics[0] {
			topics = append(topics, o)
		}
		b.WriteString("  topics: [" + strings.Join(topics, ", ") + "]\n")
		srcs := make([]string, g.r.between(1, 3))
		for s := range srcs {
			srcs[s] = quote(g.ref(g.r.intn(len(g.articles)), false))
		}
		b.WriteString("  sources: [" + strings.Join(srcs, ", ") + "]\n")
		events[k] = event{date: d, text: b.String()}
	}
	slices.SortStableFunc(events, func(a, b event) int { return cmp.Compare(a.date, b.date) })
	var b strings.Builder
	b.WriteString("# Generated by briefing/generator/corpus.\n")
	for _, e := range events {
		b.WriteString("\n- date: " + e.date + "\n" + e.text)
	}
	if len(events) == 0 {
		b.WriteString("[]\n")
	}
	return b.String()
}

func (g *gen) entitiesFile() string {
	if g.c.entities == 0 {
		return "[]\n"
	}
	return "# Generated by briefing/generator/corpus from content/entities.yaml.\n\n" +
		strings.Join(g.p.entities[:g.c.entities], "\n\n") + "\n"
}

// date returns a date from 2018 to 2025: one in monthOnly is given to the
// month only, one in yearOnly to the year only (0: never).
func (g *gen) date(monthOnly, yearOnly int) string {
	y, m, d := g.r.between(2018, 2025), g.r.between(1, 12), g.r.between(1, 28)
	switch {
	case yearOnly > 0 && g.r.intn(yearOnly) == 0:
		return strconv.Itoa(y)
	case monthOnly > 0 && g.r.intn(monthOnly) == 0:
		return fmt.Sprintf("%d-%02d", y, m)
	}
	return fmt.Sprintf("%d-%02d-%02d", y, m, d)
}

func (g *gen) pick(pool []string) string { return pool[g.r.intn(len(pool))] }

// sentences joins lo to hi sentences from pool.
func (g *gen) sentences(pool []string, lo, hi int) string {
	n := g.r.between(lo, hi)
	parts := make([]string, n)
	for k := range parts {
		parts[k] = g.pick(pool)
	}
	return strings.Join(parts, " ")
}

func (g *gen) shuffle(s []int) {
	for i := len(s) - 1; i > 0; i-- {
		j := g.r.intn(i + 1)
		s[i], s[j] = s[j], s[i]
	}
}

// clip returns the first n words of s without trailing punctuation.
func clip(s string, n int) string {
	words := strings.Fields(s)
	if len(words) > n {
		words = words[:n]
	}
	return strings.TrimRight(strings.Join(words, " "), ".,;:،؛")
}

// quote returns s as a YAML double-quoted scalar.
func quote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// rng is splitmix64: small, fast, and defined here so that a corpus does
// not change when the standard library's generators do.
type rng struct{ s uint64 }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a number in [0, n); n must be positive.
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }
