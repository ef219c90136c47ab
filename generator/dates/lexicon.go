package dates

import (
	"strings"
	"time"
)

// tradition is the naming system of a month name. Two names of one month
// written together ("أبريل/نيسان") must come from different traditions.
type tradition uint8

const (
	gregorianAr tradition = iota + 1 // يناير، فبراير... (and the Maghrebi جانفي، فيفري...)
	levantine                        // كانون الثاني، شباط...
	englishName                      // January, Feb...
)

// monthWord is a word that names a month.
type monthWord struct {
	month int
	trad  tradition
	// ambiguous names are also common words or names (مارس "he
	// practised", نيسان the car maker, May the verb): they need an anchor
	// such as a day, a year, "في" or the other tradition's name.
	ambiguous bool
	// abbrev: an English abbreviation (Jan, Sept); it needs a day or year.
	abbrev bool
	// head: the first word of a two-word name (كانون، تشرين); month is
	// the month when "الأول" follows, month+1 when "الثاني" follows.
	head bool
}

// seasonName is a season of the year: 1 spring, 2 summer, 3 autumn, 4
// winter.
type seasonName int

// String returns "spring", "summer", "autumn" or "winter".
func (s seasonName) String() string {
	if s < 1 || s > 4 {
		return ""
	}
	return [...]string{"spring", "summer", "autumn", "winter"}[s-1]
}

type seasonWord struct {
	season   seasonName
	definite bool // الصيف, not صيف
	english  bool
}

// unit is a span of time named by a relative expression.
type unit uint8

const (
	unitWeek unit = iota + 1
	unitMonth
	unitYear
)

// lexicon holds the word tables, keyed by normalized form. It is built once
// by newLexicon and only read afterwards.
type lexicon struct {
	months   map[string]monthWord
	ordinal2 map[string]bool // second word of كانون/تشرين: true for "الثاني"
	// dayOrdinals: الأول 1 ... العاشر 10, الحادي 1, العشرين 20, الثلاثين 30;
	// "عشر", "والعشرين", "والثلاثين" after a unit add 10, 20, 30.
	dayOrdinals map[string]int
	ordinalTens map[string]int
	weekdays    map[string]time.Weekday
	seasons     map[string]seasonWord
	units       map[string]unit // Arabic: العام, الشهر...; English: year, month...
	modifiers   map[string]int  // Arabic, after the noun: الماضي -1, الجاري 0, المقبل +1
	enRel       map[string]int  // English, before the noun: last -1, this 0, next +1
	this        set             // هذا, هذه
	monthNoun   set             // شهر, before a month name
	dayNoun     set             // يوم, before a day or weekday
	yesterday   set             // أمس
	// yearNouns make the next number a year: عام 2021, year 2021.
	yearNouns set
	// yearPreps make the next number a year if it looks like one: في 2024.
	yearPreps set
	// qualifiers join a date that follows: نهاية هذا العام, early 2021.
	qualifiers   set
	enQualifiers set // "end", "beginning"... before "of"
	// monthAnchors before an ambiguous month name make it a month.
	monthAnchors set
	futureCues   set
	pastCues     set
	// counted: words after a number that make it a count, not a year.
	counted   set
	ordinalEn set
	yearChain set // و2017, and 2017, to 2017
	// guards: words before a word that change its sense.
	generalBefore set // الأمين العام الحالي
	twoBefore     set // بين الاثنين
	twoAfter      set // الاثنين معاً
	fridayBefore  set // صلاة الجمعة
	// starters: every word that can begin an expression; a word that is
	// not one (with or without proclitics) is skipped at once.
	starters set
	// starterTails has a bit for the last four bytes of each starter
	// (see isStarter).
	starterTails tailSet
}

// tailSet is a set of the last four bytes of words, which may hold
// others: a word whose tail is not in it is not in the words it was made
// of.
type tailSet [1024]uint64

func tailBit(w string) (int, uint64) {
	t := uint32(w[len(w)-4]) | uint32(w[len(w)-3])<<8 | uint32(w[len(w)-2])<<16 | uint32(w[len(w)-1])<<24
	h := t * 0x9E3779B1 >> 16
	return int(h >> 6), 1 << (h & 63)
}

func (t *tailSet) add(w string) {
	i, b := tailBit(w)
	t[i] |= b
}

func (t *tailSet) has(w string) bool {
	i, b := tailBit(w)
	return t[i]&b != 0
}

// isStarter reports whether the word w, with or without proclitics, is a
// starter: inSet(l.starters, w). Every form of a word of eight bytes or
// more (see forms) is four bytes or more and ends as the word does, so
// when no starter ends so, none of them is a starter.
func (l *lexicon) isStarter(w string) bool {
	if len(w) >= 8 && !l.starterTails.has(w) {
		return false
	}
	_, ok := inSet(l.starters, w)
	return ok
}

