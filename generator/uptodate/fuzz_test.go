package uptodate

import (
	"bytes"
	"encoding/gob"
	"testing"
)

// FuzzDecode checks that a damaged record is an error, never a panic: the
// record is read from a cache directory that anything may have written.
func FuzzDecode(f *testing.F) {
	var buf bytes.Buffer
	buf.WriteString(version)
	r := &Record{Key: "k", Inputs: []Entry{{Path: "0", Dir: true, Mtime: 1}}, Outputs: []Entry{{Path: ".", Dir: true}}, Data: []byte("{}")}
	if err := gob.NewEncoder(&buf).Encode(r); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add(buf.Bytes()[:buf.Len()/2])
	f.Add([]byte(version))
	f.Add([]byte("not a record"))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := decode(data)
		if (r == nil) == (err == nil) {
			t.Fatalf("decode = %v, %v: want a record or an error", r, err)
		}
	})
}
