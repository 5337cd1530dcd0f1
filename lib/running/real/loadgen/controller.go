// The controller: one goroutine that applies the plan's events when their time comes and keeps every level and
// spawn rate on target, on a grid of controllerSlice (the harness's controller, README "loadgen"):
//   - liveHeap: a cache of objects (package-level, reachable until exit) grown or shrunk to the level (within half an
//     object; shrinking drops the newest), linearly over `over`; churn replaces objects round-robin at its rate.
//   - leakHeap: objects retained forever, rate × (t − event time) of them (never shed: a stalled controller catches up).
//   - goroutines: parked goroutines (a channel receive) with stacks grown by recursion; a lower count lets some exit.
//   - leakGoroutines: goroutines that recurse, allocate `retains` (objects of min(retains, 4 KiB), pointerful), then
//     block forever on a channel nobody sends on.
//   - requests: goroutines that recurse, allocate `alloc`, sleep `lasts` and exit; floor(rate × (t − event time))
//     started.
//   - go: debug.SetGCPercent, debug.SetMemoryLimit, runtime.GOMAXPROCS; gc: runtime.GC() (in its own goroutine);
//     container: writes the cgroup files (cgroup.go).
//
// Rate targets restart at each event of their kind, as the harness's did at each phase.
package main

import (
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"sync/atomic"
	"unsafe"
)

// controllerSlice is the controller's grid, seconds (the harness's slice_ms).
const controllerSlice = 0.005

// Counters (cumulative unless noted), sampled every tick.
var (
	cLiveBytes      int64 // level
	cLiveAllocBytes int64
	cLiveFreedBytes int64
	cLeakBytes      int64
	cSteady         int64 // parked goroutines alive (level)
	cGLeaked        int64
	cGLeakReady     int64 // leaked goroutines that reached their blocking receive
	cGLeakHeap      int64
	cReqStarted     int64
	cReqDone        int64
	cReqBytes       int64
	cForcedGC       int64 // runtime.GC() calls made
	cContainerErrs  int64
	cSegment        int64 // index of the current segment (a new one starts whenever events apply after t = 0)
)

var never = make(chan struct{}) // nobody ever sends: leaked goroutines block here

var steadyQuit = make(chan struct{}, 1<<22)

type liveStore struct {
	objs     []unsafe.Pointer
	sizes    []int32
	bytes    int64
	churnIdx int
}

func (s *liveStore) push(size int, ptr float64) {
	s.objs = append(s.objs, alloc(size, ptr))
	s.sizes = append(s.sizes, int32(size))
	s.bytes += int64(size)
	atomic.AddInt64(&cLiveAllocBytes, int64(size))
}

func (s *liveStore) pop() {
	n := len(s.objs) - 1
	sz := int64(s.sizes[n])
	s.objs[n] = nil
	s.objs = s.objs[:n]
	s.sizes = s.sizes[:n]
	s.bytes -= sz
	atomic.AddInt64(&cLiveFreedBytes, sz)
}

// replace drops one object and allocates a new one of the given size in its slot.
func (s *liveStore) replace(size int, ptr float64) {
	if len(s.objs) == 0 {
		return
	}
	i := s.churnIdx % len(s.objs)
	s.churnIdx = i + 1
	old := int64(s.sizes[i])
	s.objs[i] = nil
	s.objs[i] = alloc(size, ptr)
	s.sizes[i] = int32(size)
	s.bytes += int64(size) - old
	atomic.AddInt64(&cLiveFreedBytes, old)
	atomic.AddInt64(&cLiveAllocBytes, int64(size))
}

// The retained data lives in package-level variables so it stays reachable until the process exits.
var (
	live     = &liveStore{}
	leakKeep []unsafe.Pointer
)

func steadyG(stack int64) {
	defer atomic.AddInt64(&cSteady, -1)
	deep(depthFor(stack), func() { <-steadyQuit })
}

func leakedG(stack, retains int64) {
	deep(depthFor(stack), func() {
		obj := retains
		if obj > 4096 {
			obj = 4096
		}
		hold := allocN(int(retains), int(obj), 1)
		atomic.AddInt64(&cGLeakHeap, retains)
		atomic.AddInt64(&cGLeakReady, 1)
		<-never
		runtime.KeepAlive(hold)
	})
}

