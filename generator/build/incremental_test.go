package build_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"testing"

	"briefing/generator/build"
	"briefing/generator/corpus"
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
		{"edit the prose of a note shown in both languages", func() {
			// gamma has no Arabic note now: its Arabic briefing shows this one.
			edit("notes/gamma.en.md", "Gamma [@a1:p2]", "Gamma, in other words, [@a1:p2]")
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

// TestIncrementalRandomEdits makes a long run of random edits to a
// generated site, of every kind a page's inputs key must notice (note
// text, citations, titles, article text and dates, events, entities, the
// site's configuration), and checks after each that a long-lived
// Builder's output, its search index made on demand, equals a full
// build's, byte for byte.
func TestIncrementalRandomEdits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a generated site 120 times")
	}
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, 60, 7); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	files := func(glob string) []string {
		m, _ := filepath.Glob(filepath.Join(dir, glob))
		slices.Sort(m)
		return m
	}
	pick := func(list []string) string { return list[rng.IntN(len(list))] }
	read := func(p string) string {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	write := func(p, s string) {
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// nth replaces the i-th match of re in file p (counting from a random
	// start) using repl.
	nth := func(p string, re *regexp.Regexp, repl func(string) string) bool {
		s := read(p)
		locs := re.FindAllStringIndex(s, -1)
		if len(locs) == 0 {
			return false
		}
		l := locs[rng.IntN(len(locs))]
		write(p, s[:l[0]]+repl(s[l[0]:l[1]])+s[l[1]:])
		return true
	}
	article := func() string { return strings.TrimSuffix(filepath.Base(pick(files("articles/*.md"))), ".md") }
	var (
		citation  = regexp.MustCompile(`\[@a[0-9]+(:p[0-9]+(-[0-9]+)?)?\]`)
		title     = regexp.MustCompile(`(?m)^title: .*$`)
		summary   = regexp.MustCompile(`(?m)^summary: ".*$`)
		paragraph = regexp.MustCompile(`(?m)^[^-\n][^\n]{40,}$`)
		evTitle   = regexp.MustCompile(`(?m)^    en: .*$`)
		evDate    = regexp.MustCompile(`(?m)^- date: .*$`)
		evSources = regexp.MustCompile(`(?m)^  sources: \["a[0-9]+:p[0-9]+"`)
		alias     = regexp.MustCompile(`"Kadhimi"\]|"Sudani"\]|"Biden"\]|"Baghdad"\]`)
		desc      = regexp.MustCompile(`(?m)^description: \{.*$`)
	)
	edits := []struct {
		name string
		do   func() bool
	}{
		{"add a citation", func() bool {
			p := pick(files("notes/*.md"))
			write(p, read(p)+fmt.Sprintf("\nA new claim [@%s:p%d].\n", article(), 1+rng.IntN(4)))
			return true
		}},
		{"edit a note's prose", func() bool {
			p := pick(files("notes/*.md"))
			write(p, read(p)+fmt.Sprintf("\nA new sentence, number %d, citing nothing.\n", rng.IntN(1000)))
			return true
		}},
		{"edit a note's summary", func() bool {
			return nth(pick(files("notes/*.md")), summary, func(string) string { return fmt.Sprintf("summary: \"Summary %d\"", rng.IntN(1000)) })
		}},
		{"drop a citation", func() bool {
			return nth(pick(files("notes/*.md")), citation, func(string) string { return "" })
		}},
		{"retitle a note", func() bool {
			return nth(pick(files("notes/*.md")), title, func(string) string { return fmt.Sprintf("title: \"Retitled %d\"", rng.IntN(1000)) })
		}},
		{"edit an article paragraph", func() bool {
			// A paragraph of the body, after the front matter.
			p := pick(files("articles/*.md"))
			s := read(p)
			i := strings.Index(s[4:], "\n---\n") + 9
			locs := paragraph.FindAllStringIndex(s[i:], -1)
			if len(locs) == 0 {
				return false
			}
			l := locs[rng.IntN(len(locs))]
			write(p, s[:i+l[0]]+"في 5 آذار/مارس 2021 "+s[i+l[0]:])
			return true
		}},
		{"retitle an article", func() bool {
			return nth(pick(files("articles/*.md")), title, func(string) string { return fmt.Sprintf("title: {en: \"Article %d\"}", rng.IntN(1000)) })
		}},
		{"retitle an event", func() bool {
			return nth(filepath.Join(dir, "events.yaml"), evTitle, func(string) string { return fmt.Sprintf("    en: \"Event %d\"", rng.IntN(1000)) })
		}},
		{"move an event", func() bool {
			return nth(filepath.Join(dir, "events.yaml"), evDate, func(string) string { return fmt.Sprintf("- date: 2021-0%d", 1+rng.IntN(9)) })
		}},
		{"re-source an event", func() bool {
			return nth(filepath.Join(dir, "events.yaml"), evSources, func(string) string {
				return fmt.Sprintf("  sources: [\"%s:p%d\"", article(), 1+rng.IntN(4))
			})
		}},
		{"add an alias", func() bool {
			return nth(filepath.Join(dir, "entities.yaml"), alias, func(s string) string { return strings.TrimSuffix(s, "]") + ", \"the capital\"]" })
		}},
		{"edit the site", func() bool {
			return nth(filepath.Join(dir, "site.yaml"), desc, func(string) string { return fmt.Sprintf("description: {en: \"Site %d\"}", rng.IntN(1000)) })
		}},
	}
	long := build.New(build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "test", Watch: true})
	var prev map[string][]byte
	steps := 60
	if race {
		steps = 12 // enough to run every path under the race detector
	}
	for i := range steps {
		e := edits[rng.IntN(len(edits))]
		if i > 0 && !e.do() {
			continue
		}
		step := fmt.Sprintf("step %d (%s)", i, e.name)
		inc := output.NewMemory()
		inc.Prev = prev
		inc.Lazy = true // as the preview server does: the search index is made on demand
		_, incErr := long.Build(inc)
		if incErr == nil {
			if len(inc.Deferred) == 0 {
				t.Fatalf("%s: the build deferred nothing to a lazy sink", step)
			}
			if err := inc.Resolve(); err != nil {
				t.Fatalf("%s: making the deferred files: %v", step, err)
			}
		}
		full := output.NewMemory()
		_, fullErr := build.New(build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "test"}).Build(full)
		if (incErr == nil) != (fullErr == nil) {
			t.Fatalf("%s: incremental build: %v; full build: %v", step, incErr, fullErr)
		}
		if fullErr != nil {
			t.Fatalf("%s: the edit broke the site: %v", step, fullErr)
		}
		if len(inc.Files) != len(full.Files) {
			t.Errorf("%s: incremental build wrote %d files, full build %d", step, len(inc.Files), len(full.Files))
		}
		for name, want := range full.Files {
			if got, ok := inc.Files[name]; !ok || !bytes.Equal(got, want) {
				t.Errorf("%s: %s differs between the incremental and the full build", step, name)
			}
		}
		prev = inc.Files
	}
}

