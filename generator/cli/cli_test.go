package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func run(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = Run(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageAndExitCodes(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // in stdout or stderr
	}{
		{nil, ExitUsage, "Usage:"},
		{[]string{"help"}, ExitOK, "Commands:"},
		{[]string{"-h"}, ExitOK, "Commands:"},
		{[]string{"help", "build"}, ExitOK, "--out"},
		{[]string{"build", "-h"}, ExitOK, "--content"},
		{[]string{"frobnicate"}, ExitUsage, `unknown command "frobnicate"`},
		{[]string{"build", "--nope"}, ExitUsage, "flag provided but not defined"},
		{[]string{"build", "extra"}, ExitUsage, `unexpected argument "extra"`},
		{[]string{"build", "--content", "/nonexistent/dir"}, ExitUsage, "content directory"},
		{[]string{"init"}, ExitUsage, "want one directory"},
		{[]string{"version"}, ExitOK, "briefing "},
	}
	for _, tt := range tests {
		code, out, errs := run(tt.args...)
		if code != tt.code || !strings.Contains(out+errs, tt.want) {
			t.Errorf("briefing %s = %d, %q %q; want %d and %q", strings.Join(tt.args, " "), code, out, errs, tt.code, tt.want)
		}
	}
}

// TestInitBuildsCleanly writes the starter site and builds it: no error,
// no warning, and the output in both languages.
func TestInitBuildsCleanly(t *testing.T) {
	dir := t.TempDir()
	if code, _, errs := run("init", dir); code != ExitOK {
		t.Fatalf("init: %d %s", code, errs)
	}
	if code, _, errs := run("init", dir); code == ExitOK || !strings.Contains(errs, "already exists") {
		t.Errorf("a second init overwrote the site: %d %s", code, errs)
	}
	out := filepath.Join(dir, "public")
	code, stdout, errs := run("build", "--content", filepath.Join(dir, "content"), "--out", out, "--templates", filepath.Join(dir, "templates"))
	if code != ExitOK || errs != "" {
		t.Fatalf("build of the starter site: %d\n%s", code, errs)
	}
	if !strings.Contains(stdout, "0 warnings") || !strings.Contains(stdout, "ar and en") {
		t.Errorf("summary line %q", stdout)
	}
	for _, p := range []string{"index.html", "ar/topics/example/index.html", "en/sources/s001/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Error(err)
		}
	}
}

// TestBuildErrorsLeaveOutput checks the exit code and the message of a
// build with content errors, and that --out is left as it was.
func TestBuildErrorsLeaveOutput(t *testing.T) {
	out := filepath.Join(t.TempDir(), "public")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "keep.html"), []byte("keep"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run("build", "--content", "../build/testdata/invalid/content", "--out", out)
	if code != ExitContent {
		t.Errorf("exit code %d, want %d", code, ExitContent)
	}
	if !strings.Contains(errs, "content/notes/topic.en.md:6: citation zz:p1") && !strings.Contains(errs, "topic.en.md:6: citation zz:p1") {
		t.Errorf("stderr lacks the path:line diagnostic:\n%s", errs)
	}
	if !strings.Contains(errs, "was left as it was") {
		t.Errorf("stderr does not say the output was kept:\n%s", errs)
	}
	if b, err := os.ReadFile(filepath.Join(out, "keep.html")); err != nil || string(b) != "keep" {
		t.Errorf("output changed: %q %v", b, err)
	}
	if code, _, _ := run("check", "--content", "../build/testdata/invalid/content"); code != ExitContent {
		t.Errorf("check exit code %d, want %d", code, ExitContent)
	}
}
