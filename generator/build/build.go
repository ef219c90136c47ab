// Package build runs the pipeline: read content, parse it, assemble and
// check the site model, render every page and write them to a sink. A
// Builder keeps the parse of each file between runs, keyed by the file's
// bytes, so a rebuild re-parses only what changed.
package build

import (
	"bytes"
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"os"
	"path"
	"runtime"
	"sync"
	"time"

	"briefing/generator/content"
	"briefing/generator/dates"
	"briefing/generator/diag"
	"briefing/generator/markdown"
	"briefing/generator/output"
	"briefing/generator/render"
	"briefing/generator/search"
	"briefing/generator/source"
	"briefing/templates"
)

// Options configure a Builder.
type Options struct {
	Content   fs.FS  // the content directory
	ContentAt string // its path as shown in diagnostics, e.g. "content"
	Templates fs.FS  // overrides of the default templates; may be nil
	Version   string
	// Workers bounds parallelism; 0 means GOMAXPROCS.
	Workers int
	// Watch says the Builder will build again after each change (the
	// preview server): it then keeps the search index of each language
	// in memory, to reuse while that language's documents are unchanged.
	Watch bool
	// Once says the Builder builds once (briefing build, bundle): it then
	// records nothing for a next build, neither page keys nor view
	// fingerprints nor output checksums.
	Once bool
	// Offline builds a site to be read from disk (the offline bundle):
	// base_url is ignored, so no page carries an absolute URL and no
	// sitemap, feed or robots.txt is written.
	Offline bool
	// Loaded, if not nil, is called by Build once the content is loaded
	// without error, before anything is rendered: all that stays in
	// memory for the rest of the build is then known (see BoundMemory).
	Loaded func()
}

// Result describes a finished build.
type Result struct {
	Pages     int // HTML pages written
	Files     int // all files written, pages included
	Languages []string
	Diags     []diag.Diagnostic
	Warnings  int
	Errors    int
	Duration  time.Duration
	Paths     []string // every file written, in no particular order
}

// ErrContent is returned (wrapped) when the content has errors; the
// diagnostics are in the Result.
var ErrContent = errors.New("content has errors")

// Builder builds a site, reusing the parse of unchanged files across runs.
// A Builder is not safe for concurrent use: run one build at a time. The
// search index it defers to a sink (see output.Deferred) may be made
// during a later build: that touches only the index cache, under its own
// lock, and the site of the build that deferred it, which nothing changes.
type Builder struct {
	opts     Options
	parser   *markdown.Parser
	dates    *dates.Extractor
	mentions content.MentionCache
	indexes  map[string]searchIndex // by language, with Options.Watch
	indexMu  sync.Mutex             // guards indexes: a deferred index is made during a later build
	seed     maphash.Seed
	cache    map[string]cached
	// inputs holds the checksum of each parsed object of the last Load,
	// for the pages' inputs keys (see render.Keys).
	inputs map[any]uint64
	// changed is set when a file was parsed or removed since the last
	// assembly; prev is what the last runs left (see reuse.go).
	changed bool
	prev    previous
	// files are the content files the last Load read; changes, when
	// known, name the ones changed since (see Changed).
	files   *source.Files
	changes []string
	known   bool
	// replaced lists the parses that this Load replaced, and added says
	// whether it parsed a file it had never seen or lost one (see patch).
	replaced []replacement
	added    bool
	patched  *patched // what the last Load patched, if it did
	// lastTheme is the theme of the last build, parsed from templates
	// whose checksum is lastThemeSum.
	lastTheme    *render.Theme
	lastThemeSum uint64
}

// Changed tells the Builder which content files changed since its last
// build, as slash paths relative to the content directory
// ("notes/troops.en.md"); the next Load reads only those again (see
// source.Reread). Without a call, Load reads every file. A preview server
// calls it with what its watcher saw.
func (b *Builder) Changed(paths []string) {
	b.changes = append(b.changes, paths...)
	b.known = true
}

type cached struct {
	sum    uint64
	value  any
	diags  []diag.Diagnostic
	inputs []input
}

// input is a parsed object and the checksum of what pages can show of it.
type input struct {
	obj any
	sum uint64
}

