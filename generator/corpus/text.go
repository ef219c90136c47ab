package corpus

import (
	"embed"
	"strings"
)

// The texts the corpus is made of, all taken from the project's own
// content: articles.ar.txt holds the sentences of the five seed articles
// (content/articles), notes.ar.txt and notes.en.txt the sentences of the
// briefing notes with their citations and topic links removed, and
// entities.yaml the entities of content/entities.yaml, one block each,
// the six least named last.
//
//go:embed text/*.txt text/entities.yaml
var texts embed.FS

// pools are the sentences the corpus recombines.
type pools struct {
	articleAr []string // article paragraphs: seed sentences first, then note sentences
	noteAr    []string
	noteEn    []string
	entities  []string // YAML blocks, each one list item
}

func loadPools() (*pools, error) {
	p := &pools{}
	for _, f := range []struct {
		name string
		dst  *[]string
	}{
		{"text/articles.ar.txt", &p.articleAr},
		{"text/notes.ar.txt", &p.noteAr},
		{"text/notes.en.txt", &p.noteEn},
	} {
		data, err := texts.ReadFile(f.name)
		if err != nil {
			return nil, err
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			if line = strings.TrimSpace(line); line != "" {
				*f.dst = append(*f.dst, line)
			}
		}
	}
	// Article paragraphs draw on every Arabic sentence, so that a
	// paragraph names the entities the notes talk about as well.
	p.articleAr = append(p.articleAr, p.noteAr...)
	data, err := texts.ReadFile("text/entities.yaml")
	if err != nil {
		return nil, err
	}
	for block := range strings.SplitSeq(strings.TrimSpace(string(data)), "\n\n") {
		p.entities = append(p.entities, strings.TrimSpace(block))
	}
	return p, nil
}
