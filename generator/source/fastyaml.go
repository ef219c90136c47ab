package source

import (
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// quickYAML parses the plain shape front matter almost always has, a
// mapping of keys to one-line values, four times faster than yaml.v3, into
// the nodes yaml.v3 gives for it. It accepts only:
//
//	key: plain scalar          (letters, digits, spaces and . _ / - + only)
//	key: "double quoted"       (escapes \" and \\ only)
//	key: [item, "item"]        (one line, scalar items)
//	key: {ar: "…", en: "…"}    (one line, scalar values)
//	key:                       (null)
//	key:                       (followed by a block mapping of the forms
//	  sub: value                above, indented)
//
// with blank and comment lines between entries. For anything else (and
// for a document that would give yaml.v3 any other reading) it returns
// false, and the caller parses with yaml.v3, which also words the errors.
func quickYAML(data []byte) (*yaml.Node, bool) {
	if len(data) == 0 || !printable(data) {
		return nil, false
	}
	p := quick{lines: strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")}
	root, ok := p.mapping(-1)
	if !ok || p.i < len(p.lines) || root == nil {
		return nil, false
	}
	return root, true
}

// printable reports whether data is valid UTF-8 of characters YAML
// allows, without tabs, carriage returns or byte order marks.
func printable(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	for i, c := range data {
		switch {
		case c < ' ' && c != '\n' || c == 0x7f:
			return false
		case c == 0xc2 && i+1 < len(data) && data[i+1] <= 0x9f: // U+0080 to U+009F
			return false
		case c == 0xef && i+2 < len(data) && (data[i+1] == 0xbb && data[i+2] == 0xbf || data[i+1] == 0xbf && data[i+2] >= 0xbe):
			return false // U+FEFF, U+FFFE, U+FFFF
		}
	}
	return true
}

type quick struct {
	lines []string
	i     int // the next line
}

// skip passes blank and comment lines.
func (p *quick) skip() {
	for p.i < len(p.lines) {
		t := strings.TrimLeft(p.lines[p.i], " ")
		if t != "" && t[0] != '#' {
			return
		}
		p.i++
	}
}

// mapping reads a block mapping whose keys are indented by more than
// parent spaces (by none at the top, parent < 0). It returns nil when the
// next line is not such a key.
func (p *quick) mapping(parent int) (*yaml.Node, bool) {
	var m *yaml.Node
	indent := -1
	for p.skip(); p.i < len(p.lines); p.skip() {
		line := p.lines[p.i]
		n := len(line) - len(strings.TrimLeft(line, " "))
		switch {
		case indent < 0 && (parent < 0 && n != 0 || n <= parent):
			return nil, true // not a key of this mapping
		case indent < 0:
			indent = n
		case n < indent:
			return m, true
		case n > indent:
			return nil, false
		}
		key, rest, ok := strings.Cut(line[n:], ":")
		if !ok || !plainKey(key) || rest != "" && rest[0] != ' ' {
			return nil, false
		}
		lineNo := p.i + 1
		if m == nil {
			m = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: lineNo, Column: n + 1}
		}
		k := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key, Line: lineNo, Column: n + 1}
		p.i++
		var v *yaml.Node
		if text := strings.TrimLeft(rest, " "); text != "" {
			col := utf8.RuneCountInString(line[:len(line)-len(text)]) + 1
			if v, ok = value(text, lineNo, col); !ok {
				return nil, false
			}
		} else {
			sub, ok := p.mapping(n)
			if !ok {
				return nil, false
			}
			v = sub
			if v == nil {
				v = &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Line: lineNo, Column: n + len(key) + 2}
			}
		}
		m.Content = append(m.Content, k, v)
	}
	return m, true
}

// value reads a whole one-line value that starts at column col.
func value(s string, line, col int) (*yaml.Node, bool) {
	switch s[0] {
	case '[', '{':
		n, rest, ok := flow(s, line, col)
		if !ok || strings.TrimRight(rest, " ") != "" {
			return nil, false
		}
		return n, true
	}
	n, rest, ok := scalar(s, line, col, false)
	if !ok || strings.TrimRight(rest, " ") != "" {
		return nil, false
	}
	return n, true
}

