// Package output writes a built site: to a directory, replaced only when
// the whole build succeeded, or to memory for the preview server and the
// offline bundle.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
)

// Sink receives the files of a build. WriteFile may be called from several
// goroutines at once. name is a slash-separated path inside the site.
type Sink interface {
	WriteFile(name string, data []byte) error
}

// CheckName rejects a path that could escape the site: absolute, with ".."
// elements, backslashes or NUL bytes, or not in clean form.
func CheckName(name string) error {
	if name == "" || strings.HasPrefix(name, "/") || strings.ContainsAny(name, "\\\x00") ||
		path.Clean(name) != name || name == ".." || strings.HasPrefix(name, "../") {
		return fmt.Errorf("output: refusing to write %q: not a clean path inside the site", name)
	}
	return nil
}

// Memory keeps a built site in memory.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{Files: map[string][]byte{}} }

// WriteFile implements Sink.
func (m *Memory) WriteFile(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	m.mu.Lock()
	m.Files[name] = data
	m.mu.Unlock()
	return nil
}

// Names returns the file names, sorted.
func (m *Memory) Names() []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	names := make([]string, 0, len(m.Files))
	for n := range m.Files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Dir writes a site into a temporary directory beside its target and
// swaps it in on Commit, so a reader of the target sees either the old
// site or the new one, and a failed build leaves the old one untouched.
// A file whose bytes equal those of the same file in the old site is
// hard-linked from it rather than written again.
type Dir struct {
	target string
	tmp    string
	mu     sync.Mutex
	dirs   map[string]bool
	// Written and Linked count files written and files kept from the
	// previous build.
	Written, Linked int
}

// NewDir prepares a build of target (created if missing).
func NewDir(target string) (*Dir, error) {
	target = filepath.Clean(target)
	parent := filepath.Dir(target)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(target)+".tmp-")
	if err != nil {
		return nil, fmt.Errorf("output: %w", err)
	}
	return &Dir{target: target, tmp: tmp, dirs: map[string]bool{}}, nil
}

// WriteFile implements Sink.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	dst := filepath.Join(d.tmp, filepath.FromSlash(name))
	dir := filepath.Dir(dst)
	d.mu.Lock()
	if !d.dirs[dir] {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			d.mu.Unlock()
			return fmt.Errorf("output: %w", err)
		}
		d.dirs[dir] = true
	}
	d.mu.Unlock()
	old := filepath.Join(d.target, filepath.FromSlash(name))
	if same(old, data) && os.Link(old, dst) == nil {
		d.mu.Lock()
		d.Linked++
		d.mu.Unlock()
		return nil
	}
	if err := os.WriteFile(dst, data, 0o644); err != nil {
		return fmt.Errorf("output: %w", err)
	}
	d.mu.Lock()
	d.Written++
	d.mu.Unlock()
	return nil
}

// same reports whether the file at p holds exactly data.
func same(p string, data []byte) bool {
	fi, err := os.Stat(p)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(p)
	return err == nil && bytes.Equal(old, data)
}

// Commit replaces the target with the new site.
func (d *Dir) Commit() error {
	old := d.tmp + "-old"
	if err := os.Rename(d.target, old); err != nil && !errors.Is(err, os.ErrNotExist) {
		_ = os.RemoveAll(d.tmp)
		return fmt.Errorf("output: %w", err)
	}
	if err := os.Rename(d.tmp, d.target); err != nil {
		_ = os.Rename(old, d.target)
		_ = os.RemoveAll(d.tmp)
		return fmt.Errorf("output: %w", err)
	}
	return os.RemoveAll(old)
}

// Abort discards the new site and leaves the target as it was.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }
