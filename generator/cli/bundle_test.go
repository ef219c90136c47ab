package cli

import (
	"archive/zip"
	"bytes"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"briefing/generator/content"
	"briefing/generator/date"
	"briefing/generator/source"
)

// bundledContent is the content/ directory shipped with the project.
const bundledContent = "../../content"

func TestSlug(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"The Iraq-US Strategic Dialogue", "the-iraq-us-strategic-dialogue"},
		{"  Café Élysée — 2021 ", "cafe-elysee-2021"},
		{"Test <site> & co", "test-site-co"},
		{"الحوار الاستراتيجي", ""},
		{"Iraq: الحوار 2021", "iraq-2021"},
		{"", ""},
		{"---", ""},
		{"A very long title that goes on and on about the strategic dialogue between two states", "a-very-long-title-that-goes-on-and-on-about-the-strategic"},
	} {
		if got := slug(tc.in); got != tc.want {
			t.Errorf("slug(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if got := slug(tc.in); len(got) > 60 {
			t.Errorf("slug(%q) is %d bytes long", tc.in, len(got))
		}
	}
}

func mustDate(t *testing.T, s string) date.Date {
	t.Helper()
	d, err := date.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestBundleName(t *testing.T) {
	type dates struct{ published, updated, events []string }
	for _, tc := range []struct {
		name  string
		title source.Text
		dates dates
		want  string
		stamp time.Time
	}{
		{"newest note", source.Text{"ar": "عنوان", "en": "The Iraq-US Strategic Dialogue"},
			dates{[]string{"2021-04", "2024-07"}, []string{"2021-07-30"}, []string{"2020-01-03"}},
			"the-iraq-us-strategic-dialogue-2024-07", time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)},
		{"newest event", source.Text{"en": "Site"},
			dates{[]string{"2021-04-07"}, nil, []string{"2021", "2025-09-30"}},
			"site-2025-09-30", time.Date(2025, 9, 30, 0, 0, 0, 0, time.UTC)},
		{"year only", source.Text{"en": "Site"}, dates{[]string{"2019"}, nil, nil},
			"site-2019", time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"no dates", source.Text{"en": "Site"}, dates{}, "site", time.Time{}},
		{"Arabic title only", source.Text{"ar": "الحوار"}, dates{[]string{"2021-04-07"}, nil, nil},
			"briefing-2021-04-07", time.Date(2021, 4, 7, 0, 0, 0, 0, time.UTC)},
		{"no title", nil, dates{}, "briefing", time.Time{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := &content.Site{Config: &source.Site{Title: tc.title}}
			for _, p := range tc.dates.published {
				site.Articles = append(site.Articles, &content.Article{Article: &source.Article{Published: mustDate(t, p)}})
			}
			for _, u := range tc.dates.updated {
				n := &content.Note{Note: &source.Note{Lang: "en", Updated: mustDate(t, u)}}
				site.Topics = append(site.Topics, &content.Topic{Notes: map[string]*content.Note{"en": n}})
			}
			for _, e := range tc.dates.events {
				site.Events = append(site.Events, &content.Event{Event: &source.Event{Date: mustDate(t, e)}})
			}
			name, stamp := bundleName(site)
			if name != tc.want || !stamp.Equal(tc.stamp) {
				t.Errorf("bundleName = %q, %v; want %q, %v", name, stamp, tc.want, tc.stamp)
			}
		})
	}
}

