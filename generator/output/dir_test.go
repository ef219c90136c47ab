package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
)

// build writes files through a new Dir at target, from several goroutines,
// and commits.
func build(t *testing.T, target string, files map[string]string) *Dir {
	t.Helper()
	d, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for name, data := range files {
		wg.Go(func() {
			if err := d.WriteFile(name, []byte(data)); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

// read returns every file below dir, and lists every directory.
func read(t *testing.T, dir string) (map[string]string, []string) {
	t.Helper()
	files := map[string]string{}
	var dirs []string
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if e.IsDir() {
			dirs = append(dirs, rel)
			return nil
		}
		data, err := os.ReadFile(p)
		files[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(dirs)
	return files, dirs
}

func stat(t *testing.T, p string) os.FileInfo {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi
}

func same(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%d files, want %d: %v", len(got), len(want), got)
	}
	for name, data := range want {
		if got[name] != data {
			t.Errorf("%s = %q, want %q", name, got[name], data)
		}
	}
}

func TestDirRebuilds(t *testing.T) {
	v1 := map[string]string{"index.html": "root", "ar/index.html": "ar", "ar/topics/x/index.html": "x", "assets/style.css": "css"}
	for _, tc := range []struct {
		name              string
		before            func(target string) // changes the old site by hand
		next              map[string]string
		written, linked   int
		targetLeftAsItWas bool
	}{
		{name: "nothing changed", next: v1, linked: 4, targetLeftAsItWas: true},
		{name: "one file changed", next: map[string]string{"index.html": "root", "ar/index.html": "ar", "ar/topics/x/index.html": "x2", "assets/style.css": "css"}, written: 1, linked: 3},
		{name: "one file more", next: map[string]string{"index.html": "root", "ar/index.html": "ar", "ar/topics/x/index.html": "x", "assets/style.css": "css", "en/index.html": "en"}, written: 1, linked: 4},
		{name: "one file less", next: map[string]string{"index.html": "root", "ar/index.html": "ar", "assets/style.css": "css"}, linked: 3},
		{name: "stray file in the old site", before: func(target string) {
			os.WriteFile(filepath.Join(target, "ar", "stray.txt"), []byte("x"), 0o644)
		}, next: v1, linked: 4},
		{name: "stray directory in the old site", before: func(target string) {
			os.Mkdir(filepath.Join(target, "empty"), 0o755)
		}, next: v1, linked: 4},
		{name: "same size, other bytes", before: func(target string) {
			os.WriteFile(filepath.Join(target, "ar", "index.html"), []byte("xx"), 0o644)
		}, next: v1, written: 1, linked: 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := filepath.Join(t.TempDir(), "public")
			build(t, target, v1)
			if tc.before != nil {
				tc.before(target)
			}
			ino := stat(t, target)
			d := build(t, target, tc.next)
			if d.Written != tc.written || d.Linked != tc.linked {
				t.Errorf("written %d, linked %d; want %d, %d", d.Written, d.Linked, tc.written, tc.linked)
			}
			files, dirs := read(t, target)
			same(t, files, tc.next)
			_, wantDirs := read(t, build(t, filepath.Join(t.TempDir(), "fresh"), tc.next).target)
			if fmt.Sprint(dirs) != fmt.Sprint(wantDirs) {
				t.Errorf("directories %v, want %v", dirs, wantDirs)
			}
			if got := os.SameFile(stat(t, target), ino); got != tc.targetLeftAsItWas {
				t.Errorf("target left as it was: %v, want %v", got, tc.targetLeftAsItWas)
			}
			if c := d.Committed(); c == nil || !os.SameFile(c, stat(t, target)) {
				t.Errorf("Committed() = %v, want the target's directory", c)
			}
			if leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(target), ".public.tmp-*")); len(leftovers) > 0 {
				t.Errorf("temporary directories left: %v", leftovers)
			}
		})
	}
}

func TestDirLinksUnchangedFiles(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, map[string]string{"a/index.html": "a", "b/index.html": "b"})
	before := stat(t, filepath.Join(target, "a", "index.html"))
	build(t, target, map[string]string{"a/index.html": "a", "b/index.html": "b2"})
	if after := stat(t, filepath.Join(target, "a", "index.html")); !os.SameFile(after, before) {
		t.Error("an unchanged file was written again, not linked")
	}
}

