// Package publish writes the files a site needs once it is on the web at
// its base URL (base_url in site.yaml): sitemap.xml with the hreflang
// alternates of every page, an Atom feed per language of briefing updates
// and events, and robots.txt. These need absolute URLs, so a site without
// a base URL has none of them and stays relocatable.
//
// robots.txt is written at the site's root. Crawlers read it only at the
// root of a host: for a site published under a path
// (https://example.org/briefing/), submit the sitemap to search engines
// instead.
package publish

import (
	"bytes"
	"cmp"
	"encoding/xml"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"briefing/generator/content"
	"briefing/generator/date"
	"briefing/generator/render"
)

// Files returns the publishing files of site by site path: sitemap.xml,
// robots.txt and, per language, the Atom feed at render.FeedPath. pages
// are the site's pages as render.Renderer.Pages lists them. It fails when
// the site has no base URL, or one that is not an absolute http or https
// URL without query or fragment.
func Files(site *content.Site, pages []render.Spec) (map[string][]byte, error) {
	s, err := newSite(site, pages)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{"robots.txt": s.robots()}
	if files["sitemap.xml"], err = s.sitemap(); err != nil {
		return nil, err
	}
	for _, lang := range site.Languages {
		if files[render.FeedPath(lang)], err = s.feed(lang); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// published is a site with its base URL parsed and its pages indexed.
type published struct {
	site  *content.Site
	base  string // the base URL, ending in "/"
	host  string // the base URL's host name, for tag: URIs
	path  string // the base URL's path, ending in "/"
	pages []render.Spec
	// byKey finds a page in each language: kind+"\x00"+key -> lang -> path.
	byKey map[string]map[string]string
}

func newSite(site *content.Site, pages []render.Spec) (*published, error) {
	raw := site.Config.BaseURL
	u, err := url.Parse(raw)
	if raw == "" || err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" ||
		u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("publish: base_url %q is not an absolute http or https URL", raw)
	}
	p := &published{site: site, base: strings.TrimSuffix(raw, "/") + "/", host: strings.ToLower(u.Hostname()),
		path: strings.TrimSuffix(u.EscapedPath(), "/") + "/", byKey: map[string]map[string]string{}}
	for _, s := range pages {
		if s.Kind == "redirect" {
			continue
		}
		p.pages = append(p.pages, s)
		k := s.Kind + "\x00" + s.Key
		if p.byKey[k] == nil {
			p.byKey[k] = map[string]string{}
		}
		p.byKey[k][s.Lang] = s.Path
	}
	return p, nil
}

func (p *published) abs(sitePath string) string { return p.base + sitePath }

// page returns the path of the page of kind and key in lang, or "".
func (p *published) page(kind, key, lang string) string { return p.byKey[kind+"\x00"+key][lang] }

func (p *published) robots() []byte {
	var b bytes.Buffer
	b.WriteString("# Written by briefing. Every page may be crawled; the sitemap lists them\n")
	b.WriteString("# with their translations.\n")
	b.WriteString("User-agent: *\nAllow: /\n\n")
	b.WriteString("Sitemap: " + p.abs("sitemap.xml") + "\n")
	return b.Bytes()
}

// Sitemap XML (https://www.sitemaps.org/protocol.html), with the
// alternates of each page as xhtml:link elements, the form search engines
// read for hreflang.

type urlset struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	XHTML   string   `xml:"xmlns:xhtml,attr"`
	URLs    []sitemapURL
}

type sitemapURL struct {
	XMLName xml.Name    `xml:"url"`
	Loc     string      `xml:"loc"`
	Lastmod string      `xml:"lastmod,omitempty"`
	Links   []xhtmlLink `xml:"xhtml:link"`
}

type xhtmlLink struct {
	Rel      string `xml:"rel,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

func (p *published) sitemap() ([]byte, error) {
	set := urlset{XHTML: "http://www.w3.org/1999/xhtml"}
	for _, s := range p.pages {
		u := sitemapURL{Loc: p.abs(s.Path), Lastmod: p.lastmod(s)}
		for _, lang := range p.site.Languages {
			if alt := p.page(s.Kind, s.Key, lang); alt != "" {
				u.Links = append(u.Links, xhtmlLink{Rel: "alternate", Hreflang: lang, Href: p.abs(alt)})
			}
		}
		if def := p.page(s.Kind, s.Key, p.site.Languages[0]); def != "" && len(u.Links) > 1 {
			u.Links = append(u.Links, xhtmlLink{Rel: "alternate", Hreflang: "x-default", Href: p.abs(def)})
		}
		set.URLs = append(set.URLs, u)
	}
	return marshal(set)
}

// lastmod is the date a page last changed when the content says so: the
// update date of a briefing's note, and of the newest note for the home
// page and the topic index. Other pages have none.
func (p *published) lastmod(s render.Spec) string {
	var d date.Date
	switch s.Kind {
	case "topic":
		if t := p.site.Topic(s.Key); t != nil {
			if n, _ := t.Note(s.Lang, p.site.Languages); n != nil {
				d = n.Updated
			}
		}
	case "home", "topics":
		for _, t := range p.site.Topics {
			if n, _ := t.Note(s.Lang, p.site.Languages); n != nil && date.Compare(n.Updated, d) > 0 {
				d = n.Updated
			}
		}
	}
	if d.IsZero() {
		return ""
	}
	return d.String() // YYYY, YYYY-MM or YYYY-MM-DD: all W3C datetimes
}

// Atom (RFC 4287).

const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName  xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang     string      `xml:"xml:lang,attr"`
	ID       string      `xml:"id"`
	Title    atomText    `xml:"title"`
	Subtitle *atomText   `xml:"subtitle,omitempty"`
	Updated  string      `xml:"updated"`
	Links    []atomLink  `xml:"link"`
	Author   atomPerson  `xml:"author"`
	Gen      string      `xml:"generator"`
	Entries  []atomEntry `xml:"entry"`
}

type atomText struct {
	Lang string `xml:"xml:lang,attr,omitempty"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr,omitempty"`
	Hreflang string `xml:"hreflang,attr,omitempty"`
	Href     string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Updated    string         `xml:"updated"`
	Link       atomLink       `xml:"link"`
	Summary    *atomText      `xml:"summary,omitempty"`
	Categories []atomCategory `xml:"category"`

	when    date.Date // for sorting
	briefed bool      // a briefing update, listed before events of the same day
}

