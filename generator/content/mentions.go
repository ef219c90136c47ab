package content

import (
	"slices"

	"briefing/generator/mention"
)

// findMentions finds the entities named in every article paragraph and
// derives each entity's topics and events from the paragraphs that name it.
func (s *Site) findMentions() {
	var names []mention.Name
	for _, e := range s.Entities {
		for _, t := range e.Name {
			names = append(names, mention.Name{ID: e.ID, Text: t})
		}
		for _, list := range e.Aliases {
			for _, t := range list {
				names = append(names, mention.Name{ID: e.ID, Text: t})
			}
		}
	}
	m := mention.New(names, s.fold)
	topicCount := map[*Entity]map[*Topic]int{}
	for _, a := range s.Articles {
		for i, p := range a.Paragraphs {
			for _, hit := range m.Find(p.Text) {
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
						if !slices.Contains(e.Events, b.Event) {
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
		slices.SortStableFunc(e.Events, func(a, b *Event) int { return compareEvents(a, b) })
	}
	for _, t := range s.Topics {
		slices.SortStableFunc(t.Entities, func(a, b *Entity) int { return topicCount[b][t] - topicCount[a][t] })
	}
}
