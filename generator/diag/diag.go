// Package diag collects problems found in content as diagnostics of the
// form "path:line: message", so that one run can report all of them.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"sync"
)

// Severity tells whether a diagnostic fails the build.
type Severity uint8

const (
	// Error fails the build.
	Error Severity = iota
	// Warning is reported but does not fail the build.
	Warning
)

// Diagnostic is one problem at one place in a content file.
type Diagnostic struct {
	Path     string // slash-separated, relative to the working directory
	Line     int    // 1-based; 0 when the problem concerns the whole file
	Severity Severity
	Message  string
}

// String formats d as "path:line: message", with "warning: " before the
// message of a warning.
func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.Path)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
	}
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message)
	return b.String()
}

// List collects diagnostics. Its methods are safe for concurrent use; the
// zero value is ready to use.
type List struct {
	mu    sync.Mutex
	items []Diagnostic
}

// Errorf records an error at path:line.
func (l *List) Errorf(path string, line int, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Severity: Error, Message: fmt.Sprintf(format, args...)})
}

// Warnf records a warning at path:line.
func (l *List) Warnf(path string, line int, format string, args ...any) {
	l.Add(Diagnostic{Path: path, Line: line, Severity: Warning, Message: fmt.Sprintf(format, args...)})
}

// Add records d.
func (l *List) Add(d Diagnostic) {
	l.mu.Lock()
	l.items = append(l.items, d)
	l.mu.Unlock()
}

// Merge adds all diagnostics of other to l.
func (l *List) Merge(other *List) {
	for _, d := range other.All() {
		l.Add(d)
	}
}

// All returns the diagnostics sorted by path, line and message, without
// duplicates.
func (l *List) All() []Diagnostic {
	l.mu.Lock()
	out := slices.Clone(l.items)
	l.mu.Unlock()
	slices.SortFunc(out, func(a, b Diagnostic) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Severity, b.Severity), cmp.Compare(a.Message, b.Message))
	})
	return slices.Compact(out)
}

// Errors returns the number of errors recorded.
func (l *List) Errors() int { return l.count(Error) }

// Warnings returns the number of warnings recorded.
func (l *List) Warnings() int { return l.count(Warning) }

func (l *List) count(s Severity) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, d := range l.items {
		if d.Severity == s {
			n++
		}
	}
	return n
}

// Err returns nil when no error was recorded, and otherwise an error whose
// message lists every error, one per line.
func (l *List) Err() error {
	var lines []string
	for _, d := range l.All() {
		if d.Severity == Error {
			lines = append(lines, d.String())
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return &Errors{Lines: lines}
}

// Errors is the error returned by List.Err.
type Errors struct{ Lines []string }

func (e *Errors) Error() string { return strings.Join(e.Lines, "\n") }
