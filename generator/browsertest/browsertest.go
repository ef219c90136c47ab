// Package browsertest starts headless Chromium for tests that check what a
// reader sees. Tests skip when no browser is installed, except under CI
// (CI=true), where a missing browser fails the test instead.
package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// execPath returns the Chromium binary to drive, or "" when there is none.
func execPath() string {
	if p := os.Getenv("BRIEFING_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// New returns a chromedp context for one browser tab that lives until the
// test ends. It skips the test when no browser is found, unless CI=true.
func New(t testing.TB) context.Context {
	t.Helper()
	bin := execPath()
	if bin == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("browsertest: no Chromium found and CI=true: install Debian's chromium package")
		}
		t.Skip("browsertest: no Chromium found (install Debian's chromium package, or set BRIEFING_CHROMIUM)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("allow-file-access-from-files", false),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() {
		cancelTimeout()
		cancelCtx()
		cancelAlloc()
	})
	// Start the browser now, so a failure to start is reported here.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("browsertest: starting %s: %v", bin, err)
	}
	return ctx
}

// Screenshot writes a PNG of the whole page to path. It sizes the viewport
// to the page instead of using chromedp.FullScreenshot, which shifts and
// crops right-to-left pages.
func Screenshot(ctx context.Context, path string) error {
	type size struct{ W, H int64 }
	sz, err := chromedp.Run(ctx, chromedp.Evaluate[size](
		`({W: document.documentElement.clientWidth, H: Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)})`))
	if err != nil {
		return fmt.Errorf("screenshot: measuring page: %w", err)
	}
	if sz.H > 12000 {
		sz.H = 12000
	}
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: sz.W, Height: sz.H, DeviceScaleFactor: 1,
	}); err != nil {
		return fmt.Errorf("screenshot: sizing viewport: %w", err)
	}
	res, err := chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{Format: page.CaptureScreenshotFormatPng})
	if _, cerr := chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, struct{}{}); cerr != nil && err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, res.Data, 0o644)
}

// ScreenshotDir is where tests write screenshots for a person to look at:
// $BRIEFING_SCREENSHOTS when set, else a directory under the test's temp dir.
func ScreenshotDir(t testing.TB) string {
	if d := os.Getenv("BRIEFING_SCREENSHOTS"); d != "" {
		return d
	}
	return t.TempDir()
}
