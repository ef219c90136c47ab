package dates

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"testing"
)

// annotated is one case of testdata/mentions.txt.
type annotated struct {
	line      int
	label     string
	published Published
	text      string
	want      []string // "DATE PRECISION TEXT"
}

func readAnnotated(t *testing.T, path string) []annotated {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []annotated
	var text []string
	flush := func() {
		if len(cases) > 0 {
			cases[len(cases)-1].text = strings.Join(text, "\n")
		}
		text = nil
	}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "@ "):
			flush()
			fields := strings.Fields(line)
			if len(fields) < 2 {
				t.Fatalf("%s:%d: header without a publication date", path, n)
			}
			c := annotated{line: n, label: strings.Join(fields[2:], " ")}
			if fields[1] != "-" {
				if c.published, err = ParsePublished(fields[1]); err != nil {
					t.Fatalf("%s:%d: %v", path, n, err)
				}
			}
			cases = append(cases, c)
		case strings.HasPrefix(line, "  "):
			fields := strings.SplitN(strings.TrimSpace(line), " ", 3)
			if len(cases) == 0 || len(fields) < 3 {
				t.Fatalf("%s:%d: want DATE PRECISION TEXT after a header", path, n)
			}
			var p Precision
			if err := p.UnmarshalText([]byte(fields[1])); err != nil {
				t.Fatalf("%s:%d: %v", path, n, err)
			}
			c := &cases[len(cases)-1]
			c.want = append(c.want, strings.Join(fields, " "))
		default:
			if len(cases) == 0 || len(cases[len(cases)-1].want) > 0 {
				t.Fatalf("%s:%d: text outside a case", path, n)
			}
			text = append(text, line)
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// TestMentions measures precision and recall over the hand-annotated
// sentences, including every date in the five seed articles.
func TestMentions(t *testing.T) {
	x := New()
	cases := readAnnotated(t, "testdata/mentions.txt")
	var tp, fp, fn, expected, negatives int
	for _, c := range cases {
		if len(c.want) == 0 {
			negatives++
		}
		expected += len(c.want)
		ms, _ := x.Scan(c.text, c.published)
		left := map[string]int{}
		for _, w := range c.want {
			left[w]++
		}
		for _, m := range ms {
			got := fmt.Sprintf("%s %s %s", m.Date, m.Precision, m.Text)
			if left[got] > 0 {
				left[got]--
				tp++
				continue
			}
			fp++
			t.Logf("line %d %s: unexpected %s", c.line, c.label, got)
		}
		for w, n := range left {
			for ; n > 0; n-- {
				fn++
				t.Logf("line %d %s: missed %s", c.line, c.label, w)
			}
		}
	}
	if expected < 100 || negatives < 30 {
		t.Errorf("testdata holds %d expected mentions and %d cases without dates; want at least 100 and 30",
			expected, negatives)
	}
	precision := float64(tp) / float64(max(tp+fp, 1))
	recall := float64(tp) / float64(max(tp+fn, 1))
	t.Logf("%d cases (%d without dates), %d expected mentions: %d found, %d wrong, %d missed",
		len(cases), negatives, expected, tp, fp, fn)
	t.Logf("precision %.3f, recall %.3f", precision, recall)
	if precision < 0.95 || recall < 0.90 {
		t.Errorf("precision %.3f (want >= 0.95), recall %.3f (want >= 0.90)", precision, recall)
	}
}
