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
	"strconv"
	"sync/atomic"
	"text/template/parse"
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

// maxDepth bounds template recursion; past it html/template takes over
// and reports the error.
const maxDepth = 1000

type state struct {
	buf   *bytes.Buffer
	vars  []variable // the variables in scope are vars[base:]
	base  int
	depth int
}

type variable struct {
	name  string
	value reflect.Value
}

func (s *state) lookup(name string) (reflect.Value, error) {
	if i := s.find(name); i >= 0 {
		return s.vars[i].value, nil
	}
	return reflect.Value{}, errFallback
}

func (s *state) find(name string) int {
	for i := len(s.vars) - 1; i >= s.base; i-- {
		if s.vars[i].name == name {
			return i
		}
	}
	return -1
}

// compiled is one template's body.
type compiled struct {
	body action
}

func (c *compiled) exec(s *state, dot reflect.Value) error {
	if s.depth++; s.depth > maxDepth {
		return errFallback
	}
	// A template sees only its own variables, starting with $.
	base, mark := s.base, len(s.vars)
	s.base = mark
	s.vars = append(s.vars, variable{"$", dot})
	err := c.body(s, dot)
	s.vars, s.base = s.vars[:mark], base
	s.depth--
	return err
}

// An action writes the output of a node for dot.
type action func(s *state, dot reflect.Value) error

// An expr evaluates to a value for dot.
type expr func(s *state, dot reflect.Value) (reflect.Value, error)

// A fieldSite is one field name in a chain such as .Item.Title. It caches,
// per receiver type, how the name resolves: a method, a struct field or a
// map key.
type fieldSite struct {
	name    string
	nameVal reflect.Value
	cache   atomic.Pointer[[]*resolved]
}

type resolved struct {
	typ    reflect.Type
	addr   bool  // the receiver was addressable (its pointer's methods count)
	method int   // method index, or -1
	index  []int // struct field index, when method < 0 and not mapKey
	mapKey bool
}

func (f *fieldSite) resolve(v reflect.Value) (*resolved, error) {
	typ, addr := v.Type(), v.CanAddr()
	if p := f.cache.Load(); p != nil {
		for _, r := range *p {
			if r.typ == typ && r.addr == addr {
				return r, nil
			}
		}
	}
	r := &resolved{typ: typ, addr: addr, method: -1}
	mt := typ
	if addr {
		mt = reflect.PointerTo(typ)
	}
	if m, ok := mt.MethodByName(f.name); ok {
		r.method = m.Index
	} else {
		switch typ.Kind() {
		case reflect.Struct:
			sf, ok := typ.FieldByName(f.name)
			if !ok || !sf.IsExported() {
				return r, errFallback
			}
			r.index = sf.Index
		case reflect.Map:
			if typ.Key().Kind() != reflect.String || !f.nameVal.Type().AssignableTo(typ.Key()) {
				return r, errFallback
			}
			r.mapKey = true
		default:
			return r, errFallback
		}
	}
	for {
		old := f.cache.Load()
		var next []*resolved
		if old != nil {
			next = append(next, *old...)
		}
		next = append(next, r)
		if f.cache.CompareAndSwap(old, &next) {
			return r, nil
		}
	}
}

// get evaluates the field on receiver v, as text/template's evalField
// does when it succeeds.
func (f *fieldSite) get(v reflect.Value) (reflect.Value, error) {
	v, ok := indirect(v)
	if !ok {
		return reflect.Value{}, errFallback
	}
	r, err := f.resolve(v)
	if err != nil {
		return reflect.Value{}, err
	}
	switch {
	case r.method >= 0:
		if r.addr {
			v = v.Addr()
		}
		return call(v.Method(r.method))
	case r.mapKey:
		out := v.MapIndex(f.nameVal)
		if !out.IsValid() {
			return out, errFallback // html/template applies the missingkey option
		}
		return out, nil
	case len(r.index) == 1:
		return v.Field(r.index[0]), nil
	default:
		out, err := v.FieldByIndexErr(r.index)
		if err != nil {
			return out, errFallback
		}
		return out, nil
	}
}

