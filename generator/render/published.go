package render

import "strings"

// What a page carries only when the site is published at a base URL
// (base_url in site.yaml): Open Graph metadata and a link to its
// language's Atom feed. Without a base URL none of it is written, so the
// site needs no absolute URL and can be moved or opened from disk.

// FeedPath is the site path of the Atom feed of lang, written (by package
// publish) only when the site has a base URL.
func FeedPath(lang string) string { return lang + "/feed.xml" }

// OpenGraph is the Open Graph metadata of a page (https://ogp.me).
type OpenGraph struct {
	Type        string // "article" for briefings and sources, "website" otherwise
	URL         string // the page's absolute URL, as its canonical link
	Title       string
	Description string
	SiteName    string
	Locale      string   // e.g. "ar_AR"
	Alternates  []string // the locales of the page's other languages
	Modified    string   // article:modified_time of a briefing, ISO date
	Published   string   // article:published_time of a source, ISO date
}

// ogLocales maps a site language to the Open Graph locale that names it.
var ogLocales = map[string]string{"ar": "ar_AR", "en": "en_US"}

// publish sets the fields of p that only a site with a base URL has: its
// Open Graph metadata and its feed link. It is called once p is complete.
func (r *Renderer) publish(s Spec, p *Page) {
	if r.site.Config.BaseURL == "" || p.Canonical == "" {
		return
	}
	p.Feed = rel(s.Path, FeedPath(s.Lang))
	og := &OpenGraph{Type: "website", URL: p.Canonical, Title: p.Title, Description: p.Description,
		SiteName: p.SiteTitle, Locale: ogLocales[s.Lang]}
	if og.Title == "" {
		og.Title = p.SiteTitle
	}
	for _, lang := range r.site.Languages {
		if lang != s.Lang && ogLocales[lang] != "" {
			og.Alternates = append(og.Alternates, ogLocales[lang])
		}
	}
	switch v := p.Main.(type) {
	case BriefingView:
		og.Type, og.Modified = "article", v.UpdatedISO
	case SourceView:
		og.Type, og.Published = "article", v.Item.DateISO
	}
	// A date known only to the month or the year is not an ISO 8601
	// date-time Open Graph readers accept; leave it out.
	if strings.Count(og.Modified, "-") != 2 {
		og.Modified = ""
	}
	if strings.Count(og.Published, "-") != 2 {
		og.Published = ""
	}
	p.OpenGraph = og
}