// TestMemoryFlatOverEdits rebuilds a generated site after each of 300
// edits, as the preview server does (changed paths told to the Builder,
// unchanged pages kept from the last build, the search index made on
// demand every tenth time), and checks that the live heap does not grow
// with the number of edits: every cache drops what the site no longer has.
func TestMemoryFlatOverEdits(t *testing.T) {
	if testing.Short() || race {
		t.Skip("rebuilds a generated site 300 times; the race detector's own memory would hide what it measures")
	}
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, 40, 5); err != nil {
		t.Fatal(err)
	}
	notes, _ := filepath.Glob(filepath.Join(dir, "notes", "*.md"))
	articles, _ := filepath.Glob(filepath.Join(dir, "articles", "*.md"))
	orig := map[string][]byte{}
	for _, p := range append(notes, articles...) {
		orig[p], _ = os.ReadFile(p)
	}
	b := build.New(build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "test", Watch: true})
	var prev map[string][]byte
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	var at50 uint64
	for i := range 300 {
		// Edit a note and an article, each time another, with text that
		// never repeats: nothing an old build made can be reused whole.
		n, a := notes[i%len(notes)], articles[(i*7)%len(articles)]
		if err := os.WriteFile(n, fmt.Appendf(bytes.Clone(orig[n]), "\nEdit %d [@%s:p1].\n", i, strings.TrimSuffix(filepath.Base(a), ".md")), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(a, fmt.Appendf(bytes.Clone(orig[a]), "\nParagraph of edit %d.\n", i), 0o644); err != nil {
			t.Fatal(err)
		}
		rel := func(p string) string { r, _ := filepath.Rel(dir, p); return filepath.ToSlash(r) }
		b.Changed([]string{rel(n), rel(a)})
		mem := output.NewMemory()
		mem.Prev, mem.Lazy = prev, true
		if _, err := b.Build(mem); err != nil {
			t.Fatalf("edit %d: %v", i, err)
		}
		if i%10 == 0 {
			if err := mem.Resolve(); err != nil {
				t.Fatal(err)
			}
		}
		prev = mem.Files
		if i == 50 {
			at50 = heap()
		}
	}
	end := heap()
	runtime.KeepAlive(b) // what the preview holds between edits
	runtime.KeepAlive(prev)
	t.Logf("live heap after 50 edits: %d KiB; after 300: %d KiB", at50>>10, end>>10)
	if end > at50+at50/5 {
		t.Errorf("the live heap grew from %d KiB to %d KiB over 250 edits", at50>>10, end>>10)
	}
}
