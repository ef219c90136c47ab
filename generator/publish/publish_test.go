package publish_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"briefing/generator/build"
	"briefing/generator/content"
	"briefing/generator/output"
	"briefing/generator/publish"
	"briefing/generator/render"
	"briefing/generator/source"
)

const base = "https://briefing.example.org/iraq-us/"

// contentWithBase returns the project's bundled content with site.yaml's
// base_url set to baseURL.
func contentWithBase(t *testing.T, baseURL string) fs.FS {
	t.Helper()
	src := os.DirFS("../../content")
	m := fstest.MapFS{}
	err := fs.WalkDir(src, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(src, p)
		if err != nil {
			return err
		}
		if p == "site.yaml" {
			re := regexp.MustCompile(`(?m)^base_url:.*$`)
			if !re.Match(data) {
				t.Fatal("site.yaml has no base_url line: update this test")
			}
			data = re.ReplaceAll(data, []byte(`base_url: "`+baseURL+`"`))
		}
		m[p] = &fstest.MapFile{Data: data, Mode: 0o644}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func buildSite(t *testing.T, baseURL string) map[string][]byte {
	t.Helper()
	mem := output.NewMemory()
	res, err := build.New(build.Options{Content: contentWithBase(t, baseURL), Version: "test"}).Build(mem)
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatal(err)
	}
	return mem.Files
}

// wellFormed reads every token of data with a strict XML decoder.
func wellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	if !bytes.HasPrefix(data, []byte(`<?xml version="1.0" encoding="UTF-8"?>`)) {
		t.Errorf("%s does not start with an XML declaration", name)
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
	}
}

type sitemap struct {
	XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []struct {
		Loc     string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 loc"`
		Lastmod string `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 lastmod"`
		Links   []struct {
			Rel      string `xml:"rel,attr"`
			Hreflang string `xml:"hreflang,attr"`
			Href     string `xml:"href,attr"`
		} `xml:"http://www.w3.org/1999/xhtml link"`
	} `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 url"`
}

// TestSitemap checks sitemap.xml against the sitemap protocol and
// Google's hreflang rules: one <url> per page, absolute locations under
// the base URL, every page listing itself and all its translations, each
// translation listing it back, and an x-default.
func TestSitemap(t *testing.T) {
	files := buildSite(t, base)
	data := files["sitemap.xml"]
	if data == nil {
		t.Fatal("no sitemap.xml with a base URL")
	}
	wellFormed(t, "sitemap.xml", data)
	var sm sitemap
	if err := xml.Unmarshal(data, &sm); err != nil {
		t.Fatal(err)
	}
	if len(sm.URLs) > 50000 || len(data) > 50<<20 {
		t.Errorf("sitemap has %d URLs in %d bytes: over the protocol's limits", len(sm.URLs), len(data))
	}
	var pages []string
	for name := range files {
		if strings.HasSuffix(name, ".html") && name != "index.html" {
			pages = append(pages, name)
		}
	}
	locs := map[string]map[string]string{} // loc -> hreflang -> href
	lastmod := regexp.MustCompile(`^\d{4}(-\d\d(-\d\d)?)?$`)
	for _, u := range sm.URLs {
		if !strings.HasPrefix(u.Loc, base) {
			t.Errorf("loc %s is not under %s", u.Loc, base)
			continue
		}
		if _, dup := locs[u.Loc]; dup {
			t.Errorf("loc %s is listed twice", u.Loc)
		}
		if u.Lastmod != "" && !lastmod.MatchString(u.Lastmod) {
			t.Errorf("%s: lastmod %q is not a W3C date", u.Loc, u.Lastmod)
		}
		alts := map[string]string{}
		for _, l := range u.Links {
			if l.Rel != "alternate" {
				t.Errorf("%s: link rel %q", u.Loc, l.Rel)
			}
			alts[l.Hreflang] = l.Href
		}
		locs[u.Loc] = alts
	}
	for _, p := range pages {
		alts, ok := locs[base+p]
		if !ok {
			t.Errorf("page %s is not in the sitemap", p)
			continue
		}
		lang, _, _ := strings.Cut(p, "/")
		if alts[lang] != base+p {
			t.Errorf("%s does not list itself as its %s version: %q", p, lang, alts[lang])
		}
		for _, l := range []string{"ar", "en", "x-default"} {
			href := alts[l]
			if href == "" {
				t.Errorf("%s has no %s alternate", p, l)
				continue
			}
			back, ok := locs[href]
			if !ok {
				t.Errorf("%s: alternate %s is not in the sitemap", p, href)
				continue
			}
			if l != "x-default" && back[lang] != base+p {
				t.Errorf("%s lists %s as its %s version, which does not list it back", p, href, l)
			}
		}
	}
	if len(locs) != len(pages) {
		t.Errorf("sitemap lists %d pages, the site has %d", len(locs), len(pages))
	}
	if want := "Sitemap: " + base + "sitemap.xml\n"; !strings.Contains(string(files["robots.txt"]), want) {
		t.Errorf("robots.txt does not point to the sitemap:\n%s", files["robots.txt"])
	}
}

