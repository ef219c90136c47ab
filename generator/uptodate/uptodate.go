// Package uptodate tells whether a build would change nothing, as make
// does: by the stamps (size, modification time, inode) of every file and
// directory it read and every one it wrote, recorded when it ended.
//
// A build that finds its record still true, with the same key (the
// program and its flags), has nothing to do: no input changed, and the
// output holds exactly what the recorded build wrote. An output directory
// whose stamp is unchanged still holds the same names, since adding,
// removing or renaming an entry changes a directory's modification time;
// so the output is checked by one lstat per file and directory, without
// reading a directory or a file.
//
// Like make, it trusts modification times. A file system keeps them to a
// clock tick (a few milliseconds on Linux before 6.13, two seconds on
// FAT), so an input changed in the tick its stamp was taken would go
// unseen: Recent finds such stamps, and a build that read a file changed
// less than Racy before it began records nothing. A change made to the
// output in the tick after the build wrote it would go unseen too.
package uptodate

import (
	"bytes"
	"crypto/sha256"
	"encoding/gob"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"
)

// Racy is how recent an input's modification time may be for a record to
// be trusted: two seconds, the coarsest clock of common file systems.
const Racy = 2 * time.Second

// Entry is a file or directory and its stamp. A missing root is recorded
// as an entry with Missing set, so that creating it is a change.
type Entry struct {
	Path    string // slash path, below its root's number: "0/articles/a001.md"
	Dir     bool
	Missing bool
	Size    int64
	Mtime   int64 // nanoseconds since 1970
	Ino     uint64
}

// Snapshot stamps roots (files, directories, or absent) and every file
// and directory under them, following symbolic links, in a deterministic
// order. Entries under the i-th root have paths beginning with i and a
// slash; the root itself is "i".
func Snapshot(roots ...string) ([]Entry, error) {
	var out []Entry
	for i, root := range roots {
		top := fmt.Sprint(i)
		fi, err := os.Stat(root)
		if errors.Is(err, fs.ErrNotExist) {
			out = append(out, Entry{Path: top, Missing: true})
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, entry(top, fi))
		if fi.IsDir() {
			if out, err = walk(out, root, top, 0); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// maxDepth bounds the walk, which follows symbolic links and so could
// loop.
const maxDepth = 32

func walk(out []Entry, dir, rel string, depth int) ([]Entry, error) {
	if depth > maxDepth {
		return nil, fmt.Errorf("uptodate: %s: directories nested too deep (a symbolic link loop?)", dir)
	}
	names, err := readNames(dir)
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		full, p := filepath.Join(dir, name), rel+"/"+name
		fi, err := os.Stat(full)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) { // a dangling link, or removed while walking
				out = append(out, Entry{Path: p, Missing: true})
				continue
			}
			return nil, err
		}
		out = append(out, entry(p, fi))
		if fi.IsDir() {
			if out, err = walk(out, full, p, depth+1); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

func readNames(dir string) ([]string, error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	slices.Sort(names)
	return names, err
}

func entry(p string, fi fs.FileInfo) Entry {
	return Entry{Path: p, Dir: fi.IsDir(), Size: fi.Size(), Mtime: fi.ModTime().UnixNano(), Ino: inode(fi)}
}

// Recent reports whether an entry of es was modified less than Racy
// before t, or after it.
func Recent(es []Entry, t time.Time) bool {
	limit := t.Add(-Racy).UnixNano()
	for _, e := range es {
		if !e.Missing && e.Mtime >= limit {
			return true
		}
	}
	return false
}

// Output stamps root, the files in it that names gives (slash paths) and
// every directory that holds them, without following symbolic links.
// Paths are relative to root, which is ".".
func Output(root string, names []string) ([]Entry, error) {
	set := map[string]bool{".": true}
	paths := []string{"."}
	for _, name := range names {
		paths = append(paths, name)
		for d := path.Dir(name); !set[d]; d = path.Dir(d) {
			set[d] = true
			paths = append(paths, d)
		}
	}
	slices.Sort(paths)
	out := make([]Entry, len(paths))
	err := each(len(paths), func(i int) error {
		fi, err := os.Lstat(filepath.Join(root, filepath.FromSlash(paths[i])))
		if err != nil {
			return err
		}
		out[i] = entry(paths[i], fi)
		return nil
	})
	return out, err
}

// each calls f for 0 to n-1, on as many goroutines as there are cores,
// and returns the first error.
func each(n int, f func(i int) error) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	workers := min(runtime.GOMAXPROCS(0), n)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				if err := f(i); err != nil {
					mu.Lock()
					if first == nil {
						first = err
					}
					mu.Unlock()
					return
				}
			}
		})
	}
	wg.Wait()
	return first
}

// Record is what a build leaves for the next one to compare.
type Record struct {
	// Key says what made the output besides the inputs: the program and
	// its flags. A record holds only for the same key.
	Key     string
	Inputs  []Entry // a Snapshot of the inputs, taken before the build read them
	Outputs []Entry // Output, taken once the output was in place
	// Data is what the caller keeps to report the build again, opaque
	// here.
	Data []byte
}

// Holds reports whether r still describes a build with key of the inputs
// whose Snapshot is in and its output in out: nothing changed since r was
// recorded.
func (r *Record) Holds(key string, in []Entry, out string) bool {
	if r.Key != key || !slices.Equal(in, r.Inputs) {
		return false
	}
	return each(len(r.Outputs), func(i int) error {
		e := r.Outputs[i]
		fi, err := os.Lstat(filepath.Join(out, filepath.FromSlash(e.Path)))
		if err != nil {
			return err
		}
		if entry(e.Path, fi) != e || !fi.IsDir() && !fi.Mode().IsRegular() {
			return errChanged
		}
		return nil
	}) == nil
}

var errChanged = errors.New("changed")

// version changes when Record's encoding does.
const version = "briefing-uptodate-1\n"

// Write saves r to the file name, replacing it whole or not at all.
func (r *Record) Write(name string) error {
	var buf bytes.Buffer
	buf.WriteString(version)
	if err := gob.NewEncoder(&buf).Encode(r); err != nil {
		return fmt.Errorf("uptodate: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("uptodate: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), filepath.Base(name)+".tmp-")
	if err != nil {
		return fmt.Errorf("uptodate: %w", err)
	}
	_, err = tmp.Write(buf.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("uptodate: %w", err)
	}
	return nil
}

// Read loads the record saved in the file name.
func Read(name string) (*Record, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	r, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("uptodate: %s: %w", name, err)
	}
	return r, nil
}

func decode(data []byte) (*Record, error) {
	rest, ok := bytes.CutPrefix(data, []byte(version))
	if !ok {
		return nil, errors.New("not a record of this version")
	}
	r := &Record{}
	if err := gob.NewDecoder(bytes.NewReader(rest)).Decode(r); err != nil {
		return nil, err
	}
	return r, nil
}

// Remove deletes the record in the file name, if there is one.
func Remove(name string) error {
	if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("uptodate: %w", err)
	}
	return nil
}

// Path returns the file that keeps the record of builds into the
// directory out: in the user's cache directory, not beside the site,
// where it would be published with it.
func Path(out string) (string, error) {
	abs, err := filepath.Abs(out)
	if err != nil {
		return "", err
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(abs))
	return filepath.Join(cache, "briefing", "builds", hex.EncodeToString(sum[:16])), nil
}
