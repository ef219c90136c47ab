package output

import (
	"archive/zip"
	"compress/flate"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"time"
)

// ZipStats describes a zip written by WriteZip.
type ZipStats struct {
	Files int   // files in the zip, directories not counted
	Dirs  int   // directory entries, the top folder included
	Bytes int64 // the files' size before compression
	Size  int64 // the size of the zip
}

// zipEpoch is the earliest time a zip entry can hold (MS-DOS time).
var zipEpoch = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// storedExt lists files that are compressed already: deflating them again
// costs time and saves nothing, so they are stored as they are.
var storedExt = []string{".woff2", ".woff", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".zip", ".gz", ".pdf"}

// WriteZip writes the files of m to w as a zip archive, each under the
// folder top (a clean relative path; "" puts them at the archive's root).
// The archive depends on nothing but its arguments, so the same files
// give the same bytes: entries are sorted by name, every directory has an
// entry of its own before its contents, and every entry is stamped with
// modified (in UTC; times before 1980, which a zip cannot hold, become
// 1980-01-01). Text is deflated at the best compression; files already
// compressed (fonts, images) are stored. It fails on a file name that
// could escape the folder, and on any write error of w.
func (m *Memory) WriteZip(w io.Writer, top string, modified time.Time) (ZipStats, error) {
	var st ZipStats
	if top != "" {
		if err := CheckName(top); err != nil {
			return st, fmt.Errorf("output: zip folder: %w", err)
		}
		top += "/"
	}
	modified = modified.UTC()
	if modified.Before(zipEpoch) {
		modified = zipEpoch
	}
	// Seconds are kept at an even number, the precision of MS-DOS time,
	// so the two timestamps of an entry agree.
	modified = modified.Truncate(2 * time.Second)

	m.mu.Lock()
	files := make(map[string][]byte, len(m.Files))
	for name, data := range m.Files {
		files[name] = data
	}
	m.mu.Unlock()

	entries := make(map[string]bool) // name -> is a directory
	if top != "" {
		entries[top] = true
	}
	for name := range files {
		if err := CheckName(name); err != nil {
			return st, err
		}
		entries[top+name] = false
		for dir := path.Dir(name); dir != "."; dir = path.Dir(dir) {
			entries[top+dir+"/"] = true
		}
	}
	for name, isDir := range entries {
		if !isDir && entries[name+"/"] {
			return st, fmt.Errorf("output: zip: %q is both a file and a directory", name)
		}
	}
	names := make([]string, 0, len(entries))
	for name := range entries {
		names = append(names, name)
	}
	slices.Sort(names)

	cw := &countWriter{w: w}
	zw := zip.NewWriter(cw)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestCompression)
	})
	for _, name := range names {
		h := &zip.FileHeader{Name: name, Modified: modified}
		if entries[name] {
			h.SetMode(fs.ModeDir | 0o755)
			if _, err := zw.CreateHeader(h); err != nil {
				return st, fmt.Errorf("output: zip: %w", err)
			}
			st.Dirs++
			continue
		}
		data := files[strings.TrimPrefix(name, top)]
		h.SetMode(0o644)
		h.Method = zip.Deflate
		if slices.Contains(storedExt, strings.ToLower(path.Ext(name))) {
			h.Method = zip.Store
		}
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return st, fmt.Errorf("output: zip: %w", err)
		}
		if _, err := fw.Write(data); err != nil {
			return st, fmt.Errorf("output: zip: %w", err)
		}
		st.Files++
		st.Bytes += int64(len(data))
	}
	if err := zw.Close(); err != nil {
		return st, fmt.Errorf("output: zip: %w", err)
	}
	st.Size = cw.n
	return st, nil
}

// countWriter counts the bytes written through it.
type countWriter struct {
	w io.Writer
	n int64
}

func (c *countWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
