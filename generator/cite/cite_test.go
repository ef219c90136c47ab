package cite

import (
	"testing"
)

func TestParseList(t *testing.T) {
	tests := []struct {
		in      string
		want    []Ref
		wantErr bool
	}{
		{in: "@a003", want: []Ref{{Article: "a003"}}},
		{in: "@a003:p4", want: []Ref{{"a003", 4, 4}}},
		{in: "@a003:p4-6", want: []Ref{{"a003", 4, 6}}},
		{in: "@a003:p4-p6", want: []Ref{{"a003", 4, 6}}},
		{in: "@a001:p2; @a003:p4", want: []Ref{{"a001", 2, 2}, {"a003", 4, 4}}},
		{in: " @a001:p2 ;@a003 ", want: []Ref{{"a001", 2, 2}, {Article: "a003"}}},
		{in: "@long-id-9:p12", want: []Ref{{"long-id-9", 12, 12}}},
		{in: "", wantErr: true},
		{in: "@", wantErr: true},
		{in: "a003", wantErr: true},
		{in: "@A003", wantErr: true},
		{in: "@-a", wantErr: true},
		{in: "@a003:4", wantErr: true},
		{in: "@a003:p0", wantErr: true},
		{in: "@a003:p", wantErr: true},
		{in: "@a003:p6-4", wantErr: true},
		{in: "@a003:p4-", wantErr: true},
		{in: "@a003:p99999999", wantErr: true},
		{in: "@a001:p2;", wantErr: true},
		{in: "@a001:p2;;@a002", wantErr: true},
		{in: "@a003:px", wantErr: true},
		{in: "@a003:p٤", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseList(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseList(%q) error = %v, want error %v", tt.in, err, tt.wantErr)
			continue
		}
		if tt.wantErr {
			continue
		}
		if len(got) != len(tt.want) {
			t.Errorf("ParseList(%q) = %v, want %v", tt.in, got, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("ParseList(%q)[%d] = %v, want %v", tt.in, i, got[i], tt.want[i])
			}
		}
	}
}

func TestRefString(t *testing.T) {
	for _, s := range []string{"a003", "a003:p4", "a003:p4-6"} {
		r, err := ParseRef(s)
		if err != nil {
			t.Fatal(err)
		}
		if r.String() != s {
			t.Errorf("ParseRef(%q).String() = %q", s, r.String())
		}
	}
}

func TestValidID(t *testing.T) {
	for s, want := range map[string]bool{"a": true, "a003": true, "militias": true, "us-troops": true, "0": true,
		"": false, "-a": false, "A": false, "a_b": false, "a.b": false, "ميليشيات": false, "a b": false} {
		if got := ValidID(s); got != want {
			t.Errorf("ValidID(%q) = %v, want %v", s, got, want)
		}
	}
}

// FuzzParseList checks that no input panics and that what parses prints
// back to something that parses to the same references.
func FuzzParseList(f *testing.F) {
	for _, s := range []string{"@a003", "@a003:p4-6", "@a001:p2; @a003:p4", "@", ";", "@a:p0", "@a:p1-", "@a:p9999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		refs, err := ParseList(s)
		if err != nil {
			return
		}
		for _, r := range refs {
			again, err := ParseRef(r.String())
			if err != nil || again != r {
				t.Fatalf("ParseRef(%q) = %v, %v; want %v", r.String(), again, err, r)
			}
			if r.From > r.To || (r.From == 0) != (r.To == 0) {
				t.Fatalf("bad range in %v", r)
			}
		}
	})
}