// inputsOf returns the objects parsed from a file, with their checksums:
// the file's own for a file that holds one object, a checksum of each
// entry's fields but its position for the lists events.yaml and
// entities.yaml, so that an edit to one entry leaves the others' alone.
func (b *Builder) inputsOf(v any, sum uint64) []input {
	switch v := v.(type) {
	case *content.SourceArticle:
		if v != nil {
			return []input{{v.Article, sum}}
		}
	case *content.Note:
		if v != nil {
			return []input{{v, sum}}
		}
	case *source.Site:
		if v != nil {
			return []input{{v, sum}}
		}
	case []*source.Event:
		return entryInputs(b, v, func(e source.Event) source.Event { e.Path, e.Line = "", 0; return e })
	case []*source.Entity:
		return entryInputs(b, v, func(e source.Entity) source.Entity { e.Path, e.Line = "", 0; return e })
	}
	return nil
}

// entryInputs returns the entries of a list file with the checksum of
// each as unplaced returns it: without its position in the file.
func entryInputs[T any](b *Builder, list []*T, unplaced func(T) T) []input {
	out := make([]input, len(list))
	for i, e := range list {
		out[i] = input{e, b.fingerprint(unplaced(*e))}
	}
	return out
}

// inputSum returns the checksum of a parsed object for the pages' keys.
func (b *Builder) inputSum(obj any) uint64 {
	if s, ok := b.inputs[obj]; ok {
		return s
	}
	// Not parsed from a file: the default configuration of a site
	// without site.yaml.
	return b.fingerprint(obj)
}

// New returns a Builder.
func New(opts Options) *Builder {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.ContentAt == "" {
		opts.ContentAt = "content"
	}
	return &Builder{opts: opts, parser: markdown.NewParser(), dates: dates.New(), seed: maphash.MakeSeed(), cache: map[string]cached{}}
}

// reused returns the parse of f when source.Reread did not read f again:
// the cache holds its parse, and nothing need be hashed or scheduled.
func (b *Builder) reused(f source.File, d *diag.List) (any, bool) {
	c, ok := b.cache[f.Path]
	if !f.Unread || !ok {
		return nil, false
	}
	for _, x := range c.diags {
		d.Add(x)
	}
	return c.value, true
}

// parsedAll reports whether the cache holds the parse of every file that
// source.Reread did not read again.
func (b *Builder) parsedAll(files *source.Files) bool {
	for _, f := range []*source.File{files.Site, files.Events, files.Entities} {
		if f != nil && f.Unread && !b.has(f.Path) {
			return false
		}
	}
	for _, list := range [][]source.File{files.Articles, files.Notes} {
		for _, f := range list {
			if f.Unread && !b.has(f.Path) {
				return false
			}
		}
	}
	return true
}

func (b *Builder) has(path string) bool {
	_, ok := b.cache[path]
	return ok
}

// dropData lets go of the bytes of files, which their parses do not keep.
func dropData(files *source.Files) {
	if files == nil {
		return
	}
	for _, f := range []*source.File{files.Site, files.Events, files.Entities} {
		if f != nil {
			f.Data = nil
		}
	}
	for _, list := range [][]source.File{files.Articles, files.Notes} {
		for i := range list {
			list[i].Data = nil
		}
	}
}

// parse returns the parse of f, from the cache when f is unchanged.
func (b *Builder) parse(f source.File, d *diag.List, fn func(source.File, *diag.List) any, mu *sync.Mutex) any {
	sum := maphash.Bytes(b.seed, f.Data)
	mu.Lock()
	c, ok := b.cache[f.Path]
	mu.Unlock()
	if ok && c.sum == sum {
		for _, x := range c.diags {
			d.Add(x)
		}
		return c.value
	}
	old := c.value
	var own diag.List
	v := fn(f, &own)
	c = cached{sum: sum, value: v, diags: own.All(), inputs: b.inputsOf(v, sum)}
	for _, x := range c.diags {
		d.Add(x)
	}
	mu.Lock()
	b.cache[f.Path] = c
	b.changed = true
	if ok {
		b.replaced = append(b.replaced, replacement{old, v})
	} else {
		b.added = true
	}
	mu.Unlock()
	return v
}

