package dates

import (
	"strings"
	"time"
	"unicode/utf8"
)

// exprKind is the shape of a date expression before it is resolved.
type exprKind uint8

const (
	kDate      exprKind = iota + 1 // some of year, season, month, day; the year may be missing
	kRelUnit                       // الأسبوع/الشهر/العام + modifier
	kWeekday                       // الأربعاء, next Monday
	kRelDay                        // أمس, yesterday, tomorrow
	kRelSeason                     // الصيف الماضي, this summer
)

// mode says how a missing year (or a weekday's week) is chosen.
type mode uint8

const (
	yearGiven  mode = iota // the text gives the year
	yearRel                // the year is the publication year plus off
	nearest                // the nearest to the publication date
	onOrBefore             // the latest not after it (reporting looks back)
	onOrAfter              // the earliest not before it (a future cue)
	before                 // strictly before it: الماضي, last
	after                  // strictly after it: المقبل, next
)

// expr is a date expression found in the tokens [i, j). Its span starts at
// byte b0 and rune r0, which may be inside token i after a clitic, and ends
// with token j-1.
type expr struct {
	i, j    int
	b0, r0  int
	kind    exprKind
	year    int
	month   int
	day     int
	season  seasonName
	mode    mode
	off     int
	unit    unit
	weekday time.Weekday
}

// scanner finds the date expressions of one text.
type scanner struct {
	lex  *lexicon
	text string
	ts   []token
	// done: tokens before it belong to an earlier expression.
	done int
	// prev is the last expression found (zero before the first).
	prev expr
}

// exprs returns the expressions left to right. At each token the matchers
// look a bounded number of tokens around it, so the scan is linear.
func (s *scanner) exprs() []expr {
	var out []expr
	for i := 0; i < len(s.ts); {
		e, ok := s.match(i)
		if !ok {
			i++
			continue
		}
		s.extendBack(&e)
		out = append(out, e)
		s.prev = e
		s.done, i = e.j, e.j
	}
	return out
}

func (s *scanner) match(i int) (expr, bool) {
	if s.ts[i].kind == number {
		if e, ok := s.numericDate(i); ok {
			return e, true
		}
		if e, ok := s.dayFirst(i); ok {
			return e, true
		}
		return s.yearNumber(i)
	}
	if s.ts[i].kind != word {
		return expr{}, false
	}
	if !s.lex.isStarter(s.ts[i].norm) {
		return expr{}, false
	}
	for _, m := range [...]func(int) (expr, bool){
		s.englishRelative, s.weekdayAt, s.ordinalDay, s.monthAt, s.seasonAt, s.relativeUnit, s.thisUnit, s.dayWord,
	} {
		if e, ok := m(i); ok {
			return e, true
		}
	}
	return expr{}, false
}

// form is a word with some proclitics (و ف ب ل ك) cut off: base is what
// remains, cut the number of letters removed from the start of the span.
type form struct {
	base    string
	cut     int
	clitics string
}

// forms returns the word itself, then the word without one proclitic, then
// without a conjunction and a preposition (وب، فل...). "للعام" is read as
// ل + العام, its span starting at the word.
func forms(w string) ([3]form, int) {
	var fs [3]form
	fs[0] = form{base: w}
	n := 1
	r0, w0 := leadingLetter(w)
	switch r0 {
	case 'و', 'ف', 'ب', 'ل', 'ك':
	default:
		return fs, n
	}
	if len(w) <= w0 {
		return fs, n
	}
	rest := w[w0:]
	if r0 == 'ل' && strings.HasPrefix(rest, "ل") {
		fs[n] = form{base: "ا" + rest, cut: 0, clitics: "ل"}
	} else {
		fs[n] = form{base: rest, cut: 1, clitics: w[:w0]}
	}
	n++
	if r0 != 'و' && r0 != 'ف' {
		return fs, n
	}
	r1, w1 := leadingLetter(rest)
	switch r1 {
	case 'ب', 'ل', 'ك':
	default:
		return fs, n
	}
	if len(rest) <= w1 {
		return fs, n
	}
	rest2 := rest[w1:]
	if r1 == 'ل' && strings.HasPrefix(rest2, "ل") {
		fs[n] = form{base: "ا" + rest2, cut: 1, clitics: w[:w0+w1]}
	} else {
		fs[n] = form{base: rest2, cut: 2, clitics: w[:w0+w1]}
	}
	return fs, n + 1
}

