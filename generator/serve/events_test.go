package serve

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"
)

const wait = 5 * time.Second

// stream is one client of the event stream.
type stream struct {
	states   chan state
	comments chan string
	retry    chan string
	done     chan struct{} // closed when the server ends the stream
	cancel   context.CancelFunc
}

// openStream connects to the event stream of the server at base.
func openStream(t *testing.T, base string) *stream {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, "GET", base+eventsPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); resp.StatusCode != 200 || ct != "text/event-stream" {
		t.Fatalf("event stream: %d %q", resp.StatusCode, ct)
	}
	st := &stream{
		states: make(chan state, 100), comments: make(chan string, 100), retry: make(chan string, 1),
		done: make(chan struct{}), cancel: cancel,
	}
	go func() {
		defer close(st.done)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "":
				if data != nil {
					var s state
					if err := json.Unmarshal([]byte(strings.Join(data, "\n")), &s); err != nil {
						t.Errorf("bad event data %q: %v", data, err)
					}
					st.states <- s
					data = nil
				}
			case strings.HasPrefix(line, ":"):
				st.comments <- line
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			case strings.HasPrefix(line, "retry: "):
				st.retry <- strings.TrimPrefix(line, "retry: ")
			default:
				t.Errorf("unexpected line %q", line)
			}
		}
	}()
	return st
}

func (st *stream) next(t *testing.T) state {
	t.Helper()
	select {
	case s := <-st.states:
		return s
	case <-time.After(wait):
		t.Fatal("no event")
		return state{}
	}
}

func TestEvents(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	st := openStream(t, ts.URL)

	v0 := st.next(t)
	if v0.Version != s.version(0) || len(v0.Errors) != 0 || v0.CSS != nil {
		t.Fatalf("initial state %+v", v0)
	}
	if r := <-st.retry; r != "1000" {
		t.Errorf("retry %q", r)
	}

	files := testFiles()
	s.Publish(Snapshot{Files: files})
	first := st.next(t)
	if first.Version == v0.Version || first.From != v0.Version || first.CSS != nil {
		t.Errorf("first build: %+v", first)
	}

	// Only a stylesheet changes: pages swap it.
	files2 := copyFiles(files)
	files2["assets/style.css"] = []byte("body { color: red }")
	s.Publish(Snapshot{Files: files2})
	css := st.next(t)
	if css.From != first.Version || css.Version == first.Version || !equal(css.CSS, []string{"assets/style.css"}) {
		t.Errorf("css-only build: %+v", css)
	}

	// A failed build: same files, errors shown; the files are not replaced.
	errs := []string{"content/ar/notes/x.md:12: unknown source a999", "templates/page.html:3: bad"}
	s.Publish(Snapshot{Files: map[string][]byte{}, Errors: errs})
	failed := st.next(t)
	if failed.Version != css.Version || !equal(failed.Errors, errs) {
		t.Errorf("failed build: %+v", failed)
	}
	if rec := get(t, s.Handler(), "GET", "/assets/style.css"); rec.Body.String() != "body { color: red }" {
		t.Errorf("after a failed build the last good files must be served, got %q", rec.Body.String())
	}

	// The same files again: the errors go, nothing reloads.
	s.Publish(Snapshot{Files: copyFiles(files2)})
	fixed := st.next(t)
	if fixed.Version != css.Version || len(fixed.Errors) != 0 {
		t.Errorf("fixed build: %+v", fixed)
	}

	// A page and a stylesheet change: pages reload.
	files3 := copyFiles(files2)
	files3["assets/style.css"] = []byte("body { color: blue }")
	files3["ar/index.html"] = []byte("<p>new</p>")
	s.Publish(Snapshot{Files: files3})
	mixed := st.next(t)
	if mixed.From != css.Version || mixed.CSS != nil || len(mixed.Errors) != 0 {
		t.Errorf("mixed build: %+v", mixed)
	}

	// A second client gets the current state when it connects, errors
	// included.
	s.Publish(Snapshot{Errors: errs})
	st.next(t)
	late := openStream(t, ts.URL).next(t)
	if late.Version != mixed.Version || !equal(late.Errors, errs) {
		t.Errorf("state on connect: %+v", late)
	}

	// A restarted server has other versions, so pages reload.
	if New().version(0) == s.version(0) {
		t.Error("two servers share version names")
	}
}

// TestSlowClientGetsLatest checks that a burst of publishes reaches a client
// as the latest state, never out of order.
func TestSlowClientGetsLatest(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	st := openStream(t, ts.URL)
	st.next(t)
	for i := range 50 {
		s.Publish(Snapshot{Files: map[string][]byte{"index.html": []byte{byte(i)}}})
	}
	want := s.cur.Load().state
	for {
		got := st.next(t)
		if got.Seq > want.Seq {
			t.Fatalf("seq %d beyond the last %d", got.Seq, want.Seq)
		}
		if got.Seq == want.Seq {
			if got.Version != want.Version {
				t.Errorf("last state %+v, want %+v", got, want)
			}
			break
		}
	}
}

func TestHeartbeat(t *testing.T) {
	s := New(WithHeartbeat(20 * time.Millisecond))
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	st := openStream(t, ts.URL)
	st.next(t)
	for range 3 {
		select {
		case c := <-st.comments:
			if c != ": heartbeat" {
				t.Errorf("comment %q", c)
			}
		case <-time.After(wait):
			t.Fatal("no heartbeat")
		}
	}
}

// TestClientsRemoved opens and closes many streams and expects the
// server's client list and goroutines to return to where they were.
func TestClientsRemoved(t *testing.T) {
	s := New()
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	before := runtime.NumGoroutine()
	var streams []*stream
	for range 20 {
		st := openStream(t, ts.URL)
		st.next(t)
		streams = append(streams, st)
	}
	if n := s.clientCount(); n != 20 {
		t.Fatalf("%d clients, want 20", n)
	}
	for _, st := range streams {
		st.cancel()
		<-st.done
	}
	waitUntil(t, func() bool { return s.clientCount() == 0 }, "clients removed")
	ts.CloseClientConnections()
	http.DefaultClient.CloseIdleConnections()
	waitUntil(t, func() bool { return runtime.NumGoroutine() <= before+2 }, "goroutines back to where they were")
}

func waitUntil(t *testing.T, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(wait)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestServe listens on port 0, serves a page and a stream, and shuts down
// when the context is canceled, ending the stream.
func TestServe(t *testing.T) {
	s, _ := newTestServer(t)
	ln, err := Listen("", 0)
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	if !strings.HasPrefix(addr, "127.0.0.1:") || strings.HasSuffix(addr, ":0") {
		t.Errorf("address %q", addr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- s.Serve(ctx, ln) }()

	resp, err := http.Get("http://" + addr + "/en/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Errorf("GET /en/: %d", resp.StatusCode)
	}
	st := openStream(t, "http://"+addr)
	st.next(t)

	start := time.Now()
	cancel()
	select {
	case err := <-errc:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(wait):
		t.Fatal("Serve did not return")
	}
	select {
	case <-st.done:
	case <-time.After(wait):
		t.Fatal("the event stream was not closed")
	}
	t.Logf("shutdown with an open event stream took %v", time.Since(start).Round(time.Millisecond))
	if _, err := http.Get("http://" + addr + "/en/"); err == nil {
		t.Error("still serving after shutdown")
	}
	if _, err := Listen("256.0.0.1", 0); err == nil {
		t.Error("Listen on a bad address: no error")
	}
}

func copyFiles(m map[string][]byte) map[string][]byte {
	out := make(map[string][]byte, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