// Load reads and checks the content and returns the site model. The
// diagnostics are in d; the model is incomplete when d has errors.
func (b *Builder) Load(d *diag.List) (*content.Site, error) {
	var files *source.Files
	var err error
	if b.known && b.files != nil {
		var rd diag.List
		files, err = source.Reread(b.opts.Content, b.opts.ContentAt, b.files, b.changes, &rd)
		if err == nil && b.parsedAll(files) {
			d.Merge(&rd)
		} else {
			files, err = nil, nil // read everything instead
		}
	}
	if files == nil {
		files, err = source.Read(b.opts.Content, b.opts.ContentAt, d)
	}
	b.files, b.changes, b.known = files, nil, false
	// The files' bytes are not needed once parsed: a rebuild reads again
	// what changed, and knows the rest by their parse (see reused).
	defer dropData(files)
	if err != nil {
		return nil, fmt.Errorf("reading content: %w", err)
	}
	in := content.Input{Mentions: &b.mentions}
	var mu sync.Mutex
	seen := map[string]bool{}
	mark := func(p string) { seen[p] = true }
	// events.yaml and entities.yaml are single files that grow with the
	// site: their jobs go first, to run beside the articles'.
	jobs := make([]func(), 0, 3+len(files.Articles)+len(files.Notes))
	if files.Events != nil {
		mark(files.Events.Path)
		if v, ok := b.reused(*files.Events, d); ok {
			in.Events, _ = v.([]*source.Event)
		} else {
			jobs = append(jobs, func() {
				in.Events, _ = b.parse(*files.Events, d, func(f source.File, d *diag.List) any { return source.ParseEvents(f, d) }, &mu).([]*source.Event)
			})
		}
	}
	if files.Entities != nil {
		mark(files.Entities.Path)
		if v, ok := b.reused(*files.Entities, d); ok {
			in.Entities, _ = v.([]*source.Entity)
		} else {
			jobs = append(jobs, func() {
				in.Entities, _ = b.parse(*files.Entities, d, func(f source.File, d *diag.List) any { return source.ParseEntities(f, d) }, &mu).([]*source.Entity)
			})
		}
	}
	if files.Site != nil {
		mark(files.Site.Path)
		if v, ok := b.reused(*files.Site, d); ok {
			in.Site, _ = v.(*source.Site)
		} else {
			jobs = append(jobs, func() {
				in.Site, _ = b.parse(*files.Site, d, func(f source.File, d *diag.List) any { return source.ParseSite(f, d) }, &mu).(*source.Site)
			})
		}
	}
	in.Articles = make([]*content.SourceArticle, len(files.Articles))
	in.Notes = make([]*content.Note, len(files.Notes))
	for i, f := range files.Articles {
		mark(f.Path)
		if v, ok := b.reused(f, d); ok {
			in.Articles[i], _ = v.(*content.SourceArticle)
			continue
		}
		jobs = append(jobs, func() {
			in.Articles[i], _ = b.parse(f, d, b.parseArticle, &mu).(*content.SourceArticle)
		})
	}
	for i, f := range files.Notes {
		mark(f.Path)
		if v, ok := b.reused(f, d); ok {
			in.Notes[i], _ = v.(*content.Note)
			continue
		}
		jobs = append(jobs, func() {
			in.Notes[i], _ = b.parse(f, d, b.parseNote, &mu).(*content.Note)
		})
	}
	b.parallel(jobs)
	// Parsed: let go of the bytes before the assembly, whose search for
	// entity mentions is the peak of a full build's memory.
	dropData(files)
	n := 0
	for p, c := range b.cache {
		if !seen[p] {
			delete(b.cache, p)
			b.changed, b.added = true, true // a file gone changes the model's shape like one added
			continue
		}
		n += len(c.inputs)
	}
	b.inputs = make(map[any]uint64, n)
	for _, c := range b.cache {
		for _, x := range c.inputs {
			b.inputs[x.obj] = x.sum
		}
	}
	in.Articles = compact(in.Articles)
	in.Notes = compact(in.Notes)
	site := b.patch(d)
	if site == nil {
		site = b.assemble(in, d)
	}
	b.replaced, b.added = b.replaced[:0], false
	return site, nil
}

