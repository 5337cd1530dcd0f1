// loadgen: executes a heapcast.plan (kernel/plan.ts) as a real Go program, standard library only.
//
// Usage: loadgen -plan plan.json -samples samples.jsonl [-summary summary.json]
//
//	[-cgroup-version 1|2 -cgroup-mem DIR -cgroup-cpu DIR -cpu-period-us N] [-no-limits] [-workers N] [-check]
//
// The runner (lib/running/real/runner.ts) sets GOGC/GOMEMLIMIT/GOMAXPROCS/GODEBUG from the plan's scenario, makes
// the cgroups and starts this program inside them; the plan's later `go` events call debug.SetGCPercent,
// debug.SetMemoryLimit and runtime.GOMAXPROCS, its `container` events write the cgroup files. The gctrace goes to
// stderr (the runtime), a log to stdout (settings, each event as it is applied), samples to -samples, and at a
// normal exit the per-segment achieved rates to -summary. Exit code 2: a plan this program cannot execute (the
// message names the event); 0: the plan ran to its duration.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// goLine is the go.mod go line this binary was built with (set by the runner: -ldflags -X main.goLine=1.26).
var goLine = "unknown"

// segmentMark: the counters when a group of events applied (or at the end), for the per-segment summary.
type segmentMark struct {
	t          float64
	firstEvent int // index of the first event applied at this mark; -1 for the final mark
	counters   map[string]int64
}

func memTotal() int64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fs := strings.Fields(sc.Text())
		if len(fs) >= 2 && fs[0] == "MemTotal:" {
			kb, _ := strconv.ParseInt(fs[1], 10, 64)
			return kb * 1024
		}
	}
	return 0
}

func main() {
	planPath := flag.String("plan", "", "heapcast.plan JSON file")
	samplesPath := flag.String("samples", "samples.jsonl", "samples output (JSON lines)")
	summaryPath := flag.String("summary", "", "summary JSON output (written at a normal exit)")
	cgVersion := flag.Int("cgroup-version", 0, "1 or 2 when the runner made cgroups for this process")
	memCg := flag.String("cgroup-mem", "", "memory cgroup directory (sampled; written by container events)")
	cpuCg := flag.String("cgroup-cpu", "", "cpu cgroup directory (sampled; written by container events)")
	periodUs := flag.Int64("cpu-period-us", 100000, "CFS period of the cpu cgroup")
	noLimits := flag.Bool("no-limits", false, "log container events instead of enforcing them")
	workersFlag := flag.Int("workers", 0, "garbage workers (default max(2, GOMAXPROCS at start))")
	minCatchUpMs := flag.Float64("min-catch-up-ms", 0, "least backlog every garbage stream keeps, ms (the corpus harness: 200)")
	check := flag.Bool("check", false, "only check that the plan is executable, then exit")
	flag.Parse()
	if *planPath == "" {
		fatalf(2, "usage: loadgen -plan plan.json -samples samples.jsonl [-summary summary.json] ...")
	}
	plan, err := LoadPlan(*planPath, memTotal())
	if err != nil {
		fatalf(2, "%s: %v", *planPath, err)
	}
	if *check {
		fmt.Printf("plan %q: %d events, executable\n", plan.Scenario.Name, len(plan.Events))
		os.Exit(0)
	}
	minCatchUp = *minCatchUpMs / 1000
	cg := &cgroupFiles{version: *cgVersion, memDir: *memCg, cpuDir: *cpuCg, periodUs: *periodUs, ignore: *noLimits}
	workers := *workersFlag
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
		if workers < 2 {
			workers = 2
		}
	}
	durationS := float64(plan.Scenario.DurationNs) / 1e9

	t0 = time.Now()
	t0rt = monotonicOffset(t0)
	bi, _ := debug.ReadBuildInfo()
	start := map[string]any{
		"go_version": runtime.Version(), "go_line": goLine, "gomaxprocs": runtime.GOMAXPROCS(0), "num_cpu": runtime.NumCPU(),
		"GOGC": os.Getenv("GOGC"), "GOMEMLIMIT": os.Getenv("GOMEMLIMIT"), "GOMAXPROCS": os.Getenv("GOMAXPROCS"),
		"GODEBUG": os.Getenv("GODEBUG"), "workers": workers, "min_catch_up_ms": *minCatchUpMs, "t0_since_runtime_init_s": t0rt, "goarch": runtime.GOARCH,
	}
	if bi != nil {
		start["build_go_version"] = bi.GoVersion
	}
	sj, _ := json.Marshal(start)
	fmt.Printf("loadgen %q start %s\n", plan.Scenario.Name, sj)

	ctl := &controller{plan: plan, cg: cg, workers: workers}
	smp, err := newSampler(*samplesPath, cg, func() int { return int(atomic.LoadInt64(&cSegment)) })
	if err != nil {
		fatalf(1, "%v", err)
	}
	smp.sample()

	// The events at t = 0 take effect before any goroutine starts, as the harness's first phase did.
	var marks []segmentMark
	marks = append(marks, segmentMark{t: 0, firstEvent: 0, counters: snapshotCounters()})
	ctl.applyDue(0)
	for i := 0; i < workers; i++ {
		go garbageWorker(i, workers, durationS)
	}
	ctlDone := make(chan struct{})
	var ctlMarks []segmentMark
	go ctl.run(durationS, &ctlMarks, ctlDone)

	tk := time.NewTicker(time.Duration(plan.Scenario.SampleEveryNs))
	end := time.NewTimer(time.Duration(plan.Scenario.DurationNs))
