// Package output writes a built site: to a directory, replaced only when
// the whole build succeeded, to memory for the preview server, or to an
// Archive, compressed as it is built, for the offline bundle's zip.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
)

// Sink receives the files of a build. WriteFile may be called from several
// goroutines at once. name is a slash-separated path inside the site.
// WriteFile must not keep data after it returns: the caller reuses it.
type Sink interface {
	WriteFile(name string, data []byte) error
}

// Deferred is a set of files that a sink may have made only when one of
// them is first asked for, instead of during the build: a preview shows a
// page sooner when it does not wait for files that nobody may read before
// the next edit, such as the search index. Make is called at most once,
// possibly during a later build, so it must use only what no later build
// changes.
type Deferred struct {
	// Owns reports whether name is, or would be, one of the files.
	Owns func(name string) bool
	// Make returns the files, by name.
	Make func() (map[string][]byte, error)
}

// Deferrer is a Sink that may take deferred files. Defer reports whether
// it took d; when it did not, or the sink is no Deferrer, the builder
// makes the files and writes them at once.
type Deferrer interface {
	Sink
	Defer(d Deferred) bool
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

// Discard is a Sink that checks names and keeps nothing: what
// "briefing check" writes to, so that checking a large site does not hold
// every page in memory.
type Discard struct{}

// WriteFile implements Sink.
func (Discard) WriteFile(name string, data []byte) error { return CheckName(name) }

// Memory keeps a built site in memory.
type Memory struct {
	mu    sync.Mutex
	Files map[string][]byte
	// Deferred holds the deferred files of the build, not made yet, when
	// the Memory takes them (Lazy); Resolve makes them.
	Deferred []Deferred
	// Lazy makes the Memory a Deferrer.
	Lazy bool
	// Prev, when set, holds the files of the previous build, which Keep
	// takes over without a copy. They must be the Files of the Memory
	// that build wrote, unmodified: unlike a directory, whose files
	// anyone may change between two builds, Keep trusts them.
	Prev map[string][]byte
}

// Keep makes the file name of Prev part of this build if it has size
// bytes. It reports whether it did. It does not call same: see Prev.
func (m *Memory) Keep(name string, size int, same func(old []byte) bool) bool {
	old, ok := m.Prev[name]
	if !ok || len(old) != size {
		return false
	}
	m.mu.Lock()
	m.Files[name] = old
	m.mu.Unlock()
	return true
}

// Defer implements Deferrer: it takes d when m.Lazy is set.
func (m *Memory) Defer(d Deferred) bool {
	if !m.Lazy {
		return false
	}
	m.mu.Lock()
	m.Deferred = append(m.Deferred, d)
	m.mu.Unlock()
	return true
}

// Resolve makes the deferred files and adds them to Files.
func (m *Memory) Resolve() error {
	m.mu.Lock()
	list := m.Deferred
	m.Deferred = nil
	m.mu.Unlock()
	var errs []error
	for _, d := range list {
		errs = append(errs, m.resolve(d))
	}
	return errors.Join(errs...)
}

func (m *Memory) resolve(d Deferred) error {
	files, err := d.Make()
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for name, data := range files {
		m.Files[name] = data
	}
	return nil
}

// NewMemory returns an empty Memory.
func NewMemory() *Memory { return &Memory{Files: map[string][]byte{}} }

// WriteFile implements Sink. It keeps a copy of data.
func (m *Memory) WriteFile(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	data = bytes.Clone(data)
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
// hard-linked from it rather than written again (a caller that recorded
// the file's Stamp when it wrote it can have it kept without its bytes
// being read: KeepStamped), and when every file is
// unchanged and the old site has no other file, Commit leaves the target
// as it is: a rebuild that changes nothing writes nothing.
type Dir struct {
	target string
	tmp    string
	fresh  bool // there is no old site: nothing to keep
	mu     sync.Mutex
	dirs   map[string]bool  // directories made in tmp
	kept   []string         // names of unchanged files, linked into tmp on Commit
	stamps map[string]Stamp // the stamps of the files written or kept
	root   fs.FileInfo      // the directory that Commit made the target
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
	_, err = os.Stat(target)
	fresh := errors.Is(err, fs.ErrNotExist)
	return &Dir{target: target, tmp: tmp, fresh: fresh, dirs: map[string]bool{tmp: true}, stamps: map[string]Stamp{}}, nil
}

// WriteFile implements Sink. It does not keep data.
func (d *Dir) WriteFile(name string, data []byte) error {
	if err := CheckName(name); err != nil {
		return err
	}
	if d.Keep(name, len(data), func(old []byte) bool { return bytes.Equal(old, data) }) {
		return nil
	}
	dst := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := d.mkdir(filepath.Dir(dst)); err != nil {
		return err
	}
	st, err := writeFile(dst, data)
	if err != nil {
		return fmt.Errorf("output: %w", err)
	}
	d.mu.Lock()
	d.Written++
	if st != (Stamp{}) {
		d.stamps[name] = st
	}
	d.mu.Unlock()
	return nil
}

// Keep makes the file name of the old site part of the new one, unchanged,
// if it is a regular file of size bytes for which same returns true, and
// reports whether it did. A caller that knows a file's size and checksum
// from the previous build can so keep it without producing its bytes
// again; same must not keep old.
func (d *Dir) Keep(name string, size int, same func(old []byte) bool) bool {
	if d.fresh || CheckName(name) != nil {
		return false
	}
	f, err := os.Open(filepath.Join(d.target, filepath.FromSlash(name)))
	if err != nil {
		return false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(size) {
		return false
	}
	bp := readBufs.Get().(*[]byte)
	defer readBufs.Put(bp)
	if cap(*bp) < size {
		*bp = make([]byte, size)
	}
	old := (*bp)[:size]
	if _, err := io.ReadFull(f, old); err != nil || !same(old) {
		return false
	}
	st, _ := stamp(filepath.Join(d.target, filepath.FromSlash(name)))
	d.keep(name, st)
	return true
}

func (d *Dir) keep(name string, st Stamp) {
	d.mu.Lock()
	d.kept = append(d.kept, name)
	d.Linked++
	if st != (Stamp{}) {
		d.stamps[name] = st
	}
	d.mu.Unlock()
}

// A Stamp identifies a version of a file without its bytes: its size,
// modification time and inode. A file that still has the stamp it had
// when a build wrote it holds what that build wrote, as make and rsync
// assume.
type Stamp struct {
	size, mtime int64
	ino         uint64
}

// Stamp returns the stamp of the file name as this build wrote or kept
// it, if the system gave one.
func (d *Dir) Stamp(name string) (Stamp, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	st, ok := d.stamps[name]
	return st, ok
}

// KeepStamped is Keep for a file whose stamp an earlier build recorded
// (see Stamp): the old site's file is kept if it still has that stamp,
// without reading it. A no-op rebuild so costs a stat per file, not a
// read of the whole site.
func (d *Dir) KeepStamped(name string, st Stamp) bool {
	if d.fresh || st == (Stamp{}) || CheckName(name) != nil {
		return false
	}
	if cur, ok := stamp(filepath.Join(d.target, filepath.FromSlash(name))); !ok || cur != st {
		return false
	}
	d.keep(name, st)
	return true
}

// readBufs holds the buffers that old files are read into for comparing.
var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// mkdir makes dir, a directory inside tmp, with its parents.
func (d *Dir) mkdir(dir string) error {
	d.mu.Lock()
	done := d.dirs[dir]
	d.mu.Unlock()
	if done {
		return nil
	}
	// Most directories are a page's own, whose parent exists already:
	// one mkdir, not the stat and mkdir of every level that MkdirAll does.
	err := os.Mkdir(dir, 0o755)
	if errors.Is(err, fs.ErrNotExist) {
		err = os.MkdirAll(dir, 0o755)
	}
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("output: %w", err)
	}
	d.mu.Lock()
	d.dirs[dir] = true
	d.mu.Unlock()
	return nil
}

// Commit replaces the target with the new site. When nothing was written
// and the old site holds exactly the files kept, the target is left as
// it is.
func (d *Dir) Commit() error {
	if d.Written == 0 && d.onlyKept() {
		if fi, err := os.Lstat(d.target); err == nil {
			d.root = fi
		}
		return d.Abort()
	}
	if err := d.linkKept(); err != nil {
		_ = os.RemoveAll(d.tmp)
		return err
	}
	fi, err := os.Lstat(d.tmp)
	if err != nil {
		_ = os.RemoveAll(d.tmp)
		return fmt.Errorf("output: %w", err)
	}
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
	d.root = fi
	return os.RemoveAll(old)
}

// Committed returns the directory that Commit made the target, the new
// site's or the old one left in place, for os.SameFile: the target is
// still this build's output if it is the same file. It is nil before
// Commit and after a failed one.
func (d *Dir) Committed() fs.FileInfo { return d.root }

// onlyKept reports whether the target is a directory whose files are all
// kept and whose directories all hold a kept file. Directories are read a
// few at a time.
func (d *Dir) onlyKept() bool {
	files := make(map[string]bool, len(d.kept))
	dirs := map[string]bool{".": true}
	for _, name := range d.kept {
		files[name] = true
		for dir := path.Dir(name); !dirs[dir]; dir = path.Dir(dir) {
			dirs[dir] = true
		}
	}
	var (
		seen  atomic.Int64
		other atomic.Bool // something not kept, or an error
		wg    sync.WaitGroup
		slots = make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	)
	var visit func(dir string)
	visit = func(dir string) {
		entries, err := os.ReadDir(filepath.Join(d.target, filepath.FromSlash(dir)))
		if err != nil {
			other.Store(true)
			return
		}
		for _, e := range entries {
			if other.Load() {
				return
			}
			name := path.Join(dir, e.Name())
			switch {
			case e.Type().IsRegular() && files[name]:
				seen.Add(1)
			case e.IsDir() && dirs[name]:
				seen.Add(1)
				select {
				case slots <- struct{}{}:
					wg.Go(func() {
						visit(name)
						<-slots
					})
				default:
					visit(name)
				}
			default:
				other.Store(true)
				return
			}
		}
	}
	visit(".")
	wg.Wait()
	return !other.Load() && int(seen.Load()) == len(files)+len(dirs)-1
}

// linkKept hard-links the kept files of the old site into the new one, a
// few at a time, copying a file that cannot be linked.
func (d *Dir) linkKept() error {
	var (
		wg   sync.WaitGroup
		next atomic.Int64
		errs = make([]error, len(d.kept))
	)
	for range min(runtime.GOMAXPROCS(0), len(d.kept)) {
		wg.Go(func() {
			for i := int(next.Add(1) - 1); i < len(d.kept); i = int(next.Add(1) - 1) {
				errs[i] = d.link(d.kept[i])
			}
		})
	}
	wg.Wait()
	return errors.Join(errs...)
}

func (d *Dir) link(name string) error {
	src := filepath.Join(d.target, filepath.FromSlash(name))
	dst := filepath.Join(d.tmp, filepath.FromSlash(name))
	if err := d.mkdir(filepath.Dir(dst)); err != nil {
		return err
	}
	if os.Link(src, dst) == nil {
		return nil
	}
	data, err := os.ReadFile(src)
	if err == nil {
		_, err = writeFile(dst, data) // a new inode: the stamp recorded no longer holds, and the next build reads it
	}
	if err != nil {
		return fmt.Errorf("output: keeping %s: %w", name, err)
	}
	return nil
}

// Abort discards the new site and leaves the target as it was.
func (d *Dir) Abort() error { return os.RemoveAll(d.tmp) }
