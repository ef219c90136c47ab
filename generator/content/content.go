// Package content is the site model: the articles, notes, events and
// entities of a site joined together. Assemble checks every reference
// between them (citations, topic links, topics of articles and events),
// computes what cites each paragraph and finds the entities each names.
package content

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"briefing/generator/cite"
	"briefing/generator/date"
	"briefing/generator/diag"
	"briefing/generator/markdown"
	"briefing/generator/source"
)

// Site is the whole site model. It is not modified after Assemble returns.
type Site struct {
	Config    *source.Site
	Languages []string // the first is the default
	Articles  []*Article
	Topics    []*Topic
	Events    []*Event
	Entities  []*Entity

	articles map[string]*Article
	topics   map[string]*Topic
	entities map[string]*Entity
}

// Article is a source article with what cites it.
type Article struct {
	*source.Article
	// Citers lists, per paragraph (index N-1), the briefings and events
	// that cite it; the entities it names are in Mentions.
	Citers [][]Backlink
	// WholeCiters lists what cites the article as a whole.
	WholeCiters []Backlink
	// Mentions lists, per paragraph (index N-1), the entities named in it.
	Mentions [][]Mention
	// Dates lists the dates the text mentions, in order.
	Dates []DateMention
}

// Note is a briefing note with its parsed Markdown.
type Note struct {
	*source.Note
	Doc *markdown.Doc
}

// Topic is one topic: its notes per language and what belongs to it.
type Topic struct {
	Slug     string
	Order    int
	Notes    map[string]*Note // by language
	Events   []*Event
	Articles []*Article
	Entities []*Entity // named in the paragraphs its notes cite, by frequency
}

// Note returns the note to show for lang, and whether it is a fallback in
// another language because the translation is missing.
func (t *Topic) Note(lang string, langs []string) (n *Note, fallback bool) {
	if n := t.Notes[lang]; n != nil {
		return n, false
	}
	for _, l := range langs {
		if n := t.Notes[l]; n != nil {
			return n, true
		}
	}
	for _, l := range source.Languages {
		if n := t.Notes[l]; n != nil {
			return n, true
		}
	}
	return nil, true
}

// Event is an event of the chronology.
type Event struct {
	*source.Event
	ID string // unique anchor on the chronology page
}

// Entity is a person, organisation or place with where it is named.
type Entity struct {
	*source.Entity
	Mentions []*Mention // in the order of the site's articles and their paragraphs
	Topics   []*Topic   // topics whose notes cite paragraphs that name it
	Events   []*Event   // events whose sources name it
}

// BacklinkKind says what kind of page a backlink leads to.
type BacklinkKind uint8

const (
	FromBriefing BacklinkKind = iota
	FromEvent
	FromEntity // not in Citers: pages make these from Mentions (see Site.Named)
)

// Backlink is something that cites or names a paragraph.
type Backlink struct {
	Kind       BacklinkKind
	Topic      *Topic  // FromBriefing
	Lang       string  // FromBriefing: the language of the citing note
	Occurrence int     // FromBriefing: the citation's anchor "cite-<N>" on the briefing
	Event      *Event  // FromEvent
	Entity     *Entity // FromEntity
}

// Article returns the article with id, or nil.
func (s *Site) Article(id string) *Article { return s.articles[id] }

// Topic returns the topic with slug, or nil.
func (s *Site) Topic(slug string) *Topic { return s.topics[slug] }

// Entity returns the entity with id, or nil.
func (s *Site) Entity(id string) *Entity { return s.entities[id] }

// Input is everything Assemble needs: the parsed files of a site.
type Input struct {
	Site     *source.Site
	Articles []*SourceArticle
	Notes    []*Note
	Events   []*source.Event
	Entities []*source.Entity
	// Mentions, when set, keeps the entity mentions of unchanged articles
	// from the last Assemble.
	Mentions *MentionCache
}