// leadingLetter returns the first letter of w and its size when it is a
// two-byte letter (Arabic among them), or -1: all the proclitics are
// Arabic letters.
func leadingLetter(w string) (rune, int) {
	if len(w) < 2 || w[0] < 0xC2 || w[0] > 0xDF || w[1]&0xC0 != 0x80 {
		return -1, 0
	}
	return rune(w[0]&0x1F)<<6 | rune(w[1]&0x3F), 2
}

// at returns token k if it exists and is in paragraph para.
func (s *scanner) at(k, para int) *token {
	if k < 0 || k >= len(s.ts) || s.ts[k].para != para {
		return nil
	}
	return &s.ts[k]
}

// wordAt returns token k's normalized text if it is a word in para.
func (s *scanner) wordAt(k, para int) string {
	if t := s.at(k, para); t != nil && t.kind == word {
		return t.norm
	}
	return ""
}

// before returns token k if it is in para and not part of an earlier
// expression.
func (s *scanner) before(k, para int) *token {
	if k < s.done {
		return nil
	}
	return s.at(k, para)
}

// inSet reports whether the word, with or without proclitics, is in st,
// and returns the form that is.
func inSet(st set, w string) (form, bool) {
	if w == "" {
		return form{}, false
	}
	fs, n := forms(w)
	for _, f := range fs[:n] {
		if st[f.base] {
			return f, true
		}
	}
	return form{}, false
}

func (s *scanner) punctAt(k, para int, chars string) bool {
	t := s.at(k, para)
	return t != nil && t.kind == punct && strings.Contains(chars, t.norm)
}

// startAt sets the span of e to start at token k, cut letters in.
func (s *scanner) startAt(e *expr, k, cut int) {
	t := &s.ts[k]
	e.i = k
	db, dr := rawPrefix(s.text[t.b0:t.b1], cut)
	e.b0, e.r0 = t.b0+db, t.r0+dr
}

func (s *scanner) newExpr(k, cut int, kind exprKind) expr {
	e := expr{kind: kind, j: k + 1}
	s.startAt(&e, k, cut)
	return e
}

// isYear reports whether token k is a four-digit number in [lo, hi].
func (s *scanner) isYear(k, para, lo, hi int) bool {
	t := s.at(k, para)
	return t != nil && t.kind == number && len(t.norm) == 4 && t.val >= lo && t.val <= hi
}

// dayNumber reports whether token k is a one- or two-digit number from 1
// to 31, and returns the index after it and an English ordinal suffix.
func (s *scanner) dayNumber(k, para int) (int, bool) {
	t := s.at(k, para)
	if t == nil || t.kind != number || len(t.norm) > 2 || t.val < 1 || t.val > 31 {
		return 0, false
	}
	if n := s.at(k+1, para); n != nil && n.glued && n.kind == word && s.lex.ordinalEn[n.norm] {
		return k + 2, true
	}
	return k + 1, true
}

// afterYear returns the index after a year at token k, taking a glued
// "م" (AD), and false if a Hijri marker follows.
func (s *scanner) afterYear(k, para int) (int, bool) {
	n := s.at(k+1, para)
	if n == nil || n.kind != word {
		return k + 1, true
	}
	switch n.norm {
	case "م":
		if n.glued {
			return k + 2, true
		}
	case "ه", "هجري", "هجريه":
		return 0, false
	}
	return k + 1, true
}