// parseArticle parses an article and finds the dates its paragraphs
// mention, which depend on nothing but the file.
func (b *Builder) parseArticle(f source.File, d *diag.List) any {
	a := source.ParseArticle(f, d)
	if a == nil {
		return (*content.SourceArticle)(nil)
	}
	return &content.SourceArticle{Article: a, Dates: content.FindDates(b.dates, a)}
}

func (b *Builder) parseNote(f source.File, d *diag.List) any {
	n := source.ParseNote(f, d)
	if n == nil {
		return (*content.Note)(nil)
	}
	return &content.Note{Note: n, Doc: b.parser.Parse(n.Body)}
}

func compact[T any](s []*T) []*T {
	out := s[:0]
	for _, x := range s {
		if x != nil {
			out = append(out, x)
		}
	}
	return out
}

// parallel runs jobs on the Builder's workers and waits for them.
func (b *Builder) parallel(jobs []func()) {
	ch := make(chan func())
	var wg sync.WaitGroup
	for range min(b.opts.Workers, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range ch {
				job()
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()
}

// Theme loads the templates: the embedded defaults with the user's
// overrides.
func (b *Builder) Theme() (*render.Theme, error) {
	return render.LoadTheme(templates.FS, b.opts.Templates)
}

// theme returns the templates, parsed again only when their checksum
// changed since the last build.
func (b *Builder) theme(sum uint64) (*render.Theme, error) {
	if b.lastTheme != nil && b.lastThemeSum == sum {
		return b.lastTheme, nil
	}
	th, err := b.Theme()
	if err != nil {
		return nil, err
	}
	b.lastTheme, b.lastThemeSum = th, sum
	return th, nil
}

// Build runs the whole pipeline and writes the site to sink. When the
// content has errors nothing is written and the returned error wraps
// ErrContent; the diagnostics are in the Result either way.
func (b *Builder) Build(sink output.Sink) (*Result, error) {
	start := time.Now()
	var d diag.List
	res := &Result{}
	finish := func() {
		res.Diags = d.All()
		res.Errors, res.Warnings = d.Errors(), d.Warnings()
		res.Duration = time.Since(start)
	}
	site, err := b.Load(&d)
	if err != nil {
		finish()
		return res, err
	}
	res.Languages = site.Languages
	if d.Errors() > 0 {
		finish()
		return res, fmt.Errorf("%w: %d errors", ErrContent, d.Errors())
	}
	if b.opts.Loaded != nil {
		b.opts.Loaded()
	}
	themeSum := b.themeSum()
	theme, err := b.theme(themeSum)
	if err != nil {
		finish()
		return res, err
	}
	loaded := site
	site = b.forOutput(site)
	r := render.New(site, theme, b.opts.Version)
	sums := &pageSums{}
	keep := b.reuse(sink, loaded, themeSum, sums)
	// After a patch (see Load) only the patched topics' briefings and
	// the pages with no inputs key, which list every topic, can have
	// changed: the rest are kept without a look at their inputs.
	partial := keep == nil && b.patched != nil && b.patched.from == b.prev.built && b.prev.theme == themeSum
	var specs []render.Spec
	var pageKeys *render.Keys
	if partial {
		specs = b.prev.specs // the same pages: a patch changes no page's existence
	} else {
		specs = r.Pages()
		if !b.opts.Once {
			pageKeys = r.Keys(b.seed, b.inputSum)
		}
	}
	sums.pages = make(map[string]page, len(specs))
	var (
		mu    sync.Mutex
		errs  []error
		paths []string
	)
	write := func(name string, data []byte) {
		if err := sink.WriteFile(name, data); err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
			return
		}
		mu.Lock()
		paths = append(paths, name)
		mu.Unlock()
	}
	// The files that are not pages are written before the pages, and let
	// go of once written: the search index, the largest of them, would
	// otherwise be held for the whole of the rendering.
	writeFile := func(name string, data []byte) {
		b.rendered(sums, name, data, page{})
		write(name, data)
	}
	writeFiles := func(files map[string][]byte) {
		jobs := make([]func(), 0, len(files))
		for name, data := range files {
			jobs = append(jobs, func() { writeFile(name, data) })
		}
		b.parallel(jobs)
	}
	files := map[string][]byte{"assets/chroma.css": markdown.Stylesheet()}
	for name, data := range theme.Assets {
		files["assets/"+name] = data
	}
	if err := addPublished(site, specs, files); err != nil {
		finish()
		return res, err
	}
	// The search index is kept from the last build, deferred to when a
	// page asks for it (the preview), or made now, a language at a time.
	kept, searchDone := b.keepSearch(keep)
	if dl, ok := sink.(output.Deferrer); ok && !searchDone && dl.Defer(b.deferSearch(r, site.Languages)) {
		searchDone = true
	}
	for name := range kept {
		paths = append(paths, name) // the last build's, kept as they are
	}
	{
		// The languages' indexes read the source paragraphs once, through
		// shared, which holds the first index's word lists until the last
		// index is made: in a block of its own, so that it is not live
		// while pages render.
		var shared *search.Shared
		if len(site.Languages) > 1 {
			shared = &search.Shared{}
		}
		for _, lang := range site.Languages {
			if searchDone {
				break
			}
			var (
				shardMu sync.Mutex
				shards  []string
			)
			index, err := b.searchIndex(lang, r.SearchDocs(lang), shared, func(f search.File) {
				if !kept[f.Path] { // kept is only read until searchIndex returns
					writeFile(f.Path, f.Data)
				}
				shardMu.Lock()
				shards = append(shards, f.Path)
				shardMu.Unlock()
			})
			if err != nil {
				finish()
				return res, err
			}
			own := make(map[string][]byte, len(index))
			for _, f := range index {
				if !kept[f.Path] {
					own[f.Path] = f.Data
				}
			}
			for _, f := range index {
				kept[f.Path] = true
			}
			for _, name := range shards {
				kept[name] = true
			}
			writeFiles(own)
		}
	}
	writeFiles(files)
	jobs := make([]func(), 0, len(specs))
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	for _, s := range specs {
		// Kept in this loop rather than by a job: a partial build keeps
		// thousands of pages, each in a fraction of a microsecond.
		if partial && !b.patched.renders(site, s) {
			if p, ok := b.prev.pages[s.Path]; ok && b.keepPage(sink, s.Path, p, sums) {
				paths = append(paths, s.Path)
				continue
			}
		}
		jobs = append(jobs, func() {
			if keep != nil && keep(s.Path) {
				mu.Lock()
				paths = append(paths, s.Path)
				mu.Unlock()
				return
			}
			var rec page
			var key *uint64
			if pageKeys != nil { // a partial build has none: its pages are compared by view
				if k, ok := pageKeys.Key(s); ok {
					rec.key, rec.hasKey, key = k, true, &k
					if b.keepKey(sink, s.Path, k, themeSum, sums) {
						mu.Lock()
						paths = append(paths, s.Path)
						mu.Unlock()
						return
					}
				}
			}
			view, err := r.View(s)
			if err == nil && !b.opts.Once {
				rec.view, rec.hasView = b.fingerprint(view), true
				if b.keepView(sink, s.Path, rec.view, key, themeSum, sums) {
					mu.Lock()
					paths = append(paths, s.Path)
					mu.Unlock()
					return
				}
			}
			buf := bufs.Get().(*bytes.Buffer)
			buf.Reset()
			defer func() {
				// A buffer grown for one of the few very large pages
				// (the chronology, the source index: megabytes on a
				// large site) is not kept for the small ones.
				if buf.Cap() <= maxPooledBuffer {
					bufs.Put(buf)
				}
			}()
			if err == nil {
				err = r.Execute(s, view, buf)
			}
			if err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				return
			}
			b.rendered(sums, s.Path, buf.Bytes(), rec)
			write(s.Path, buf.Bytes())
		})
	}
	b.parallel(jobs)
	stamps(sink, sums)
	b.remember(loaded, themeSum, specs, sums, kept, len(errs) == 0)
	res.Pages = len(specs)
	res.Files = len(paths)
	res.Paths = paths
	finish()
	return res, errors.Join(errs...)
}

// maxPooledBuffer bounds the render buffers kept for reuse: a thousand
// times what most pages need.
const maxPooledBuffer = 1 << 20

// DirFS returns os.DirFS(dir), or nil when dir is "" or does not exist.
func DirFS(dir string) fs.FS {
	if dir == "" {
		return nil
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil
	}
	return os.DirFS(dir)
}

// Display returns dir cleaned for use in diagnostics.
func Display(dir string) string { return path.Clean(dir) }