var errorType = reflect.TypeFor[error]()

// call calls a method that takes no arguments and returns a value, and
// possibly an error.
func call(m reflect.Value) (reflect.Value, error) {
	t := m.Type()
	if t.NumIn() != 0 || t.NumOut() == 0 || t.NumOut() > 2 || t.NumOut() == 2 && t.Out(1) != errorType {
		return reflect.Value{}, errFallback
	}
	out := m.Call(nil)
	if len(out) == 2 && !out[1].IsNil() {
		return reflect.Value{}, errFallback
	}
	return out[0], nil
}

// indirect follows pointers and interfaces to a value; ok is false if one
// of them is nil or v is the zero Value.
func indirect(v reflect.Value) (reflect.Value, bool) {
	for v.IsValid() && (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) {
		if v.IsNil() {
			return v, false
		}
		v = v.Elem()
	}
	return v, v.IsValid()
}

// truth reports whether v is true in text/template's sense: not the zero
// value of its kind, and not empty.
func truth(v reflect.Value) bool {
	if !v.IsValid() {
		return false
	}
	switch v.Kind() {
	case reflect.Array, reflect.Map, reflect.Slice, reflect.String:
		return v.Len() > 0
	case reflect.Bool:
		return v.Bool()
	case reflect.Complex64, reflect.Complex128:
		return v.Complex() != 0
	case reflect.Chan, reflect.Func, reflect.Pointer, reflect.UnsafePointer, reflect.Interface:
		return !v.IsNil()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() != 0
	case reflect.Float32, reflect.Float64:
		return v.Float() != 0
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return v.Uint() != 0
	case reflect.Struct:
		return true
	}
	return false
}

// unwrap does what text/template does with the value of every pipeline:
// a value held in an empty interface is taken out of it.
func unwrap(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface && v.Type().NumMethod() == 0 {
		return reflect.ValueOf(v.Interface())
	}
	return v
}

var (
	stringType = reflect.TypeFor[string]()
	htmlType   = reflect.TypeFor[template.HTML]()
	cssType    = reflect.TypeFor[template.CSS]()
	intType    = reflect.TypeFor[int]()
	boolType   = reflect.TypeFor[bool]()
)

// content is the kind of text a value prints as: plain text, or one of
// html/template's typed strings that it trusts in their own context.
type content uint8

const (
	plain    content = iota
	safeHTML         // template.HTML
	safeCSS          // template.CSS
)

// text returns the text html/template's escapers would see for v, and its
// kind. Values whose printing depends on more than their kind (other
// typed strings, Stringers, errors, floats, nil) are left to
// html/template.
func text(v reflect.Value) (string, content, error) {
	v, ok := indirect(v)
	if !ok {
		return "", plain, errFallback
	}
	switch v.Type() {
	case stringType:
		return v.String(), plain, nil
	case htmlType:
		return v.String(), safeHTML, nil
	case cssType:
		return v.String(), safeCSS, nil
	case intType:
		return strconv.FormatInt(v.Int(), 10), plain, nil
	case boolType:
		return strconv.FormatBool(v.Bool()), plain, nil
	}
	return "", plain, errFallback
}

// compiler turns escaped parse trees into actions.
type compiler struct {
	set  *template.Template
	done map[string]*compiled
}

func (c *compiler) template(name string) (*compiled, error) {
	if p, ok := c.done[name]; ok {
		return p, nil // possibly still being compiled: a recursive call
	}
	t := c.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		return nil, fmt.Errorf("no template %q", name)
	}
	p := &compiled{}
	c.done[name] = p
	body, err := c.list(t.Tree.Root)
	if err != nil {
		return nil, fmt.Errorf("template %q: %w", name, err)
	}
	p.body = body
	return p, nil
}