// Assemble joins parsed content into a Site, reporting broken references
// and missing translations to d. It does not stop at the first problem.
func Assemble(in Input, d *diag.List) *Site {
	s := &Site{Config: in.Site, articles: map[string]*Article{}, topics: map[string]*Topic{}, entities: map[string]*Entity{}}
	if s.Config == nil {
		s.Config = &source.Site{Languages: slices.Clone(source.Languages)}
	}
	s.Languages = s.Config.Languages

	for _, sa := range in.Articles {
		a := sa.Article
		if prev := s.articles[a.ID]; prev != nil {
			d.Errorf(a.Path, 1, "duplicate article id %q (also %s)", a.ID, prev.Path)
			continue
		}
		art := &Article{Article: a, Dates: sa.Dates, Citers: make([][]Backlink, len(a.Paragraphs))}
		s.articles[a.ID] = art
		s.Articles = append(s.Articles, art)
	}
	slices.SortFunc(s.Articles, func(a, b *Article) int {
		return cmp.Or(-date.Compare(a.Published, b.Published), cmp.Compare(a.ID, b.ID))
	})

	for _, n := range in.Notes {
		t := s.topics[n.Topic]
		if t == nil {
			t = &Topic{Slug: n.Topic, Notes: map[string]*Note{}}
			s.topics[n.Topic] = t
			s.Topics = append(s.Topics, t)
		}
		if prev := t.Notes[n.Lang]; prev != nil {
			d.Errorf(n.Path, 1, "duplicate note for topic %q in %s (also %s)", n.Topic, n.Lang, prev.Path)
			continue
		}
		t.Notes[n.Lang] = n
		if n.Order != 0 && (t.Order == 0 || n.Order < t.Order) {
			t.Order = n.Order
		}
	}
	slices.SortFunc(s.Topics, func(a, b *Topic) int {
		ao, bo := a.Order, b.Order
		if ao == 0 {
			ao = 1 << 30
		}
		if bo == 0 {
			bo = 1 << 30
		}
		return cmp.Or(cmp.Compare(ao, bo), cmp.Compare(a.Slug, b.Slug))
	})
	for _, t := range s.Topics {
		for _, lang := range s.Languages {
			if t.Notes[lang] == nil {
				n, _ := t.Note(lang, s.Languages)
				d.Warnf(n.Path, 1, "topic %q has no %s translation (want notes/%s.%s.md): the %s note is shown instead", t.Slug, lang, t.Slug, lang, n.Lang)
			}
		}
	}

	for _, t := range s.Topics {
		for _, lang := range source.Languages {
			if n := t.Notes[lang]; n != nil {
				s.checkNote(t, n, d)
			}
		}
	}
	for _, a := range s.Articles {
		for _, slug := range a.Topics {
			if s.topics[slug] == nil {
				d.Errorf(a.Path, a.TopicsLine, "unknown topic %q: no note notes/%s.<lang>.md", slug, slug)
				continue
			}
			t := s.topics[slug]
			t.Articles = append(t.Articles, a)
		}
	}

	s.assembleEvents(in.Events, d)
	s.assembleEntities(in.Entities, d)
	s.findMentions(in.Mentions)

	for _, a := range s.Articles {
		if len(a.WholeCiters) == 0 && !slices.ContainsFunc(a.Citers, func(c []Backlink) bool { return len(c) > 0 }) {
			d.Warnf(a.Path, 1, "article %q is not cited by any note or event", a.ID)
		}
	}
	return s
}

// resolve checks a reference and returns its article, reporting a broken one.
func (s *Site) resolve(r cite.Ref, path string, line int, d *diag.List) *Article {
	a := s.articles[r.Article]
	if a == nil {
		d.Errorf(path, line, "citation %s: no article %q (want content/articles/%s.md)", r, r.Article, r.Article)
		return nil
	}
	if r.To > len(a.Paragraphs) {
		d.Errorf(path, line, "citation %s: article %q has %d paragraphs", r, r.Article, len(a.Paragraphs))
		return nil
	}
	return a
}

// link records b as citing r in its article.
func link(a *Article, r cite.Ref, b Backlink) {
	if r.Whole() {
		a.WholeCiters = appendOnce(a.WholeCiters, b)
		return
	}
	for p := r.From; p <= r.To; p++ {
		a.Citers[p-1] = appendOnce(a.Citers[p-1], b)
	}
}

