package search

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

// The plain readings that faster code in this package is checked against.

// collapse makes every run of white space a single space, trims the ends
// and replaces invalid UTF-8. Most texts are clean already and are
// returned as they are.
func collapseReference(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	prevSpace := true // at the start, a space would be leading
	for _, r := range s {
		switch {
		case r == ' ':
			if prevSpace {
				return strings.Join(strings.Fields(s), " ")
			}
			prevSpace = true
		case r < 0x20 || r >= 0x80 && isSpace(r):
			return strings.Join(strings.Fields(s), " ")
		default:
			prevSpace = false
		}
	}
	if prevSpace && s != "" {
		return strings.Join(strings.Fields(s), " ")
	}
	return s
}

// TestCollapseRunes compares collapse with the plain reading on every
// code point of the Basic Multilingual Plane, every 61st above it and every
// invalid byte, alone, between words and next to spaces.
func TestCollapseRunes(t *testing.T) {
	check := func(s string) {
		if got, want := collapse(s), collapseReference(s); got != want {
			t.Fatalf("collapse(%q) = %q, want %q", s, got, want)
		}
	}
	for r := rune(0); r <= utf8.MaxRune+1; r++ {
		if r > 0xFFFF && r%61 != 0 && r <= utf8.MaxRune {
			continue
		}
		c := string(r)
		for _, s := range []string{c, "a" + c + "b", "a " + c + "b", "a" + c + " b", c + " ", " " + c} {
			check(s)
		}
	}
	for b := range 256 {
		c := string([]byte{byte(b)})
		check("a" + c + "b")
		check("a " + c)
	}
	check(strings.Repeat("نص  ", 3))
}

// TestAppendJSONText compares appendJSONText with encoding/json on every
// code point of the Basic Multilingual Plane, every 61st above it and every
// byte, alone and between letters, made valid UTF-8 as collapse makes
// them.
func TestAppendJSONText(t *testing.T) {
	check := func(s string) {
		s = strings.ToValidUTF8(s, "\uFFFD")
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONText([]byte("x"), s); string(got) != "x"+string(want[1:len(want)-1]) {
			t.Fatalf("appendJSONText(%q) = %s, want x%s", s, got, want[1:len(want)-1])
		}
	}
	for r := rune(0); r <= utf8.MaxRune+1; r++ {
		if r > 0xFFFF && r%61 != 0 && r <= utf8.MaxRune {
			continue
		}
		c := string(r)
		check(c)
		check("نص" + c + "a")
	}
	for b := range 256 {
		c := string([]byte{byte(b)})
		check(c)
		check("a" + c + "\u2028b")
		check("\xe2\x80" + c)
	}
	check("")
	check("<a href=\"x\">&amp;</a>\t\\\u2029")
}
