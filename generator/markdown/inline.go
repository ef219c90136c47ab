package markdown

import (
	"bytes"
	"fmt"
	"strings"

	"briefing/generator/cite"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// maxBracket bounds how far a citation or topic link may run on its line.
const maxBracket = 1000

// bracketParser parses citations "[@...]" and topic links "[[...]]". Both
// start with "[", so one parser takes both and leaves every other bracket to
// goldmark's link parser.
type bracketParser struct{}

func (bracketParser) Trigger() []byte { return []byte{'['} }

func (bracketParser) Parse(parent ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	switch {
	case bytes.HasPrefix(line, []byte("[@")):
		end := bytes.IndexByte(line, ']')
		if end < 0 || end > maxBracket {
			return nil
		}
		raw := string(line[:end+1])
		n := &Citation{Raw: raw, Offset: seg.Start}
		n.Refs, n.Err = cite.ParseList(raw[1:end])
		if n.Err != nil {
			n.Err = fmt.Errorf("citation %s: %w", raw, n.Err)
		}
		block.Advance(end + 1)
		return n
	case bytes.HasPrefix(line, []byte("[[")):
		end := bytes.Index(line, []byte("]]"))
		if end < 0 || end > maxBracket {
			return nil
		}
		raw := string(line[:end+2])
		inner := raw[2:end]
		slug, label, _ := strings.Cut(inner, "|")
		slug = strings.TrimSpace(slug)
		n := &TopicLink{Raw: raw, Slug: slug, Label: strings.TrimSpace(label), Offset: seg.Start}
		if !cite.ValidID(slug) {
			n.Err = fmt.Errorf("topic link %s: %q is not a topic slug (want [a-z0-9][a-z0-9-]*)", raw, slug)
		}
		block.Advance(end + 2)
		return n
	}
	return nil
}
