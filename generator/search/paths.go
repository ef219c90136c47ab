package search

import "strings"

// Owns reports whether name is, or could be, the path of a file that Build
// makes for lang: the index, assets/search-<lang>.js, or one of its text
// shards, assets/search-<lang>-<n>-<hash>.js. The script and stylesheet
// of the search box, assets/search.js and assets/search.css, are not.
func Owns(lang, name string) bool {
	rest, ok := strings.CutPrefix(name, "assets/search-"+lang)
	return ok && (strings.HasPrefix(rest, ".") || strings.HasPrefix(rest, "-"))
}
