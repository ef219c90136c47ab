// Package dates finds the dates an article mentions, in Arabic or English
// text, and places each on the calendar.
//
// A mention is reported with its date, its precision, the paragraph it is
// in and its character span. Dates are written as text:
//
//	day     "2021-04-07"
//	month   "2021-04"
//	season  "2025-autumn"   (spring, summer, autumn or winter)
//	year    "2021"
//
// Seasons are those of the northern hemisphere: spring is March to May,
// summer June to August, autumn September to November and winter December to
// February. A winter is named by the year of its January, so "2021-winter"
// runs from December 2020 to February 2021; a season written with a year
// ("شتاء 2021", "winter 2021") keeps the year as written.
//
// Mentions that depend on the article's publication date ("الشهر الماضي",
// "الأربعاء", "next week", a month without a year) are resolved against a
// Published date and kept at the precision it supports; see Extractor.Scan
// for the rules. A mention that cannot be placed is not a Mention: Scan
// reports it as Dropped, with the reason.
//
// Paragraphs are the non-empty lines of the text, numbered from 1, as in the
// project's source articles. Offsets count characters (runes, as
// utf8.DecodeRuneInString counts them: an invalid byte is one character) of
// the whole text, not bytes.
//
// # What is recognised
//
// Month names of both Arabic traditions (يناير... and كانون الثاني...),
// alone or paired as the press writes them ("7 أبريل/نيسان", "كانون الثاني
// / يناير 2020", "مايو أيار", "أكتوبر/ تشرين الأول", "مايو (أيار)"), with or
// without a day (in digits, Eastern Arabic digits or as an ordinal, "العاشر
// من أكتوبر") and a year ("2021", "عام 2021", "من العام الماضي"), or a
// modifier ("سبتمبر المقبل"); English month names with the same parts
// ("7 April 2021", "April 7, 2021", "Jan. 9, 2020", "last April"). Numeric
// dates in year-first order (2021-04-07, 2021/4/7). Years that a word
// marks as years ("عام 2014", "بعام 2014", "في 2024", "in 2024", "أواخر
// 2020", "mid-2014", the 2017 of "عامي 2014 و2017"). Seasons with a year
// ("صيف 2018", "خريف عام 2025", "summer of 2018") or a relative word
// ("الصيف الماضي", "هذا الصيف", "last summer"). Relative expressions:
// "الشهر/الأسبوع/العام الماضي/المقبل/الجاري", "هذا الشهر", "نهاية هذا
// العام", "بداية العام", weekdays, "أمس", and the English "last month",
// "next Monday", "this year", "yesterday", "tomorrow".
//
// Words are compared after folding spellings (see normalize): diacritics,
// tanween and tatweel are ignored and أ إ ٱ read as ا. Whole words only: a
// month name inside another word (آبار, تيار) is not a month. Attached
// conjunctions and prepositions (و ف ب ل ك, "وفي", "بأبريل", "للعام") are
// recognised and left out of the span.
//
// # Heuristics
//
// Some names are also common words: مارس ("he practised"), نيسان (the car
// maker), آب ("he returned"), تموز, مايو, May, March, August. These count as
// months only with an anchor: a day, a year, a modifier, the other
// tradition's name, an attached ب, or a word before them such as "في",
// "منذ", "شهر", "حتى", "in", "since". English abbreviations need a day or a
// year.
//
// الاثنين is Monday unless the context says "the two": "معاً" or "كليهما"
// after it, "كلا", "بين", "أحد", "هذين" before it, a definite dual or plural
// in -ين before it ("الطرفين الاثنين"), or a dual verb after it ("الاثنين
// سيعملان"). After a nominative dual ("الرئيسان الاثنين") and before
// "المقبل"/"الماضي" it stays Monday. الجمعة after "صلاة", "خطبة", "إمام",
// "كل"... is the Friday prayer, not a date; "الأحد عشر" is eleven; "في أمس
// الحاجة" is "in direst need", not yesterday.
//
// A four-digit number is a year only after a word that says so. After a
// preposition ("في", "منذ", "in") it must also lie in 1900..2100, must not
// be followed by a counted noun ("في 2019 هجومًا", "منذ 2000 عام") or "%",
// and a round hundred followed by a word ("في 2000 عملية") is taken for a
// count. A year followed by "هـ" is Hijri and left out; a glued "م" (AD) is
// kept in the span.
//
// Which year a month or day without one belongs to, and which way a weekday
// points, depends on the tense of its clause; see Extractor.Scan.
//
// # Left out
//
// Hijri dates (رمضان، شوال), bare years with no word marking them
// ("انتخابات 2018", "إن 2015 كان"), date ranges (the first day of "5-7
// أبريل" or "بين 5 و7 أبريل"; "7-8 أبريل" gives the month), day-first
// numeric dates (7/4/2021, ambiguous between conventions), "اليوم" and
// "today" (also "nowadays"), "غداً" (also "became"), quarters and decades,
// and dates relative to another date in the story rather than to the
// publication ("في اليوم التالي", "the following week").
package dates
