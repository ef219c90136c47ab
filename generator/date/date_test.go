package date

import "testing"

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want string
		prec Precision
		err  bool
	}{
		{in: "2021-04-07", want: "2021-04-07", prec: Day},
		{in: "2021-04", want: "2021-04", prec: Month},
		{in: "2021", want: "2021", prec: Year},
		{in: "2024-02-29", want: "2024-02-29", prec: Day},
		{in: "2021-02-29", err: true},
		{in: "2021-13", err: true},
		{in: "2021-00", err: true},
		{in: "2021-4-7", err: true},
		{in: "21-04-07", err: true},
		{in: "2021-04-07-01", err: true},
		{in: "0000", err: true},
		{in: "yesterday", err: true},
		{in: "", err: true},
		{in: "٢٠٢١", err: true},
	}
	for _, tt := range tests {
		d, err := Parse(tt.in)
		if (err != nil) != tt.err {
			t.Errorf("Parse(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if err == nil && (d.String() != tt.want || d.Precision() != tt.prec) {
			t.Errorf("Parse(%q) = %s (%s), want %s (%s)", tt.in, d, d.Precision(), tt.want, tt.prec)
		}
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		in, lang string
		eastern  bool
		want     string
	}{
		{"2021-04-07", "en", false, "7 April 2021"},
		{"2021-04", "en", false, "April 2021"},
		{"2021", "en", false, "2021"},
		{"2021-04-07", "ar", false, "7 نيسان 2021"},
		{"2020-01", "ar", false, "كانون الثاني 2020"},
		{"2021-04-07", "ar", true, "٧ نيسان ٢٠٢١"},
		{"2021-04-07", "en", true, "7 April 2021"},
	}
	for _, tt := range tests {
		d, _ := Parse(tt.in)
		if got := d.Format(tt.lang, tt.eastern); got != tt.want {
			t.Errorf("%s.Format(%s, %v) = %q, want %q", tt.in, tt.lang, tt.eastern, got, tt.want)
		}
	}
}

func TestCompare(t *testing.T) {
	order := []string{"2020", "2020-01", "2020-01-03", "2020-02", "2021"}
	for i := 1; i < len(order); i++ {
		a, _ := Parse(order[i-1])
		b, _ := Parse(order[i])
		if Compare(a, b) >= 0 || Compare(b, a) <= 0 {
			t.Errorf("%s should sort before %s", a, b)
		}
	}
}
