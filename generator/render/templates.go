package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"

	"briefing/generator/source"
	"briefing/generator/tmplexec"

	"go.yaml.in/yaml/v3"
)

// pageKinds are the page templates; each is parsed with base.html and the
// partials into a template set of its own.
var pageKinds = []string{"home", "topics", "topic", "sources", "source", "chronology", "entities", "entity", "redirect"}

// Theme is the loaded template directory: page templates, interface
// strings per language, and the static assets copied to assets/.
type Theme struct {
	pages   map[string]*tmplexec.Template // per page kind, its layout
	strings map[string]map[string]string  // lang -> key -> text
	Assets  map[string][]byte             // file name -> bytes
}

// LoadTheme reads templates from base, with files of the same name in
// override (which may be nil) taking their place. Files ending in .html are
// templates: one per page kind (home.html, topic.html, ...), base.html with
// the layout, and any other .html file as partials. strings*.yaml files hold
// the interface strings. Every other file (CSS, JavaScript, fonts) is an
// asset. Every problem is reported, not only the first.
func LoadTheme(base, override fs.FS) (*Theme, error) {
	files := map[string][]byte{}
	for _, fsys := range []fs.FS{base, override} {
		if fsys == nil {
			continue
		}
		err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasPrefix(path.Base(p), ".") || strings.HasSuffix(p, ".go") {
				return nil
			}
			data, err := fs.ReadFile(fsys, p)
			if err != nil {
				return err
			}
			files[p] = data
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("reading templates: %w", err)
		}
	}
	th := &Theme{pages: map[string]*tmplexec.Template{}, strings: map[string]map[string]string{}, Assets: map[string][]byte{}}
	var errs []error
	var partials []string
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		switch {
		case strings.HasSuffix(name, ".html"):
			kind := strings.TrimSuffix(name, ".html")
			if kind != "base" && !slices.Contains(pageKinds, kind) {
				partials = append(partials, name)
			}
		case strings.HasPrefix(name, "strings") && strings.HasSuffix(name, ".yaml"):
			if err := th.addStrings(name, files[name]); err != nil {
				errs = append(errs, err)
			}
		default:
			th.Assets[name] = files[name]
		}
	}
	errs = append(errs, th.checkStrings()...)
	if files["base.html"] == nil {
		errs = append(errs, errors.New("templates: base.html is missing"))
	}
	for _, kind := range pageKinds {
		src := files[kind+".html"]
		if src == nil {
			errs = append(errs, fmt.Errorf("templates: %s.html is missing", kind))
			continue
		}
		t := template.New("base.html").Option("missingkey=error")
		if _, err := t.Parse(string(files["base.html"])); err != nil {
			errs = append(errs, fmt.Errorf("templates: %w", err))
		}
		parse := func(name string) {
			if _, err := t.New(name).Parse(string(files[name])); err != nil {
				errs = append(errs, fmt.Errorf("templates: %w", err))
			}
		}
		for _, p := range partials {
			parse(p)
		}
		parse(kind + ".html")
		th.pages[kind] = tmplexec.New(t, layoutOf(kind))
	}
	return th, errors.Join(errs...)
}

func (th *Theme) addStrings(name string, data []byte) error {
	var table map[string]map[string]string
	if err := yaml.Unmarshal(data, &table); err != nil {
		return fmt.Errorf("templates/%s: %w", name, err)
	}
	for key, texts := range table {
		for lang, text := range texts {
			if !source.Supported(lang) {
				return fmt.Errorf("templates/%s: string %q: unknown language %q", name, key, lang)
			}
			if th.strings[lang] == nil {
				th.strings[lang] = map[string]string{}
			}
			th.strings[lang][key] = text
		}
	}
	return nil
}

// checkStrings reports keys that some language lacks.
func (th *Theme) checkStrings() []error {
	keys := map[string]bool{}
	for _, table := range th.strings {
		for k := range table {
			keys[k] = true
		}
	}
	var errs []error
	for _, lang := range source.Languages {
		var missing []string
		for k := range keys {
			if _, ok := th.strings[lang][k]; !ok {
				missing = append(missing, k)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			errs = append(errs, fmt.Errorf("templates: strings missing in %s: %s", lang, strings.Join(missing, ", ")))
		}
	}
	return errs
}

// T returns the interface strings for lang.
func (th *Theme) T(lang string) map[string]string { return th.strings[lang] }

// layoutOf names the template that renders a page of kind.
func layoutOf(kind string) string {
	if kind == "redirect" {
		return "redirect.html"
	}
	return "base.html"
}

// execute renders the page template of kind with view into buf.
func (th *Theme) execute(buf *bytes.Buffer, kind string, view any) error {
	return th.pages[kind].Execute(buf, view)
}
