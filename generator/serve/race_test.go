package serve

import (
	"fmt"
	"io"
	"net/http/httptest"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// generation returns the files of build g: every file names g, and the page
// is large enough that a torn read would show.
func generation(g int) map[string][]byte {
	mark := fmt.Sprintf("gen %d;", g)
	return map[string][]byte{
		"ar/index.html":    []byte("<html><body><p>" + strings.Repeat(mark, 2000) + "</p></body></html>"),
		"assets/style.css": []byte("/* " + strings.Repeat(mark, 500) + " */"),
	}
}

var (
	genRE     = regexp.MustCompile(`gen (\d+);`)
	versionRE = regexp.MustCompile(`data-version="[a-z0-9]+-(\d+)"`)
)

// TestPublishWhileServing publishes builds while many clients read, and
// checks that every response is exactly one build's file and that an HTML
// page and its injected version come from the same build. Run with -race.
func TestPublishWhileServing(t *testing.T) {
	s := New()
	s.Publish(Snapshot{Files: generation(1)})
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)

	const builds, reads = 300, 1000
	var stop atomic.Bool
	var responses atomic.Int64
	read := make(chan struct{}, 1) // paces the publishers to the readers
	var wg sync.WaitGroup
	for c := range 8 {
		wg.Go(func() {
			client := ts.Client()
			target := []string{"/ar/", "/assets/style.css"}[c%2]
			for !stop.Load() {
				resp, err := client.Get(ts.URL + target)
				if err != nil {
					t.Error(err)
					stop.Store(true)
					return
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != 200 {
					t.Errorf("%s: %d %v", target, resp.StatusCode, err)
					stop.Store(true)
					return
				}
				responses.Add(1)
				select {
				case read <- struct{}{}:
				default:
				}
				checkOneBuild(t, target, body)
			}
		})
	}
	// Publish from several goroutines at once, interleaved with failed
	// builds, which must not change what is served, until there were
	// enough builds and enough responses.
	var next atomic.Int64
	next.Store(1)
	var pub sync.WaitGroup
	for range 2 {
		pub.Go(func() {
			for {
				g := int(next.Add(1))
				if stop.Load() || g > builds && responses.Load() >= reads {
					return
				}
				if g%10 == 0 {
					s.Publish(Snapshot{Errors: []string{"x.md:1: broken"}})
				}
				s.Publish(Snapshot{Files: generation(g)})
				select {
				case <-read:
				case <-time.After(time.Second): // the readers have stopped
				}
			}
		})
	}
	pub.Wait()
	stop.Store(true)
	wg.Wait()
	t.Logf("%d responses during %d publishes", responses.Load(), next.Load())
}

// checkOneBuild fails unless body is exactly the file of one build (with
// the script naming that build's version for a page).
func checkOneBuild(t *testing.T, target string, body []byte) {
	t.Helper()
	m := genRE.FindSubmatch(body)
	if m == nil {
		t.Errorf("%s: no generation in the body", target)
		return
	}
	g, _ := strconv.Atoi(string(m[1]))
	name := map[string]string{"/ar/": "ar/index.html", "/assets/style.css": "assets/style.css"}[target]
	want := generation(g)[name]
	if target == "/ar/" {
		v := versionRE.FindSubmatch(body)
		if v == nil {
			t.Errorf("no version in the page")
			return
		}
		// Builds are published concurrently, so the version counter need
		// not equal g; the page must match the one its version names.
		want = inject(want, "")
		body = versionRE.ReplaceAll(body, []byte(`data-version=""`))
	}
	if string(body) != string(want) {
		t.Errorf("%s: body is not exactly build %d's file (%d bytes, want %d)", target, g, len(body), len(want))
	}
}

// TestVersionMatchesFiles checks, with one publisher, that the version
// injected into a page is the one of the build whose text it carries.
func TestVersionMatchesFiles(t *testing.T) {
	s := New()
	h := s.Handler()
	var wg sync.WaitGroup
	var stop atomic.Bool
	for range 4 {
		wg.Go(func() {
			for !stop.Load() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", "/ar/", nil))
				if rec.Code != 200 {
					continue // before the first publish
				}
				body := rec.Body.Bytes()
				g, v := genRE.FindSubmatch(body), versionRE.FindSubmatch(body)
				if g == nil || v == nil {
					t.Errorf("page without a build number or a version")
					return
				}
				if string(g[1]) != string(v[1]) {
					t.Errorf("page of build %s carries version %s", g[1], v[1])
					return
				}
			}
		})
	}
	for g := 1; g <= 300; g++ {
		s.Publish(Snapshot{Files: generation(g)})
	}
	stop.Store(true)
	wg.Wait()
}

// TestMemoryFlat serves many requests and publishes and checks that the
// heap does not grow with their number.
func TestMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("serves 11000 requests")
	}
	s := New()
	h := s.Handler()
	round := func(n int) {
		for i := range n {
			if i%100 == 0 {
				s.Publish(Snapshot{Files: generation(i)})
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", []string{"/ar/", "/assets/style.css", "/missing"}[i%3], nil))
		}
	}
	heap := func() uint64 {
		runtime.GC()
		runtime.GC()
		var m runtime.MemStats
		runtime.ReadMemStats(&m)
		return m.HeapAlloc
	}
	round(1000)
	before := heap()
	round(10000)
	after := heap()
	t.Logf("heap after 1000 requests: %d KiB; after 10000 more: %d KiB", before>>10, after>>10)
	if after > before+1<<20 {
		t.Errorf("heap grew by %d KiB", (after-before)>>10)
	}
}

// BenchmarkPublish publishes a site of 2000 files of 30 KB each in which
// one page changed, every file in a fresh slice, as a build that does not
// reuse unchanged output would.
func BenchmarkPublish(b *testing.B) {
	build := func(mark int) map[string][]byte {
		m := make(map[string][]byte, 2000)
		for i := range 2000 {
			m[fmt.Sprintf("ar/p%d/index.html", i)] = []byte(strings.Repeat("x", 30<<10))
		}
		m["ar/p0/index.html"] = []byte(fmt.Sprint(mark))
		return m
	}
	s := New()
	sites := []map[string][]byte{build(0), build(1)}
	b.ResetTimer()
	for i := range b.N {
		s.Publish(Snapshot{Files: sites[i%2]})
	}
}
