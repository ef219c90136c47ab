// Package source reads a content directory (site.yaml, articles/, notes/,
// events.yaml, entities.yaml) into typed records, one file at a time. Each
// file is parsed on its own, so a parse result depends only on the file's
// bytes and can be cached by the caller. Problems are reported as
// diagnostics with the file and line they are on.
package source

import (
	"errors"
	"io/fs"
	"maps"
	"net/url"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"briefing/generator/cite"
	"briefing/generator/date"
	"briefing/generator/diag"

	"go.yaml.in/yaml/v3"
)

// Languages lists the languages the generator can write pages in, in the
// order of the format's default: Arabic first.
var Languages = []string{"ar", "en"}

// Supported reports whether lang is one of Languages.
func Supported(lang string) bool { return slices.Contains(Languages, lang) }

// Dir returns the writing direction of lang: "rtl" or "ltr".
func Dir(lang string) string {
	if lang == "ar" {
		return "rtl"
	}
	return "ltr"
}

// Text is a text given per language. The key "" holds a text given
// without a language, which stands for every language.
type Text map[string]string

// In returns the text for lang, falling back to the language-less text and
// then to any other language in the order of Languages. It reports the
// language of the text returned.
func (t Text) In(lang string) (string, string) {
	if s, ok := t[lang]; ok {
		return s, lang
	}
	if s, ok := t[""]; ok {
		return s, lang
	}
	for _, l := range Languages {
		if s, ok := t[l]; ok {
			return s, l
		}
	}
	return "", lang
}

// Site is content/site.yaml.
type Site struct {
	Path          string
	Title         Text
	Description   Text
	Languages     []string
	BaseURL       string
	UnsafeHTML    bool
	EasternDigits bool // write Arabic dates with Eastern Arabic digits
}

// Paragraph is one paragraph of an article: one non-empty line of its text.
type Paragraph struct {
	N    int    // 1-based
	Line int    // line in the article file
	Text string // the line as written, without its line break
}

// Article is one source article, content/articles/<id>.md.
type Article struct {
	Path           string
	Line           int // line of the front matter, for file-wide problems
	ID             string
	Title          Text
	TitleEditorial bool
	Outlet         Text
	Published      date.Date
	DateNote       string
	Language       string
	URL            string
	Topics         []string
	TopicsLine     int
	Summary        Text
	Paragraphs     []Paragraph
	Body           string // the text after the front matter, verbatim; the paragraphs' texts are parts of it
}

// Note is the analysis of one topic in one language, content/notes/<topic>.<lang>.md.
type Note struct {
	Path     string
	Topic    string
	Lang     string
	Title    string
	Summary  string
	Updated  date.Date
	Order    int
	Body     []byte // Markdown after the front matter
	BodyLine int    // the file line on which Body starts
}

// Event is one entry of content/events.yaml.
type Event struct {
	Path    string
	Line    int
	ID      string // optional in the file; derived from the date otherwise
	Date    date.Date
	Title   Text
	Summary Text
	Topics  []string
	Sources []cite.Ref
}

// Entity is one entry of content/entities.yaml.
type Entity struct {
	Path        string
	Line        int
	ID          string
	Kind        string // person, organisation or place
	Name        Text
	Aliases     map[string][]string
	Description Text
}

// Spellings returns every way the entity is written: its names, then its
// aliases, each by language in sorted order. The order is fixed, so the
// list can key a cache of what it matched.
func (e *Entity) Spellings() []string {
	var out []string
	for _, lang := range slices.Sorted(maps.Keys(e.Name)) {
		out = append(out, e.Name[lang])
	}
	for _, lang := range slices.Sorted(maps.Keys(e.Aliases)) {
		out = append(out, e.Aliases[lang]...)
	}
	return out
}

// Kinds lists the kinds of entity, in the order indexes show them.
var Kinds = []string{"person", "organisation", "place"}

// File is one content file as read from disk.
type File struct {
	Path string // slash-separated path as reported in diagnostics
	Data []byte
	// Unread is set by Reread on a file it took from the last read
	// instead of reading it again; the caller may have dropped its Data.
	Unread bool
}

