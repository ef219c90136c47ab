package serve_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"briefing/generator/browsertest"
	"briefing/generator/serve"
)

// arabicPage is an Arabic page, long enough to scroll, in the shape the generator
// writes.
func arabicPage(text string) []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html>
<html lang="ar" dir="rtl"><head><meta charset="utf-8">
<meta name="briefing-root" content="../">
<title>إحاطة</title>
<link rel="stylesheet" href="../assets/style.css">
</head><body><main>
<h1>إحاطة تحليلية</h1>
<p id="text">` + text + `</p>
`)
	for i := 1; i <= 60; i++ {
		fmt.Fprintf(&b, "<p id=\"p%d\">فقرة %d من نص الإحاطة، تكفي لتمرير الصفحة.</p>\n", i, i)
	}
	b.WriteString("</main></body></html>\n")
	return []byte(b.String())
}

func files(text, color string) map[string][]byte {
	return map[string][]byte{
		"ar/index.html":    arabicPage(text),
		"assets/style.css": []byte(`body { font: 18px/1.8 "Noto Naskh Arabic", serif; margin: 2rem; } #text { color: ` + color + `; }`),
	}
}

// startServer serves s on addr ("127.0.0.1:0" for any port) until the
// returned stop function is called.
func startServer(t *testing.T, s *serve.Server, addr string) (string, func()) {
	t.Helper()
	host, port, _ := net.SplitHostPort(addr)
	var p int
	fmt.Sscan(port, &p)
	ln, err := serve.Listen(host, p)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	}
	t.Cleanup(stop)
	return ln.Addr().String(), stop
}

// until evaluates expr in the page every 5 ms until it is true, across
// reloads, and returns how long that took.
func until(t *testing.T, ctx context.Context, what, expr string) time.Duration {
	t.Helper()
	start := time.Now()
	deadline := start.Add(10 * time.Second)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr))
		if err == nil && ok {
			return time.Since(start)
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (%s): last error %v", what, expr, err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("%s: %v", expr, err)
	}
	return v
}

const (
	overlayShown = `!!document.getElementById("__briefing-overlay")`
	overlayText  = `document.getElementById("__briefing-overlay").shadowRoot.querySelector("ol").innerText`
	textColor    = `getComputedStyle(document.getElementById("text")).color`
)