func (c *compiler) list(l *parse.ListNode) (action, error) {
	if l == nil {
		return func(*state, reflect.Value) error { return nil }, nil
	}
	var acts []action
	for _, n := range l.Nodes {
		a, err := c.node(n)
		if err != nil {
			return nil, err
		}
		if a != nil {
			acts = append(acts, a)
		}
	}
	return func(s *state, dot reflect.Value) error {
		for _, a := range acts {
			if err := a(s, dot); err != nil {
				return err
			}
		}
		return nil
	}, nil
}

func (c *compiler) node(n parse.Node) (action, error) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := n.Text
		return func(s *state, _ reflect.Value) error {
			s.buf.Write(text)
			return nil
		}, nil
	case *parse.CommentNode:
		return nil, nil
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 {
			return c.declare(n.Pipe)
		}
		return c.print(n.Pipe)
	case *parse.IfNode:
		return c.branch(&n.BranchNode, false)
	case *parse.WithNode:
		return c.branch(&n.BranchNode, true)
	case *parse.RangeNode:
		return c.rangeNode(n)
	case *parse.TemplateNode:
		return c.call(n)
	}
	return nil, fmt.Errorf("unsupported node %s", n)
}

// declare compiles {{$x := pipeline}} and {{$x = pipeline}}.
func (c *compiler) declare(p *parse.PipeNode) (action, error) {
	if len(p.Decl) != 1 {
		return nil, fmt.Errorf("unsupported declaration %s", p)
	}
	name := p.Decl[0].Ident[0]
	val, err := c.pipe(&parse.PipeNode{NodeType: p.NodeType, Pos: p.Pos, Cmds: p.Cmds})
	if err != nil {
		return nil, err
	}
	assign := p.IsAssign
	return func(s *state, dot reflect.Value) error {
		v, err := val(s, dot)
		if err != nil {
			return err
		}
		if !assign {
			s.vars = append(s.vars, variable{name, v})
			return nil
		}
		if i := s.find(name); i >= 0 {
			s.vars[i].value = v
			return nil
		}
		return errFallback
	}, nil
}

// escapers are the html/template escapers this package implements. Each
// writes or returns its argument escaped for one context.
var escapers = map[string]bool{
	"_html_template_htmlescaper":    true,
	"_html_template_attrescaper":    true,
	"_html_template_rcdataescaper":  true,
	"_html_template_urlfilter":      true,
	"_html_template_urlnormalizer":  true,
	"_html_template_urlescaper":     true,
	"_html_template_cssvaluefilter": true,
}

// print compiles an action that prints: a value followed by the escapers
// html/template put after it.
func (c *compiler) print(p *parse.PipeNode) (action, error) {
	n := len(p.Cmds)
	var chain []string
	for n > 1 {
		id, ok := escaperOf(p.Cmds[n-1])
		if !ok {
			break
		}
		chain = append([]string{id}, chain...)
		n--
	}
	if len(chain) == 0 {
		return nil, fmt.Errorf("unsupported output %s: no escaper html/template knows here", p)
	}
	last := chain[len(chain)-1]
	if last != "_html_template_htmlescaper" && last != "_html_template_attrescaper" && last != "_html_template_rcdataescaper" {
		return nil, fmt.Errorf("unsupported output %s", p)
	}
	val, err := c.pipe(&parse.PipeNode{NodeType: p.NodeType, Pos: p.Pos, Cmds: p.Cmds[:n]})
	if err != nil {
		return nil, err
	}
	filters := chain[:len(chain)-1]
	return func(s *state, dot reflect.Value) error {
		v, err := val(s, dot)
		if err != nil {
			return err
		}
		str, kind, err := text(v)
		if err != nil {
			return err
		}
		if kind == safeHTML {
			// Safe HTML passes through the HTML text escaper only.
			if len(filters) > 0 || last != "_html_template_htmlescaper" {
				return errFallback
			}
			s.buf.WriteString(str)
			return nil
		}
		for _, f := range filters {
			switch {
			case f == "_html_template_cssvaluefilter" && kind == safeCSS:
				kind = plain // trusted CSS passes the filter as it is
			case kind != plain:
				return errFallback
			case f == "_html_template_urlfilter":
				str = filterURL(str)
			case f == "_html_template_urlnormalizer":
				str = processURL(str, true)
			case f == "_html_template_urlescaper":
				str = processURL(str, false)
			default:
				return errFallback // a plain string in CSS: html/template filters it
			}
		}
		if kind != plain {
			return errFallback
		}
		escapeHTML(s.buf, str)
		return nil
	}, nil
}

