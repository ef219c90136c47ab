package render

import (
	"strconv"
	"strings"
)

// Page paths, relative to the site root. Every page is a directory with
// an index.html, and every link names that file so the site works opened
// from disk as well as served.
func homePath(lang string) string        { return lang + "/index.html" }
func topicsPath(lang string) string      { return lang + "/topics/index.html" }
func topicPath(lang, slug string) string { return lang + "/topics/" + slug + "/index.html" }
func sourcesPath(lang string) string     { return lang + "/sources/index.html" }
func sourcePath(lang, id string) string  { return lang + "/sources/" + id + "/index.html" }
func chronologyPath(lang string) string  { return lang + "/chronology/index.html" }
func entitiesPath(lang string) string    { return lang + "/entities/index.html" }
func entityPath(lang, id string) string  { return lang + "/entities/" + id + "/index.html" }
func eventPath(lang, id string) string   { return chronologyPath(lang) + "#" + id }
func paragraphPath(lang, id string, n int) string {
	return sourcePath(lang, id) + "#p" + strconv.Itoa(n)
}

// rootOf returns the relative path from the page at path p to the site
// root: "../../" for "ar/topics/index.html", "./" for "index.html".
func rootOf(p string) string {
	n := strings.Count(p, "/")
	if n == 0 {
		return "./"
	}
	return strings.Repeat("../", n)
}

// rel returns the shortest relative link from the page at path from to
// the site path to: "../x/index.html" rather than
// "../../ar/topics/x/index.html".
func rel(from, to string) string {
	fromDir := from[:strings.LastIndexByte(from, '/')+1]
	common := 0
	for i := 0; i < len(fromDir) && i < len(to) && fromDir[i] == to[i]; i++ {
		if to[i] == '/' {
			common = i + 1
		}
	}
	up := strings.Count(fromDir[common:], "/")
	if up <= len(ups)/3 {
		return ups[:3*up] + to[common:] // one allocation, not two
	}
	return strings.Repeat("../", up) + to[common:]
}

// ups is "../" repeated as often as a page of the site is deep.
const ups = "../../../../../../../../"
