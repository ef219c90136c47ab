package render

import "testing"

func TestRel(t *testing.T) {
	tests := []struct{ from, to, want string }{
		{"index.html", "ar/index.html", "ar/index.html"},
		{"ar/index.html", "ar/topics/x/index.html", "topics/x/index.html"},
		{"ar/topics/x/index.html", "ar/topics/y/index.html", "../y/index.html"},
		{"ar/topics/x/index.html", "ar/sources/a1/index.html#p4", "../../sources/a1/index.html#p4"},
		{"ar/topics/x/index.html", "en/topics/x/index.html", "../../../en/topics/x/index.html"},
		{"ar/topics/index.html", "ar/topics/x/index.html", "x/index.html"},
		{"ar/topics/x/index.html", "assets/style.css", "../../../assets/style.css"},
		{"ar/chronology/index.html", "ar/chronology/index.html#e1", "index.html#e1"},
		{"ar/topics/index.html", "ar/topicsx/index.html", "../topicsx/index.html"},
		{"a/b/c/d/e/f/g/h/i/j/index.html", "x/index.html", "../../../../../../../../../../x/index.html"},
	}
	for _, tt := range tests {
		if got := rel(tt.from, tt.to); got != tt.want {
			t.Errorf("rel(%q, %q) = %q, want %q", tt.from, tt.to, got, tt.want)
		}
	}
	if got := rootOf("ar/topics/x/index.html"); got != "../../../" {
		t.Errorf("rootOf = %q", got)
	}
}