// escaperOf reports whether cmd is a bare call of an escaper this package
// implements.
func escaperOf(cmd *parse.CommandNode) (string, bool) {
	if len(cmd.Args) != 1 {
		return "", false
	}
	id, ok := cmd.Args[0].(*parse.IdentifierNode)
	if !ok || !escapers[id.Ident] {
		return "", false
	}
	return id.Ident, true
}

// branch compiles if and with.
func (c *compiler) branch(b *parse.BranchNode, with bool) (action, error) {
	cond, err := c.pipeDecl(b.Pipe)
	if err != nil {
		return nil, err
	}
	then, err := c.list(b.List)
	if err != nil {
		return nil, err
	}
	otherwise, err := c.list(b.ElseList)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) error {
		mark := len(s.vars)
		defer func() { s.vars = s.vars[:mark] }()
		v, err := cond(s, dot)
		if err != nil {
			return err
		}
		if truth(indirectInterface(v)) {
			if with {
				return then(s, v)
			}
			return then(s, dot)
		}
		return otherwise(s, dot)
	}, nil
}

// indirectInterface takes a value out of any interface holding it.
func indirectInterface(v reflect.Value) reflect.Value {
	if v.Kind() == reflect.Interface && !v.IsNil() {
		return v.Elem()
	}
	return v
}

func (c *compiler) rangeNode(r *parse.RangeNode) (action, error) {
	p := r.Pipe
	if p.IsAssign || len(p.Decl) > 2 {
		return nil, fmt.Errorf("unsupported range %s", p)
	}
	val, err := c.pipe(&parse.PipeNode{NodeType: p.NodeType, Pos: p.Pos, Cmds: p.Cmds})
	if err != nil {
		return nil, err
	}
	var names []string
	for _, d := range p.Decl {
		names = append(names, d.Ident[0])
	}
	body, err := c.list(r.List)
	if err != nil {
		return nil, err
	}
	otherwise, err := c.list(r.ElseList)
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) error {
		mark := len(s.vars)
		defer func() { s.vars = s.vars[:mark] }()
		v, err := val(s, dot)
		if err != nil {
			return err
		}
		for _, name := range names {
			s.vars = append(s.vars, variable{name, v})
		}
		v, _ = indirect(v)
		switch v.Kind() {
		case reflect.Array, reflect.Slice:
		case reflect.Invalid:
			return otherwise(s, dot) // a nil slice, like text/template
		default:
			return errFallback
		}
		if v.Len() == 0 {
			return otherwise(s, dot)
		}
		inner := len(s.vars)
		for i := range v.Len() {
			elem := v.Index(i)
			switch len(names) {
			case 1:
				s.vars[mark].value = elem
			case 2:
				s.vars[mark].value = reflect.ValueOf(i)
				s.vars[mark+1].value = elem
			}
			if err := body(s, elem); err != nil {
				return err
			}
			s.vars = s.vars[:inner]
		}
		return nil
	}, nil
}

