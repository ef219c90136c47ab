package render

import (
	"testing"

	"briefing/templates"
)

// TestThemeCompiles checks that package tmplexec compiles every page
// template of the default theme, so that they run without html/template's
// reflection.
func TestThemeCompiles(t *testing.T) {
	th, err := LoadTheme(templates.FS, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, kind := range pageKinds {
		ok, why := th.pages[kind].Compiled()
		if !ok {
			t.Errorf("%s: not compiled: %v", kind, why)
		}
	}
}
