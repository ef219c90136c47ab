// Package serve serves a built site from memory over HTTP for
// `briefing serve`: every response comes from one complete snapshot of the
// site, HTML pages reload by themselves (or swap their stylesheets) when a
// new build is published, and the diagnostics of a failed build are shown
// over every open page. It knows nothing of how the site is built.
package serve

import (
	"bytes"
	"crypto/rand"
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"briefing/generator/output"
)

// Snapshot is the output of one build.
type Snapshot struct {
	// Files maps site-relative slash paths ("ar/index.html",
	// "assets/style.css") to their bytes. Publish keeps the map and the
	// slices: the caller must not modify them afterwards.
	Files map[string][]byte
	// Deferred are files of the build not made yet: the server makes
	// them when one is first asked for, at most once per snapshot.
	Deferred []output.Deferred
	// Errors are the diagnostics ("path:line: message") of a failed build.
	// When there are any, Files is ignored: the server goes on serving the
	// last good files and shows the errors over every page.
	Errors []string
}

// DefaultHeartbeat is how often an idle event stream gets a comment line,
// so that proxies and browsers do not drop it.
const DefaultHeartbeat = 20 * time.Second

// Option configures a Server.
type Option func(*Server)

// WithLogger sets where the Server logs publishes and failures. By default
// nothing is logged.
func WithLogger(l *slog.Logger) Option {
	return func(s *Server) {
		if l != nil {
			s.log = l
		}
	}
}

// WithHeartbeat sets how often idle event streams get a comment line
// (DefaultHeartbeat when not given; at least 10 ms).
func WithHeartbeat(d time.Duration) Option {
	return func(s *Server) { s.heartbeat = max(d, 10*time.Millisecond) }
}

// WithAllowedHosts adds host names that requests arriving on a loopback
// address may name besides the loopback ones: the name a port forwarder
// (an editor's, a cloud workspace's) gives the preview.
func WithAllowedHosts(hosts ...string) Option {
	return func(s *Server) {
		for _, h := range hosts {
			if h = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(h)), "."); h != "" {
				s.hosts = append(s.hosts, h)
			}
		}
	}
}

// Server serves the latest published snapshot. Its methods are safe for
// concurrent use.
type Server struct {
	log       *slog.Logger
	heartbeat time.Duration
	hosts     []string // allowed besides loopback names (WithAllowedHosts)
	instance  string   // tells this process's versions from a previous one's

	mu      sync.Mutex // serializes Publish and guards gen and clients
	gen     int
	clients map[chan struct{}]struct{}
	cur     atomic.Pointer[site]
}

// site is what the server shows: the files of the last good build and the
// state sent to pages. It is never modified once published.
type site struct {
	files   map[string][]byte
	later   []*deferred // files made when first asked for
	version string      // names the files; changes only when their bytes do
	seq     int         // counts publishes
	state   state
	msg     []byte // state as JSON
}

// state is what the live-reload script is told. Version names the files
// now served; From and CSS describe the change that produced them: when a
// page shows From and CSS is not empty, swapping those stylesheets brings
// it up to Version; otherwise a page that does not show Version reloads.
type state struct {
	Version string   `json:"version"`
	From    string   `json:"from,omitempty"`
	CSS     []string `json:"css,omitempty"`
	Errors  []string `json:"errors"`
	Seq     int      `json:"seq"`
}

// New returns a Server that serves an empty site (every path is 404) until
// the first Publish.
func New(opts ...Option) *Server {
	s := &Server{
		log:       slog.New(slog.DiscardHandler),
		heartbeat: DefaultHeartbeat,
		instance:  strings.ToLower(rand.Text()[:8]),
		clients:   make(map[chan struct{}]struct{}),
	}
	for _, o := range opts {
		o(s)
	}
	st := state{Version: s.version(0), Errors: []string{}}
	s.cur.Store(&site{files: map[string][]byte{}, version: st.Version, state: st, msg: encode(st)})
	return s
}

func (s *Server) version(gen int) string { return s.instance + "-" + strconv.Itoa(gen) }

