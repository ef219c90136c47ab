// Package watch reports changes to the files under a set of roots, in
// batches, by calling a function it is given. It knows nothing of what the
// files mean.
//
// fsnotify watches one directory at a time, so a Watcher watches every
// directory under its roots, adds the ones created (or moved in) later
// together with what is already inside them, and drops the ones removed or
// moved away. Events are collected until the tree has been quiet for a short
// while (or a maximum wait has passed) and then delivered as one Batch.
package watch

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Default timings. A save by an editor is 1 to 6 events that inotify
// delivers within a millisecond or two of each other, and a git checkout
// writes files back to back, a few milliseconds apart at most; 40 ms of
// quiet leaves a wide margin for a loaded machine and for editors that write
// in chunks, yet stays well under the 100 ms or so after which a reload
// stops feeling immediate. MaxWait bounds the delay when changes never stop
// (a script rewriting a file every few milliseconds still gets a build about
// twice a second).
const (
	DefaultQuiet   = 40 * time.Millisecond
	DefaultMaxWait = 500 * time.Millisecond
)

// Batch is one delivery of changes.
type Batch struct {
	// Paths are the absolute, cleaned paths that were created, written,
	// removed or renamed (a rename lists the old and the new name), sorted
	// and without duplicates. A directory that was created, moved in,
	// removed or moved away is listed together with every path under it.
	// A path that appeared and disappeared again within the batch, such as
	// an editor's temporary file, is left out.
	Paths []string
	// Overflow reports that the kernel dropped events, so changes may be
	// missing from Paths: Paths then lists every path under the roots, and
	// the caller should treat them all as changed.
	Overflow bool
}

// Option configures a Watcher.
type Option func(*config)

type config struct {
	quiet   time.Duration
	maxWait time.Duration
	ignore  []func(path string) bool
	exclude []string
	log     *slog.Logger
}

// WithQuiet sets how long the tree must stay quiet before a batch is
// delivered (DefaultQuiet when not given). Values below 1 ms are raised to
// 1 ms.
func WithQuiet(d time.Duration) Option {
	return func(c *config) { c.quiet = max(d, time.Millisecond) }
}

// WithMaxWait caps how long a change waits for the tree to become quiet
// (DefaultMaxWait when not given); it is never shorter than the quiet period.
func WithMaxWait(d time.Duration) Option {
	return func(c *config) { c.maxWait = d }
}

// WithIgnore adds a predicate on absolute paths: a path for which it returns
// true is neither reported nor, if it is a directory, watched. Editor
// droppings and version-control directories are always ignored (see New).
func WithIgnore(fn func(path string) bool) Option {
	return func(c *config) {
		if fn != nil {
			c.ignore = append(c.ignore, fn)
		}
	}
}

// WithExclude names directories (such as the output directory public/)
// whose contents are neither watched nor reported. Relative names are
// taken from the current directory.
func WithExclude(dirs ...string) Option {
	return func(c *config) { c.exclude = append(c.exclude, dirs...) }
}

// WithLogger sets where the Watcher logs what it could not do (a directory
// it could not watch, an fsnotify error) and, at debug level, every event.
// By default nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) {
		if l != nil {
			c.log = l
		}
	}
}

// Watcher watches directory trees and single files for changes.
// Its methods other than Close must not be called concurrently.
type Watcher struct {
	cfg     config
	fs      *fsnotify.Watcher
	roots   []string        // absolute and clean
	exclude []string        // absolute and clean
	known   map[string]bool // every path under the roots that is not ignored -> is a directory

	ran       atomic.Bool
	closed    atomic.Bool
	closeOnce sync.Once
	closeErr  error
}