func (c *compiler) call(n *parse.TemplateNode) (action, error) {
	callee, err := c.template(n.Name)
	if err != nil {
		return nil, err
	}
	var arg expr
	if n.Pipe != nil {
		if arg, err = c.pipeDecl(n.Pipe); err != nil {
			return nil, err
		}
	}
	return func(s *state, dot reflect.Value) error {
		v := reflect.Value{}
		if arg != nil {
			var err error
			if v, err = arg(s, dot); err != nil {
				return err
			}
		}
		return callee.exec(s, v)
	}, nil
}

// pipeDecl compiles a pipeline that may declare variables, as in
// {{with $x := .Y}}; the variables live until the enclosing action ends.
func (c *compiler) pipeDecl(p *parse.PipeNode) (expr, error) {
	if len(p.Decl) == 0 {
		return c.pipe(p)
	}
	if p.IsAssign || len(p.Decl) != 1 {
		return nil, fmt.Errorf("unsupported pipeline %s", p)
	}
	name := p.Decl[0].Ident[0]
	val, err := c.pipe(&parse.PipeNode{NodeType: p.NodeType, Pos: p.Pos, Cmds: p.Cmds})
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) (reflect.Value, error) {
		v, err := val(s, dot)
		if err == nil {
			s.vars = append(s.vars, variable{name, v})
		}
		return v, err
	}, nil
}

// pipe compiles a pipeline of one command without declarations.
func (c *compiler) pipe(p *parse.PipeNode) (expr, error) {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 {
		return nil, fmt.Errorf("unsupported pipeline %s", p)
	}
	e, err := c.command(p.Cmds[0])
	if err != nil {
		return nil, err
	}
	return func(s *state, dot reflect.Value) (reflect.Value, error) {
		v, err := e(s, dot)
		return unwrap(v), err
	}, nil
}

func (c *compiler) command(cmd *parse.CommandNode) (expr, error) {
	if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok {
		return c.function(id.Ident, cmd.Args[1:])
	}
	if len(cmd.Args) != 1 {
		return nil, fmt.Errorf("unsupported command %s: arguments to a method or field", cmd)
	}
	return c.arg(cmd.Args[0])
}

// arg compiles an operand: a field chain, a variable, dot, a literal or a
// parenthesized pipeline.
func (c *compiler) arg(n parse.Node) (expr, error) {
	switch n := n.(type) {
	case *parse.DotNode:
		return func(_ *state, dot reflect.Value) (reflect.Value, error) { return dot, nil }, nil
	case *parse.FieldNode:
		return chain(func(_ *state, dot reflect.Value) (reflect.Value, error) { return dot, nil }, n.Ident), nil
	case *parse.VariableNode:
		name := n.Ident[0]
		return chain(func(s *state, _ reflect.Value) (reflect.Value, error) { return s.lookup(name) }, n.Ident[1:]), nil
	case *parse.ChainNode:
		var base expr
		var err error
		switch inner := n.Node.(type) {
		case *parse.PipeNode:
			base, err = c.pipe(inner)
		case *parse.FieldNode, *parse.VariableNode, *parse.DotNode:
			base, err = c.arg(inner)
		default:
			err = fmt.Errorf("unsupported chain %s", n)
		}
		if err != nil {
			return nil, err
		}
		return chain(base, n.Field), nil
	case *parse.PipeNode:
		return c.pipe(n)
	case *parse.StringNode:
		v := reflect.ValueOf(n.Text)
		return constant(v), nil
	case *parse.BoolNode:
		return constant(reflect.ValueOf(n.True)), nil
	case *parse.NumberNode:
		if !n.IsInt || n.Int64 != int64(int(n.Int64)) {
			return nil, fmt.Errorf("unsupported number %s", n)
		}
		return constant(reflect.ValueOf(int(n.Int64))), nil
	}
	return nil, fmt.Errorf("unsupported operand %s", n)
}

func constant(v reflect.Value) expr {
	return func(*state, reflect.Value) (reflect.Value, error) { return v, nil }
}

