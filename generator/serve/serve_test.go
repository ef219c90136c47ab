package serve

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"briefing/generator/output"
)

// site returns a small site like the generator's output.
func testFiles() map[string][]byte {
	page := func(lang, dir, text string) []byte {
		return []byte(`<!doctype html><html lang="` + lang + `" dir="` + dir + `"><head><meta charset="utf-8">` +
			`<meta name="briefing-root" content="../"><link rel="stylesheet" href="../assets/style.css"></head>` +
			`<body><p id="text">` + text + `</p></body></html>`)
	}
	return map[string][]byte{
		"index.html":                 []byte(`<!doctype html><meta http-equiv="refresh" content="0; url=ar/index.html">`),
		"ar/index.html":              page("ar", "rtl", "مرحبا"),
		"en/index.html":              page("en", "ltr", "Hello"),
		"en/upper/index.html":        []byte("<HTML><BODY><p>upper</p></BODY></HTML>"),
		"en/nobody/index.html":       []byte("<p>no body element"),
		"ar/sources/a003/index.html": page("ar", "rtl", "مصدر"),
		"assets/style.css":           []byte("body { color: #111 }"),
		"assets/app.js":              []byte("console.log('</body>')"),
		"assets/logo.svg":            []byte(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`),
		"assets/font.woff2":          []byte("wOF2\x00\x01"),
		"assets/x.png":               []byte("\x89PNG\r\n\x1a\n"),
		"feed.xml":                   []byte(`<?xml version="1.0"?><feed/>`),
		"search.json":                []byte(`{"a":1}`),
		"robots.txt":                 []byte("User-agent: *\n"),
		"briefing-offline.zip":       []byte("PK\x03\x04"),
		"odd.unknownext":             []byte("<html><body>sniffed</body></html>"),
	}
}

func newTestServer(t *testing.T, opts ...Option) (*Server, map[string][]byte) {
	t.Helper()
	s := New(opts...)
	files := testFiles()
	s.Publish(Snapshot{Files: files})
	return s, files
}

func get(t *testing.T, h http.Handler, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestServeFiles(t *testing.T) {
	s, files := newTestServer(t)
	h := s.Handler()
	tests := []struct {
		target   string
		status   int
		ctype    string
		file     string // the snapshot file served, "" for none
		location string
	}{
		{"/", 200, "text/html; charset=utf-8", "index.html", ""},
		{"/index.html", 200, "text/html; charset=utf-8", "index.html", ""},
		{"/ar/", 200, "text/html; charset=utf-8", "ar/index.html", ""},
		{"/ar/index.html", 200, "text/html; charset=utf-8", "ar/index.html", ""},
		{"/ar/index.html?x=1#p4", 200, "text/html; charset=utf-8", "ar/index.html", ""},
		{"/ar/sources/a003/", 200, "text/html; charset=utf-8", "ar/sources/a003/index.html", ""},
		{"/ar", 301, "", "", "/ar/"},
		{"/ar/sources/a003?q=1", 301, "", "", "/ar/sources/a003/?q=1"},
		{"/assets/style.css", 200, "text/css; charset=utf-8", "assets/style.css", ""},
		{"/assets/style.css?__briefing=x-3", 200, "text/css; charset=utf-8", "assets/style.css", ""},
		{"/assets/app.js", 200, "text/javascript; charset=utf-8", "assets/app.js", ""},
		{"/assets/logo.svg", 200, "image/svg+xml", "assets/logo.svg", ""},
		{"/assets/font.woff2", 200, "font/woff2", "assets/font.woff2", ""},
		{"/assets/x.png", 200, "image/png", "assets/x.png", ""},
		{"/feed.xml", 200, "application/xml; charset=utf-8", "feed.xml", ""},
		{"/search.json", 200, "application/json", "search.json", ""},
		{"/robots.txt", 200, "text/plain; charset=utf-8", "robots.txt", ""},
		{"/briefing-offline.zip", 200, "application/zip", "briefing-offline.zip", ""},
		{"/odd.unknownext", 200, "text/html; charset=utf-8", "odd.unknownext", ""},
		{"/assets/", 404, "text/html; charset=utf-8", "", ""}, // no directory listings
		{"/assets", 404, "text/html; charset=utf-8", "", ""},
		{"/missing.html", 404, "text/html; charset=utf-8", "", ""},
		{"/AR/index.html", 404, "text/html; charset=utf-8", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.target, func(t *testing.T) {
			rec := get(t, h, "GET", tc.target)
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d", rec.Code, tc.status)
			}
			if got := rec.Header().Get("Cache-Control"); got != "no-store" {
				t.Errorf("Cache-Control %q", got)
			}
			if tc.ctype != "" {
				if got := rec.Header().Get("Content-Type"); got != tc.ctype {
					t.Errorf("Content-Type %q, want %q", got, tc.ctype)
				}
			}
			if got := rec.Header().Get("Location"); got != tc.location {
				t.Errorf("Location %q, want %q", got, tc.location)
			}
			if tc.file == "" {
				return
			}
			want := files[tc.file]
			if strings.HasPrefix(tc.ctype, "text/html") {
				want = inject(want, s.cur.Load().version)
			}
			if got := rec.Body.Bytes(); !bytes.Equal(got, want) {
				t.Errorf("body\n got %q\nwant %q", got, want)
			}
		})
	}
}

// TestInjection checks that the live-reload script is in every HTML
// response, once, before </body> or at the end, in no other response, and
// that serving never changes the snapshot's bytes.
func TestInjection(t *testing.T) {
	s := New()
	files := testFiles()
	// Give a page spare capacity, so that an append in place would show.
	page := files["en/index.html"]
	roomy := make([]byte, len(page), len(page)+4096)
	copy(roomy, page)
	files["en/index.html"] = roomy
	orig := make(map[string][]byte)
	for k, v := range files {
		orig[k] = bytes.Clone(v)
	}
	s.Publish(Snapshot{Files: files})
	h := s.Handler()
	tag := `<script src="/__briefing/live.js" data-version="` + s.cur.Load().version + `"></script>`
	for name := range files {
		rec := get(t, h, "GET", "/"+name)
		body := rec.Body.String()
		isHTML := strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html")
		if n := strings.Count(body, tag); isHTML && n != 1 || !isHTML && n != 0 {
			t.Errorf("%s (%s): script tag %d times", name, rec.Header().Get("Content-Type"), n)
		}
		if !isHTML && body != string(orig[name]) {
			t.Errorf("%s changed in serving: %q", name, body)
		}
		if isHTML {
			if strings.Contains(strings.ToLower(string(orig[name])), "</body>") {
				if !strings.Contains(strings.ToLower(body), strings.ToLower(tag)+"</body>") {
					t.Errorf("%s: script not right before </body>: %q", name, body)
				}
			} else if !strings.HasSuffix(body, tag) {
				t.Errorf("%s: script not at the end: %q", name, body)
			}
		}
	}
	for k, v := range files {
		if !bytes.Equal(v, orig[k]) || !bytes.Equal(v[:cap(v)][:len(v)], orig[k]) {
			t.Errorf("snapshot file %s was modified", k)
		}
	}
	if extra := roomy[len(roomy):cap(roomy)]; bytes.Contains(extra, []byte("live.js")) {
		t.Errorf("the script was appended into the snapshot's spare capacity")
	}
	rec := get(t, h, "GET", "/nope")
	if !strings.Contains(rec.Body.String(), tag) {
		t.Errorf("404 page without the script: %q", rec.Body.String())
	}
}

func TestHead(t *testing.T) {
	s, _ := newTestServer(t)
	h := s.Handler()
	for _, target := range []string{"/ar/", "/assets/style.css", "/nope", "/__briefing/live.js", "/__briefing/events"} {
		var g *httptest.ResponseRecorder
		if target == eventsPath {
			// The stream ends at once with a canceled context.
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			g = httptest.NewRecorder()
			h.ServeHTTP(g, httptest.NewRequest("GET", target, nil).WithContext(ctx))
			g.Body.Reset()
		} else {
			g = get(t, h, "GET", target)
		}
		hd := get(t, h, "HEAD", target)
		if hd.Code != g.Code || hd.Header().Get("Content-Type") != g.Header().Get("Content-Type") ||
			hd.Header().Get("Content-Length") != g.Header().Get("Content-Length") {
			t.Errorf("%s: HEAD %d %q %q, GET %d %q %q", target, hd.Code, hd.Header().Get("Content-Type"),
				hd.Header().Get("Content-Length"), g.Code, g.Header().Get("Content-Type"), g.Header().Get("Content-Length"))
		}
		if hd.Body.Len() != 0 {
			t.Errorf("%s: HEAD has a body of %d bytes", target, hd.Body.Len())
		}
	}
}

func TestMethods(t *testing.T) {
	s, _ := newTestServer(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS"} {
		rec := get(t, s.Handler(), m, "/ar/")
		if rec.Code != http.StatusMethodNotAllowed || rec.Header().Get("Allow") != "GET, HEAD" {
			t.Errorf("%s: %d, Allow %q", m, rec.Code, rec.Header().Get("Allow"))
		}
	}
}

func TestLiveScript(t *testing.T) {
	s := New()
	rec := get(t, s.Handler(), "GET", "/__briefing/live.js")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/javascript; charset=utf-8" || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("%d %v", rec.Code, rec.Header())
	}
	if !bytes.Equal(rec.Body.Bytes(), liveJS) || !bytes.Contains(liveJS, []byte("EventSource")) {
		t.Errorf("unexpected script body")
	}
	// Before the first publish every page is 404 and says so.
	rec = get(t, s.Handler(), "GET", "/ar/")
	if rec.Code != 404 || !strings.Contains(rec.Body.String(), "not been built yet") {
		t.Errorf("before any build: %d %q", rec.Code, rec.Body.String())
	}
}

// TestHostilePaths sends each request target of testdata/hostile-paths.txt
// as it is, over a real connection, and expects a 404 and none of the
// site's bytes.
func TestHostilePaths(t *testing.T) {
	data, err := os.ReadFile("testdata/hostile-paths.txt")
	if err != nil {
		t.Fatal(err)
	}
	s, files := newTestServer(t)
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	n := 0
	for line := range strings.Lines(string(data)) {
		target := strings.TrimRight(line, "\r\n")
		if target == "" || strings.HasPrefix(target, "#") {
			continue
		}
		n++
		t.Run(target, func(t *testing.T) {
			status, body := rawGet(t, ts.Listener.Addr().String(), target)
			if status != http.StatusNotFound {
				t.Errorf("status %d, want 404", status)
			}
			for name, content := range files {
				if len(content) > 20 && bytes.Contains(body, content) {
					t.Errorf("response holds %s", name)
				}
			}
		})
	}
	if n < 30 {
		t.Fatalf("only %d paths in testdata", n)
	}
}

// rawGet sends target on the request line untouched and returns the status
// and body.
func rawGet(t *testing.T, addr, target string) (int, []byte) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(5 * time.Second))
	fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", target)
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatalf("reading response: %v", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, body
}

func TestSitePath(t *testing.T) {
	// Spot checks of the parser beside the end-to-end table above.
	tests := []struct {
		target string
		want   string
		ok     bool
	}{
		{"/", "", true},
		{"/ar/", "ar/", true},
		{"/ar/index.html", "ar/index.html", true},
		{"/%D8%B9/index.html", "ع/index.html", true},
		{"/a%20b.html", "a b.html", true},
		{"/ar//", "", false},
		{"/ar/..", "", false},
		{"/ar%2f", "", false},
	}
	for _, tc := range tests {
		r := httptest.NewRequest("GET", tc.target, nil)
		got, ok := sitePath(r.URL)
		if got != tc.want || ok != tc.ok {
			t.Errorf("sitePath(%q) = %q, %v; want %q, %v", tc.target, got, ok, tc.want, tc.ok)
		}
	}
}

func TestDiff(t *testing.T) {
	a := map[string][]byte{"x": []byte("1"), "y": []byte("2"), "gone": nil}
	b := map[string][]byte{"x": []byte("1"), "y": []byte("3"), "new": nil}
	if got, want := diff(a, b), []string{"gone", "new", "y"}; !equal(got, want) {
		t.Errorf("diff = %q, want %q", got, want)
	}
	if got := diff(a, maps.Clone(a)); len(got) != 0 {
		t.Errorf("diff of equal maps = %q", got)
	}
}

func equal(a, b []string) bool { return strings.Join(a, "\x00") == strings.Join(b, "\x00") }

// TestDeferred checks that deferred files are made when one of them is
// first asked for, once per published snapshot, that a failure to make
// them is a 500 rather than a 404, that a failed build keeps the deferred
// files of the last good one, and that a good build brings its own even
// when its pages are the same.
func TestDeferred(t *testing.T) {
	s := New()
	h := s.Handler()
	var calls atomic.Int32
	later := func(text string, err error) output.Deferred {
		return output.Deferred{
			Owns: func(name string) bool { return strings.HasPrefix(name, "assets/index-") },
			Make: func() (map[string][]byte, error) {
				calls.Add(1)
				return map[string][]byte{"assets/index-1.js": []byte(text)}, err
			},
		}
	}
	s.Publish(Snapshot{Files: map[string][]byte{"index.html": []byte("<p>one</p>")}, Deferred: []output.Deferred{later("first", nil)}})
	if calls.Load() != 0 {
		t.Fatal("Publish made the deferred files; want them made when asked for")
	}
	for range 3 {
		if rec := get(t, h, "GET", "/assets/index-1.js"); rec.Code != 200 || rec.Body.String() != "first" {
			t.Fatalf("GET a deferred file: %d %q", rec.Code, rec.Body.String())
		}
	}
	if rec := get(t, h, "GET", "/assets/index-2.js"); rec.Code != 404 {
		t.Errorf("GET a deferred name that Make did not make: %d, want 404", rec.Code)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("Make ran %d times for one snapshot, want 1", n)
	}
	s.Publish(Snapshot{Errors: []string{"content/x.md:1: broken"}})
	if rec := get(t, h, "GET", "/assets/index-1.js"); rec.Code != 200 || rec.Body.String() != "first" {
		t.Errorf("after a failed build: %d %q, want the last good site's file", rec.Code, rec.Body.String())
	}
	s.Publish(Snapshot{Files: map[string][]byte{"index.html": []byte("<p>two</p>")}, Deferred: []output.Deferred{later("", errors.New("index failed"))}})
	if rec := get(t, h, "GET", "/assets/index-1.js"); rec.Code != 500 || !strings.Contains(rec.Body.String(), "index failed") {
		t.Errorf("GET a deferred file whose Make failed: %d %q, want 500 with the error", rec.Code, rec.Body.String())
	}
	// The same pages again, with other deferred files: those are served.
	s.Publish(Snapshot{Files: map[string][]byte{"index.html": []byte("<p>two</p>")}, Deferred: []output.Deferred{later("third", nil)}})
	if rec := get(t, h, "GET", "/assets/index-1.js"); rec.Code != 200 || rec.Body.String() != "third" {
		t.Errorf("after a build with the same pages: %d %q, want its own deferred file", rec.Code, rec.Body.String())
	}
}

// TestHostCheck sends requests with various Host headers to a server on
// 127.0.0.1: loopback names and the allowed ones are answered, any other
// name (a page of another site rebinding its name to 127.0.0.1) is
// refused.
func TestHostCheck(t *testing.T) {
	s, _ := newTestServer(t, WithAllowedHosts("Preview.Example.", " "))
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	_, port, _ := net.SplitHostPort(ts.Listener.Addr().String())
	for _, tc := range []struct {
		host string
		want int
	}{
		{"localhost", 200},
		{"localhost:" + port, 200},
		{"LOCALHOST.:" + port, 200},
		{"preview.localhost:" + port, 200},
		{"127.0.0.1:" + port, 200},
		{"127.1.2.3", 200},
		{"[::1]:" + port, 200},
		{"evil.example:" + port, http.StatusMisdirectedRequest},
		{"preview.example:" + port, 200},
		{"sub.preview.example", http.StatusMisdirectedRequest},
		{"localhost.evil.example", http.StatusMisdirectedRequest},
		{"192.168.1.10:" + port, http.StatusMisdirectedRequest},
		{"", http.StatusMisdirectedRequest},
	} {
		c, err := net.DialTimeout("tcp", ts.Listener.Addr().String(), 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_ = c.SetDeadline(time.Now().Add(5 * time.Second))
		fmt.Fprintf(c, "GET /index.html HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", tc.host)
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatalf("Host %q: %v", tc.host, err)
		}
		resp.Body.Close()
		c.Close()
		if resp.StatusCode != tc.want {
			t.Errorf("Host %q: status %d, want %d", tc.host, resp.StatusCode, tc.want)
		}
	}
}
