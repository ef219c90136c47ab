package diag

import (
	"strings"
	"sync"
	"testing"
)

func TestList(t *testing.T) {
	var l List
	var wg sync.WaitGroup
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			l.Errorf("content/b.md", 50-i, "problem %d", i)
		}()
	}
	wg.Wait()
	l.Warnf("content/a.md", 0, "no translation")
	l.Errorf("content/b.md", 1, "problem 49") // a duplicate
	all := l.All()
	if len(all) != 51 {
		t.Fatalf("All() has %d diagnostics, want 51 (duplicates removed)", len(all))
	}
	if got := all[0].String(); got != "content/a.md: warning: no translation" {
		t.Errorf("first = %q", got)
	}
	if got := all[1].String(); got != "content/b.md:1: problem 49" {
		t.Errorf("second = %q", got)
	}
	if l.Errors() != 51 || l.Warnings() != 1 {
		t.Errorf("Errors() = %d, Warnings() = %d", l.Errors(), l.Warnings())
	}
	err := l.Err()
	if err == nil || strings.Count(err.Error(), "\n") != 49 || strings.Contains(err.Error(), "warning") {
		t.Errorf("Err() = %v", err)
	}
	var empty List
	if empty.Err() != nil {
		t.Error("empty list has an error")
	}
}
