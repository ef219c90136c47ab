package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"briefing/generator/build"
	"briefing/generator/uptodate"
)

// lastBuild is the record of the last build into an output directory, to
// skip the next one when nothing changed (see package uptodate).
type lastBuild struct {
	file string // where the record is kept; "" when there is nowhere
	// key is the program, by its version and its stamp (which stands for
	// its code and built-in templates: a new binary builds again), and
	// this run's flags.
	key   string
	roots []string // the inputs: the content and templates directories
	out   string
}

// summary is what a build reported, kept in its record to report again.
type summary struct {
	Pages, Files, Warnings int
	Languages              []string
	Diags                  []string // the warnings, as printed
}

func newLastBuild(f *siteFlags) *lastBuild {
	lb := &lastBuild{out: f.out}
	file, err := uptodate.Path(f.out)
	if err != nil {
		return lb // no cache directory: every build is a full one
	}
	exe, err := os.Executable()
	if err != nil {
		return lb
	}
	prog, err := uptodate.Snapshot(exe)
	if err != nil {
		return lb
	}
	// The flags as given are part of the key, besides the directories
	// they name: diagnostics print the content directory as given.
	key := []string{Version(), fmt.Sprint(prog), f.content, f.templates}
	for _, dir := range []string{f.content, f.templates, f.out} {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return lb
		}
		key = append(key, abs)
	}
	lb.file, lb.key = file, strings.Join(key, "\n")
	lb.roots = []string{f.content, f.templates}
	return lb
}

// snapshot stamps the inputs, or returns nil when no record can be kept.
func (lb *lastBuild) snapshot() []uptodate.Entry {
	if lb.file == "" {
		return nil
	}
	in, err := uptodate.Snapshot(lb.roots...)
	if err != nil {
		return nil
	}
	return in
}

// upToDate reports, when the inputs are still in and nothing changed
// since the last build, what that build reported, as it did, and true.
func (lb *lastBuild) upToDate(in []uptodate.Entry, stdout, stderr io.Writer, verbose bool, start time.Time) bool {
	if in == nil {
		return false
	}
	r, err := uptodate.Read(lb.file)
	if err != nil || !r.Holds(lb.key, in, lb.out) {
		return false
	}
	var s summary
	if json.Unmarshal(r.Data, &s) != nil {
		return false
	}
	for _, d := range s.Diags {
		fmt.Fprintln(stderr, d)
	}
	if verbose {
		for _, e := range r.Outputs {
			if !e.Dir {
				fmt.Fprintln(stdout, e.Path)
			}
		}
	}
	fmt.Fprintf(stdout, "%s is up to date: nothing changed since it was built (%d pages, %d files, in %s); %s, %s\n",
		lb.out, s.Pages, s.Files, strings.Join(s.Languages, " and "), plural(s.Warnings, "warning"), ms(time.Since(start)))
	return true
}

// record keeps the record of the build that res reports, begun at start
// with the inputs in, once its output, root, is in place. It keeps none,
// and removes the last one, when the build's inputs changed while it ran
// or so shortly before that their times cannot tell (uptodate.Racy), or
// when the output is no longer root: another build replaced it.
func (lb *lastBuild) record(in []uptodate.Entry, start time.Time, res *build.Result, root fs.FileInfo) {
	if lb.file == "" {
		return
	}
	if r := lb.newRecord(in, start, res, root); r == nil || r.Write(lb.file) != nil {
		_ = uptodate.Remove(lb.file)
	}
}

func (lb *lastBuild) newRecord(in []uptodate.Entry, start time.Time, res *build.Result, root fs.FileInfo) *uptodate.Record {
	if in == nil || root == nil {
		return nil
	}
	now := lb.snapshot()
	if !slices.Equal(in, now) || uptodate.Recent(now, start) {
		return nil
	}
	outs, err := uptodate.Output(lb.out, res.Paths)
	if err != nil {
		return nil
	}
	// Stamped after the output: if the target is still this build's
	// directory, no other build swapped its own in before the stamps were
	// taken (a directory swapped out never comes back).
	if fi, err := os.Lstat(lb.out); err != nil || !os.SameFile(fi, root) {
		return nil
	}
	s := summary{Pages: res.Pages, Files: res.Files, Warnings: res.Warnings, Languages: res.Languages}
	for _, d := range res.Diags {
		s.Diags = append(s.Diags, d.String())
	}
	data, err := json.Marshal(s)
	if err != nil {
		return nil
	}
	return &uptodate.Record{Key: lb.key, Inputs: in, Outputs: outs, Data: data}
}
