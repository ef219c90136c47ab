package build_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/generator/browsertest"
	"briefing/generator/textnorm"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// TestSearchOverFile types queries into the search box of the built site
// opened from disk and follows the first result to its paragraph. The
// Arabic query is spelled with alef maqsura and a clitic (للكاظمى), unlike
// any form in the sources (الكاظمي).
func TestSearchOverFile(t *testing.T) {
	ctx := browsertest.New(t)
	site := buildBundled(t)
	shots := browsertest.ScreenshotDir(t)
	for _, tc := range []struct{ lang, query, want string }{
		{"ar", "للكاظمى", "الكاظمي"},
		{"en", "withdrawals", ""},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			if err := chromedp.Do(ctx,
				chromedp.Navigate(fileURL(site, tc.lang+"/index.html")),
				chromedp.WaitVisible(chromedp.CSS(".bsearch-open")),
			); err != nil {
				t.Fatal(err)
			}
			// Open with the keyboard shortcut, as a reader would: one
			// key down with its text, as a keyboard sends it (chromedp's
			// KeyEvent sends the text again as a separate char event).
			slash := input.DispatchKeyEventParams{Type: input.DispatchKeyEventTypeKeyDown, Key: "/", Code: "Slash", Text: "/", UnmodifiedText: "/", WindowsVirtualKeyCode: 191, NativeVirtualKeyCode: 191}
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, slash); err != nil {
				t.Fatal(err)
			}
			slash.Type, slash.Text, slash.UnmodifiedText = input.DispatchKeyEventTypeKeyUp, "", ""
			if _, err := chromedp.Call(ctx, input.DispatchKeyEvent, slash); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx,
				chromedp.WaitVisible(chromedp.ID("bsearch-input")),
				chromedp.SendKeys(chromedp.ID("bsearch-input"), tc.query),
			); err != nil {
				t.Fatal(err)
			}
			if v, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("bsearch-input").value`)); v != tc.query {
				t.Errorf("the search box holds %q, want %q: the key that opened it must not be typed into it", v, tc.query)
			}
			n, err := chromedp.Run(ctx, chromedp.Poll[int](`document.querySelectorAll('a[role="option"]').length || null`,
				chromedp.WithPollingTimeout(10*time.Second)))
			if err != nil || n == 0 {
				t.Fatalf("no results for %q: %v", tc.query, err)
			}
			if tc.want != "" {
				marks, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll('a[role="option"] mark')].map(m => m.textContent).join(" ")`))
				if !strings.Contains(marks, strings.TrimPrefix(tc.want, "ال")) {
					t.Errorf("highlights %q do not show %q", marks, tc.want)
				}
			}
			if err := browsertest.Screenshot(ctx, filepath.Join(shots, tc.lang+"-search.png")); err != nil {
				t.Fatal(err)
			}
			href, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('a[role="option"]').getAttribute("href")`))
			if err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx, chromedp.KeyEvent("\r"), chromedp.Sleep(300*time.Millisecond)); err != nil {
				t.Fatal(err)
			}
			loc, err := chromedp.Run(ctx, chromedp.Poll[string](`location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1))) ? location.href : null`,
				chromedp.WithPollingTimeout(10*time.Second)))
			if err != nil {
				t.Fatalf("Enter on the first result (%s) did not land on an anchor: %v", href, err)
			}
			if !strings.HasPrefix(loc, "file://") {
				t.Errorf("landed on %s, want a file:// page", loc)
			}
		})
	}
}

// TestSearchFindsEveryKadhimiParagraph checks, for every way of spelling
// al-Kadhimi (alef maqsura, clitics, tatweel, diacritics), that the
// Arabic search of the built site, opened from disk, finds every source
// paragraph that names him.
func TestSearchFindsEveryKadhimiParagraph(t *testing.T) {
	ctx := browsertest.New(t)
	site := buildBundled(t)
	var want []string
	for _, a := range []string{"a000", "a001", "a002", "a003", "a004"} {
		data, err := os.ReadFile(filepath.Join("../../content/articles", a+".md"))
		if err != nil {
			t.Fatal(err)
		}
		body := string(data)[strings.Index(string(data)[3:], "\n---\n")+8:]
		n := 0
		for _, line := range strings.Split(body, "\n") {
			if strings.TrimSpace(line) == "" {
				continue
			}
			n++
			if strings.Contains(textnorm.Fold(line), "كاظمي") {
				want = append(want, fmt.Sprintf("ar/sources/%s/index.html#p%d", a, n))
			}
		}
	}
	if len(want) < 10 {
		t.Fatalf("only %d paragraphs name al-Kadhimi: the fixture is not what this test expects", len(want))
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(fileURL(site, "ar/index.html"))); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.briefingSearch.open()`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatalf("opening the search: %v", err)
	}
	for _, q := range []string{"الكاظمي", "الكاظمى", "للكاظمي", "والكاظمي", "بالكاظمي", "الكـــاظمي", "الكاظِمِيّ", "كاظمي", "ﺍﻟﻜﺎﻇﻤﻲ"} {
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](fmt.Sprintf(`(() => {
			const s = window.briefingSearch.instance();
			return s.idx.search(%q, 100000).results.filter(r => r.all).map(r => s.idx.url(r.doc));
		})()`, q)))
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		t.Logf("%s: %d results, all %d paragraphs expected", q, len(got), len(want))
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("searching %s does not find %s (%d results)", q, w, len(got))
			}
		}
	}
}
