package build_test

// Benchmarks of the whole pipeline on generated corpora (see package
// corpus), against the floor that Markdown conversion alone sets:
//
//	BRIEFING_BENCH_OUT=/dev/shm go test ./generator/build -run '^$' -bench . -benchtime 2x -timeout 90m
//
// Corpora are written once per size under $TMPDIR/briefing-bench and
// reused. -short skips every size above 1,000 articles. Sites are built
// under $BRIEFING_BENCH_OUT when it is set (e.g. /dev/shm, to measure the
// generator rather than the disk), in a temporary directory otherwise.

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"briefing/generator/build"
	"briefing/generator/cli"
	"briefing/generator/corpus"
	"briefing/generator/diag"
	"briefing/generator/output"
	"briefing/generator/render"
	"briefing/generator/uptodate"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// benchSeed is the seed of every benchmark corpus.
const benchSeed = 1

var benchSizes = []int{1000, 5000, 20000}

// benchCorpus returns the content directory of the benchmark corpus of n
// articles, writing it on first use.
func benchCorpus(tb testing.TB, n int) string {
	tb.Helper()
	root := filepath.Join(os.TempDir(), "briefing-bench")
	dir := filepath.Join(root, fmt.Sprintf("corpus-f%d-n%d-s%d", corpus.Format, n, benchSeed))
	if _, err := os.Stat(filepath.Join(dir, "site.yaml")); err == nil {
		return dir
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		tb.Fatal(err)
	}
	tmp, err := os.MkdirTemp(root, ".writing-")
	if err != nil {
		tb.Fatal(err)
	}
	if err := corpus.Write(tmp, n, benchSeed); err != nil {
		os.RemoveAll(tmp)
		tb.Fatal(err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		os.RemoveAll(tmp) // another process won the race; use its corpus
		if _, err := os.Stat(filepath.Join(dir, "site.yaml")); err != nil {
			tb.Fatal(err)
		}
	}
	return dir
}

// benchOut returns a new empty directory for the sites a benchmark builds.
func benchOut(b *testing.B) string {
	root := os.Getenv("BRIEFING_BENCH_OUT")
	if root == "" {
		return b.TempDir()
	}
	dir, err := os.MkdirTemp(root, "briefing-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func benchSkip(b *testing.B, n int) {
	if testing.Short() && n > 1000 {
		b.Skip("-short: skipping", n, "articles")
	}
}

func benchBuilder(dir string) *build.Builder {
	return build.New(build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "bench"})
}

// benchOnce is a Builder for one build, as briefing build makes: it
// records nothing for a next build and bounds its memory once the site is
// loaded (build.BoundMemory; the caller puts the limit back).
func benchOnce(dir string) *build.Builder {
	return build.New(build.Options{Content: os.DirFS(dir), ContentAt: "content", Version: "bench", Once: true,
		Loaded: build.BoundMemory})
}

// benchBuildInto builds with b into a fresh output.Dir at target and commits.
func benchBuildInto(b *testing.B, bl *build.Builder, target string) *build.Result {
	d, err := output.NewDir(target)
	if err != nil {
		b.Fatal(err)
	}
	res, err := bl.Build(d)
	if err != nil {
		_ = d.Abort()
		b.Fatalf("build: %v (%d errors)", err, res.Errors)
	}
	if err := d.Commit(); err != nil {
		b.Fatal(err)
	}
	return res
}

// BenchmarkBuild is a full build, from a new Builder made for one build
// (no cache, nothing recorded for a next one, memory bounded once the site
// is loaded, as briefing build does) into a new output directory. Set
// GOMEMLIMIT=off to measure it without the bound.
func BenchmarkBuild(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			benchSkip(b, n)
			dir := benchCorpus(b, n)
			out := benchOut(b)
			var m benchMeter
			var pages int
			b.ReportAllocs()
			for i := 0; b.Loop(); i++ {
				target := filepath.Join(out, fmt.Sprint(i))
				limit := debug.SetMemoryLimit(-1)
				m.start()
				pages = benchBuildInto(b, benchOnce(dir), target).Pages
				m.stop()
				debug.SetMemoryLimit(limit) // as it was before BoundMemory
				b.StopTimer()
				if err := os.RemoveAll(target); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(pages), "pages")
			m.report(b)
		})
	}
}