// Publish makes snap what the server shows, at once for every later
// request, and tells every open page. A snapshot with Errors keeps the last
// good files and shows the errors; a good snapshot clears them. Pages
// reload (keeping their scroll position) when any file changed, or swap
// their stylesheets without reloading when only .css files changed. The
// changes are found by comparing snap with the last good files; Publish
// returns the paths of the files that changed, came or went.
func (s *Server) Publish(snap Snapshot) (changed []string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old := s.cur.Load()
	next := &site{files: old.files, later: old.later, version: old.version, seq: old.seq + 1}
	st := old.state
	st.Errors, st.Seq = []string{}, next.seq

	if len(snap.Errors) > 0 {
		st.Errors = slices.Clone(snap.Errors)
		s.log.Info("serve: showing a failed build", "errors", len(snap.Errors), "pages", len(s.clients))
	} else if diffs := diff(old.files, snap.Files); len(diffs) > 0 {
		changed = diffs
		s.gen++
		next.files = snap.Files
		if next.files == nil {
			next.files = map[string][]byte{}
		}
		next.version = s.version(s.gen)
		st.From, st.Version, st.CSS = old.version, next.version, nil
		if !slices.ContainsFunc(diffs, func(p string) bool { return !strings.HasSuffix(p, ".css") }) {
			st.CSS = diffs
		}
		s.log.Info("serve: published", "changed", len(diffs), "css_only", st.CSS != nil, "pages", len(s.clients))
	}
	if len(snap.Errors) == 0 {
		// Deferred files come from the new build even when its pages
		// are the old ones: they need not follow from the pages (an
		// entity's aliases, reordered, change its search text only).
		next.later = nil
		for _, d := range snap.Deferred {
			next.later = append(next.later, &deferred{Deferred: d})
		}
	}
	next.state, next.msg = st, encode(st)
	s.cur.Store(next)
	for c := range s.clients {
		select {
		case c <- struct{}{}:
		default: // already woken; it reads the latest state
		}
	}
	return changed
}

// deferred is a set of deferred files of a published site.
type deferred struct {
	output.Deferred
	once  sync.Once
	files map[string][]byte
	err   error
}

// file returns the file name of st, making deferred files when name is one
// of them.
func (st *site) file(name string) ([]byte, bool, error) {
	if data, ok := st.files[name]; ok {
		return data, true, nil
	}
	for _, d := range st.later {
		if d.Owns(name) {
			d.once.Do(func() { d.files, d.err = d.Make() })
			data, ok := d.files[name]
			return data, ok, d.err
		}
	}
	return nil, false, nil
}

// diff returns the sorted paths whose bytes differ between a and b,
// including paths present in only one of them.
func diff(a, b map[string][]byte) []string {
	var out []string
	for p, data := range b {
		if old, ok := a[p]; !ok || !bytes.Equal(old, data) {
			out = append(out, p)
		}
	}
	for p := range a {
		if _, ok := b[p]; !ok {
			out = append(out, p)
		}
	}
	slices.Sort(out)
	return out
}

// encode returns st as JSON. Marshal cannot fail on strings and ints.
func encode(st state) []byte {
	b, _ := json.Marshal(st)
	return b
}

// Handler returns the HTTP handler: the site's files, the live-reload
// script at /__briefing/live.js and the event stream at
// /__briefing/events. Paths under /__briefing/ are never taken from the
// snapshot. An event stream lasts until its request's context ends: Serve
// arranges that on shutdown; an http.Server set up otherwise needs a
// BaseContext that is canceled before Shutdown, or Shutdown waits for the
// streams.
func (s *Server) Handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		if !s.hostAllowed(r) {
			http.Error(w, "briefing serve answers only to its own address (localhost, 127.0.0.1 or [::1]) and the names given with --allow-host; this request names "+strconv.Quote(r.Host), http.StatusMisdirectedRequest)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			h.Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		switch r.URL.Path {
		case eventsPath:
			s.serveEvents(w, r)
		case scriptPath:
			h.Set("Content-Type", "text/javascript; charset=utf-8")
			http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(liveJS))
		default:
			s.serveFile(w, r)
		}
	})
}

// hostAllowed guards against DNS rebinding: a web page on another site
// that gets its own name to resolve to 127.0.0.1 can send requests to the
// preview, but they name that site in their Host header. A request that
// came in on a loopback address must name a loopback host; one that came
// in on another address is allowed, since serving there (--bind) was the
// user's choice, and so are the names the user allowed.
func (s *Server) hostAllowed(r *http.Request) bool {
	local, ok := r.Context().Value(http.LocalAddrContextKey).(net.Addr)
	if !ok {
		return true // not from a listener (a test calling the handler)
	}
	if ap, err := netip.ParseAddrPort(local.String()); err != nil || !ap.Addr().IsLoopback() {
		return true
	}
	host := r.Host
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || slices.Contains(s.hosts, host) {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && ip.IsLoopback()
}

// clientCount reports how many event streams are open.
func (s *Server) clientCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.clients)
}

func (s *Server) addClient(c chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[c] = struct{}{}
}

func (s *Server) removeClient(c chan struct{}) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.clients, c)
}
