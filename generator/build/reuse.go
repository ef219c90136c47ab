package build

import (
	"hash/maphash"
	"io/fs"
	"slices"
	"sync"

	"briefing/generator/content"
	"briefing/generator/diag"
	"briefing/generator/output"
	"briefing/generator/render"
	"briefing/templates"
)

// What a Builder keeps from one run to the next besides the parse of each
// file: the assembled site, reused while no content file changes, and for
// every file it wrote its size and checksum, with the page's inputs key
// (render.Keys) and the fingerprint of its view. A page the sink still
// holds is kept as it is, instead of being made again, when nothing
// changed at all, when its key is the same, or when its view is.

// previous is what the last runs of a Builder left.
type previous struct {
	site  *content.Site     // the last site Load assembled
	diags []diag.Diagnostic // what assembling it reported

	built  *content.Site // the site of the last Build that wrote every file
	theme  uint64        // the checksum of the templates it used
	specs  []render.Spec // its pages
	pages  map[string]page
	search map[string]bool // the files of its search index
}

// page is what a build records of each file it wrote: its size and
// checksum, and for a page what it was made from, to compare with the
// next build's.
type page struct {
	size  int
	sum   uint64
	stamp output.Stamp // the file's stamp, when the sink gave one
	view  uint64       // the fingerprint of the page's view, when it was prepared
	key   uint64       // the page's inputs key, when it has one
	// Which of view and key are set.
	hasView, hasKey bool
}

// replacement is a file's parse and the one it replaced.
type replacement struct{ old, new any }

// patch returns the last assembled site with the notes this Load parsed
// again in place of their old versions, when that is all that changed
// and each differs from its old version only in its prose (see
// content.Site.Replace), or nil: then the site must be assembled again.
// This is the edit an analyst makes most, and it spares the assembly of
// the whole site, which checks every citation again. The patched topics
// are recorded for Build, which then renders only their briefings and
// the pages that list every topic.
func (b *Builder) patch(d *diag.List) *content.Site {
	b.patched = nil
	if !b.changed || b.added || len(b.replaced) == 0 || b.prev.site == nil || slices.ContainsFunc(b.prev.diags, func(x diag.Diagnostic) bool { return x.Severity == diag.Error }) {
		return nil
	}
	site := b.prev.site
	topics := map[string]map[string]bool{}
	for _, r := range b.replaced {
		old, _ := r.old.(*content.Note)
		n, _ := r.new.(*content.Note)
		if old == nil || n == nil {
			return nil
		}
		var ok bool
		if site, ok = site.Replace(old, n); !ok {
			return nil
		}
		if topics[n.Topic] == nil {
			topics[n.Topic] = map[string]bool{}
		}
		topics[n.Topic][n.Lang] = true
	}
	for _, x := range b.prev.diags {
		d.Add(x)
	}
	b.patched = &patched{from: b.prev.site, topics: topics}
	b.prev.site, b.changed = site, false
	return site
}

// patched says which site the last Load patched, and which notes: the
// languages of each topic whose note it replaced.
type patched struct {
	from   *content.Site
	topics map[string]map[string]bool
}

// renders reports whether page s of the patched site may differ from the
// last build's: a briefing whose note was replaced, or that shows it for
// want of its own translation, and the pages with no inputs key, which
// list every topic.
func (p *patched) renders(site *content.Site, s render.Spec) bool {
	if !render.Keyed(s.Kind) {
		return true
	}
	if s.Kind != "topic" || p.topics[s.Key] == nil {
		return false
	}
	n, _ := site.Topic(s.Key).Note(s.Lang, site.Languages)
	return p.topics[s.Key][n.Lang]
}

// assemble returns the site of in, the last one when no content file
// changed since it was assembled.
func (b *Builder) assemble(in content.Input, d *diag.List) *content.Site {
	if !b.changed && b.prev.site != nil {
		for _, x := range b.prev.diags {
			d.Add(x)
		}
		return b.prev.site
	}
	var own diag.List
	site := content.Assemble(in, &own)
	d.Merge(&own)
	b.prev.site, b.prev.diags, b.changed = site, own.All(), false
	return site
}

// themeSum returns a checksum of the templates a build uses.
func (b *Builder) themeSum() uint64 {
	var h maphash.Hash
	h.SetSeed(b.seed)
	for _, fsys := range []fs.FS{templates.FS, b.opts.Templates} {
		if fsys == nil {
			h.WriteString("\x00none")
			continue
		}
		_ = fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
			h.WriteString("\x00" + p)
			if err != nil || e.IsDir() {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				h.WriteString("\x00unreadable")
				return nil
			}
			h.Write(data)
			return nil
		})
	}
	return h.Sum64()
}

// keeper is a sink that can keep a file of the site it replaces without
// being given its bytes (see output.Dir.Keep).
type keeper interface {
	Keep(name string, size int, same func(old []byte) bool) bool
}