// flow reads a flow sequence or mapping of scalars at the start of s.
func flow(s string, line, col int) (*yaml.Node, string, bool) {
	n := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Style: yaml.FlowStyle, Line: line, Column: col}
	closer := byte(']')
	if s[0] == '{' {
		n.Kind, n.Tag, closer = yaml.MappingNode, "!!map", '}'
	}
	at := 1
	for {
		at += len(s[at:]) - len(strings.TrimLeft(s[at:], " "))
		if at >= len(s) {
			return nil, "", false
		}
		if s[at] == closer && (len(n.Content) == 0) {
			return n, s[at+1:], true
		}
		c := col + utf8.RuneCountInString(s[:at])
		item, rest, ok := scalar(s[at:], line, c, true)
		if !ok {
			return nil, "", false
		}
		at = len(s) - len(rest)
		if n.Kind == yaml.MappingNode {
			if item.Style != 0 || !plainKey(item.Value) || at >= len(s) || s[at] != ':' || at+1 >= len(s) || s[at+1] != ' ' {
				return nil, "", false
			}
			item.Tag = "!!str"
			at += 2
			at += len(s[at:]) - len(strings.TrimLeft(s[at:], " "))
			if at >= len(s) {
				return nil, "", false
			}
			val, rest, ok := scalar(s[at:], line, col+utf8.RuneCountInString(s[:at]), true)
			if !ok {
				return nil, "", false
			}
			n.Content = append(n.Content, item, val)
			at = len(s) - len(rest)
		} else {
			n.Content = append(n.Content, item)
		}
		at += len(s[at:]) - len(strings.TrimLeft(s[at:], " "))
		switch {
		case at < len(s) && s[at] == ',':
			at++
			if t := strings.TrimLeft(s[at:], " "); t != "" && t[0] == closer {
				return nil, "", false // a trailing comma: leave it to yaml.v3
			}
		case at < len(s) && s[at] == closer:
			return n, s[at+1:], true
		default:
			return nil, "", false
		}
	}
}

// scalar reads a double-quoted or plain scalar at the start of s and
// returns what follows it. In a flow, a plain scalar ends at ", ", ":"
// or the closing bracket.
func scalar(s string, line, col int, inFlow bool) (*yaml.Node, string, bool) {
	if s[0] == '"' {
		if end := strings.IndexAny(s[1:], `"\`) + 1; end > 0 && s[end] == '"' {
			return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: s[1:end], Line: line, Column: col}, s[end+1:], true
		}
		var b strings.Builder
		for i := 1; i < len(s); i++ {
			switch c := s[i]; c {
			case '"':
				return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: b.String(), Line: line, Column: col}, s[i+1:], true
			case '\\':
				if i+1 >= len(s) || s[i+1] != '"' && s[i+1] != '\\' {
					return nil, "", false
				}
				i++
				b.WriteByte(s[i])
			default:
				b.WriteByte(c)
			}
		}
		return nil, "", false
	}
	end := 0
	for end < len(s) && plainByte(s[end]) {
		end++
	}
	v := strings.TrimRight(s[:end], " ")
	if v == "" || v[0] == '-' || v[0] == '.' || v[0] == '+' {
		return nil, "", false
	}
	rest := s[len(v):]
	if inFlow {
		if t := strings.TrimLeft(rest, " "); t != "" && !strings.ContainsRune(",]}:", rune(t[0])) {
			return nil, "", false
		}
	} else if strings.TrimRight(rest, " ") != "" {
		return nil, "", false
	}
	n := &yaml.Node{Kind: yaml.ScalarNode, Value: v, Line: line, Column: col}
	n.Tag = n.ShortTag() // yaml.v3's own reading: !!str, !!int, !!timestamp...
	if n.Tag == "!!float" || n.Tag == "!!null" || n.Tag == "!!bool" && v != "true" && v != "false" {
		return nil, "", false // the rare forms: let yaml.v3 decide
	}
	return n, rest, true
}

// plainByte reports whether c may appear in a plain scalar the quick
// parser accepts.
func plainByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == ' ' || c == '.' || c == '_' || c == '/' || c == '-' || c == '+'
}

// plainKey reports whether k is a key the quick parser accepts.
func plainKey(k string) bool {
	if k == "" || len(k) > 128 { // YAML limits simple keys to 1024 characters
		return false
	}
	for i := 0; i < len(k); i++ {
		c := k[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || i > 0 && (c >= '0' && c <= '9' || c == '-')) {
			return false
		}
	}
	return true
}
