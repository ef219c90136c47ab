package watch

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// timeout bounds every wait for a batch; batches normally arrive within
// about DefaultQuiet.
const timeout = 5 * time.Second

// delivery is one call of onChange: the batch, what each path held when
// onChange ran ("" for a path that is gone) and when it ran.
type delivery struct {
	Batch
	contents map[string]string
	at       time.Time
}

// harness runs a Watcher in the background and records its deliveries.
type harness struct {
	t   *testing.T
	w   *Watcher
	ch  chan delivery
	all []delivery // every delivery received by the helpers so far
}

// start watches roots and records every batch. The watcher is stopped when
// the test ends, and Run must then return nil.
func start(t *testing.T, roots []string, opts ...Option) *harness {
	t.Helper()
	w, err := New(roots, opts...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	h := &harness{t: t, w: w, ch: make(chan delivery, 1000)}
	h.run()
	return h
}

func (h *harness) run() {
	ctx, cancel := context.WithCancel(context.Background())
	var inside atomic.Int32
	errc := make(chan error, 1)
	go func() {
		errc <- h.w.Run(ctx, func(b Batch) {
			if inside.Add(1) != 1 {
				h.t.Errorf("onChange called concurrently with itself")
			}
			defer inside.Add(-1)
			d := delivery{Batch: b, contents: map[string]string{}, at: time.Now()}
			for _, p := range b.Paths {
				if data, err := os.ReadFile(p); err == nil {
					d.contents[p] = string(data)
				}
			}
			h.ch <- d
		})
	}()
	h.t.Cleanup(func() {
		cancel()
		select {
		case err := <-errc:
			if err != nil {
				h.t.Errorf("Run: %v", err)
			}
		case <-time.After(timeout):
			h.t.Errorf("Run did not return after cancel")
		}
	})
}

// waitFor receives deliveries until every path in want has been reported,
// and returns the deliveries received by this call.
func (h *harness) waitFor(want ...string) []delivery {
	h.t.Helper()
	missing := map[string]bool{}
	for _, p := range want {
		missing[p] = true
	}
	var got []delivery
	deadline := time.After(timeout)
	for len(missing) > 0 {
		select {
		case d := <-h.ch:
			got = append(got, d)
			h.all = append(h.all, d)
			for _, p := range d.Paths {
				delete(missing, p)
			}
		case <-deadline:
			h.t.Fatalf("after %v, still waiting for %v; got batches %v", timeout, keys(missing), paths(got))
		}
	}
	return got
}

// reported returns the union of the paths of every delivery so far.
func (h *harness) reported() []string {
	seen := map[string]bool{}
	for _, d := range h.all {
		for _, p := range d.Paths {
			seen[p] = true
		}
	}
	return keys(seen)
}

// expectOnly writes a sentinel file under dir, waits for it, and checks
// that the paths reported since the start are exactly want plus the
// sentinel. Events arrive in order, so anything the earlier operations
// caused is delivered by the time the sentinel is.
func (h *harness) expectOnly(dir string, want ...string) {
	h.t.Helper()
	sentinel := filepath.Join(dir, fmt.Sprintf("sentinel-%d.md", time.Now().UnixNano()))
	write(h.t, sentinel, "s")
	h.waitFor(sentinel)
	want = append(slices.Clone(want), sentinel)
	sort.Strings(want)
	if got := h.reported(); !slices.Equal(got, want) {
		h.t.Errorf("reported paths:\n got %q\nwant %q", got, want)
	}
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func paths(ds []delivery) [][]string {
	var out [][]string
	for _, d := range ds {
		out = append(out, d.Paths)
	}
	return out
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// watched returns the directories fsnotify watches, sorted.
func (h *harness) watched() []string {
	l := h.w.fs.WatchList()
	sort.Strings(l)
	return l
}

// saves are the ways editors save a file: each replaces the contents of
// path with data, the way the named editors do, leaving their usual
// droppings behind or removing them.
var saves = []struct {
	name string
	save func(t *testing.T, path, data string)
}{
	{"in place (VS Code, nano)", func(t *testing.T, path, data string) {
		must(t, os.WriteFile(path, []byte(data), 0o644))
	}},
	{"truncate then write in chunks", func(t *testing.T, path, data string) {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
		must(t, err)
		for chunk := range slices.Chunk([]byte(data), (len(data)+3)/4) {
			_, err := f.Write(chunk)
			must(t, err)
			time.Sleep(2 * time.Millisecond) // the editor is slow, not the test
		}
		must(t, f.Close())
	}},
	{"vim, backupcopy=no", func(t *testing.T, path, data string) {
		dir := filepath.Dir(path)
		swap := filepath.Join(dir, "."+filepath.Base(path)+".swp")
		must(t, os.WriteFile(swap, []byte("swap"), 0o600))
		probe := filepath.Join(dir, "4913")
		must(t, os.WriteFile(probe, nil, 0o644))
		must(t, os.Remove(probe))
		must(t, os.Rename(path, path+"~"))
		must(t, os.WriteFile(path, []byte(data), 0o644))
		must(t, os.Chmod(path, 0o644))
		must(t, os.Remove(path+"~"))
		must(t, os.WriteFile(swap, []byte("swap2"), 0o600))
		must(t, os.Remove(swap))
	}},
	{"JetBrains safe write", func(t *testing.T, path, data string) {
		must(t, os.WriteFile(path+"___jb_tmp___", []byte(data), 0o644))
		must(t, os.Rename(path, path+"___jb_old___"))
		must(t, os.Rename(path+"___jb_tmp___", path))
		must(t, os.Remove(path+"___jb_old___"))
	}},
	{"temp file renamed over (Helix, Sublime, atomic writers)", func(t *testing.T, path, data string) {
		f, err := os.CreateTemp(filepath.Dir(path), ".tmpXy3")
		must(t, err)
		_, err = f.WriteString(data)
		must(t, err)
		must(t, f.Close())
		must(t, os.Rename(f.Name(), path))
	}},
	{"delete then create", func(t *testing.T, path, data string) {
		must(t, os.Remove(path))
		must(t, os.WriteFile(path, []byte(data), 0o644))
	}},
	{"emacs (lock file, backup by rename)", func(t *testing.T, path, data string) {
		dir, base := filepath.Dir(path), filepath.Base(path)
		lock := filepath.Join(dir, ".#"+base)
		must(t, os.Symlink("user@host.1234", lock))
		autosave := filepath.Join(dir, "#"+base+"#")
		must(t, os.WriteFile(autosave, []byte(data), 0o644))
		must(t, os.Rename(path, path+"~"))
		must(t, os.WriteFile(path, []byte(data), 0o644))
		must(t, os.Remove(autosave))
		must(t, os.Remove(lock))
	}},
}

func TestEditorSaves(t *testing.T) {
	for _, tc := range saves {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "notes", "x.md")
			write(t, path, "old")
			h := start(t, []string{dir})

			data := strings.Repeat("new text ", 200)
			tc.save(t, path, data)
			got := h.waitFor(path)
			// One save is one batch, delivered once the save is complete.
			if n := len(got); n != 1 {
				t.Errorf("the save took %d batches, want 1: %v", n, paths(got))
			}
			if c := got[len(got)-1].contents[path]; c != data {
				t.Errorf("when the batch was delivered the file held %d bytes, want %d", len(c), len(data))
			}
			h.expectOnly(dir, path)
		})
	}
}