// New starts watching roots, which may name directories (watched with
// everything under them) or single files (such as content/site.yaml). A
// root need not exist yet, but its parent directory must: the parent is
// watched too, so a root that is removed and created again, or saved by
// renaming a new file over it, is still seen.
//
// Changes start to be recorded as soon as New returns; Run delivers them,
// including those that happened before it was called. New fails when a
// root's parent directory is missing or a directory cannot be watched (for
// example when fs.inotify.max_user_watches is reached).
//
// Besides what WithIgnore and WithExclude name, New always ignores the
// files editors leave next to the ones they save (*.swp and its kin, *~,
// .#*, #*#, vim's 4913, *.tmp, JetBrains' *___jb_tmp___ and *___jb_old___,
// .DS_Store) and everything inside .git, .hg, .svn and .jj. Symbolic links
// are reported as files and not followed. Events that only change a file's
// attributes (chmod, touch) are not reported.
func New(roots []string, opts ...Option) (*Watcher, error) {
	cfg := config{quiet: DefaultQuiet, maxWait: DefaultMaxWait, log: slog.New(slog.DiscardHandler)}
	for _, o := range opts {
		o(&cfg)
	}
	cfg.maxWait = max(cfg.maxWait, cfg.quiet)
	if len(roots) == 0 {
		return nil, errors.New("watch: no roots to watch")
	}
	w := &Watcher{cfg: cfg, known: make(map[string]bool)}
	for _, r := range roots {
		a, err := filepath.Abs(r)
		if err != nil {
			return nil, fmt.Errorf("watch: root %q: %w", r, err)
		}
		if !slices.Contains(w.roots, a) {
			w.roots = append(w.roots, a)
		}
	}
	for _, d := range cfg.exclude {
		a, err := filepath.Abs(d)
		if err != nil {
			return nil, fmt.Errorf("watch: excluded directory %q: %w", d, err)
		}
		w.exclude = append(w.exclude, a)
	}

	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("watch: %w", err)
	}
	w.fs = fsw
	for _, r := range w.roots {
		parent := filepath.Dir(r)
		if err := w.fs.Add(parent); err != nil {
			w.Close()
			return nil, fmt.Errorf("watch: watching %s, the parent of root %s: %w", parent, r, err)
		}
		if _, err := os.Lstat(r); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			w.Close()
			return nil, fmt.Errorf("watch: root %s: %w", r, err)
		}
		if err := w.addTree(r, nil); err != nil {
			w.Close()
			return nil, err
		}
	}
	return w, nil
}

// Close stops watching. It is safe to call more than once and concurrently
// with Run, which then returns. Run closes the Watcher itself when it
// returns, so Close is only needed when Run is never called.
func (w *Watcher) Close() error {
	w.closeOnce.Do(func() {
		w.closed.Store(true)
		w.closeErr = w.fs.Close()
	})
	return w.closeErr
}

// Run delivers batches of changes to onChange until ctx is canceled, then
// waits for a running onChange to return, closes the Watcher and returns
// nil. It also returns nil after Close. It returns an error when called a
// second time or when the underlying watcher stops on its own.
//
// onChange is never called concurrently with itself. Changes that happen
// while it runs are collected and delivered as one batch after it returns
// (at once if they have already been quiet for the quiet period or waited
// longer than the maximum wait). Changes still waiting when ctx is canceled
// are dropped.
func (w *Watcher) Run(ctx context.Context, onChange func(Batch)) error {
	if !w.ran.CompareAndSwap(false, true) {
		return errors.New("watch: Run called more than once")
	}
	defer w.Close()

	var (
		p     = newPending()
		busy  bool
		done  = make(chan struct{})
		timer = time.NewTimer(time.Hour)
	)
	timer.Stop()
	defer timer.Stop()

	// next delivers the pending batch if it is due, or arms the timer for
	// when it will be. It does nothing while onChange runs.
	next := func() {
		if busy || p.empty() {
			return
		}
		now := time.Now()
		due := p.last.Add(w.cfg.quiet)
		if capAt := p.first.Add(w.cfg.maxWait); capAt.Before(due) {
			due = capAt
		}
		if now.Before(due) {
			timer.Reset(due.Sub(now))
			return
		}
		b := w.flush(p)
		p = newPending()
		if len(b.Paths) == 0 && !b.Overflow {
			return
		}
		busy = true
		go func() {
			defer func() { done <- struct{}{} }()
			onChange(b)
		}()
	}

	for {
		select {
		case <-ctx.Done():
			if busy {
				<-done
			}
			return nil
		case ev, ok := <-w.fs.Events:
			if !ok {
				if busy {
					<-done
				}
				if w.closed.Load() {
					return nil
				}
				return errors.New("watch: fsnotify stopped delivering events")
			}
			if w.handle(ev, p) {
				p.stamp(time.Now())
				next()
			}
		case err, ok := <-w.fs.Errors:
			if !ok {
				continue // Events is closed at the same time and ends the loop.
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				w.cfg.log.Warn("watch: the kernel dropped events; rescanning", "err", err)
				w.rescan(p)
				p.stamp(time.Now())
				next()
				continue
			}
			w.cfg.log.Warn("watch: fsnotify error", "err", err)
		case <-timer.C:
			next()
		case <-done:
			busy = false
			next()
		}
	}
}

