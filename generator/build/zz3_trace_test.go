package build

import (
	"bytes"
	"os"
	"testing"
	"time"

	"briefing/generator/diag"
	"briefing/generator/render"
)

func TestZZKinds(t *testing.T) {
	src := os.Getenv("ZZ")
	if src == "" {
		t.Skip()
	}
	b := New(Options{Content: os.DirFS(src)})
	var d diag.List
	site, _ := b.Load(&d)
	th, _ := b.Theme()
	r := render.New(site, th, "x")
	view := map[string]time.Duration{}
	exec := map[string]time.Duration{}
	size := map[string]int{}
	n := map[string]int{}
	var buf bytes.Buffer
	for _, s := range r.Pages() {
		st := time.Now()
		v, _ := r.View(s)
		view[s.Kind] += time.Since(st)
		st = time.Now()
		buf.Reset()
		r.Execute(s, v, &buf)
		exec[s.Kind] += time.Since(st)
		size[s.Kind] += buf.Len()
		n[s.Kind]++
	}
	for k := range n {
		t.Logf("%-10s n=%5d view %8v exec %8v  bytes %6d KB  exec/KB %v", k, n[k], view[k].Round(time.Millisecond), exec[k].Round(time.Millisecond), size[k]/1024, exec[k]/time.Duration(max(1, size[k]/1024)))
	}
}