// TestFileRoot watches one file whose directory holds other files; the file
// is saved the way editors do and must still be seen after each save.
func TestFileRoot(t *testing.T) {
	for _, tc := range saves {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			site := filepath.Join(dir, "site.yaml")
			other := filepath.Join(dir, "other.md")
			write(t, site, "title: a")
			write(t, other, "x")
			h := start(t, []string{site})

			write(t, other, "y")
			tc.save(t, site, "title: b")
			h.waitFor(site)
			tc.save(t, site, "title: c") // the watch survived the first save
			h.waitFor(site)
			write(t, other, "z")
			tc.save(t, site, "title: d")
			h.waitFor(site)
			if got := h.reported(); !slices.Equal(got, []string{site}) {
				t.Errorf("reported %q, want only %q", got, site)
			}
		})
	}
}

func TestMissingRoot(t *testing.T) {
	dir := t.TempDir()
	notes := filepath.Join(dir, "notes")
	h := start(t, []string{notes})
	must(t, os.MkdirAll(filepath.Join(notes, "a"), 0o755))
	write(t, filepath.Join(notes, "a", "x.md"), "x")
	h.waitFor(notes, filepath.Join(notes, "a"), filepath.Join(notes, "a", "x.md"))

	// The root is removed and created again.
	must(t, os.RemoveAll(notes))
	h.waitFor(notes)
	write(t, filepath.Join(notes, "y.md"), "y")
	h.waitFor(filepath.Join(notes, "y.md"))
	write(t, filepath.Join(notes, "y.md"), "y2")
	h.waitFor(filepath.Join(notes, "y.md"))

	if _, err := New([]string{filepath.Join(dir, "no", "such", "dir")}); err == nil {
		t.Error("New with a root whose parent is missing: no error")
	}
	if _, err := New(nil); err == nil {
		t.Error("New with no roots: no error")
	}
}

