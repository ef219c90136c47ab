package source

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"briefing/generator/cite"
	"briefing/generator/date"
	"briefing/generator/diag"

	"go.yaml.in/yaml/v3"
)

// splitFrontMatter separates the YAML front matter of a Markdown file from
// its body. It returns the YAML, the body and the 1-based line on which the
// body starts.
func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, err error) {
	data = bytes.TrimPrefix(data, []byte("\uFEFF"))
	first, rest, _ := bytes.Cut(data, []byte("\n"))
	if string(bytes.TrimRight(first, " \t\r")) != "---" {
		return nil, nil, 0, fmt.Errorf("file must start with front matter: a line \"---\"")
	}
	line := 2
	off := 0
	for off <= len(rest) {
		end := bytes.IndexByte(rest[off:], '\n')
		var l []byte
		next := len(rest) + 1
		if end >= 0 {
			l = rest[off : off+end]
			next = off + end + 1
		} else {
			l = rest[off:]
		}
		if string(bytes.TrimRight(l, " \t\r")) == "---" {
			if next > len(rest) {
				next = len(rest)
			}
			return rest[:off], rest[next:], line + 1, nil
		}
		off = next
		line++
	}
	return nil, nil, 0, fmt.Errorf("front matter is not closed: no line \"---\" after the opening one")
}

// fields reads the values of one YAML mapping, reporting every problem to
// a diagnostic list with the line it is on.
type fields struct {
	path   string
	offset int // added to YAML line numbers to give file line numbers
	line   int // the line of the mapping itself
	values map[string]*yaml.Node
	keys   map[string]int
	d      *diag.List
	known  map[string]bool
}

// newFields reads node as a mapping. It reports a diagnostic and returns
// nil when node is not a mapping.
func newFields(path string, offset int, node *yaml.Node, what string, d *diag.List) *fields {
	if node.Kind != yaml.MappingNode {
		d.Errorf(path, node.Line+offset, "%s must be a mapping of fields (key: value)", what)
		return nil
	}
	f := &fields{path: path, offset: offset, line: node.Line + offset, values: map[string]*yaml.Node{},
		keys: map[string]int{}, d: d, known: map[string]bool{}}
	for i := 0; i+1 < len(node.Content); i += 2 {
		k, v := node.Content[i], node.Content[i+1]
		if _, dup := f.values[k.Value]; dup {
			d.Errorf(path, k.Line+offset, "field %q is given twice", k.Value)
		}
		f.values[k.Value] = v
		f.keys[k.Value] = k.Line + offset
	}
	return f
}

func (f *fields) lineOf(n *yaml.Node) int { return n.Line + f.offset }

// get returns the value of key, reporting a missing required field.
func (f *fields) get(key string, required bool) *yaml.Node {
	f.known[key] = true
	v, ok := f.values[key]
	if !ok || (v.Kind == yaml.ScalarNode && v.Tag == "!!null") {
		if required {
			f.d.Errorf(f.path, f.line, "missing required field %q", key)
		}
		return nil
	}
	return v
}

// unknown warns about fields that no getter asked for: usually a typo.
func (f *fields) unknown() {
	for k, line := range f.keys {
		if !f.known[k] {
			f.d.Warnf(f.path, line, "unknown field %q is ignored", k)
		}
	}
}

func (f *fields) str(key string, required bool) string {
	v := f.get(key, required)
	if v == nil {
		return ""
	}
	if v.Kind != yaml.ScalarNode {
		f.d.Errorf(f.path, f.lineOf(v), "field %q must be a single value", key)
		return ""
	}
	s := strings.TrimSpace(v.Value)
	if s == "" && required {
		f.d.Errorf(f.path, f.lineOf(v), "field %q is empty", key)
	}
	return s
}

func (f *fields) boolean(key string) bool {
	v := f.get(key, false)
	if v == nil {
		return false
	}
	var b bool
	if err := v.Decode(&b); err != nil || v.Kind != yaml.ScalarNode {
		f.d.Errorf(f.path, f.lineOf(v), "field %q must be true or false", key)
	}
	return b
}

func (f *fields) integer(key string) int {
	v := f.get(key, false)
	if v == nil {
		return 0
	}
	var n int
	if err := v.Decode(&n); err != nil || v.Kind != yaml.ScalarNode {
		f.d.Errorf(f.path, f.lineOf(v), "field %q must be a whole number", key)
	}
	return n
}

func (f *fields) date(key string, required bool) (date.Date, int) {
	v := f.get(key, required)
	if v == nil {
		return date.Date{}, f.line
	}
	d, err := date.Parse(strings.TrimSpace(v.Value))
	if err != nil || v.Kind != yaml.ScalarNode {
		f.d.Errorf(f.path, f.lineOf(v), "field %q: %q is not a date (want YYYY-MM-DD, YYYY-MM or YYYY)", key, v.Value)
		return date.Date{}, f.lineOf(v)
	}
	return d, f.lineOf(v)
}

