package dates

import (
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRunCommand(t *testing.T) {
	article := filepath.Join("testdata", "article.md")
	tests := []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string // exact, when not "*"
		stderr string // a substring
	}{
		{
			name: "front matter gives published, offsets from the body",
			args: []string{article},
			code: 0,
			stdout: `{"date":"2021-04-07","precision":"day","text":"الأربعاء","start":22,"end":30,"paragraph":1}
{"date":"2021-04","precision":"month","text":"الأسبوع الماضي","start":48,"end":62,"paragraph":2}
{"date":"2020","precision":"year","text":"العام الماضي","start":67,"end":79,"paragraph":2}
`,
		},
		{
			name: "flag overrides front matter, and may follow the file",
			args: []string{article, "--published", "2021-04"},
			code: 0,
			stdout: `{"date":"2021-04","precision":"month","text":"الأربعاء","start":22,"end":30,"paragraph":1}
{"date":"2021-04","precision":"month","text":"الأسبوع الماضي","start":48,"end":62,"paragraph":2}
{"date":"2020","precision":"year","text":"العام الماضي","start":67,"end":79,"paragraph":2}
`,
		},
		{
			name:   "stdin without front matter or date: relative mentions dropped",
			args:   []string{"-"},
			stdin:  "في 7 أبريل/نيسان 2021 & الشهر الماضي <b>",
			code:   0,
			stdout: `{"date":"2021-04-07","precision":"day","text":"7 أبريل/نيسان 2021","start":3,"end":21,"paragraph":1}` + "\n",
			stderr: `stdin:p1: dropped "الشهر الماضي": needs the publication date`,
		},
		{
			name:   "no file reads stdin",
			args:   []string{"-published=2021-03"},
			stdin:  "وقال الشهر الماضي",
			code:   0,
			stdout: `{"date":"2021-02","precision":"month","text":"الشهر الماضي","start":5,"end":17,"paragraph":1}` + "\n",
		},
		{name: "help", args: []string{"-h"}, code: 0, stdout: usage},
		{name: "unknown flag", args: []string{"-x"}, code: 2, stderr: "usage: briefing dates"},
		{name: "bad published flag", args: []string{"--published", "April"}, code: 2, stderr: `"April" is not YYYY-MM-DD`},
		{name: "two files", args: []string{"a", "b"}, code: 2, stderr: "one input expected"},
		{name: "no stdin", args: nil, code: 1, stderr: "no standard input"},
		{name: "missing file", args: []string{"testdata/none.md"}, code: 1, stderr: "none.md"},
		{name: "unclosed front matter", args: []string{"-"}, stdin: "---\npublished: 2021-04\nنص", code: 1, stderr: "no closing ---"},
		{name: "bad yaml", args: []string{"-"}, stdin: "---\npublished: [2021\n---\nنص", code: 1, stderr: "front matter"},
		{name: "bad published field", args: []string{"-"}, stdin: "---\npublished: 2021-02-30\n---\nنص", code: 1, stderr: "front matter"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			var stdin io.Reader
			if tc.name != "no stdin" {
				stdin = strings.NewReader(tc.stdin)
			}
			code := RunCommand(tc.args, stdin, &out, &errOut)
			if code != tc.code {
				t.Errorf("exit %d, want %d; stderr: %s", code, tc.code, errOut.String())
			}
			if tc.stdout != "*" && out.String() != tc.stdout {
				t.Errorf("stdout:\n%s\nwant:\n%s", out.String(), tc.stdout)
			}
			if !strings.Contains(errOut.String(), tc.stderr) {
				t.Errorf("stderr %q does not contain %q", errOut.String(), tc.stderr)
			}
		})
	}
}

// TestRunCommandOffsets checks that each printed span, counted in runes of
// the body after the front matter, holds the printed text.
func TestRunCommandOffsets(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("testdata", "article.md"))
	if err != nil {
		t.Fatal(err)
	}
	body, published, err := splitFrontMatter(string(data))
	if err != nil || published != "2021-04-08" {
		t.Fatalf("splitFrontMatter: %q, %v", published, err)
	}
	var out bytes.Buffer
	if code := RunCommand([]string{filepath.Join("testdata", "article.md")}, nil, &out, &bytes.Buffer{}); code != 0 {
		t.Fatalf("exit %d", code)
	}
	runes := []rune(body)
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var m struct {
			Text       string
			Start, End int
		}
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatal(err)
		}
		if got := string(runes[m.Start:m.End]); got != m.Text || utf8.RuneCountInString(m.Text) != m.End-m.Start {
			t.Errorf("span [%d,%d) holds %q, printed %q", m.Start, m.End, got, m.Text)
		}
	}
}

func TestWriteJSONLines(t *testing.T) {
	var b bytes.Buffer
	err := WriteJSONLines(&b, []Mention{{Date: "2025-autumn", Precision: Season, Text: "خريف <2025>", Paragraph: 2, Start: 1, End: 12}})
	want := `{"date":"2025-autumn","precision":"season","text":"خريف <2025>","start":1,"end":12,"paragraph":2}` + "\n"
	if err != nil || b.String() != want {
		t.Errorf("got %q, %v; want %q", b.String(), err, want)
	}
	if err := WriteJSONLines(&b, []Mention{{Text: "x"}}); err == nil {
		t.Error("a mention without precision was written")
	}
}