// handle records one event in p and reports whether it was relevant.
func (w *Watcher) handle(ev fsnotify.Event, p *pending) bool {
	path := filepath.Clean(ev.Name)
	w.cfg.log.Debug("watch: event", "op", ev.Op.String(), "path", path)
	if !w.inScope(path) || w.ignored(path) {
		return false
	}
	relevant := false
	if ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename) {
		w.forget(path, p)
		relevant = true
	}
	if ev.Has(fsnotify.Create) {
		fi, err := os.Lstat(path)
		switch {
		case err != nil: // gone already; flush drops it if it was new
			w.forget(path, p)
		case fi.IsDir():
			if err := w.addTree(path, p); err != nil {
				w.cfg.log.Warn("watch: new directory not fully watched", "err", err)
			}
		default:
			p.touch(path, w.known)
			w.known[path] = false
		}
		relevant = true
	}
	if ev.Has(fsnotify.Write) {
		p.touch(path, w.known)
		if _, ok := w.known[path]; !ok {
			w.known[path] = false
		}
		relevant = true
	}
	return relevant
}

// addTree watches dir and every directory under it that is not ignored,
// records every path in w.known and, when p is not nil, in p. Each
// directory is watched before it is read, so a file created inside it
// meanwhile is either read or reported by an event. It returns the first
// error from watching a directory; it keeps going after one.
func (w *Watcher) addTree(dir string, p *pending) error {
	var first error
	_ = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			// The path vanished or cannot be read: skip it. A directory
			// that could not be listed was already recorded on the
			// first call for it.
			if d != nil && d.IsDir() && path != dir {
				return fs.SkipDir
			}
			return nil
		}
		if path != dir && w.ignored(path) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if err := w.fs.Add(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
				err = fmt.Errorf("watch: watching %s: %w", path, err)
				w.cfg.log.Warn(err.Error())
				if first == nil {
					first = err
				}
			}
		}
		if p != nil {
			p.touch(path, w.known)
		}
		w.known[path] = d.IsDir()
		return nil
	})
	return first
}

// forget records in p that path and, if it was a directory, everything
// under it is gone, and stops watching those directories. fsnotify drops the
// watch of a directory that is removed or renamed, but not the watches of
// the directories inside one that is renamed, which would otherwise go on
// reporting under the old names.
func (w *Watcher) forget(path string, p *pending) {
	p.touch(path, w.known)
	isDir, ok := w.known[path]
	delete(w.known, path)
	if !ok || !isDir {
		return
	}
	w.unwatch(path)
	prefix := path + string(filepath.Separator)
	for k, kDir := range w.known {
		if !strings.HasPrefix(k, prefix) {
			continue
		}
		p.touch(k, w.known)
		delete(w.known, k)
		if kDir {
			w.unwatch(k)
		}
	}
}

// unwatch stops watching dir unless it is the parent of a root.
func (w *Watcher) unwatch(dir string) {
	for _, r := range w.roots {
		if filepath.Dir(r) == dir {
			return
		}
	}
	if err := w.fs.Remove(dir); err != nil && !errors.Is(err, fsnotify.ErrNonExistentWatch) {
		w.cfg.log.Debug("watch: unwatching", "path", dir, "err", err)
	}
}

// rescan rebuilds w.known and the watches from the file system after the
// kernel dropped events, and marks every old and new path as changed.
func (w *Watcher) rescan(p *pending) {
	old := w.known
	w.known = make(map[string]bool, len(old))
	p.overflow = true
	for k := range old {
		p.touch(k, old)
	}
	for _, r := range w.roots {
		if _, err := os.Lstat(r); err != nil {
			continue
		}
		if err := w.addTree(r, nil); err != nil {
			w.cfg.log.Warn("watch: rescan", "err", err)
		}
	}
	for k, isDir := range old {
		if _, still := w.known[k]; !still && isDir {
			w.unwatch(k)
		}
	}
	for k := range w.known {
		p.touch(k, old)
	}
}

