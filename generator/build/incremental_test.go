package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/build"
	"briefing/generator/output"
)

// copyDir copies the fixture content into a temporary directory that the
// test may edit.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestIncrementalEqualsFull edits, renames and deletes content files
// between the runs of one long-lived Builder, as a preview server does,
// and checks after each step that its output equals, byte for byte, a
// full build by a new Builder.
func TestIncrementalEqualsFull(t *testing.T) {
	dir := copyDir(t, "testdata/site/content")
	long := build.New(build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "test", Watch: true})
	write := func(name, data string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(name, old, new string) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), old) {
			t.Fatalf("%s does not contain %q", name, old)
		}
		write(name, strings.Replace(string(b), old, new, 1))
	}
	steps := []struct {
		name string
		do   func()
	}{
		{"nothing changed", func() {}},
		{"edit a note", func() { edit("notes/alpha.en.md", "Text citing", "Prose citing") }},
		{"cite another paragraph", func() { edit("notes/alpha.en.md", "[@a1:p1]", "[@a1:p3]") }},
		{"edit an article", func() { edit("articles/b2.md", "met officials", "met senior officials") }},
		{"add a translation", func() {
			write("notes/beta.ar.md", "---\ntitle: \"بيتا\"\nupdated: 2024-02-02\n---\nنص يستشهد [@b2:p2].\n")
		}},
		{"rename a note", func() {
			if err := os.Rename(filepath.Join(dir, "notes/beta.ar.md"), filepath.Join(dir, "notes/gamma.ar.md")); err != nil {
				t.Fatal(err)
			}
			write("notes/gamma.en.md", "---\ntitle: \"Gamma\"\n---\nGamma [@a1:p2] and [[alpha]].\n")
		}},
		{"delete a note", func() {
			if err := os.Remove(filepath.Join(dir, "notes/gamma.ar.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{"edit events and entities", func() {
			edit("events.yaml", "A round", "The round")
			edit("entities.yaml", "name: {ar: \"بغداد\", en: \"Baghdad\"}", "name: {ar: \"بغداد\", en: \"Baghdad, the capital\"}")
		}},
		{"retitle a topic", func() { edit("notes/alpha.en.md", "title: \"Alpha\"", "title: \"Alpha, retitled\"") }},
		{"rename an entity", func() { edit("entities.yaml", "Mustafa al-Kadhimi", "Mustafa Al-Kadhimi") }},
		{"drop an alias", func() {
			edit("entities.yaml", "aliases: {ar: [\"الكاظمي\"], en: [\"Kadhimi\"]}", "aliases: {en: [\"Kadhimi\"]}")
		}},
		{"edit site.yaml", func() { edit("site.yaml", "A short description.", "A longer description.") }},
	}
	var prev map[string][]byte
	for _, step := range steps {
		step.do()
		inc := output.NewMemory()
		inc.Prev = prev // as the preview server does: unchanged pages are kept
		if _, err := long.Build(inc); err != nil {
			t.Fatalf("%s: incremental build: %v", step.name, err)
		}
		full := output.NewMemory()
		if _, err := build.New(build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "test"}).Build(full); err != nil {
			t.Fatalf("%s: full build: %v", step.name, err)
		}
		if len(inc.Files) != len(full.Files) {
			t.Errorf("%s: incremental build wrote %d files, full build %d", step.name, len(inc.Files), len(full.Files))
		}
		for name, want := range full.Files {
			if got, ok := inc.Files[name]; !ok || !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs between the incremental and the full build", step.name, name)
			}
		}
		prev = inc.Files
	}
}

// TestUntouchedPageNotRewritten edits one note and rebuilds into the same
// output directory: a source page that the note never cited keeps its
// file (the same inode, not rewritten), the briefing is new.
func TestUntouchedPageNotRewritten(t *testing.T) {
	dir := copyDir(t, "testdata/site/content")
	out := filepath.Join(t.TempDir(), "public")
	b := build.New(build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "test"})
	buildTo := func() *output.Dir {
		d, err := output.NewDir(out)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Build(d); err != nil {
			t.Fatal(err)
		}
		if err := d.Commit(); err != nil {
			t.Fatal(err)
		}
		return d
	}
	buildTo()
	stat := func(p string) os.FileInfo {
		fi, err := os.Stat(filepath.Join(out, p))
		if err != nil {
			t.Fatal(err)
		}
		return fi
	}
	untouched, briefing := stat("en/sources/b2/index.html"), stat("en/topics/alpha/index.html")
	note := filepath.Join(dir, "notes", "alpha.en.md")
	data, _ := os.ReadFile(note)
	if err := os.WriteFile(note, bytes.Replace(data, []byte("Text citing"), []byte("New text citing"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	d := buildTo()
	if !os.SameFile(untouched, stat("en/sources/b2/index.html")) {
		t.Error("a source page the edit does not reach was rewritten")
	}
	if os.SameFile(briefing, stat("en/topics/alpha/index.html")) {
		t.Error("the edited briefing was not rewritten")
	}
	if d.Written == 0 || d.Written > 10 {
		t.Errorf("the edit rewrote %d files, want the few it reaches", d.Written)
	}
}
