package content

import (
	"slices"
	"strings"
	"sync"

	"briefing/generator/mention"
	"briefing/generator/source"
)

// MentionCache keeps the entity mentions of a site from one Assemble to
// the next: those of each article, so that a rebuild matches only the
// articles that changed, and each entity's list of them, so that it is
// made again only when an article came, went or changed. Both are valid
// while the names of the entities stay the same; Assemble empties the
// cache when they change. The zero value is ready to use.
type MentionCache struct {
	names    string
	articles map[*source.Article][][]Mention
	order    []*source.Article     // the site's articles when byEntity was made
	byEntity map[string][]*Mention // by entity id
}

// Mention is an entity named in a paragraph. It refers to the parsed
// article and to the entity by id, not to the site's Article and Entity,
// so that one Assemble can reuse the mentions of the last.
//
// A large site has a mention for every few words of its sources, kept for
// the whole build: the numbers are 32 bits wide, and an entity lists its
// mentions by pointer.
type Mention struct {
	Entity    string // the entity's id
	Article   *source.Article
	Paragraph int32
	Start     int32 // byte offsets in the paragraph text
	End       int32
}

// findMentions finds the entities named in every article paragraph and
// derives each entity's topics and events from the paragraphs that name
// it and their citers.
func (s *Site) findMentions(cache *MentionCache) {
	if cache == nil {
		cache = &MentionCache{}
	}
	var names []mention.Name
	for _, e := range s.Entities {
		for _, t := range e.Spellings() { // in a fixed order: the list is also the cache's key
			names = append(names, mention.Name{ID: e.ID, Text: t})
		}
	}
	var key strings.Builder
	for _, n := range names {
		key.WriteString(n.ID + "\x00" + n.Text + "\x00")
	}
	old := cache.articles
	if cache.names != key.String() {
		old, cache.order, cache.byEntity = nil, nil, nil
	}
	cache.names, cache.articles = key.String(), make(map[*source.Article][][]Mention, len(s.Articles))
	var todo []*Article
	for _, a := range s.Articles {
		if ms, ok := old[a.Article]; ok {
			cache.articles[a.Article] = ms
		} else {
			todo = append(todo, a)
		}
	}
	// Match the new and changed articles in parallel.
	if len(todo) > 0 {
		m := mention.New(names, s.fold)
		found := make([][][]Mention, len(todo))
		var wg sync.WaitGroup
		sem := make(chan struct{}, 4)
		for i, a := range todo {
			sem <- struct{}{}
			wg.Go(func() {
				defer func() { <-sem }()
				found[i] = find(m, a.Article)
			})
		}
		wg.Wait()
		for i, a := range todo {
			cache.articles[a.Article] = found[i]
		}
	}
	order := make([]*source.Article, len(s.Articles))
	for i, a := range s.Articles {
		a.Mentions = cache.articles[a.Article]
		order[i] = a.Article
	}
	if cache.byEntity == nil || !slices.Equal(order, cache.order) {
		byEntity := map[string][]*Mention{}
		for _, a := range s.Articles {
			for _, ms := range a.Mentions {
				for i := range ms {
					byEntity[ms[i].Entity] = append(byEntity[ms[i].Entity], &ms[i])
				}
			}
		}
		cache.order, cache.byEntity = order, byEntity
	}
	for _, e := range s.Entities {
		e.Mentions = cache.byEntity[e.ID]
	}

	// An entity belongs to the topics whose briefings cite a paragraph
	// that names it, and to the events that do: only cited paragraphs
	// need a look. Counts are kept by position, not in maps: on a large
	// site this loop sees every citation of every named paragraph.
	topicAt := make(map[*Topic]int, len(s.Topics))
	for i, t := range s.Topics {
		topicAt[t] = i
	}
	eventAt := make(map[*Event]int, len(s.Events))
	for i, ev := range s.Events {
		eventAt[ev] = i
	}
	entityAt := make(map[string]int, len(s.Entities))
	for i, e := range s.Entities {
		entityAt[e.ID] = i
	}
	topicCount := make([][]int, len(s.Entities)) // [entity][topic]
	hasEvent := make([][]bool, len(s.Entities))  // [entity][event]
	for _, a := range s.Articles {
		for i, citers := range a.Citers {
			if len(citers) == 0 || len(a.Mentions[i]) == 0 {
				continue
			}
			for _, mn := range a.Mentions[i] {
				e := entityAt[mn.Entity]
				for _, b := range citers {
					switch b.Kind {
					case FromBriefing:
						if topicCount[e] == nil {
							topicCount[e] = make([]int, len(s.Topics))
						}
						topicCount[e][topicAt[b.Topic]]++
					case FromEvent:
						if hasEvent[e] == nil {
							hasEvent[e] = make([]bool, len(s.Events))
						}
						hasEvent[e][eventAt[b.Event]] = true
					}
				}
			}
		}
	}
	for i, e := range s.Entities {
		if topicCount[i] != nil {
			for j, t := range s.Topics {
				if topicCount[i][j] > 0 {
					e.Topics = append(e.Topics, t)
					t.Entities = append(t.Entities, e)
				}
			}
		}
		// In the chronology's order.
		if hasEvent[i] != nil {
			for j, ev := range s.Events {
				if hasEvent[i][j] {
					e.Events = append(e.Events, ev)
				}
			}
		}
	}
	for j, t := range s.Topics {
		count := func(e *Entity) int { return topicCount[entityAt[e.ID]][j] }
		slices.SortStableFunc(t.Entities, func(a, b *Entity) int { return count(b) - count(a) })
	}
}

// find returns the mentions in each paragraph of a.
func find(m *mention.Matcher, a *source.Article) [][]Mention {
	out := make([][]Mention, len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		for _, hit := range m.Find(p.Text) {
			out[i] = append(out[i], Mention{Entity: hit.ID, Article: a, Paragraph: int32(p.N), Start: int32(hit.Start), End: int32(hit.End)})
		}
	}
	return out
}

// Named returns the entities named in a paragraph's mentions, each once,
// in the order they are first named.
func (s *Site) Named(ms []Mention) []*Entity {
	var out []*Entity
	for _, mn := range ms {
		e := s.entities[mn.Entity]
		if e != nil && !slices.Contains(out, e) {
			out = append(out, e)
		}
	}
	return out
}