// numericDate matches 2021-04-07 and 2021/4/7.
func (s *scanner) numericDate(i int) (expr, bool) {
	para := s.ts[i].para
	if !s.isYear(i, para, 1000, 2999) {
		return expr{}, false
	}
	sep := s.at(i+1, para)
	if sep == nil || !sep.glued || sep.kind != punct || (sep.norm != "-" && sep.norm != "/") {
		return expr{}, false
	}
	m, d := s.at(i+2, para), s.at(i+4, para)
	if m == nil || d == nil || !m.glued || m.kind != number || m.val < 1 || m.val > 12 || len(m.norm) > 2 ||
		!s.punctAt(i+3, para, sep.norm) || !s.ts[i+3].glued || !d.glued || d.kind != number || len(d.norm) > 2 ||
		d.val < 1 || d.val > 31 {
		return expr{}, false
	}
	if n := s.at(i+5, para); n != nil && n.glued && (n.kind == number || n.norm == sep.norm) {
		return expr{}, false
	}
	e := s.newExpr(i, 0, kDate)
	e.j, e.year, e.month, e.day = i+5, s.ts[i].val, m.val, d.val
	return e, true
}

// monthGroup is a month name, possibly followed by the same month in the
// other Arabic tradition: "أبريل/نيسان", "كانون الثاني / يناير",
// "مايو أيار", "مايو (أيار)".
type monthGroup struct {
	month     int
	trad      tradition
	j         int
	cut       int
	clitics   string
	ambiguous bool
	abbrev    bool
	paired    bool
}

// monthName matches one month name at token k.
func (s *scanner) monthName(k, para int) (monthGroup, bool) {
	t := s.at(k, para)
	if t == nil || t.kind != word {
		return monthGroup{}, false
	}
	f, ok := form{}, false
	var w monthWord
	fs, n := forms(t.norm)
	for _, c := range fs[:n] {
		if w, ok = s.lex.months[c.base]; ok {
			f = c
			break
		}
	}
	if !ok || (w.trad == englishName && !t.upper) {
		return monthGroup{}, false
	}
	g := monthGroup{month: w.month, trad: w.trad, j: k + 1, cut: f.cut, clitics: f.clitics,
		ambiguous: w.ambiguous, abbrev: w.abbrev}
	if w.head {
		second, ok := s.lex.ordinal2[s.wordAt(k+1, para)]
		if !ok {
			return monthGroup{}, false
		}
		if second {
			g.month = w.month%12 + 1
		}
		g.j = k + 2
	}
	return g, true
}

func (s *scanner) monthGroupAt(k, para int) (monthGroup, bool) {
	g, ok := s.monthName(k, para)
	if !ok || g.trad == englishName {
		return g, ok
	}
	p, paren := g.j, false
	if s.punctAt(p, para, "/\\-–(|") {
		paren = s.ts[p].norm == "("
		p++
	}
	h, ok := s.monthName(p, para)
	if !ok || h.cut != 0 || h.month != g.month || h.trad == g.trad || h.trad == englishName {
		return g, true
	}
	g.j, g.paired, g.ambiguous = h.j, true, false
	if paren && s.punctAt(g.j, para, ")") {
		g.j++
	}
	return g, true
}

// tail reads what may follow a month: a day and year (English), a year,
// "عام 2021", "من العام الماضي", "الماضي", "last year".
func (s *scanner) tail(e *expr, g monthGroup, para int) {
	k := g.j
	e.j = k
	if g.abbrev && s.punctAt(k, para, ".") && s.ts[k].glued {
		k++
	}
	if g.trad == englishName {
		if e.day == 0 {
			if d, ok := s.dayNumber(k, para); ok {
				e.day, e.j, k = s.ts[k].val, d, d
				if s.punctAt(k, para, ",") && s.isYear(k+1, para, 1000, 2999) {
					k++
				}
			}
		}
		if s.wordAt(k, para) == "of" && s.isYear(k+1, para, 1000, 2999) {
			k++
		}
		if s.isYear(k, para, 1000, 2999) {
			e.year, e.mode, e.j = s.ts[k].val, yearGiven, k+1
			return
		}
		if off, ok := s.lex.enRel[s.wordAt(k, para)]; ok && s.wordAt(k+1, para) == "year" {
			e.off, e.mode, e.j = off, yearRel, k+2
		}
		return
	}
	if s.isYear(k, para, 1000, 2999) {
		if j, ok := s.afterYear(k, para); ok {
			e.year, e.mode, e.j = s.ts[k].val, yearGiven, j
		}
		return
	}
	w := s.wordAt(k, para)
	if off, ok := s.lex.modifiers[w]; ok {
		e.j = k + 1
		switch off {
		case -1:
			e.mode = before
		case 1:
			e.mode = after
		default:
			e.mode, e.off = yearRel, 0
		}
		return
	}
	if w == "من" {
		k++
	}
	if j, year, off, m, ok := s.yearPhrase(k, para); ok {
		e.j, e.year, e.off, e.mode = j, year, off, m
	}
}

