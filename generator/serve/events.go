package serve

import (
	_ "embed"
	"errors"
	"net/http"
	"time"
)

// liveJS is the live-reload script that serveFile injects into HTML pages.
//
//go:embed live.js
var liveJS []byte

// writeTimeout bounds each write to an event stream, so that a client that
// stops reading is dropped instead of holding a goroutine forever.
const writeTimeout = 10 * time.Second

// serveEvents streams the site's state to one page as Server-Sent Events:
// the current state at once, then each new one, and a comment line every
// heartbeat while nothing happens. It returns when the client goes away or
// the request's context ends (Serve ends it on shutdown).
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("X-Accel-Buffering", "no")
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	wake := make(chan struct{}, 1)
	s.addClient(wake)
	defer s.removeClient(wake)

	rc := http.NewResponseController(w)
	send := func(parts ...[]byte) bool {
		if err := rc.SetWriteDeadline(time.Now().Add(writeTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return false
		}
		for _, p := range parts {
			if _, err := w.Write(p); err != nil {
				return false
			}
		}
		return rc.Flush() == nil
	}

	// A reconnecting page retries after a second, so a restarted server is
	// found quickly.
	st := s.cur.Load()
	if !send([]byte("retry: 1000\n\ndata: "), st.msg, []byte("\n\n")) {
		return
	}
	sent := st.seq
	beat := time.NewTicker(s.heartbeat)
	defer beat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-wake:
			st := s.cur.Load()
			if st.seq == sent {
				continue
			}
			if !send([]byte("data: "), st.msg, []byte("\n\n")) {
				return
			}
			sent = st.seq
		case <-beat.C:
			if !send([]byte(": heartbeat\n\n")) {
				return
			}
		}
	}
}
