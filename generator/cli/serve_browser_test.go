package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"briefing/generator/browsertest"

	"github.com/chromedp/chromedp"
)

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Len returns how many bytes were written.
func (s *syncBuffer) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Len()
}

// copyTree copies the fixture content into a directory the test edits.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "content")
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestServeLiveReload runs "briefing serve" on a copy of the fixture site,
// opens a briefing in Chromium, and edits the note on disk: the page shows
// the new text without a manual reload; a broken citation shows the
// error overlay; fixing it removes the overlay.
func TestServeLiveReload(t *testing.T) {
	ctx := browsertest.New(t)
	content := copyTree(t, "../build/testdata/site/content")
	note := filepath.Join(content, "notes", "alpha.en.md")
	f := siteFlags{content: content, templates: filepath.Join(t.TempDir(), "none")}
	b, err := f.builder(true)
	if err != nil {
		t.Fatal(err)
	}
	sctx, cancel := context.WithCancel(context.Background())
	var out, errs syncBuffer
	done := make(chan int)
	go func() { done <- serveSite(sctx, b, f, serveOptions{bind: "127.0.0.1"}, &out, &errs) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	var url string
	for i := 0; i < 100 && url == ""; i++ {
		url = regexp.MustCompile(`http://[0-9.:]+/`).FindString(out.String())
		time.Sleep(50 * time.Millisecond)
	}
	if url == "" {
		t.Fatalf("serve printed no URL: %s %s", out.String(), errs.String())
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(url+"en/topics/alpha/index.html"), chromedp.WaitVisible(chromedp.CSS(".prose"))); err != nil {
		t.Fatal(err)
	}
	orig, _ := os.ReadFile(note)
	edit := func(s string) {
		if err := os.WriteFile(note, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// poll evaluates expr until it is true; a reload in between (which
	// interrupts an evaluation) is expected and retried.
	poll := func(what, expr string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for time.Now().Before(deadline) {
			if ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](expr)); err == nil && ok {
				return
			}
			time.Sleep(50 * time.Millisecond)
		}
		t.Fatalf("%s\nserver output:\n%s%s", what, out.String(), errs.String())
	}
	edit(strings.Replace(string(orig), "Text citing", "Freshly edited prose citing", 1))
	poll("the edit did not reach the page", `!!document.querySelector(".prose") && document.querySelector(".prose").textContent.includes("Freshly edited prose")`)

	edit(strings.Replace(string(orig), "[@a1:p1]", "[@a1:p99]", 1))
	poll("no overlay for a broken citation", `(() => { const h = document.getElementById("__briefing-overlay"); const root = h && (h.shadowRoot || h); return !!root && root.textContent.includes("a1:p99") })()`)
	if !strings.Contains(errs.String(), "alpha.en.md") {
		t.Errorf("the terminal does not show the error: %q", errs.String())
	}
	edit(string(orig))
	poll("the overlay stayed after the fix", `(() => { const h = document.getElementById("__briefing-overlay"); return !h && !!document.querySelector(".prose") })()`)
}