// yearPhrase matches "عام 2021", "العام الماضي", "هذا العام" at token k.
func (s *scanner) yearPhrase(k, para int) (j, year, off int, m mode, ok bool) {
	w := s.wordAt(k, para)
	if s.lex.this[w] && s.lex.units[s.wordAt(k+1, para)] == unitYear {
		return k + 2, 0, 0, yearRel, true
	}
	if !s.lex.yearNouns[w] {
		return
	}
	if s.isYear(k+1, para, 1000, 2999) {
		if j, ok := s.afterYear(k+1, para); ok {
			return j, s.ts[k+1].val, 0, yearGiven, true
		}
		return
	}
	if off, ok := s.lex.modifiers[s.wordAt(k+1, para)]; ok && s.lex.units[w] == unitYear {
		return k + 2, 0, off, yearRel, true
	}
	return
}

// dayFirst matches "7 أبريل/نيسان", "٧ نيسان ٢٠٢١", "7 April 2021",
// "7th April", "7th of April".
func (s *scanner) dayFirst(i int) (expr, bool) {
	para := s.ts[i].para
	k, ok := s.dayNumber(i, para)
	if !ok {
		return expr{}, false
	}
	if p := s.at(i-1, para); p != nil && s.ts[i].glued && p.kind == punct && strings.Contains("/.:-", p.norm) {
		return expr{}, false // 2/7, 10:30, a range
	}
	if k > i+1 && s.wordAt(k, para) == "of" {
		k++ // the 7th of April
	}
	g, ok := s.monthGroupAt(k, para)
	if !ok || g.cut != 0 {
		return expr{}, false
	}
	e := s.newExpr(i, 0, kDate)
	e.day, e.month, e.mode = s.ts[i].val, g.month, nearest
	s.tail(&e, g, para)
	if e.mode == nearest {
		e.mode = s.tense(i, para, nearest)
	}
	return e, true
}

// ordinalDay matches a day written as an ordinal: "العاشر من أكتوبر
// المقبل", "الحادي والعشرين من آذار 2019", "الثالث عشر من يناير", "الثامن
// من الشهر الجاري".
func (s *scanner) ordinalDay(i int) (expr, bool) {
	para := s.ts[i].para
	day, ok := s.lex.dayOrdinals[s.ts[i].norm]
	if !ok {
		return expr{}, false
	}
	k := i + 1
	if tens, ok := s.lex.ordinalTens[s.wordAt(k, para)]; ok && day < 10 {
		day, k = day+tens, k+1
	} else if s.ts[i].norm == "الحادي" {
		return expr{}, false // الحادي needs عشر, والعشرين...
	}
	if day > 31 || s.wordAt(k, para) != "من" {
		return expr{}, false
	}
	if s.at(k+1, para) == nil {
		return expr{}, false
	}
	if u, ok := s.thisUnit(k + 1); ok && u.kind == kRelUnit && u.unit == unitMonth {
		u.i, u.b0, u.r0, u.day = i, s.ts[i].b0, s.ts[i].r0, day // الثامن من هذا الشهر
		return u, true
	}
	if u, ok := s.relativeUnit(k + 1); ok && u.unit == unitMonth && u.j == k+3 {
		u.i, u.b0, u.r0, u.day = i, s.ts[i].b0, s.ts[i].r0, day // الثامن من الشهر الجاري
		return u, true
	}
	g, ok := s.monthGroupAt(k+1, para)
	if !ok || g.cut != 0 || g.trad == englishName {
		return expr{}, false
	}
	e := s.newExpr(i, 0, kDate)
	e.day, e.month, e.mode = day, g.month, nearest
	s.tail(&e, g, para)
	if e.mode == nearest {
		e.mode = s.tense(i, para, nearest)
	}
	return e, true
}

