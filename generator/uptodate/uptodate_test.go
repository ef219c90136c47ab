package uptodate

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"briefing/generator/uptodate/uptodatetest"
)

// past is the time every file of a test site is set to, so that a change
// made by a test gets a different time whatever the clock's tick.
var past = time.Now().Add(-time.Hour).Truncate(time.Second)

// site writes a content directory, a templates directory that is absent,
// and the output of a build of them, all dated past, and returns the
// roots, the output directory and the record of that build.
func site(t *testing.T) (roots []string, out string, r *Record) {
	t.Helper()
	top := t.TempDir()
	content, out := filepath.Join(top, "content"), filepath.Join(top, "public")
	files := map[string]string{
		"content/site.yaml":          "title: t\n",
		"content/articles/a001.md":   "one\n",
		"content/articles/a002.md":   "two\n",
		"public/index.html":          "<p>home</p>\n",
		"public/en/index.html":       "<p>en</p>\n",
		"public/en/sources/a/i.html": "<p>a</p>\n",
	}
	for name, data := range files {
		p := filepath.Join(top, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	uptodatetest.Backdate(t, top, past)
	roots = []string{content, filepath.Join(top, "templates")}
	in, err := Snapshot(roots...)
	if err != nil {
		t.Fatal(err)
	}
	if Recent(in, time.Now()) {
		t.Fatal("Recent: a site dated an hour ago is reported as recent")
	}
	outs, err := Output(out, []string{"index.html", "en/index.html", "en/sources/a/i.html"})
	if err != nil {
		t.Fatal(err)
	}
	return roots, out, &Record{Key: "k", Inputs: in, Outputs: outs, Data: []byte("data")}
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSnapshotOrder(t *testing.T) {
	roots, _, r := site(t)
	var got []string
	for _, e := range r.Inputs {
		got = append(got, e.Path)
	}
	want := []string{"0", "0/articles", "0/articles/a001.md", "0/articles/a002.md", "0/site.yaml", "1"}
	if !slices.Equal(got, want) {
		t.Errorf("Snapshot(%q) paths = %q, want %q", roots, got, want)
	}
	if !r.Inputs[5].Missing || r.Inputs[0].Missing || !r.Inputs[1].Dir {
		t.Errorf("Snapshot entries = %+v: the absent templates should be Missing, articles a Dir", r.Inputs)
	}
	file, err := Snapshot(filepath.Join(roots[0], "site.yaml"))
	if err != nil || len(file) != 1 || file[0].Path != "0" || file[0].Dir || file[0].Size != int64(len("title: t\n")) {
		t.Errorf("Snapshot of a file = %+v, %v; want one entry, the file", file, err)
	}
	var outs []string
	for _, e := range r.Outputs {
		outs = append(outs, e.Path)
	}
	want = []string{".", "en", "en/index.html", "en/sources", "en/sources/a", "en/sources/a/i.html", "index.html"}
	if !slices.Equal(outs, want) {
		t.Errorf("Output paths = %q, want %q: the files and every directory holding them", outs, want)
	}
}

// TestHolds changes one thing after a build and checks that the record no
// longer holds; and that it holds when nothing changed.
func TestHolds(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, content, templates, out string)
		key    string
		holds  bool
	}{
		{name: "nothing changed", change: func(*testing.T, string, string, string) {}, holds: true},
		{name: "a file only read again", holds: true, change: func(t *testing.T, content, _, _ string) {
			if _, err := os.ReadFile(filepath.Join(content, "site.yaml")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "another program or flags", key: "other", change: func(*testing.T, string, string, string) {}},
		{name: "an article edited, same size", change: func(t *testing.T, content, _, _ string) {
			write(t, filepath.Join(content, "articles", "a001.md"), "One\n")
		}},
		{name: "an article replaced by a file of the same size and time", change: func(t *testing.T, content, _, _ string) {
			if fi, err := os.Stat(content); err != nil || inode(fi) == 0 {
				t.Skip("this system gives no inode numbers: such a file looks the same")
			}
			tmp := filepath.Join(content, "new")
			write(t, tmp, "ONE\n")
			if err := os.Chtimes(tmp, past, past); err != nil {
				t.Fatal(err)
			}
			if err := os.Rename(tmp, filepath.Join(content, "articles", "a001.md")); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(filepath.Join(content, "articles"), past, past); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(content, past, past); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "an article added", change: func(t *testing.T, content, _, _ string) {
			write(t, filepath.Join(content, "articles", "a003.md"), "three\n")
		}},
		{name: "an article removed", change: func(t *testing.T, content, _, _ string) {
			if err := os.Remove(filepath.Join(content, "articles", "a002.md")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "the templates directory created", change: func(t *testing.T, _, templates, _ string) {
			if err := os.Mkdir(templates, 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "an output file removed", change: func(t *testing.T, _, _, out string) {
			if err := os.Remove(filepath.Join(out, "en", "index.html")); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "an output file edited", change: func(t *testing.T, _, _, out string) {
			write(t, filepath.Join(out, "en", "sources", "a", "i.html"), "<p>b</p>\n")
		}},
		{name: "a stray file in an output directory", change: func(t *testing.T, _, _, out string) {
			write(t, filepath.Join(out, "en", "sources", "a", "stray.txt"), "x")
		}},
		{name: "a stray directory at the top of the output", change: func(t *testing.T, _, _, out string) {
			if err := os.Mkdir(filepath.Join(out, "drafts"), 0o755); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "an output file replaced by a link to itself", change: func(t *testing.T, _, _, out string) {
			p := filepath.Join(out, "index.html")
			if err := os.Rename(p, p+".old"); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("index.html.old", p); err != nil {
				t.Fatal(err)
			}
		}},
		{name: "the output removed", change: func(t *testing.T, _, _, out string) {
			if err := os.RemoveAll(out); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			roots, out, r := site(t)
			tt.change(t, roots[0], roots[1], out)
			key := "k"
			if tt.key != "" {
				key = tt.key
			}
			in, err := Snapshot(roots...)
			if err != nil {
				t.Fatal(err)
			}
			if got := r.Holds(key, in, out); got != tt.holds {
				t.Errorf("Holds = %v, want %v", got, tt.holds)
			}
		})
	}
}

func TestRecent(t *testing.T) {
	now := time.Now()
	for _, tt := range []struct {
		mtime time.Time
		want  bool
	}{
		{now.Add(-time.Hour), false},
		{now.Add(-Racy - time.Millisecond), false},
		{now.Add(-Racy + time.Millisecond), true},
		{now, true},
		{now.Add(time.Minute), true}, // a clock set back, or a file from the future
	} {
		es := []Entry{{Path: "0/old", Mtime: past.UnixNano()}, {Path: "0/f", Mtime: tt.mtime.UnixNano()}}
		if got := Recent(es, now); got != tt.want {
			t.Errorf("Recent(mtime now%+v) = %v, want %v", tt.mtime.Sub(now), got, tt.want)
		}
	}
	if Recent([]Entry{{Path: "1", Missing: true}}, now) {
		t.Error("Recent: a missing root has no time and is not recent")
	}
}

func TestWriteRead(t *testing.T) {
	_, _, r := site(t)
	name := filepath.Join(t.TempDir(), "cache", "record")
	if err := r.Write(name); err != nil {
		t.Fatal(err)
	}
	got, err := Read(name)
	if err != nil {
		t.Fatal(err)
	}
	if got.Key != r.Key || !slices.Equal(got.Inputs, r.Inputs) || !slices.Equal(got.Outputs, r.Outputs) || string(got.Data) != string(r.Data) {
		t.Errorf("Read(Write(r)) = %+v, want %+v", got, r)
	}
	leftovers, _ := filepath.Glob(name + ".tmp-*")
	if len(leftovers) > 0 {
		t.Errorf("Write left %q behind", leftovers)
	}
	for _, data := range []string{"", "briefing-uptodate-0\n", version + "not gob"} {
		write(t, name, data)
		if _, err := Read(name); err == nil {
			t.Errorf("Read(%q) succeeded, want an error", data)
		}
	}
	if err := Remove(name); err != nil {
		t.Fatal(err)
	}
	if err := Remove(name); err != nil {
		t.Errorf("Remove of a missing record: %v, want nil", err)
	}
	if _, err := Read(name); err == nil {
		t.Error("Read after Remove succeeded")
	}
}

func TestPath(t *testing.T) {
	cache := t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	t.Setenv("HOME", cache) // where os.UserCacheDir looks on macOS
	a, err := Path("public")
	if err != nil {
		t.Skip("no user cache directory on this system:", err)
	}
	abs, _ := filepath.Abs("public")
	b, _ := Path(abs)
	c, _ := Path("other")
	if a != b || a == c {
		t.Errorf("Path(public) = %q, Path(%s) = %q, Path(other) = %q: want one file per output directory", a, abs, b, c)
	}
	if !strings.HasPrefix(a, cache) {
		t.Errorf("Path(public) = %q, want it in the user cache directory %s", a, cache)
	}
}
