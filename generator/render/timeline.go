package render

import (
	"bytes"
	"cmp"
	"fmt"
	"html"
	"html/template"
	"slices"
	"strings"

	"briefing/generator/content"
	"briefing/generator/date"
	"briefing/generator/source"
)

// palette colours topics on the timeline, in the order of the topic index;
// each is readable on light and dark backgrounds and in greyscale print.
var palette = []string{"#0b5d7a", "#b5522b", "#6a3d9a", "#2e7d32", "#a8326e", "#8a6d00", "#37474f", "#c62828"}

// Timeline geometry, in SVG user units.
const (
	tlWidth   = 1000
	tlPad     = 40
	tlMark    = 7
	tlStep    = 17
	tlAxisGap = 28
)

// timeline draws the events as an inline SVG: years along an axis that runs
// in the page's direction, one mark per event coloured by its first topic,
// each mark a link to the event with its title on hover and focus.
func (r *Renderer) timeline(s Spec) (template.HTML, []Legend) {
	events := r.site.Events
	if len(events) == 0 {
		return "", nil
	}
	first, last := events[0].Date.Year, events[len(events)-1].Date.Year
	span := float64(last - first + 1)
	rtl := s.Lang == "ar"
	xOf := func(d date.Date) float64 {
		frac := 0.5
		switch d.Precision() {
		case date.Month:
			frac = (float64(d.Month) - 0.5) / 12
		case date.Day:
			frac = (float64(d.Month-1) + float64(d.Day-1)/31) / 12
		}
		x := tlPad + (float64(d.Year-first)+frac)/span*(tlWidth-2*tlPad)
		if rtl {
			x = tlWidth - x
		}
		return x
	}
	colour := map[string]string{}
	var legend []Legend
	for i, t := range r.site.Topics {
		colour[t.Slug] = palette[i%len(palette)]
		title := r.topicTitle(t, s.Lang)
		legend = append(legend, Legend{Colour: template.CSS(colour[t.Slug]),
			Link: Link{Href: rel(s.Path, topicPath(s.Lang, t.Slug)), Label: title.Text, Lang: title.Lang, Dir: title.Dir}})
	}
	// Stack marks that would overlap.
	type mark struct {
		x     float64
		level int
		e     *content.Event
	}
	var marks []mark
	levels := 1
	for _, e := range events {
		x := xOf(e.Date)
		level := 0
		for _, m := range marks {
			if abs(m.x-x) < 2*tlMark+2 && m.level >= level {
				level = m.level + 1
			}
		}
		marks = append(marks, mark{x: x, level: level, e: e})
		levels = max(levels, level+1)
	}
	height := tlAxisGap + levels*tlStep + 40
	axisY := height - 40
	var b strings.Builder
	title := r.theme.T(s.Lang)["timeline"]
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %d %d" role="group" aria-label="%s" preserveAspectRatio="xMidYMid meet">`, tlWidth, height, html.EscapeString(title))
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`, tlPad/2, axisY, tlWidth-tlPad/2, axisY)
	for y := first; y <= last+1; y++ {
		x := tlPad + float64(y-first)/span*(tlWidth-2*tlPad)
		if rtl {
			x = tlWidth - x
		}
		fmt.Fprintf(&b, `<line class="tick" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, x, axisY-6, x, axisY+6)
		if y <= last {
			mid := tlPad + (float64(y-first)+0.5)/span*(tlWidth-2*tlPad)
			if rtl {
				mid = tlWidth - mid
			}
			fmt.Fprintf(&b, `<text class="year" x="%.1f" y="%d" text-anchor="middle">%s</text>`, mid, axisY+28, r.number(y, s.Lang))
		}
	}
	for _, m := range marks {
		c := palette[len(palette)-2]
		if len(m.e.Topics) > 0 {
			if v, ok := colour[m.e.Topics[0]]; ok {
				c = v
			}
		}
		t, _ := m.e.Title.In(s.Lang)
		label := r.date(m.e.Date, s.Lang) + " — " + t
		cy := axisY - tlAxisGap/2 - m.level*tlStep
		fmt.Fprintf(&b, `<a href="#%s" aria-label="%s"><title>%s</title><circle cx="%.1f" cy="%d" r="%d" fill="%s"/></a>`,
			html.EscapeString(m.e.ID), html.EscapeString(label), html.EscapeString(label), m.x, cy, tlMark, c)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()), legend
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// maxYearMentions bounds the dated mentions the chronology shows for one
// year, so that the page stays readable (and small) on a site with
// thousands of sources. A year with more shows as many spread evenly over
// it, in date order, and counts the rest; each is still on its source page
// and found by the search.
const maxYearMentions = 100