// monthAt matches a month name with what follows it: "أيلول/سبتمبر",
// "كانون الثاني / يناير 2020", "سبتمبر المقبل", "April 7, 2021". An
// ambiguous name needs an anchor.
func (s *scanner) monthAt(i int) (expr, bool) {
	para := s.ts[i].para
	g, ok := s.monthGroupAt(i, para)
	if !ok {
		return expr{}, false
	}
	e := s.newExpr(i, g.cut, kDate)
	e.month, e.mode = g.month, onOrBefore
	s.tail(&e, g, para)
	explicit := e.day > 0 || e.mode != onOrBefore
	if g.abbrev && e.day == 0 && e.mode != yearGiven {
		return expr{}, false
	}
	if g.ambiguous && !explicit && !strings.Contains(g.clitics, "ب") {
		p := s.before(i-1, para)
		if p == nil || p.kind != word {
			return expr{}, false
		}
		if _, ok := inSet(s.lex.monthAnchors, p.norm); !ok {
			return expr{}, false
		}
	}
	if e.mode == onOrBefore { // no year: the tense of the clause decides
		def := onOrBefore
		if e.day > 0 { // English "April 7"
			def = nearest
		}
		e.mode = s.tense(i, para, def)
	}
	return e, true
}

// tense looks for a future or past cue among the ten words before token i
// in the same clause and returns the mode it implies, or def.
func (s *scanner) tense(i, para int, def mode) mode {
	for k, n := i-1, 0; n < 10; k, n = k-1, n+1 {
		t := s.at(k, para)
		if t == nil || (t.kind == punct && strings.Contains(".،,؛;:!?؟", t.norm)) {
			break
		}
		if t.kind != word {
			continue
		}
		if _, ok := inSet(s.lex.futureCues, t.norm); ok {
			return onOrAfter
		}
		if _, ok := inSet(s.lex.pastCues, t.norm); ok {
			return onOrBefore
		}
	}
	return def
}

// yearNumber matches a year that a word before it marks as one: "عام
// 2021", "بعام 2014", "في 2024", "in 2024", "أواخر 2020", "mid-2021",
// and "2017" in "عامي 2014 و2017".
func (s *scanner) yearNumber(i int) (expr, bool) {
	para := s.ts[i].para
	if !s.isYear(i, para, 1000, 2999) {
		return expr{}, false
	}
	j, ok := s.afterYear(i, para)
	if !ok {
		return expr{}, false
	}
	e := s.newExpr(i, 0, kDate)
	e.j, e.year, e.mode = j, s.ts[i].val, yearGiven
	p := s.before(i-1, para)
	if p == nil {
		return expr{}, false
	}
	if s.prev.kind == kDate && s.prev.j == i-1 && s.prev.mode == yearGiven &&
		s.prev.month == 0 && s.prev.season == 0 && s.lex.yearChain[p.norm] {
		return e, true
	}
	if p.kind == punct && p.norm == "-" && s.ts[i].glued && s.wordAt(i-2, para) == "mid" && i-2 >= s.done {
		return e, true // mid-2021: extendBack takes "mid-"
	}
	if p.kind != word {
		return expr{}, false
	}
	if f, ok := inSet(s.lex.yearNouns, p.norm); ok {
		s.startAt(&e, i-1, f.cut)
		return e, true
	}
	if _, ok := inSet(s.lex.qualifiers, p.norm); ok {
		return e, true // extendBack takes the qualifier
	}
	if p.norm == "of" && s.wordAt(i-2, para) != "" && s.lex.enQualifiers[s.wordAt(i-2, para)] {
		return e, true
	}
	if _, ok := inSet(s.lex.yearPreps, p.norm); !ok || e.year < 1900 || e.year > 2100 {
		return expr{}, false
	}
	// "في 2000 جندي", "in 2000 cases": a count, not a year.
	if n := s.at(j, para); n != nil && j == i+1 {
		if n.kind == punct && n.norm == "%" {
			return expr{}, false
		}
		if n.kind == word {
			if _, ok := inSet(s.lex.counted, n.norm); ok || e.year%100 == 0 {
				return expr{}, false
			}
		}
	}
	return e, true
}

