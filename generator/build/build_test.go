package build_test

import (
	"errors"
	"flag"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"briefing/generator/build"
	"briefing/generator/corpus"
	"briefing/generator/output"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

func newBuilder(content string) *build.Builder {
	return build.New(build.Options{Content: os.DirFS(content), ContentAt: "content", Version: "test"})
}

func buildMemory(t *testing.T, content string) (*output.Memory, *build.Result) {
	t.Helper()
	mem := output.NewMemory()
	res, err := newBuilder(content).Build(mem)
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatal(err)
	}
	return mem, res
}

// TestGolden builds the fixture site and compares every HTML page with
// testdata/golden. Run with -update after checking a change by eye.
func TestGolden(t *testing.T) {
	mem, res := buildMemory(t, "testdata/site/content")
	var diags []string
	for _, d := range res.Diags {
		diags = append(diags, d.String())
	}
	wantDiags := []string{`content/notes/beta.en.md:1: warning: topic "beta" has no ar translation (want notes/beta.ar.md): the en note is shown instead`}
	if !slices.Equal(diags, wantDiags) {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(diags, "\n"), strings.Join(wantDiags, "\n"))
	}
	golden := "testdata/golden"
	if *update {
		_ = os.RemoveAll(golden)
	}
	var pages []string
	for _, name := range mem.Names() {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		pages = append(pages, name)
		file := filepath.Join(golden, filepath.FromSlash(name))
		if *update {
			_ = os.MkdirAll(filepath.Dir(file), 0o755)
			if err := os.WriteFile(file, mem.Files[name], 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(file)
		if err != nil {
			t.Errorf("%s: no golden file (run go test -update): %v", name, err)
			continue
		}
		if string(want) != string(mem.Files[name]) {
			t.Errorf("%s differs from %s (run go test -update and check the diff)", name, file)
		}
	}
	if !*update {
		_ = filepath.WalkDir(golden, func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				rel, _ := filepath.Rel(golden, p)
				if !slices.Contains(pages, filepath.ToSlash(rel)) {
					t.Errorf("golden file %s is no longer built", rel)
				}
			}
			return nil
		})
	}
}

