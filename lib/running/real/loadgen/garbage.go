// Garbage: short-lived objects allocated at a paced rate by `workers` goroutines (the harness's garbage workers).
//
// Pacing (the harness's, README "Pacing"): each worker owns rate/workers of every size's stream; the target of a
// stream is rate × (t − origin), origin being the time of the plan's garbage event. A worker wakes on a grid of
// `slice` from the origin (the event's `every`, or continuousSlice for continuous garbage), allocates until its
// streams reach their targets, drops the objects (it keeps only the last one referenced) and sleeps to the next grid
// instant. Work it fell behind on is caught up in the next slices, up to the event's catchUp: a backlog beyond
// max(catchUp, minCatchUp, slice) plus the time since the last grid instant is dropped and counted in
// h.garbage_skipped_bytes. minCatchUp (-min-catch-up-ms, default 0) is for re-recording the corpus: its harness
// kept up to max_debt_ms = 200 ms of backlog in every workload, whatever the workload.
package main

import (
	"math"
	"sync/atomic"
	"unsafe"
)

// continuousSlice is the pacing grid of garbage without `every` (seconds): continuous at this resolution.
const continuousSlice = 0.001

// garbageConfig is one garbage event as the workers run it. Replaced (never mutated) when a new event applies.
type garbageConfig struct {
	origin      float64 // s: the event's atNs
	ratePerSec  float64 // bytes/s, all workers together
	sizes       []SizeShare
	ptrFrac     float64
	slice       float64 // s: grid period
	catchUp     float64 // s: longest backlog kept
	eventIndex  int
	eventSource string
}

var garbageCfg atomic.Value // *garbageConfig; nil until the first garbage event

// minCatchUp (seconds) is the least backlog any garbage stream keeps (-min-catch-up-ms).
var minCatchUp float64

// Counters (cumulative), sampled every tick.
var (
	cGarbageBytes   int64
	cGarbageObjs    int64
	cGarbageSkipped int64
)

func garbageWorker(id, workers int, durationS float64) {
	var sink unsafe.Pointer
	var cur *garbageConfig
	var done []float64
	for !isStopped() {
		t := now()
		if t >= durationS {
			return
		}
		cfg, _ := garbageCfg.Load().(*garbageConfig)
		if cfg != cur {
			cur = cfg
			if cfg != nil {
				done = make([]float64, len(cfg.sizes))
			}
		}
		if cfg == nil || cfg.ratePerSec <= 0 || t < cfg.origin {
			sleepOnGrid(0, 0.005)
			continue
		}
		share := cfg.ratePerSec / float64(workers)
		el := t - cfg.origin
		sinceGrid := el - math.Floor(el/cfg.slice)*cfg.slice
		for k, s := range cfg.sizes {
			r := share * s.Share
			target := r * el
			limit := r * (math.Max(math.Max(cfg.catchUp, minCatchUp), cfg.slice) + sinceGrid)
			if backlog := target - done[k]; backlog > limit {
				skip := backlog - limit
				atomic.AddInt64(&cGarbageSkipped, int64(skip))
				done[k] += skip
			}
			size := int(s.Size)
			var bytes, objs int64
			for done[k] < target {
				sink = alloc(size, cfg.ptrFrac)
				done[k] += float64(size)
				bytes += int64(size)
				objs++
				if bytes >= 1<<20 { // publish progress regularly
					atomic.AddInt64(&cGarbageBytes, bytes)
					atomic.AddInt64(&cGarbageObjs, objs)
					bytes, objs = 0, 0
				}
			}
			atomic.AddInt64(&cGarbageBytes, bytes)
			atomic.AddInt64(&cGarbageObjs, objs)
		}
		_ = sink
		sleepOnGrid(cfg.origin, cfg.slice)
	}
}
