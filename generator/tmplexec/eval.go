package tmplexec

import (
	"bytes"
	"html/template"
	"reflect"
	"strconv"
	"sync/atomic"
)

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