type atomText struct {
	Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	Type string `xml:"type,attr"`
	Text string `xml:",chardata"`
}

type atomLink struct {
	Rel      string `xml:"rel,attr"`
	Type     string `xml:"type,attr"`
	Hreflang string `xml:"hreflang,attr"`
	Href     string `xml:"href,attr"`
}

type atomFeed struct {
	XMLName xml.Name   `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string     `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
	IDs     []string   `xml:"http://www.w3.org/2005/Atom id"`
	Titles  []atomText `xml:"http://www.w3.org/2005/Atom title"`
	Updated []string   `xml:"http://www.w3.org/2005/Atom updated"`
	Links   []atomLink `xml:"http://www.w3.org/2005/Atom link"`
	Authors []struct {
		Name string `xml:"http://www.w3.org/2005/Atom name"`
	} `xml:"http://www.w3.org/2005/Atom author"`
	Entries []struct {
		IDs      []string   `xml:"http://www.w3.org/2005/Atom id"`
		Titles   []atomText `xml:"http://www.w3.org/2005/Atom title"`
		Updated  []string   `xml:"http://www.w3.org/2005/Atom updated"`
		Links    []atomLink `xml:"http://www.w3.org/2005/Atom link"`
		Summary  []atomText `xml:"http://www.w3.org/2005/Atom summary"`
		Content  []atomText `xml:"http://www.w3.org/2005/Atom content"`
		Category []struct {
			Term string `xml:"term,attr"`
		} `xml:"http://www.w3.org/2005/Atom category"`
	} `xml:"http://www.w3.org/2005/Atom entry"`
}

// one checks that an element required once (RFC 4287) is there once.
func one[T any](t *testing.T, where, what string, xs []T) (T, bool) {
	t.Helper()
	var zero T
	if len(xs) != 1 {
		t.Errorf("%s: %d <%s> elements, want exactly 1", where, len(xs), what)
		return zero, false
	}
	return xs[0], true
}

func rfc3339(t *testing.T, where, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Errorf("%s: updated %q is not an RFC 3339 date-time", where, s)
	}
	return tm
}

var idRe = regexp.MustCompile(`\sid="([^"]*)"`)

