package render

import (
	"html"
	"strings"
	"testing"
)

func TestWriteEscaped(t *testing.T) {
	for _, s := range []string{"", "plain", `<a href="x">'Tom' & "Jerry"</a>`, "&&", "ال\"عراق'", ">"} {
		var b strings.Builder
		writeEscaped(&b, s)
		if got, want := b.String(), html.EscapeString(s); got != want {
			t.Errorf("writeEscaped(%q) = %q, want %q", s, got, want)
		}
	}
}
