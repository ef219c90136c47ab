package tmplexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"strings"
	"testing"
)

type item struct {
	Name  string
	Href  string
	N     int
	On    bool
	Tags  []string
	Inner *item
	Any   any
	Raw   template.HTML
	Score float64
}

func (i item) Label() string          { return "label:" + i.Name }
func (i *item) Pointer() string       { return "ptr:" + i.Name }
func (i item) Safe() template.HTML    { return template.HTML("<b>" + i.Name + "</b>") }
func (i item) Fails() (string, error) { return "", errors.New("method failed") }
func (i item) Works() (string, error) { return "fine", nil }

type stringer struct{ s string }

func (s stringer) String() string { return "S(" + s.s + ")" }

type view struct {
	Title  string
	Items  []item
	Arr    [2]string
	T      map[string]string
	Main   any
	Ptr    *item
	Nil    *item
	M      map[string]int
	Str    fmt.Stringer
	Typed  template.URL
	Colour template.CSS
	Empty  []item
}

const tricky = "a<b>&\"c'+\x00 عربي \xff"

func sample() view {
	in := &item{Name: "inner", Href: "javascript:alert(1)"}
	return view{
		Title: tricky,
		Items: []item{
			{Name: "one", Href: "../a/b?x=1&y=2#p3", N: 1, On: true, Tags: []string{"x", "y"}, Inner: in, Any: "any string", Raw: "<i>raw</i>"},
			{Name: "two <2>", Href: "HTTPS://example.org/ص ف?q=%41%zz", N: 0, Any: 42},
			{Name: "three", Href: "mailto:a@b", Tags: nil, Any: nil},
		},
		Arr:    [2]string{"first", "second"},
		T:      map[string]string{"hello": "مرحبا", "sep": ", ", "q": "it's \"q\""},
		Main:   &item{Name: "main", N: 7, Tags: []string{"m"}},
		Ptr:    in,
		M:      map[string]int{"b": 2, "a": 1},
		Str:    stringer{"x"},
		Colour: "#1f77b4",
	}
}

