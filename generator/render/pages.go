package render

import (
	"cmp"
	"html"
	"html/template"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"

	"briefing/generator/content"
	"briefing/generator/source"
)

func (r *Renderer) redirect(s Spec) RedirectView {
	title, _ := r.site.Config.Title.In(s.Lang)
	v := RedirectView{Target: homePath(s.Lang), SiteTitle: title}
	for _, lang := range r.site.Languages {
		t, _ := r.site.Config.Title.In(lang)
		v.Languages = append(v.Languages, Link{Href: homePath(lang), Label: t, Lang: lang, Dir: source.Dir(lang)})
	}
	return v
}

func (r *Renderer) backlink(from, lang string, b content.Backlink) Link {
	T := r.theme.T(lang)
	switch b.Kind {
	case content.FromBriefing:
		title := r.topicTitle(b.Topic, lang)
		href := topicPath(lang, b.Topic.Slug)
		if b.Lang == lang {
			href += "#cite-" + strconv.Itoa(b.Occurrence)
		}
		label := title.Text
		if b.Lang != lang {
			label += " (" + r.theme.T(b.Lang)["language_name"] + ")"
		}
		return Link{Href: rel(from, href), Label: label, Lang: title.Lang, Dir: title.Dir, Kind: T["kind_briefings"]}
	case content.FromEvent:
		t := localize(b.Event.Title, lang)
		return Link{Href: rel(from, eventPath(lang, b.Event.ID)), Label: t.Text, Lang: t.Lang, Dir: t.Dir, Kind: T["kind_events"]}
	default:
		n := localize(b.Entity.Name, lang)
		return Link{Href: rel(from, entityPath(lang, b.Entity.ID)), Label: n.Text, Lang: n.Lang, Dir: n.Dir, Kind: T["kind_entities"]}
	}
}

// sourceEntities is what every source page of a language writes alike for
// each entity: the opening tag of the link on a mention of it, and its
// backlink. Links are relative, and all source pages are as deep.
type sourceEntities struct {
	once   sync.Once
	anchor map[string]string // by entity id: <a class="entity" href="..." title="...">
	link   map[string]Link   // by entity id
}

// sourceEntities returns the sourceEntities of lang, made on first use.
func (r *Renderer) sourceEntities(lang string) *sourceEntities {
	on := r.onSource[lang]
	on.once.Do(func() {
		from := sourcePath(lang, "a")
		on.anchor = make(map[string]string, len(r.site.Entities))
		on.link = make(map[string]Link, len(r.site.Entities))
		for _, e := range r.site.Entities {
			on.anchor[e.ID] = `<a class="entity" href="` + html.EscapeString(rel(from, entityPath(lang, e.ID))) +
				`" title="` + html.EscapeString(localize(e.Name, lang).Text) + `">`
			on.link[e.ID] = r.backlink(from, lang, content.Backlink{Kind: content.FromEntity, Entity: e})
		}
	})
	return on
}

// sourceBacklinks groups the backlinks of a source page, from, by kind:
// briefings (in the page's language first), events, then entities, each
// in the order of list; the entities named, when given, come last, as if
// they ended list.
func (r *Renderer) sourceBacklinks(from, lang string, list []content.Backlink, named []*content.Entity) []BacklinkGroup {
	if len(list)+len(named) == 0 {
		return nil
	}
	// The links of every group share one array, filled rank by rank:
	// what a stable sort by rank would give, without the copy to sort.
	links := make([]Link, 0, len(list)+len(named))
	for rank := range 4 {
		for _, b := range list {
			if backlinkRank(b, lang) != rank {
				continue
			}
			// A briefing shown in its own language is enough; skip the
			// other language's note of a topic already linked.
			if rank == 1 && hasTopic(list, b.Topic, lang) {
				continue
			}
			links = append(links, r.backlink(from, lang, b))
		}
	}
	on := r.sourceEntities(lang)
	for _, e := range named {
		links = append(links, on.link[e.ID])
	}
	var out []BacklinkGroup
	for i := 0; i < len(links); {
		j := i + 1
		for j < len(links) && links[j].Kind == links[i].Kind {
			j++
		}
		out = append(out, BacklinkGroup{Kind: links[i].Kind, Links: links[i:j:j]})
		i = j
	}
	return out
}

