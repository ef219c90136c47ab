package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	"briefing/generator/build"
	"briefing/generator/output"
	"briefing/generator/serve"
	"briefing/generator/watch"
)

func runServe(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("serve", "serve [--content DIR] [--templates DIR] [--port 1313] [--bind 127.0.0.1] [--allow-host HOSTS] [--open]", stderr)
	var f siteFlags
	f.register(fs, false)
	port := fs.Int("port", 1313, "the `port` to listen on; 0 picks a free one")
	bind := fs.String("bind", "127.0.0.1", "the `address` to listen on")
	hosts := fs.String("allow-host", "", "also answer requests that name these `hosts` (comma-separated), such as a port forwarder's; loopback names always work")
	open := fs.Bool("open", false, "open the site in the default browser")
	if ok, code := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "briefing serve: unexpected argument %q\n", fs.Arg(0))
		return ExitUsage
	}
	b, err := f.builder(true)
	if err != nil {
		fmt.Fprintf(stderr, "briefing serve: %v\n", err)
		return ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	o := serveOptions{bind: *bind, port: *port, open: *open}
	if *hosts != "" {
		o.hosts = strings.Split(*hosts, ",")
	}
	return serveSite(ctx, b, f, o, stdout, stderr)
}

// serveOptions are where and how serve listens.
type serveOptions struct {
	bind  string
	port  int
	open  bool
	hosts []string // allowed Host names besides loopback ones
}

// serveSite serves the site of b until ctx is done.
func serveSite(ctx context.Context, b *build.Builder, f siteFlags, o serveOptions, stdout, stderr io.Writer) int {

	roots := []string{f.content}
	if fi, err := os.Stat(f.templates); err == nil && fi.IsDir() {
		roots = append(roots, f.templates)
	}
	w, err := watch.New(roots, watch.WithExclude("public"))
	if err != nil {
		fmt.Fprintf(stderr, "briefing serve: %v\n", err)
		return ExitContent
	}
	defer w.Close()
	// The watcher records from here on, so an edit made during the first
	// build is in its first batch.
	srv := serve.New(serve.WithAllowedHosts(o.hosts...))
	p := &previewer{b: b, srv: srv, stdout: stdout, stderr: stderr}
	p.content, _ = filepath.Abs(f.content)
	p.rebuild()

	ln, err := serve.Listen(o.bind, o.port)
	if err != nil {
		fmt.Fprintf(stderr, "briefing serve: %v\n", err)
		return ExitUsage
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(stdout, "serving %s at %s (Ctrl-C stops)\n", f.content, url)
	if o.open {
		openBrowser(url)
	}

	go func() {
		if err := w.Run(ctx, func(batch watch.Batch) {
			p.changed(batch)
			p.rebuild()
		}); err != nil && !errors.Is(err, context.Canceled) {
			fmt.Fprintf(stderr, "briefing serve: watching: %v\n", err)
		}
	}()
	if err := srv.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "briefing serve: %v\n", err)
		return ExitContent
	}
	fmt.Fprintln(stdout, "stopped")
	return ExitOK
}

// previewer runs the pipeline into memory and publishes each result. The
// watcher never calls rebuild concurrently with itself.
type previewer struct {
	b              *build.Builder
	content        string // the content directory, absolute
	srv            *serve.Server
	last           map[string][]byte
	stdout, stderr io.Writer
}

// changed tells the Builder which content files the batch names, so that
// it reads only those again. After an overflow it tells nothing: the
// Builder then reads every file.
func (p *previewer) changed(batch watch.Batch) {
	if batch.Overflow || p.content == "" {
		return
	}
	var rels []string
	for _, abs := range batch.Paths {
		rel, err := filepath.Rel(p.content, abs)
		if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
			continue // a template, or not under the content directory
		}
		rels = append(rels, filepath.ToSlash(rel))
	}
	p.b.Changed(rels)
}

func (p *previewer) rebuild() {
	start := time.Now()
	mem := &output.Memory{
		Files: make(map[string][]byte, len(p.last)),
		Prev:  p.last, // unchanged pages are kept, not rendered again
		Lazy:  true,   // the search index is made when a page first asks for it
	}
	res, err := p.b.Build(mem)
	if err != nil {
		var lines []string
		for _, d := range res.Diags {
			lines = append(lines, d.String())
		}
		if !errors.Is(err, build.ErrContent) {
			lines = append(lines, err.Error())
		}
		printDiags(p.stderr, res.Diags)
		fmt.Fprintf(p.stderr, "build failed (%d errors); still serving the last good site\n", max(res.Errors, 1))
		p.srv.Publish(serve.Snapshot{Errors: lines})
		return
	}
	pages := 0
	for _, name := range p.srv.Publish(serve.Snapshot{Files: mem.Files, Deferred: mem.Deferred}) {
		if strings.HasSuffix(name, ".html") {
			pages++
		}
	}
	if p.last == nil {
		fmt.Fprintf(p.stdout, "built %d pages in %s\n", res.Pages, ms(time.Since(start)))
	} else {
		fmt.Fprintf(p.stdout, "rebuilt %s in %s\n", plural(pages, "page"), ms(time.Since(start)))
	}
	p.last = mem.Files
}

func openBrowser(url string) {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	_ = cmd.Start()
}