func TestDirKeep(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, map[string]string{"a/index.html": "page a", "b/index.html": "page b"})
	d, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	yes := func([]byte) bool { return true }
	for _, tc := range []struct {
		name string
		size int
		same func([]byte) bool
		want bool
	}{
		{"a/index.html", 6, func(old []byte) bool { return bytes.Equal(old, []byte("page a")) }, true},
		{"b/index.html", 6, func([]byte) bool { return false }, false},
		{"b/index.html", 7, yes, false},
		{"missing/index.html", 0, yes, false},
		{"a", 0, yes, false},
		{"../public/a/index.html", 6, yes, false},
	} {
		if got := d.Keep(tc.name, tc.size, tc.same); got != tc.want {
			t.Errorf("Keep(%q, %d) = %v, want %v", tc.name, tc.size, got, tc.want)
		}
	}
	if err := d.WriteFile("b/index.html", []byte("page b")); err != nil {
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	files, _ := read(t, target)
	same(t, files, map[string]string{"a/index.html": "page a", "b/index.html": "page b"})
}

func TestDirAbortKeepsOldSite(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	build(t, target, map[string]string{"index.html": "old"})
	d, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.WriteFile("index.html", []byte("new")); err != nil {
		t.Fatal(err)
	}
	if err := d.Abort(); err != nil {
		t.Fatal(err)
	}
	files, _ := read(t, target)
	same(t, files, map[string]string{"index.html": "old"})
}

func TestMemoryCopies(t *testing.T) {
	m := NewMemory()
	data := []byte("page")
	if err := m.WriteFile("index.html", data); err != nil {
		t.Fatal(err)
	}
	copy(data, "xxxx")
	if got := string(m.Files["index.html"]); got != "page" {
		t.Errorf("Memory kept the caller's bytes: %q", got)
	}
}

func TestWriteFile(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f.html")
	for _, data := range []string{"a longer first version", "short", ""} {
		st, err := writeFile(name, []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(name)
		if err != nil || string(got) != data {
			t.Fatalf("read %q, %v; want %q", got, err, data)
		}
		if now, ok := stamp(name); ok != (st != Stamp{}) || now != st {
			t.Errorf("stamp after writing %v, then %v (%v)", st, now, ok)
		}
	}
	if fi, err := os.Stat(name); err != nil || fi.Mode().Perm()&0o600 != 0o600 {
		t.Errorf("mode %v, %v", fi.Mode(), err)
	}
	missing := filepath.Join(t.TempDir(), "no", "f.html")
	_, err := writeFile(missing, []byte("x"))
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != missing || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("writing into a missing directory: %v", err)
	}
}

// TestKeepStamped checks that a file is kept by its stamp while it has
// it, and read again once anything changed it.
func TestKeepStamped(t *testing.T) {
	target := filepath.Join(t.TempDir(), "public")
	d := build(t, target, map[string]string{"a/index.html": "aaaa", "b.html": "bbbb"})
	sa, okA := d.Stamp("a/index.html")
	sb, okB := d.Stamp("b.html")
	if _, ok := stamp(filepath.Join(target, "b.html")); !ok {
		if okA || okB {
			t.Fatal("a stamp where the system gives none")
		}
		t.Skip("no file stamps on this system")
	}
	if !okA || !okB {
		t.Fatal("no stamp for a written file")
	}
	// Another program rewrites b.html with bytes of the same size.
	if err := os.WriteFile(filepath.Join(target, "b.html"), []byte("BBBB"), 0o644); err != nil {
		t.Fatal(err)
	}
	d2, err := NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	if !d2.KeepStamped("a/index.html", sa) {
		t.Error("an untouched file was not kept by its stamp")
	}
	if d2.KeepStamped("b.html", sb) {
		t.Error("a rewritten file was kept by its old stamp")
	}
	if d2.KeepStamped("c.html", sa) || d2.KeepStamped("a/index.html", Stamp{}) {
		t.Error("kept a missing file, or by no stamp")
	}
	if err := d2.WriteFile("b.html", []byte("bbbb")); err != nil {
		t.Fatal(err)
	}
	if err := d2.Commit(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(target, "b.html")); string(got) != "bbbb" {
		t.Errorf("b.html = %q", got)
	}
	if now, _ := stamp(filepath.Join(target, "a", "index.html")); now != sa {
		t.Error("a kept file changed its stamp: it was not linked")
	}
}
