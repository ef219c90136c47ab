package render

import (
	"encoding/binary"
	"hash/maphash"

	"briefing/generator/content"
	"briefing/generator/source"
)

// Keys computes the inputs key of each page: a checksum of the parsed
// content the page's view is made from, built from a checksum of each
// parsed object (an article, a note, an event, an entity) that the caller
// provides and keeps across builds. Two builds that give a page the same
// key, with the same templates, render it to the same bytes; that lets a
// rebuild skip a page without preparing its view at all, which is what
// keeps a preview fast on a large site.
//
// What a view derives from its inputs alone is not hashed again: the
// entity mentions of an article follow from its text and the entities,
// so a source page's key holds the article's checksum and one checksum of
// all the entities, not its mentions. What comes from elsewhere is: the
// briefings and events that cite a paragraph, the titles of topics.
type Keys struct {
	r    *Renderer
	seed maphash.Seed
	sum  func(any) uint64

	global   uint64 // the site's configuration, languages and version
	titles   uint64 // every topic's slug and titles: links show them
	entities uint64 // every entity
	articles uint64 // every article, with how often it is cited
	events   uint64 // every event
}

// Keys returns the page keys of the site for the object checksums sum
// gives. sum is called with *source.Site, *source.Article, *content.Note,
// *source.Event and *source.Entity values, from several goroutines.
func (r *Renderer) Keys(seed maphash.Seed, sum func(any) uint64) *Keys {
	k := &Keys{r: r, seed: seed, sum: sum}
	s := r.site
	h := k.hash()
	h.WriteString(r.version)
	h.str(s.Config.BaseURL)
	h.u64(sum(s.Config))
	for _, l := range s.Languages {
		h.str(l)
	}
	k.global = h.Sum64()

	h = k.hash()
	for _, t := range s.Topics {
		h.str(t.Slug)
		for _, l := range source.Languages {
			if n := t.Notes[l]; n != nil {
				h.str(l)
				h.str(n.Title)
			}
		}
		h.str("")
	}
	k.titles = h.Sum64()

	h = k.hash()
	for _, e := range s.Entities {
		h.u64(sum(e.Entity))
	}
	k.entities = h.Sum64()

	h = k.hash()
	for _, a := range s.Articles {
		h.u64(sum(a.Article))
		h.int(citations(a))
	}
	k.articles = h.Sum64()

	h = k.hash()
	for _, e := range s.Events {
		h.str(e.ID)
		h.u64(sum(e.Event))
	}
	k.events = h.Sum64()
	return k
}

// Key returns the inputs key of page s, or false for the pages that have
// none (the few that list a little of everything; their views are cheap
// to prepare and compare).
func (k *Keys) Key(s Spec) (uint64, bool) {
	h := k.hash()
	h.str(s.Kind)
	h.str(s.Path)
	h.u64(k.global)
	h.u64(k.titles)
	switch s.Kind {
	case "source":
		a := k.r.site.Article(s.Key)
		h.u64(k.entities)
		k.article(&h, a)
		for _, list := range a.Citers {
			k.backlinks(&h, list)
		}
		k.backlinks(&h, a.WholeCiters)
	case "topic":
		k.topic(&h, k.r.site.Topic(s.Key))
	case "entity":
		k.entity(&h, k.r.site.Entity(s.Key))
	case "chronology":
		// The date layer lists the dates of every article that no event
		// covers; whether one does follows from the events.
		h.u64(k.articles)
		h.u64(k.events)
	case "sources":
		h.u64(k.articles)
	case "entities":
		h.u64(k.entities)
		for _, e := range k.r.site.Entities {
			h.int(len(e.Mentions))
		}
	default:
		return 0, false
	}
	return h.Sum64(), true
}

func (k *Keys) topic(h *keyHash, t *content.Topic) {
	h.u64(k.entities)
	for _, l := range source.Languages {
		if n := t.Notes[l]; n != nil {
			h.str(l)
			h.u64(k.sum(n))
			for _, ref := range n.Doc.Refs {
				if a := k.r.site.Article(ref.Article); a != nil {
					h.u64(k.sum(a.Article))
				}
			}
		}
	}
	for _, e := range t.Events {
		h.str(e.ID)
		h.u64(k.sum(e.Event))
	}
	h.int(len(t.Entities))
	for _, e := range t.Entities {
		h.str(e.ID)
	}
	h.int(len(t.Articles))
	for _, a := range t.Articles {
		k.article(h, a)
	}
}

func (k *Keys) entity(h *keyHash, e *content.Entity) {
	h.u64(k.entities)
	// The mentions follow from the articles that name the entity; the
	// paragraphs follow from the articles.
	var last *content.Article
	h.int(len(e.Mentions))
	for _, m := range e.Mentions {
		if m.Article != last {
			last = m.Article
			h.u64(k.sum(last.Article))
		}
	}
	h.int(len(e.Topics))
	for _, t := range e.Topics {
		h.str(t.Slug)
	}
	h.int(len(e.Events))
	for _, ev := range e.Events {
		h.str(ev.ID)
		h.u64(k.sum(ev.Event))
	}
}

// article hashes an article as a source list shows it: its front matter
// and text, and how often it is cited.
func (k *Keys) article(h *keyHash, a *content.Article) {
	h.u64(k.sum(a.Article))
	h.int(citations(a))
}

// backlinks hashes what a paragraph's backlinks show. Entities naming the
// paragraph follow from its text and the entities, and are left out.
func (k *Keys) backlinks(h *keyHash, list []content.Backlink) {
	h.int(len(list))
	for _, b := range list {
		switch b.Kind {
		case content.FromBriefing:
			h.int(int(b.Kind))
			h.str(b.Topic.Slug)
			h.str(b.Lang)
			h.int(b.Occurrence)
		case content.FromEvent:
			h.int(int(b.Kind))
			h.str(b.Event.ID)
			h.u64(k.sum(b.Event.Event))
		}
	}
}

// citations counts an article's backlinks, as its source list item shows.
func citations(a *content.Article) int {
	n := 0
	for _, c := range a.Citers {
		n += len(c)
	}
	return n
}

type keyHash struct {
	maphash.Hash
	num [8]byte
}

func (k *Keys) hash() keyHash {
	var h keyHash
	h.SetSeed(k.seed)
	return h
}

func (h *keyHash) u64(n uint64) {
	binary.LittleEndian.PutUint64(h.num[:], n)
	h.Write(h.num[:])
}

func (h *keyHash) int(n int) { h.u64(uint64(n)) }

// str writes s with its length, so that consecutive strings cannot run
// into each other.
func (h *keyHash) str(s string) {
	h.int(len(s))
	h.WriteString(s)
}
