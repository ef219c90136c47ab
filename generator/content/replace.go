package content

import (
	"maps"
	"slices"

	"briefing/generator/markdown"
)

// Replace returns a site like s in which n takes the place of old, the
// note of the same topic and language, when n differs from old only in
// its prose: the text of its body, its summary and its date. Those are
// shown only by the topic's briefings and by the pages that list every
// topic, so the rest of the model (backlinks, the entities of each topic,
// every check) holds as it is. It reports false, and the site must be
// assembled again, when anything else differs: the title or order, which
// other pages show or sort by, a citation or topic link, or a syntax
// problem, which Assemble reports.
//
// The new site shares all but the topic with s. The topic's old value
// stays reachable from the backlinks and entities that name it, with the
// old note; they read only its slug and titles, which are the same.
func (s *Site) Replace(old, n *Note) (*Site, bool) {
	t := s.topics[n.Topic]
	if t == nil || t.Notes[n.Lang] != old || !sameLinks(old, n) {
		return nil, false
	}
	nt := *t
	nt.Notes = maps.Clone(t.Notes)
	nt.Notes[n.Lang] = n
	ns := *s
	ns.topics = maps.Clone(s.topics)
	ns.topics[t.Slug] = &nt
	ns.Topics = slices.Clone(s.Topics)
	ns.Topics[slices.Index(s.Topics, t)] = &nt
	return &ns, true
}

// sameLinks reports whether two notes of one topic and language agree in
// everything about them but their prose.
func sameLinks(a, b *Note) bool {
	if a.Topic != b.Topic || a.Lang != b.Lang || a.Title != b.Title || a.Order != b.Order ||
		len(b.Doc.Problems) > 0 || len(a.Doc.Problems) > 0 ||
		!slices.Equal(a.Doc.Refs, b.Doc.Refs) ||
		!slices.EqualFunc(a.Doc.Uses, b.Doc.Uses, func(x, y markdown.Use) bool {
			return x.Ref == y.Ref && x.Number == y.Number && x.Occurrence == y.Occurrence
		}) ||
		!slices.EqualFunc(a.Doc.Topics, b.Doc.Topics, func(x, y markdown.TopicUse) bool { return x.Slug == y.Slug }) {
		return false
	}
	return true
}
