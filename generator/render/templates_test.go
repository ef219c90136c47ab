package render

import (
	"testing"

	"briefing/templates"
)

// TestThemeCompiles checks that package tmplexec compiles the default
// theme's page templates, so that they run without html/template's
// reflection. The chronology is the exception: its legend sets a CSS
// colour, which tmplexec leaves to html/template; it is two pages.
func TestThemeCompiles(t *testing.T) {
	th, err := LoadTheme(templates.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range pageKinds {
		ok, why := th.pages[kind].Compiled()
		if want := kind != "chronology"; ok != want {
			t.Errorf("%s: compiled %v (%v), want %v", kind, ok, why, want)
		}
	}
}
