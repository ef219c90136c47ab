package cli

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/generator/corpus"
	"briefing/templates"
)

// BenchmarkServeEdit measures what an analyst waits for: from saving a note
// to the briefing's new text in the browser, that is to the live-reload
// event and then an HTTP GET of the briefing returning it, on a generated
// corpus of 5,000 articles and 250 topics with notes in both languages.
// "prose" adds a sentence, the edit typed most; "citation" adds one that
// cites another paragraph each time, which changes backlinks and so makes
// the site be assembled again. Each reports the median and the slowest
// edit, and the median rebuild time the server printed. Run it with
//
//	go test -run XXX -bench 'ServeEdit$' -benchtime 20x ./generator/cli
func BenchmarkServeEdit(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a 5,000-article corpus")
	}
	dir := filepath.Join(b.TempDir(), "content")
	if err := corpus.Write(dir, 5000, 1); err != nil {
		b.Fatal(err)
	}
	url, out := startServe(b, dir, filepath.Join(b.TempDir(), "none"))
	notes, _ := filepath.Glob(filepath.Join(dir, "notes", "*.en.md"))
	if len(notes) == 0 {
		b.Fatal("the corpus has no notes")
	}
	note := notes[0]
	page := url + "en/topics/" + strings.TrimSuffix(filepath.Base(note), ".en.md") + "/index.html"
	orig, _ := os.ReadFile(note)
	defer os.WriteFile(note, orig, 0o644)
	events := liveEvents(b, url)
	for _, kind := range []string{"prose", "citation"} {
		b.Run(kind, func(b *testing.B) {
			var waits []time.Duration
			from := out.Len()
			b.ResetTimer()
			for i := range b.N {
				marker := fmt.Sprintf("Edit number %d of the benchmark.", i)
				text := marker
				if kind == "citation" {
					text += fmt.Sprintf(" [@a%04d:p1]", 1+i%5000)
				}
				start := time.Now()
				if err := os.WriteFile(note, append(append([]byte{}, orig...), "\n"+text+"\n"...), 0o644); err != nil {
					b.Fatal(err)
				}
				waitReload(b, events, page, marker, out)
				waits = append(waits, time.Since(start))
			}
			b.StopTimer()
			report(b, waits, out, from)
		})
	}
}

// BenchmarkServeTemplateEdit measures the same wait after an edit to a
// template, which changes every page: the full re-render.
//
//	go test -run XXX -bench ServeTemplateEdit -benchtime 3x ./generator/cli
func BenchmarkServeTemplateEdit(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a 5,000-article corpus")
	}
	dir := filepath.Join(b.TempDir(), "content")
	if err := corpus.Write(dir, 5000, 1); err != nil {
		b.Fatal(err)
	}
	tmpl := filepath.Join(b.TempDir(), "templates")
	orig, err := templates.FS.ReadFile("base.html")
	if err != nil {
		b.Fatal(err)
	}
	if err := os.MkdirAll(tmpl, 0o755); err != nil {
		b.Fatal(err)
	}
	base := filepath.Join(tmpl, "base.html")
	if err := os.WriteFile(base, orig, 0o644); err != nil {
		b.Fatal(err)
	}
	url, out := startServe(b, dir, tmpl)
	page := url + "ar/sources/a0001/index.html"
	var waits []time.Duration
	b.ResetTimer()
	for i := range b.N {
		marker := fmt.Sprintf("template edit %d", i)
		start := time.Now()
		edited := strings.Replace(string(orig), `<a class="skip-link"`, "<span hidden>"+marker+`</span><a class="skip-link"`, 1)
		if err := os.WriteFile(base, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		waitFor(b, page, marker, out)
		waits = append(waits, time.Since(start))
	}
	b.StopTimer()
	report(b, waits, out, 0)
}

// startServe serves content and templates until the benchmark ends and
// returns the site's URL and the server's output.
func startServe(b *testing.B, content, templates string) (string, *syncBuffer) {
	f := siteFlags{content: content, templates: templates}
	bld, err := f.builder(true)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := new(syncBuffer) // both streams: a failure shows the errors
	done := make(chan int)
	go func() { done <- serveSite(ctx, bld, f, serveOptions{bind: "127.0.0.1"}, out, out) }()
	b.Cleanup(func() {
		cancel()
		<-done
	})
	var url string
	for url == "" {
		url = regexp.MustCompile(`http://[0-9.:]+/`).FindString(out.String())
		time.Sleep(20 * time.Millisecond)
	}
	return url, out
}

// liveEvents follows the server's live-reload stream, as an open page
// does, and sends each state it announces.
func liveEvents(b *testing.B, url string) <-chan string {
	resp, err := http.Get(url + "__briefing/events")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { resp.Body.Close() })
	ch := make(chan string, 64)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				ch <- data
			}
		}
		close(ch)
	}()
	<-ch // the state when connected
	return ch
}

// waitReload waits, as a page does, for the server to announce a new
// version, then fetches page as the page's reload would, until it holds
// marker.
func waitReload(b *testing.B, events <-chan string, page, marker string, out *syncBuffer) {
	timeout := time.After(2 * time.Minute)
	for {
		select {
		case _, ok := <-events:
			if !ok {
				b.Fatal("the event stream ended")
			}
		case <-timeout:
			b.Fatalf("%q never showed on %s: %s", marker, page, out.String())
		}
		resp, err := http.Get(page)
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(body), marker) {
			return
		}
	}
}

// waitFor polls page until it holds marker.
func waitFor(b *testing.B, page, marker string, out *syncBuffer) {
	start := time.Now()
	for {
		resp, err := http.Get(page)
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), marker) {
				return
			}
		}
		if time.Since(start) > 2*time.Minute {
			b.Fatalf("%q never showed on %s: %s", marker, page, out.String())
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// report reports the median and slowest wait, and the median rebuild time
// the server printed from byte from of its output on: the rebuild alone,
// without the watcher's quiet period and the client's polling.
func report(b *testing.B, waits []time.Duration, out *syncBuffer, from int) {
	slices.Sort(waits)
	b.ReportMetric(float64(waits[len(waits)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(waits[len(waits)-1].Microseconds())/1000, "max-ms")
	var builds []float64
	for _, m := range regexp.MustCompile(`rebuilt .* in ([0-9.]+) ms`).FindAllStringSubmatch(out.String()[from:], -1) {
		var ms float64
		fmt.Sscan(m[1], &ms)
		builds = append(builds, ms)
	}
	if len(builds) > 0 {
		slices.Sort(builds)
		b.ReportMetric(builds[len(builds)/2], "rebuild-median-ms")
	}
}
