package source

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"briefing/generator/diag"
)

// TestReread checks that rereading the changed paths gives what reading
// everything gives, for each kind of change a watcher reports.
func TestReread(t *testing.T) {
	base := func() fstest.MapFS {
		return fstest.MapFS{
			"site.yaml":         {Data: []byte("title: t\n")},
			"events.yaml":       {Data: []byte("[]\n")},
			"articles/a1.md":    {Data: []byte("a1")},
			"articles/a3.md":    {Data: []byte("a3")},
			"notes/x.en.md":     {Data: []byte("x")},
			"notes/z.en.md":     {Data: []byte("z")},
			"README.md":         {Data: []byte("readme")},
			"articles/.a0.md":   {Data: []byte("hidden")},
			"articles/notes.md": {Data: []byte("n")},
		}
	}
	tests := []struct {
		name    string
		change  func(fstest.MapFS)
		changed []string
	}{
		{"nothing", func(fstest.MapFS) {}, nil},
		{"edit an article", func(m fstest.MapFS) { m["articles/a3.md"] = &fstest.MapFile{Data: []byte("a3, edited")} }, []string{"articles/a3.md"}},
		{"add articles before, between and after", func(m fstest.MapFS) {
			for _, n := range []string{"a0", "a2", "a4"} {
				m["articles/"+n+".md"] = &fstest.MapFile{Data: []byte(n)}
			}
		}, []string{"articles/a0.md", "articles/a2.md", "articles/a4.md"}},
		{"delete a note", func(m fstest.MapFS) { delete(m, "notes/x.en.md") }, []string{"notes/x.en.md"}},
		{"rename a note", func(m fstest.MapFS) {
			m["notes/y.en.md"] = m["notes/z.en.md"]
			delete(m, "notes/z.en.md")
		}, []string{"notes/y.en.md", "notes/z.en.md"}},
		{"edit events, drop entities that never were", func(m fstest.MapFS) {
			m["events.yaml"] = &fstest.MapFile{Data: []byte("- date: 2021\n")}
		}, []string{"events.yaml", "entities.yaml"}},
		{"add entities", func(m fstest.MapFS) { m["entities.yaml"] = &fstest.MapFile{Data: []byte("[]\n")} }, []string{"entities.yaml"}},
		{"delete site.yaml", func(m fstest.MapFS) { delete(m, "site.yaml") }, []string{"site.yaml"}},
		{"files that are not content", func(m fstest.MapFS) {
			m["README.md"] = &fstest.MapFile{Data: []byte("new")}
			m["articles/.a5.md"] = &fstest.MapFile{Data: []byte("hidden")}
			m["articles/a5.md~"] = &fstest.MapFile{Data: []byte("backup")}
			m["articles/sub/a6.md"] = &fstest.MapFile{Data: []byte("nested")}
		}, []string{"README.md", "articles/.a5.md", "articles/a5.md~", "articles/sub", "articles/sub/a6.md"}},
		{"a directory named like an article", func(m fstest.MapFS) {
			m["articles/a7.md/x"] = &fstest.MapFile{Data: []byte("x")}
		}, []string{"articles/a7.md", "articles/a7.md/x"}},
		{"a renamed directory of notes", func(m fstest.MapFS) {
			for _, n := range []string{"x", "z"} {
				m["notes2/"+n+".en.md"] = m["notes/"+n+".en.md"]
				delete(m, "notes/"+n+".en.md")
			}
		}, []string{"notes", "notes/x.en.md", "notes/z.en.md", "notes2", "notes2/x.en.md", "notes2/z.en.md"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fsys := base()
			var d0 diag.List
			prev, err := Read(fsys, "content", &d0)
			if err != nil {
				t.Fatal(err)
			}
			tc.change(fsys)
			var want, got diag.List
			full, err := Read(fsys, "content", &want)
			if err != nil {
				t.Fatal(err)
			}
			again, err := Reread(fsys, "content", prev, tc.changed, &got)
			if err != nil {
				t.Fatal(err)
			}
			// A file not read again is marked so (after a change of a
			// whole directory every file is read); apart from that the
			// two agree.
			whole := slices.Contains(tc.changed, "notes") || slices.Contains(tc.changed, "articles")
			for _, f := range all(again) {
				name := strings.TrimPrefix(f.Path, "content/")
				if want := !whole && !slices.Contains(tc.changed, name); f.Unread != want {
					t.Errorf("%s: Unread = %v", name, f.Unread)
				}
				f.Unread = false
			}
			if !reflect.DeepEqual(again, full) {
				t.Errorf("Reread:\n%s\nRead:\n%s", describe(again), describe(full))
			}
			if !reflect.DeepEqual(got.All(), want.All()) {
				t.Errorf("Reread reported %v, Read %v", got.All(), want.All())
			}
		})
	}
}

// all returns pointers to every file of f.
func all(f *Files) []*File {
	var out []*File
	for _, x := range []*File{f.Site, f.Events, f.Entities} {
		if x != nil {
			out = append(out, x)
		}
	}
	for i := range f.Articles {
		out = append(out, &f.Articles[i])
	}
	for i := range f.Notes {
		out = append(out, &f.Notes[i])
	}
	return out
}

func describe(f *Files) string {
	s := ""
	one := func(kind string, x *File) {
		if x != nil {
			s += kind + " " + x.Path + " " + string(x.Data) + "\n"
		}
	}
	one("site", f.Site)
	one("events", f.Events)
	one("entities", f.Entities)
	for i := range f.Articles {
		one("article", &f.Articles[i])
	}
	for i := range f.Notes {
		one("note", &f.Notes[i])
	}
	return s
}