// dated is a date a source mentions that no curated event covers.
type dated struct {
	a *content.Article
	m *content.DateMention
	i int // the place in the list before sorting, which breaks ties as a stable sort would
}

// sortedDates returns the dates the sources mention that no event covers,
// in date order, then by article and paragraph. Both languages'
// chronologies show them: they are sorted once per Renderer.
func (r *Renderer) sortedDates() []dated {
	r.datesOnce.Do(func() {
		n := 0
		for _, a := range r.site.Articles {
			n += len(a.Dates)
		}
		list := make([]dated, 0, n)
		for _, a := range r.site.Articles {
			for i := range a.Dates {
				if m := &a.Dates[i]; !m.Covered(a) {
					list = append(list, dated{a: a, m: m, i: len(list)})
				}
			}
		}
		slices.SortFunc(list, func(x, y dated) int {
			if c := strings.Compare(x.m.Date, y.m.Date); c != 0 {
				return c
			}
			if x.a == y.a && x.m.Paragraph == y.m.Paragraph {
				return cmp.Compare(x.i, y.i)
			}
			return cmp.Or(compareMentionAt(x.a.ID, x.m.Paragraph, y.a.ID, y.m.Paragraph), cmp.Compare(x.i, y.i))
		})
		r.dates = list
	})
	return r.dates
}

// dateMentions lists the dates the sources mention that no curated event
// covers, grouped by year, oldest first, and counts them.
func (r *Renderer) dateMentions(s Spec) ([]MentionYear, int) {
	list := r.sortedDates()
	total := len(list)
	T := r.theme.T(s.Lang)
	var out []MentionYear
	for len(list) > 0 {
		year := list[0].m.Year()
		n := 1
		for n < len(list) && list[n].m.Year() == year {
			n++
		}
		g := MentionYear{year: year, Year: r.number(year, s.Lang)}
		shown := min(n, maxYearMentions)
		g.Mentions = make([]MentionItem, 0, shown)
		for i := range shown {
			f := list[i*n/shown]
			p := f.a.Paragraphs[f.m.Paragraph-1]
			g.Mentions = append(g.Mentions, MentionItem{
				Year:    year,
				Date:    r.mentionDate(*f.m, s.Lang),
				Href:    rel(s.Path, paragraphPath(s.Lang, f.a.ID, f.m.Paragraph)),
				Source:  localize(f.a.Title, s.Lang),
				Para:    "¶" + r.number(f.m.Paragraph, s.Lang),
				Snippet: sentence(p.Text, f.m.Start, f.m.End),
				Lang:    f.a.Language,
				Dir:     source.Dir(f.a.Language),
			})
		}
		if n > shown {
			g.More = strings.ReplaceAll(T["more_dates"], "{n}", r.number(n-shown, s.Lang))
		}
		out = append(out, g)
		list = list[n:]
	}
	return out, total
}

// compareMentionAt orders two mentions of one date as their article ids
// followed by their paragraph numbers, zero-padded to six digits, compare
// as strings: "a1" and "000012" before "a10" and "000003".
func compareMentionAt(idA string, paraA int, idB string, paraB int) int {
	if len(idA) == len(idB) && min(paraA, paraB) >= 0 && max(paraA, paraB) < 1e6 {
		// The ids decide, or the numbers, of one width.
		return cmp.Or(strings.Compare(idA, idB), cmp.Compare(paraA, paraB))
	}
	var a, b [64]byte
	return bytes.Compare(fmt.Appendf(a[:0], "%s%06d", idA, paraA), fmt.Appendf(b[:0], "%s%06d", idB, paraB))
}

// mentionDate formats a mention's date at its precision.
func (r *Renderer) mentionDate(m content.DateMention, lang string) string {
	if i := strings.LastIndexByte(m.Date, '-'); i > 0 && m.Date[i+1] >= 'a' {
		season := r.theme.T(lang)["season_"+m.Date[i+1:]]
		return season + " " + r.number(m.Year(), lang)
	}
	d, err := date.Parse(m.Date)
	if err != nil {
		return m.Date
	}
	return r.date(d, lang)
}

// sentence returns the sentence around text[start:end] with the mention
// marked, cut to a readable length.
func sentence(text string, start, end int) template.HTML {
	from := strings.LastIndexAny(text[:start], ".!?؟\n") + 1
	to := len(text)
	if i := strings.IndexAny(text[end:], ".!?؟\n"); i >= 0 {
		to = end + i + 1
	}
	if start-from > 400 || to-end > 400 {
		return snippet(text, start, end)
	}
	return template.HTML(strings.TrimSpace(html.EscapeString(text[from:start]) + "<mark>" + html.EscapeString(text[start:end]) + "</mark>" + html.EscapeString(text[end:to])))
}
