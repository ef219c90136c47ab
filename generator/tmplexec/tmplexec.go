// Package tmplexec executes html/template templates faster than
// html/template does, with the same output.
//
// html/template escapes a template once, by rewriting its parse tree:
// every action that prints gets a pipeline of escapers, such as
// {{.Href | _html_template_urlfilter | _html_template_urlnormalizer |
// _html_template_attrescaper}}. text/template then walks that tree for
// every execution, looking each field up by name and calling each escaper
// through reflection. On pages made of thousands of short values that
// costs far more than the escaping itself.
//
// A Template compiles the escaped tree once into Go closures: fields are
// found by index, cached per type; the escapers are Go functions that
// write straight into the output buffer. It knows the constructs that
// themes commonly use (fields, map keys, methods without arguments,
// variables, if, with, range over slices and arrays, template calls, the
// builtins and, or, not, eq, ne, len and index, string, number and boolean
// literals) and the escapers of HTML text, attribute values, RCDATA and
// URLs, and template.CSS in a CSS value. A template with anything else, including a call of a template
// from another context than HTML text (html/template escapes it into a
// copy it does not expose), is executed by html/template, as is
// any execution that meets, at run time, a value it does not handle (a
// typed string other than template.HTML, a nil pointer, a missing map key,
// a range over a map, an error): the partial output is discarded and
// html/template renders the page again, so its output and its error
// messages are what the caller gets.
package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"reflect"
)

// Template executes one named template of an html/template set.
type Template struct {
	set  *template.Template
	name string
	prog *compiled // nil when the template uses what this package lacks
	why  error     // why prog is nil
}

// New returns a Template that executes the template called name in set.
// It escapes set as html/template would on its first execution; an
// escaping error is left for Execute to return, as html/template does.
func New(set *template.Template, name string) *Template {
	t := &Template{set: set, name: name}
	// Executing with no data escapes the template and every template it
	// calls, then fails at the first field; only the escaping matters.
	_ = set.ExecuteTemplate(io.Discard, name, nil)
	if set.Lookup(name) == nil {
		t.why = fmt.Errorf("no template %q", name)
		return t
	}
	c := &compiler{set: set, done: map[string]*compiled{}}
	prog, err := c.template(name)
	if err != nil {
		t.why = err
		return t
	}
	t.prog = prog
	return t
}

// Compiled reports whether t runs compiled, and if not, why.
func (t *Template) Compiled() (bool, error) { return t.prog != nil, t.why }

// Execute appends the template's output for data to buf. On error buf
// holds what it held before.
func (t *Template) Execute(buf *bytes.Buffer, data any) error {
	start := buf.Len()
	if t.prog != nil && t.run(buf, data) == nil {
		return nil
	}
	buf.Truncate(start)
	if err := t.set.ExecuteTemplate(buf, t.name, data); err != nil {
		buf.Truncate(start)
		return err
	}
	return nil
}

// errFallback says that html/template must execute the template: the
// compiled program met a value or a case it does not handle.
var errFallback = errors.New("tmplexec: not handled")

// run executes the compiled program. Any error, and any panic in a method
// the template calls, means html/template must run instead.
func (t *Template) run(buf *bytes.Buffer, data any) (err error) {
	defer func() {
		if recover() != nil {
			err = errFallback
		}
	}()
	s := &state{buf: buf}
	return t.prog.exec(s, reflect.ValueOf(data))
}
