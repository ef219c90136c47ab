package build_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"briefing/generator/browsertest"
	"briefing/generator/build"
	"briefing/generator/output"

	"github.com/chromedp/chromedp"
)

// buildBundled builds the bundled content/ into a temporary directory and
// returns it.
func buildBundled(t *testing.T) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "public")
	b := build.New(build.Options{Content: os.DirFS("../../content"), ContentAt: "content", Version: "test"})
	dir, err := output.NewDir(out)
	if err != nil {
		t.Fatal(err)
	}
	res, err := b.Build(dir)
	if err != nil {
		for _, d := range res.Diags {
			t.Log(d)
		}
		t.Fatal(err)
	}
	if err := dir.Commit(); err != nil {
		t.Fatal(err)
	}
	return out
}

func fileURL(dir, page string) string {
	return "file://" + filepath.ToSlash(filepath.Join(dir, page))
}

// TestBriefingInBrowser opens the built briefings over file:// in both
// languages, checks their direction and that a citation lands on its
// paragraph, and takes screenshots of the main pages.
func TestBriefingInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	site := buildBundled(t)
	shots := browsertest.ScreenshotDir(t)
	for _, tc := range []struct{ lang, dir string }{{"ar", "rtl"}, {"en", "ltr"}} {
		t.Run(tc.lang, func(t *testing.T) {
			page := fileURL(site, tc.lang+"/topics/troops/index.html")
			if err := chromedp.Do(ctx, chromedp.Navigate(page)); err != nil {
				t.Fatal(err)
			}
			dir, err := chromedp.Run(ctx, chromedp.Evaluate[string]("document.dir"))
			if err != nil || dir != tc.dir {
				t.Fatalf("document.dir = %q, %v; want %q", dir, err, tc.dir)
			}
			lang, _ := chromedp.Run(ctx, chromedp.Evaluate[string]("document.documentElement.lang"))
			if lang != tc.lang {
				t.Errorf("lang = %q, want %q", lang, tc.lang)
			}
			if err := browsertest.Screenshot(ctx, filepath.Join(shots, tc.lang+"-briefing.png")); err != nil {
				t.Fatal(err)
			}
			// Follow the first citation: it must land on the paragraph it names.
			href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".cite-ref a").getAttribute("href")`))
			if err != nil {
				t.Fatal(err)
			}
			frag := href[strings.Index(href, "#")+1:]
			if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".cite-ref a")), chromedp.WaitVisible(chromedp.CSS("ol.paragraphs"))); err != nil {
				t.Fatal(err)
			}
			type landing struct {
				Hash, Path string
				Top        float64
				Found      bool
			}
			got, err := chromedp.Run(ctx, chromedp.Poll[landing](`(() => {
				const el = document.getElementById(location.hash.slice(1));
				if (!el) return null;
				return {Hash: location.hash, Path: location.pathname, Top: el.getBoundingClientRect().top, Found: true};
			})()`))
			if err != nil {
				t.Fatalf("citation did not land on a paragraph: %v", err)
			}
			if got.Hash != "#"+frag || !strings.Contains(got.Path, "/sources/") {
				t.Errorf("landed on %s%s, want the paragraph #%s of a source page", got.Path, got.Hash, frag)
			}
			if got.Top < -2 || got.Top > 200 {
				t.Errorf("paragraph %s is at %.0fpx from the top of the viewport, want it scrolled into view", frag, got.Top)
			}
			if err := browsertest.Screenshot(ctx, filepath.Join(shots, tc.lang+"-source.png")); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{"index.html", "chronology/index.html", "entities/kadhimi/index.html"} {
				if err := chromedp.Do(ctx, chromedp.Navigate(fileURL(site, tc.lang+"/"+p))); err != nil {
					t.Fatal(err)
				}
				name := tc.lang + "-" + strings.ReplaceAll(strings.TrimSuffix(p, "/index.html"), "/", "-") + ".png"
				if err := browsertest.Screenshot(ctx, filepath.Join(shots, name)); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}
