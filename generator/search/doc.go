// Package search builds the offline search index of a briefing site: one
// set of JavaScript files per language, which templates/search.js loads by
// <script src> when the reader opens the search box, so that search works
// over file:// as well as over HTTP (fetch is blocked over file://).
//
// # Use
//
// The generator makes one Doc per searchable unit of a language (each
// section of a briefing, each paragraph of a source article, each event,
// each entity), in page order, calls Build once per language, and writes
// the files it returns under the site root; with WithShardFunc, Build
// hands it the text shards as they are made and returns only the index.
// The Builds of a site's languages share a Shared (WithShared), so that
// the source paragraphs, the same text in every language, are read once. Pages include the partial
// {{template "search" .}} (templates/search.html), which loads search.js
// and search.css from assets/; the generator copies those two files from
// templates/ to assets/ as it does style.css.
//
// # Files
//
// Build(lang, docs) returns, with paths relative to the site root:
//
//	assets/search-<lang>.js            the index: vocabulary, postings, document list
//	assets/search-<lang>-<n>-<hash>.js text shard n: the texts of a run of documents
//
// The index holds everything a query needs; the texts, which make up most
// of the bytes, are only needed for the snippets of the results on screen,
// so they are cut into shards of about 64 KiB (WithShardSize) that search.js
// loads on demand. A shard's name carries a hash of its content, so an
// unchanged shard keeps its name across builds and a browser never mixes an
// old shard with a new index.
//
// # Protocol
//
// search.js defines two global functions before it adds the index script
// to the page, and each file is a single call of one of them:
//
//	briefingSearchIndex("ar", {...index...}, function(){/*...blob...*/});
//	briefingSearchText("ar", 3, "text of doc first+0\ntext of doc first+1\n...");
//
// The index object is JSON (JSON is a JavaScript expression, and Go escapes
// U+2028 and U+2029), so Go tests can read it back with encoding/json. Its
// long strings, the lists of numbers and words, are not in it but in the
// blob, the comment in the body of the function that is the last
// argument, one after the other: the object gives each as [from, to], its
// offsets in the blob, and search.js reads the blob back with the
// function's toString. Chromium skips a comment much faster than it reads
// a string literal of the same length (see text in build.go). A string
// with characters above ASCII, which a comment cannot escape, stays in the
// object. The index file is all ASCII: characters above it are written as
// \u escapes, because Chromium loads a one-byte script markedly faster.
//
// search.js finds the partial's element by its data-briefing-search
// attribute, takes the site root from its data-root (the page's .Root; else
// the briefing-root meta tag), the language from <html lang> and the
// interface strings from its data-s-* attributes, and loads
// assets/search-<lang>.js the first time the reader opens the search (the
// button, "/" or Ctrl-K). It also defines window.briefingSearch, with the
// JavaScript normaliser (fold, terms, stem, keys, loose) that the tests
// compare with textnorm, and open(), which returns a promise of the index.
//
// # Index format (version 2)
//
// The format is made so that opening the search does next to no work in
// JavaScript: every list is read where it lies, when a query needs it,
// through skip tables, and only the runs of documents (a few thousand) are
// decoded at load.
//
// Documents are numbered 0..docs-1 in the order given to Build. Numbers are
// written as strings in a compact code over 92 printable ASCII characters,
// without the slash, so that no list holds "*/" (see alphabet and appendNum): a number is its base-28 high digits from the last 28
// characters of the alphabet, then one base-64 digit from the first 64.
// Ascending lists are written as the first id and then each gap minus one,
// so that the common small gaps take one character.
//
// Where a string is said below, the object holds either the string or
// its [from, to] in the blob. A skip table is a string of fixed-width numbers in base 92 over the
// whole alphabet, most significant digit first; its width is its length
// over the number of entries. A word list is {n, w, h}: n sorted words,
// folded (textnorm.Terms) and packed (each Arabic letter written as one
// ASCII character, see packFrom and packTo), sorted in UTF-16 order as
// JavaScript compares strings, joined by "\n" and front-coded in blocks
// of 16 in w (the first word of a block is whole, each other word is one
// character of the alphabet giving the number of UTF-16 units it shares
// with the word before it, then the rest of the word), and h the skip
// table of where each block starts in w. A record list is {r, h}: one
// record per word of a word list, one after the other in r, and h the
// skip table of where every 16th record starts.
//
//	v         2
//	lang      the language of the index
//	docs      the number of documents
//	kinds, titles, sections, paths, frags
//	          tables of distinct strings, in order of first use
//	runs      runs of consecutive documents with the same kind, title,
//	          section and path, six numbers each: the number of documents
//	          minus one; the kind, title, section and path, each written
//	          as 0 for the previous run's index, 1 for the next index never
//	          used before, v+2 for any other index v; and the length in
//	          characters of the run's part of df
//	df        per document, the index of its fragment in frags; the
//	          document's URL is paths[path] + "#" + frags[df] (no "#" when
//	          the fragment is "")
//	terms     the vocabulary, a word list
//	post      per term, a record: (characters of its postings) * 4, plus 2
//	          when it is in titles and 1 when it is in section headings;
//	          its postings (ascending document ids); then for titles, and
//	          then for headings, when it is in any, the length in
//	          characters of the list and the ascending title (section) ids;
//	          and post.m, a skip table of the longest postings (in
//	          characters) of each block of 16 terms, with which search.js
//	          finds the most frequent words of a prefix without reading
//	          every record
//	stems     sorted distinct stems (textnorm.Stem), a word list
//	forms     how terms are spelt from their stems, most used first:
//	          [prefix, cut, suffix], packed, for the term prefix + the stem
//	          without its last cut UTF-16 units + suffix
//	st        per stem, a record: the number of its terms, then the index
//	          in forms of each; search.js spells each term and looks it up
//	loose     sorted distinct loose keys (textnorm.Loose), a word list
//	ls        per loose key, a record: the number of its stems, then their
//	          ascending ids
//	shards    [file, first document] for each text shard, in order
//
// A shard holds the texts of documents first..first+k-1, with runs of white
// space made single spaces, joined by "\n".
//
// # Queries
//
// search.js folds each query word as textnorm does and looks it up: the
// exact folded word, the terms that share its stem, the stems of its other
// readings (textnorm.Keys), and for Arabic the words written with a
// conjunction or preposition before it and the stems that share its loose
// key; the last word, still being typed, also matches as a prefix. Documents
// with every word come first, then by the number of words, then by a score
// that weighs exact matches over stems over loose keys, rare words over
// common ones, and adds a boost when the title or section heading matches.
package search
