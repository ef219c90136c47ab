package serve

import (
	"net/http/httptest"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the CPU time the process has used.
func cpuTime(t *testing.T) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Skip("no getrusage:", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestIdleCPU keeps 20 event streams open with nothing to send and checks
// that the process then uses next to no CPU: no busy loops, no short
// tickers.
func TestIdleCPU(t *testing.T) {
	if testing.Short() {
		t.Skip("idles for 2 s")
	}
	s, _ := newTestServer(t)
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	for range 20 {
		openStream(t, ts.URL).next(t)
	}
	const idle = 2 * time.Second
	before := cpuTime(t)
	time.Sleep(idle) // the measurement itself
	used := cpuTime(t) - before
	t.Logf("CPU used in %v idle with %d open streams: %v", idle, s.clientCount(), used)
	if used > idle/20 {
		t.Errorf("used %v of CPU while idle, more than 5%%", used)
	}
}
