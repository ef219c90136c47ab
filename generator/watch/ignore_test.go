package watch

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestIgnored(t *testing.T) {
	root := t.TempDir()
	public := filepath.Join(root, "public")
	must(t, os.MkdirAll(filepath.Join(root, ".git", "refs"), 0o755))
	must(t, os.MkdirAll(public, 0o755))
	h := start(t, []string{root},
		WithExclude(public),
		WithIgnore(func(p string) bool { return strings.HasSuffix(p, ".bak") }))

	for _, name := range []string{
		".x.md.swp", ".x.md.swo", ".x.md.swx", "x.md~", ".#x.md", "#x.md#", "4913", "5036",
		"x.tmp", ".DS_Store", "x.md___jb_tmp___", "x.md___jb_old___", "x.md.bak",
		".git/HEAD", ".git/refs/main", ".git/objects/ab/cdef",
		"public/index.html", "public/ar/index.html", "public/assets/style.css",
	} {
		write(t, filepath.Join(root, name), "x")
	}
	must(t, os.RemoveAll(filepath.Join(public, "ar")))
	h.expectOnly(root)
	for _, d := range h.watched() {
		if under(d, public) || under(d, filepath.Join(root, ".git")) {
			t.Errorf("watching ignored directory %s", d)
		}
	}
}

func TestEditorFile(t *testing.T) {
	tests := []struct {
		name string
		want bool
	}{
		{".x.md.swp", true}, {".x.md.swo", true}, {".x.md.swa", true}, {".x.md.swx", true},
		{"x.md~", true}, {".#x.md", true}, {"#x.md#", true}, {"4913", true}, {"5036", true},
		{"x.tmp", true}, {".DS_Store", true}, {"x.md___jb_tmp___", true}, {"x.md___jb_old___", true},
		{".x.md.kate-swp", true}, {".goutputstream-ABC123", true}, {"Thumbs.db", true},
		{"x.md", false}, {"site.yaml", false}, {"4914", false}, {"4912", false}, {"x.swift", false},
		{"x.sw", false}, {"#", false}, {"a#b", false}, {"style.css", false}, {"tmp.md", false},
		{"x.swz", false}, {"2024", false}, {"", false},
	}
	for _, tc := range tests {
		if got := editorFile(tc.name); got != tc.want {
			t.Errorf("editorFile(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}
