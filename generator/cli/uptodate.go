package cli

import (
	"encoding/json"
	"fmt"
	"io"
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
	file  string   // where the record is kept; "" when there is nowhere
	key   string   // this run's program and flags
	roots []string // the content and templates directories
	out   string
}

// summary is what a build reported, kept in its record to report again.
type summary struct {
	Pages, Files, Warnings int
	Languages              []string
	Diags                  []string // the warnings, as printed
}

func newLastBuild(f *siteFlags) *lastBuild {
	lb := &lastBuild{roots: []string{f.content, f.templates}, out: f.out}
	file, err := uptodate.Path(f.out)
	if err != nil {
		return lb // no cache directory: every build is a full one
	}
	exe, err := os.Executable()
	if err != nil {
		return lb
	}
	fi, err := os.Stat(exe)
	if err != nil {
		return lb
	}
	// The program's own stamp stands for its code and built-in templates:
	// a new binary, even of the same version, builds again.
	key := []string{Version(), exe, fi.ModTime().UTC().Format(time.RFC3339Nano), fmt.Sprint(fi.Size())}
	for _, dir := range []string{f.content, f.templates, f.out} {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return lb
		}
		key = append(key, abs)
	}
	lb.file, lb.key = file, strings.Join(key, "\n")
	return lb
}

// upToDate reports, when nothing changed since the last build, what that
// build reported, as it did, and true.
func (lb *lastBuild) upToDate(stdout, stderr io.Writer, verbose bool, start time.Time) bool {
	if lb.file == "" {
		return false
	}
	r, err := uptodate.Read(lb.file)
	if err != nil || !r.Holds(lb.key, lb.roots, lb.out) {
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

// snapshot stamps the inputs before a build reads them, or returns nil
// when no record will be kept.
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

// record keeps the record of the build that res reports, begun at start
// with the inputs in, once its output is in place. A build whose inputs
// changed while it ran, or so shortly before that their times cannot
// tell (uptodate.Racy), leaves no record: the next build is a full one.
func (lb *lastBuild) record(in []uptodate.Entry, start time.Time, res *build.Result) {
	if in == nil {
		return
	}
	now, err := uptodate.Snapshot(lb.roots...)
	keep := err == nil && slices.Equal(in, now) && !uptodate.Recent(now, start)
	var outs []uptodate.Entry
	if keep {
		outs, err = uptodate.Output(lb.out, res.Paths)
		keep = err == nil
	}
	if !keep {
		_ = uptodate.Remove(lb.file)
		return
	}
	s := summary{Pages: res.Pages, Files: res.Files, Warnings: res.Warnings, Languages: res.Languages}
	for _, d := range res.Diags {
		s.Diags = append(s.Diags, d.String())
	}
	data, err := json.Marshal(s)
	if err != nil {
		return
	}
	r := &uptodate.Record{Key: lb.key, Inputs: in, Outputs: outs, Data: data}
	if r.Write(lb.file) != nil {
		_ = uptodate.Remove(lb.file)
	}
}