// flush turns p into a Batch, leaving out paths that did not exist before
// the batch began and do not exist now.
func (w *Watcher) flush(p *pending) Batch {
	b := Batch{Overflow: p.overflow, Paths: make([]string, 0, len(p.paths))}
	for path, existed := range p.paths {
		if !existed {
			if _, err := os.Lstat(path); errors.Is(err, fs.ErrNotExist) {
				continue
			}
		}
		b.Paths = append(b.Paths, path)
	}
	slices.Sort(b.Paths)
	return b
}

// inScope reports whether path is a root or lies under one.
func (w *Watcher) inScope(path string) bool {
	for _, r := range w.roots {
		if under(path, r) {
			return true
		}
	}
	return false
}

// ignored reports whether path is excluded, lies in a version-control
// directory under its root, is an editor's dropping, or is rejected by an
// ignore predicate.
func (w *Watcher) ignored(path string) bool {
	for _, d := range w.exclude {
		if under(path, d) {
			return true
		}
	}
	for _, r := range w.roots {
		if path != r && under(path, r) && inVCSDir(path[len(r):]) {
			return true
		}
	}
	if editorFile(filepath.Base(path)) {
		return true
	}
	for _, fn := range w.cfg.ignore {
		if fn(path) {
			return true
		}
	}
	return false
}

// under reports whether path is dir or lies under it; both are clean.
func under(path, dir string) bool {
	if path == dir {
		return true
	}
	if strings.HasSuffix(dir, string(filepath.Separator)) { // the file system root
		return strings.HasPrefix(path, dir)
	}
	return strings.HasPrefix(path, dir) && path[len(dir)] == filepath.Separator
}

// inVCSDir reports whether a path relative to a root has a version-control
// directory among its elements.
func inVCSDir(rel string) bool {
	for elem := range strings.SplitSeq(rel, string(filepath.Separator)) {
		switch elem {
		case ".git", ".hg", ".svn", ".jj":
			return true
		}
	}
	return false
}

// editorFile reports whether a file name is one that editors and file
// managers create next to the files they save.
func editorFile(name string) bool {
	switch {
	case name == ".DS_Store", name == "Thumbs.db":
		return true
	case strings.HasSuffix(name, "~"), // backups: vim, emacs, gedit
		strings.HasPrefix(name, ".#"),                               // emacs lock files
		len(name) > 1 && name[0] == '#' && name[len(name)-1] == '#', // emacs auto-save
		strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"), // JetBrains safe write
		strings.HasSuffix(name, ".kate-swp"),
		strings.HasPrefix(name, ".goutputstream-"): // gedit
		return true
	}
	if ext := filepath.Ext(name); len(ext) == 4 && strings.HasPrefix(ext, ".sw") &&
		(ext[3] >= 'a' && ext[3] <= 'p' || ext[3] == 'x') { // vim swap files .swp, .swo ... .swa, and .swx
		return true
	}
	return vimWriteTest(name)
}

// vimWriteTest reports whether name is one of the files vim creates to test
// that a directory is writable: 4913, or 4913 plus a multiple of 123 when
// that name is taken.
func vimWriteTest(name string) bool {
	if len(name) < 4 || len(name) > 6 {
		return false
	}
	n := 0
	for _, c := range name {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n >= 4913 && (n-4913)%123 == 0
}

// pending collects the paths of one batch.
type pending struct {
	paths       map[string]bool // path -> it existed before the batch began
	first, last time.Time
	overflow    bool
}

func newPending() *pending { return &pending{paths: make(map[string]bool)} }

func (p *pending) empty() bool { return len(p.paths) == 0 && !p.overflow }

// touch adds path to the batch, noting whether it existed before, which is
// what known says when path is first touched in this batch.
func (p *pending) touch(path string, known map[string]bool) {
	if _, ok := p.paths[path]; ok {
		return
	}
	_, existed := known[path]
	p.paths[path] = existed
}

// stamp records that an event arrived at t.
func (p *pending) stamp(t time.Time) {
	if p.first.IsZero() {
		p.first = t
	}
	p.last = t
}
