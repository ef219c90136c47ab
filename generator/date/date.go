// Package date represents calendar dates known to the day, the month or
// only the year, as analysts write them: 2021-04-07, 2021-04 or 2021.
package date

import (
	"cmp"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Date is known.
type Precision uint8

const (
	Year Precision = iota + 1
	Month
	Day
)

func (p Precision) String() string {
	switch p {
	case Year:
		return "year"
	case Month:
		return "month"
	case Day:
		return "day"
	}
	return "unknown"
}

// Date is a Gregorian date at a precision. Month and Day are 0 when not
// known. The zero Date is invalid and reports IsZero.
type Date struct {
	Year, Month, Day int
}

// Parse parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" and checks that the date
// exists.
func Parse(s string) (Date, error) {
	parts := strings.Split(s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, fmt.Errorf("%q is not a date: want YYYY-MM-DD, YYYY-MM or YYYY", s)
	}
	var n [3]int
	for i, p := range parts {
		if (i > 0 && len(p) != 2) || !digits(p) {
			return Date{}, fmt.Errorf("%q is not a date: want YYYY-MM-DD, YYYY-MM or YYYY", s)
		}
		n[i], _ = strconv.Atoi(p)
	}
	d := Date{Year: n[0], Month: n[1], Day: n[2]}
	if d.Year < 1 {
		return Date{}, fmt.Errorf("%q is not a date: year out of range", s)
	}
	if len(parts) >= 2 && (d.Month < 1 || d.Month > 12) {
		return Date{}, fmt.Errorf("%q is not a date: month %d does not exist", s, d.Month)
	}
	if len(parts) == 3 {
		last := time.Date(d.Year, time.Month(d.Month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
		if d.Day < 1 || d.Day > last {
			return Date{}, fmt.Errorf("%q is not a date: day %d does not exist in that month", s, d.Day)
		}
	}
	return d, nil
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.Year == 0 }

// Precision returns how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.Day != 0:
		return Day
	case d.Month != 0:
		return Month
	}
	return Year
}

// String returns d in ISO form at its precision.
func (d Date) String() string {
	switch d.Precision() {
	case Day:
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	case Month:
		return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
	}
	return fmt.Sprintf("%04d", d.Year)
}

// Compare orders dates chronologically; a date known only to the month
// sorts before the days of that month.
func Compare(a, b Date) int {
	return cmp.Or(cmp.Compare(a.Year, b.Year), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Day, b.Day))
}

var monthsEn = [...]string{"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December"}

// Arabic month names as written in Iraq and the Levant, which the sources
// use alongside the Egyptian forms.
var monthsAr = [...]string{"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز",
	"آب", "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول"}

// Format writes d for a reader of lang ("ar" or "en") at its precision:
// "7 April 2021", "April 2021", "2021"; in Arabic "7 نيسان 2021". With
// eastern, Arabic text uses Eastern Arabic digits (٧ نيسان ٢٠٢١).
func (d Date) Format(lang string, eastern bool) string {
	if d.IsZero() {
		return ""
	}
	months := monthsEn[:]
	if lang == "ar" {
		months = monthsAr[:]
	}
	var s string
	switch d.Precision() {
	case Day:
		s = fmt.Sprintf("%d %s %d", d.Day, months[d.Month-1], d.Year)
	case Month:
		s = fmt.Sprintf("%s %d", months[d.Month-1], d.Year)
	default:
		s = strconv.Itoa(d.Year)
	}
	if lang == "ar" && eastern {
		s = EasternDigits(s)
	}
	return s
}

// EasternDigits replaces ASCII digits in s with Eastern Arabic digits.
func EasternDigits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return '٠' + (r - '0')
		}
		return r
	}, s)
}
