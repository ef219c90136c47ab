package content

import (
	"maps"
	"slices"
	"strings"
	"sync"

	"briefing/generator/mention"
	"briefing/generator/source"
)

// MentionCache keeps the entity names found in each article from one
// build to the next, so that a rebuild matches only the articles that
// changed. It is valid while the names of the entities stay the same;
// Assemble empties it when they change. The zero value is ready to use.
type MentionCache struct {
	mu    sync.Mutex
	names string
	hits  map[*source.Article][][]mention.Match
}

// find returns the matches in each paragraph of a, from the cache when a
// is unchanged.
func (c *MentionCache) find(m *mention.Matcher, a *source.Article) [][]mention.Match {
	c.mu.Lock()
	hits, ok := c.hits[a]
	c.mu.Unlock()
	if ok {
		return hits
	}
	hits = make([][]mention.Match, len(a.Paragraphs))
	for i, p := range a.Paragraphs {
		hits[i] = m.Find(p.Text)
	}
	c.mu.Lock()
	c.hits[a] = hits
	c.mu.Unlock()
	return hits
}

// findMentions finds the entities named in every article paragraph and
// derives each entity's topics and events from the paragraphs that name it.
func (s *Site) findMentions(cache *MentionCache) {
	if cache == nil {
		cache = &MentionCache{}
	}
	var names []mention.Name
	for _, e := range s.Entities {
		// In a fixed order: the list is also the cache's key.
		for _, lang := range slices.Sorted(maps.Keys(e.Name)) {
			names = append(names, mention.Name{ID: e.ID, Text: e.Name[lang]})
		}
		for _, lang := range slices.Sorted(maps.Keys(e.Aliases)) {
			for _, t := range e.Aliases[lang] {
				names = append(names, mention.Name{ID: e.ID, Text: t})
			}
		}
	}
	m := mention.New(names, s.fold)
	var key strings.Builder
	for _, n := range names {
		key.WriteString(n.ID + "\x00" + n.Text + "\x00")
	}
	old := cache.hits
	if cache.names != key.String() {
		old = nil
	}
	cache.names, cache.hits = key.String(), make(map[*source.Article][][]mention.Match, len(s.Articles))
	for _, a := range s.Articles {
		if h, ok := old[a.Article]; ok {
			cache.hits[a.Article] = h
		}
	}
	// Match the new and changed articles in parallel.
	var todo []*Article
	for _, a := range s.Articles {
		if _, ok := cache.hits[a.Article]; !ok {
			todo = append(todo, a)
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, a := range todo {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			cache.find(m, a.Article)
			<-sem
		}()
	}
	wg.Wait()
	topicCount := map[*Entity]map[*Topic]int{}
	hasEvent := map[*Entity]map[*Event]bool{}
	for _, a := range s.Articles {
		hits := cache.find(m, a.Article)
		for i, p := range a.Paragraphs {
			for _, hit := range hits[i] {
				e := s.entities[hit.ID]
				mn := Mention{Entity: e, Article: a, Paragraph: p.N, Start: hit.Start, End: hit.End}
				a.Mentions[i] = append(a.Mentions[i], mn)
				e.Mentions = append(e.Mentions, mn)
				a.Citers[i] = appendOnce(a.Citers[i], Backlink{Kind: FromEntity, Entity: e})
				for _, b := range a.Citers[i] {
					switch b.Kind {
					case FromBriefing:
						if topicCount[e] == nil {
							topicCount[e] = map[*Topic]int{}
						}
						topicCount[e][b.Topic]++
					case FromEvent:
						if !hasEvent[e][b.Event] {
							if hasEvent[e] == nil {
								hasEvent[e] = map[*Event]bool{}
							}
							hasEvent[e][b.Event] = true
							e.Events = append(e.Events, b.Event)
						}
					}
				}
			}
		}
	}
	for _, e := range s.Entities {
		for _, t := range s.Topics {
			if n := topicCount[e][t]; n > 0 {
				e.Topics = append(e.Topics, t)
				t.Entities = append(t.Entities, e)
			}
		}
		slices.SortStableFunc(e.Events, compareEvents)
	}
	for _, t := range s.Topics {
		slices.SortStableFunc(t.Entities, func(a, b *Entity) int { return topicCount[b][t] - topicCount[a][t] })
	}
}
