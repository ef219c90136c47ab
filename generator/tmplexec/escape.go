package tmplexec

import (
	"bytes"
	"strings"
)

// htmlEntity is what html/template writes for the bytes it escapes in
// HTML text, in quoted attribute values and in RCDATA (title, textarea):
// the markup characters, the quotes, + (which UTF-7 sniffing could turn
// into markup) and NUL. Every other byte, including any of a multi-byte
// UTF-8 sequence, is kept.
var htmlEntity = [256]string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// escapeHTML writes s to b escaped for HTML text, attribute values and
// RCDATA, as html/template's escapers of those contexts do for plain text.
func escapeHTML(b *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		if e := htmlEntity[s[i]]; e != "" {
			b.WriteString(s[last:i])
			b.WriteString(e)
			last = i + 1
		}
	}
	b.WriteString(s[last:])
}

// unsafeURL replaces a URL whose scheme html/template does not trust.
const unsafeURL = "#ZgotmplZ"

// filterURL returns s if it has no scheme, or http, https or mailto (in
// any case), and unsafeURL otherwise: a javascript: URL in an href must
// not run.
func filterURL(s string) string {
	scheme, _, ok := strings.Cut(s, ":")
	if !ok || strings.Contains(scheme, "/") {
		return s
	}
	if strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") || strings.EqualFold(scheme, "mailto") {
		return s
	}
	return unsafeURL
}

// processURL percent-encodes the bytes of s that may not appear in a URL,
// with lowercase hex digits. The unreserved characters of RFC 3986 are
// kept. With norm (a URL that is already one: html/template's
// normalizer), so are the reserved characters and valid %XX escapes; without
// it (a value inside a URL: the escaper), those are encoded too.
func processURL(s string, norm bool) string {
	var b []byte
	last := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if urlKeeps(c, norm) || c == '%' && norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			continue
		}
		if b == nil {
			b = make([]byte, 0, len(s)+16)
		}
		b = append(b, s[last:i]...)
		b = append(b, '%', hexDigit[c>>4], hexDigit[c&15])
		last = i + 1
	}
	if b == nil {
		return s
	}
	return string(append(b, s[last:]...))
}

const hexDigit = "0123456789abcdef"

func urlKeeps(c byte, norm bool) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	switch c {
	case '-', '.', '_', '~':
		return true
	case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
		return norm
	}
	return false
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
