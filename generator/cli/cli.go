// Package cli implements the briefing command line: it parses arguments,
// runs the pipeline and reports in words a person can act on.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"briefing/generator/build"
	"briefing/generator/dates"
	"briefing/generator/diag"
	"briefing/generator/output"
	"briefing/generator/uptodate"
)

// Exit codes.
const (
	ExitOK      = 0
	ExitContent = 1 // the content has errors, or writing failed
	ExitUsage   = 2
)

const usage = `briefing builds a bilingual (Arabic/English) briefing site from content/.

Usage:
  briefing <command> [flags]

Commands:
  build     build the site into --out (default public/)
  check     check the content and report every problem; write nothing
  bundle    write the site as one zip to read offline, from disk (-o FILE.zip)
  serve     build, serve on http://127.0.0.1:1313/, rebuild and reload on every change
  init DIR  write a small starter site into DIR
  dates     print the date mentions of an Arabic or English text as JSON lines
  version   print the version
  help      print this help, or "briefing help <command>" for one command

Run "briefing <command> -h" for the flags of a command.
Exit status: 0 success, 1 content errors, 2 usage errors.
`

// Run runs the command line args and returns the exit code.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "build":
		return runBuild(rest, stdout, stderr, false)
	case "check":
		return runBuild(rest, stdout, stderr, true)
	case "init":
		return runInit(rest, stdout, stderr)
	case "bundle":
		return runBundle(rest, stdout, stderr)
	case "serve":
		return runServe(rest, stdout, stderr)
	case "dates":
		return dates.RunCommand(rest, stdin, stdout, stderr)
	case "version", "-version", "--version":
		fmt.Fprintln(stdout, "briefing", Version())
		return ExitOK
	case "help", "-h", "-help", "--help":
		if len(rest) > 0 && rest[0] != "help" {
			return Run([]string{rest[0], "-h"}, stdin, stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return ExitOK
	}
	fmt.Fprintf(stderr, "briefing: unknown command %q\n\n%s", cmd, usage)
	return ExitUsage
}

// Version returns the module version, or the VCS revision of a development
// build.
func Version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel-" + s.Value[:12]
		}
	}
	return "(devel)"
}

// siteFlags are the flags every command that reads content takes.
type siteFlags struct {
	content, templates, out string
	verbose                 bool
}

func (f *siteFlags) register(fs *flag.FlagSet, withOut bool) {
	fs.StringVar(&f.content, "content", "content", "the content `dir`ectory")
	fs.StringVar(&f.templates, "templates", "templates", "`dir`ectory of templates that override the built-in ones (may be absent)")
	if withOut {
		fs.StringVar(&f.out, "out", "public", "the output `dir`ectory, replaced when the build succeeds")
	}
	fs.BoolVar(&f.verbose, "v", false, "list every file written")
}

func (f *siteFlags) builder(watch bool) (*build.Builder, error) {
	fi, err := os.Stat(f.content)
	if err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("content directory %q not found (use --content DIR, or \"briefing init DIR\" to start a site)", f.content)
	}
	opts := build.Options{
		Content: os.DirFS(f.content), ContentAt: build.Display(f.content),
		Templates: build.DirFS(f.templates), Version: Version(), Watch: watch, Once: !watch,
	}
	if !watch {
		opts.Loaded = build.BoundMemory
	}
	return build.New(opts), nil
}

// newFlagSet returns a FlagSet that prints its usage to stderr.
func newFlagSet(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: briefing %s\n\nFlags:\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

// parse parses args and reports whether to go on, and the exit code if not.
func parse(fs *flag.FlagSet, args []string) (bool, int) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return false, ExitOK
		}
		return false, ExitUsage
	}
	return true, ExitOK
}

func runBuild(args []string, stdout, stderr io.Writer, checkOnly bool) int {
	name, synopsis := "build", "build [--content DIR] [--templates DIR] [--out DIR] [--force] [-v] [--cpuprofile FILE] [--memprofile FILE]"
	if checkOnly {
		name, synopsis = "check", "check [--content DIR] [--templates DIR]"
	}
	fs := newFlagSet(name, synopsis, stderr)
	var f siteFlags
	f.register(fs, !checkOnly)
	var prof profileFlags
	var force bool
	if !checkOnly {
		fs.BoolVar(&force, "force", false, "build even when nothing changed since the last build into --out")
		prof.register(fs)
	}
	if ok, code := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "briefing %s: unexpected argument %q\n", name, fs.Arg(0))
		fs.Usage()
		return ExitUsage
	}
	b, err := f.builder(false)
	if err != nil {
		fmt.Fprintf(stderr, "briefing %s: %v\n", name, err)
		return ExitUsage
	}
	stopProfile, err := prof.start()
	if err != nil {
		fmt.Fprintf(stderr, "briefing %s: %v\n", name, err)
		return ExitUsage
	}
	var sink output.Sink = output.Discard{}
	var dir *output.Dir
	var last *lastBuild
	var inputs []uptodate.Entry
	start := time.Now()
	if !checkOnly {
		last = newLastBuild(&f)
		inputs = last.snapshot()
		if !force && last.upToDate(inputs, stdout, stderr, f.verbose, start) {
			if perr := stopProfile(); perr != nil {
				fmt.Fprintf(stderr, "briefing %s: %v\n", name, perr)
			}
			return ExitOK
		}
		if dir, err = output.NewDir(f.out); err != nil {
			_ = stopProfile()
			fmt.Fprintf(stderr, "briefing: %v\n", err)
			return ExitContent
		}
		sink = dir
	}
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1)) // build.BoundMemory sets it
	res, err := b.Build(sink)
	if perr := stopProfile(); perr != nil {
		fmt.Fprintf(stderr, "briefing %s: %v\n", name, perr)
	}
	printDiags(stderr, res.Diags)
	if err != nil {
		if dir != nil {
			_ = dir.Abort()
		}
		if errors.Is(err, build.ErrContent) {
			fmt.Fprintf(stderr, "briefing: %d errors, %d warnings; %s\n", res.Errors, res.Warnings, nothingWritten(checkOnly, f.out))
		} else {
			fmt.Fprintf(stderr, "briefing: %v\n%s\n", err, nothingWritten(checkOnly, f.out))
		}
		return ExitContent
	}
	if dir != nil {
		if err := dir.Commit(); err != nil {
			fmt.Fprintf(stderr, "briefing: %v\n", err)
			return ExitContent
		}
		last.record(inputs, start, res, dir.Committed())
	}
	if f.verbose {
		paths := slices.Clone(res.Paths)
		slices.Sort(paths)
		for _, p := range paths {
			fmt.Fprintln(stdout, p)
		}
	}
	if checkOnly {
		fmt.Fprintf(stdout, "checked %d pages in %s; %s, %s\n", res.Pages, strings.Join(res.Languages, " and "),
			plural(res.Warnings, "warning"), ms(res.Duration))
		return ExitOK
	}
	fmt.Fprintf(stdout, "built %d pages (%d files) in %s into %s; %s, %s\n", res.Pages, res.Files,
		strings.Join(res.Languages, " and "), f.out, plural(res.Warnings, "warning"), ms(res.Duration))
	return ExitOK
}

func nothingWritten(checkOnly bool, out string) string {
	if checkOnly {
		return "nothing was written"
	}
	return out + " was left as it was"
}

func printDiags(w io.Writer, ds []diag.Diagnostic) {
	for _, d := range ds {
		fmt.Fprintln(w, d.String())
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000)
}