// extendBack widens a span over the words that belong to its date:
// qualifiers ("نهاية هذا العام", "early 2021", "end of 2021"), and "شهر"
// or "يوم" before a month or day.
func (s *scanner) extendBack(e *expr) {
	para := s.ts[e.i].para
	for n := 0; n < 3; n++ {
		p := s.before(e.i-1, para)
		if p == nil {
			return
		}
		qualifiable := e.day == 0 && e.kind != kWeekday && e.kind != kRelDay
		if p.kind == punct {
			// mid-2021
			if qualifiable && p.norm == "-" && s.ts[e.i].glued && p.glued &&
				e.i-2 >= s.done && s.wordAt(e.i-2, para) == "mid" {
				s.startAt(e, e.i-2, 0)
				continue
			}
			return
		}
		if p.kind != word {
			return
		}
		if qualifiable {
			if f, ok := inSet(s.lex.qualifiers, p.norm); ok {
				s.startAt(e, e.i-1, f.cut)
				continue
			}
			if p.norm == "of" && e.i-2 >= s.done && s.lex.enQualifiers[s.wordAt(e.i-2, para)] {
				s.startAt(e, e.i-2, 0)
				continue
			}
		}
		if e.kind == kDate && e.month > 0 && s.ts[e.i].kind == word {
			if f, ok := inSet(s.lex.monthNoun, p.norm); ok {
				s.startAt(e, e.i-1, f.cut)
				continue
			}
		}
		if e.kind == kDate && e.day > 0 && s.ts[e.i].kind == number {
			if f, ok := inSet(s.lex.dayNoun, p.norm); ok {
				s.startAt(e, e.i-1, f.cut)
			}
		}
		return
	}
}

// weekdayAt matches "الأربعاء", "يوم الأربعاء", "الخميس المقبل", "Monday",
// and a weekday before a date ("الأربعاء 7 أبريل", "Wednesday, April 7").
func (s *scanner) weekdayAt(i int) (expr, bool) {
	para := s.ts[i].para
	k, cut := i, 0
	if f, ok := inSet(s.lex.dayNoun, s.ts[i].norm); ok {
		if _, ok := s.weekdayWord(i+1, para); ok {
			k, cut = i+1, f.cut
		}
	}
	wd, ok := s.weekdayWord(k, para)
	if !ok {
		return expr{}, false
	}
	if k == i {
		cut = wd.cut
	}
	e := s.newExpr(i, cut, kWeekday)
	e.j, e.weekday = k+1, wd.day
	// A weekday before a date: the date decides.
	d := k + 1
	if s.punctAt(d, para, "،,") {
		d++
	}
	if t := s.at(d, para); t != nil {
		var de expr
		var ok bool
		if t.kind == number {
			de, ok = s.dayFirst(d)
		} else if t.kind == word {
			if de, ok = s.ordinalDay(d); !ok {
				de, ok = s.monthAt(d)
			}
		}
		if ok && de.day > 0 {
			de.i, de.b0, de.r0 = e.i, e.b0, e.r0
			return de, true
		}
	}
	if off, ok := s.lex.modifiers[s.wordAt(k+1, para)]; ok && off != 0 {
		e.j, e.mode = k+2, before
		if off > 0 {
			e.mode = after
		}
		return e, true
	}
	e.mode = s.tense(i, para, onOrBefore)
	return e, true
}

type weekdayMatch struct {
	day time.Weekday
	cut int
}

// weekdayWord matches a weekday name at token k, leaving out الاثنين when
// it means "the two", الجمعة in "صلاة الجمعة" and الأحد in "الأحد عشر".
func (s *scanner) weekdayWord(k, para int) (weekdayMatch, bool) {
	t := s.at(k, para)
	if t == nil || t.kind != word {
		return weekdayMatch{}, false
	}
	var f form
	var d time.Weekday
	ok := false
	fs, n := forms(t.norm)
	for _, c := range fs[:n] {
		if d, ok = s.lex.weekdays[c.base]; ok {
			f = c
			break
		}
	}
	if !ok {
		return weekdayMatch{}, false
	}
	latin := t.norm[0] < utf8.RuneSelf
	if latin {
		return weekdayMatch{day: d}, t.upper && f.cut == 0
	}
	prev, next := s.wordAt(k-1, para), s.wordAt(k+1, para)
	_, prevIn := inSet(s.lex.twoBefore, prev)
	switch d {
	case time.Monday:
		if _, ok := s.lex.modifiers[next]; ok {
			break // الاثنين المقبل
		}
		if _, ok := s.weekdayWord(k+1, para); ok && prevIn {
			break // بين الاثنين والخميس
		}
		if s.lex.twoAfter[next] || prevIn || isTwoBefore(prev) || isDualVerb(next) {
			return weekdayMatch{}, false
		}
	case time.Friday:
		if _, ok := inSet(s.lex.fridayBefore, prev); ok {
			return weekdayMatch{}, false
		}
	case time.Sunday:
		if next == "عشر" || prev == "الواحد" {
			return weekdayMatch{}, false
		}
	}
	return weekdayMatch{day: d, cut: f.cut}, true
}