// TestFeeds parses each language's feed as Atom (RFC 4287): the required
// elements once each, RFC 3339 times, unique permanent ids, a self link,
// entries newest first whose links lead to pages of the site and to ids
// on them.
func TestFeeds(t *testing.T) {
	files := buildSite(t, base)
	for _, lang := range []string{"ar", "en"} {
		name := lang + "/feed.xml"
		data := files[name]
		if data == nil {
			t.Errorf("no %s with a base URL", name)
			continue
		}
		wellFormed(t, name, data)
		var f atomFeed
		if err := xml.Unmarshal(data, &f); err != nil {
			t.Fatalf("%s does not parse as Atom: %v", name, err)
		}
		if f.Lang != lang {
			t.Errorf("%s: xml:lang %q", name, f.Lang)
		}
		if id, ok := one(t, name, "id", f.IDs); ok && !strings.HasPrefix(id, base) {
			t.Errorf("%s: feed id %q", name, id)
		}
		if title, ok := one(t, name, "title", f.Titles); ok && title.Text == "" {
			t.Errorf("%s: empty title", name)
		}
		var feedUpdated time.Time
		if u, ok := one(t, name, "updated", f.Updated); ok {
			feedUpdated = rfc3339(t, name, u)
		}
		if len(f.Authors) == 0 || f.Authors[0].Name == "" {
			t.Errorf("%s: no feed author (then every entry would need one)", name)
		}
		self := false
		for _, l := range f.Links {
			if l.Rel == "self" && l.Href == base+name && l.Type == "application/atom+xml" {
				self = true
			}
		}
		if !self {
			t.Errorf("%s: no self link to %s", name, base+name)
		}
		if len(f.Entries) == 0 || len(f.Entries) > 50 {
			t.Errorf("%s: %d entries, want 1 to 50", name, len(f.Entries))
		}
		ids := map[string]bool{}
		var prev time.Time
		kinds := map[string]int{}
		for i, e := range f.Entries {
			where := name + " entry " + strconv.Itoa(i+1)
			id, _ := one(t, where, "id", e.IDs)
			if u, err := url.Parse(id); err != nil || u.Scheme == "" {
				t.Errorf("%s: id %q is not an IRI", where, id)
			}
			if ids[id] {
				t.Errorf("%s: duplicate id %q", name, id)
			}
			ids[id] = true
			if title, ok := one(t, where, "title", e.Titles); ok && title.Text == "" {
				t.Errorf("%s: empty title", where)
			}
			var updated time.Time
			if u, ok := one(t, where, "updated", e.Updated); ok {
				updated = rfc3339(t, where, u)
			}
			if updated.After(feedUpdated) {
				t.Errorf("%s: updated %v after the feed's %v", where, updated, feedUpdated)
			}
			if i > 0 && updated.After(prev) {
				t.Errorf("%s: entries are not newest first", name)
			}
			prev = updated
			if len(e.Content) == 0 && len(e.Links) == 0 {
				t.Errorf("%s: no content and no link", where)
			}
			for _, l := range e.Links {
				if l.Rel != "alternate" {
					continue
				}
				page, frag, _ := strings.Cut(strings.TrimPrefix(l.Href, base), "#")
				if !strings.HasPrefix(l.Href, base) || files[page] == nil {
					t.Errorf("%s: link %s is not a page of the site", where, l.Href)
					continue
				}
				if !strings.HasPrefix(page, lang+"/") {
					t.Errorf("%s: link %s is not in %s", where, l.Href, lang)
				}
				if frag != "" && !slices.ContainsFunc(idRe.FindAllSubmatch(files[page], -1), func(m [][]byte) bool { return string(m[1]) == frag }) {
					t.Errorf("%s: link %s: no id %q on the page", where, l.Href, frag)
				}
				if strings.Contains(page, "/topics/") {
					kinds["briefing"]++
				} else {
					kinds["event"]++
				}
			}
		}
		if kinds["briefing"] == 0 || kinds["event"] == 0 {
			t.Errorf("%s: %d briefing and %d event entries, want both kinds", name, kinds["briefing"], kinds["event"])
		}
	}
}

