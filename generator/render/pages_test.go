package render

import (
	"fmt"
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

func TestCompareMentionAt(t *testing.T) {
	ids := []string{"a1", "a10", "a2", "b", "a100", "a"}
	paras := []int{1, 3, 12, 999999, 1000000, 1234567}
	for _, idA := range ids {
		for _, pA := range paras {
			for _, idB := range ids {
				for _, pB := range paras {
					want := strings.Compare(fmt.Sprintf("%s%06d", idA, pA), fmt.Sprintf("%s%06d", idB, pB))
					if got := compareMentionAt(idA, pA, idB, pB); got != want {
						t.Errorf("compareMentionAt(%q, %d, %q, %d) = %d, want %d", idA, pA, idB, pB, got, want)
					}
				}
			}
		}
	}
}
