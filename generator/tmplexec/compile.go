package tmplexec

import (
	"fmt"
	"html/template"
	"reflect"
	"text/template/parse"
)

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
