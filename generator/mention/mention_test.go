package mention_test

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"briefing/generator/diag"
	"briefing/generator/mention"
	"briefing/generator/source"
	"briefing/generator/textnorm"
)

// annotated is one line of an annotated text file: the text as written,
// the mentions in it and the spans that must not be linked.
type annotated struct {
	where string // file:line, for messages
	label string // "a003:p5" for a seed paragraph, "" otherwise
	text  string
	gold  []mention.Match
	not   []mention.Match // ID is empty
}

// parseMarkup removes the markup of an annotated line: [words|id] is a
// mention of id, {words} a span that must not be linked.
func parseMarkup(s string) (annotated, error) {
	var a annotated
	var b strings.Builder
	for i := 0; i < len(s); {
		switch s[i] {
		case '[':
			body, _, ok := strings.Cut(s[i+1:], "]")
			words, id, ok2 := strings.Cut(body, "|")
			if !ok || !ok2 || words == "" || id == "" || strings.ContainsAny(body, "[{}") {
				return a, fmt.Errorf("bad mention at byte %d: want [words|id]", i)
			}
			a.gold = append(a.gold, mention.Match{ID: id, Start: b.Len(), End: b.Len() + len(words)})
			b.WriteString(words)
			i += len(body) + 2
		case '{':
			words, _, ok := strings.Cut(s[i+1:], "}")
			if !ok || words == "" || strings.ContainsAny(words, "[]{|") {
				return a, fmt.Errorf("bad false friend at byte %d: want {words}", i)
			}
			a.not = append(a.not, mention.Match{Start: b.Len(), End: b.Len() + len(words)})
			b.WriteString(words)
			i += len(words) + 2
		case ']', '}', '|':
			return a, fmt.Errorf("stray %q at byte %d", s[i], i)
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	a.text = b.String()
	return a, nil
}

// readAnnotated reads an annotated file: one text per line, "# " comments
// and blank lines skipped. In a seeds file, "== id" starts an article and
// each text line is "pN: text".
func readAnnotated(t *testing.T, path string) []annotated {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []annotated
	article := ""
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		where := fmt.Sprintf("%s:%d", path, n)
		if id, ok := strings.CutPrefix(line, "== "); ok {
			article = id
			continue
		}
		label := ""
		if article != "" {
			p, rest, ok := strings.Cut(line, ": ")
			if _, err := strconv.Atoi(strings.TrimPrefix(p, "p")); !ok || !strings.HasPrefix(p, "p") || err != nil {
				t.Fatalf("%s: want pN: text", where)
			}
			label, line = article+":"+p, rest
		}
		a, err := parseMarkup(line)
		if err != nil {
			t.Fatalf("%s: %v", where, err)
		}
		a.where, a.label = where, label
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// entityNames returns every name and alias of content/entities.yaml, in
// every language, as content.findMentions gives them to the matcher.
func entityNames(t testing.TB) ([]mention.Name, map[string]bool) {
	t.Helper()
	path := filepath.Join("..", "..", "content", "entities.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d diag.List
	ents := source.ParseEntities(source.File{Path: path, Data: data}, &d)
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	var names []mention.Name
	ids := map[string]bool{}
	for _, e := range ents {
		ids[e.ID] = true
		for _, t := range e.Spellings() {
			names = append(names, mention.Name{ID: e.ID, Text: t})
		}
	}
	return names, ids
}

// score runs m over the annotated texts and counts exact matches (same
// span, same entity), logging every false positive and every miss.
func score(t *testing.T, m *mention.Matcher, texts []annotated) (precision, recall float64) {
	t.Helper()
	var tp, fp, fn int
	for _, a := range texts {
		got := m.Find(a.text)
		where := a.where
		if a.label != "" {
			where += " (" + a.label + ")"
		}
		for _, g := range got {
			if slices.Contains(a.gold, g) {
				tp++
				continue
			}
			fp++
			kind := "false positive"
			for _, n := range a.not {
				if g.Start < n.End && n.Start < g.End {
					kind = "false friend linked"
				}
			}
			t.Logf("%s: %s: %q as %s", where, kind, a.text[g.Start:g.End], g.ID)
		}
		for _, w := range a.gold {
			if !slices.Contains(got, w) {
				fn++
				t.Logf("%s: missed: %q as %s", where, a.text[w.Start:w.End], w.ID)
			}
		}
	}
	precision, recall = 1, 1
	if tp+fp > 0 {
		precision = float64(tp) / float64(tp+fp)
	}
	if tp+fn > 0 {
		recall = float64(tp) / float64(tp+fn)
	}
	t.Logf("%d annotated, %d found, %d right: precision %.3f, recall %.3f", tp+fn, tp+fp, tp, precision, recall)
	return precision, recall
}

// checkIDs fails on annotations that name no entity of entities.yaml.
func checkIDs(t *testing.T, texts []annotated, ids map[string]bool) {
	t.Helper()
	for _, a := range texts {
		for _, g := range a.gold {
			if !ids[g.ID] {
				t.Errorf("%s: %q is not an entity of entities.yaml", a.where, g.ID)
			}
		}
	}
}

// TestSeeds measures the matcher on the hand-annotated seed articles with
// the real names of content/entities.yaml.
func TestSeeds(t *testing.T) {
	names, ids := entityNames(t)
	seeds := readAnnotated(t, filepath.Join("testdata", "seeds.txt"))
	checkIDs(t, seeds, ids)

	// The annotations must still be the articles' paragraphs, all of them.
	byLabel := map[string]annotated{}
	for _, a := range seeds {
		byLabel[a.label] = a
	}
	files, err := filepath.Glob(filepath.Join("..", "..", "content", "articles", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no seed articles: %v", err)
	}
	total := 0
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		var d diag.List
		art := source.ParseArticle(source.File{Path: filepath.ToSlash(path), Data: data}, &d)
		if art == nil {
			t.Fatalf("%s: %v", path, d.Err())
		}
		for _, p := range art.Paragraphs {
			total++
			label := fmt.Sprintf("%s:p%d", art.ID, p.N)
			a, ok := byLabel[label]
			switch {
			case !ok:
				t.Errorf("testdata/seeds.txt has no paragraph %s", label)
			case a.text != p.Text:
				t.Errorf("%s: paragraph %s differs from %s; annotate it again", a.where, label, path)
			}
		}
	}
	if len(seeds) != total {
		t.Errorf("testdata/seeds.txt has %d paragraphs, the articles %d", len(seeds), total)
	}

	p, r := score(t, mention.New(names, textnorm.AppendFold), seeds)
	if p < 0.95 || r < 0.90 {
		t.Errorf("seeds: precision %.3f (want >= 0.95), recall %.3f (want >= 0.90)", p, r)
	}
}

// TestTricky measures the matcher on sentences written to trip it up:
// clitics, spelling variants, false friends and names inside names.
func TestTricky(t *testing.T) {
	names, ids := entityNames(t)
	texts := readAnnotated(t, filepath.Join("testdata", "tricky.txt"))
	checkIDs(t, texts, ids)
	if len(texts) < 30 {
		t.Errorf("testdata/tricky.txt has %d sentences, want at least 30", len(texts))
	}
	p, r := score(t, mention.New(names, textnorm.AppendFold), texts)
	if p < 0.95 || r < 0.90 {
		t.Errorf("tricky: precision %.3f (want >= 0.95), recall %.3f (want >= 0.90)", p, r)
	}
}

// testNames is a small set of names for the table tests.
var testNames = []mention.Name{
	{ID: "kadhimi", Text: "مصطفى الكاظمي"},
	{ID: "kadhimi", Text: "الكاظمي"},
	{ID: "kadhimi", Text: "al-Kadhimi"},
	{ID: "iraq", Text: "العراق"},
	{ID: "iraq", Text: "Iraq"},
	{ID: "iran", Text: "إيران"},
	{ID: "biden", Text: "جو بايدن"},
	{ID: "biden", Text: "بايدن"},
	{ID: "biden", Text: "Biden"},
	{ID: "biden", Text: "President Biden"},
	{ID: "baghdad", Text: "بغداد"},
	{ID: "baghdad-airport", Text: "مطار بغداد"},
	{ID: "washington", Text: "واشنطن"},
	{ID: "washington", Text: "Washington, DC"},
	{ID: "united-states", Text: "الولايات المتحدة"},
	{ID: "united-states", Text: "US"},
	{ID: "coalition", Text: "قوات التحالف"},
	{ID: "coalition", Text: "التحالف الدولي بقيادة الولايات المتحدة"},
	{ID: "coalition", Text: "US-led coalition"},
	{ID: "nato", Text: "حلف شمال الأطلسي (الناتو)"},
	{ID: "nato", Text: "NATO"},
	{ID: "isis", Text: "IS"},
	{ID: "isis", Text: "داعش"},
	{ID: "turkey", Text: "Turkey"},
	{ID: "hmc", Text: "اللجنة العسكرية العليا"},
	{ID: "muhandis", Text: "أبو مهدي المهندس"},
	{ID: "rasool", Text: "Brig. Gen. Yahya Rasool"},
	{ID: "kataib", Text: "كتائب حزب الله"},
	{ID: "kataib", Text: "حزب الله"},
	{ID: "pmf", Text: "الحشد الشعبي"},
	{ID: "b-twin", Text: "الدنمارك"},
	{ID: "a-twin", Text: "الدنمارك"},
	{ID: "empty", Text: "ـ"},
	{ID: "empty", Text: " (( "},
}

// TestFind checks the rules of the package documentation one by one. Each
// wanted match is written "text=id"; they come left to right.
func TestFind(t *testing.T) {
	m := mention.New(testNames, textnorm.AppendFold)
	tests := []struct {
		name, text string
		want       []string
	}{
		{"plain", "قال الكاظمي إن", []string{"الكاظمي=kadhimi"}},
		{"empty text", "", nil},
		{"no name", "لا شيء هنا", nil},
		{"name alone", "العراق", []string{"العراق=iraq"}},

		// One clitic.
		{"wa", "التقى وبايدن", []string{"وبايدن=biden"}},
		{"fa", "فبايدن قال", []string{"فبايدن=biden"}},
		{"bi", "مر ببغداد", []string{"ببغداد=baghdad"}},
		{"ka", "مدينة كبغداد", []string{"كبغداد=baghdad"}},
		{"li", "دعم لإيران", []string{"لإيران=iran"}},
		{"li before the article", "مقرب للكاظمي", []string{"للكاظمي=kadhimi"}},
		{"li before the article and lam", "قدم للجنة العسكرية العليا", []string{"للجنة العسكرية العليا=hmc"}},
		// Clitics fused with the article.
		{"wal", "إيران والعراق", []string{"إيران=iran", "والعراق=iraq"}},
		{"bil", "البقاء بالعراق", []string{"بالعراق=iraq"}},
		{"kal", "بلد كالعراق", []string{"كالعراق=iraq"}},
		{"fal", "فالعراق ممر", []string{"فالعراق=iraq"}},
		// Combinations.
		{"wa li al", "وللعراق حصة", []string{"وللعراق=iraq"}},
		{"fa li al", "فللعراق حصة", []string{"فللعراق=iraq"}},
		{"wa bi al", "وبالعراق تمر", []string{"وبالعراق=iraq"}},
		{"wa ka al", "وكالعراق", []string{"وكالعراق=iraq"}},
		{"fa bi al", "فبالعراق", []string{"فبالعراق=iraq"}},
		{"fa ka al", "فكالعراق", []string{"فكالعراق=iraq"}},
		{"wa bi", "وببغداد", []string{"وببغداد=baghdad"}},
		{"wa ka", "وكبغداد", []string{"وكبغداد=baghdad"}},
		{"wa li", "ولإيران", []string{"ولإيران=iran"}},
		{"fa bi", "فببغداد", []string{"فببغداد=baghdad"}},
		{"fa li", "فلإيران", []string{"فلإيران=iran"}},
		{"fa ka", "فكبغداد", []string{"فكبغداد=baghdad"}},
		{"clitic before a multi-word name", "وقوات التحالف", []string{"وقوات التحالف=coalition"}},
		{"clitic on a later word", "جو وبايدن", []string{"وبايدن=biden"}},
		{"names that start with a clitic letter", "بايدن وواشنطن", []string{"بايدن=biden", "وواشنطن=washington"}},
		{"clitic alone", "و ب ل", nil},

		// Never inside another word.
		{"nisba", "الرئيس العراقي والقوات الإيرانية", nil},
		{"plural", "العراقيون والإيرانيون", nil},
		{"suffix", "مواطن بغدادي", nil},
		{"digits glued", "بايدن2024", nil},
		{"letters glued", "xبايدن", nil},
		{"english inside", "Iraqis and Bidenomics", nil},

		// Normalisation.
		{"tashkeel", "العِرَاقُ", []string{"العِرَاقُ=iraq"}},
		{"tatweel", "بـايـدن", []string{"بـايـدن=biden"}},
		{"tatweel first", "ـبايدن", []string{"ـبايدن=biden"}},
		{"alef without hamza", "ايران", []string{"ايران=iran"}},
		{"alef madda", "آيران", []string{"آيران=iran"}},
		{"yaa and alef maqsura", "مصطفي الكاظمى", []string{"مصطفي الكاظمى=kadhimi"}},
		{"persian yeh and kaf", "الکاظمی", []string{"الکاظمی=kadhimi"}},
		{"presentation forms", "ﺍﻟﻌﺮﺍﻕ", []string{"ﺍﻟﻌﺮﺍﻕ=iraq"}},
		{"zero-width non-joiner inside", "باي\u200cدن", []string{"باي\u200cدن=biden"}},
		{"bidi mark outside", "\u200fبايدن\u200f", []string{"بايدن=biden"}},
		{"abu in the genitive", "مقتل أبي مهدي المهندس", []string{"أبي مهدي المهندس=muhandis"}},
		{"abu in the accusative", "إن أبا مهدي المهندس", []string{"أبا مهدي المهندس=muhandis"}},
		{"abu with a clitic", "لأبي مهدي المهندس", []string{"لأبي مهدي المهندس=muhandis"}},

		// The words of a name.
		{"two spaces", "جو  بايدن", []string{"جو  بايدن=biden"}},
		{"no-break space", "جو\u00a0بايدن", []string{"جو\u00a0بايدن=biden"}},
		{"hyphen", "al-Kadhimi", []string{"al-Kadhimi=kadhimi"}},
		{"space for a hyphen", "al Kadhimi", []string{"al Kadhimi=kadhimi"}},
		{"two hyphens", "al--Kadhimi", nil},
		{"comma", "جو، بايدن", []string{"بايدن=biden"}},
		{"full stop", "الولايات. المتحدة", nil},
		{"line break", "جو\nبايدن", []string{"بايدن=biden"}},
		{"punctuation of the name", "met Brig. Gen. Yahya Rasool", []string{"Brig. Gen. Yahya Rasool=rasool"}},
		{"punctuation of the name, spaced", "in Washington,  DC", []string{"Washington,  DC=washington"}},
		{"other punctuation", "Brig.: Gen. Yahya Rasool", nil},

		// Longest name first.
		{"longer at the same word", "قرب مطار بغداد", []string{"مطار بغداد=baghdad-airport"}},
		{"longer inside", "تبنت كتائب حزب الله", []string{"كتائب حزب الله=kataib"}},
		{"full name over surname", "مصطفى الكاظمي", []string{"مصطفى الكاظمي=kadhimi"}},
		{"longer one word later", "قوات التحالف الدولي بقيادة الولايات المتحدة", []string{"التحالف الدولي بقيادة الولايات المتحدة=coalition"}},
		{"shorter fills the rest", "بغداد مطار بغداد بغداد", []string{"بغداد=baghdad", "مطار بغداد=baghdad-airport", "بغداد=baghdad"}},
		{"same name twice", "الدنمارك", []string{"الدنمارك=a-twin"}},
		{"parenthesised alternative", "حلف شمال الأطلسي (الناتو)", []string{"حلف شمال الأطلسي=nato", "الناتو=nato"}},
		{"outer part alone", "حلف شمال الأطلسي", []string{"حلف شمال الأطلسي=nato"}},
		{"names that fold to nothing", "ـ (( ـ", nil},

		// English.
		{"possessive", "Biden's visit", []string{"Biden=biden"}},
		{"typographic possessive", "Iraq’s north", []string{"Iraq=iraq"}},
		{"capitals", "BIDEN IN IRAQ", []string{"BIDEN=biden", "IRAQ=iraq"}},
		{"lower case", "biden in iraq", nil},
		{"title", "President Biden", []string{"President Biden=biden"}},
		{"acronym", "the US and IS", []string{"US=united-states", "IS=isis"}},
		{"acronym lower", "let us say it is", nil},
		{"acronym mixed", "Us Is", nil},
		{"longer acronym, mixed case", "Nato and NATO", []string{"Nato=nato", "NATO=nato"}},
		{"acronym in a hyphenated name", "the US-led coalition", []string{"US-led coalition=coalition"}},
		{"common noun", "roast turkey in Turkey", []string{"Turkey=turkey"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, g := range m.Find(tt.text) {
				got = append(got, tt.text[g.Start:g.End]+"="+g.ID)
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("Find(%q) = %q, want %q", tt.text, got, tt.want)
			}
		})
	}
}

// TestFindOrderOfNames checks that the order of the names does not change
// what Find returns (content gives them in map order).
func TestFindOrderOfNames(t *testing.T) {
	names, _ := entityNames(t)
	seeds := readAnnotated(t, filepath.Join("testdata", "seeds.txt"))
	tricky := readAnnotated(t, filepath.Join("testdata", "tricky.txt"))
	backward := slices.Clone(names)
	slices.Reverse(backward)
	forward := mention.New(names, textnorm.AppendFold)
	reversed := mention.New(backward, textnorm.AppendFold)
	for _, a := range append(seeds, tricky...) {
		if f, r := forward.Find(a.text), reversed.Find(a.text); !slices.Equal(f, r) {
			t.Errorf("%s: names in file order give %v, reversed %v", a.where, f, r)
		}
	}
}

// FuzzFind checks, for any text, that Find agrees with the plain reading
// of the rules (findReference), does not panic and returns
// spans within the text, on character boundaries, non-overlapping and in
// increasing order, each of which Find finds again on its own. Its seed
// corpus is in testdata/fuzz/FuzzFind.
func FuzzFind(f *testing.F) {
	names, _ := entityNames(f)
	names = append(names, testNames...)
	m := mention.New(names, textnorm.AppendFold)
	for _, s := range []string{"", "وللكاظمي", "جو بايدن", "Brig. Gen. Yahya Rasool", "\xffبايدن\u200c", "ـ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		boundary := map[int]bool{len(s): true}
		for i := range s {
			boundary[i] = true
		}
		got := m.Find(s)
		if ref := mention.FindReference(m, s); !slices.Equal(got, ref) {
			t.Fatalf("Find(%q) = %v, reference %v", s, got, ref)
		}
		prevEnd := 0
		for _, g := range got {
			if g.ID == "" || g.Start < prevEnd || g.Start >= g.End || g.End > len(s) {
				t.Fatalf("Find(%q) = %v: bad or overlapping span %v", s, got, g)
			}
			if !boundary[g.Start] || !boundary[g.End] {
				t.Fatalf("Find(%q) = %v: span %v cuts a character", s, got, g)
			}
			prevEnd = g.End
			want := []mention.Match{{ID: g.ID, Start: 0, End: g.End - g.Start}}
			if again := m.Find(s[g.Start:g.End]); !slices.Equal(again, want) {
				t.Fatalf("Find(%q) = %v, but Find(%q) = %v", s, got, s[g.Start:g.End], again)
			}
		}
	})
}