// TestInvalidContent checks the exact diagnostics of a fixture full of
// mistakes: every one reported, with its file and line, and no panic.
func TestInvalidContent(t *testing.T) {
	mem := output.NewMemory()
	res, err := newBuilder("testdata/invalid/content").Build(mem)
	if !errors.Is(err, build.ErrContent) {
		t.Fatalf("Build error = %v, want ErrContent", err)
	}
	if len(mem.Files) != 0 {
		t.Errorf("a failed build wrote %d files", len(mem.Files))
	}
	var got []string
	for _, d := range res.Diags {
		got = append(got, d.String())
	}
	wantFile := "testdata/invalid/want.txt"
	if *update {
		if err := os.WriteFile(wantFile, []byte(strings.Join(got, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(wantFile)
	if err != nil {
		t.Fatal(err)
	}
	if g := strings.Join(got, "\n") + "\n"; g != string(want) {
		t.Errorf("diagnostics differ from %s:\n%s", wantFile, g)
	}
}

var (
	hrefRe = regexp.MustCompile(`(?:href|src)="([^"]*)"`)
	idRe   = regexp.MustCompile(`\sid="([^"]*)"`)
)

// checkLinks checks that every internal href and src of every HTML page
// names a file of the site, and that every #fragment exists on its target.
func checkLinks(t *testing.T, files map[string][]byte) {
	t.Helper()
	ids := map[string]map[string]bool{}
	idsOf := func(name string) map[string]bool {
		if ids[name] == nil {
			ids[name] = map[string]bool{}
			for _, m := range idRe.FindAllSubmatch(files[name], -1) {
				ids[name][unescape(string(m[1]))] = true
			}
		}
		return ids[name]
	}
	checked := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		for _, m := range hrefRe.FindAllSubmatch(data, -1) {
			ref := unescape(string(m[1]))
			if ref == "" {
				t.Errorf("%s: empty link", name)
				continue
			}
			if strings.HasPrefix(ref, "http://") || strings.HasPrefix(ref, "https://") || strings.HasPrefix(ref, "mailto:") {
				continue
			}
			u, err := url.Parse(ref)
			if err != nil || u.Scheme != "" || strings.HasPrefix(ref, "/") {
				t.Errorf("%s: link %q is not relative", name, ref)
				continue
			}
			target := name
			if u.Path != "" {
				target = path.Join(path.Dir(name), u.Path)
				if strings.HasSuffix(u.Path, "/") {
					t.Errorf("%s: link %q names a directory, not a file", name, ref)
					continue
				}
			}
			if _, ok := files[target]; !ok {
				t.Errorf("%s: link %q: no file %s", name, ref, target)
				continue
			}
			if u.Fragment != "" && !idsOf(target)[u.Fragment] {
				t.Errorf("%s: link %q: no id %q in %s", name, ref, u.Fragment, target)
			}
			checked++
		}
	}
	if checked == 0 {
		t.Error("no links checked")
	}
}

func unescape(s string) string {
	r := strings.NewReplacer("&amp;", "&", "&#39;", "'", "&#34;", `"`, "&quot;", `"`, "&lt;", "<", "&gt;", ">")
	return r.Replace(s)
}

func TestFixtureLinks(t *testing.T) {
	mem, _ := buildMemory(t, "testdata/site/content")
	checkLinks(t, mem.Files)
}

// TestBundledContent builds the bundled content/: no errors, no warnings,
// every page in both languages, and no broken link or fragment.
func TestBundledContent(t *testing.T) {
	mem, res := buildMemory(t, "../../content")
	for _, d := range res.Diags {
		t.Errorf("bundled content: %s", d)
	}
	for _, lang := range []string{"ar", "en"} {
		for _, p := range []string{"index.html", "topics/index.html", "chronology/index.html", "sources/index.html", "entities/index.html"} {
			if _, ok := mem.Files[lang+"/"+p]; !ok {
				t.Errorf("missing %s/%s", lang, p)
			}
		}
	}
	checkLinks(t, mem.Files)
}

// TestFailedBuildLeavesOutput checks that a build with errors leaves the
// previous output exactly as it was, and a good one removes stale files.
func TestFailedBuildLeavesOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	stale := filepath.Join(out, "stale.html")
	if err := os.WriteFile(stale, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	dir, err := output.NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := newBuilder("testdata/invalid/content").Build(dir); err == nil {
		t.Fatal("invalid content built")
	}
	if err := dir.Abort(); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(filepath.Dir(out))
	if len(entries) != 1 {
		t.Errorf("a failed build left %d entries beside the output, want only public/", len(entries))
	}
	if b, err := os.ReadFile(stale); err != nil || string(b) != "old" {
		t.Fatalf("a failed build changed the output: %q, %v", b, err)
	}
	dir, _ = output.NewDir(out)
	if _, err := newBuilder("testdata/site/content").Build(dir); err != nil {
		t.Fatal(err)
	}
	if err := dir.Commit(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stale); !os.IsNotExist(err) {
		t.Errorf("stale file survived a successful build: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "en", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestChronologyCapsDates builds a generated site whose sources mention
// more dates a year than the chronology shows, and checks that each year
// shows at most 100 of them, says how many more there are, and that the
// shown and the counted add up to the total on the toggle.
func TestChronologyCapsDates(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 400-article site")
	}
	dir := filepath.Join(t.TempDir(), "content")
	if err := corpus.Write(dir, 400, 3); err != nil {
		t.Fatal(err)
	}
	mem := output.NewMemory()
	if _, err := build.New(build.Options{Content: os.DirFS(dir), Version: "test"}).Build(mem); err != nil {
		t.Fatal(err)
	}
	page := string(mem.Files["en/chronology/index.html"])
	total, err := strconv.Atoi(regexp.MustCompile(`<span class="count">([0-9]+)</span>`).FindStringSubmatch(page)[1])
	if err != nil {
		t.Fatal(err)
	}
	lists := regexp.MustCompile(`(?s)<ol class="date-mentions">(.*?)</ol>(\s*<p class="muted">and ([0-9]+) more dates)?`).FindAllStringSubmatch(page, -1)
	capped, sum := 0, 0
	for _, l := range lists {
		shown := strings.Count(l[1], "<li>")
		if shown > 100 {
			t.Errorf("a year shows %d dates, want at most 100", shown)
		}
		sum += shown
		if l[3] != "" {
			more, _ := strconv.Atoi(l[3])
			sum += more
			capped++
		}
	}
	if capped == 0 {
		t.Fatalf("no year has more than 100 dates: the test needs a larger corpus (%d dates in %d years)", total, len(lists))
	}
	if sum != total {
		t.Errorf("years show or count %d dates, the toggle says %d", sum, total)
	}
}

// TestLoaded checks that Options.Loaded is called once per build, after
// the content is loaded and before any file is written, and not when the
// content has errors.
func TestLoaded(t *testing.T) {
	for _, tt := range []struct {
		content string
		calls   int
	}{
		{"testdata/site/content", 1},
		{"testdata/invalid/content", 0},
	} {
		mem := output.NewMemory()
		calls := 0
		b := build.New(build.Options{Content: os.DirFS(tt.content), ContentAt: "content", Version: "test", Loaded: func() {
			calls++
			if n := len(mem.Names()); n > 0 {
				t.Errorf("%s: %d files written before Loaded", tt.content, n)
			}
		}})
		_, _ = b.Build(mem)
		if calls != tt.calls {
			t.Errorf("%s: Loaded called %d times, want %d", tt.content, calls, tt.calls)
		}
	}
}