// isTwoBefore reports a definite dual or plural in the genitive or
// accusative ("الطرفين", "المسؤولين"): after it الاثنين agrees with it and
// means "the two". After a nominative dual ("الرئيسان") the number would
// be الاثنان, so الاثنين there is Monday.
func isTwoBefore(w string) bool {
	return utf8.RuneCountInString(w) >= 5 && strings.HasPrefix(w, "ال") && strings.HasSuffix(w, "ين")
}

// isDualVerb reports an imperfect dual verb ("يعملان", "سيلتقيان"), whose
// subject الاثنين before it is "the two".
func isDualVerb(w string) bool {
	return utf8.RuneCountInString(w) >= 5 && strings.HasSuffix(w, "ان") &&
		strings.ContainsRune("يتس", []rune(w)[0])
}

// seasonAt matches "صيف 2018", "خريف عام 2025", "صيف العام الماضي",
// "الصيف الماضي", "summer of 2018", "autumn 2025". "أشهر الصيف" has no
// year and is not a date.
func (s *scanner) seasonAt(i int) (expr, bool) {
	para := s.ts[i].para
	var sw seasonWord
	var f form
	ok := false
	fs, n := forms(s.ts[i].norm)
	for _, c := range fs[:n] {
		if sw, ok = s.lex.seasons[c.base]; ok {
			f = c
			break
		}
	}
	if !ok || (sw.english && f.cut != 0) {
		return expr{}, false
	}
	e := s.newExpr(i, f.cut, kDate)
	e.season = sw.season
	k := i + 1
	switch {
	case sw.english:
		if s.wordAt(k, para) == "of" {
			k++
		}
		if s.isYear(k, para, 1000, 2999) {
			e.year, e.mode, e.j = s.ts[k].val, yearGiven, k+1
			return e, true
		}
		if off, ok := s.lex.enRel[s.wordAt(k, para)]; ok && s.wordAt(k+1, para) == "year" {
			e.off, e.mode, e.j = off, yearRel, k+2
			return e, true
		}
	case sw.definite:
		if off, ok := s.lex.modifiers[s.wordAt(k, para)]; ok {
			e.kind, e.off, e.j = kRelSeason, off, k+1
			return e, true
		}
	default:
		if s.isYear(k, para, 1000, 2999) {
			if j, ok := s.afterYear(k, para); ok {
				e.year, e.mode, e.j = s.ts[k].val, yearGiven, j
				return e, true
			}
			return expr{}, false
		}
		if s.wordAt(k, para) == "من" {
			k++
		}
		if j, year, off, m, ok := s.yearPhrase(k, para); ok {
			e.j, e.year, e.off, e.mode = j, year, off, m
			return e, true
		}
	}
	return expr{}, false
}