func requestG(e *Event) {
	deep(depthFor(e.StackBytes), func() {
		hold := allocN(int(e.AllocBytes), int(e.ObjectSize), e.PointerFraction)
		atomic.AddInt64(&cReqBytes, e.AllocBytes)
		sleepFor(float64(e.LastsNs) / 1e9)
		runtime.KeepAlive(hold)
	})
	atomic.AddInt64(&cReqDone, 1)
}

// appliedEvent is when an event really took effect (s since start), for the summary and the log.
type appliedEvent struct {
	Index  int     `json:"index"`
	Source string  `json:"source"`
	Kind   string  `json:"kind"`
	AtS    float64 `json:"at_s"`
	T      float64 `json:"t"`
	Note   string  `json:"note,omitempty"`
}

// controller state; owned by the controller goroutine.
type controller struct {
	plan    *Plan
	cg      *cgroupFiles
	workers int
	next    int // index of the next event to apply
	applied []appliedEvent

	// liveHeap
	liveFrom, liveTo, liveTarget float64
	liveStart, liveOver          float64
	liveObj                      int
	livePtr                      float64
	churnRate, churnDone         float64
	// leakHeap
	leak      *Event
	leakStart float64
	leakDone  float64
	// goroutines
	pool                *Event
	poolStart, poolOver float64
	poolFrom, poolLevel int64
	// leakGoroutines
	gleak      *Event
	gleakStart float64
	gleakDone  int64
	// requests
	req      *Event
	reqStart float64
	reqDone  int64
}

// applyDue applies every event whose time has come by t (seconds).
func (c *controller) applyDue(t float64) {
	for c.next < len(c.plan.Events) && float64(c.plan.Events[c.next].AtNs)/1e9 <= t {
		e := &c.plan.Events[c.next]
		c.next++
		note := c.apply(e)
		a := appliedEvent{Index: e.Index, Source: e.Source, Kind: e.Kind, AtS: float64(e.AtNs) / 1e9, T: now(), Note: note}
		c.applied = append(c.applied, a)
		fmt.Printf("t=%.4f event %d applied: %s (%s)%s\n", a.T, a.Index, a.Source, a.Kind, noteSuffix(note))
	}
}

func noteSuffix(n string) string {
	if n == "" {
		return ""
	}
	return ": " + n
}

// apply puts one event into effect; it returns a note for the log (what could not be done, or what was done).
func (c *controller) apply(e *Event) string {
	at := float64(e.AtNs) / 1e9
	switch e.Kind {
	case "liveHeap":
		c.liveFrom, c.liveTo = c.liveTarget, float64(e.Bytes)
		c.liveStart, c.liveOver = at, float64(e.OverNs)/1e9
		c.liveObj, c.livePtr = int(e.ObjectSize), e.PointerFraction
		c.churnRate, c.churnDone = e.ChurnBytesPerSec, 0
	case "leakHeap":
		c.leak, c.leakStart, c.leakDone = e, at, 0
	case "garbage":
		slice := continuousSlice
		if e.EveryNs > 0 {
			slice = float64(e.EveryNs) / 1e9
		}
		garbageCfg.Store(&garbageConfig{origin: at, ratePerSec: e.BytesPerSec, sizes: e.Sizes, ptrFrac: e.PointerFraction,
			slice: slice, catchUp: float64(e.CatchUpNs) / 1e9, eventIndex: e.Index, eventSource: e.Source})
	case "requests":
		c.req, c.reqStart, c.reqDone = e, at, 0
	case "goroutines":
		c.pool, c.poolStart, c.poolOver, c.poolFrom = e, at, float64(e.OverNs)/1e9, c.poolLevel
	case "leakGoroutines":
		c.gleak, c.gleakStart, c.gleakDone = e, at, 0
	case "go":
		note := ""
		if e.SetGOGC {
			debug.SetGCPercent(e.GOGC)
			note += fmt.Sprintf("SetGCPercent(%d) ", e.GOGC)
		}
		if e.SetGOMEMLIMIT {
			lim := int64(math.MaxInt64)
			if e.GOMEMLIMIT != nil {
				lim = *e.GOMEMLIMIT
			}
			debug.SetMemoryLimit(lim)
			note += fmt.Sprintf("SetMemoryLimit(%d) ", lim)
		}
		if e.SetGOMAXPROCS {
			runtime.GOMAXPROCS(e.GOMAXPROCS)
			note += fmt.Sprintf("GOMAXPROCS(%d) ", e.GOMAXPROCS)
		}
		return note
	case "container":
		return c.cg.resize(e)
	case "gc":
		go func() {
			runtime.GC()
			atomic.AddInt64(&cForcedGC, 1)
		}()
	}
	return ""
}