// BenchmarkUpToDate measures briefing build run again with nothing
// changed since it last built into the same directory: what it costs to
// find that there is nothing to do (see package uptodate).
func BenchmarkUpToDate(b *testing.B) {
	for _, n := range []int{1000, 20000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			benchSkip(b, n)
			b.Setenv("XDG_CACHE_HOME", b.TempDir()) // the record of the build
			dir := benchCorpus(b, n)
			if in, err := uptodate.Snapshot(dir); err != nil || uptodate.Recent(in, time.Now()) {
				time.Sleep(uptodate.Racy) // a corpus just written: let its times tell a later edit from it
			}
			args := []string{"build", "--content", dir, "--out", filepath.Join(benchOut(b), "public")}
			build := func() string {
				var out, errs strings.Builder
				if code := cli.Run(args, strings.NewReader(""), &out, &errs); code != cli.ExitOK {
					b.Fatalf("briefing build: exit %d\n%s", code, errs.String())
				}
				return out.String()
			}
			build()
			var m benchMeter
			b.ReportAllocs()
			for b.Loop() {
				m.start()
				out := build()
				m.stop()
				if !strings.Contains(out, "is up to date") {
					b.Fatalf("briefing build with nothing changed: %q, want it up to date", out)
				}
			}
			m.report(b)
		})
	}
}

// BenchmarkNoopRebuild builds once, then measures building again with the
// same Builder into the same output directory, nothing having changed:
// what a Builder kept from its last build saves (the preview rebuilds
// with one Builder, into memory).
func BenchmarkNoopRebuild(b *testing.B) {
	for _, n := range []int{1000, 20000} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			benchSkip(b, n)
			dir := benchCorpus(b, n)
			target := filepath.Join(benchOut(b), "public")
			bl := benchBuilder(dir)
			benchBuildInto(b, bl, target)
			var m benchMeter
			b.ReportAllocs()
			for b.Loop() {
				m.start()
				benchBuildInto(b, bl, target)
				m.stop()
			}
			m.report(b)
		})
	}
}

// BenchmarkRender renders every page into memory and discards it: the
// render phase alone. Compare GOMAXPROCS=1 with GOMAXPROCS=2 (set in the
// environment: with -cpu 1,2 we saw the one-core run use both cores).
func BenchmarkRender(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			benchSkip(b, n)
			bl := benchBuilder(benchCorpus(b, n))
			var d diag.List
			site, err := bl.Load(&d)
			if err != nil || d.Errors() > 0 {
				b.Fatal(err, d.All())
			}
			theme, err := bl.Theme()
			if err != nil {
				b.Fatal(err)
			}
			r := render.New(site, theme, "bench")
			specs := r.Pages()
			var m benchMeter
			b.ReportAllocs()
			for b.Loop() {
				m.start()
				benchEach(b, len(specs), func(i int, buf *bytes.Buffer) error { return r.Render(specs[i], buf) })
				m.stop()
			}
			m.report(b)
		})
	}
}

// BenchmarkFloor converts the Markdown of every article and note of the
// corpus with goldmark alone (CommonMark, tables, strikethrough,
// footnotes), GOMAXPROCS conversions at a time, each worker with its own
// buffer: the least any generator must do with this content.
func BenchmarkFloor(b *testing.B) {
	for _, n := range benchSizes {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) {
			benchSkip(b, n)
			bodies, size := benchBodies(b, benchCorpus(b, n))
			md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Footnote))
			var m benchMeter
			b.SetBytes(size)
			b.ReportAllocs()
			for b.Loop() {
				m.start()
				benchEach(b, len(bodies), func(i int, buf *bytes.Buffer) error { return md.Convert(bodies[i], buf) })
				m.stop()
			}
			b.ReportMetric(float64(len(bodies)), "docs")
			m.report(b)
		})
	}
}

// benchBodies reads the text after the front matter of every article
// and note in dir.
func benchBodies(b *testing.B, dir string) ([][]byte, int64) {
	var bodies [][]byte
	var size int64
	for _, sub := range []string{"articles", "notes"} {
		err := filepath.WalkDir(filepath.Join(dir, sub), func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() || !strings.HasSuffix(p, ".md") {
				return err
			}
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			// The body starts after the second line "---".
			_, rest, _ := bytes.Cut(data, []byte("---\n"))
			_, body, ok := bytes.Cut(rest, []byte("\n---\n"))
			if !ok {
				return fmt.Errorf("%s: no front matter", p)
			}
			bodies = append(bodies, body)
			size += int64(len(body))
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return bodies, size
}

// benchEach calls do for 0..n-1 on GOMAXPROCS workers, each with its own
// buffer, emptied before each call, and waits for them; it stops a worker
// at the first error.
func benchEach(b *testing.B, n int, do func(i int, buf *bytes.Buffer) error) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			var buf bytes.Buffer
			for i := int(next.Add(1) - 1); i < n; i = int(next.Add(1) - 1) {
				buf.Reset()
				if err := do(i, &buf); err != nil {
					b.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
}