// runBundleCmd runs "briefing bundle" on contentDir and returns the zip's
// bytes and what the command printed.
func runBundleCmd(t *testing.T, contentDir, out string) ([]byte, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run([]string{"bundle", "--content", contentDir, "--templates", "", "-o", out}, nil, &stdout, &stderr)
	if code != ExitOK {
		t.Fatalf("bundle exited %d:\n%s%s", code, stdout.String(), stderr.String())
	}
	if stderr.Len() > 0 {
		t.Errorf("bundle wrote to stderr:\n%s", stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return data, stdout.String()
}

// TestBundleReproducible checks that two bundles of the same content are
// the same bytes, and that the command says how large the bundle is.
func TestBundleReproducible(t *testing.T) {
	dir := t.TempDir()
	a, msg := runBundleCmd(t, bundledContent, filepath.Join(dir, "a.zip"))
	b, _ := runBundleCmd(t, bundledContent, filepath.Join(dir, "b.zip"))
	if !bytes.Equal(a, b) {
		t.Fatalf("two bundles of the same content differ (%d and %d bytes)", len(a), len(b))
	}
	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	if err != nil {
		t.Fatal(err)
	}
	files := 0
	for _, f := range zr.File {
		if !strings.HasSuffix(f.Name, "/") {
			files++
		}
	}
	for _, want := range []string{size(int64(len(a))), " " + strconv.Itoa(files) + " files", "a.zip"} {
		if !strings.Contains(msg, want) {
			t.Errorf("bundle said %q, want it to mention %q", msg, want)
		}
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("bundle left %d files in the output directory, want the 2 zips", len(entries))
	}
	t.Logf("%s", msg)
}

// TestBundleDefaultName checks the default name of the zip and of its
// folder, in the working directory.
func TestBundleDefaultName(t *testing.T) {
	abs, err := filepath.Abs(bundledContent)
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	var stdout, stderr bytes.Buffer
	if code := Run([]string{"bundle", "--content", abs, "--templates", ""}, nil, &stdout, &stderr); code != ExitOK {
		t.Fatalf("bundle exited %d: %s", code, stderr.String())
	}
	matches, _ := filepath.Glob("the-iraq-us-strategic-dialogue-*.zip")
	if len(matches) != 1 {
		t.Fatalf("zips in the working directory: %q, want one the-iraq-us-strategic-dialogue-DATE.zip", matches)
	}
	top := strings.TrimSuffix(matches[0], ".zip")
	files := readZip(t, matches[0])
	if _, ok := files[top+"/index.html"]; !ok {
		t.Errorf("%s has no %s/index.html", matches[0], top)
	}
}

func TestBundleErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		code int
	}{
		{"no content", []string{"bundle", "--content", filepath.Join(dir, "missing")}, ExitUsage},
		{"extra argument", []string{"bundle", "--content", bundledContent, "extra"}, ExitUsage},
		{"bad content", []string{"bundle", "--content", brokenContent(t), "-o", filepath.Join(dir, "bad.zip")}, ExitContent},
		{"unwritable", []string{"bundle", "--content", bundledContent, "--templates", "", "-o", filepath.Join(dir, "no", "such", "dir.zip")}, ExitContent},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if code := Run(tc.args, nil, &stdout, &stderr); code != tc.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.code, stderr.String())
			}
			if stderr.Len() == 0 {
				t.Error("nothing said on stderr")
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("failed bundles left %d files behind", len(entries))
	}
}

// brokenContent copies the bundled content with an error in it: a
// publication date that does not exist.
func brokenContent(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS(bundledContent)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "articles", "a000.md")
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	broken := regexp.MustCompile(`(?m)^published: .*$`).ReplaceAll(data, []byte("published: 2021-13"))
	if bytes.Equal(broken, data) {
		t.Fatal("articles/a000.md has no published line: update this test")
	}
	if err := os.WriteFile(p, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// readZip returns the files of a zip by name; directories map to nil.
func readZip(t *testing.T, name string) map[string][]byte {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	files := map[string][]byte{}
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			files[f.Name] = nil
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = data
	}
	return files
}

// publishedContent copies the bundled content into a temporary directory
// with a base URL set and one article linking to its original, the two
// things an offline bundle must not let leak into its pages.
func publishedContent(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "content")
	if err := os.CopyFS(dir, os.DirFS(bundledContent)); err != nil {
		t.Fatal(err)
	}
	edit := func(name, old, new string) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s has no %q to replace: update this test", name, old)
		}
		if err := os.WriteFile(p, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit("site.yaml", `base_url: ""`, `base_url: "https://briefing.example.org/iraq/"`)
	edit("articles/a003.md", `url: ""`, `url: "https://example.org/news/a003?x=1&y=2"`)
	return dir
}

var (
	tagRe   = regexp.MustCompile(`<(a|link|script|img|iframe|source|meta)\s[^>]*>`)
	attrRe  = regexp.MustCompile(`\s([a-z:-]+)="([^"]*)"`)
	idRe    = regexp.MustCompile(`\sid="([^"]*)"`)
	cssURLs = regexp.MustCompile(`url\(\s*["']?([^"')]+)["']?\s*\)`)
)

func attrs(tag string) map[string]string {
	m := map[string]string{}
	for _, a := range attrRe.FindAllStringSubmatch(tag, -1) {
		m[a[1]] = unescapeHTML(a[2])
	}
	return m
}

var entities = strings.NewReplacer("&amp;", "&", "&#39;", "'", "&#34;", `"`, "&quot;", `"`, "&lt;", "<", "&gt;", ">")

func unescapeHTML(s string) string { return entities.Replace(s) }

