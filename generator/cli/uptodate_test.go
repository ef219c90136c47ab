package cli

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/generator/build"
	"briefing/generator/uptodate"
	"briefing/generator/uptodate/uptodatetest"
)

// copyDated copies the directory src to dst with every file and directory
// dated an hour ago, older than uptodate.Racy: a build of it can be
// recorded.
func copyDated(t *testing.T, src, dst string) {
	t.Helper()
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	backdate(t, dst)
}

// backdate dates dir and everything in it an hour ago.
func backdate(t *testing.T, dir string) {
	uptodatetest.Backdate(t, dir, time.Now().Add(-time.Hour))
}

// TestBuildUpToDate builds a site, builds it again with nothing changed,
// and then after each kind of change: only the unchanged one skips the
// build, and it reports what the build reported, warning included.
func TestBuildUpToDate(t *testing.T) {
	top := t.TempDir()
	content, out := filepath.Join(top, "content"), filepath.Join(top, "public")
	copyDated(t, "../build/testdata/site/content", content)
	buildSite := func(extra ...string) (stdout, stderr string) {
		t.Helper()
		code, stdout, stderr := run(append([]string{"build", "--content", content, "--templates", filepath.Join(top, "templates"), "--out", out}, extra...)...)
		if code != ExitOK {
			t.Fatalf("build: exit %d\n%s", code, stderr)
		}
		return stdout, stderr
	}
	upToDate := func(stdout string) bool { return strings.Contains(stdout, "is up to date") }

	first, firstWarn := buildSite("-v")
	if upToDate(first) || !strings.Contains(firstWarn, "warning") {
		t.Fatalf("first build: %q %q; want a build with one warning", first, firstWarn)
	}
	again, againWarn := buildSite("-v")
	if !upToDate(again) {
		t.Fatalf("second build with nothing changed: %q, want it up to date", again)
	}
	if againWarn != firstWarn {
		t.Errorf("up to date, the warnings are %q, want those of the build: %q", againWarn, firstWarn)
	}
	listed := func(s string) []string {
		return slices.DeleteFunc(strings.Split(s, "\n"), func(l string) bool { return !strings.HasSuffix(l, ".html") })
	}
	if got, want := listed(again), listed(first); !slices.Equal(got, want) || len(want) < 20 {
		t.Errorf("-v up to date lists %d files, the build listed %d", len(got), len(want))
	}
	if !strings.Contains(again, "23 pages") || !strings.Contains(again, "1 warning") {
		t.Errorf("up to date summary %q, want the build's 23 pages and 1 warning", again)
	}
	if s, _ := buildSite("--force"); upToDate(s) {
		t.Errorf("--force: %q, want a build", s)
	}
	if s, _ := buildSite(); !upToDate(s) {
		t.Errorf("after --force, nothing changed: %q, want it up to date", s)
	}

	page := filepath.Join(out, "en", "index.html")
	changes := []struct {
		name   string
		change func(t *testing.T)
		check  func(t *testing.T)
	}{
		{"an article edited just now", func(t *testing.T) {
			appendTo(t, filepath.Join(content, "articles", "a1.md"), "\nA new paragraph.\n")
		}, nil},
		{"an article edited an hour ago", func(t *testing.T) {
			appendTo(t, filepath.Join(content, "articles", "a1.md"), "\nAnother paragraph.\n")
			backdate(t, content)
		}, nil},
		{"a template added", func(t *testing.T) {
			if err := os.MkdirAll(filepath.Join(top, "templates"), 0o755); err != nil {
				t.Fatal(err)
			}
			backdate(t, filepath.Join(top, "templates"))
		}, nil},
		{"a page removed from the output", func(t *testing.T) {
			if err := os.Remove(page); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T) {
			if _, err := os.Stat(page); err != nil {
				t.Errorf("the removed page was not written again: %v", err)
			}
		}},
		{"a stray file in the output", func(t *testing.T) {
			if err := os.WriteFile(filepath.Join(out, "en", "stray.html"), nil, 0o644); err != nil {
				t.Fatal(err)
			}
		}, func(t *testing.T) {
			if _, err := os.Stat(filepath.Join(out, "en", "stray.html")); err == nil {
				t.Error("the stray file is still in the output")
			}
		}},
	}
	for _, c := range changes {
		// The output dated an hour ago, and the record with it: a change
		// made now gets a new time, whatever the clock's tick.
		backdate(t, out)
		if s, _ := buildSite(); upToDate(s) {
			t.Fatalf("before %s, with the output dated anew: %q, want a build", c.name, s)
		}
		c.change(t)
		if s, _ := buildSite(); upToDate(s) {
			t.Errorf("%s: %q, want a build", c.name, s)
		}
		if c.check != nil {
			c.check(t)
		}
		s, _ := buildSite()
		if c.name == "an article edited just now" {
			// Its time is too recent to tell a later edit from it: no
			// record was kept, and the build runs again.
			if upToDate(s) {
				t.Errorf("%s, built once: %q, want another build", c.name, s)
			}
			backdate(t, content)
			s, _ = buildSite()
			if upToDate(s) {
				t.Errorf("%s, then dated an hour ago: %q, want a build: the record of a racy build must not be kept", c.name, s)
			}
			s, _ = buildSite()
		}
		if !upToDate(s) {
			t.Errorf("%s, built again: %q, want it up to date", c.name, s)
		}
	}

	if code, _, errs := run("build", "--content", "../build/testdata/invalid/content", "--out", out); code != ExitContent {
		t.Fatalf("a build with errors into the same output: exit %d %s", code, errs)
	}
	if s, _ := buildSite(); !upToDate(s) {
		t.Errorf("after a failed build of other content, which left the output as it was: %q, want it up to date", s)
	}
	record, err := uptodate.Path(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(record, []byte("garbage"), 0o644); err != nil {
		t.Fatal(err)
	}
	if s, _ := buildSite(); upToDate(s) {
		t.Errorf("with a corrupt record: %q, want a build", s)
	}
	if s, _ := buildSite(); !upToDate(s) {
		t.Errorf("after the build that replaced the corrupt record: %q, want it up to date", s)
	}
}

func appendTo(t *testing.T, name, text string) {
	t.Helper()
	f, err := os.OpenFile(name, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestRecordRefused checks that no record is kept of a build whose input
// changed while it ran, or whose output another build replaced.
func TestRecordRefused(t *testing.T) {
	top := t.TempDir()
	f := siteFlags{content: filepath.Join(top, "content"), templates: filepath.Join(top, "templates"), out: filepath.Join(top, "public")}
	copyDated(t, "../build/testdata/site/content", f.content)
	if code, _, errs := run("build", "--content", f.content, "--templates", f.templates, "--out", f.out); code != ExitOK {
		t.Fatalf("build: exit %d %s", code, errs)
	}
	res := &build.Result{Pages: 1, Files: 1, Paths: []string{"index.html"}}
	start := time.Now()
	root, err := os.Lstat(f.out)
	if err != nil {
		t.Fatal(err)
	}
	lb := newLastBuild(&f)
	in := lb.snapshot()
	if lb.newRecord(in, start, res, root) == nil {
		t.Fatal("newRecord of an unchanged build = nil, want a record")
	}
	other, err := os.Lstat(f.content)
	if err != nil {
		t.Fatal(err)
	}
	if lb.newRecord(in, start, res, other) != nil {
		t.Error("newRecord when the output is another directory than the build's: want nil")
	}
	appendTo(t, filepath.Join(f.content, "articles", "a1.md"), "\nWritten during the build.\n")
	backdate(t, f.content) // an edit its time alone would not show as recent
	if lb.newRecord(in, start, res, root) != nil {
		t.Error("newRecord after an input changed during the build: want nil")
	}
}