func TestNewDirectories(t *testing.T) {
	tests := []struct {
		name   string
		create func(t *testing.T, root, outside string)
	}{
		{"mkdir -p a/b && echo > a/b/x.md", func(t *testing.T, root, _ string) {
			must(t, os.MkdirAll(filepath.Join(root, "a", "b"), 0o755))
			must(t, os.WriteFile(filepath.Join(root, "a", "b", "x.md"), []byte("x"), 0o644))
			must(t, os.WriteFile(filepath.Join(root, "a", "y.md"), []byte("y"), 0o644))
		}},
		{"moved in with contents", func(t *testing.T, root, outside string) {
			src := filepath.Join(outside, "a")
			write(t, filepath.Join(src, "b", "x.md"), "x")
			write(t, filepath.Join(src, "y.md"), "y")
			must(t, os.Rename(src, filepath.Join(root, "a")))
		}},
		{"copied in with contents", func(t *testing.T, root, outside string) {
			// cp -r: the directories exist before their files are written.
			must(t, os.MkdirAll(filepath.Join(root, "a", "b"), 0o755))
			for _, p := range []string{"a/y.md", "a/b/x.md"} {
				write(t, filepath.Join(root, p), "v")
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, outside := t.TempDir(), t.TempDir()
			h := start(t, []string{root})
			tc.create(t, root, outside)
			a := filepath.Join(root, "a")
			b := filepath.Join(a, "b")
			x := filepath.Join(b, "x.md")
			y := filepath.Join(a, "y.md")
			h.waitFor(a, b, x, y)
			// The new directories are watched.
			write(t, x, "changed")
			if got := h.waitFor(x); got[len(got)-1].contents[x] != "changed" {
				t.Errorf("x.md held %q when reported", got[len(got)-1].contents[x])
			}
			if w := h.watched(); !slices.Contains(w, b) {
				t.Errorf("watch list %q lacks %s", w, b)
			}
			h.expectOnly(root, a, b, x, y)
		})
	}
}

func TestRemovedDirectories(t *testing.T) {
	tests := []struct {
		name   string
		remove func(t *testing.T, a, outside string)
	}{
		{"rm -rf", func(t *testing.T, a, _ string) { must(t, os.RemoveAll(a)) }},
		{"moved away", func(t *testing.T, a, outside string) {
			must(t, os.Rename(a, filepath.Join(outside, "a")))
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			root, outside := t.TempDir(), t.TempDir()
			a := filepath.Join(root, "a")
			b := filepath.Join(a, "b")
			x := filepath.Join(b, "x.md")
			write(t, x, "x")
			h := start(t, []string{root})
			tc.remove(t, a, outside)
			h.waitFor(a, b, x)
			for _, d := range h.watched() {
				if under(d, a) {
					t.Errorf("still watching %s", d)
				}
			}
			// Changes in the moved-away tree are not reported.
			if _, err := os.Stat(filepath.Join(outside, "a")); err == nil {
				write(t, filepath.Join(outside, "a", "b", "x.md"), "after")
				write(t, filepath.Join(outside, "a", "b", "new.md"), "after")
			}
			h.expectOnly(root, a, b, x)
		})
	}
}

func TestRenamedDirectory(t *testing.T) {
	root := t.TempDir()
	a, c := filepath.Join(root, "a"), filepath.Join(root, "c")
	write(t, filepath.Join(a, "b", "x.md"), "x")
	h := start(t, []string{root})

	must(t, os.Rename(a, c))
	h.waitFor(a, filepath.Join(a, "b"), filepath.Join(a, "b", "x.md"),
		c, filepath.Join(c, "b"), filepath.Join(c, "b", "x.md"))
	if got, want := h.watched(), []string{filepath.Dir(root), root, c, filepath.Join(c, "b")}; !slices.Equal(got, want) {
		t.Errorf("watching %q, want %q", got, want)
	}
	// Changes inside the renamed tree are reported under the new names.
	h.all = nil
	write(t, filepath.Join(c, "b", "x.md"), "y")
	write(t, filepath.Join(c, "b", "z.md"), "z")
	h.waitFor(filepath.Join(c, "b", "x.md"), filepath.Join(c, "b", "z.md"))
	h.expectOnly(root, filepath.Join(c, "b", "x.md"), filepath.Join(c, "b", "z.md"))
}

// TestBurst writes 200 times over about 2 s to 20 files. The stream never
// goes quiet, so the maximum wait must still produce batches along the way;
// there must be few of them; and after the last one every file has been
// reported with its final contents.
func TestBurst(t *testing.T) {
	root := t.TempDir()
	var files []string
	for i := range 20 {
		files = append(files, filepath.Join(root, fmt.Sprintf("f%02d.md", i)))
	}
	h := start(t, []string{root})
	begin := time.Now()
	for i := range 200 {
		write(t, files[i%len(files)], fmt.Sprint("v", i))
		time.Sleep(10 * time.Millisecond)
	}
	lastWrite := time.Now()
	got := h.waitFor(files...)
	// Collect until the final contents of every file have been seen.
	final := func() bool {
		last := map[string]string{}
		for _, d := range h.all {
			for _, p := range d.Paths {
				last[p] = d.contents[p]
			}
		}
		for i, f := range files {
			if last[f] != fmt.Sprint("v", 180+i) {
				return false
			}
		}
		return true
	}
	deadline := time.After(timeout)
	for !final() {
		select {
		case d := <-h.ch:
			got = append(got, d)
			h.all = append(h.all, d)
		case <-deadline:
			t.Fatalf("final contents never reported; batches: %v", paths(got))
		}
	}
	n := len(h.all)
	t.Logf("%d batches for 200 writes over %v; last batch %v after the last write",
		n, lastWrite.Sub(begin).Round(time.Millisecond), h.all[n-1].at.Sub(lastWrite).Round(time.Millisecond))
	if max := int(lastWrite.Sub(begin)/DefaultMaxWait) + 3; n < 2 || n > max {
		t.Errorf("%d batches, want between 2 and %d", n, max)
	}
	if !h.all[0].at.Before(lastWrite) {
		t.Errorf("no batch before the stream ended: the maximum wait did not apply")
	}
}

// TestAccumulateWhileBusy checks that changes made while onChange runs are
// delivered as one batch after it returns, even when they are spread out
// more than the quiet period.
func TestAccumulateWhileBusy(t *testing.T) {
	root := t.TempDir()
	w, err := New([]string{root})
	must(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	batches := make(chan Batch, 10)
	var calls, inside atomic.Int32
	var wg sync.WaitGroup
	wg.Go(func() {
		if err := w.Run(ctx, func(b Batch) {
			if inside.Add(1) != 1 {
				t.Error("onChange called concurrently")
			}
			defer inside.Add(-1)
			batches <- b
			if calls.Add(1) == 1 {
				<-release
			}
		}); err != nil {
			t.Errorf("Run: %v", err)
		}
	})
	first := filepath.Join(root, "first.md")
	write(t, first, "1")
	select {
	case b := <-batches:
		if !slices.Equal(b.Paths, []string{first}) {
			t.Fatalf("first batch %q", b.Paths)
		}
	case <-time.After(timeout):
		t.Fatal("no first batch")
	}
	// onChange is now blocked. Three changes, each after the quiet period.
	var want []string
	for _, name := range []string{"a.md", "b.md", "c.md"} {
		p := filepath.Join(root, name)
		want = append(want, p)
		write(t, p, name)
		time.Sleep(2 * DefaultQuiet) // longer than the quiet period, so each would be its own batch
	}
	close(release)
	select {
	case b := <-batches:
		if !slices.Equal(b.Paths, want) {
			t.Errorf("batch after onChange returned: %q, want %q", b.Paths, want)
		}
	case <-time.After(timeout):
		t.Fatal("no batch after onChange returned")
	}
	cancel()
	wg.Wait()
	if n := calls.Load(); n != 2 {
		t.Errorf("%d calls, want 2", n)
	}
}

// TestBeforeRun checks that changes made between New and Run are delivered.
func TestBeforeRun(t *testing.T) {
	root := t.TempDir()
	w, err := New([]string{root})
	must(t, err)
	p := filepath.Join(root, "early.md")
	write(t, p, "x")
	h := &harness{t: t, w: w, ch: make(chan delivery, 10)}
	h.run()
	h.waitFor(p)
}

// TestOverflow makes the kernel drop events by writing more than its queue
// holds before Run reads any, and expects a batch that says so and lists
// every path.
func TestOverflow(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 40000 events")
	}
	root := t.TempDir()
	a, b := filepath.Join(root, "a.md"), filepath.Join(root, "b.md")
	write(t, filepath.Join(root, "sub", "c.md"), "c")
	write(t, a, "")
	write(t, b, "")
	w, err := New([]string{root})
	must(t, err)
	fa, err := os.OpenFile(a, os.O_WRONLY, 0)
	must(t, err)
	fb, err := os.OpenFile(b, os.O_WRONLY, 0)
	must(t, err)
	// Alternate the files: the kernel merges identical consecutive events.
	for range 20000 {
		_, err1 := fa.Write([]byte("x"))
		_, err2 := fb.Write([]byte("x"))
		must(t, err1)
		must(t, err2)
	}
	must(t, fa.Close())
	must(t, fb.Close())
	h := &harness{t: t, w: w, ch: make(chan delivery, 100)}
	h.run()
	got := h.waitFor(a, b, filepath.Join(root, "sub", "c.md"))
	if !slices.ContainsFunc(got, func(d delivery) bool { return d.Overflow }) {
		t.Errorf("no batch reported the overflow (%d batches)", len(got))
	}
}

// TestLatency measures the time from a write to the call of onChange.
func TestLatency(t *testing.T) {
	root := t.TempDir()
	h := start(t, []string{root})
	var total, worst time.Duration
	best := time.Hour
	const n = 10
	for i := range n {
		p := filepath.Join(root, fmt.Sprint("f", i, ".md"))
		before := time.Now()
		write(t, p, "x")
		got := h.waitFor(p)
		d := got[len(got)-1].at.Sub(before)
		total += d
		worst = max(worst, d)
		best = min(best, d)
	}
	t.Logf("write -> onChange: mean %v, worst %v (quiet period %v)", (total / n).Round(100*time.Microsecond), worst.Round(100*time.Microsecond), DefaultQuiet)
	if best < DefaultQuiet {
		t.Errorf("a batch came after %v, before the quiet period", best)
	}
}

func TestRunTwiceAndClose(t *testing.T) {
	w, err := New([]string{t.TempDir()})
	must(t, err)
	errc := make(chan error, 1)
	go func() { errc <- w.Run(context.Background(), func(Batch) {}) }()
	for !w.ran.Load() {
		time.Sleep(time.Millisecond)
	}
	if err := w.Run(context.Background(), func(Batch) {}); err == nil {
		t.Error("second Run: no error")
	}
	must(t, w.Close())
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Run after Close: %v", err)
		}
	case <-time.After(timeout):
		t.Fatal("Run did not return after Close")
	}
	must(t, w.Close())
}

