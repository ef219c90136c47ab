package render

import (
	"hash/maphash"
	"math/bits"
	"runtime"
	"sync"

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

	global   uint64 // the site's configuration, languages and version
	titles   uint64 // every topic's slug and titles: links show them
	entities uint64 // every entity
	texts    uint64 // every article
	events   uint64 // every event

	// The checksums of the parsed objects, asked of sum once per build.
	articleSums map[*source.Article]uint64
	eventSums   map[*source.Event]uint64
	noteSums    map[*content.Note]uint64

	// What the pages of each article, topic and entity are made from, the
	// same in every language: computed once for both.
	sources, topics, ents map[string]uint64
}

// Keys returns the page keys of the site for the object checksums sum
// gives. sum is called with *source.Site, *source.Article, *content.Note,
// *source.Event and *source.Entity values, once per object, before Keys
// returns.
//
// An article's checksum stands for its id too: the id is the file's name
// and must also be written in its front matter, so renaming an article
// changes its bytes. Were that rule relaxed, article keys would need the
// id as well.
func (r *Renderer) Keys(seed maphash.Seed, sum func(any) uint64) *Keys {
	k := &Keys{r: r, seed: seed}
	s := r.site
	h := k.hash()
	h.str(r.version)
	h.str(s.Config.BaseURL)
	h.u64(sum(s.Config))
	for _, l := range s.Languages {
		h.str(l)
	}
	k.global = h.Sum64()

	k.noteSums = make(map[*content.Note]uint64, 2*len(s.Topics))
	h = k.hash()
	for _, t := range s.Topics {
		for _, n := range t.Notes {
			k.noteSums[n] = sum(n)
		}
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

	k.articleSums = make(map[*source.Article]uint64, len(s.Articles))
	h = k.hash()
	for _, a := range s.Articles {
		k.articleSums[a.Article] = sum(a.Article)
		h.u64(k.articleSums[a.Article])
	}
	k.texts = h.Sum64()

	k.eventSums = make(map[*source.Event]uint64, len(s.Events))
	h = k.hash()
	for _, e := range s.Events {
		k.eventSums[e.Event] = sum(e.Event)
		h.str(e.ID)
		h.u64(k.eventSums[e.Event])
	}
	k.events = h.Sum64()

	digests := make([]uint64, len(s.Articles))
	var wg sync.WaitGroup
	workers := runtime.GOMAXPROCS(0)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(s.Articles); i += workers {
				digests[i] = k.source(s.Articles[i])
			}
		})
	}
	k.topics = make(map[string]uint64, len(s.Topics))
	for _, t := range s.Topics {
		k.topics[t.Slug] = k.topic(t)
	}
	k.ents = make(map[string]uint64, len(s.Entities))
	for _, e := range s.Entities {
		k.ents[e.ID] = k.entity(e)
	}
	wg.Wait()
	k.sources = make(map[string]uint64, len(s.Articles))
	for i, a := range s.Articles {
		k.sources[a.ID] = digests[i]
	}
	return k
}

// Keyed reports whether the pages of a kind have an inputs key.
func Keyed(kind string) bool {
	switch kind {
	case "source", "topic", "entity", "chronology", "sources", "entities":
		return true
	}
	return false
}

// Key returns the inputs key of page s, or false for the pages that have
// none (the few that list a little of everything; their views are cheap
// to prepare and compare).
func (k *Keys) Key(s Spec) (uint64, bool) {
	if !Keyed(s.Kind) {
		return 0, false
	}
	h := k.hash()
	h.str(s.Kind)
	h.str(s.Path)
	h.u64(k.global)
	h.u64(k.titles)
	switch s.Kind {
	case "source":
		h.u64(k.sources[s.Key])
	case "topic":
		h.u64(k.topics[s.Key])
	case "entity":
		h.u64(k.ents[s.Key])
	case "chronology":
		// The date layer lists the dates of every article that no event
		// covers; whether one does follows from the events.
		h.u64(k.texts)
		h.u64(k.events)
	case "sources":
		h.u64(k.texts)
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

// source returns what the pages of an article are made from.
func (k *Keys) source(a *content.Article) uint64 {
	h := k.hash()
	h.u64(k.entities)
	k.article(&h, a)
	for _, list := range a.Citers {
		k.backlinks(&h, list)
	}
	k.backlinks(&h, a.WholeCiters)
	return h.Sum64()
}

// topic returns what the briefings of a topic are made from.
func (k *Keys) topic(t *content.Topic) uint64 {
	h := k.hash()
	h.u64(k.entities)
	for _, l := range source.Languages {
		if n := t.Notes[l]; n != nil {
			h.str(l)
			h.u64(k.noteSums[n])
			for _, ref := range n.Doc.Refs {
				if a := k.r.site.Article(ref.Article); a != nil {
					h.u64(k.articleSums[a.Article])
				}
			}
		}
	}
	for _, e := range t.Events {
		h.str(e.ID)
		h.u64(k.eventSums[e.Event])
	}
	h.int(len(t.Entities))
	for _, e := range t.Entities {
		h.str(e.ID)
	}
	h.int(len(t.Articles))
	for _, a := range t.Articles {
		k.article(&h, a)
	}
	return h.Sum64()
}

// entity returns what the pages of an entity are made from.
func (k *Keys) entity(e *content.Entity) uint64 {
	// The mentions follow from the articles and the entities.
	h := k.hash()
	h.u64(k.entities)
	h.u64(k.texts)
	h.int(len(e.Topics))
	for _, t := range e.Topics {
		h.str(t.Slug)
	}
	h.int(len(e.Events))
	for _, ev := range e.Events {
		h.str(ev.ID)
		h.u64(k.eventSums[ev.Event])
	}
	return h.Sum64()
}

// article hashes an article as a source list shows it: its front matter
// and text.
func (k *Keys) article(h *keyHash, a *content.Article) {
	h.u64(k.articleSums[a.Article])
}

// backlinks hashes what a paragraph's citers show.
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
			h.u64(k.eventSums[b.Event.Event])
		}
	}
}

// keyHash mixes 64-bit words into a checksum, wyhash style: it is the
// innermost loop of a rebuild, and a maphash.Hash written eight bytes at
// a time costs several times more. Strings are hashed with maphash.
type keyHash struct {
	seed maphash.Seed
	h    uint64
}

func (k *Keys) hash() keyHash { return keyHash{seed: k.seed, h: 0x243f6a8885a308d3} }

func (h *keyHash) u64(n uint64) {
	hi, lo := bits.Mul64(h.h^0xa0761d6478bd642f, n^0xe7037ed1a0b428db)
	h.h ^= hi ^ lo // never zero: a zero product leaves h as it was
}

func (h *keyHash) int(n int) { h.u64(uint64(n)) }

// str writes a checksum of s.
func (h *keyHash) str(s string) { h.u64(maphash.String(h.seed, s)) }

// Sum64 returns the checksum of what was written.
func (h *keyHash) Sum64() uint64 { return h.h }
