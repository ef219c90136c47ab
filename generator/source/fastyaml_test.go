package source

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/corpus"

	"go.yaml.in/yaml/v3"
)

// sameNode reports where quick, the quick parser's tree, differs from
// yaml.v3's, or "".
func sameNode(quick, slow *yaml.Node, at string) string {
	if quick.Kind != slow.Kind || quick.Style != slow.Style || quick.Tag != slow.Tag || quick.Value != slow.Value ||
		quick.Line != slow.Line || quick.Column != slow.Column || len(quick.Content) != len(slow.Content) {
		return fmt.Sprintf("%s: quick {kind %d style %d tag %s value %q line %d col %d, %d children}, yaml.v3 {kind %d style %d tag %s value %q line %d col %d, %d children}",
			at, quick.Kind, quick.Style, quick.Tag, quick.Value, quick.Line, quick.Column, len(quick.Content),
			slow.Kind, slow.Style, slow.Tag, slow.Value, slow.Line, slow.Column, len(slow.Content))
	}
	for i := range quick.Content {
		if d := sameNode(quick.Content[i], slow.Content[i], fmt.Sprintf("%s/%d", at, i)); d != "" {
			return d
		}
	}
	return ""
}

// checkQuick compares the quick parser with yaml.v3 on data, and reports
// whether the quick parser took it.
func checkQuick(t *testing.T, name string, data []byte) bool {
	t.Helper()
	quick, ok := quickYAML(data)
	if !ok {
		return false
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Errorf("%s: the quick parser took what yaml.v3 rejects (%v):\n%s", name, err, data)
		return true
	}
	if len(doc.Content) == 0 {
		t.Errorf("%s: the quick parser found a mapping in an empty document", name)
		return true
	}
	if d := sameNode(quick, doc.Content[0], name); d != "" {
		t.Errorf("%s\n%s", d, data)
	}
	return true
}

// frontOf returns the front matter of a Markdown file, or the file itself.
func frontOf(name string, data []byte) []byte {
	if !strings.HasSuffix(name, ".md") {
		return data
	}
	front, _, _, err := splitFrontMatter(data)
	if err != nil {
		return nil
	}
	return front
}

func TestQuickYAMLCases(t *testing.T) {
	for _, tc := range []struct {
		src   string
		taken bool
	}{
		{"id: a003\ntitle: {ar: \"x \\\" y\", en: \"z\"}\npublished: 2021-04-08\n", true},
		{"month: 2021-04\nyear: 2021\norder: 12\nflag: true\noff: false\n", true},
		{"url:\nempty: \"\"\ntopics: [troops, militias]\nnone: []\nmap: {}\n", true},
		{"summary:\n  ar: \"نص\"\n  en: \"text\"\norder: 1\n", true},
		{"# a comment\n\ntitle: \"عنوان طويل: مع نقطتين\"\n  # indented comment\nid: x\n", true},
		{"id: dup\nid: twice\n", true},
		{"list: [\"a, b\", c d, 2021-04-08]\n", true},
		{"title: {ar: \"عربي\", en: \"English\"}\n", true},
		// Left to yaml.v3:
		{"title: 'single'\n", false},
		{"title: \"multi\n  line\"\n", false},
		{"title: plain # comment\n", false},
		{"title: a: b\n", false},
		{"url: https://example.org/x\n", false},
		{"value: 1.5\n", false},
		{"value: ~\n", false},
		{"value: yes\n", true},
		{"value: True\n", false},
		{"list:\n  - a\n  - b\n", false},
		{"- a\n- b\n", false},
		{"  indented: top\n", false},
		{"a: [x, ]\n", false},
		{"a: [x]]\n", false},
		{"a: {x: y: z}\n", false},
		{"a: \"\\n\"\n", false},
		{"a:\tb\n", false},
		{"a: b\r\n", false},
		{"a: &anchor b\n", false},
		{"a: *alias\n", false},
		{"a: !tag b\n", false},
		{"a: |\n  block\n", false},
		{"\"quoted key\": v\n", false},
		{"a:\n  b:\n    c: d\n", true},
		{"a:\n  b: c\n d: e\n", false},
		{"", false},
		{"# only a comment\n", false},
	} {
		if got := checkQuick(t, fmt.Sprintf("%q", tc.src), []byte(tc.src)); got != tc.taken {
			t.Errorf("%q: quick parser took it: %v, want %v", tc.src, got, tc.taken)
		}
	}
}

// TestQuickYAMLOnContent runs both parsers on every front matter and YAML
// file of the project and of a generated corpus, and checks that the quick
// parser takes the usual front matter.
func TestQuickYAMLOnContent(t *testing.T) {
	gen := filepath.Join(t.TempDir(), "corpus")
	if err := corpus.Write(gen, 120, 3); err != nil {
		t.Fatal(err)
	}
	taken, total := 0, 0
	for _, root := range []string{"../../content", "testdata", "../build/testdata", "../cli/starter", gen} {
		err := filepath.WalkDir(root, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".md") && !strings.HasSuffix(p, ".yaml") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if front := frontOf(p, data); front != nil {
				total++
				if checkQuick(t, p, front) {
					taken++
				}
			}
			return nil
		})
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
	}
	if taken < total/2 {
		t.Errorf("the quick parser took %d of %d files", taken, total)
	}
	t.Logf("the quick parser took %d of %d files", taken, total)
}

func FuzzQuickYAML(f *testing.F) {
	for _, s := range []string{
		"id: a003\ntitle: {ar: \"x\", en: \"z\"}\npublished: 2021-04-08\n",
		"summary:\n  ar: \"نص\"\n  en: \"text\"\norder: 1\n",
		"topics: [troops, militias]\nurl:\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.Count(data, []byte("\n")) > 200 {
			return
		}
		checkQuick(t, "fuzz", data)
	})
}

// BenchmarkFrontMatter parses an article's front matter with the quick
// parser and with yaml.v3.
func BenchmarkFrontMatter(b *testing.B) {
	data, err := os.ReadFile("../../content/articles/a000.md")
	if err != nil {
		b.Fatal(err)
	}
	front := frontOf("a000.md", data)
	if _, ok := quickYAML(front); !ok {
		b.Fatal("the quick parser does not take content/articles/a000.md")
	}
	b.Run("quick", func(b *testing.B) {
		b.SetBytes(int64(len(front)))
		for b.Loop() {
			quickYAML(front)
		}
	})
	b.Run("yaml.v3", func(b *testing.B) {
		b.SetBytes(int64(len(front)))
		for b.Loop() {
			var doc yaml.Node
			if err := yaml.Unmarshal(front, &doc); err != nil {
				b.Fatal(err)
			}
		}
	})
}
