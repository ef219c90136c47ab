package watch

import (
	"errors"
	"io/fs"
	"os"
	"slices"
	"time"
)

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
