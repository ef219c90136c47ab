// Package render turns the site model into HTML pages, one per page kind
// and language, through the theme's html/template files. Views are prepared
// here; templates only format them. Pages render independently, so callers
// may render them in parallel.
package render

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"html/template"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"

	"briefing/generator/cite"
	"briefing/generator/content"
	"briefing/generator/date"
	"briefing/generator/markdown"
	"briefing/generator/source"
)

// Spec names one page to render.
type Spec struct {
	Path string // site path, e.g. "ar/topics/troops/index.html"
	Lang string
	Kind string // a page kind: home, topic, source, ...
	Key  string // the topic slug, article id or entity id
}

// Renderer renders the pages of one site. It is safe for concurrent use.
type Renderer struct {
	site    *content.Site
	theme   *Theme
	version string
	md      map[string]*markdown.Renderer
	counts  map[string]*entityCounts // by entity id, counted on first use

	datesOnce sync.Once
	dates     []dated // see sortedDates

	onSource map[string]*sourceEntities // by language; see sourceEntities
}

// New returns a Renderer for site with theme. version is written in each
// page's generator meta tag.
func New(site *content.Site, theme *Theme, version string) *Renderer {
	r := &Renderer{site: site, theme: theme, version: version, md: map[string]*markdown.Renderer{},
		counts: make(map[string]*entityCounts, len(site.Entities))}
	for _, e := range site.Entities {
		r.counts[e.ID] = &entityCounts{}
	}
	r.onSource = make(map[string]*sourceEntities, len(site.Languages))
	for _, lang := range site.Languages {
		r.md[lang] = markdown.NewRenderer(newResolver(r, lang), markdown.Options{UnsafeHTML: site.Config.UnsafeHTML})
		r.onSource[lang] = &sourceEntities{}
	}
	return r
}

// Pages lists every page of the site: the root redirect, and per language
// the home page, indexes, briefings, sources and entities.
func (r *Renderer) Pages() []Spec {
	specs := []Spec{{Path: "index.html", Lang: r.site.Languages[0], Kind: "redirect"}}
	for _, lang := range r.site.Languages {
		specs = append(specs,
			Spec{homePath(lang), lang, "home", ""},
			Spec{topicsPath(lang), lang, "topics", ""},
			Spec{sourcesPath(lang), lang, "sources", ""},
			Spec{chronologyPath(lang), lang, "chronology", ""},
			Spec{entitiesPath(lang), lang, "entities", ""},
		)
		for _, t := range r.site.Topics {
			specs = append(specs, Spec{topicPath(lang, t.Slug), lang, "topic", t.Slug})
		}
		for _, a := range r.site.Articles {
			specs = append(specs, Spec{sourcePath(lang, a.ID), lang, "source", a.ID})
		}
		for _, e := range r.site.Entities {
			specs = append(specs, Spec{entityPath(lang, e.ID), lang, "entity", e.ID})
		}
	}
	return specs
}

// Render writes the page s into buf.
func (r *Renderer) Render(s Spec, buf *bytes.Buffer) error {
	v, err := r.View(s)
	if err != nil {
		return err
	}
	return r.Execute(s, v, buf)
}

// View prepares what the template of page s is executed with. Two pages
// with equal views (see Fingerprint) and the same theme render to the
// same bytes, which lets a rebuild skip the template of a page whose view
// has not changed.
func (r *Renderer) View(s Spec) (any, error) {
	if s.Kind == "redirect" {
		return r.redirect(s), nil
	}
	p := r.page(s)
	switch s.Kind {
	case "home":
		p.Main = r.home(s)
	case "topics":
		p.Title = p.T["topics"]
		p.Main = TopicsView{Topics: r.topicCards(s)}
	case "topic":
		v, err := r.briefing(s)
		if err != nil {
			return nil, err
		}
		p.Title = v.Title.Text
		p.Description = v.Summary.Text
		p.Main = v
	case "sources":
		p.Title = p.T["sources"]
		p.Main = r.sourceItems(s)
	case "source":
		v := r.source(s)
		p.Title = v.Item.Title.Text
		p.Description = v.Item.Summary.Text
		p.Main = v
	case "chronology":
		p.Title = p.T["chronology"]
		p.Main = r.chronology(s)
	case "entities":
		p.Title = p.T["entities"]
		p.Main = r.entities(s)
	case "entity":
		v := r.entity(s)
		p.Title = v.Name.Text
		p.Description = v.Description.Text
		p.Main = v
	default:
		return nil, fmt.Errorf("render: unknown page kind %q", s.Kind)
	}
	r.publish(s, &p)
	return p, nil
}