// backlinkRank orders backlinks: briefings in lang, briefings in another
// language, events, entities.
func backlinkRank(b content.Backlink, lang string) int {
	switch {
	case b.Kind == content.FromBriefing && b.Lang == lang:
		return 0
	case b.Kind == content.FromBriefing:
		return 1
	case b.Kind == content.FromEvent:
		return 2
	}
	return 3
}

func hasTopic(list []content.Backlink, t *content.Topic, lang string) bool {
	for _, b := range list {
		if b.Kind == content.FromBriefing && b.Topic == t && b.Lang == lang {
			return true
		}
	}
	return false
}

func (r *Renderer) source(s Spec) SourceView {
	a := r.site.Article(s.Key)
	T := r.theme.T(s.Lang)
	v := SourceView{
		Item: r.sourceItem(s.Path, s.Lang, a), Original: localize(a.Title, a.Language), DateNote: a.DateNote,
		Language: T["language_"+a.Language], URL: a.URL, TextLang: a.Language, TextDir: source.Dir(a.Language),
	}
	v.Original.Foreign = a.Language != s.Lang
	if len(a.Paragraphs) > 0 {
		v.Paragraphs = make([]ParagraphView, len(a.Paragraphs))
	}
	for i, p := range a.Paragraphs {
		var ms []content.Mention
		if i < len(a.Mentions) {
			ms = a.Mentions[i]
		}
		href := "#p" + strconv.Itoa(p.N)
		v.Paragraphs[i] = ParagraphView{N: r.number(p.N, s.Lang), ID: href[1:], Href: href,
			Text: r.linkMentions(s, p.Text, ms), Backlinks: r.sourceBacklinks(s.Path, s.Lang, a.Citers[i], r.site.Named(ms))}
	}
	v.WholeCiters = r.sourceBacklinks(s.Path, s.Lang, a.WholeCiters, nil)
	return v
}

// linkMentions escapes text and links the entity mentions in it.
func (r *Renderer) linkMentions(s Spec, text string, ms []content.Mention) template.HTML {
	if len(ms) == 0 {
		return template.HTML(html.EscapeString(text))
	}
	var b strings.Builder
	b.Grow(len(text) + len(ms)*96)
	on := r.sourceEntities(s.Lang)
	at := int32(0)
	for _, m := range ms {
		if m.Start < at {
			continue
		}
		anchor, ok := on.anchor[m.Entity]
		if !ok { // not an entity of the site: left as text
			continue
		}
		writeEscaped(&b, text[at:m.Start])
		b.WriteString(anchor)
		writeEscaped(&b, text[m.Start:m.End])
		b.WriteString(`</a>`)
		at = m.End
	}
	writeEscaped(&b, text[at:])
	return template.HTML(b.String())
}

// escapes holds what writeEscaped writes for each byte that
// html.EscapeString escapes.
var escapes = [256]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}

