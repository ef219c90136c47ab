package render

import (
	"strings"

	"briefing/generator/search"
	"briefing/generator/source"
)

// SearchDocs returns what the search of lang's pages indexes: each section
// of each briefing, each source paragraph, each event and each entity,
// with URLs relative to the site root.
func (r *Renderer) SearchDocs(lang string) []search.Doc {
	T := r.theme.T(lang)
	var docs []search.Doc
	for _, t := range r.site.Topics {
		n, _ := t.Note(lang, r.site.Languages)
		page := topicPath(lang, t.Slug)
		for _, s := range n.Doc.Sections() {
			url := page
			if s.ID != "" {
				url += "#" + s.ID
			}
			docs = append(docs, search.Doc{Kind: "briefing", Title: n.Title, Section: s.Heading, URL: url, Text: s.Text})
		}
	}
	for _, a := range r.site.Articles {
		title, _ := a.Title.In(lang)
		for _, p := range a.Paragraphs {
			docs = append(docs, search.Doc{Kind: "paragraph", Title: title, Section: "¶" + r.number(p.N, lang),
				URL: paragraphPath(lang, a.ID, p.N), Text: p.Text})
		}
	}
	for _, e := range r.site.Events {
		title, _ := e.Title.In(lang)
		summary, _ := e.Summary.In(lang)
		docs = append(docs, search.Doc{Kind: "event", Title: title, Section: r.date(e.Date, lang),
			URL: eventPath(lang, e.ID), Text: strings.TrimSpace(title + " " + summary)})
	}
	for _, e := range r.site.Entities {
		name, _ := e.Name.In(lang)
		desc, _ := e.Description.In(lang)
		words := []string{name}
		for _, l := range source.Languages {
			if l != lang && e.Name[l] != "" {
				words = append(words, e.Name[l])
			}
			words = append(words, e.Aliases[l]...)
		}
		docs = append(docs, search.Doc{Kind: "entity", Title: name, Section: T["kind_"+e.Kind],
			URL: entityPath(lang, e.ID), Text: strings.Join(append(words, desc), " ")})
	}
	return docs
}
