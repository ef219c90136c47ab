package dates

import (
	"fmt"
	"time"
)

// Reasons a date expression is dropped.
const (
	reasonNoPublished = "needs the publication date, which is unknown"
	reasonNoDay       = "is not a day of the calendar"
	reasonNoYear      = "fits no year near the publication date"
)

// resolve places e on the calendar against p. It returns the mention
// without its text and span, or the reason it cannot be placed.
func resolve(e expr, p Published) (Mention, string) {
	if e.kind == kDate && e.mode == yearGiven {
		return dateMention(e.year, e.month, e.day, e.season, false)
	}
	if p.IsZero() {
		return Mention{}, reasonNoPublished
	}
	switch e.kind {
	case kDate:
		if e.mode == yearRel {
			return dateMention(p.Year+e.off, e.month, e.day, e.season, true)
		}
		y, ok := inferYear(e.month, e.day, e.mode, p)
		if !ok {
			return Mention{}, reasonNoYear
		}
		return dateMention(y, e.month, e.day, 0, true)
	case kRelUnit:
		switch e.unit {
		case unitYear:
			return dateMention(p.Year+e.off, 0, 0, 0, true)
		case unitMonth: // with a day: الثامن من الشهر الجاري
			t := time.Date(p.Year, time.Month(p.Month+e.off), 1, 0, 0, 0, 0, time.UTC)
			return dateMention(t.Year(), int(t.Month()), e.day, 0, true)
		}
		return nearPublication(p, 7*e.off, false)
	case kWeekday:
		if p.Day == 0 {
			return nearPublication(p, 0, true)
		}
		pd := int(p.time().Weekday())
		w := int(e.weekday)
		delta := 0
		switch e.mode {
		case onOrAfter, after:
			delta = (w - pd + 7) % 7
			if delta == 0 && e.mode == after {
				delta = 7
			}
		default:
			delta = -((pd - w + 7) % 7)
			if delta == 0 && e.mode == before {
				delta = -7
			}
		}
		return nearPublication(p, delta, true)
	case kRelDay:
		return nearPublication(p, e.off, true)
	case kRelSeason:
		return seasonMention(p, e.season, e.off)
	}
	return Mention{}, "is of no known kind"
}

// dateMention formats a date at the precision its parts give.
func dateMention(y, m, d int, s seasonName, relative bool) (Mention, string) {
	if y < 1 || y > 9999 {
		return Mention{}, reasonNoDay
	}
	mt := Mention{Relative: relative}
	switch {
	case d > 0:
		if d > daysIn(y, m) {
			return Mention{}, reasonNoDay
		}
		mt.Date, mt.Precision = fmt.Sprintf("%04d-%02d-%02d", y, m, d), Day
	case s > 0:
		mt.Date, mt.Precision = fmt.Sprintf("%04d-%s", y, s), Season
	case m > 0:
		mt.Date, mt.Precision = fmt.Sprintf("%04d-%02d", y, m), Month
	default:
		mt.Date, mt.Precision = fmt.Sprintf("%04d", y), Year
	}
	return mt, ""
}

// nearPublication is the date days away from p: a day when p is a day (and
// day says a day is wanted), else the month that holds it. Against a
// month-precision p it is p's month.
func nearPublication(p Published, days int, day bool) (Mention, string) {
	if p.Day == 0 {
		return dateMention(p.Year, p.Month, 0, 0, true)
	}
	t := p.time().AddDate(0, 0, days)
	if !day {
		return dateMention(t.Year(), int(t.Month()), 0, 0, true)
	}
	return dateMention(t.Year(), int(t.Month()), t.Day(), 0, true)
}

func (p Published) time() time.Time {
	d := max(p.Day, 1)
	return time.Date(p.Year, time.Month(p.Month), d, 0, 0, 0, 0, time.UTC)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dayNumber counts days from 1970-01-01.
func dayNumber(y, m, d int) int {
	return int(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// span returns the first and last day numbers of a day (d > 0) or month.
func span(y, m, d int) (int, int) {
	if d > 0 {
		n := dayNumber(y, m, d)
		return n, n
	}
	return dayNumber(y, m, 1), dayNumber(y, m, daysIn(y, m))
}

// inferYear chooses the year of a month, or of a day and month, among the
// publication year and the years either side, by mode.
func inferYear(m, d int, md mode, p Published) (int, bool) {
	plo, phi := span(p.Year, p.Month, p.Day)
	best, bestDist, found := 0, 0, false
	for y := p.Year - 1; y <= p.Year+1; y++ {
		if d > daysIn(y, m) {
			continue // 29 February
		}
		lo, hi := span(y, m, d)
		switch md {
		case onOrBefore:
			if lo <= phi {
				best, found = y, true
			}
		case before:
			if hi < plo {
				best, found = y, true
			}
		case onOrAfter:
			if hi >= plo && !found {
				best, found = y, true
			}
		case after:
			if lo > phi && !found {
				best, found = y, true
			}
		default: // nearest; ties go to the earlier year
			dist := max(lo-phi, plo-hi, 0)
			if !found || dist < bestDist {
				best, bestDist, found = y, dist, true
			}
		}
	}
	return best, found
}

// seasonKey numbers seasons in order: winter (named by the year of its
// January), spring, summer, autumn.
func seasonKey(y, m int) int {
	switch {
	case m == 12:
		return (y+1)*4 + 0
	case m <= 2:
		return y * 4
	case m <= 5:
		return y*4 + 1
	case m <= 8:
		return y*4 + 2
	}
	return y*4 + 3
}

// seasonMention resolves "last summer" (off -1), "this summer" (0) and
// "next summer" (1) against p. "This" is the nearer of the last and next
// one, the coming one on a tie.
func seasonMention(p Published, s seasonName, off int) (Mention, string) {
	c := seasonKey(p.Year, p.Month)
	idx := int(s) % 4 // spring 1, summer 2, autumn 3, winter 0
	back := c - ((c%4-idx)+4)%4
	fwd := c + ((idx-c%4)+4)%4
	k := fwd
	switch {
	case off < 0:
		k = back
		if k == c {
			k -= 4
		}
	case off > 0:
		if k == c {
			k += 4
		}
	case c-back < fwd-c:
		k = back
	}
	return dateMention(k/4, 0, 0, seasonName((k%4+3)%4+1), true)
}
