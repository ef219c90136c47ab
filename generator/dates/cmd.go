package dates

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

const usage = `usage: briefing dates [--published YYYY-MM-DD|YYYY-MM] [FILE|-]

Prints the date mentions of an article, one JSON object per line:
{"date":"2021-04-07","precision":"day","text":"7 أبريل/نيسان","start":216,"end":229,"paragraph":1}

FILE is a source article, with or without YAML front matter between two
"---" lines; "-" or no FILE reads standard input. Offsets count characters
of the text after the front matter; paragraphs are its non-empty lines.
Relative mentions ("الشهر الماضي", "الأربعاء", "last week") are resolved
against --published, or else the front matter's published: field; those
that cannot be placed are reported on standard error.

Exit status: 0 done, 1 the input could not be read or parsed, 2 bad usage.
`

// RunCommand runs "briefing dates" with args (the arguments after
// "dates"), reading standard input from stdin when asked to. It returns the
// exit status: 0 on success (also for -h, which prints the usage to
// stdout), 1 when the input cannot be read or its front matter or
// publication date does not parse, 2 on a usage error.
func RunCommand(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("dates", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {}
	published := fs.String("published", "", "the publication date, YYYY-MM-DD or YYYY-MM")
	var files []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, usage)
			return 0
		}
		if err != nil {
			fmt.Fprint(stderr, usage)
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0)) // flags may follow the file
		args = fs.Args()[1:]
	}
	if len(files) > 1 {
		fmt.Fprintf(stderr, "dates: one input expected, got %d\n%s", len(files), usage)
		return 2
	}
	var pub Published
	if *published != "" {
		p, err := ParsePublished(*published)
		if err != nil {
			fmt.Fprintf(stderr, "%v\n%s", err, usage)
			return 2
		}
		pub = p
	}
	name, data, err := readInput(files, stdin)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	body, fmPublished, err := splitFrontMatter(string(data))
	if err != nil {
		fmt.Fprintf(stderr, "dates: %s: %v\n", name, err)
		return 1
	}
	if *published == "" && fmPublished != "" {
		if pub, err = ParsePublished(fmPublished); err != nil {
			fmt.Fprintf(stderr, "%s: front matter: %v\n", name, err)
			return 1
		}
	}
	ms, dropped := New().Scan(body, pub)
	if err := WriteJSONLines(stdout, ms); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, d := range dropped {
		fmt.Fprintf(stderr, "%s:p%d: dropped %q: %s\n", name, d.Paragraph, d.Text, d.Reason)
	}
	return 0
}

// readInput reads the one file named, or stdin for "-" or none.
func readInput(files []string, stdin io.Reader) (name string, data []byte, err error) {
	if len(files) == 0 || files[0] == "-" {
		if stdin == nil {
			return "stdin", nil, errors.New("dates: no standard input to read")
		}
		data, err = io.ReadAll(stdin)
		if err != nil {
			return "stdin", nil, fmt.Errorf("dates: reading standard input: %w", err)
		}
		return "stdin", data, nil
	}
	data, err = os.ReadFile(files[0])
	if err != nil {
		return files[0], nil, fmt.Errorf("dates: %w", err)
	}
	return files[0], data, nil
}

// splitFrontMatter returns the text after a YAML front matter block (a
// first line "---" up to the next line "---") and the front matter's
// published field. A text without front matter is returned whole. A block
// that is not closed, or not YAML, is an error.
func splitFrontMatter(text string) (body, published string, err error) {
	text = strings.TrimPrefix(text, "\uFEFF")
	first, rest, _ := strings.Cut(text, "\n")
	if strings.TrimRight(first, " \t\r") != "---" {
		return text, "", nil
	}
	var block []string
	for {
		line, after, found := strings.Cut(rest, "\n")
		if strings.TrimRight(line, " \t\r") == "---" {
			published, err := publishedField(strings.Join(block, "\n"))
			return after, published, err
		}
		if !found {
			break
		}
		block = append(block, line)
		rest = after
	}
	return "", "", errors.New("front matter: no closing --- line")
}

// publishedField returns the published field of a YAML front matter block
// as written ("2021-04-08", "2021-04"), or "" when there is none.
func publishedField(src string) (string, error) {
	var fm struct {
		Published yaml.Node `yaml:"published"`
	}
	if err := yaml.Unmarshal([]byte(src), &fm); err != nil {
		return "", fmt.Errorf("front matter: %w", err)
	}
	if fm.Published.Kind != 0 && fm.Published.Kind != yaml.ScalarNode {
		return "", errors.New("front matter: published is not a date")
	}
	return fm.Published.Value, nil
}