// stamper is a sink that can also tell a file it wrote by its stamp, and
// keep a file of the site it replaces that still has the stamp it had,
// without reading it (see output.Dir.KeepStamped).
type stamper interface {
	Stamp(name string) (output.Stamp, bool)
	KeepStamped(name string, st output.Stamp) bool
}

// stamps adds to the records of a build the stamps its sink gave.
func stamps(sink output.Sink, sums *pageSums) {
	st, ok := sink.(stamper)
	if !ok {
		return
	}
	sums.mu.Lock()
	defer sums.mu.Unlock()
	for name, p := range sums.pages {
		if s, ok := st.Stamp(name); ok {
			p.stamp = s
			sums.pages[name] = p
		}
	}
}

// pageSums records the pages of one build. Its methods are safe for
// concurrent use.
type pageSums struct {
	mu    sync.Mutex
	pages map[string]page
}

func (s *pageSums) add(name string, p page) {
	s.mu.Lock()
	s.pages[name] = p
	s.mu.Unlock()
}

// reuse returns the function that keeps a page of the last build, or nil
// when nothing can be kept: the site or the templates changed, or sink
// cannot keep files.
func (b *Builder) reuse(sink output.Sink, site *content.Site, theme uint64, sums *pageSums) func(name string) bool {
	if _, ok := sink.(keeper); !ok || b.prev.built == nil || b.prev.built != site || b.prev.theme != theme {
		return nil
	}
	return func(name string) bool {
		p, ok := b.prev.pages[name]
		return ok && b.keepPage(sink, name, p, sums)
	}
}

// fingerprint returns the checksum of a page's view.
func (b *Builder) fingerprint(view any) uint64 {
	var h maphash.Hash
	h.SetSeed(b.seed)
	render.Fingerprint(&h, view)
	return h.Sum64()
}

// keepKey keeps the page name of the last build when its inputs key is
// the one that build rendered it with, with the same templates. Its view
// is not prepared at all: this is what makes a rebuild after an edit cost
// little more than the pages the edit reaches.
func (b *Builder) keepKey(sink output.Sink, name string, key, theme uint64, sums *pageSums) bool {
	p, ok := b.prev.pages[name]
	if !ok || !p.hasKey || p.key != key || b.prev.theme != theme {
		return false
	}
	return b.keepPage(sink, name, p, sums)
}

// keepView keeps the page name of the last build when its view is the one
// that build rendered with the same templates: the page would render to
// the same bytes. Its new key, if any, is recorded with it.
func (b *Builder) keepView(sink output.Sink, name string, fp uint64, key *uint64, theme uint64, sums *pageSums) bool {
	p, ok := b.prev.pages[name]
	if !ok || !p.hasView || p.view != fp || b.prev.theme != theme {
		return false
	}
	p.key, p.hasKey = 0, key != nil
	if key != nil {
		p.key = *key
	}
	return b.keepPage(sink, name, p, sums)
}

// keepPage keeps the page name of the last build, recorded as p, if the
// sink still holds it as that build wrote it.
func (b *Builder) keepPage(sink output.Sink, name string, p page, sums *pageSums) bool {
	if st, ok := sink.(stamper); ok && st.KeepStamped(name, p.stamp) {
		sums.add(name, p)
		return true
	}
	k, ok := sink.(keeper)
	if !ok || !k.Keep(name, p.size, func(old []byte) bool { return maphash.Bytes(b.seed, old) == p.sum }) {
		return false
	}
	sums.add(name, p)
	return true
}

// rendered records a file as written, with what p says it was made from,
// unless there is no next build to read the record.
func (b *Builder) rendered(sums *pageSums, name string, data []byte, p page) {
	if b.opts.Once {
		return
	}
	p.size, p.sum = len(data), maphash.Bytes(b.seed, data)
	sums.add(name, p)
}

// keepSearch keeps, through keep (see reuse), the files of the last
// build's search index that the sink still holds. It returns their names,
// and whether that is all of them: then the index, the most expensive
// file to make after the pages, need not be built again.
func (b *Builder) keepSearch(keep func(string) bool) (kept map[string]bool, all bool) {
	kept = map[string]bool{}
	if keep == nil || len(b.prev.search) == 0 {
		return kept, false
	}
	all = true
	for name := range b.prev.search {
		if keep(name) {
			kept[name] = true
		} else {
			all = false
		}
	}
	return kept, all
}

// remember records the files of a build that wrote all of them, search
// being the names of its search index, and forgets them after one that
// did not.
func (b *Builder) remember(site *content.Site, theme uint64, specs []render.Spec, sums *pageSums, search map[string]bool, ok bool) {
	if !ok {
		b.prev.built, b.prev.specs, b.prev.pages, b.prev.search = nil, nil, nil, nil
		return
	}
	b.prev.built, b.prev.theme, b.prev.specs, b.prev.pages, b.prev.search = site, theme, specs, sums.pages, search
}
