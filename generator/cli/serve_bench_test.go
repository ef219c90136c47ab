package cli

import (
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
)

// BenchmarkServeEdit measures what an analyst waits for: from saving a note
// to an HTTP GET of its briefing returning the new text, on a generated
// corpus of 5,000 articles and 250 topics with notes in both languages.
// It reports the median and the slowest edit, and the median rebuild time
// the server printed. Run it with
//
//	go test -run XXX -bench ServeEdit -benchtime 20x ./generator/cli
func BenchmarkServeEdit(b *testing.B) {
	if testing.Short() {
		b.Skip("generates a 5,000-article corpus")
	}
	dir := filepath.Join(b.TempDir(), "content")
	if err := corpus.Write(dir, 5000, 1); err != nil {
		b.Fatal(err)
	}
	f := siteFlags{content: dir, templates: filepath.Join(b.TempDir(), "none")}
	bld, err := f.builder(true)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errs syncBuffer
	done := make(chan int)
	go func() { done <- serveSite(ctx, bld, f, "127.0.0.1", 0, false, &out, &errs) }()
	defer func() {
		cancel()
		<-done
	}()
	var url string
	for url == "" {
		url = regexp.MustCompile(`http://[0-9.:]+/`).FindString(out.String())
		time.Sleep(20 * time.Millisecond)
	}
	notes, _ := filepath.Glob(filepath.Join(dir, "notes", "*.en.md"))
	if len(notes) == 0 {
		b.Fatal("the corpus has no notes")
	}
	note := notes[0]
	page := url + "en/topics/" + strings.TrimSuffix(filepath.Base(note), ".en.md") + "/index.html"
	orig, _ := os.ReadFile(note)
	defer os.WriteFile(note, orig, 0o644)
	var waits []time.Duration
	b.ResetTimer()
	for i := range b.N {
		marker := fmt.Sprintf("Edit number %d of the benchmark.", i)
		start := time.Now()
		if err := os.WriteFile(note, append(append([]byte{}, orig...), "\n"+marker+"\n"...), 0o644); err != nil {
			b.Fatal(err)
		}
		for {
			resp, err := http.Get(page)
			if err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if strings.Contains(string(body), marker) {
					break
				}
			}
			if time.Since(start) > 2*time.Minute {
				b.Fatalf("edit %d never showed: %s", i, errs.String())
			}
			time.Sleep(2 * time.Millisecond)
		}
		waits = append(waits, time.Since(start))
	}
	b.StopTimer()
	slices.Sort(waits)
	b.ReportMetric(float64(waits[len(waits)/2].Microseconds())/1000, "median-ms")
	b.ReportMetric(float64(waits[len(waits)-1].Microseconds())/1000, "max-ms")
	// What the server itself printed: the rebuild alone, without the
	// watcher's quiet period and the client's polling.
	var builds []float64
	for _, m := range regexp.MustCompile(`rebuilt .* in ([0-9.]+) ms`).FindAllStringSubmatch(out.String(), -1) {
		var ms float64
		fmt.Sscan(m[1], &ms)
		builds = append(builds, ms)
	}
	if len(builds) > 0 {
		slices.Sort(builds)
		b.ReportMetric(builds[len(builds)/2], "rebuild-median-ms")
	}
}