loop:
	for {
		select {
		case <-tk.C:
			smp.sample()
		case <-end.C:
			break loop
		}
	}
	atomic.StoreInt32(&stopped, 1)
	<-ctlDone
	marks = append(marks, ctlMarks...)
	smp.sample()
	fmt.Printf("t=%.4f done, %d samples\n", now(), smp.n)
	if *summaryPath != "" {
		writeSummary(*summaryPath, plan, ctl, marks, start)
	}
	os.Exit(0)
}

type segmentSummary struct {
	FromS                    float64 `json:"from_s"`
	ToS                      float64 `json:"to_s"`
	FirstEvent               int     `json:"first_event"`
	TargetGarbageBytesPerS   float64 `json:"target_garbage_bytes_per_s"`
	AchievedGarbageBytesPerS float64 `json:"achieved_garbage_bytes_per_s"`
	GarbageSkippedBytes      int64   `json:"garbage_skipped_bytes"`
	AchievedLeakBytesPerS    float64 `json:"achieved_leak_bytes_per_s"`
	AchievedGLeakPerS        float64 `json:"achieved_goroutine_leak_per_s"`
	AchievedRequestsPerS     float64 `json:"achieved_requests_per_s"`
	AchievedLiveAllocPerS    float64 `json:"achieved_live_alloc_bytes_per_s"`
	LiveBytesAtEnd           int64   `json:"live_bytes_at_end"`
	SteadyGoroutinesAtEnd    int64   `json:"steady_goroutines_at_end"`
}

func writeSummary(path string, plan *Plan, ctl *controller, marks []segmentMark, start map[string]any) {
	var segs []segmentSummary
	garbageRate := 0.0
	ev := 0
	for i := 0; i+1 < len(marks); i++ {
		a, b := marks[i], marks[i+1]
		// the garbage target in force in this segment: the last garbage event applied by its start
		for ; ev < len(ctl.applied) && ctl.applied[ev].T <= a.t+1e-9; ev++ {
			if e := plan.Events[ctl.applied[ev].Index]; e.Kind == "garbage" {
				garbageRate = e.BytesPerSec
			}
		}
		dt := b.t - a.t
		if dt <= 0 {
			continue
		}
		d := func(k string) float64 { return float64(b.counters[k] - a.counters[k]) }
		segs = append(segs, segmentSummary{FromS: a.t, ToS: b.t, FirstEvent: a.firstEvent,
			TargetGarbageBytesPerS:   garbageRate,
			AchievedGarbageBytesPerS: d("garbage_bytes") / dt, GarbageSkippedBytes: int64(d("garbage_skipped_bytes")),
			AchievedLeakBytesPerS: d("leak_bytes") / dt, AchievedGLeakPerS: d("gleak_spawned") / dt,
			AchievedRequestsPerS: d("req_started") / dt, AchievedLiveAllocPerS: d("live_alloc_bytes") / dt,
			LiveBytesAtEnd: b.counters["live_bytes"], SteadyGoroutinesAtEnd: b.counters["steady_goroutines"]})
	}
	final := marks[len(marks)-1].counters
	out := map[string]any{"start": start, "segments": segs, "events": ctl.applied, "final_counters": final,
		"duration_s": float64(plan.Scenario.DurationNs) / 1e9, "ended_s": math.Round(marks[len(marks)-1].t*1e4) / 1e4}
	b, _ := json.MarshalIndent(out, "", "  ")
	os.WriteFile(path, append(b, '\n'), 0o644)
}
