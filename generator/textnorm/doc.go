// Package textnorm is the text normaliser shared by the search index (Go,
// at build time) and the search box (JavaScript, in templates/search.js, at
// query time). Both sides must fold and stem identically, so the rules are
// written down here and checked against one set of test vectors,
// testdata/vectors.tsv, which the Go tests and a headless Chromium test of
// the JavaScript both read.
//
// # Folding
//
// Fold works one code point at a time, so that every folded character can be
// traced back to the code point it came from (see FoldOffsets and Terms):
//
//  1. Tatweel (U+0640) and invisible format characters (zero-width space,
//     joiners, bidi marks, soft hyphen, BOM) are deleted.
//  2. The code point is decomposed by compatibility (NFKD). This folds Arabic
//     presentation forms (U+FB50-U+FDFF, U+FE70-U+FEFF) and ligatures such as
//     lam-alef to the base letters, full-width Latin to ASCII, and splits
//     accented letters and hamza carriers (أ إ آ ؤ ئ) into base + mark.
//  3. Combining marks are dropped: Arabic tashkeel (fathatan to sukun, shadda,
//     U+0670 superscript alef, maddah and hamza marks, Quranic marks) and the
//     Latin, Cyrillic and Hebrew diacritics. The mark set is an explicit list
//     of ranges (markRanges), copied in search.js.
//  4. Letters are unified: alef forms (أ إ آ ٱ) to ا, ى and Persian ی to ي,
//     ة to ه, ؤ to و, ئ to ي, Persian ک to ك; Eastern Arabic (٠-٩) and
//     Persian (۰-۹) digits to ASCII digits; typographic apostrophes to '.
//  5. Letters are lower-cased (simple case mapping) and a few Latin letters
//     without a decomposition are spelled out (ß to ss, æ to ae, ø to o...).
//
// Fold(Fold(s)) == Fold(s) for every s, and the result is valid UTF-8 (an
// invalid byte becomes U+FFFD).
//
// # Terms
//
// A term is a maximal run of word characters in the folded text. Every
// folded code point is a word character except the separators listed in
// sepRanges (ASCII punctuation and space, Latin-1 punctuation, general
// punctuation, symbols and arrows, Arabic punctuation such as ، ؛ ؟ ٪,
// emoji). An apostrophe belongs to a term only between two word characters,
// so "withdrawal's" is one term.
//
// # Stems
//
// Stem removes clitics and common suffixes from a folded term:
//
//   - Arabic: the article with its attached prepositions and conjunctions
//     (ال وال فال بال كال لل ولل فلل وبال وكال فبال فكال) when at least three
//     letters remain (so الله does not become له); then one pronoun suffix (هما هم هن
//     ها ه) and one inflection suffix (يين يون يات ات ون ين ان يا ي ا), each
//     only when enough letters remain: three, four for the endings that
//     start with ي and for ا (so ولاية, ولايات give ولاي, not ولا), five for
//     ان (which protects إيران, لبنان, برلمان).
//   - English: possessive 's, plural -s/-es/-ies, -ing, -ed (with undoubling:
//     stopped -> stop), and a final silent e, so advise/advised/advising
//     share "advis".
//
// A bare conjunction or preposition (و ف ب ك ل, alone or as وب, فل...) is
// ambiguous: it is a clitic in وبايدن but part of the word in وزير and
// بايدن. Stem therefore keeps such a word whole, and Keys lists the
// alternative readings (بايدن and ايدن for وبايدن) for the query side to try.
//
// Loose gives a coarser key for Arabic stems of four letters or more, without the long vowels
// ي and و after the first letter, so that the variant spellings of loan
// words meet: أمريكية and أميركية (امريك, اميرك -> امرك), ميليشيات and
// مليشيات (ميليش, مليش -> ملش).
//
// # Matching names across clitics
//
// Terms gives each word's folded text, stem and byte span in the original
// string, so a matcher can find a name however it is attached or spelled
// and mark the original text: a text word matches an alias word when the
// alias's Stem is among the text word's Keys (للكاظمى and والكاظمي both
// match الكاظمي; وبايدن matches بايدن), and an exact match (equal Text) is
// the stronger one. FoldOffsets maps a whole folded text back to the
// original, for matching across several words at once.
//
// # Limits
//
// The stemmer is light: it knows no roots or broken plurals, and a
// suffix rule can still merge unrelated words or miss related ones. The
// decomposition tables are those of golang.org/x/text in Go and of the
// browser's ICU in JavaScript; characters encoded in a Unicode version
// only one of them knows may fold differently.
package textnorm