// strList reads a list of strings; a single string is taken as a list of one.
func (f *fields) strList(key string) ([]string, int) {
	v := f.get(key, false)
	if v == nil {
		return nil, f.line
	}
	return f.strings(key, v), f.lineOf(v)
}

func (f *fields) strings(key string, v *yaml.Node) []string {
	switch v.Kind {
	case yaml.ScalarNode:
		if s := strings.TrimSpace(v.Value); s != "" {
			return []string{s}
		}
		return nil
	case yaml.SequenceNode:
		out := make([]string, 0, len(v.Content))
		for _, it := range v.Content {
			if it.Kind != yaml.ScalarNode {
				f.d.Errorf(f.path, f.lineOf(it), "field %q must be a list of strings", key)
				continue
			}
			out = append(out, strings.TrimSpace(it.Value))
		}
		return out
	}
	f.d.Errorf(f.path, f.lineOf(v), "field %q must be a list of strings", key)
	return nil
}

// slugs reads a list of ids or slugs and checks their form.
func (f *fields) slugs(key string) ([]string, int) {
	list, line := f.strList(key)
	for _, s := range list {
		if !cite.ValidID(s) {
			f.d.Errorf(f.path, line, "field %q: %q is not a valid slug (want [a-z0-9][a-z0-9-]*)", key, s)
		}
	}
	return list, line
}

// text reads a text given per language, {ar: "...", en: "..."}. A plain
// string is accepted as the text in every language.
func (f *fields) text(key string, required bool) Text {
	v := f.get(key, required)
	if v == nil {
		return nil
	}
	switch v.Kind {
	case yaml.ScalarNode:
		s := strings.TrimSpace(v.Value)
		if s == "" {
			if required {
				f.d.Errorf(f.path, f.lineOf(v), "field %q is empty", key)
			}
			return nil
		}
		return Text{"": s}
	case yaml.MappingNode:
		t := Text{}
		for i := 0; i+1 < len(v.Content); i += 2 {
			k, val := v.Content[i], v.Content[i+1]
			if !Supported(k.Value) {
				f.d.Errorf(f.path, f.lineOf(k), "field %q: unknown language %q (want one of %s)", key, k.Value, strings.Join(Languages, ", "))
				continue
			}
			if val.Kind != yaml.ScalarNode {
				f.d.Errorf(f.path, f.lineOf(val), "field %q: the %s text must be a string", key, k.Value)
				continue
			}
			if s := strings.TrimSpace(val.Value); s != "" {
				t[k.Value] = s
			}
		}
		if len(t) == 0 && required {
			f.d.Errorf(f.path, f.lineOf(v), "field %q is empty", key)
		}
		return t
	}
	f.d.Errorf(f.path, f.lineOf(v), "field %q must be a text or a mapping of language to text", key)
	return nil
}

// textLists reads lists of strings per language, {ar: [..], en: [..]}.
func (f *fields) textLists(key string) map[string][]string {
	v := f.get(key, false)
	if v == nil {
		return nil
	}
	if v.Kind != yaml.MappingNode {
		f.d.Errorf(f.path, f.lineOf(v), "field %q must map each language to a list of strings", key)
		return nil
	}
	out := map[string][]string{}
	for i := 0; i+1 < len(v.Content); i += 2 {
		k, val := v.Content[i], v.Content[i+1]
		if !Supported(k.Value) {
			f.d.Errorf(f.path, f.lineOf(k), "field %q: unknown language %q (want one of %s)", key, k.Value, strings.Join(Languages, ", "))
			continue
		}
		list := f.strings(key, val)
		for _, it := range list {
			if it == "" {
				f.d.Warnf(f.path, f.lineOf(val), "field %q: an empty %s entry is ignored", key, k.Value)
			}
		}
		out[k.Value] = slices.DeleteFunc(list, func(s string) bool { return s == "" })
	}
	return out
}

// url reads an optional http or https URL.
func (f *fields) url(key string) string {
	s := f.str(key, false)
	if s == "" {
		return ""
	}
	lower := strings.ToLower(s)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") || strings.ContainsAny(s, " \t\n\"<>") {
		f.d.Errorf(f.path, f.keys[key], "field %q: %q is not an http or https URL", key, s)
		return ""
	}
	return s
}

// parseYAML parses data as one YAML document and returns its root node,
// reporting a syntax error at its line.
func parseYAML(path string, offset int, data []byte, d *diag.List) *yaml.Node {
	if root, ok := quickYAML(data); ok {
		return root
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		line, msg := yamlErrorLine(err)
		d.Errorf(path, line+offset, "invalid YAML: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		return &yaml.Node{Kind: yaml.MappingNode, Line: 1}
	}
	return doc.Content[0]
}

// yamlErrorLine extracts the line from a yaml error message such as
// "yaml: line 3: did not find expected key".
func yamlErrorLine(err error) (int, string) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var line int
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if _, err := fmt.Sscanf(n, "%d", &line); err == nil {
				return line, after
			}
		}
	}
	return 1, msg
}