type set map[string]bool

func makeSet(words ...string) set {
	s := make(set, len(words))
	for _, w := range words {
		s[normalize(w)] = true
	}
	return s
}

func newLexicon() *lexicon {
	l := &lexicon{
		months:    map[string]monthWord{},
		ordinal2:  map[string]bool{},
		weekdays:  map[string]time.Weekday{},
		seasons:   map[string]seasonWord{},
		units:     map[string]unit{},
		modifiers: map[string]int{},
		enRel:     map[string]int{"last": -1, "this": 0, "next": 1},
	}
	addMonths := func(trad tradition, names [12]string) {
		for i, spellings := range names {
			for _, sp := range strings.Fields(spellings) {
				w := monthWord{month: i + 1, trad: trad}
				if strings.HasPrefix(sp, "?") { // marked ambiguous
					sp, w.ambiguous = sp[1:], true
				}
				if strings.HasSuffix(sp, ".") { // marked abbreviation
					sp, w.abbrev = strings.TrimSuffix(sp, "."), true
				}
				l.months[normalize(sp)] = w
			}
		}
	}
	addMonths(gregorianAr, [12]string{
		"يناير جانفي", "فبراير فبرایر فيفري", "?مارس", "أبريل إبريل ابريل أفريل",
		"?مايو ?ماي", "يونيو يونيه جوان", "يوليو يوليه جويلية", "أغسطس ?أوت",
		"سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
	})
	addMonths(levantine, [12]string{
		"", "شباط", "آذار أذار", "?نيسان", "أيار", "حزيران", "?تموز", "?آب",
		"أيلول", "", "", "",
	})
	addMonths(englishName, [12]string{
		"january jan.", "february feb.", "?march mar.", "april apr.", "?may",
		"june jun.", "july jul.", "?august aug.", "september sep. sept.",
		"october oct.", "november nov.", "december dec.",
	})
	// كانون الأول 12, كانون الثاني 1; تشرين الأول 10, تشرين الثاني 11.
	l.months[normalize("كانون")] = monthWord{month: 12, trad: levantine, head: true}
	l.months[normalize("تشرين")] = monthWord{month: 10, trad: levantine, head: true}
	for _, w := range []string{"الأول", "أول"} {
		l.ordinal2[normalize(w)] = false
	}
	for _, w := range []string{"الثاني", "ثاني"} {
		l.ordinal2[normalize(w)] = true
	}

	l.dayOrdinals = map[string]int{}
	for n, w := range strings.Fields("الأول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع العاشر") {
		l.dayOrdinals[normalize(w)] = n + 1
	}
	l.dayOrdinals[normalize("الحادي")] = 1
	l.dayOrdinals[normalize("العشرين")] = 20
	l.dayOrdinals[normalize("الثلاثين")] = 30
	l.ordinalTens = map[string]int{"عشر": 10, normalize("والعشرين"): 20, normalize("والثلاثين"): 30}

	for d, names := range [7]string{
		"الأحد sunday", "الاثنين الإثنين الأثنين monday", "الثلاثاء tuesday",
		"الأربعاء wednesday", "الخميس thursday", "الجمعة friday", "السبت saturday",
	} {
		for _, n := range strings.Fields(names) {
			l.weekdays[normalize(n)] = time.Weekday(d)
		}
	}
	for s, names := range [4][3]string{
		{"ربيع", "الربيع", "spring"}, {"صيف", "الصيف", "summer"},
		{"خريف", "الخريف", "autumn fall"}, {"شتاء", "الشتاء", "winter"},
	} {
		l.seasons[normalize(names[0])] = seasonWord{season: seasonName(s + 1)}
		l.seasons[normalize(names[1])] = seasonWord{season: seasonName(s + 1), definite: true}
		for _, n := range strings.Fields(names[2]) {
			l.seasons[n] = seasonWord{season: seasonName(s + 1), english: true}
		}
	}
	for _, u := range []struct {
		words string
		u     unit
	}{
		{"الأسبوع week", unitWeek}, {"الشهر month", unitMonth}, {"العام السنة year", unitYear},
	} {
		for _, w := range strings.Fields(u.words) {
			l.units[normalize(w)] = u.u
		}
	}
	for off, words := range map[int]string{
		-1: "الماضي الماضية المنصرم المنصرمة الفائت الفائتة المنقضي",
		0:  "الجاري الجارية الحالي الحالية",
		1:  "المقبل المقبلة القادم القادمة",
	} {
		for _, w := range strings.Fields(words) {
			l.modifiers[normalize(w)] = off
		}
	}
	l.this = makeSet("هذا", "هذه")
	l.monthNoun, l.dayNoun, l.yesterday = makeSet("شهر"), makeSet("يوم"), makeSet("أمس")
	l.yearNouns = makeSet("عام", "العام", "سنة", "السنة", "عامي", "year")
	l.yearPreps = makeSet("في", "منذ", "حتى", "بحلول", "قبل", "بعد", "خلال", "إلى", "من", "وحتى",
		"in", "since", "by", "until", "till", "before", "after", "during", "from", "through")
	l.qualifiers = makeSet("بداية", "نهاية", "مطلع", "منتصف", "أواخر", "أوائل", "أواسط",
		"بدايات", "نهايات", "early", "late", "mid")
	l.enQualifiers = makeSet("end", "beginning", "start", "middle")
	l.monthAnchors = makeSet("في", "منذ", "حتى", "خلال", "قبل", "بعد", "بحلول", "إلى", "شهر", "شهري",
		"بداية", "نهاية", "مطلع", "منتصف", "أواخر", "أوائل", "أواسط", "طوال", "طيلة",
		"in", "since", "until", "till", "by", "before", "after", "during", "through", "from",
		"of", "early", "mid", "late", "last", "next", "this", "between")
	l.futureCues = makeSet("سوف", "سيتم", "ستتم", "سيبدأ", "ستبدأ", "يبدأ", "تبدأ", "يبدأها", "تبدأها",
		"يعتزم", "تعتزم", "يخطط", "تخطط", "يأمل", "تأمل", "نأمل", "يتوقع", "تتوقع", "المتوقع",
		"متوقع", "المتوقعة", "المقرر", "المقررة", "مقرر", "مقررة", "المزمع", "المزمعة", "يزمع", "تزمع", "سيعقد", "ستعقد", "ستجري", "سيجري",
		"ستكون", "سيكون", "سيزور", "ستزور", "سيصل", "سيلتقي", "المرتقب", "المرتقبة", "مرتقب",
		"will", "shall", "scheduled", "expected", "expects", "plans", "planned", "plan", "due",
		"upcoming", "intends", "hopes", "aims")
	l.pastCues = makeSet("منذ", "since")
	l.counted = makeSet("عام", "عاما", "أعوام", "سنة", "سنوات", "سنين", "يوم", "يوما", "أيام",
		"شهر", "شهرا", "أشهر", "شهور", "أسبوع", "أسبوعا", "أسابيع", "ساعة", "ساعات", "دقيقة",
		"دقائق", "جندي", "جنديا", "جنود", "عسكري", "عسكريا", "شخص", "شخصا", "أشخاص", "قتيل",
		"قتيلا", "مقاتل", "مقاتلا", "عنصر", "عنصرا", "دولار", "مليون", "مليار", "ألف", "متر",
		"كيلومتر", "كم", "طن", "برميل", "هجوم", "هجوما", "صاروخ",
		"years", "year", "days", "day", "months", "month", "weeks", "hours", "soldiers",
		"troops", "people", "dollars", "men", "km", "miles", "tons", "barrels", "million",
		"billion", "percent", "attacks")
	l.ordinalEn = makeSet("st", "nd", "rd", "th")
	l.yearChain = makeSet("و", "and", "or", "to", "إلى", "-", "–", "—")
	l.generalBefore = makeSet("الأمين", "المدعي", "النائب", "الرأي", "القطاع", "المدير", "المفتش",
		"المؤتمر", "الإضراب", "العفو", "المال", "النفع", "الصالح", "الشأن", "النظام", "الإطار",
		"الاتجاه", "الموقف", "المنسق", "المراقب", "القائد", "أهل")
	l.twoBefore = makeSet("كلا", "لكلا", "بين", "أحد", "هذين", "هذان", "كلتا", "هذين")
	l.twoAfter = makeSet("معا", "كليهما", "كلاهما", "منهما")
	l.fridayBefore = makeSet("صلاة", "خطبة", "خطيب", "إمام", "أئمة", "منبر", "كل", "أيام",
		"خطباء", "مصلي", "جمعة")
	l.starters = makeSet("يوم", "أمس", "yesterday", "tomorrow")
	for _, m := range []map[string]int{l.dayOrdinals, l.enRel} {
		for w := range m {
			l.starters[w] = true
		}
	}
	for w := range l.months {
		l.starters[w] = true
	}
	for w := range l.weekdays {
		l.starters[w] = true
	}
	for w := range l.seasons {
		l.starters[w] = true
	}
	for w := range l.units {
		l.starters[w] = true
	}
	for w := range l.this {
		l.starters[w] = true
	}
	for w := range l.starters {
		if len(w) >= 4 {
			l.starterTails.add(w)
		}
	}
	return l
}
