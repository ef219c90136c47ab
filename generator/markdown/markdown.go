// Package markdown turns note bodies into HTML: CommonMark with tables,
// strikethrough and footnotes, plus two inline extensions of our own,
// citations ("[@a003:p4]") and topic links ("[[militias]]"), and fenced
// code highlighted by chroma with CSS classes.
//
// A note is parsed into a Doc, which depends on nothing but its bytes and
// can be cached; it holds what the rest of the pipeline asks of the note,
// and its source, which rendering parses again. Rendering takes a Resolver
// that knows the rest of the site: where a cited paragraph lives and what
// it says, and where a topic's briefing is.
package markdown

import (
	"bytes"
	"io"
	"strings"

	"briefing/generator/cite"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Heading is an entry of a note's table of contents.
type Heading struct {
	Level int
	ID    string
	Text  string
}

// Use is one reference of a citation, where it is written.
type Use struct {
	Ref        cite.Ref
	Number     int // the reference's number in the list of sources
	Occurrence int // the citation's position, as in the id "cite-<Occurrence>"
	Line       int // 1-based line in the parsed source
}

// TopicUse is one topic link, where it is written.
type TopicUse struct {
	Slug string
	Line int
}

// Problem is a syntax error in a citation or topic link.
type Problem struct {
	Line    int
	Message string
}

// Doc is a parsed Markdown document with what the rest of the pipeline
// needs to know about it. A Doc is not modified after Parse returns.
//
// A Doc keeps its source and the plain text of its sections (for search),
// about twice the bytes of the source, but not its syntax tree, which takes
// about four times as many: Render parses the source again. A site's notes
// are each rendered about once per build, and parsing is a small part of
// rendering, so the tree would be kept for the whole build to save little.
type Doc struct {
	parser   *Parser
	source   []byte
	sections []Section
	TOC      []Heading
	Refs     []cite.Ref // distinct references in order of first citation: number i+1 is Refs[i]
	Uses     []Use
	Topics   []TopicUse
	Problems []Problem
}

// Parser parses Markdown into Docs. It is safe for concurrent use.
type Parser struct {
	md goldmark.Markdown
}

// NewParser returns a Parser.
func NewParser() *Parser {
	md := goldmark.New(
		goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Footnote),
		goldmark.WithParserOptions(
			parser.WithInlineParsers(util.Prioritized(bracketParser{}, 150)),
		),
	)
	return &Parser{md: md}
}

// Parse parses src. The returned Doc keeps src; the caller must not
// modify it afterwards.
func (p *Parser) Parse(src []byte) *Doc {
	doc, root := p.parse(src, true)
	doc.sections = sections(root, src)
	return doc
}

// parse parses src into a tree whose headings have their ids and whose
// citations have their numbers, which is all Render needs, and, with
// record, a Doc of what the tree says. Without record the Doc holds only
// the references, which number the citations.
func (p *Parser) parse(src []byte, record bool) (*Doc, ast.Node) {
	root := p.md.Parser().Parse(text.NewReader(src))
	doc := &Doc{parser: p, source: src}
	ids := newHeadingIDs()
	var lines lineIndex
	if record {
		lines = newLineIndex(src)
	}
	numbers := map[cite.Ref]int{}
	occurrence := 0
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			// Ids come from the heading's words, without citations or
			// markup, so they read well and survive edits of either.
			text := plainText(n, src)
			id := string(ids.Generate([]byte(text), n.Kind()))
			n.SetAttributeString("id", []byte(id))
			if record && n.Level >= 2 && n.Level <= 3 {
				doc.TOC = append(doc.TOC, Heading{Level: n.Level, ID: id, Text: text})
			}
		case *Citation:
			line := 0
			if record {
				line = lines.of(n.Offset)
			}
			if n.Err != nil {
				if record {
					doc.Problems = append(doc.Problems, Problem{Line: line, Message: n.Err.Error()})
				}
				break
			}
			occurrence++
			n.Occurrence = occurrence
			n.Numbers = make([]int, len(n.Refs))
			for i, r := range n.Refs {
				num, ok := numbers[r]
				if !ok {
					doc.Refs = append(doc.Refs, r)
					num = len(doc.Refs)
					numbers[r] = num
				}
				n.Numbers[i] = num
				if record {
					doc.Uses = append(doc.Uses, Use{Ref: r, Number: num, Occurrence: occurrence, Line: line})
				}
			}
		case *TopicLink:
			if !record {
				break
			}
			line := lines.of(n.Offset)
			if n.Err != nil {
				doc.Problems = append(doc.Problems, Problem{Line: line, Message: n.Err.Error()})
				break
			}
			doc.Topics = append(doc.Topics, TopicUse{Slug: n.Slug, Line: line})
		}
		return ast.WalkContinue, nil
	})
	return doc, root
}