// cases are executed by html/template and by this package; the outputs
// must be equal. fast says the compiled program must handle the case
// itself, without handing it to html/template.
var cases = []struct {
	name, src string
	fast      bool
}{
	{"text", `<p>{{.Title}}</p>`, true},
	{"attr", `<p title="{{.Title}}" data-x='{{.Title}}'>x</p>`, true},
	{"rcdata", `<title>{{.Title}} · {{.T.hello}}</title>`, true},
	{"url attr", `{{range .Items}}<a href="{{.Href}}">{{.Name}}</a>{{end}}`, true},
	{"url prefix", `<a href="{{.Ptr.Name}}/x/{{.Title}}">y</a><link href="{{.Title}}assets/s.css">`, true},
	{"url filter", `<a href="{{.Ptr.Href}}">bad</a><img src="{{.Ptr.Href}}">`, true},
	{"map key", `{{.T.hello}} {{.T.q}}`, true},
	{"method", `{{range .Items}}{{.Label}} {{.Pointer}} {{.Works}};{{end}}`, true},
	{"safe html", `{{range .Items}}{{.Safe}}{{.Raw}}{{end}}`, true},
	{"ints and bools", `{{range .Items}}{{.N}} {{.On}} <i data-n="{{.N}}"></i>{{end}}`, true},
	{"interface field", `{{with .Main}}{{.Name}} {{.N}} {{.Pointer}}{{end}}`, true},
	{"any values", `{{range .Items}}[{{with .Any}}{{.}}{{else}}none{{end}}]{{end}}`, true},
	{"if else", `{{range .Items}}{{if .On}}on{{else if .Tags}}tags{{else}}off{{end}} {{end}}`, true},
	{"with else with", `{{range .Items}}{{with .Inner}}{{.Name}}{{else with .Tags}}{{len .}}{{else}}-{{end}};{{end}}`, true},
	{"range vars", `{{range $i, $it := .Items}}{{if $i}}{{$.T.sep}}{{end}}{{$i}}={{$it.Name}}{{end}}`, true},
	{"range one var", `{{range $it := .Items}}{{$it.N}}{{end}}`, true},
	{"range else", `{{range .Empty}}x{{else}}empty{{end}}{{range .Nil.Tags}}x{{else}}nil{{end}}`, false},
	{"range nil slice", `{{range .Items}}{{range .Tags}}<{{.}}>{{else}}none{{end}}{{end}}`, true},
	{"range array", `{{range .Arr}}{{.}} {{end}}`, true},
	{"variables", `{{$t := .Title}}{{$n := 1}}{{with .Ptr}}{{$t}} {{$n}}{{$n = 2}} {{$n}}{{end}} {{$n}}`, true},
	{"declared in with", `{{with $p := .Ptr}}{{$p.Name}}{{end}}`, true},
	{"dollar in range", `{{range .Items}}{{$.Title}}|{{end}}`, true},
	{"nested templates", `{{define "it"}}<li id="{{.Name}}">{{template "label" .}}</li>{{end}}{{define "label"}}<b>{{.Label}}</b>{{$.N}}{{end}}<ul>{{range .Items}}{{template "it" .}}{{end}}</ul>`, true},
	// html/template escapes a template called from an attribute into a copy
	// that its API does not expose: compiled, the set falls back.
	{"template in attr context", `{{define "v"}}{{.}}{{end}}<p title="{{template "v" .Title}}">{{template "v" .Title}}</p>`, false},
	{"template without data", `{{define "c"}}const{{end}}{{template "c"}}`, true},
	{"builtins", `{{not .Title}} {{and .Title .Ptr.Name}} {{or .Empty .Arr}} {{eq .Ptr.Name "inner"}} {{ne 1 2}} {{len .Items}} {{index .Arr 1}} {{(index .Items 0).Name}} {{index .Items 1 | len}}`, false},
	{"index", `{{(index .Items 1).Name}} {{index .Arr 0}} {{index .Items 0 | printf "%v"}}`, false},
	{"parenthesized", `{{(.Ptr).Name}} {{len (index .Items 0).Tags}}`, true},
	{"literals", `{{"str"}} {{1}} {{true}} <p data-x="{{"a&b"}}"></p>`, true},
	{"comments and trim", `{{/* c */}} a {{- .Title -}} b`, true},
	// Handed to html/template: the output must still be its output.
	{"stringer", `{{.Str}}`, false},
	{"float", `{{range .Items}}{{.Score}}{{end}}`, false},
	{"typed url", `<a href="{{.Typed}}">x</a>`, false},
	{"safe html in attr", `{{range .Items}}<p title="{{.Safe}}"></p>{{end}}`, false},
	{"map range", `{{range $k, $v := .M}}{{$k}}={{$v}} {{end}}`, false},
	{"printf", `{{printf "%d-%s" 1 .Title}}`, false},
	{"script", `<script>var t = {{.Title}};</script>`, false},
	{"style", `<p style="color: {{.Title}}">x</p>`, false},
	{"trusted style", `<p style="color: {{.Colour}}">x</p>`, true},
	{"trusted style elsewhere", `<p title="{{.Colour}}">{{.Colour}}</p>`, false},
	{"unquoted attr", `<p title={{.Title}}>x</p>`, false},
	{"break", `{{range .Items}}{{if .On}}{{break}}{{end}}{{.Name}}{{end}}`, false},
}

func TestSameOutputAsHTMLTemplate(t *testing.T) {
	data := sample()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, wantErr := runHTMLTemplate(c.src, data)
			x := New(template.Must(template.New("page").Parse(c.src)), "page")
			var got bytes.Buffer
			got.WriteString("kept|")
			err := x.Execute(&got, data)
			if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
				t.Fatalf("error %v, html/template's %v", err, wantErr)
			}
			if out := strings.TrimPrefix(got.String(), "kept|"); out != want || !strings.HasPrefix(got.String(), "kept|") {
				t.Errorf("output\n%q\nhtml/template\n%q", got.String(), want)
			}
			var fast bytes.Buffer
			ran := x.prog != nil && x.run(&fast, data) == nil
			if ran != c.fast {
				ok, why := x.Compiled()
				t.Errorf("compiled run handled it: %v, want %v (compiled %v: %v)", ran, c.fast, ok, why)
			}
			if ran && fast.String() != want {
				t.Errorf("compiled output\n%q\nhtml/template\n%q", fast.String(), want)
			}
		})
	}
}

func runHTMLTemplate(src string, data any) (string, error) {
	var b bytes.Buffer
	err := template.Must(template.New("page").Parse(src)).Execute(&b, data)
	if err != nil {
		return "", err
	}
	return b.String(), nil
}