// TestBundleOffline reads a bundle of a site that has a base URL and an
// article with its original's URL: one top folder with index.html; the
// font and its licence; no sitemap, feed or absolute URL; every link and
// stylesheet reference names a file of the bundle, every fragment exists;
// the only links out are the originals, marked as external.
func TestBundleOffline(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site.zip")
	runBundleCmd(t, publishedContent(t), out)
	files := readZip(t, out)
	var top string
	for name := range files {
		first, _, _ := strings.Cut(name, "/")
		if top == "" {
			top = first
		}
		if first != top || !strings.Contains(name, "/") {
			t.Fatalf("entries %q and %q are not in one top folder", top, name)
		}
	}
	if !regexp.MustCompile(`^the-iraq-us-strategic-dialogue-\d{4}(-\d\d){0,2}$`).MatchString(top) {
		t.Errorf("top folder %q, want the-iraq-us-strategic-dialogue-DATE", top)
	}
	site := map[string][]byte{}
	for name, data := range files {
		if data != nil {
			site[strings.TrimPrefix(name, top+"/")] = data
		}
	}
	for _, want := range []string{"index.html", "ar/index.html", "en/index.html", "assets/style.css",
		"assets/fonts/NotoNaskhArabic-Regular.woff2", "assets/fonts/NotoNaskhArabic-Bold.woff2", "assets/fonts/OFL.txt"} {
		if _, ok := site[want]; !ok {
			t.Errorf("the bundle has no %s", want)
		}
	}
	for _, unwanted := range []string{"sitemap.xml", "robots.txt", "ar/feed.xml", "en/feed.xml"} {
		if _, ok := site[unwanted]; ok {
			t.Errorf("the offline bundle has %s", unwanted)
		}
	}
	if woff := site["assets/fonts/NotoNaskhArabic-Regular.woff2"]; !bytes.HasPrefix(woff, []byte("wOF2")) {
		t.Error("NotoNaskhArabic-Regular.woff2 is not a WOFF2 file")
	}
	if !bytes.Contains(site["assets/fonts/OFL.txt"], []byte("SIL OPEN FONT LICENSE Version 1.1")) {
		t.Error("OFL.txt does not hold the SIL Open Font License")
	}

	ids := map[string]map[string]bool{}
	idsOf := func(name string) map[string]bool {
		if ids[name] == nil {
			ids[name] = map[string]bool{}
			for _, m := range idRe.FindAllSubmatch(site[name], -1) {
				ids[name][unescapeHTML(string(m[1]))] = true
			}
		}
		return ids[name]
	}
	// resolve checks a reference from the file from and says whether it
	// was internal.
	resolve := func(from, ref string, needFile bool) {
		u, err := url.Parse(ref)
		if err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(ref, "/") {
			t.Errorf("%s: %q is not a relative link", from, ref)
			return
		}
		target := from
		if u.Path != "" {
			target = path.Join(path.Dir(from), u.Path)
			if strings.HasPrefix(target, "../") || target == ".." {
				t.Errorf("%s: %q leaves the bundle", from, ref)
				return
			}
			if needFile && path.Ext(u.Path) == "" {
				t.Errorf("%s: %q names no file (over file:// a directory is not its index.html)", from, ref)
				return
			}
		}
		if _, ok := site[target]; !ok {
			t.Errorf("%s: %q: the bundle has no %s", from, ref, target)
			return
		}
		if u.Fragment != "" && strings.HasSuffix(target, ".html") && !idsOf(target)[u.Fragment] {
			t.Errorf("%s: %q: no id %q in %s", from, ref, u.Fragment, target)
		}
	}
	external, internal := 0, 0
	for name, data := range site {
		switch path.Ext(name) {
		case ".css":
			for _, m := range cssURLs.FindAllStringSubmatch(string(data), -1) {
				if strings.HasPrefix(m[1], "data:") {
					continue
				}
				resolve(name, m[1], false)
				internal++
			}
		case ".html":
			for _, tag := range tagRe.FindAllString(string(data), -1) {
				a := attrs(tag)
				elem := tag[1:strings.IndexAny(tag, " \t\n")]
				for _, key := range []string{"href", "src", "content"} {
					v, ok := a[key]
					if !ok {
						continue
					}
					abs := strings.Contains(v, "://") || strings.HasPrefix(v, "//")
					switch {
					case key == "content":
						if abs {
							t.Errorf("%s: %s carries an absolute URL: %s", name, tag, v)
						}
					case abs && elem == "a":
						// An ordinary link out; the stylesheet marks it
						// (TestBundleInBrowser checks that it shows).
						external++
					case abs:
						t.Errorf("%s: %s would fetch from the network", name, tag)
					case strings.HasPrefix(v, "mailto:"):
					default:
						resolve(name, v, true)
						internal++
					}
				}
			}
		}
	}
	if external == 0 {
		t.Error("no outbound link checked: the article with a URL should have one")
	}
	if internal < 1000 {
		t.Errorf("only %d internal references checked", internal)
	}
}
