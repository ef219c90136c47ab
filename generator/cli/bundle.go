package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode"

	"briefing/generator/build"
	"briefing/generator/content"
	"briefing/generator/date"
	"briefing/generator/diag"
	"briefing/generator/output"

	"golang.org/x/text/unicode/norm"
)

const bundleSynopsis = "bundle [--content DIR] [--templates DIR] [-o FILE.zip] [-v]"

// runBundle builds the site for reading from disk and writes it as one
// zip: a folder named after the site and its newest content date, with
// index.html at its root. The same content gives the same bytes.
func runBundle(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("bundle", bundleSynopsis, stderr)
	var f siteFlags
	f.register(fs, false)
	var out string
	fs.StringVar(&out, "o", "", "the zip `file` to write (default: SITE-DATE.zip in the current directory,\nnamed after the English site title and the newest date of the content)")
	if ok, code := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "briefing bundle: unexpected argument %q\n", fs.Arg(0))
		fs.Usage()
		return ExitUsage
	}
	fi, err := os.Stat(f.content)
	if err != nil || !fi.IsDir() {
		fmt.Fprintf(stderr, "briefing bundle: content directory %q not found (use --content DIR, or \"briefing init DIR\" to start a site)\n", f.content)
		return ExitUsage
	}
	b := build.New(build.Options{
		Content: os.DirFS(f.content), ContentAt: build.Display(f.content),
		Templates: build.DirFS(f.templates), Version: Version(), Offline: true, Once: true,
	})
	mem := output.NewArchive() // compressed as it is built
	res, err := b.Build(mem)
	printDiags(stderr, res.Diags)
	if err != nil {
		if errors.Is(err, build.ErrContent) {
			fmt.Fprintf(stderr, "briefing: %d errors, %d warnings; no bundle was written\n", res.Errors, res.Warnings)
		} else {
			fmt.Fprintf(stderr, "briefing: %v\nno bundle was written\n", err)
		}
		return ExitContent
	}
	// The parse of every file is cached, so loading the model again to
	// name the bundle costs little.
	site, err := b.Load(&diag.List{})
	if err != nil {
		fmt.Fprintf(stderr, "briefing: %v\n", err)
		return ExitContent
	}
	name, stamp := bundleName(site)
	if out == "" {
		out = name + ".zip"
	}
	st, err := writeBundle(out, mem, name, stamp)
	if err != nil {
		fmt.Fprintf(stderr, "briefing: %v\n", err)
		return ExitContent
	}
	if f.verbose {
		for _, n := range mem.Names() {
			fmt.Fprintln(stdout, name+"/"+n)
		}
	}
	fmt.Fprintf(stdout, "bundled %d pages in %s into %s: %s, %d files (%s unpacked) under %s/; %s, %s\n",
		res.Pages, strings.Join(res.Languages, " and "), out, size(st.Size), st.Files, size(st.Bytes), name,
		plural(res.Warnings, "warning"), ms(res.Duration))
	return ExitOK
}

// writeBundle writes the zip to a temporary file beside out and renames it
// into place, so out is never left half written.
func writeBundle(out string, mem *output.Archive, top string, stamp time.Time) (output.ZipStats, error) {
	var st output.ZipStats
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".tmp-*")
	if err != nil {
		return st, fmt.Errorf("bundle: %w", err)
	}
	fail := func(err error) (output.ZipStats, error) {
		tmp.Close()
		os.Remove(tmp.Name())
		return st, fmt.Errorf("bundle: %w", err)
	}
	w := bufio.NewWriterSize(tmp, 1<<16)
	if st, err = mem.WriteZip(w, top, stamp); err != nil {
		return fail(err)
	}
	if err := w.Flush(); err != nil {
		return fail(err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return fail(err)
	}
	if err := tmp.Close(); err != nil {
		return fail(err)
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		os.Remove(tmp.Name())
		return st, fmt.Errorf("bundle: %w", err)
	}
	return st, nil
}

// bundleName returns the name of a site's bundle, "<slug>-<date>", and
// the time its entries are stamped with. The slug comes from the English
// title (from the title in another language when there is no English one,
// and "briefing" when that has no Latin letter or digit). The date is the
// newest of the content, not today's, so the same content gives the same
// bundle: articles' publication, notes' update and events' dates.
func bundleName(site *content.Site) (string, time.Time) {
	title, _ := site.Config.Title.In("en")
	name := slug(title)
	if name == "" {
		name = "briefing"
	}
	newest := newestDate(site)
	if newest.IsZero() {
		return name, time.Time{}
	}
	return name + "-" + newest.String(), time.Date(newest.Year, time.Month(max(newest.Month, 1)), max(newest.Day, 1), 0, 0, 0, 0, time.UTC)
}

func newestDate(site *content.Site) date.Date {
	var d date.Date
	see := func(x date.Date) {
		if !x.IsZero() && date.Compare(x, d) > 0 {
			d = x
		}
	}
	for _, a := range site.Articles {
		see(a.Published)
	}
	for _, t := range site.Topics {
		for _, n := range t.Notes {
			see(n.Updated)
		}
	}
	for _, e := range site.Events {
		see(e.Date)
	}
	return d
}

// slug returns s in lower-case ASCII letters and digits joined by single
// hyphens: "The Iraq-US Strategic Dialogue" gives
// "the-iraq-us-strategic-dialogue", "Café Élysée" gives "cafe-elysee".
// Letters of other scripts are dropped. It is at most 60 bytes long.
func slug(s string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(unicode.ToLower(r))
		default:
			hyphen = true
		}
	}
	out := b.String()
	if len(out) > 60 {
		out = strings.TrimRight(out[:60], "-")
		if i := strings.LastIndexByte(out, '-'); i > 30 {
			out = out[:i]
		}
	}
	return out
}

// size writes n bytes for a person: "834 kB", "1.4 MB".
func size(n int64) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d bytes", n)
	case n < 1000*1000:
		return fmt.Sprintf("%.0f kB", float64(n)/1000)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/1e6)
}
