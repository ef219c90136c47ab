package build

import (
	"hash/maphash"
	"slices"
	"sync"

	"briefing/generator/output"
	"briefing/generator/render"
	"briefing/generator/search"
)

// searchIndex is the search index of one language with a checksum of the
// documents it was built from.
type searchIndex struct {
	sum   uint64
	files []search.File
}

// searchIndex returns the index of docs in lang, built anew or, when the
// Builder watches and the documents are those of the last build, the one
// it built then: an edit to an English note leaves the Arabic index alone.
// It passes each text shard to emit, from any goroutine, and returns the
// rest. The indexes of one build share sh, when not nil, which reads each
// source paragraph once for all languages.
func (b *Builder) searchIndex(lang string, docs []search.Doc, sh *search.Shared, emit func(search.File)) ([]search.File, error) {
	if !b.opts.Watch {
		// Written as they are made: the shards hold all the site's
		// searchable text.
		return search.Build(lang, docs, search.WithShared(sh), search.WithShardFunc(emit))
	}
	var h maphash.Hash
	h.SetSeed(b.seed)
	for _, d := range docs {
		for _, s := range [...]string{d.Kind, d.Title, d.Section, d.URL, d.Text} {
			h.WriteString(s)
			h.WriteByte(0)
		}
	}
	files, err := b.cachedIndex(lang, h.Sum64(), func() ([]search.File, error) {
		return search.Build(lang, docs, search.WithShared(sh))
	})
	if err != nil {
		return nil, err
	}
	for _, f := range files[1:] { // outside the lock: a sink may copy them
		emit(f)
	}
	return files[:1], nil
}

// cachedIndex returns the files of lang's index cached with sum, or makes
// them and caches them.
func (b *Builder) cachedIndex(lang string, sum uint64, makeIndex func() ([]search.File, error)) ([]search.File, error) {
	b.indexMu.Lock()
	defer b.indexMu.Unlock()
	if c, ok := b.indexes[lang]; ok && c.sum == sum {
		return c.files, nil
	}
	files, err := makeIndex()
	if err != nil {
		return nil, err
	}
	if b.indexes == nil {
		b.indexes = map[string]searchIndex{}
	}
	b.indexes[lang] = searchIndex{sum: sum, files: files}
	return files, nil
}

// deferSearch returns the search index of every language as files a sink
// may make when they are first asked for (see output.Deferred). It uses
// only r, whose site no later build changes, and the index cache, which
// is locked.
func (b *Builder) deferSearch(r *render.Renderer, langs []string) output.Deferred {
	return output.Deferred{
		Owns: func(name string) bool {
			return slices.ContainsFunc(langs, func(lang string) bool { return search.Owns(lang, name) })
		},
		Make: func() (map[string][]byte, error) {
			files := map[string][]byte{}
			var mu sync.Mutex
			add := func(f search.File) {
				mu.Lock()
				files[f.Path] = f.Data
				mu.Unlock()
			}
			var sh *search.Shared
			if len(langs) > 1 {
				sh = &search.Shared{}
			}
			for _, lang := range langs {
				index, err := b.searchIndex(lang, r.SearchDocs(lang), sh, add)
				if err != nil {
					return nil, err
				}
				for _, f := range index {
					files[f.Path] = f.Data
				}
			}
			return files, nil
		},
	}
}