// checkUTF8 reports invalid UTF-8 at its line and returns false.
func checkUTF8(f File, d *diag.List) bool {
	if utf8.Valid(f.Data) {
		return true
	}
	line := 1
	for i := 0; i < len(f.Data); {
		r, size := utf8.DecodeRune(f.Data[i:])
		if r == utf8.RuneError && size <= 1 {
			d.Errorf(f.Path, line, "invalid UTF-8 (byte 0x%02x): content files must be UTF-8", f.Data[i])
			return false
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return false
}

// ParseSite parses site.yaml.
func ParseSite(f File, d *diag.List) *Site {
	s := &Site{Path: f.Path, Languages: slices.Clone(Languages)}
	if !checkUTF8(f, d) {
		return s
	}
	root := parseYAML(f.Path, 0, f.Data, d)
	if root == nil {
		return s
	}
	m := newFields(f.Path, 0, root, "site.yaml", d)
	if m == nil {
		return s
	}
	s.Title = m.text("title", true)
	s.Description = m.text("description", false)
	if langs, line := m.strList("languages"); langs != nil {
		s.Languages = nil
		for _, l := range langs {
			switch {
			case !Supported(l):
				d.Errorf(f.Path, line, "unknown language %q (want one of %s)", l, strings.Join(Languages, ", "))
			case slices.Contains(s.Languages, l):
				d.Errorf(f.Path, line, "language %q is listed twice", l)
			default:
				s.Languages = append(s.Languages, l)
			}
		}
		if len(s.Languages) == 0 {
			s.Languages = slices.Clone(Languages)
		}
	}
	s.BaseURL = m.url("base_url")
	if u, err := url.Parse(s.BaseURL); s.BaseURL != "" && (err != nil || u.Host == "" || u.User != nil || u.RawQuery != "" || u.Fragment != "") {
		d.Errorf(f.Path, m.keys["base_url"], "field \"base_url\": %q must be an absolute http or https URL with a host and no query or fragment", s.BaseURL)
		s.BaseURL = ""
	}
	s.UnsafeHTML = m.boolean("unsafe_html")
	s.EasternDigits = m.boolean("eastern_digits")
	m.unknown()
	return s
}

// ParseArticle parses an article file. The id must equal the file name.
func ParseArticle(f File, d *diag.List) *Article {
	a := &Article{Path: f.Path, Line: 1, ID: strings.TrimSuffix(path.Base(f.Path), ".md")}
	if !checkUTF8(f, d) {
		return nil
	}
	front, body, bodyLine, err := splitFrontMatter(f.Data)
	if err != nil {
		d.Errorf(f.Path, 1, "%v", err)
		return nil
	}
	if !cite.ValidID(a.ID) {
		d.Errorf(f.Path, 1, "file name %q is not a valid article id (want [a-z0-9][a-z0-9-]*.md)", path.Base(f.Path))
	}
	root := parseYAML(f.Path, 1, front, d)
	if root == nil {
		return nil
	}
	m := newFields(f.Path, 1, root, "front matter", d)
	if m == nil {
		return nil
	}
	if id := m.str("id", true); id != "" && id != a.ID {
		d.Errorf(f.Path, m.keys["id"], "id %q does not match the file name %q", id, path.Base(f.Path))
	}
	a.Title = m.text("title", true)
	a.TitleEditorial = m.boolean("title_editorial")
	a.Outlet = m.text("outlet", false)
	a.Published, _ = m.date("published", true)
	a.DateNote = m.str("date_note", false)
	a.Language = m.str("language", true)
	if a.Language != "" && !Supported(a.Language) {
		d.Errorf(f.Path, m.keys["language"], "unknown language %q (want one of %s)", a.Language, strings.Join(Languages, ", "))
	}
	a.URL = m.url("url")
	a.Topics, a.TopicsLine = m.slugs("topics")
	a.Summary = m.text("summary", false)
	m.unknown()
	// One copy of the text, which the paragraphs share: an article keeps
	// nothing of the file it was read from.
	a.Body = string(body)
	a.Paragraphs = paragraphs(a.Body, bodyLine)
	if len(a.Paragraphs) == 0 {
		d.Errorf(f.Path, bodyLine, "article has no text after its front matter")
	}
	return a
}

// paragraphs splits an article's text into paragraphs: one per non-empty line.
func paragraphs(body string, firstLine int) []Paragraph {
	var ps []Paragraph
	line := firstLine
	for len(body) > 0 {
		l, rest, _ := strings.Cut(body, "\n")
		l = strings.TrimSuffix(l, "\r")
		if len(strings.TrimSpace(l)) > 0 {
			ps = append(ps, Paragraph{N: len(ps) + 1, Line: line, Text: l})
		}
		body = rest
		line++
	}
	return ps
}

// ParseNote parses a note file named <topic>.<lang>.md.
func ParseNote(f File, d *diag.List) *Note {
	if !checkUTF8(f, d) {
		return nil
	}
	name := strings.TrimSuffix(path.Base(f.Path), ".md")
	topic, lang, ok := cutLast(name, ".")
	if !ok || !cite.ValidID(topic) {
		d.Errorf(f.Path, 1, "note file name must be <topic>.<lang>.md with a topic of the form [a-z0-9][a-z0-9-]*")
		return nil
	}
	if !Supported(lang) {
		d.Errorf(f.Path, 1, "unknown language %q in the file name (want one of %s)", lang, strings.Join(Languages, ", "))
		return nil
	}
	n := &Note{Path: f.Path, Topic: topic, Lang: lang}
	front, body, bodyLine, err := splitFrontMatter(f.Data)
	if err != nil {
		d.Errorf(f.Path, 1, "%v", err)
		return nil
	}
	root := parseYAML(f.Path, 1, front, d)
	if root == nil {
		return nil
	}
	m := newFields(f.Path, 1, root, "front matter", d)
	if m == nil {
		return nil
	}
	n.Title = m.str("title", true)
	n.Summary = m.str("summary", false)
	n.Updated, _ = m.date("updated", false)
	n.Order = m.integer("order")
	m.unknown()
	n.Body, n.BodyLine = body, bodyLine
	return n
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// ParseEvents parses events.yaml: a list of events.
func ParseEvents(f File, d *diag.List) []*Event {
	items := parseList(f, "events.yaml", d)
	events := make([]*Event, 0, len(items))
	for _, it := range items {
		m := newFields(f.Path, 0, it, "an event", d)
		if m == nil {
			continue
		}
		e := &Event{Path: f.Path, Line: m.line}
		e.ID = m.str("id", false)
		if e.ID != "" && !cite.ValidID(e.ID) {
			d.Errorf(f.Path, m.keys["id"], "event id %q is not valid (want [a-z0-9][a-z0-9-]*)", e.ID)
		}
		e.Date, _ = m.date("date", true)
		e.Title = m.text("title", true)
		e.Summary = m.text("summary", false)
		e.Topics, _ = m.slugs("topics")
		refs, line := m.strList("sources")
		for _, s := range refs {
			r, err := cite.ParseRef(strings.TrimPrefix(s, "@"))
			if err != nil {
				d.Errorf(f.Path, line, "source %q: %v", s, err)
				continue
			}
			e.Sources = append(e.Sources, r)
		}
		m.unknown()
		events = append(events, e)
	}
	return events
}

// ParseEntities parses entities.yaml: a list of people, organisations and places.
func ParseEntities(f File, d *diag.List) []*Entity {
	items := parseList(f, "entities.yaml", d)
	out := make([]*Entity, 0, len(items))
	for _, it := range items {
		m := newFields(f.Path, 0, it, "an entity", d)
		if m == nil {
			continue
		}
		e := &Entity{Path: f.Path, Line: m.line}
		e.ID = m.str("id", true)
		if e.ID != "" && !cite.ValidID(e.ID) {
			d.Errorf(f.Path, m.keys["id"], "entity id %q is not valid (want [a-z0-9][a-z0-9-]*)", e.ID)
		}
		e.Kind = m.str("kind", true)
		if e.Kind != "" && !slices.Contains(Kinds, e.Kind) {
			d.Errorf(f.Path, m.keys["kind"], "entity kind %q is not one of %s", e.Kind, strings.Join(Kinds, ", "))
		}
		e.Name = m.text("name", true)
		e.Aliases = m.textLists("aliases")
		e.Description = m.text("description", false)
		m.unknown()
		out = append(out, e)
	}
	return out
}

func parseList(f File, what string, d *diag.List) []*yaml.Node {
	if !checkUTF8(f, d) {
		return nil
	}
	root := parseYAML(f.Path, 0, f.Data, d)
	if root == nil {
		return nil
	}
	if root.Kind == yaml.MappingNode && len(root.Content) == 0 {
		return nil // empty file
	}
	if root.Kind != yaml.SequenceNode {
		d.Errorf(f.Path, root.Line, "%s must be a list (each item starting with \"- \")", what)
		return nil
	}
	return root.Content
}

// Files is the set of content files, grouped by kind, before parsing.
type Files struct {
	Site     *File
	Articles []File
	Notes    []File
	Events   *File
	Entities *File
}

// Read reads the content files below root in fsys. display is prefixed to
// paths in diagnostics (usually the --content directory as given). Files
// that are not content (README, editor droppings) are ignored. Files are
// read several at a time: fsys must be safe for concurrent use, as
// os.DirFS and fstest.MapFS are.
func Read(fsys fs.FS, display string, d *diag.List) (*Files, error) {
	files := &Files{}
	read := func(name string) (*File, error) {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		return &File{Path: path.Join(display, name), Data: data}, nil
	}
	var err error
	if files.Site, err = read("site.yaml"); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			d.Errorf(path.Join(display, "site.yaml"), 0, "missing: every site needs a site.yaml")
			files.Site = nil
		} else {
			return nil, err
		}
	}
	for _, opt := range []struct {
		name string
		dst  **File
	}{{"events.yaml", &files.Events}, {"entities.yaml", &files.Entities}} {
		f, err := read(opt.name)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
		*opt.dst = f
	}
	for _, dir := range []struct {
		name string
		dst  *[]File
	}{{"articles", &files.Articles}, {"notes", &files.Notes}} {
		entries, err := fs.ReadDir(fsys, dir.name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		var names []string
		for _, e := range entries {
			if e.IsDir() || !contentName(e.Name()) {
				continue
			}
			names = append(names, path.Join(dir.name, e.Name()))
		}
		if *dir.dst, err = readAll(names, read); err != nil {
			return nil, err
		}
	}
	return files, nil
}

// readAll reads the files names with read, twice as many at a time as
// there are cores (reading is mostly waiting on system calls), and returns
// them in the order of names, or the first error.
func readAll(names []string, read func(string) (*File, error)) ([]File, error) {
	if len(names) == 0 {
		return nil, nil
	}
	out := make([]File, len(names))
	errs := make([]error, len(names))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(2*runtime.GOMAXPROCS(0), len(names)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(names); i = int(next.Add(1) - 1) {
				var f *File
				if f, errs[i] = read(names[i]); f != nil {
					out[i] = *f
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Reread returns the content files of fsys as Read would, reading again
// only the files named in changed (slash paths relative to the content
// root, such as "notes/troops.en.md") and taking the others from prev,
// a result of Read or Reread for the same fsys. A changed path that is not
// a content file is ignored, as Read ignores it; one that may stand for
// several files (a directory of articles or notes, created, removed or
// renamed) makes Reread read everything.
func Reread(fsys fs.FS, display string, prev *Files, changed []string, d *diag.List) (*Files, error) {
	if prev == nil {
		return Read(fsys, display, d)
	}
	files := Files{Site: unread(prev.Site), Events: unread(prev.Events), Entities: unread(prev.Entities)}
	files.Articles = slices.Clone(prev.Articles)
	files.Notes = slices.Clone(prev.Notes)
	for _, list := range [][]File{files.Articles, files.Notes} {
		for i := range list {
			list[i].Unread = true
		}
	}
	for _, name := range changed {
		if name == "articles" || name == "notes" || name == "." || name == "" {
			return Read(fsys, display, d)
		}
		var list *[]File
		switch dir, base := path.Split(name); {
		case name == "site.yaml" || name == "events.yaml" || name == "entities.yaml":
		case dir == "articles/" && contentName(base):
			list = &files.Articles
		case dir == "notes/" && contentName(base):
			list = &files.Notes
		default:
			continue // not content, as Read sees it
		}
		data, err := fs.ReadFile(fsys, name)
		gone := errors.Is(err, fs.ErrNotExist)
		if err != nil && !gone {
			if fi, serr := fs.Stat(fsys, name); serr == nil && fi.IsDir() {
				// articles/x.md is a directory: Read skips it.
				gone = true
			} else {
				return nil, err
			}
		}
		f := File{Path: path.Join(display, name), Data: data}
		switch name {
		case "site.yaml":
			files.Site = &f
			if gone {
				d.Errorf(f.Path, 0, "missing: every site needs a site.yaml")
				files.Site = nil
			}
			continue
		case "events.yaml", "entities.yaml":
			dst := &files.Events
			if name == "entities.yaml" {
				dst = &files.Entities
			}
			*dst = &f
			if gone {
				*dst = nil
			}
			continue
		}
		// The lists are in the order of their names, as fs.ReadDir gives.
		i, found := slices.BinarySearchFunc(*list, f.Path, func(x File, p string) int { return strings.Compare(x.Path, p) })
		switch {
		case gone && found:
			*list = slices.Delete(*list, i, i+1)
		case !gone && found:
			(*list)[i] = f
		case !gone:
			*list = slices.Insert(*list, i, f)
		}
	}
	if files.Site == nil && prev.Site == nil && !slices.Contains(changed, "site.yaml") {
		d.Errorf(path.Join(display, "site.yaml"), 0, "missing: every site needs a site.yaml")
	}
	return &files, nil
}

// unread returns a copy of f marked as not read again, or nil.
func unread(f *File) *File {
	if f == nil {
		return nil
	}
	c := *f
	c.Unread = true
	return &c
}

// contentName reports whether a file in articles/ or notes/ is content:
// a Markdown file that is not hidden.
func contentName(base string) bool {
	return strings.HasSuffix(base, ".md") && !strings.HasPrefix(base, ".")
}