// Execute renders view, as View returned it for s, into buf.
func (r *Renderer) Execute(s Spec, view any, buf *bytes.Buffer) error {
	if err := r.theme.execute(buf, s.Kind, view); err != nil {
		return fmt.Errorf("rendering %s: %w", s.Path, err)
	}
	return nil
}

// Fingerprint writes view, as View returned it, to w: every value the
// template can see except the interface strings, which belong to the
// theme. Views hold only strings, numbers, booleans, structs and slices,
// so a walk of their values is enough and much faster than fmt.
func Fingerprint(w io.Writer, view any) {
	if p, ok := view.(Page); ok {
		p.T = nil
		view = p
	}
	fp := fingerprinter{w: w}
	fp.value(reflect.ValueOf(view))
}

type fingerprinter struct {
	w   io.Writer
	num [8]byte
}

func (f *fingerprinter) int(n int) {
	binary.LittleEndian.PutUint64(f.num[:], uint64(n))
	f.w.Write(f.num[:])
}

func (f *fingerprinter) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.String:
		f.int(v.Len())
		io.WriteString(f.w, v.String())
	case reflect.Bool:
		if v.Bool() {
			f.int(1)
		} else {
			f.int(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.int(int(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		f.int(int(v.Uint()))
	case reflect.Struct:
		for i := range v.NumField() {
			f.value(v.Field(i))
		}
	case reflect.Slice, reflect.Array:
		f.int(v.Len())
		for i := range v.Len() {
			f.value(v.Index(i))
		}
	case reflect.Interface, reflect.Pointer:
		if v.IsNil() {
			f.int(-1)
			return
		}
		f.value(v.Elem())
	case reflect.Map:
		f.int(v.Len())
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, k := range keys {
			f.value(k)
			f.value(v.MapIndex(k))
		}
	case reflect.Invalid:
		f.int(-2)
	default:
		// A kind views do not use: fall back to its printed form.
		fmt.Fprint(f.w, v.Interface())
	}
}

func (r *Renderer) page(s Spec) Page {
	T := r.theme.T(s.Lang)
	title, _ := r.site.Config.Title.In(s.Lang)
	desc, _ := r.site.Config.Description.In(s.Lang)
	p := Page{
		Lang: s.Lang, Dir: source.Dir(s.Lang), Root: rootOf(s.Path), T: T,
		SiteTitle: title, Description: desc, Path: s.Path, Home: rel(s.Path, homePath(s.Lang)),
		Generator: "briefing " + r.version,
	}
	nav := []struct{ kind, path string }{
		{"home", homePath(s.Lang)}, {"topics", topicsPath(s.Lang)}, {"chronology", chronologyPath(s.Lang)},
		{"sources", sourcesPath(s.Lang)}, {"entities", entitiesPath(s.Lang)},
	}
	for _, n := range nav {
		current := n.kind == s.Kind || n.kind+"s" == s.Kind || (n.kind == "topics" && s.Kind == "topic") ||
			(n.kind == "sources" && s.Kind == "source") || (n.kind == "entities" && s.Kind == "entity")
		p.Nav = append(p.Nav, Link{Href: rel(s.Path, n.path), Label: T[n.kind], Current: current})
	}
	base := strings.TrimSuffix(r.site.Config.BaseURL, "/")
	for _, lang := range r.site.Languages {
		path := lang + strings.TrimPrefix(s.Path, s.Lang)
		a := Alternate{Lang: lang, Dir: source.Dir(lang), Href: rel(s.Path, path), Label: r.theme.T(lang)["language_name"], Current: lang == s.Lang}
		if base != "" {
			a.Absolute = base + "/" + path
		}
		p.Alternates = append(p.Alternates, a)
	}
	if base != "" {
		p.Canonical = base + "/" + s.Path
	}
	return p
}

// localize picks the text of t for lang and says which language it is in.
func localize(t source.Text, lang string) Localized {
	if s := t[lang]; s != "" { // the common case, in one look-up
		return Localized{Text: s, Lang: lang, Dir: source.Dir(lang)}
	}
	s, l := t.In(lang)
	if _, ok := t[""]; ok && t[lang] == "" {
		l = lang
	}
	return Localized{Text: s, Lang: l, Dir: source.Dir(l), Foreign: l != lang}
}

func local(s, lang, pageLang string) Localized {
	return Localized{Text: s, Lang: lang, Dir: source.Dir(lang), Foreign: lang != pageLang}
}

func (r *Renderer) date(d date.Date, lang string) string {
	return d.Format(lang, r.site.Config.EasternDigits)
}

func (r *Renderer) number(n int, lang string) string {
	s := strconv.Itoa(n)
	if lang == "ar" && r.site.Config.EasternDigits {
		s = date.EasternDigits(s)
	}
	return s
}

func (r *Renderer) topicTitle(t *content.Topic, lang string) Localized {
	n, _ := t.Note(lang, r.site.Languages)
	return local(n.Title, n.Lang, lang)
}

func (r *Renderer) topicLinks(from, lang string, slugs []string) []Link {
	var out []Link
	for _, slug := range slugs {
		if t := r.site.Topic(slug); t != nil {
			if out == nil {
				out = make([]Link, 0, len(slugs))
			}
			title := r.topicTitle(t, lang)
			out = append(out, Link{Href: rel(from, topicPath(lang, slug)), Label: title.Text, Lang: title.Lang, Dir: title.Dir, Kind: "topic"})
		}
	}
	return out
}

func (r *Renderer) topicCards(s Spec) []TopicCard {
	var cards []TopicCard
	for _, t := range r.site.Topics {
		n, fallback := t.Note(s.Lang, r.site.Languages)
		cards = append(cards, TopicCard{
			Href:     rel(s.Path, topicPath(s.Lang, t.Slug)),
			Title:    local(n.Title, n.Lang, s.Lang),
			Summary:  local(n.Summary, n.Lang, s.Lang),
			Updated:  r.date(n.Updated, s.Lang),
			Fallback: fallback,
		})
	}
	return cards
}

func (r *Renderer) eventItem(from, lang string, e *content.Event) EventItem {
	it := EventItem{
		ID: e.ID, Href: rel(from, eventPath(lang, e.ID)), Date: r.date(e.Date, lang), DateISO: e.Date.String(),
		Precision: e.Date.Precision().String(), Title: localize(e.Title, lang), Summary: localize(e.Summary, lang),
		Topics: r.topicLinks(from, lang, e.Topics),
	}
	for _, ref := range e.Sources {
		it.Sources = append(it.Sources, r.refLink(from, lang, ref))
	}
	return it
}

// refLink links to a cited paragraph, labelled "a003 ¶4".
func (r *Renderer) refLink(from, lang string, ref cite.Ref) Link {
	target := sourcePath(lang, ref.Article)
	if !ref.Whole() {
		target += "#p" + strconv.Itoa(ref.From)
	}
	return Link{Href: rel(from, target), Label: strings.TrimSpace(ref.Article + " " + r.paraLabel(ref, lang)), Lang: "en", Dir: "ltr", Kind: "source"}
}

func (r *Renderer) paraLabel(ref cite.Ref, lang string) string {
	switch {
	case ref.Whole():
		return ""
	case ref.From == ref.To:
		return "¶" + r.number(ref.From, lang)
	}
	return "¶" + r.number(ref.From, lang) + "–" + r.number(ref.To, lang)
}

func (r *Renderer) sourceItem(from, lang string, a *content.Article) SourceItem {
	it := SourceItem{
		Href: rel(from, sourcePath(lang, a.ID)), ID: a.ID, Title: localize(a.Title, lang), Editorial: a.TitleEditorial,
		Outlet: localize(a.Outlet, lang), Date: r.date(a.Published, lang), DateISO: a.Published.String(),
		Summary: localize(a.Summary, lang), Topics: r.topicLinks(from, lang, a.Topics),
	}
	return it
}

func (r *Renderer) sourceItems(s Spec) []SourceItem {
	var out []SourceItem
	if len(r.site.Articles) > 0 {
		out = make([]SourceItem, 0, len(r.site.Articles))
	}
	for _, a := range r.site.Articles {
		out = append(out, r.sourceItem(s.Path, s.Lang, a))
	}
	return out
}

// How many of the latest events and sources the home page lists.
const (
	latestEvents  = 8
	latestSources = 10
)

func (r *Renderer) home(s Spec) HomeView {
	T := r.theme.T(s.Lang)
	v := HomeView{Description: localize(r.site.Config.Description, s.Lang), Topics: r.topicCards(s)}
	for _, a := range r.site.Articles[:min(latestSources, len(r.site.Articles))] {
		v.Sources = append(v.Sources, r.sourceItem(s.Path, s.Lang, a))
	}
	v.AllSources = Link{Href: rel(s.Path, sourcesPath(s.Lang)), Label: T["all_sources"]}
	events := r.site.Events
	for i := len(events) - 1; i >= 0 && len(v.Events) < latestEvents; i-- {
		v.Events = append(v.Events, r.eventItem(s.Path, s.Lang, events[i]))
	}
	v.Counts = []Link{
		{Href: rel(s.Path, topicsPath(s.Lang)), Label: r.number(len(r.site.Topics), s.Lang) + " " + T["count_topics"]},
		{Href: rel(s.Path, chronologyPath(s.Lang)), Label: r.number(len(r.site.Events), s.Lang) + " " + T["count_events"]},
		{Href: rel(s.Path, sourcesPath(s.Lang)), Label: r.number(len(r.site.Articles), s.Lang) + " " + T["count_sources"]},
		{Href: rel(s.Path, entitiesPath(s.Lang)), Label: r.number(len(r.site.Entities), s.Lang) + " " + T["count_entities"]},
	}
	v.AllEvents = Link{Href: rel(s.Path, chronologyPath(s.Lang)), Label: T["all_events"]}
	return v
}

func (r *Renderer) briefing(s Spec) (BriefingView, error) {
	t := r.site.Topic(s.Key)
	n, fallback := t.Note(s.Lang, r.site.Languages)
	body := bodyBufs.Get().(*bytes.Buffer)
	body.Reset()
	defer func() {
		if body.Cap() <= maxBodyBuffer {
			bodyBufs.Put(body)
		}
	}()
	if err := r.md[s.Lang].Render(body, n.Doc); err != nil {
		return BriefingView{}, fmt.Errorf("%s: rendering Markdown: %w", n.Path, err)
	}
	v := BriefingView{
		Title: local(n.Title, n.Lang, s.Lang), Summary: local(n.Summary, n.Lang, s.Lang),
		Updated: r.date(n.Updated, s.Lang), UpdatedISO: n.Updated.String(), Fallback: fallback,
		Body: template.HTML(body.String()),
	}
	if n.Updated.IsZero() {
		v.UpdatedISO = ""
	}
	if len(n.Doc.TOC) > 0 {
		v.TOC = make([]TOCItem, 0, len(n.Doc.TOC))
	}
	for _, h := range n.Doc.TOC {
		v.TOC = append(v.TOC, TOCItem{Href: "#" + h.ID, Text: h.Text, Level: h.Level})
	}
	first := map[int]int{}
	for _, u := range n.Doc.Uses {
		if _, ok := first[u.Number]; !ok {
			first[u.Number] = u.Occurrence
		}
	}
	res := newResolver(r, s.Lang)
	if len(n.Doc.Refs) > 0 {
		v.Sources = make([]SourceRef, 0, len(n.Doc.Refs))
	}
	for i, ref := range n.Doc.Refs {
		a := r.site.Article(ref.Article)
		target, _ := res.target(ref)
		v.Sources = append(v.Sources, SourceRef{
			Number: r.number(i+1, s.Lang), ID: "src-" + strconv.Itoa(i+1), Href: target.Href,
			Ref: r.paraLabel(ref, s.Lang), Title: localize(a.Title, s.Lang), Outlet: localize(a.Outlet, s.Lang),
			Date: r.date(a.Published, s.Lang), Preview: local(target.Preview, target.PreviewLang, s.Lang),
			Back: "#cite-" + strconv.Itoa(first[i+1]),
		})
	}
	if len(t.Events) > 0 {
		v.Events = make([]EventItem, 0, len(t.Events))
	}
	for _, e := range t.Events {
		v.Events = append(v.Events, r.eventItem(s.Path, s.Lang, e))
	}
	if len(t.Entities) > 0 {
		v.Entities = make([]Link, 0, len(t.Entities))
	}
	for _, e := range t.Entities {
		name := localize(e.Name, s.Lang)
		v.Entities = append(v.Entities, Link{Href: rel(s.Path, entityPath(s.Lang, e.ID)), Label: name.Text, Lang: name.Lang, Dir: name.Dir})
	}
	if len(t.Articles) > 0 {
		v.Articles = make([]SourceItem, 0, len(t.Articles))
	}
	for _, a := range t.Articles {
		v.Articles = append(v.Articles, r.sourceItem(s.Path, s.Lang, a))
	}
	return v, nil
}

// bodyBufs holds the buffers briefings' Markdown is rendered into, up to
// maxBodyBuffer bytes each.
var bodyBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

const maxBodyBuffer = 1 << 20

// previewRunes bounds the cited text shown on hover.
const previewRunes = 280

func preview(text string) string {
	n := 0
	for i := range text {
		if n == previewRunes {
			cut := text[:i]
			if j := strings.LastIndexByte(cut, ' '); j > previewRunes/2 {
				cut = cut[:j]
			}
			return cut + " …"
		}
		n++
	}
	return text // no longer than previewRunes
}

// resolver resolves citations and topic links for briefing pages of one
// language; every briefing is at the same depth, so links are the same
// for all of them.
type resolver struct {
	r    *Renderer
	lang string
	// sources is the link from a briefing to the directory of the source
	// pages, "../../sources/": a briefing is in no directory of a source
	// page, so rel(from, sourcePath(lang, id)) is sources + the rest.
	sources string
}

func newResolver(r *Renderer, lang string) resolver {
	res := resolver{r: r, lang: lang}
	res.sources = rel(res.from(), lang+"/sources/")
	return res
}

func (res resolver) from() string { return topicPath(res.lang, "x") }

func (res resolver) Cite(ref cite.Ref) (markdown.Target, bool) {
	t, ok := res.target(ref)
	if !ok {
		return t, false
	}
	a := res.r.site.Article(ref.Article)
	title, _ := a.Title.In(res.lang)
	t.Label = title + " " + res.r.paraLabel(ref, res.lang)
	return t, true
}

// target is what Cite returns but the label.
func (res resolver) target(ref cite.Ref) (markdown.Target, bool) {
	a := res.r.site.Article(ref.Article)
	if a == nil || ref.To > len(a.Paragraphs) {
		return markdown.Target{}, false
	}
	// The link refLink makes, without its label.
	href := res.sources + ref.Article + "/index.html"
	if !ref.Whole() {
		href += "#p" + strconv.Itoa(ref.From)
	}
	t := markdown.Target{Href: href, PreviewLang: a.Language}
	if ref.Whole() {
		t.Preview = preview(a.Paragraphs[0].Text)
	} else {
		t.Preview = preview(a.Paragraphs[ref.From-1].Text)
		if ref.To > ref.From {
			t.Preview += " …"
		}
	}
	return t, true
}

func (res resolver) Topic(slug string) (string, string, bool) {
	t := res.r.site.Topic(slug)
	if t == nil {
		return "", "", false
	}
	return rel(res.from(), topicPath(res.lang, slug)), res.r.topicTitle(t, res.lang).Text, true
}

func (res resolver) Number(n int) string { return res.r.number(n, res.lang) }
