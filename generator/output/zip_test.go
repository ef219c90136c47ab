package output

import (
	"archive/zip"
	"bytes"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
)

func archiveOf(t *testing.T, files map[string]string) *Archive {
	t.Helper()
	m := NewArchive()
	for name, data := range files {
		if err := m.WriteFile(name, []byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	return m
}

var site = map[string]string{
	"index.html":                    "<!DOCTYPE html>root",
	"ar/index.html":                 "عربي",
	"ar/topics/troops/index.html":   strings.Repeat("troops ", 500),
	"en/index.html":                 "english",
	"assets/style.css":              "body{}",
	"assets/fonts/Naskh.woff2":      "wOF2 pretend font",
	"assets/fonts/OFL.txt":          "licence",
	"en/topics/troops/index.html":   "briefing",
	"en/sources/a003/index.html":    "source",
	"assets/search-ar.js":           "x()",
	"a-b/index.html":                "sorts before a/",
	"en/topics/troops-2/index.html": "sibling",
	"ar/topics/انسحاب/index.html":   "a name outside ASCII",
}

func TestWriteZipLayout(t *testing.T) {
	mod := time.Date(2021, 7, 30, 0, 0, 0, 0, time.UTC)
	var buf bytes.Buffer
	st, err := archiveOf(t, site).WriteZip(&buf, "site-2021-07-30", mod)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size != int64(buf.Len()) {
		t.Errorf("Size = %d, wrote %d bytes", st.Size, buf.Len())
	}
	if st.Files != len(site) {
		t.Errorf("Files = %d, want %d", st.Files, len(site))
	}
	var names []string
	var total int64
	seen := map[string]bool{}
	for _, f := range zr.File {
		names = append(names, f.Name)
		if !strings.HasPrefix(f.Name, "site-2021-07-30/") {
			t.Errorf("%s is outside the top folder", f.Name)
		}
		if !f.Modified.Equal(mod) {
			t.Errorf("%s: modified %v, want %v", f.Name, f.Modified, mod)
		}
		// Every entry's directory comes before it.
		if dir := f.Name[:strings.LastIndex(strings.TrimSuffix(f.Name, "/"), "/")+1]; dir != "" && !seen[dir] {
			t.Errorf("%s comes before its directory %s", f.Name, dir)
		}
		seen[f.Name] = true
		if strings.HasSuffix(f.Name, "/") {
			if !f.Mode().IsDir() {
				t.Errorf("%s: mode %v, want a directory", f.Name, f.Mode())
			}
			continue
		}
		if f.NonUTF8 {
			t.Errorf("%s: name not marked UTF-8", f.Name)
		}
		if f.Mode().Perm() != 0o644 || !f.Mode().IsRegular() {
			t.Errorf("%s: mode %v, want -rw-r--r--", f.Name, f.Mode())
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimPrefix(f.Name, "site-2021-07-30/")
		if string(data) != site[name] {
			t.Errorf("%s: content %q, want %q", f.Name, data, site[name])
		}
		total += int64(len(data))
		wantMethod := zip.Deflate
		if strings.HasSuffix(name, ".woff2") {
			wantMethod = zip.Store
		}
		if f.Method != wantMethod {
			t.Errorf("%s: method %d, want %d", f.Name, f.Method, wantMethod)
		}
	}
	if !slices.IsSorted(names) {
		t.Errorf("entries are not sorted: %q", names)
	}
	if total != st.Bytes {
		t.Errorf("Bytes = %d, files hold %d", st.Bytes, total)
	}
	for _, dir := range []string{"site-2021-07-30/", "site-2021-07-30/ar/", "site-2021-07-30/ar/topics/", "site-2021-07-30/ar/topics/troops/", "site-2021-07-30/assets/fonts/"} {
		if !seen[dir] {
			t.Errorf("no entry for directory %s", dir)
		}
	}
	if st.Dirs != len(names)-len(site) {
		t.Errorf("Dirs = %d, want %d", st.Dirs, len(names)-len(site))
	}
}

// TestWriteZipDeterministic checks that the same files give the same
// bytes, whatever the order they were written in, and that any change of
// content, name, folder or time changes them.
func TestWriteZipDeterministic(t *testing.T) {
	mod := time.Date(2021, 7, 30, 0, 0, 0, 0, time.UTC)
	zipOf := func(m *Archive, top string, mod time.Time) []byte {
		t.Helper()
		var buf bytes.Buffer
		if _, err := m.WriteZip(&buf, top, mod); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	a := zipOf(archiveOf(t, site), "s", mod)
	// Written in the reverse order, from other goroutines' point of view.
	rev := NewArchive()
	names := archiveOf(t, site).Names()
	slices.Reverse(names)
	for _, n := range names {
		_ = rev.WriteFile(n, []byte(site[n]))
	}
	if b := zipOf(rev, "s", mod); !bytes.Equal(a, b) {
		t.Fatal("the same files gave different zips")
	}
	// The same instant in another time zone is the same time.
	if b := zipOf(archiveOf(t, site), "s", mod.In(time.FixedZone("AST", 3*3600))); !bytes.Equal(a, b) {
		t.Error("the zip depends on the time zone of the timestamp")
	}
	changed := map[string]string{}
	for k, v := range site {
		changed[k] = v
	}
	changed["en/index.html"] = "English"
	for name, b := range map[string][]byte{
		"content": zipOf(archiveOf(t, changed), "s", mod),
		"folder":  zipOf(archiveOf(t, site), "t", mod),
		"time":    zipOf(archiveOf(t, site), "s", mod.AddDate(0, 0, 1)),
	} {
		if bytes.Equal(a, b) {
			t.Errorf("a change of %s left the zip the same", name)
		}
	}
}

func TestWriteZipTimes(t *testing.T) {
	for _, tc := range []struct {
		in, want time.Time
	}{
		{time.Date(1969, 7, 20, 20, 17, 0, 0, time.UTC), time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Time{}, time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)},
		{time.Date(2021, 4, 7, 10, 11, 13, 500, time.UTC), time.Date(2021, 4, 7, 10, 11, 12, 0, time.UTC)},
	} {
		var buf bytes.Buffer
		if _, err := archiveOf(t, map[string]string{"a.txt": "a"}).WriteZip(&buf, "", tc.in); err != nil {
			t.Fatal(err)
		}
		zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != 1 || zr.File[0].Name != "a.txt" {
			t.Fatalf("entries %v, want only a.txt", zr.File)
		}
		if got := zr.File[0].Modified; !got.Equal(tc.want) {
			t.Errorf("modified %v: stored %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestWriteZipRejects(t *testing.T) {
	for _, top := range []string{"../x", "/abs", "a/../b", "a\\b"} {
		if _, err := archiveOf(t, map[string]string{"a": "a"}).WriteZip(io.Discard, top, time.Time{}); err == nil {
			t.Errorf("top folder %q accepted", top)
		}
	}
	// An Archive filled by hand can hold what WriteFile refuses.
	for _, files := range []map[string]entry{
		{"../evil": {}},
		{"a": {}, "a/b": {}},
	} {
		m := NewArchive()
		m.files = files
		if _, err := m.WriteZip(io.Discard, "top", time.Time{}); err == nil {
			t.Errorf("files %q accepted", slices.Sorted(maps.Keys(files)))
		}
	}
}
