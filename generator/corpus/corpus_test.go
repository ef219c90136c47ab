package corpus_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/build"
	"briefing/generator/corpus"
	"briefing/generator/diag"
	"briefing/generator/output"
)

// tree returns every file below dir with its bytes.
func tree(t *testing.T, dir string) map[string][]byte {
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

func write(t *testing.T, n int, seed int64, opts ...corpus.Option) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, n, seed, opts...); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestDeterministic(t *testing.T) {
	a, b, c := tree(t, write(t, 60, 7)), tree(t, write(t, 60, 7)), tree(t, write(t, 60, 8))
	if len(a) != len(b) {
		t.Fatalf("same seed: %d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("same seed, different %s", name)
		}
	}
	differ := 0
	for name, data := range a {
		if !bytes.Equal(data, c[name]) {
			differ++
		}
	}
	if differ < len(a)/2 {
		t.Errorf("another seed changed only %d of %d files", differ, len(a))
	}
}

func TestShape(t *testing.T) {
	for _, tc := range []struct {
		name                      string
		n                         int
		opts                      []corpus.Option
		articles, notes, entities int
	}{
		{"defaults", 100, nil, 100, 10, 50},
		{"one article", 1, nil, 1, 2, 50},
		{"options", 40, []corpus.Option{corpus.WithTopics(3), corpus.WithEvents(0), corpus.WithEntities(corpus.MaxEntities)}, 40, 6, 56},
	} {
		t.Run(tc.name, func(t *testing.T) {
			files := tree(t, write(t, tc.n, 1, tc.opts...))
			count := func(prefix string) int {
				k := 0
				for name := range files {
					if strings.HasPrefix(name, prefix) {
						k++
					}
				}
				return k
			}
			if got := count("articles/"); got != tc.articles {
				t.Errorf("%d articles, want %d", got, tc.articles)
			}
			if got := count("notes/"); got != tc.notes {
				t.Errorf("%d notes, want %d", got, tc.notes)
			}
			if got := bytes.Count(files["entities.yaml"], []byte("\n- id: ")); got != tc.entities {
				t.Errorf("%d entities, want %d", got, tc.entities)
			}
		})
	}
}

func TestWriteRefuses(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "stale.md"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		dir  string
		n    int
		opts []corpus.Option
	}{
		{"not empty", dir, 10, nil},
		{"no articles", filepath.Join(t.TempDir(), "c"), 0, nil},
		{"too many entities", filepath.Join(t.TempDir(), "c"), 10, []corpus.Option{corpus.WithEntities(corpus.MaxEntities + 1)}},
		{"no topics", filepath.Join(t.TempDir(), "c"), 10, []corpus.Option{corpus.WithTopics(0)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := corpus.Write(tc.dir, tc.n, 1, tc.opts...); err == nil {
				t.Error("Write succeeded")
			}
		})
	}
}

// TestBuildsCleanly builds corpora with the real pipeline: no error, no
// warning, every article cited, and entities found in the text.
func TestBuildsCleanly(t *testing.T) {
	for _, n := range []int{1, 20, 250} {
		dir := write(t, n, int64(n))
		b := build.New(build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "test"})
		var d diag.List
		site, err := b.Load(&d)
		if err != nil {
			t.Fatal(err)
		}
		if len(site.Articles) != n || len(site.Events) != n/2 || len(site.Entities) != 50 {
			t.Errorf("n=%d: %d articles, %d events, %d entities", n, len(site.Articles), len(site.Events), len(site.Entities))
		}
		res, err := b.Build(output.NewMemory())
		for _, x := range res.Diags {
			t.Errorf("n=%d: %s", n, x)
		}
		if err != nil {
			t.Fatalf("n=%d: %v", n, err)
		}
		if n < 250 {
			continue
		}
		named := 0
		for _, e := range site.Entities {
			if len(e.Mentions) > 0 {
				named++
			}
		}
		if named < 40 {
			t.Errorf("n=%d: only %d of %d entities are named in the articles", n, named, len(site.Entities))
		}
	}
}
