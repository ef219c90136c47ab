package watch

import (
	"path/filepath"
	"strings"
)

// ignored reports whether path is excluded, lies in a version-control
// directory under its root, is an editor's dropping, or is rejected by an
// ignore predicate.
func (w *Watcher) ignored(path string) bool {
	for _, d := range w.exclude {
		if under(path, d) {
			return true
		}
	}
	for _, r := range w.roots {
		if path != r && under(path, r) && inVCSDir(path[len(r):]) {
			return true
		}
	}
	if editorFile(filepath.Base(path)) {
		return true
	}
	for _, fn := range w.cfg.ignore {
		if fn(path) {
			return true
		}
	}
	return false
}

// under reports whether path is dir or lies under it; both are clean.
func under(path, dir string) bool {
	if path == dir {
		return true
	}
	if strings.HasSuffix(dir, string(filepath.Separator)) { // the file system root
		return strings.HasPrefix(path, dir)
	}
	return strings.HasPrefix(path, dir) && path[len(dir)] == filepath.Separator
}

// inVCSDir reports whether a path relative to a root has a version-control
// directory among its elements.
func inVCSDir(rel string) bool {
	for elem := range strings.SplitSeq(rel, string(filepath.Separator)) {
		switch elem {
		case ".git", ".hg", ".svn", ".jj":
			return true
		}
	}
	return false
}

// editorFile reports whether a file name is one that editors and file
// managers create next to the files they save.
func editorFile(name string) bool {
	switch {
	case name == ".DS_Store", name == "Thumbs.db":
		return true
	case strings.HasSuffix(name, "~"), // backups: vim, emacs, gedit
		strings.HasPrefix(name, ".#"),                               // emacs lock files
		len(name) > 1 && name[0] == '#' && name[len(name)-1] == '#', // emacs auto-save
		strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"), // JetBrains safe write
		strings.HasSuffix(name, ".kate-swp"),
		strings.HasPrefix(name, ".goutputstream-"): // gedit
		return true
	}
	if ext := filepath.Ext(name); len(ext) == 4 && strings.HasPrefix(ext, ".sw") &&
		(ext[3] >= 'a' && ext[3] <= 'p' || ext[3] == 'x') { // vim swap files .swp, .swo ... .swa, and .swx
		return true
	}
	return vimWriteTest(name)
}

// vimWriteTest reports whether name is one of the files vim creates to test
// that a directory is writable: 4913, or 4913 plus a multiple of 123 when
// that name is taken.
func vimWriteTest(name string) bool {
	if len(name) < 4 || len(name) > 6 {
		return false
	}
	n := 0
	for _, c := range name {
		if c < '0' || c > '9' {
			return false
		}
		n = n*10 + int(c-'0')
	}
	return n >= 4913 && (n-4913)%123 == 0
}
