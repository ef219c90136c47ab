package serve

import (
	"bytes"
	"html"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

const (
	eventsPath = "/__briefing/events"
	scriptPath = "/__briefing/live.js"
)

// serveFile answers a request for a file of the current site. It reads the
// current site once, so the response comes from one snapshot.
func (s *Server) serveFile(w http.ResponseWriter, r *http.Request) {
	st := s.cur.Load()
	name, ok := sitePath(r.URL)
	if !ok || strings.HasPrefix(name, "__briefing/") {
		s.notFound(w, r, st)
		return
	}
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	data, ok, err := st.file(name)
	if err != nil {
		http.Error(w, "briefing: "+err.Error(), http.StatusInternalServerError)
		return
	}
	if !ok {
		if _, isDir := st.files[name+"/index.html"]; isDir {
			target := r.URL.EscapedPath() + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		s.notFound(w, r, st)
		return
	}
	ctype := contentType(name, data)
	w.Header().Set("Content-Type", ctype)
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data, st.version)
	}
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(data))
}

// sitePath returns the site-relative path a URL names ("" for the root,
// "ar/" for /ar/), or false when the path is not one a site file can have:
// empty, "." or ".." elements (so also a second leading slash), backslashes,
// control characters including NUL, and slashes or backslashes that were
// percent-encoded. Nothing is served from outside the snapshot in any case;
// these are refused so that no two spellings name the same file.
func sitePath(u *url.URL) (string, bool) {
	p := u.Path
	if !strings.HasPrefix(p, "/") || u.Opaque != "" {
		return "", false
	}
	if raw := strings.ToLower(u.EscapedPath()); strings.Contains(raw, "%2f") || strings.Contains(raw, "%5c") {
		return "", false
	}
	rest := p[1:]
	elems := strings.Split(rest, "/")
	for i, elem := range elems {
		if elem == "" && i < len(elems)-1 || elem == "." || elem == ".." {
			return "", false
		}
		for _, c := range elem {
			if c < 0x20 || c == 0x7f || c == '\\' || c == '\uFFFD' {
				return "", false
			}
		}
	}
	return rest, true
}

// types maps the extensions a site has to their media types, so that the
// answer does not depend on the machine's mime.types.
var types = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".xml":         "application/xml; charset=utf-8",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".ttf":         "font/ttf",
	".otf":         "font/otf",
	".txt":         "text/plain; charset=utf-8",
	".md":          "text/plain; charset=utf-8",
	".yaml":        "text/plain; charset=utf-8",
	".zip":         "application/zip",
	".pdf":         "application/pdf",
}

// contentType returns the media type of a site file, by extension, then by
// the system's table, then by sniffing.
func contentType(name string, data []byte) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := types[ext]; ok {
		return t
	}
	if t := mime.TypeByExtension(ext); t != "" {
		return t
	}
	return http.DetectContentType(data)
}

// inject returns a copy of page with the live-reload script inserted before
// the last </body>, or at the end when there is none. page itself is left
// as it is.
func inject(page []byte, version string) []byte {
	tag := `<script src="` + scriptPath + `" data-version="` + version + `"></script>`
	at := lastBodyEnd(page)
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:at]...)
	out = append(out, tag...)
	return append(out, page[at:]...)
}

// lastBodyEnd returns the index of the last "</body" in page, in any case,
// or len(page).
func lastBodyEnd(page []byte) int {
	const end = "</body"
	for i := len(page) - len(end); i >= 0; i-- {
		if page[i] == '<' && bytes.EqualFold(page[i:i+len(end)], []byte(end)) {
			return i
		}
	}
	return len(page)
}

// notFound answers with a 404 page, which carries the live-reload script
// too: it reloads when a build adds the missing page, and shows a failed
// build's errors.
func (s *Server) notFound(w http.ResponseWriter, r *http.Request, st *site) {
	msg := "Nothing is published at this address in the current build."
	if len(st.files) == 0 {
		msg = "The site has not been built yet; this page reloads when it is."
	}
	page := inject([]byte(`<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>Not found</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#222}code{overflow-wrap:anywhere}</style>
</head><body><h1>Not found</h1><p><code>`+html.EscapeString(r.URL.Path)+`</code></p><p>`+msg+`</p>
<p><a href="/">Site root</a></p></body></html>
`), st.version)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(page)))
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		_, _ = w.Write(page)
	}
}