// TestSymlinkedRoot watches a root that is a symbolic link to a directory
// elsewhere, as when content/ is a checkout kept apart.
func TestSymlinkedRoot(t *testing.T) {
	real, dir := t.TempDir(), t.TempDir()
	write(t, filepath.Join(real, "sub", "x.md"), "x")
	root := filepath.Join(dir, "content")
	must(t, os.Symlink(real, root))
	h := start(t, []string{root})
	x := filepath.Join(root, "sub", "x.md")
	write(t, x, "y")
	write(t, filepath.Join(real, "sub", "deeper", "z.md"), "z")
	h.waitFor(x, filepath.Join(root, "sub", "deeper", "z.md"))
	h.expectOnly(root, x, filepath.Join(root, "sub", "deeper"), filepath.Join(root, "sub", "deeper", "z.md"))
}

// TestIdleCPU checks that a watcher with nothing to report uses next to no
// CPU.
func TestIdleCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("idles for 2 s")
	}
	root := t.TempDir()
	for i := range 50 {
		write(t, filepath.Join(root, fmt.Sprint("d", i), "x.md"), "x")
	}
	start(t, []string{root})
	var ru0, ru1 syscall.Rusage
	must(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru0))
	const idle = 2 * time.Second
	time.Sleep(idle) // the measurement itself
	must(t, syscall.Getrusage(syscall.RUSAGE_SELF, &ru1))
	used := time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano())
	t.Logf("CPU used in %v idle watching 51 directories: %v", idle, used)
	if used > idle/20 {
		t.Errorf("used %v of CPU while idle, more than 5%%", used)
	}
}

// TestCheckout writes 300 files in 10 new and old directories as fast as
// it can, the way a git checkout does, and expects them in very few
// batches.
func TestCheckout(t *testing.T) {
	root := t.TempDir()
	for i := range 5 {
		write(t, filepath.Join(root, fmt.Sprint("old", i), "keep.md"), "k")
	}
	h := start(t, []string{root})
	var want []string
	begin := time.Now()
	for i := range 300 {
		dir := []string{"old", "new"}[i%2] + fmt.Sprint(i%5)
		p := filepath.Join(root, dir, fmt.Sprintf("f%03d.md", i))
		write(t, p, "v")
		want = append(want, p)
	}
	took := time.Since(begin)
	got := h.waitFor(want...)
	t.Logf("300 files written in %v: %d batch(es), last one %v after the last write",
		took.Round(time.Millisecond), len(got), got[len(got)-1].at.Sub(begin.Add(took)).Round(time.Millisecond))
	if len(got) > 1+int(took/DefaultMaxWait)+1 {
		t.Errorf("%d batches for one checkout", len(got))
	}
}
