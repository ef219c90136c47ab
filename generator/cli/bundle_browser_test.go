package cli

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"briefing/generator/browsertest"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// unzip extracts the zip at name into dir and returns the path of its one
// top folder.
func unzip(t *testing.T, name, dir string) string {
	t.Helper()
	zr, err := zip.OpenReader(name)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	tops := map[string]bool{}
	for _, f := range zr.File {
		if !filepath.IsLocal(f.Name) {
			t.Fatalf("zip entry %q would leave the folder it is unzipped in", f.Name)
		}
		top, _, _ := strings.Cut(f.Name, "/")
		tops[top] = true
		dst := filepath.Join(dir, filepath.FromSlash(f.Name))
		if f.FileInfo().IsDir() {
			if err := os.MkdirAll(dst, 0o755); err != nil {
				t.Fatal(err)
			}
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
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if len(tops) != 1 {
		t.Fatalf("the zip has %d top folders, want 1", len(tops))
	}
	for top := range tops {
		return filepath.Join(dir, top)
	}
	return ""
}

func fileURL(p string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String()
}

// waitLocation waits until the page's address satisfies ok and the page
// has loaded, across navigations, and returns the address.
func waitLocation(ctx context.Context, ok func(string) bool) (string, error) {
	type state struct{ Href, Ready string }
	var last state
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		// Evaluating while the page navigates fails: try again.
		last, err = chromedp.Run(ctx, chromedp.Evaluate[state](`({Href: location.href, Ready: document.readyState})`))
		if err == nil && ok(last.Href) && last.Ready == "complete" {
			return last.Href, nil
		}
	}
	return "", fmt.Errorf("still at %s (%s) after 10s (last error: %v)", last.Href, last.Ready, err)
}

// traffic records what a page asks of the network and what it reports
// on the console, from the events of the browser.
type traffic struct {
	mu       sync.Mutex
	requests []string
	problems []string
}

func (tr *traffic) listen(ctx context.Context) error {
	if err := chromedp.Listen(ctx, func(ev any) {
		tr.mu.Lock()
		defer tr.mu.Unlock()
		switch ev := ev.(type) {
		case *network.EventRequestWillBeSent:
			tr.requests = append(tr.requests, ev.Request.URL)
		case *network.EventLoadingFailed:
			if !ev.Canceled {
				tr.problems = append(tr.problems, fmt.Sprintf("loading failed (%s): %s", ev.Type, ev.ErrorText))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			tr.problems = append(tr.problems, fmt.Sprintf("exception: %s (%s:%d)", msg, d.URL, d.LineNumber+1))
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
				var args []string
				for _, a := range ev.Args {
					args = append(args, string(a.Value)+a.Description)
				}
				tr.problems = append(tr.problems, "console."+string(ev.Type)+": "+strings.Join(args, " "))
			}
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError {
				tr.problems = append(tr.problems, fmt.Sprintf("browser log (%s): %s %s", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}); err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		return err
	}
	_, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{})
	return err
}

// take returns what was recorded since the last call, and forgets it.
func (tr *traffic) take() (requests, problems []string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	requests, problems = tr.requests, tr.problems
	tr.requests, tr.problems = nil, nil
	return requests, problems
}

// link is a link as the browser resolved it.
type link struct {
	Href   string // absolute, as a.href
	Raw    string // as written
	Marker string // the content of its ::after
	Text   string
}

// linksJS lists the links of a page; Marker is what the stylesheet shows
// after a link (" ↗" for a link out).
const linksJS = `[...document.querySelectorAll("a[href]")].map(a => ({Href: a.href, Raw: a.getAttribute("href"),
	Marker: getComputedStyle(a, "::after").content, Text: a.textContent.trim().slice(0, 40)}))`

// TestBundleInBrowser unzips the bundle into a folder whose path has a
// space and Arabic letters, opens index.html over file:// in headless
// Chromium and reads the site as a person without a network would: it
// follows every link of the home page and of a briefing in both languages,
// checks that each lands on a page and on its anchor, that a citation
// shows its preview and lands on its paragraph, that the chronology lists
// events, that the Arabic font loads from the bundle, and that the search
// finds and opens a page when the site has search. No request may go to
// anything but file://, and the console must stay free of errors.
// Screenshots and PDF prints of the briefing in both languages are left in
// browsertest.ScreenshotDir.
func TestBundleInBrowser(t *testing.T) {
	zipPath := filepath.Join(t.TempDir(), "bundle.zip")
	// The bundled content with a base URL, which the bundle must ignore,
	// and a source that links to its original on the web.
	runBundleCmd(t, publishedContent(t), zipPath)
	dir := filepath.Join(t.TempDir(), "USB stick ملفات")
	top := unzip(t, zipPath, dir)
	ctx := browsertest.New(t)
	shots := browsertest.ScreenshotDir(t)
	var tr traffic
	if err := tr.listen(ctx); err != nil {
		t.Fatal(err)
	}

	// The root index.html leads to the default language.
	if err := chromedp.Do(ctx, chromedp.Navigate(fileURL(filepath.Join(top, "index.html")))); err != nil {
		t.Fatal(err)
	}
	home, err := waitLocation(ctx, func(loc string) bool { return strings.HasSuffix(loc, "/ar/index.html") })
	if err != nil {
		t.Fatalf("index.html did not lead to ar/index.html: %v", err)
	}
	if !strings.HasPrefix(home, "file://") {
		t.Fatalf("landed on %s", home)
	}
	requests, problems := tr.take()
	checkTraffic(t, "index.html", requests, problems)

	for _, lang := range []string{"ar", "en"} {
		t.Run(lang, func(t *testing.T) {
			c := &crawler{top: top, ids: map[string][]string{}}
			// The home page, a briefing, and the source whose original
			// is on the web.
			for _, page := range []string{lang + "/index.html", lang + "/topics/troops/index.html", lang + "/sources/a003/index.html"} {
				c.followLinks(t, ctx, page)
			}
			if c.external == 0 {
				t.Error("no link out was seen: the source a003 should link to its original")
			}
			briefing := fileURL(filepath.Join(top, lang, "topics", "troops", "index.html"))
			checkCitation(t, ctx, briefing)
			checkChronology(t, ctx, fileURL(filepath.Join(top, lang, "chronology", "index.html")))
			checkFont(t, ctx, briefing, lang)
			checkSearch(t, ctx, fileURL(filepath.Join(top, lang, "index.html")), lang)
			if err := chromedp.Do(ctx, chromedp.Navigate(briefing)); err != nil {
				t.Fatal(err)
			}
			if err := browsertest.Screenshot(ctx, filepath.Join(shots, "bundle-"+lang+"-briefing.png")); err != nil {
				t.Error(err)
			}
			checkPrint(t, ctx, briefing, filepath.Join(shots, "bundle-"+lang+"-briefing.pdf"))
			requests, problems := tr.take()
			checkTraffic(t, lang+" pages", requests, problems)
		})
	}
	t.Logf("screenshots and prints in %s", shots)
}

// checkTraffic fails the test for any request that is not for a file and
// for any problem the browser reported.
func checkTraffic(t *testing.T, where string, requests, problems []string) {
	t.Helper()
	files := 0
	for _, r := range requests {
		switch {
		case strings.HasPrefix(r, "file://"):
			files++
		case strings.HasPrefix(r, "data:"):
		default:
			t.Errorf("%s: a request went to %s", where, r)
		}
	}
	for _, p := range problems {
		t.Errorf("%s: %s", where, p)
	}
	if files == 0 {
		t.Errorf("%s: no file:// request recorded: is the network domain enabled?", where)
	}
}

// crawler follows the links of pages of an unzipped bundle, and keeps
// the ids of each page it opened so that it opens each page once.
type crawler struct {
	top      string              // the unzipped folder
	ids      map[string][]string // page URL -> its ids
	external int                 // links out seen
}

// followLinks opens page and every page it links to. Each link must name
// a file of the bundle (or go out to the web, marked as external), and
// each fragment must be an id of its page.
func (c *crawler) followLinks(t *testing.T, ctx context.Context, page string) {
	t.Helper()
	start := fileURL(filepath.Join(c.top, filepath.FromSlash(page)))
	if err := chromedp.Do(ctx, chromedp.Navigate(start)); err != nil {
		t.Fatalf("%s: %v", page, err)
	}
	links, err := chromedp.Run(ctx, chromedp.Evaluate[[]link](linksJS))
	if err != nil {
		t.Fatal(err)
	}
	if len(links) < 10 {
		t.Fatalf("%s has %d links", page, len(links))
	}
	root := fileURL(c.top) + "/"
	opened := 0
	type state struct {
		Lang, Title string
		IDs         []string
	}
	for _, l := range links {
		switch {
		case strings.HasPrefix(l.Raw, "http://") || strings.HasPrefix(l.Raw, "https://"):
			if !strings.Contains(l.Marker, "↗") {
				t.Errorf("%s: outbound link %q (%s) is not marked as going out (::after is %s)", page, l.Raw, l.Text, l.Marker)
			}
			c.external++
			continue
		case !strings.HasPrefix(l.Href, root):
			t.Errorf("%s: link %q (%s) leads to %s, outside the bundle", page, l.Raw, l.Text, l.Href)
			continue
		}
		doc, frag, _ := strings.Cut(l.Href, "#")
		name := strings.TrimPrefix(doc, root)
		if !strings.HasSuffix(doc, ".html") {
			t.Errorf("%s: link %q (%s) does not name a file", page, l.Raw, l.Text)
			continue
		}
		ids, seen := c.ids[doc]
		if !seen {
			opened++
			c.ids[doc] = nil
			if err := chromedp.Do(ctx, chromedp.Navigate(doc)); err != nil {
				t.Errorf("%s: following %q to %s: %v", page, l.Raw, name, err)
				continue
			}
			st, err := chromedp.Run(ctx, chromedp.Evaluate[state](
				`({Lang: document.documentElement.lang, Title: document.title, IDs: [...document.querySelectorAll("[id]")].map(e => e.id)})`))
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if st.Lang != "ar" && st.Lang != "en" || st.Title == "" {
				t.Errorf("%s: %q opened a page with lang %q and title %q", page, l.Raw, st.Lang, st.Title)
			}
			ids = st.IDs
			c.ids[doc] = ids
		}
		if frag == "" {
			continue
		}
		id, err := url.PathUnescape(frag)
		if err != nil || !slices.Contains(ids, id) {
			t.Errorf("%s: link %q (%s): %s has no id %q", page, l.Raw, l.Text, name, frag)
		}
	}
	t.Logf("%s: %d links followed, %d pages opened", page, len(links), opened)
}

// checkCitation shows a citation's preview and follows it to its paragraph.
func checkCitation(t *testing.T, ctx context.Context, briefing string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(briefing)); err != nil {
		t.Fatal(err)
	}
	type preview struct {
		Display, Text string
	}
	pv, err := chromedp.Run(ctx, chromedp.Evaluate[preview](`(() => {
		const a = document.querySelector(".cite-ref a");
		a.focus();
		const pop = a.parentElement.querySelector(".cite-pop");
		return {Display: getComputedStyle(pop).display, Text: pop.textContent.trim()};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if pv.Display == "none" || pv.Text == "" {
		t.Errorf("a focused citation shows no preview (display %q, text %q)", pv.Display, pv.Text)
	}
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(".cite-ref a").getAttribute("href")`))
	if err != nil {
		t.Fatal(err)
	}
	_, frag, _ := strings.Cut(href, "#")
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(".cite-ref a")), chromedp.WaitVisible(chromedp.CSS("ol.paragraphs"))); err != nil {
		t.Fatal(err)
	}
	type landing struct {
		Hash, Path string
		Top        float64
		Target     bool
	}
	got, err := chromedp.Run(ctx, chromedp.Poll[landing](`(() => {
		const el = document.getElementById(location.hash.slice(1));
		if (!el) return null;
		return {Hash: location.hash, Path: location.pathname, Top: el.getBoundingClientRect().top, Target: el.matches(":target")};
	})()`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("citation %s did not land on a paragraph: %v", href, err)
	}
	if got.Hash != "#"+frag || !strings.Contains(got.Path, "/sources/") || !got.Target {
		t.Errorf("citation %s landed on %s%s (target %v), want paragraph #%s of a source", href, got.Path, got.Hash, got.Target, frag)
	}
	if got.Top < -2 || got.Top > 200 {
		t.Errorf("paragraph %s is %.0fpx from the top of the window, want it scrolled into view", frag, got.Top)
	}
}

func checkChronology(t *testing.T, ctx context.Context, chronology string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(chronology)); err != nil {
		t.Fatal(err)
	}
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("li.event[id] time[datetime]").length`))
	if err != nil || n < 10 {
		t.Errorf("the chronology lists %d dated events (%v)", n, err)
	}
}

// checkFont checks that the page's Arabic text face is loaded, and that
// the font file of the bundle loads over file:// (the machine may have
// the font installed, in which case the page uses that copy).
func checkFont(t *testing.T, ctx context.Context, briefing, lang string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(briefing)); err != nil {
		t.Fatal(err)
	}
	type fonts struct {
		Face    string
		Loaded  bool
		Bundled string
	}
	f, err := chromedp.Run(ctx, chromedp.Evaluate[fonts](`(async () => {
		await document.fonts.ready;
		const root = document.querySelector('meta[name="briefing-root"]').content;
		const el = document.querySelector("html[lang=ar] h1, [lang=ar]");
		const face = el ? getComputedStyle(el).fontFamily : "";
		const loaded = [...document.fonts].some(f => f.family.replace(/"/g, "") === "Noto Naskh Arabic" && f.status === "loaded");
		let bundled;
		try {
			const ff = new FontFace("bundled-naskh", "url(" + root + "assets/fonts/NotoNaskhArabic-Regular.woff2)");
			await ff.load();
			bundled = ff.status;
		} catch (e) { bundled = String(e); }
		return {Face: face, Loaded: loaded, Bundled: bundled};
	})()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(strings.Trim(f.Face, `"`), "Noto Naskh Arabic") {
		t.Errorf("Arabic text is set in %q, want Noto Naskh Arabic first", f.Face)
	}
	if lang == "ar" && !f.Loaded {
		t.Error("no Noto Naskh Arabic face is loaded on an Arabic page")
	}
	if f.Bundled != "loaded" {
		t.Errorf("the bundled WOFF2 does not load over file://: %s", f.Bundled)
	}
}

// checkSearch searches for a name when the pages have the search box,
// and opens the first result.
func checkSearch(t *testing.T, ctx context.Context, home, lang string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(home)); err != nil {
		t.Fatal(err)
	}
	has, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!(document.querySelector("[data-briefing-search]") && window.briefingSearch)`))
	if err != nil {
		t.Fatal(err)
	}
	if !has {
		t.Log("the pages have no search box yet: search not checked")
		return
	}
	query := map[string]string{"ar": "الكاظمي", "en": "Kadhimi"}[lang]
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.briefingSearch.open()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("opening the search: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.ID("bsearch-input")), chromedp.SendKeys(chromedp.ID("bsearch-input"), query)); err != nil {
		t.Fatalf("typing in the search: %v", err)
	}
	href, err := chromedp.Run(ctx, chromedp.Poll[string](`(() => { const a = document.querySelector('a[role="option"]'); return a && a.href; })()`,
		chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		t.Fatalf("searching %q found nothing: %v", query, err)
	}
	if !strings.HasPrefix(href, "file://") {
		t.Errorf("search result %s is not a file of the bundle", href)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`a[role="option"]`))); err != nil {
		t.Fatal(err)
	}
	if _, err := waitLocation(ctx, func(loc string) bool { return loc == href }); err != nil {
		t.Errorf("the first result of %q did not open %s: %v", query, href, err)
		return
	}
	opened, _ := url.PathUnescape(href[strings.Index(href, "/"+lang+"/")+1:])
	t.Logf("search for %q opened %s", query, opened)
}

// checkPrint checks the print stylesheet of a briefing: no navigation,
// no popups, the numbered sources at the end; and prints it on A4 to pdf.
func checkPrint(t *testing.T, ctx context.Context, briefing, pdf string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(briefing)); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	type printed struct {
		Hidden, Shown []string
		Last          string
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[printed](`(() => {
		const shown = s => { const el = document.querySelector(s); return el && getComputedStyle(el).display !== "none" && el.getClientRects().length > 0; };
		const r = {Hidden: [], Shown: []};
		for (const s of [".site-header", ".site-nav", ".site-footer", ".toc", ".related", ".cite-pop", ".skip-link"]) if (shown(s)) r.Shown.push(s);
		for (const s of [".briefing h1", ".prose", ".sources", ".source-refs li", "sup.cite"]) if (!shown(s)) r.Hidden.push(s);
		const blocks = [...document.querySelectorAll("main *")].filter(el => el.getClientRects().length && getComputedStyle(el).display !== "none" && el.children.length === 0);
		const last = blocks[blocks.length - 1];
		r.Last = last ? (last.closest(".sources") ? "sources" : last.className || last.tagName) : "";
		return r;
	})()`))
	if _, cerr := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{}); cerr != nil && err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range got.Shown {
		t.Errorf("print shows %s", s)
	}
	for _, s := range got.Hidden {
		t.Errorf("print hides %s", s)
	}
	if got.Last != "sources" {
		t.Errorf("print ends with %q, want the list of sources", got.Last)
	}
	data, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatal("the print is not a PDF")
	}
	if err := os.WriteFile(pdf, data, 0o644); err != nil {
		t.Error(err)
	}
}
