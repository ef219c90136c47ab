package markdown

import (
	"fmt"

	"briefing/generator/cite"

	"github.com/yuin/goldmark/ast"
)

// KindCitation is the ast.NodeKind of a Citation.
var KindCitation = ast.NewNodeKind("Citation")

// Citation is an inline node for "[@a001:p2; @a003:p4]": one or more
// references to source paragraphs.
type Citation struct {
	ast.BaseInline
	Refs []cite.Ref
	// Numbers holds, for each of Refs, its number in the note's list of
	// sources (1-based, in order of first citation).
	Numbers []int
	// Occurrence is this citation's 1-based position among the citations
	// of the note; the rendered citation carries the id "cite-<Occurrence>".
	Occurrence int
	// Err is set when the bracket looked like a citation but did not parse.
	Err error
	// Raw is the citation as written, brackets included.
	Raw string
	// Offset is the byte offset of the citation in the source.
	Offset int
}

// Kind implements ast.Node.
func (n *Citation) Kind() ast.NodeKind { return KindCitation }

// Dump implements ast.Node.
func (n *Citation) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Refs": fmt.Sprint(n.Refs), "Err": fmt.Sprint(n.Err)}, nil)
}

// KindTopicLink is the ast.NodeKind of a TopicLink.
var KindTopicLink = ast.NewNodeKind("TopicLink")

// TopicLink is an inline node for "[[militias]]" or "[[militias|label]]".
type TopicLink struct {
	ast.BaseInline
	Slug   string
	Label  string // empty: the linked topic's title is shown
	Err    error
	Raw    string
	Offset int // byte offset in the source
}

// Kind implements ast.Node.
func (n *TopicLink) Kind() ast.NodeKind { return KindTopicLink }

// Dump implements ast.Node.
func (n *TopicLink) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Slug": n.Slug, "Label": n.Label}, nil)
}
