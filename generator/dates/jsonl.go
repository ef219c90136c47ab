package dates

import (
	"encoding/json"
	"fmt"
	"io"
)

// jsonMention is the wire form of a Mention, one JSON object per line.
type jsonMention struct {
	Date      string    `json:"date"`
	Precision Precision `json:"precision"`
	Text      string    `json:"text"`
	Start     int       `json:"start"`
	End       int       `json:"end"`
	Paragraph int       `json:"paragraph"`
}

// WriteJSONLines writes each mention as one JSON object on its own line,
// with the fields date, precision (a word: "day", "month", "season",
// "year"), text, start, end and paragraph. Text is written as UTF-8, not
// escaped. It fails on the first write error, or on a mention whose
// Precision is not valid.
func WriteJSONLines(w io.Writer, ms []Mention) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, m := range ms {
		if err := enc.Encode(jsonMention{m.Date, m.Precision, m.Text, m.Start, m.End, m.Paragraph}); err != nil {
			return fmt.Errorf("dates: writing mention %q: %w", m.Text, err)
		}
	}
	return nil
}