func TestLiveReloadInBrowser(t *testing.T) {
	ctx := browsertest.New(t)
	s := serve.New()
	s.Publish(serve.Snapshot{Files: files("النص الأول", "rgb(0, 0, 255)")})
	addr, stop := startServer(t, s, "127.0.0.1:0")
	url := "http://" + addr + "/ar/"
	// Instrument EventSource in every document, for the test only: record
	// when the stream opens and when each message arrives (epoch ms).
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: `
		(() => {
			const ES = window.EventSource;
			window.__sse = { open: 0, messages: [], closed: 0 };
			window.EventSource = function (u, o) {
				const es = new ES(u, o);
				const close = es.close.bind(es);
				es.close = () => { window.__sse.closed++; close(); };
				es.addEventListener("open", () => { window.__sse.open = performance.timeOrigin + performance.now(); });
				es.addEventListener("message", () => { window.__sse.messages.push(performance.timeOrigin + performance.now()); });
				return es;
			};
			window.EventSource.CLOSED = ES.CLOSED;
		})();`}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	connected := func() {
		until(t, ctx, "the event stream open", `window.__sse.open > 0 && window.__sse.messages.length > 0`)
	}
	connected()
	if got := eval[string](t, ctx, `document.getElementById("text").textContent`); got != "النص الأول" {
		t.Fatalf("text %q", got)
	}

	// A changed page: reload without a manual one, scroll position kept.
	y := eval[float64](t, ctx, `window.scrollTo(0, 1200); window.__mark = "before"; scrollY`)
	if y < 1000 {
		t.Fatalf("page does not scroll: scrollY %v", y)
	}
	published := float64(time.Now().UnixNano()) / 1e6
	s.Publish(serve.Snapshot{Files: files("النص الثاني", "rgb(0, 0, 255)")})
	took := until(t, ctx, "the new text", `document.getElementById("text")?.textContent === "النص الثاني" && document.readyState === "complete"`)
	// The browser's own clock: when the reload started, and when the new
	// document was parsed.
	nav := eval[[]float64](t, ctx, `[performance.timeOrigin, performance.timeOrigin + performance.getEntriesByType("navigation")[0].domContentLoadedEventEnd]`)
	t.Logf("publish -> reload starts %.0f ms, new page parsed %.0f ms, seen by the test's polling %v",
		nav[0]-published, nav[1]-published, took.Round(time.Millisecond))
	connected()
	if eval[bool](t, ctx, `window.__mark === "before"`) {
		t.Error("the page was not reloaded")
	}
	until(t, ctx, "the scroll position", `Math.abs(scrollY - 1200) < 2`)

	// Only the stylesheet changes: swapped in place, no reload.
	eval[bool](t, ctx, `window.__mark = "css"; true`)
	published = float64(time.Now().UnixNano()) / 1e6
	s.Publish(serve.Snapshot{Files: files("النص الثاني", "rgb(255, 0, 0)")})
	took = until(t, ctx, "the new colour", textColor+` === "rgb(255, 0, 0)"`)
	arrived := eval[float64](t, ctx, `window.__sse.messages.at(-1)`)
	t.Logf("publish -> event in the page %.1f ms; new colour seen by the test's polling %v", arrived-published, took.Round(time.Millisecond))
	if !eval[bool](t, ctx, `window.__mark === "css"`) {
		t.Error("a CSS-only change reloaded the page")
	}
	if n := eval[int](t, ctx, `document.querySelectorAll('link[rel="stylesheet"]').length`); n != 1 {
		t.Errorf("%d stylesheet links after the swap, want 1", n)
	}

	// A failed build: the overlay lists the diagnostics, in the page's
	// direction, over the last good page.
	errs := []string{
		"content/ar/notes/militias.md:12: citation [@a999:p4]: no source a999",
		"content/ar/briefings/2026-03.md:40: topic link [[ميليشيات]]: no such note",
		"templates/page.html:7: template: page.html:7: function \"tr\" not defined",
	}
	s.Publish(serve.Snapshot{Errors: errs})
	took = until(t, ctx, "the overlay", overlayShown)
	t.Logf("publish -> overlay shown: %v", took.Round(time.Millisecond))
	if got := eval[string](t, ctx, overlayText); got != strings.Join(errs, "\n") {
		t.Errorf("overlay lists\n%s\nwant\n%s", got, strings.Join(errs, "\n"))
	}
	if got := eval[string](t, ctx, `document.getElementById("__briefing-overlay").shadowRoot.querySelector(".box").dir`); got != "rtl" {
		t.Errorf("overlay direction %q, want rtl", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("__briefing-overlay").shadowRoot.querySelector("h2").textContent`); got != "فشل البناء" {
		t.Errorf("overlay title %q", got)
	}
	if !eval[bool](t, ctx, `window.__mark === "css"`) {
		t.Error("a failed build reloaded the page")
	}
	shot := filepath.Join(browsertest.ScreenshotDir(t), "serve-overlay-rtl.png")
	eval[bool](t, ctx, `window.scrollTo(0, 0); true`)
	if err := browsertest.Screenshot(ctx, shot); err != nil {
		t.Fatal(err)
	}
	// What a reader sees: the viewport, scrolled down the page.
	eval[bool](t, ctx, `window.scrollTo(0, 600); true`)
	view, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	viewShot := filepath.Join(filepath.Dir(shot), "serve-overlay-rtl-viewport.png")
	if err := os.WriteFile(viewShot, view, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("overlay screenshots: %s, %s", shot, viewShot)

	// A page loaded while the last build failed shows the overlay at once.
	start := time.Now()
	if _, err := chromedp.Run(ctx, chromedp.Navigate(url)); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the overlay on a fresh page", overlayShown)
	t.Logf("page loaded during a failed build -> overlay shown %v after navigation started", time.Since(start).Round(time.Millisecond))

	// Dismissing it: Escape removes it, and it stays away for this build.
	if _, err := chromedp.Run(ctx, chromedp.KeyEvent("\u001b")); err != nil {
		t.Fatal(err)
	}
	until(t, ctx, "the overlay dismissed", "!"+overlayShown)

	// The next good build removes the overlay and reloads.
	s.Publish(serve.Snapshot{Errors: errs})
	until(t, ctx, "the overlay of a new failed build", overlayShown)
	eval[bool](t, ctx, `window.__mark = "failed"; true`)
	s.Publish(serve.Snapshot{Files: files("النص الثالث", "rgb(255, 0, 0)")})
	until(t, ctx, "the fixed page", `document.getElementById("text")?.textContent === "النص الثالث"`)
	until(t, ctx, "the overlay gone", "!"+overlayShown)
	if eval[bool](t, ctx, `window.__mark === "failed"`) {
		t.Error("the good build did not reload the page")
	}

	// A hidden page closes its stream, and when it is shown again it
	// catches up with the builds it missed.
	connected()
	eval[bool](t, ctx, `window.__mark = "hidden";
		Object.defineProperty(document, "hidden", { configurable: true, get: () => true });
		Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
		document.dispatchEvent(new Event("visibilitychange")); true`)
	until(t, ctx, "the stream closed when hidden", `window.__sse.closed === 1`)
	s.Publish(serve.Snapshot{Files: files("النص الرابع", "rgb(255, 0, 0)")})
	eval[bool](t, ctx, `delete document.hidden; delete document.visibilityState;
		document.dispatchEvent(new Event("visibilitychange")); true`)
	until(t, ctx, "the missed build shown", `window.__mark === undefined && document.getElementById("text")?.textContent === "النص الرابع"`)

	// A restarted server (same address, same files) makes the page reload,
	// so that it is fresh.
	eval[bool](t, ctx, `window.__mark = "old server"; true`)
	stop()
	s2 := serve.New()
	s2.Publish(serve.Snapshot{Files: files("النص الرابع", "rgb(255, 0, 0)")})
	restart := time.Now()
	startServer(t, s2, addr)
	until(t, ctx, "the reload after the restart", `window.__mark === undefined && document.getElementById("text")?.textContent === "النص الرابع"`)
	t.Logf("server restarted -> page reloaded after %v", time.Since(restart).Round(time.Millisecond))
}
