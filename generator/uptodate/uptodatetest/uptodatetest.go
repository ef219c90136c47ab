// Package uptodatetest dates files for the tests of builds that compare
// stamps (package uptodate).
package uptodatetest

import (
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// Backdate sets the access and modification times of dir and everything
// under it to t, a file before its directory (setting a file's time
// leaves its directory's alone, writing into a directory does not). A
// test dates its files in the past so that a change it makes gets a new
// time whatever the file system's clock tick, and so that a build of them
// is not taken for one racing an edit (uptodate.Racy).
func Backdate(tb testing.TB, dir string, t time.Time) {
	tb.Helper()
	var paths []string
	if err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		paths = append(paths, p)
		return err
	}); err != nil {
		tb.Fatal(err)
	}
	slices.Reverse(paths)
	for _, p := range paths {
		if err := os.Chtimes(p, t, t); err != nil {
			tb.Fatal(err)
		}
	}
}
