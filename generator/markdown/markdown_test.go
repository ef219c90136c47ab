package markdown

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"testing"

	"briefing/generator/cite"
)

var update = flag.Bool("update", false, "rewrite the expected output in testdata/*.txt")

// fakeResolver knows articles a001..a009 with 10 paragraphs each and the
// topics militias and troops.
type fakeResolver struct{}

func (fakeResolver) Cite(r cite.Ref) (Target, bool) {
	if !strings.HasPrefix(r.Article, "a00") || r.To > 10 {
		return Target{}, false
	}
	p := r.From
	if p == 0 {
		p = 1
	}
	return Target{
		Href:        fmt.Sprintf("../../sources/%s/index.html#p%d", r.Article, p),
		Label:       r.Article + " ¶" + strconv.Itoa(p),
		Preview:     fmt.Sprintf("نص الفقرة %d <من> %s", p, r.Article),
		PreviewLang: "ar",
	}, true
}

func (fakeResolver) Topic(slug string) (string, string, bool) {
	titles := map[string]string{"militias": "The militias", "troops": "US troops"}
	t, ok := titles[slug]
	return "../" + slug + "/index.html", t, ok
}

func (fakeResolver) Number(n int) string { return strconv.Itoa(n) }

// TestCases runs testdata/cases.txt: each case is "=== name", Markdown,
// "---", the expected HTML; run with -update to rewrite the expected HTML
// after checking the difference by eye.
func TestCases(t *testing.T) {
	for _, file := range []struct {
		name   string
		unsafe bool
	}{{"testdata/cases.txt", false}, {"testdata/unsafe.txt", true}} {
		data, err := os.ReadFile(file.name)
		if err != nil {
			t.Fatal(err)
		}
		p := NewParser()
		r := NewRenderer(fakeResolver{}, Options{UnsafeHTML: file.unsafe})
		cases := splitCases(string(data))
		var out strings.Builder
		for _, c := range cases {
			doc := p.Parse([]byte(c.in))
			var html bytes.Buffer
			if err := r.Render(&html, doc); err != nil {
				t.Fatalf("%s: %v", c.name, err)
			}
			for _, pr := range doc.Problems {
				fmt.Fprintf(&html, "problem: line %d: %s\n", pr.Line, pr.Message)
			}
			got := html.String()
			if !*update && got != c.want {
				t.Errorf("%s: %s\n--- input\n%s--- got\n%s--- want\n%s", file.name, c.name, c.in, got, c.want)
			}
			fmt.Fprintf(&out, "=== %s\n%s---\n%s", c.name, c.in, got)
		}
		if *update {
			if err := os.WriteFile(file.name, []byte(out.String()), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

type testCase struct{ name, in, want string }

func splitCases(s string) []testCase {
	var cases []testCase
	for _, block := range strings.Split(s, "=== ")[1:] {
		name, rest, _ := strings.Cut(block, "\n")
		in, want, _ := strings.Cut(rest, "---\n")
		cases = append(cases, testCase{name: name, in: in, want: want})
	}
	return cases
}

func TestDocUsesAndLines(t *testing.T) {
	src := "## Bottom line\n\nOne [@a001:p2].\nTwo [@a002:p3; @a001:p2] and [[militias]].\n\n## Bottom line\n\n[@bad:x] [[Not A Slug]]\n"
	doc := NewParser().Parse([]byte(src))
	if len(doc.Refs) != 2 || doc.Refs[0] != (cite.Ref{Article: "a001", From: 2, To: 2}) {
		t.Errorf("Refs = %v", doc.Refs)
	}
	want := []Use{
		{Ref: cite.Ref{Article: "a001", From: 2, To: 2}, Number: 1, Occurrence: 1, Line: 3},
		{Ref: cite.Ref{Article: "a002", From: 3, To: 3}, Number: 2, Occurrence: 2, Line: 4},
		{Ref: cite.Ref{Article: "a001", From: 2, To: 2}, Number: 1, Occurrence: 2, Line: 4},
	}
	if fmt.Sprint(doc.Uses) != fmt.Sprint(want) {
		t.Errorf("Uses = %v\nwant %v", doc.Uses, want)
	}
	if len(doc.Topics) != 1 || doc.Topics[0] != (TopicUse{Slug: "militias", Line: 4}) {
		t.Errorf("Topics = %v", doc.Topics)
	}
	if len(doc.TOC) != 2 || doc.TOC[0].ID != "bottom-line" || doc.TOC[1].ID != "bottom-line-1" {
		t.Errorf("TOC = %v", doc.TOC)
	}
	if len(doc.Problems) != 2 || doc.Problems[0].Line != 8 || doc.Problems[1].Line != 8 {
		t.Errorf("Problems = %v", doc.Problems)
	}
}

func TestSlug(t *testing.T) {
	for in, want := range map[string]string{
		"Bottom line": "bottom-line",
		"الخلاصة":     "الخلاصة",
		"2021: من القتال إلى المشورة": "2021-من-القتال-إلى-المشورة",
		"مُسْتَقْبَل":                 "مستقبل",
		"  --  ":                      "",
		"US troops (2,500)":           "us-troops-2-500",
	} {
		if got := Slug(in); got != want {
			t.Errorf("Slug(%q) = %q, want %q", in, got, want)
		}
	}
}

// FuzzParse checks that no Markdown input panics, in parsing or rendering.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"[@a001:p2]", "[[militias|x]]", "[@", "[[", "[@a:p1; @b]", "[[a|]]", "# [@a001]\n", "```go\nx\n```", "<b>x</b>", "[@a001:p2-1]", "| a |\n|---|\n| [@a001] |"} {
		f.Add(s)
	}
	p := NewParser()
	r := NewRenderer(fakeResolver{}, Options{})
	f.Fuzz(func(t *testing.T, s string) {
		doc := p.Parse([]byte(s))
		var b bytes.Buffer
		if err := r.Render(&b, doc); err != nil {
			t.Fatal(err)
		}
		for _, u := range doc.Uses {
			if u.Number < 1 || u.Number > len(doc.Refs) || u.Line < 1 {
				t.Fatalf("bad use %+v", u)
			}
		}
	})
}

// TestLinesOfWrappedCitations checks the line of a citation or topic link
// that starts a wrapped line, in a paragraph and in a quote.
func TestLinesOfWrappedCitations(t *testing.T) {
	src := "A sentence that wraps\n[@a001:p1] here and\n[[militias]] there.\n\n> quoted and\n> [@a002:p2]\n"
	doc := NewParser().Parse([]byte(src))
	if len(doc.Uses) != 2 || doc.Uses[0].Line != 2 || doc.Uses[1].Line != 6 {
		t.Errorf("citation lines: %+v, want 2 and 6", doc.Uses)
	}
	if len(doc.Topics) != 1 || doc.Topics[0].Line != 3 {
		t.Errorf("topic link lines: %+v, want 3", doc.Topics)
	}
}
