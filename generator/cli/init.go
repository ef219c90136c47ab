package cli

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// starter is the site that "briefing init" writes.
//
//go:embed starter
var starter embed.FS

func runInit(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("init", "init DIR", stderr)
	if ok, code := parse(fs, args); !ok {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, "briefing init: want one directory to create the site in")
		fs.Usage()
		return ExitUsage
	}
	dir := fs.Arg(0)
	if err := writeStarter(dir); err != nil {
		fmt.Fprintf(stderr, "briefing init: %v\n", err)
		return ExitContent
	}
	fmt.Fprintf(stdout, "wrote a starter site in %s\nbuild it with: briefing build --content %s --out %s\n",
		dir, filepath.Join(dir, "content"), filepath.Join(dir, "public"))
	return ExitOK
}

// writeStarter writes the starter content into dir/content. It refuses to
// overwrite an existing content directory.
func writeStarter(dir string) error {
	dst := filepath.Join(dir, "content")
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("%s already exists; not overwriting it", dst)
	}
	return fs.WalkDir(starter, "starter", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("starter", filepath.FromSlash(p))
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := starter.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
}
