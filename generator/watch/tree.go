package watch

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// addTree watches dir and every directory under it that is not ignored,
// records every path in w.known and, when p is not nil, in p. Each
// directory is watched before it is read, so a file created inside it
// meanwhile is either read or reported by an event. It returns the first
// error from watching a directory; it keeps going after one.
func (w *Watcher) addTree(dir string, p *pending) error {
	var first error
	start := dir
	if slices.Contains(w.roots, dir) && isDirectory(dir) && !strings.HasSuffix(dir, string(filepath.Separator)) {
		// A root that is a symbolic link to a directory is followed (only
		// the root: links inside are not), and reported under its own
		// name: a trailing slash makes WalkDir follow it.
		start = dir + string(filepath.Separator)
	}
	_ = filepath.WalkDir(start, func(path string, d fs.DirEntry, err error) error {
		path = filepath.Clean(path)
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
		isDir := d.IsDir()
		if isDir {
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
		w.known[path] = isDir
		return nil
	})
	return first
}

// isDirectory reports whether path is, or links to, a directory.
func isDirectory(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.IsDir()
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

// stat is os.Lstat, except that it follows a root that is a symbolic link.
func (w *Watcher) stat(path string) (fs.FileInfo, error) {
	if slices.Contains(w.roots, path) {
		if fi, err := os.Stat(path); err == nil {
			return fi, nil
		}
	}
	return os.Lstat(path)
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
