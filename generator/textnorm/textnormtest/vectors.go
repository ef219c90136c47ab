// Package textnormtest reads the normaliser's shared test vectors,
// generator/textnorm/testdata/vectors.tsv, which the Go normaliser
// (package textnorm) and the JavaScript one (templates/search.js, tested
// in package search) are both checked against, so that the two cannot
// drift apart.
package textnormtest

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// Vector is one line of vectors.tsv. Its columns, separated by tabs:
//
//	input   the text; \uXXXX stands for an invisible code point
//	fold    textnorm.Fold(input)
//	terms   the terms of the input, space-separated, each written as its
//	        folded text, followed by "=" and textnorm.Keys(text) joined
//	        by "," when these are not just the text itself
//	loose   for each term, textnorm.Loose(textnorm.Stem(text)), or "-"
//	        for none
type Vector struct {
	Line                      int
	Input, Fold, Terms, Loose string
}

// Path is where the vectors are.
func Path() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "testdata", "vectors.tsv")
}

// Read returns the vectors of the file at path, skipping blank lines and
// lines starting with "#".
func Read(path string) ([]Vector, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var vs []Vector
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			return nil, fmt.Errorf("%s:%d: %d columns, want 4", filepath.Base(path), n, len(cols))
		}
		vs = append(vs, Vector{n, unescape(cols[0]), unescape(cols[1]), cols[2], cols[3]})
	}
	return vs, sc.Err()
}

// unescape turns \uXXXX into the code point.
func unescape(s string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, `\u`)
		if i < 0 || len(s) < i+6 {
			b.WriteString(s)
			return b.String()
		}
		r, err := strconv.ParseUint(s[i+2:i+6], 16, 32)
		if err != nil {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(r))
		s = s[i+6:]
	}
}