// chain applies the field names in idents, in turn, to the value of base.
func chain(base expr, idents []string) expr {
	if len(idents) == 0 {
		return base
	}
	sites := make([]*fieldSite, len(idents))
	for i, name := range idents {
		sites[i] = &fieldSite{name: name, nameVal: reflect.ValueOf(name)}
	}
	return func(s *state, dot reflect.Value) (reflect.Value, error) {
		v, err := base(s, dot)
		for _, f := range sites {
			if err != nil {
				break
			}
			v, err = f.get(v)
		}
		return v, err
	}
}

// function compiles a call of a builtin.
func (c *compiler) function(name string, args []parse.Node) (expr, error) {
	es := make([]expr, len(args))
	for i, a := range args {
		e, err := c.arg(a)
		if err != nil {
			return nil, err
		}
		es[i] = e
	}
	eval := func(s *state, dot reflect.Value, i int) (reflect.Value, error) {
		v, err := es[i](s, dot)
		return unwrap(v), err
	}
	switch {
	case name == "not" && len(es) == 1:
		return func(s *state, dot reflect.Value) (reflect.Value, error) {
			v, err := eval(s, dot, 0)
			return reflect.ValueOf(!truth(indirectInterface(v))), err
		}, nil
	case (name == "and" || name == "or") && len(es) >= 1:
		stopOn := name == "or"
		return func(s *state, dot reflect.Value) (reflect.Value, error) {
			var v reflect.Value
			for i := range es {
				var err error
				if v, err = eval(s, dot, i); err != nil {
					return v, err
				}
				if truth(indirectInterface(v)) == stopOn {
					break
				}
			}
			return v, nil
		}, nil
	case (name == "eq" || name == "ne") && len(es) == 2:
		want := name == "eq"
		return func(s *state, dot reflect.Value) (reflect.Value, error) {
			a, err := eval(s, dot, 0)
			if err != nil {
				return a, err
			}
			b, err := eval(s, dot, 1)
			if err != nil {
				return b, err
			}
			same, err := equal(a, b)
			return reflect.ValueOf(same == want), err
		}, nil
	case name == "len" && len(es) == 1:
		return func(s *state, dot reflect.Value) (reflect.Value, error) {
			v, err := eval(s, dot, 0)
			if err != nil {
				return v, err
			}
			v, _ = indirect(v)
			switch v.Kind() {
			case reflect.Array, reflect.Slice, reflect.Map, reflect.String:
				return reflect.ValueOf(v.Len()), nil
			}
			return v, errFallback
		}, nil
	case name == "index" && len(es) >= 2:
		return func(s *state, dot reflect.Value) (reflect.Value, error) {
			v, err := eval(s, dot, 0)
			for i := 1; i < len(es) && err == nil; i++ {
				var k reflect.Value
				if k, err = eval(s, dot, i); err == nil {
					v, err = index(v, k)
				}
			}
			return v, err
		}, nil
	}
	return nil, fmt.Errorf("unsupported function %s", name)
}

// equal compares two values of the basic kinds eq and ne accept, when both
// have the same kind.
func equal(a, b reflect.Value) (bool, error) {
	a, b = indirectInterface(a), indirectInterface(b)
	if !a.IsValid() || !b.IsValid() || a.Kind() != b.Kind() {
		return false, errFallback
	}
	switch a.Kind() {
	case reflect.String:
		return a.String() == b.String(), nil
	case reflect.Bool:
		return a.Bool() == b.Bool(), nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return a.Int() == b.Int(), nil
	}
	return false, errFallback
}

// index returns v[k] for a slice or array and an int index in range.
func index(v, k reflect.Value) (reflect.Value, error) {
	v, _ = indirect(v)
	k = indirectInterface(k)
	if (v.Kind() != reflect.Slice && v.Kind() != reflect.Array) || k.Kind() != reflect.Int {
		return v, errFallback
	}
	i := k.Int()
	if i < 0 || i >= int64(v.Len()) {
		return v, errFallback
	}
	return v.Index(int(i)), nil
}
