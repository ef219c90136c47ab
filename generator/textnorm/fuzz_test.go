package textnorm

import (
	"reflect"
	"testing"
	"unicode/utf8"
)

// FuzzFold checks, for any input, that folding never panics, gives valid
// UTF-8, is idempotent, agrees with FoldOffsets and AppendFold, that scan
// agrees with the plain reading (scanReference), and that Terms gives the
// same words for the text and its fold, with offsets that cut no character.
// Its seed corpus is in testdata/fuzz/FuzzFold.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"", "الكاظمي", "ﺍﻟﻜﺎﻇﻤﻲ", "بيانًا", "Troops’s", "٢٠٢١", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if !utf8.ValidString(folded) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, folded)
		}
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold is not idempotent: Fold(%q) = %q, Fold of that = %q", s, folded, again)
		}
		checkScan(t, s)
		if app := AppendFold([]byte("x"), s); string(app) != "x"+folded {
			t.Fatalf("AppendFold(x, %q) = %q, want x + Fold = %q", s, app, "x"+folded)
		}
		f2, off := FoldOffsets(s)
		if f2 != folded || len(off) != len(folded)+1 || off[len(off)-1] != len(s) {
			t.Fatalf("FoldOffsets(%q) = %q, %d offsets; Fold = %q", s, f2, len(off), folded)
		}
		for i := 1; i < len(off); i++ {
			if off[i] < off[i-1] {
				t.Fatalf("FoldOffsets(%q): offsets go back at %d: %v", s, i, off)
			}
		}
		var words, foldedWords []string
		for _, tm := range Terms(s) {
			if tm.Start < 0 || tm.End > len(s) || tm.Start >= tm.End {
				t.Fatalf("Terms(%q): bad span [%d:%d]", s, tm.Start, tm.End)
			}
			if utf8.ValidString(s) && !utf8.ValidString(s[tm.Start:tm.End]) {
				t.Fatalf("Terms(%q): span [%d:%d] cuts a character", s, tm.Start, tm.End)
			}
			if tm.Text == "" || tm.Stem == "" {
				t.Fatalf("Terms(%q): empty term %+v", s, tm)
			}
			words = append(words, tm.Text)
		}
		for _, tm := range Terms(folded) {
			foldedWords = append(foldedWords, tm.Text)
		}
		if !reflect.DeepEqual(words, foldedWords) {
			t.Fatalf("Terms(%q) = %q but Terms(Fold) = %q", s, words, foldedWords)
		}
	})
}
