package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"briefing/generator/build"
	"briefing/generator/corpus"
	"briefing/generator/output"
	"briefing/templates"
)

// TestCompiledTemplatesMatchHTMLTemplate builds a generated site twice:
// with the theme as it is, which package tmplexec runs compiled, and with
// a base.html that also calls printf, which tmplexec does not compile, so
// html/template runs every page. printf "" prints nothing: every file
// must be the same.
func TestCompiledTemplatesMatchHTMLTemplate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, 80, 3); err != nil {
		t.Fatal(err)
	}
	base, err := templates.FS.ReadFile("base.html")
	if err != nil {
		t.Fatal(err)
	}
	interpreted := fstest.MapFS{"base.html": {Data: append(base, `{{printf ""}}`...)}}
	run := func(theme fstest.MapFS) map[string][]byte {
		opts := build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "test"}
		if theme != nil {
			opts.Templates = theme
		}
		mem := output.NewMemory()
		if _, err := build.New(opts).Build(mem); err != nil {
			t.Fatal(err)
		}
		return mem.Files
	}
	compiled, slow := run(nil), run(interpreted)
	if len(compiled) != len(slow) {
		t.Fatalf("%d files compiled, %d interpreted", len(compiled), len(slow))
	}
	pages := 0
	for name, want := range slow {
		if filepath.Ext(name) == ".html" {
			pages++
		}
		if got, ok := compiled[name]; !ok || !bytes.Equal(got, want) {
			t.Errorf("%s differs", name)
		}
	}
	if pages < 200 {
		t.Errorf("only %d pages compared", pages)
	}
}

// TestOnceSameOutput checks that a Builder that records nothing for a
// next build (Options.Once) writes the same files as one that does.
func TestOnceSameOutput(t *testing.T) {
	want, _ := buildMemory(t, "testdata/site/content")
	once := output.NewMemory()
	b := build.New(build.Options{Content: os.DirFS("testdata/site/content"), ContentAt: "content", Version: "test", Once: true})
	if _, err := b.Build(once); err != nil {
		t.Fatal(err)
	}
	if len(once.Files) != len(want.Files) {
		t.Fatalf("%d files, want %d", len(once.Files), len(want.Files))
	}
	for name, data := range want.Files {
		if !bytes.Equal(once.Files[name], data) {
			t.Errorf("%s differs", name)
		}
	}
}