// plainText returns the text of a node without markup.
func plainText(n ast.Node, src []byte) string {
	var b bytes.Buffer
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		if c.Type() == ast.TypeBlock && b.Len() > 0 {
			b.WriteByte(' ')
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		case *TopicLink:
			if c.Label != "" {
				b.WriteString(c.Label)
			} else {
				b.WriteString(c.Slug)
			}
		case *Citation:
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return string(bytes.TrimSpace(b.Bytes()))
}

type lineIndex []int

func newLineIndex(src []byte) lineIndex {
	idx := lineIndex{0}
	for i, c := range src {
		if c == '\n' {
			idx = append(idx, i+1)
		}
	}
	return idx
}

// of returns the 1-based line of byte offset off.
func (idx lineIndex) of(off int) int {
	lo, hi := 0, len(idx)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if idx[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// Target is what a Resolver knows about a cited reference.
type Target struct {
	Href        string // link to the paragraph, relative to the page being rendered
	Label       string // the reference as the reader sees it, e.g. "a003 ¶4"
	Preview     string // the cited text, shown on hover and focus
	PreviewLang string // language of Preview
}

// Resolver connects a Doc to the rest of the site. Its methods must be safe
// for concurrent use.
type Resolver interface {
	// Cite returns where a reference points. ok is false for a reference
	// to something that does not exist.
	Cite(r cite.Ref) (t Target, ok bool)
	// Topic returns the link to a topic's briefing and its title.
	Topic(slug string) (href, title string, ok bool)
	// Number formats a citation number for the page's language.
	Number(n int) string
}

// Options configure a Renderer.
type Options struct {
	// UnsafeHTML passes raw HTML in Markdown through. Off, it is escaped
	// and shown as text.
	UnsafeHTML bool
}

// Renderer renders Docs to HTML. It is safe for concurrent use.
type Renderer struct {
	r renderer.Renderer
}

// NewRenderer returns a Renderer that resolves citations and topic links
// with res.
func NewRenderer(res Resolver, opts Options) *Renderer {
	var htmlOpts []html.Option
	if opts.UnsafeHTML {
		htmlOpts = append(htmlOpts, html.WithUnsafe())
	}
	funcs := []util.PrioritizedValue{
		util.Prioritized(html.NewRenderer(htmlOpts...), 1000),
		util.Prioritized(extension.NewTableHTMLRenderer(), 500),
		util.Prioritized(extension.NewStrikethroughHTMLRenderer(), 500),
		util.Prioritized(extension.NewFootnoteHTMLRenderer(), 500),
		util.Prioritized(&nodeRenderer{res: res, unsafe: opts.UnsafeHTML}, 100),
	}
	return &Renderer{r: renderer.NewRenderer(renderer.WithNodeRenderers(funcs...))}
}

// Render writes the HTML of doc to w.
func (r *Renderer) Render(w io.Writer, doc *Doc) error {
	_, root := doc.parser.parse(doc.source, false)
	return r.r.Render(w, doc.source, root)
}

// Section is the plain text of a note between two headings, for search.
type Section struct {
	ID      string // the heading's id; "" before the first heading
	Heading string
	Text    string
}

// Sections splits the document at its headings and returns the plain text
// of each part, without markup or citations. The caller must not modify
// the slice.
func (d *Doc) Sections() []Section { return d.sections }

// sections returns the Sections of the tree root parsed from src.
func sections(root ast.Node, src []byte) []Section {
	var out []Section
	cur := Section{}
	var b strings.Builder
	flush := func() {
		cur.Text = strings.Join(strings.Fields(b.String()), " ")
		if cur.Text != "" || cur.Heading != "" {
			out = append(out, cur)
		}
		b.Reset()
	}
	for n := root.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok {
			flush()
			id, _ := h.AttributeString("id")
			idb, _ := id.([]byte)
			cur = Section{ID: string(idb), Heading: plainText(h, src)}
			continue
		}
		b.WriteString(plainText(n, src))
		b.WriteByte(' ')
	}
	flush()
	return out
}
