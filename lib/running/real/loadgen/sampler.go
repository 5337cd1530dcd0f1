// The sampler: one JSON line every sampleEvery, on the main goroutine, written with a single unbuffered write(2)
// so the file survives a SIGKILL (at most the last line is cut). The format is the corpus harness's (README
// "Samples"; lib/running/real/README section "Samples format"): t, t_rt, every non-histogram runtime/metrics metric
// of the running Go version under its own name, ms.* (runtime.MemStats), proc.* (/proc/self/statm, getrusage),
// cg.* (the cgroup), h.* (this program's counters).
package main

import (
	"math"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
)

type sampler struct {
	f        *os.File
	ms       []metrics.Sample
	names    []string
	buf      []byte
	cg       *cgroupFiles
	pageSize int64
	n        int
	statmBuf []byte
	segment  func() int
}

func newSampler(path string, cg *cgroupFiles, segment func() int) (*sampler, error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	s := &sampler{f: f, cg: cg, pageSize: int64(os.Getpagesize()), buf: make([]byte, 0, 16384),
		statmBuf: make([]byte, 512), segment: segment}
	for _, d := range metrics.All() {
		if d.Kind == metrics.KindFloat64Histogram {
			continue
		}
		s.names = append(s.names, d.Name)
		s.ms = append(s.ms, metrics.Sample{Name: d.Name})
	}
	return s, nil
}

func appendKV(b []byte, k string, v int64) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	b = append(b, '"', ':')
	return strconv.AppendInt(b, v, 10)
}

func appendKF(b []byte, k string, v float64, prec int) []byte {
	b = append(b, ',', '"')
	b = append(b, k...)
	b = append(b, '"', ':')
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return append(b, "null"...)
	}
	return strconv.AppendFloat(b, v, 'f', prec, 64)
}

func (s *sampler) sample() {
	s.n++
	t := now()
	metrics.Read(s.ms)
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)

	b := s.buf[:0]
	b = append(b, `{"t":`...)
	b = strconv.AppendFloat(b, t, 'f', 4, 64)
	b = appendKF(b, "t_rt", t+t0rt, 4)
	b = appendKV(b, "phase", int64(s.segment()))
	for i, x := range s.ms {
		switch x.Value.Kind() {
		case metrics.KindUint64:
			v := x.Value.Uint64()
			if v > math.MaxInt64 { // e.g. /gc/gomemlimit:bytes when off: MaxInt64 fits, anything above is clamped
				v = math.MaxInt64
			}
			b = appendKV(b, s.names[i], int64(v))
		case metrics.KindFloat64:
			b = appendKF(b, s.names[i], x.Value.Float64(), 6)
		}
	}
	b = appendKV(b, "ms.HeapAlloc", int64(m.HeapAlloc))
	b = appendKV(b, "ms.HeapInuse", int64(m.HeapInuse))
	b = appendKV(b, "ms.HeapIdle", int64(m.HeapIdle))
	b = appendKV(b, "ms.HeapReleased", int64(m.HeapReleased))
	b = appendKV(b, "ms.HeapSys", int64(m.HeapSys))
	b = appendKV(b, "ms.HeapObjects", int64(m.HeapObjects))
	b = appendKV(b, "ms.StackInuse", int64(m.StackInuse))
	b = appendKV(b, "ms.StackSys", int64(m.StackSys))
	b = appendKV(b, "ms.Sys", int64(m.Sys))
	b = appendKV(b, "ms.NextGC", int64(m.NextGC))
	b = appendKV(b, "ms.NumGC", int64(m.NumGC))
	b = appendKV(b, "ms.NumForcedGC", int64(m.NumForcedGC))
	b = appendKV(b, "ms.PauseTotalNs", int64(m.PauseTotalNs))
	b = appendKV(b, "ms.LastPauseNs", int64(m.PauseNs[(m.NumGC+255)%256]))
	b = appendKF(b, "ms.GCCPUFraction", m.GCCPUFraction, 6)
	b = appendKV(b, "ms.TotalAlloc", int64(m.TotalAlloc))
	b = appendKV(b, "ms.Mallocs", int64(m.Mallocs))
	b = appendKV(b, "ms.Frees", int64(m.Frees))
	b = appendKV(b, "ms.GCSys", int64(m.GCSys))

	// RSS from /proc/self/statm (fields: size resident shared text lib data dt, in pages)
	if st := readFileInto("/proc/self/statm", s.statmBuf); st != nil {
		fs := strings.Fields(string(st))
		if len(fs) >= 3 {
			vsz, _ := strconv.ParseInt(fs[0], 10, 64)
			rss, _ := strconv.ParseInt(fs[1], 10, 64)
			shr, _ := strconv.ParseInt(fs[2], 10, 64)
			b = appendKV(b, "proc.vsz_bytes", vsz*s.pageSize)
			b = appendKV(b, "proc.rss_bytes", rss*s.pageSize)
			b = appendKV(b, "proc.rss_shared_bytes", shr*s.pageSize)
		}
	}
	b = appendKF(b, "proc.cpu_user_s", float64(ru.Utime.Sec)+float64(ru.Utime.Usec)/1e6, 4)
	b = appendKF(b, "proc.cpu_sys_s", float64(ru.Stime.Sec)+float64(ru.Stime.Usec)/1e6, 4)
	b = s.cg.appendCgroup(b, s.statmBuf)
	for _, c := range counterList {
		b = appendKV(b, "h."+c.name, atomic.LoadInt64(c.p))
	}
	b = append(b, '}', '\n')
	s.buf = b
	s.f.Write(b) // unbuffered: survives SIGKILL
}

// counterList: this program's counters, in the order they are written (h.<name>).
var counterList = []struct {
	name string
	p    *int64
}{
	{"garbage_bytes", &cGarbageBytes},
	{"garbage_objects", &cGarbageObjs},
	{"garbage_skipped_bytes", &cGarbageSkipped},
	{"live_bytes", &cLiveBytes},
	{"live_alloc_bytes", &cLiveAllocBytes},
	{"live_freed_bytes", &cLiveFreedBytes},
	{"leak_bytes", &cLeakBytes},
	{"steady_goroutines", &cSteady},
	{"gleak_spawned", &cGLeaked},
	{"gleak_ready", &cGLeakReady},
	{"gleak_heap_bytes", &cGLeakHeap},
	{"req_started", &cReqStarted},
	{"req_done", &cReqDone},
	{"req_bytes", &cReqBytes},
	{"forced_gc", &cForcedGC},
	{"container_errors", &cContainerErrs},
}

func snapshotCounters() map[string]int64 {
	m := make(map[string]int64, len(counterList))
	for _, c := range counterList {
		m[c.name] = atomic.LoadInt64(c.p)
	}
	return m
}
