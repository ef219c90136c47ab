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
	"briefing/generator/diag"
	"briefing/generator/markdown"
	"briefing/generator/output"
	"briefing/generator/render"
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
// A Builder is not safe for concurrent use: run one build at a time.
type Builder struct {
	opts   Options
	parser *markdown.Parser
	seed   maphash.Seed
	cache  map[string]cached
}

type cached struct {
	sum   uint64
	value any
	diags []diag.Diagnostic
}

// New returns a Builder.
func New(opts Options) *Builder {
	if opts.Workers <= 0 {
		opts.Workers = runtime.GOMAXPROCS(0)
	}
	if opts.ContentAt == "" {
		opts.ContentAt = "content"
	}
	return &Builder{opts: opts, parser: markdown.NewParser(), seed: maphash.MakeSeed(), cache: map[string]cached{}}
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
	var own diag.List
	v := fn(f, &own)
	c = cached{sum: sum, value: v, diags: own.All()}
	for _, x := range c.diags {
		d.Add(x)
	}
	mu.Lock()
	b.cache[f.Path] = c
	mu.Unlock()
	return v
}

// Load reads and checks the content and returns the site model. The
// diagnostics are in d; the model is incomplete when d has errors.
func (b *Builder) Load(d *diag.List) (*content.Site, error) {
	files, err := source.Read(b.opts.Content, b.opts.ContentAt, d)
	if err != nil {
		return nil, fmt.Errorf("reading content: %w", err)
	}
	var in content.Input
	var mu sync.Mutex
	seen := map[string]bool{}
	mark := func(p string) { seen[p] = true }
	if files.Site != nil {
		mark(files.Site.Path)
		in.Site, _ = b.parse(*files.Site, d, func(f source.File, d *diag.List) any { return source.ParseSite(f, d) }, &mu).(*source.Site)
	}
	if files.Events != nil {
		mark(files.Events.Path)
		in.Events, _ = b.parse(*files.Events, d, func(f source.File, d *diag.List) any { return source.ParseEvents(f, d) }, &mu).([]*source.Event)
	}
	if files.Entities != nil {
		mark(files.Entities.Path)
		in.Entities, _ = b.parse(*files.Entities, d, func(f source.File, d *diag.List) any { return source.ParseEntities(f, d) }, &mu).([]*source.Entity)
	}
	in.Articles = make([]*source.Article, len(files.Articles))
	in.Notes = make([]*content.Note, len(files.Notes))
	jobs := make([]func(), 0, len(files.Articles)+len(files.Notes))
	for i, f := range files.Articles {
		mark(f.Path)
		jobs = append(jobs, func() {
			in.Articles[i], _ = b.parse(f, d, func(f source.File, d *diag.List) any { return source.ParseArticle(f, d) }, &mu).(*source.Article)
		})
	}
	for i, f := range files.Notes {
		mark(f.Path)
		jobs = append(jobs, func() {
			in.Notes[i], _ = b.parse(f, d, b.parseNote, &mu).(*content.Note)
		})
	}
	b.parallel(jobs)
	for p := range b.cache {
		if !seen[p] {
			delete(b.cache, p)
		}
	}
	in.Articles = compact(in.Articles)
	in.Notes = compact(in.Notes)
	return content.Assemble(in, d), nil
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
	theme, err := b.Theme()
	if err != nil {
		finish()
		return res, err
	}
	r := render.New(site, theme, b.opts.Version)
	specs := r.Pages()
	files := map[string][]byte{"assets/chroma.css": markdown.Stylesheet()}
	for name, data := range theme.Assets {
		files["assets/"+name] = data
	}
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
	jobs := make([]func(), 0, len(specs)+len(files))
	bufs := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	for _, s := range specs {
		jobs = append(jobs, func() {
			buf := bufs.Get().(*bytes.Buffer)
			buf.Reset()
			defer bufs.Put(buf)
			if err := r.Render(s, buf); err != nil {
				mu.Lock()
				errs = append(errs, err)
				mu.Unlock()
				return
			}
			write(s.Path, bytes.Clone(buf.Bytes()))
		})
	}
	for name, data := range files {
		jobs = append(jobs, func() { write(name, data) })
	}
	b.parallel(jobs)
	res.Pages = len(specs)
	res.Files = len(paths)
	res.Paths = paths
	finish()
	return res, errors.Join(errs...)
}

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
