package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// syntheticCorpus makes the documents of a site with the given number of
// source articles, made up at run time (never committed): about 20
// paragraphs of about 40 words per article, as in the seed articles, plus
// briefing sections, events and entities in proportion. Words follow a
// Zipf law over made-up lemmas that carry the clitics and suffixes of real
// text, so the vocabulary grows as a real one does.
func syntheticCorpus(lang string, articles int, seed uint64) []Doc {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	g := newWordGen(lang, r)
	var docs []Doc
	for a := range articles {
		title := g.sentence(6 + r.IntN(6))
		url := fmt.Sprintf("%s/sources/a%05d/index.html", lang, a)
		n := 10 + r.IntN(21)
		for p := 1; p <= n; p++ {
			docs = append(docs, Doc{Kind: "paragraph", Title: title, URL: fmt.Sprintf("%s#p%d", url, p),
				Text: g.sentence(15 + r.IntN(55))})
		}
	}
	for b := range max(1, articles/100) {
		title := g.sentence(4 + r.IntN(4))
		for s := range 6 {
			docs = append(docs, Doc{Kind: "briefing", Title: title, Section: g.sentence(2 + r.IntN(4)),
				URL:  fmt.Sprintf("%s/topics/t%03d/index.html#s%d", lang, b, s),
				Text: g.sentence(120 + r.IntN(200))})
		}
	}
	for e := range max(1, articles/5) {
		docs = append(docs, Doc{Kind: "event", Title: "chronology", URL: fmt.Sprintf("%s/chronology/index.html#e%d", lang, e),
			Text: g.sentence(10 + r.IntN(15))})
	}
	for e := range max(1, articles/10) {
		docs = append(docs, Doc{Kind: "entity", Title: g.sentence(2), URL: fmt.Sprintf("%s/entities/x%04d/index.html", lang, e),
			Text: g.sentence(5 + r.IntN(20))})
	}
	return docs
}

type wordGen struct {
	r        *rand.Rand
	zipf     *rand.Zipf
	lemmas   []string
	common   []string
	prefixes []weighted
	suffixes []weighted
}

type weighted struct {
	s string
	p float64
}

var (
	arabicLetters = []rune("ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةىؤئ")
	arabicCommon  = strings.Fields("في من على أن إلى التي الذي عن مع هذا بين قال كان العراق الكاظمي بايدن الأمريكية القوات الميليشيات واشنطن بغداد إيران الحكومة الحوار")
	latinLetters  = []rune("abcdefghijklmnopqrstuvwxyzaeiouaeiourstln")
	englishCommon = strings.Fields("the of and to in a that is for on with as by was said iraq kadhimi biden troops militias washington baghdad iran government dialogue")
)

func newWordGen(lang string, r *rand.Rand) *wordGen {
	g := &wordGen{r: r}
	letters, minLen := arabicLetters, 3
	g.common = arabicCommon
	g.prefixes = []weighted{{"ال", 0.30}, {"وال", 0.07}, {"بال", 0.04}, {"لل", 0.03}, {"و", 0.07}, {"ب", 0.03}, {"ل", 0.03}, {"ف", 0.01}}
	g.suffixes = []weighted{{"ة", 0.10}, {"ات", 0.07}, {"ي", 0.06}, {"ين", 0.04}, {"ون", 0.02}, {"ها", 0.03}, {"هم", 0.02}, {"ية", 0.04}, {"ًا", 0.02}}
	if lang != "ar" {
		letters, minLen = latinLetters, 3
		g.common = englishCommon
		g.prefixes = nil
		g.suffixes = []weighted{{"s", 0.15}, {"ed", 0.05}, {"ing", 0.05}, {"'s", 0.02}}
	}
	g.lemmas = make([]string, 40000)
	for i := range g.lemmas {
		n := minLen + r.IntN(4)
		var b strings.Builder
		for range n {
			b.WriteRune(letters[r.IntN(len(letters))])
		}
		g.lemmas[i] = b.String()
	}
	g.zipf = rand.NewZipf(r, 1.07, 2, uint64(len(g.lemmas)-1))
	return g
}

func pick(r *rand.Rand, ws []weighted) string {
	x := r.Float64()
	for _, w := range ws {
		if x < w.p {
			return w.s
		}
		x -= w.p
	}
	return ""
}

func (g *wordGen) word() string {
	if g.r.IntN(4) == 0 {
		return g.common[g.r.IntN(len(g.common))]
	}
	return pick(g.r, g.prefixes) + g.lemmas[g.zipf.Uint64()] + pick(g.r, g.suffixes)
}

func (g *wordGen) sentence(n int) string {
	words := make([]string, n)
	for i := range words {
		words[i] = g.word()
	}
	s := strings.Join(words, " ")
	if g.common[0] == "في" {
		return s + "."
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}