// TestPagesPublished checks what a page carries with a base URL: its
// canonical link, Open Graph metadata and a link to its feed.
func TestPagesPublished(t *testing.T) {
	files := buildSite(t, base)
	for _, tc := range []struct {
		page string
		want []string
	}{
		{"en/topics/troops/index.html", []string{
			`<link rel="canonical" href="` + base + `en/topics/troops/index.html">`,
			`<link rel="alternate" hreflang="ar" href="` + base + `ar/topics/troops/index.html">`,
			`<link rel="alternate" type="application/atom+xml" href="../../feed.xml"`,
			`<meta property="og:type" content="article">`,
			`<meta property="og:url" content="` + base + `en/topics/troops/index.html">`,
			`<meta property="og:locale" content="en_US">`,
			`<meta property="og:locale:alternate" content="ar_AR">`,
			`<meta property="article:modified_time" content="`,
			`<meta property="og:title" content="US troops`,
		}},
		{"ar/index.html", []string{
			`<link rel="canonical" href="` + base + `ar/index.html">`,
			`<link rel="alternate" type="application/atom+xml" href="feed.xml"`,
			`<meta property="og:type" content="website">`,
			`<meta property="og:locale" content="ar_AR">`,
			`<meta property="og:site_name" content="الحوار`,
		}},
	} {
		page := string(files[tc.page])
		for _, w := range tc.want {
			if !strings.Contains(page, w) {
				t.Errorf("%s lacks %s", tc.page, w)
			}
		}
	}
}

// TestUnpublished checks that a site without a base URL, and the offline
// build of a site with one, have no publishing file and no absolute URL
// but the originals of the sources.
func TestUnpublished(t *testing.T) {
	offline := output.NewMemory()
	if _, err := build.New(build.Options{Content: contentWithBase(t, base), Offline: true}).Build(offline); err != nil {
		t.Fatal(err)
	}
	for name, files := range map[string]map[string][]byte{"no base URL": buildSite(t, ""), "offline": offline.Files} {
		for _, f := range []string{"sitemap.xml", "robots.txt", "ar/feed.xml", "en/feed.xml"} {
			if files[f] != nil {
				t.Errorf("%s: %s written", name, f)
			}
		}
		abs := regexp.MustCompile(`(href|src|content)="(https?:)?//`)
		for p, data := range files {
			if strings.HasSuffix(p, ".html") {
				for _, tag := range regexp.MustCompile(`<[^>]*>`).FindAll(data, -1) {
					if abs.Match(tag) && !bytes.Contains(tag, []byte(`class="external"`)) {
						t.Errorf("%s: %s: absolute URL in %s", name, p, tag)
					}
				}
				if bytes.Contains(data, []byte(`property="og:`)) {
					t.Errorf("%s: %s has Open Graph metadata", name, p)
				}
			}
		}
	}
}

func TestFilesRejectsBaseURL(t *testing.T) {
	for _, u := range []string{"", "example.org", "ftp://example.org/", "https:///path", "https://example.org/?q=1", "https://example.org/#top", "https://user@example.org/"} {
		site := &content.Site{Config: &source.Site{BaseURL: u}, Languages: []string{"ar", "en"}}
		if _, err := publish.Files(site, []render.Spec{{Path: "ar/index.html", Lang: "ar", Kind: "home"}}); err == nil {
			t.Errorf("base_url %q accepted", u)
		}
	}
}

// TestFeedDetails checks the feed's ids and times with a base URL that
// has a port and no trailing slash, and events known only to the month
// or the year.
func TestFeedDetails(t *testing.T) {
	files := buildSite(t, "http://localhost:8080/x")
	feed := string(files["en/feed.xml"])
	for _, want := range []string{
		`<id>http://localhost:8080/x/en/feed.xml</id>`,
		`<id>tag:localhost,`, // the port is not part of a tag: URI's authority
		`:/x/en/chronology/index.html#`,
		// Events known to the year or the month: the tag keeps the
		// precision, the time is the first day.
		`<id>tag:localhost,2024:/x/en/chronology/index.html#`,
		`<id>tag:localhost,2021-07:/x/en/chronology/index.html#`,
		`<updated>2024-01-01T00:00:00Z</updated>`,
		`<updated>2021-07-01T00:00:00Z</updated>`,
	} {
		if !strings.Contains(feed, want) {
			t.Errorf("en/feed.xml lacks %s", want)
		}
	}
	if !strings.Contains(string(files["robots.txt"]), "Sitemap: http://localhost:8080/x/sitemap.xml") {
		t.Errorf("robots.txt:\n%s", files["robots.txt"])
	}
}