// feedEntries bounds the entries of a feed: the newest are kept.
const feedEntries = 50

// feed returns the Atom feed of lang: an entry per briefing written in
// lang, identified by its update date so that each update is new to a
// feed reader, and an entry per event.
func (p *published) feed(lang string) ([]byte, error) {
	title, titleLang := p.site.Config.Title.In(lang)
	f := atomFeed{
		Lang:    lang,
		ID:      p.abs(render.FeedPath(lang)),
		Title:   p.text(title, titleLang, lang),
		Author:  atomPerson{Name: title},
		Gen:     "briefing",
		Updated: "1970-01-01T00:00:00Z",
	}
	if desc, descLang := p.site.Config.Description.In(lang); desc != "" {
		t := p.text(desc, descLang, lang)
		f.Subtitle = &t
	}
	f.Links = append(f.Links, atomLink{Rel: "self", Type: "application/atom+xml", Href: p.abs(render.FeedPath(lang))})
	if home := p.page("home", "", lang); home != "" {
		f.Links = append(f.Links, atomLink{Rel: "alternate", Type: "text/html", Hreflang: lang, Href: p.abs(home)})
	}
	for _, other := range p.site.Languages {
		if other != lang {
			f.Links = append(f.Links, atomLink{Rel: "alternate", Type: "application/atom+xml", Hreflang: other, Href: p.abs(render.FeedPath(other))})
		}
	}
	for _, t := range p.site.Topics {
		n := t.Notes[lang]
		path := p.page("topic", t.Slug, lang)
		if n == nil || n.Updated.IsZero() || path == "" {
			continue
		}
		e := atomEntry{
			ID:      p.tag(n.Updated, path),
			Title:   atomText{Text: n.Title},
			Updated: timestamp(n.Updated),
			Link:    atomLink{Rel: "alternate", Type: "text/html", Href: p.abs(path)},
			when:    n.Updated, briefed: true,
		}
		if n.Summary != "" {
			e.Summary = &atomText{Text: n.Summary}
		}
		e.Categories = []atomCategory{{Term: t.Slug, Label: n.Title}}
		f.Entries = append(f.Entries, e)
	}
	if chron := p.page("chronology", "", lang); chron != "" {
		for _, ev := range p.site.Events {
			if ev.Date.IsZero() {
				continue
			}
			title, titleLang := ev.Title.In(lang)
			e := atomEntry{
				ID:      p.tag(ev.Date, chron+"#"+ev.ID),
				Title:   p.text(title, titleLang, lang),
				Updated: timestamp(ev.Date),
				Link:    atomLink{Rel: "alternate", Type: "text/html", Href: p.abs(chron) + "#" + ev.ID},
				when:    ev.Date,
			}
			if sum, sumLang := ev.Summary.In(lang); sum != "" {
				t := p.text(sum, sumLang, lang)
				e.Summary = &t
			}
			for _, slug := range ev.Topics {
				c := atomCategory{Term: slug}
				if t := p.site.Topic(slug); t != nil {
					if n, _ := t.Note(lang, p.site.Languages); n != nil {
						c.Label = n.Title
					}
				}
				e.Categories = append(e.Categories, c)
			}
			f.Entries = append(f.Entries, e)
		}
	}
	slices.SortStableFunc(f.Entries, func(a, b atomEntry) int {
		return cmp.Or(-date.Compare(a.when, b.when), -boolCmp(a.briefed, b.briefed), cmp.Compare(a.ID, b.ID))
	})
	if len(f.Entries) > feedEntries {
		f.Entries = f.Entries[:feedEntries]
	}
	if len(f.Entries) > 0 {
		f.Updated = f.Entries[0].Updated
	}
	return marshal(f)
}

// text is an Atom text in the language it is written in, marked when it
// differs from the feed's because a translation is missing.
func (p *published) text(s, written, lang string) atomText {
	t := atomText{Text: s}
	if written != lang {
		t.Lang = written
	}
	return t
}

// tag returns a tag: URI (RFC 4151) for the site path minted on d: stable
// for as long as the site keeps its host, and new for each new date.
func (p *published) tag(d date.Date, sitePath string) string {
	return "tag:" + p.host + "," + d.String() + ":" + p.path + sitePath
}

// timestamp returns d as an RFC 3339 date-time: its first day at midnight
// UTC when only the month or the year is known.
func timestamp(d date.Date) string {
	m, day := max(d.Month, 1), max(d.Day, 1)
	return fmt.Sprintf("%04d-%02d-%02dT00:00:00Z", d.Year, m, day)
}

func boolCmp(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	enc := xml.NewEncoder(&b)
	enc.Indent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("publish: %w", err)
	}
	b.WriteByte('\n')
	return b.Bytes(), nil
}