// relativeUnit matches "الشهر الماضي", "الأسبوع المقبل", "العام الماضي",
// "السنة الحالية", and a bare unit after a qualifier ("بداية العام").
func (s *scanner) relativeUnit(i int) (expr, bool) {
	para := s.ts[i].para
	t := &s.ts[i]
	if t.norm == "" || t.norm[0] < utf8.RuneSelf {
		return expr{}, false // English: see englishRelative
	}
	var u unit
	var f form
	ok := false
	fs, n := forms(t.norm)
	for _, c := range fs[:n] {
		if u, ok = s.lex.units[c.base]; ok && strings.HasPrefix(c.base, "ال") {
			f = c
			break
		}
		ok = false
	}
	if !ok {
		return expr{}, false
	}
	if u == unitYear {
		if _, ok := inSet(s.lex.generalBefore, s.wordAt(i-1, para)); ok {
			return expr{}, false // الأمين العام الحالي
		}
	}
	e := s.newExpr(i, f.cut, kRelUnit)
	e.unit = u
	if off, ok := s.lex.modifiers[s.wordAt(i+1, para)]; ok {
		e.off, e.j = off, i+2
		return e, true
	}
	if nx := s.at(i+1, para); nx != nil && nx.kind == number {
		return expr{}, false // العام 2021: a year
	}
	if p := s.before(i-1, para); p != nil && p.kind == word {
		if _, ok := inSet(s.lex.qualifiers, p.norm); ok {
			return e, true
		}
	}
	return expr{}, false
}

// thisUnit matches "هذا الشهر", "هذا الأسبوع", "هذا العام", "هذه السنة",
// "هذا الصيف".
func (s *scanner) thisUnit(i int) (expr, bool) {
	para := s.ts[i].para
	f, ok := inSet(s.lex.this, s.ts[i].norm)
	if !ok {
		return expr{}, false
	}
	next := s.wordAt(i+1, para)
	e := s.newExpr(i, f.cut, kRelUnit)
	e.j = i + 2
	if u, ok := s.lex.units[next]; ok && strings.HasPrefix(next, "ال") {
		e.unit = u
		return e, true
	}
	if sw, ok := s.lex.seasons[next]; ok && sw.definite {
		e.kind, e.season = kRelSeason, sw.season
		return e, true
	}
	return expr{}, false
}

// englishRelative matches "last month", "next week", "this year", "next
// Monday", "last April", "last summer". "the last month" and "the next
// year" are left out: they count from the story, not the publication.
func (s *scanner) englishRelative(i int) (expr, bool) {
	para := s.ts[i].para
	off, ok := s.lex.enRel[s.ts[i].norm]
	if !ok || s.wordAt(i-1, para) == "the" {
		return expr{}, false
	}
	next := s.wordAt(i+1, para)
	e := s.newExpr(i, 0, kRelUnit)
	e.j, e.off = i+2, off
	if u, ok := s.lex.units[next]; ok && next[0] < utf8.RuneSelf {
		e.unit = u
		return e, true
	}
	if sw, ok := s.lex.seasons[next]; ok && sw.english {
		e.kind, e.season = kRelSeason, sw.season
		return e, true
	}
	if wd, ok := s.weekdayWord(i+1, para); ok && next[0] < utf8.RuneSelf {
		e.kind, e.weekday = kWeekday, wd.day
		e.mode = [...]mode{before, onOrAfter, after}[off+1]
		return e, true
	}
	if g, ok := s.monthName(i+1, para); ok && g.trad == englishName && !g.abbrev {
		e.kind, e.month = kDate, g.month
		e.mode = [...]mode{before, yearRel, after}[off+1]
		e.off = 0
		return e, true
	}
	return expr{}, false
}

// dayWord matches "أمس", "أمس الأول", "أمس الأحد", "yesterday",
// "tomorrow".
func (s *scanner) dayWord(i int) (expr, bool) {
	para := s.ts[i].para
	t := &s.ts[i]
	switch t.norm {
	case "yesterday", "tomorrow":
		e := s.newExpr(i, 0, kRelDay)
		e.off = -1
		if t.norm == "tomorrow" {
			e.off = 1
		}
		return e, true
	}
	f, ok := inSet(s.lex.yesterday, t.norm)
	if !ok {
		return expr{}, false
	}
	next := s.wordAt(i+1, para)
	if next == "الحاجه" || next == "حاجه" {
		return expr{}, false // في أمس الحاجة: "in direst need"
	}
	e := s.newExpr(i, f.cut, kRelDay)
	e.off = -1
	if next == "الاول" {
		e.off, e.j = -2, e.j+1
	}
	if _, ok := s.weekdayWord(e.j, para); ok {
		e.j++ // أمس الأحد: yesterday, which was a Sunday
	}
	return e, true
}