// step brings every level and spawn count to its target at t.
func (c *controller) step(t float64) {
	// live heap (cache) level
	if c.liveObj > 0 {
		frac := 1.0
		if c.liveOver > 0 {
			frac = math.Min(1, (t-c.liveStart)/c.liveOver)
		}
		c.liveTarget = c.liveFrom + (c.liveTo-c.liveFrom)*frac
		obj := float64(c.liveObj)
		for float64(live.bytes)+obj <= c.liveTarget+obj/2 {
			live.push(c.liveObj, c.livePtr)
		}
		for len(live.objs) > 0 && float64(live.bytes)-obj/2 >= c.liveTarget {
			live.pop()
		}
		if c.churnRate > 0 {
			target := c.churnRate * (t - c.liveStart)
			for c.churnDone < target && len(live.objs) > 0 {
				live.replace(c.liveObj, c.livePtr)
				c.churnDone += obj
			}
		}
		atomic.StoreInt64(&cLiveBytes, live.bytes)
	}
	// heap leak
	if lk := c.leak; lk != nil && lk.BytesPerSec > 0 {
		target := lk.BytesPerSec * (t - c.leakStart)
		for c.leakDone < target {
			leakKeep = append(leakKeep, alloc(int(lk.ObjectSize), lk.PointerFraction))
			c.leakDone += float64(lk.ObjectSize)
			atomic.AddInt64(&cLeakBytes, lk.ObjectSize)
		}
	}
	// parked goroutines
	if p := c.pool; p != nil {
		want := p.Count
		if c.poolOver > 0 {
			frac := math.Min(1, (t-c.poolStart)/c.poolOver)
			want = c.poolFrom + int64(math.Round(float64(p.Count-c.poolFrom)*frac))
		}
		for ; c.poolLevel < want; c.poolLevel++ {
			atomic.AddInt64(&cSteady, 1)
			go steadyG(p.StackBytes)
		}
		for ; c.poolLevel > want; c.poolLevel-- {
			steadyQuit <- struct{}{}
		}
	}
	// leaked goroutines
	if g := c.gleak; g != nil && g.PerSec > 0 {
		target := int64(g.PerSec * (t - c.gleakStart))
		for ; c.gleakDone < target; c.gleakDone++ {
			atomic.AddInt64(&cGLeaked, 1)
			go leakedG(g.StackBytes, g.RetainsBytes)
		}
	}
	// requests
	if r := c.req; r != nil && r.PerSec > 0 {
		target := int64(r.PerSec * (t - c.reqStart))
		for ; c.reqDone < target; c.reqDone++ {
			atomic.AddInt64(&cReqStarted, 1)
			go requestG(r)
		}
	}
}

func (c *controller) run(durationS float64, marks *[]segmentMark, done chan<- struct{}) {
	defer close(done)
	for {
		t := now()
		if t >= durationS || isStopped() {
			*marks = append(*marks, segmentMark{t: t, counters: snapshotCounters()})
			return
		}
		before := c.next
		c.applyDue(t)
		if c.next != before {
			atomic.AddInt64(&cSegment, 1)
			*marks = append(*marks, segmentMark{t: t, firstEvent: before, counters: snapshotCounters()})
		}
		c.step(t)
		sleepOnGrid(0, controllerSlice)
	}
}

func fatalf(code int, format string, a ...any) {
	fmt.Fprintf(os.Stderr, "loadgen: "+format+"\n", a...)
	os.Exit(code)
}