// TestErrors checks that an execution that fails reports html/template's
// error and leaves the buffer as it was.
func TestErrors(t *testing.T) {
	for _, src := range []string{
		`a{{.Nil.Name}}`,
		`a{{.T.missing}}`,
		`a{{.Ptr.Fails}}`,
		`a{{.Nope}}`,
		`a<script>{{.Title}}`, // an escaping error: ends in a script
	} {
		set := template.Must(template.New("page").Option("missingkey=error").Parse(src))
		_, wantErr := runHTMLTemplate(src, sample())
		x := New(set, "page")
		var b bytes.Buffer
		b.WriteString("kept")
		err := x.Execute(&b, sample())
		if err == nil {
			t.Errorf("%s: no error", src)
			continue
		}
		if b.String() != "kept" {
			t.Errorf("%s: buffer %q after an error", src, b.String())
		}
		if src != `a{{.T.missing}}` && err.Error() != wantErr.Error() {
			t.Errorf("%s: error %v, html/template's %v", src, err, wantErr)
		}
	}
}

// TestConcurrent runs one Template from many goroutines (go test -race).
func TestConcurrent(t *testing.T) {
	src := cases[len(cases)-1].src
	for _, c := range cases {
		if c.name == "nested templates" {
			src = c.src
		}
	}
	want, _ := runHTMLTemplate(src, sample())
	x := New(template.Must(template.New("page").Parse(src)), "page")
	done := make(chan string)
	for range 8 {
		go func() {
			var b bytes.Buffer
			for range 50 {
				b.Reset()
				if err := x.Execute(&b, sample()); err != nil {
					done <- err.Error()
					return
				}
			}
			done <- b.String()
		}()
	}
	for range 8 {
		if got := <-done; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	}
}

// escapeSrc prints one string in every context this package escapes.
const escapeSrc = `<p title="{{.}}">{{.}}</p><title>{{.}}</title><a href="{{.}}">a</a><a href="/s?q={{.}}&x={{.}}">b</a><a href="x/{{.}}">c</a>`

func FuzzEscape(f *testing.F) {
	for _, s := range []string{
		"", tricky, "javascript:alert(1)", "JaVaScRiPt:x", "/a:b", "a/b:c", "http://x/y?q=1&r=2#f",
		"HTTPS://x", "mailto:x@y", "ftp://x", "a b%zz%41%4", "%", "%4", "%41", "ü€😀", "\x00\x01\x7f",
		"'\"<>&+=!#$*,;?@[]~-._", "data:text/html,<b>", ":x", "x:", "\xe2\x82",
	} {
		f.Add(s)
	}
	set := template.Must(template.New("page").Parse(escapeSrc))
	x := New(template.Must(template.New("page").Parse(escapeSrc)), "page")
	if ok, why := x.Compiled(); !ok {
		f.Fatal(why)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var want, got bytes.Buffer
		if err := set.Execute(&want, s); err != nil {
			t.Fatal(err)
		}
		if err := x.run(&got, s); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%q:\n got %q\nwant %q", s, got.String(), want.String())
		}
	})
}

func BenchmarkExecute(b *testing.B) {
	src := `{{range .Items}}<li id="{{.Name}}"><a href="{{.Href}}" title="{{$.T.hello}}">{{.Label}}</a>{{if .Tags}}{{range $i, $t := .Tags}}{{if $i}}{{$.T.sep}}{{end}}{{$t}}{{end}}{{end}}</li>{{end}}`
	data := sample()
	for _, impl := range []string{"html/template", "tmplexec"} {
		b.Run(impl, func(b *testing.B) {
			set := template.Must(template.New("page").Parse(src))
			x := New(template.Must(template.New("page").Parse(src)), "page")
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				var err error
				if impl == "tmplexec" {
					err = x.Execute(&buf, data)
				} else {
					err = set.Execute(&buf, data)
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// FuzzTemplate executes template sources made by the fuzzer, on the
// sample data, with html/template and with this package: the outputs and
// errors must be the same.
func FuzzTemplate(f *testing.F) {
	for _, c := range cases {
		f.Add(c.src)
	}
	data := sample()
	f.Fuzz(func(t *testing.T, src string) {
		set, err := template.New("page").Parse(src)
		if err != nil {
			return
		}
		want, wantErr := runHTMLTemplate(src, data)
		var got bytes.Buffer
		err = New(set, "page").Execute(&got, data)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("%q: error %v, html/template's %v", src, err, wantErr)
		}
		if got.String() != want {
			t.Fatalf("%q:\n got %q\nwant %q", src, got.String(), want)
		}
	})
}
