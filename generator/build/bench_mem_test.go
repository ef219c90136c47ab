package build_test

import (
	"bytes"
	"os"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"
)

// benchMeter measures what runs between start and stop: the peak
// resident set size of the process (Linux only: VmHWM, reset through
// /proc/self/clear_refs), the peak of live heap objects, sampled through
// runtime/metrics, and the CPU time used (Unix only), which shows how
// much of a run's wall time other processes took on a busy machine.
type benchMeter struct {
	peakRSS, peakHeap uint64 // bytes, the largest seen over every run
	cpu               time.Duration
	runs              int
	stopSampling      chan struct{}
	sampled           sync.WaitGroup
	runHeap           uint64
	runCPU            time.Duration
}

const benchHeapMetric = "/memory/classes/heap/objects:bytes"

// start returns the heap to the OS, so that an earlier run's garbage does
// not count, and starts measuring.
func (m *benchMeter) start() {
	debug.FreeOSMemory()
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) // resets VmHWM; fails harmlessly elsewhere
	m.runHeap = 0
	m.runCPU = benchCPU()
	m.stopSampling = make(chan struct{})
	m.sampled.Add(1)
	go func() {
		defer m.sampled.Done()
		s := []metrics.Sample{{Name: benchHeapMetric}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			m.runHeap = max(m.runHeap, s[0].Value.Uint64())
			select {
			case <-m.stopSampling:
				return
			case <-t.C:
			}
		}
	}()
}

// stop ends a run and folds its peaks into the meter's.
func (m *benchMeter) stop() {
	close(m.stopSampling)
	m.sampled.Wait()
	m.peakHeap = max(m.peakHeap, m.runHeap)
	m.peakRSS = max(m.peakRSS, benchVmHWM())
	m.cpu += benchCPU() - m.runCPU
	m.runs++
}

// report adds the peaks to the benchmark's results, in MiB.
func (m *benchMeter) report(b *testing.B) {
	if m.peakRSS > 0 {
		b.ReportMetric(float64(m.peakRSS)/(1<<20), "peak-RSS-MiB")
	}
	b.ReportMetric(float64(m.peakHeap)/(1<<20), "peak-heap-MiB")
	if m.cpu > 0 && m.runs > 0 {
		b.ReportMetric((m.cpu / time.Duration(m.runs)).Seconds(), "cpu-s/op")
	}
}

// benchVmHWM returns the peak resident set size of the process in bytes, or 0
// where /proc/self/status does not exist.
func benchVmHWM() uint64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for line := range bytes.SplitSeq(data, []byte("\n")) {
		if v, ok := bytes.CutPrefix(line, []byte("VmHWM:")); ok {
			v = bytes.TrimSpace(bytes.TrimSuffix(bytes.TrimSpace(v), []byte("kB")))
			kb, err := strconv.ParseUint(string(v), 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}