// writeEscaped writes s to b escaped as html.EscapeString escapes it,
// without making the escaped string first.
func writeEscaped(b *strings.Builder, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if esc := escapes[s[i]]; esc != "" {
			b.WriteString(s[last:i])
			b.WriteString(esc)
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

func (r *Renderer) chronology(s Spec) ChronologyView {
	var v ChronologyView
	for _, e := range r.site.Events {
		year := r.number(e.Date.Year, s.Lang)
		if len(v.Years) == 0 || v.Years[len(v.Years)-1].Year != year {
			v.Years = append(v.Years, YearGroup{Year: year, ID: "y" + strconv.Itoa(e.Date.Year)})
		}
		g := &v.Years[len(v.Years)-1]
		it := r.eventItem(s.Path, s.Lang, e)
		it.Href = "" // the event is on this page: its title is not a link
		g.Events = append(g.Events, it)
	}
	v.Count = r.number(len(r.site.Events), s.Lang)
	v.Timeline, v.Legend = r.timeline(s)
	var n int
	v.Mentions, n = r.dateMentions(s)
	v.MentionCount = r.number(n, s.Lang)
	return v
}

func (r *Renderer) entities(s Spec) EntitiesView {
	T := r.theme.T(s.Lang)
	var v EntitiesView
	for _, kind := range source.Kinds {
		g := EntityGroup{Kind: T["kind_"+kind+"s"], ID: kind}
		for _, e := range r.site.Entities {
			if e.Kind != kind {
				continue
			}
			g.Entities = append(g.Entities, EntityItem{
				Href: rel(s.Path, entityPath(s.Lang, e.ID)), Name: localize(e.Name, s.Lang),
				Other: r.otherName(e, s.Lang), Mentions: r.number(len(e.Mentions), s.Lang),
			})
		}
		if len(g.Entities) > 0 {
			v.Groups = append(v.Groups, g)
		}
	}
	return v
}

// otherName is an entity's name in the first other language that has one.
func (r *Renderer) otherName(e *content.Entity, lang string) Localized {
	for _, l := range source.Languages {
		if l != lang && e.Name[l] != "" {
			return local(e.Name[l], l, lang)
		}
	}
	return Localized{}
}

// maxMentions bounds the mentions an entity page shows in full, the
// latest first; the list of sources by count stays complete, so a page
// stays readable when an entity is named thousands of times.
const maxMentions = 100

// snippetRunes bounds the context shown around a mention.
const snippetRunes = 90

func (r *Renderer) entity(s Spec) EntityView {
	e := r.site.Entity(s.Key)
	T := r.theme.T(s.Lang)
	v := EntityView{Name: localize(e.Name, s.Lang), Other: r.otherName(e, s.Lang), Kind: T["kind_"+e.Kind],
		Description: localize(e.Description, s.Lang)}
	for _, l := range source.Languages {
		v.Aliases = append(v.Aliases, e.Aliases[l]...)
	}
	st := r.entityStats(e)
	if n := min(len(e.Mentions), maxMentions); n > 0 {
		v.Mentions = make([]MentionView, 0, n)
	}
	for _, m := range e.Mentions[:min(len(e.Mentions), maxMentions)] {
		p := m.Article.Paragraphs[m.Paragraph-1]
		v.Mentions = append(v.Mentions, MentionView{
			Href:    rel(s.Path, paragraphPath(s.Lang, m.Article.ID, int(m.Paragraph))),
			Source:  localize(m.Article.Title, s.Lang),
			Para:    "¶" + r.number(int(m.Paragraph), s.Lang),
			Snippet: snippet(p.Text, int(m.Start), int(m.End)),
			Lang:    m.Article.Language, Dir: source.Dir(m.Article.Language),
		})
	}
	if n := len(e.Mentions); n > maxMentions {
		v.MoreMentions = strings.ReplaceAll(T["more_mentions"], "{n}", r.number(n-maxMentions, s.Lang))
	}
	if n := st.articles; n > maxMentions {
		v.MoreArticles = strings.ReplaceAll(T["more_sources"], "{n}", r.number(n-maxMentions, s.Lang))
	}
	if len(st.top) > 0 {
		v.Articles = make([]CountLink, 0, len(st.top))
	}
	for _, ac := range st.top {
		a := ac.a
		t := localize(a.Title, s.Lang)
		v.Articles = append(v.Articles, CountLink{Link: Link{Href: rel(s.Path, sourcePath(s.Lang, a.ID)), Label: t.Text, Lang: t.Lang, Dir: t.Dir}, Count: r.number(ac.n, s.Lang)})
	}
	for _, t := range e.Topics {
		title := r.topicTitle(t, s.Lang)
		v.Topics = append(v.Topics, Link{Href: rel(s.Path, topicPath(s.Lang, t.Slug)), Label: title.Text, Lang: title.Lang, Dir: title.Dir})
	}
	// The latest events, newest first, as on the home page.
	for i := len(e.Events) - 1; i >= 0 && len(v.Events) < maxMentions; i-- {
		v.Events = append(v.Events, r.eventItem(s.Path, s.Lang, e.Events[i]))
	}
	for _, rc := range st.related {
		o := r.site.Entity(rc.id)
		n := localize(o.Name, s.Lang)
		v.Related = append(v.Related, CountLink{Link: Link{Href: rel(s.Path, entityPath(s.Lang, o.ID)), Label: n.Text, Lang: n.Lang, Dir: n.Dir}, Count: r.number(rc.n, s.Lang)})
	}
	return v
}

// entityCounts is what the pages of an entity count of its mentions, the
// same in every language: the articles that name it most, and the
// entities named most often in the same paragraphs.
type entityCounts struct {
	once     sync.Once
	articles int // how many articles name it
	top      []struct {
		a *content.Article
		n int
	} // the first maxMentions of them, by count
	related []struct {
		id string
		n  int
	} // the first 8, by count and id
}

// entityStats returns the counts of e, counted once for all languages.
func (r *Renderer) entityStats(e *content.Entity) *entityCounts {
	c := r.counts[e.ID]
	if c == nil { // not an entity of the site: count it for this page
		c = &entityCounts{}
	}
	c.once.Do(func() { r.countEntity(e, c) })
	return c
}

func (r *Renderer) countEntity(e *content.Entity, c *entityCounts) {
	perArticle := map[*source.Article]int{}
	related := map[string]int{} // by entity id
	var art *content.Article    // the article of m: mentions come article by article
	for _, m := range e.Mentions {
		perArticle[m.Article]++
		if art == nil || art.Article != m.Article {
			art = r.site.Article(m.Article.ID)
		}
		for _, other := range art.Mentions[m.Paragraph-1] {
			if other.Entity != e.ID {
				related[other.Entity]++
			}
		}
	}
	var arts []*content.Article
	if len(perArticle) > 0 {
		arts = make([]*content.Article, 0, len(perArticle))
		for _, a := range r.site.Articles {
			if perArticle[a.Article] > 0 {
				arts = append(arts, a)
			}
		}
	}
	slices.SortStableFunc(arts, func(a, b *content.Article) int { return perArticle[b.Article] - perArticle[a.Article] })
	c.articles = len(arts)
	arts = arts[:min(len(arts), maxMentions)]
	c.top = make([]struct {
		a *content.Article
		n int
	}, len(arts))
	for i, a := range arts {
		c.top[i].a, c.top[i].n = a, perArticle[a.Article]
	}
	ids := slices.Collect(maps.Keys(related))
	slices.SortFunc(ids, func(a, b string) int { return cmp.Or(related[b]-related[a], cmp.Compare(a, b)) })
	ids = ids[:min(8, len(ids))]
	c.related = make([]struct {
		id string
		n  int
	}, len(ids))
	for i, id := range ids {
		c.related[i].id, c.related[i].n = id, related[id]
	}
}

// snippet returns the words around text[start:end] with the mention marked.
func snippet(text string, start, end int) template.HTML {
	from := start
	for n := 0; from > 0 && n < snippetRunes; n++ {
		from = prevRune(text, from)
	}
	if from > 0 {
		if i := strings.IndexByte(text[from:start], ' '); i >= 0 {
			from += i + 1
		}
	}
	to := end
	for n := 0; to < len(text) && n < snippetRunes; n++ {
		to = nextRune(text, to)
	}
	if to < len(text) {
		if i := strings.LastIndexByte(text[end:to], ' '); i >= 0 {
			to = end + i
		}
	}
	var b strings.Builder
	if from > 0 {
		b.WriteString("… ")
	}
	b.WriteString(html.EscapeString(text[from:start]))
	b.WriteString("<mark>" + html.EscapeString(text[start:end]) + "</mark>")
	b.WriteString(html.EscapeString(text[end:to]))
	if to < len(text) {
		b.WriteString(" …")
	}
	return template.HTML(b.String())
}

func prevRune(s string, i int) int {
	i--
	for i > 0 && s[i]&0xC0 == 0x80 {
		i--
	}
	return i
}

func nextRune(s string, i int) int {
	i++
	for i < len(s) && s[i]&0xC0 == 0x80 {
		i++
	}
	return i
}
