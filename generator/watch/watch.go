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
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Default timings. A save by an editor is 1 to 6 events that inotify
// delivers within a millisecond or two of each other, and a git checkout
// writes files back to back, a few milliseconds apart at most; 20 ms of
// quiet leaves a tenfold margin, and little of the 100 ms or so after
// which a reload stops feeling immediate goes to waiting. Should a burst
// pause for longer, the worst case is one more build: a change that comes
// during a build is in the next batch. MaxWait bounds the delay when changes never stop
// (a script rewriting a file every few milliseconds still gets a build about
// twice a second).
const (
	DefaultQuiet   = 20 * time.Millisecond
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
// .DS_Store) and everything inside .git, .hg, .svn and .jj. A root that is
// a symbolic link to a directory is followed; other symbolic links are
// reported as files and not followed. Events that only change a file's
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
		fi, err := w.stat(path)
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
