package build_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/build"
	"briefing/generator/output"
)

// reuseTree returns every file below dir.
func reuseTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// reuseBuild builds with b into target through an output.Dir and commits.
func reuseBuild(t *testing.T, b *build.Builder, target string) *output.Dir {
	t.Helper()
	d, err := output.NewDir(target)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Build(d); err != nil {
		_ = d.Abort()
		t.Fatal(err)
	}
	if err := d.Commit(); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestRebuildKeepsUnchangedSite rebuilds with one Builder into one
// directory: when nothing changed nothing is written and the directory is
// left as it was; a page changed by hand is rendered again; after a content
// change the output equals a new Builder's.
func TestRebuildKeepsUnchangedSite(t *testing.T) {
	content := t.TempDir()
	if err := os.CopyFS(content, os.DirFS("testdata/site/content")); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(t.TempDir(), "public")
	b := build.New(build.Options{Content: os.DirFS(content), ContentAt: "content", Version: "test"})
	reuseBuild(t, b, target)
	want := reuseTree(t, target)
	before, err := os.Stat(target)
	if err != nil {
		t.Fatal(err)
	}

	d := reuseBuild(t, b, target)
	if d.Written != 0 || d.Linked != len(want) {
		t.Errorf("nothing changed: written %d, kept %d of %d", d.Written, d.Linked, len(want))
	}
	if after, err := os.Stat(target); err != nil || !os.SameFile(before, after) {
		t.Errorf("nothing changed, yet the output directory was replaced (%v)", err)
	}

	page := filepath.Join(target, "en", "sources", "a1", "index.html")
	spoilt := bytes.ToUpper(want["en/sources/a1/index.html"])
	if err := os.WriteFile(page, spoilt, 0o644); err != nil {
		t.Fatal(err)
	}
	d = reuseBuild(t, b, target)
	if d.Written != 1 {
		t.Errorf("one page changed by hand: written %d, want 1", d.Written)
	}
	if got := reuseTree(t, target); !bytes.Equal(got["en/sources/a1/index.html"], want["en/sources/a1/index.html"]) {
		t.Error("a page changed by hand was not rendered again")
	}

	var search string
	for name := range want {
		if strings.HasPrefix(name, "assets/search-") {
			search = name
			break
		}
	}
	if search == "" {
		t.Fatal("the site has no search index")
	}
	if err := os.WriteFile(filepath.Join(target, filepath.FromSlash(search)), bytes.ToUpper(want[search]), 0o644); err != nil {
		t.Fatal(err)
	}
	d = reuseBuild(t, b, target)
	if d.Written != 1 {
		t.Errorf("one search file changed by hand: written %d, want 1", d.Written)
	}
	if got := reuseTree(t, target); !bytes.Equal(got[search], want[search]) {
		t.Errorf("a search file changed by hand was not made again")
	}

	article := filepath.Join(content, "articles", "b2.md")
	data, err := os.ReadFile(article)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(article, append(data, "\nA paragraph added at the end.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	d = reuseBuild(t, b, target)
	if d.Written == 0 {
		t.Error("an article changed, yet nothing was written")
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	reuseBuild(t, build.New(build.Options{Content: os.DirFS(content), ContentAt: "content", Version: "test"}), fresh)
	got, full := reuseTree(t, target), reuseTree(t, fresh)
	if len(got) != len(full) {
		t.Errorf("after a change: %d files, a new Builder writes %d", len(got), len(full))
	}
	for name, data := range full {
		if !bytes.Equal(got[name], data) {
			t.Errorf("after a change: %s differs from a new Builder's", name)
		}
	}
}