// appendOnce appends b unless the list already links to the same page.
func appendOnce(list []Backlink, b Backlink) []Backlink {
	for _, x := range list {
		if x.Kind == b.Kind && x.Topic == b.Topic && x.Lang == b.Lang && x.Event == b.Event {
			return list
		}
	}
	return append(list, b)
}

func (s *Site) checkNote(t *Topic, n *Note, d *diag.List) {
	line := func(l int) int { return n.BodyLine + l - 1 }
	for _, p := range n.Doc.Problems {
		d.Errorf(n.Path, line(p.Line), "%s", p.Message)
	}
	for _, u := range n.Doc.Uses {
		if a := s.resolve(u.Ref, n.Path, line(u.Line), d); a != nil {
			link(a, u.Ref, Backlink{Kind: FromBriefing, Topic: t, Lang: n.Lang, Occurrence: u.Occurrence})
		}
	}
	for _, u := range n.Doc.Topics {
		if s.topics[u.Slug] == nil {
			d.Errorf(n.Path, line(u.Line), "topic link [[%s]]: no topic %q (want notes/%s.<lang>.md)", u.Slug, u.Slug, u.Slug)
		}
	}
}

// reservedEventID matches the anchors the chronology page uses for its
// own parts: years (y2021), the main landmark and the date layer.
var reservedEventID = regexp.MustCompile(`^(y[0-9]+|main|mentions-h|show-mentions|toc-h)$`)

func (s *Site) assembleEvents(events []*source.Event, d *diag.List) {
	ids := map[string]bool{}
	for _, e := range events {
		if e.ID != "" {
			if reservedEventID.MatchString(e.ID) {
				d.Errorf(e.Path, e.Line, "event id %q is an anchor of the chronology page itself; choose another", e.ID)
			}
			if ids[e.ID] {
				d.Errorf(e.Path, e.Line, "duplicate event id %q", e.ID)
			}
			ids[e.ID] = true
		}
	}
	for _, e := range events {
		ev := &Event{Event: e, ID: e.ID}
		if ev.ID == "" && !e.Date.IsZero() {
			base := "e" + e.Date.String()
			ev.ID = base
			for i := 2; ids[ev.ID]; i++ {
				ev.ID = fmt.Sprintf("%s-%d", base, i)
			}
			ids[ev.ID] = true
		}
		for _, slug := range e.Topics {
			t := s.topics[slug]
			if t == nil {
				d.Errorf(e.Path, e.Line, "event: unknown topic %q: no note notes/%s.<lang>.md", slug, slug)
				continue
			}
			t.Events = append(t.Events, ev)
		}
		if len(e.Sources) == 0 {
			d.Errorf(e.Path, e.Line, "event has no sources: every event cites the paragraphs it comes from")
		}
		for _, r := range e.Sources {
			if a := s.resolve(r, e.Path, e.Line, d); a != nil {
				link(a, r, Backlink{Kind: FromEvent, Event: ev})
			}
		}
		s.Events = append(s.Events, ev)
	}
	slices.SortStableFunc(s.Events, compareEvents)
	for _, t := range s.Topics {
		slices.SortStableFunc(t.Events, compareEvents)
	}
}

func (s *Site) assembleEntities(entities []*source.Entity, d *diag.List) {
	for _, e := range entities {
		if e.ID == "" {
			continue
		}
		if prev := s.entities[e.ID]; prev != nil {
			d.Errorf(e.Path, e.Line, "duplicate entity id %q (also line %d)", e.ID, prev.Line)
			continue
		}
		ent := &Entity{Entity: e}
		s.entities[e.ID] = ent
		s.Entities = append(s.Entities, ent)
	}
	slices.SortFunc(s.Entities, func(a, b *Entity) int {
		an, _ := a.Name.In("en")
		bn, _ := b.Name.In("en")
		return cmp.Or(cmp.Compare(slices.Index(source.Kinds, a.Kind), slices.Index(source.Kinds, b.Kind)),
			cmp.Compare(strings.ToLower(an), strings.ToLower(bn)), cmp.Compare(a.ID, b.ID))
	})
}

// compareEvents orders events by date; SortStableFunc keeps the file's
// order for events of the same date.
func compareEvents(a, b *Event) int { return date.Compare(a.Date, b.Date) }
