// The heapcast.plan this program executes (kernel/plan.ts is the reference): decoding, defaults and the checks
// that make a plan executable. Every rejection names the event (its index and the scenario call that made it).
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"sort"
	"strings"
)

const (
	planFormat  = "heapcast.plan"
	planVersion = 2
)

// Plan is a decoded heapcast.plan: the scenario's settings and its events ordered by time.
type Plan struct {
	Scenario Scenario
	Events   []Event
}

// Scenario holds kernel/plan.ts NormalizedScenario's fields that a real run uses.
type Scenario struct {
	Name          string
	DurationNs    int64
	SampleEveryNs int64
	GOGC          int      // -1 = off
	GOMEMLIMIT    *int64   // nil = off
	GOMAXPROCS    int      // 0 = not set (the runtime picks it)
	MemoryBytes   *int64   // container memory limit, nil = none
	CPUs          *float64 // CFS quota in cores, nil = none
}

// SizeShare is one size of a garbage mix: Share is the fraction of the garbage bytes allocated at Size.
type SizeShare struct {
	Size  int64   `json:"size"`
	Share float64 `json:"share"`
}

// Event is one plan event. Kind selects which fields are meaningful (kernel/plan.ts PlanAction).
type Event struct {
	Index  int
	AtNs   int64
	Source string
	Kind   string

	Bytes            int64   // liveHeap: level (bytes)
	OverNs           int64   // liveHeap, goroutines: ramp time (ns); 0 = at once
	ChurnBytesPerSec float64 // liveHeap
	ObjectSize       int64   // liveHeap, leakHeap, requests
	PointerFraction  float64 // liveHeap, leakHeap, garbage, requests
	BytesPerSec      float64 // leakHeap, garbage
	Sizes            []SizeShare
	EveryNs          int64 // garbage: batch period (0 = continuous)
	CatchUpNs        int64 // garbage: longest backlog kept
	PerSec           float64
	AllocBytes       int64 // requests
	LastsNs          int64 // requests
	StackBytes       int64 // requests, goroutines, leakGoroutines
	Count            int64 // goroutines
	RetainsBytes     int64 // leakGoroutines

	// go
	SetGOGC       bool
	GOGC          int
	SetGOMEMLIMIT bool
	GOMEMLIMIT    *int64
	SetGOMAXPROCS bool
	GOMAXPROCS    int // 0 = not set (the runtime picks it)
	// container
	SetMemory bool
	Memory    *int64
	SetCPUs   bool
	CPUs      *float64
}

func (e *Event) name() string {
	return fmt.Sprintf("event %d (%s at %.3fs)", e.Index, e.Source, float64(e.AtNs)/1e9)
}

// planError is a plan this program cannot execute.
type planError struct{ msg string }

func (e *planError) Error() string { return e.msg }

func eventErr(e *Event, format string, a ...any) error {
	return &planError{e.name() + ": " + fmt.Sprintf(format, a...)}
}

// fields decodes a JSON object into raw fields, rejecting duplicates and keeping the keys for unknown-field checks.
type fields map[string]json.RawMessage

func (f fields) has(k string) bool { _, ok := f[k]; return ok }

func (f fields) isNull(k string) bool { return bytes.Equal(bytes.TrimSpace(f[k]), []byte("null")) }

func (f fields) num(k string, where string) (float64, error) {
	raw, ok := f[k]
	if !ok {
		return 0, fmt.Errorf("%s: missing field %q", where, k)
	}
	var v float64
	if err := json.Unmarshal(raw, &v); err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%s: field %q must be a number, got %s", where, k, string(raw))
	}
	return v, nil
}

func (f fields) intField(k string, where string) (int64, error) {
	v, err := f.num(k, where)
	if err != nil {
		return 0, err
	}
	if v != math.Trunc(v) || math.Abs(v) > 1<<53 {
		return 0, fmt.Errorf("%s: field %q must be a whole number, got %v", where, k, v)
	}
	return int64(v), nil
}

func (f fields) str(k string, where string) (string, error) {
	var s string
	if err := json.Unmarshal(f[k], &s); err != nil {
		return "", fmt.Errorf("%s: field %q must be a string, got %s", where, k, string(f[k]))
	}
	return s, nil
}

func (f fields) only(where string, allowed ...string) error {
	var unknown []string
	for k := range f {
		ok := false
		for _, a := range allowed {
			if a == k {
				ok = true
			}
		}
		if !ok {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return fmt.Errorf("%s: unknown field %q (expected %s)", where, unknown[0], strings.Join(allowed, ", "))
	}
	return nil
}

// Limits of what this program executes, beyond the plan schema's own (lib/authoring/dsl.ts).
const (
	maxObjectSize = 1 << 30 // one object of at most 1 GiB
	maxStackBytes = 1 << 30 // runtime/stack.go maxstacksize on 64-bit
)

// LoadPlan reads and checks a heapcast.plan file. memTotal (bytes, 0 = unknown) bounds what one event may ask to hold.
func LoadPlan(path string, memTotal int64) (*Plan, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParsePlan(b, memTotal)
}

// ParsePlan decodes and checks a plan.
func ParsePlan(b []byte, memTotal int64) (*Plan, error) {
	var top fields
	if err := json.Unmarshal(b, &top); err != nil {
		return nil, &planError{"plan: not a JSON object: " + err.Error()}
	}
	if err := top.only("plan", "format", "version", "scenario", "events"); err != nil {
		return nil, &planError{err.Error()}
	}
	if f, _ := top.str("format", "plan"); f != planFormat {
		return nil, &planError{fmt.Sprintf("plan: format must be %q, got %s", planFormat, string(top["format"]))}
	}
	// version 1: before Go versions; 2 adds go.version, go.goMod, container.nodeCpus (what the runner and the
	// toolchain decide here, read only to be checked) and a GOMAXPROCS that may be null (left to the runtime).
	if v, err := top.num("version", "plan"); err != nil || (v != 1 && v != planVersion) {
		return nil, &planError{fmt.Sprintf("plan: version must be 1 or %d, got %s", planVersion, string(top["version"]))}
	}
	p := &Plan{}
	var sc fields
	if err := json.Unmarshal(top["scenario"], &sc); err != nil || sc == nil {
		return nil, &planError{"plan: scenario must be an object"}
	}
	if err := p.parseScenario(sc); err != nil {
		return nil, &planError{err.Error()}
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(top["events"], &raws); err != nil {
		return nil, &planError{"plan: events must be a list"}
	}
	for i, raw := range raws {
		var f fields
		if err := json.Unmarshal(raw, &f); err != nil || f == nil {
			return nil, &planError{fmt.Sprintf("event %d: not an object", i)}
		}
		e := Event{Index: i}
		if err := e.parse(f, p, memTotal); err != nil {
			var pe *planError
			if asPlanError(err, &pe) {
				return nil, err
			}
			return nil, &planError{err.Error()}
		}
		p.Events = append(p.Events, e)
	}
	for i := 1; i < len(p.Events); i++ {
		if p.Events[i].AtNs < p.Events[i-1].AtNs {
			return nil, eventErr(&p.Events[i], "events must be ordered by atNs (the previous one is at %.3fs)", float64(p.Events[i-1].AtNs)/1e9)
		}
	}
	return p, nil
}

func asPlanError(err error, target **planError) bool {
	pe, ok := err.(*planError)
	if ok {
		*target = pe
	}
	return ok
}

func (p *Plan) parseScenario(f fields) error {
	const w = "plan.scenario"
	if err := f.only(w, "name", "go", "container", "durationNs", "seed", "sampleEveryNs", "globalsBytes", "markJitter"); err != nil {
		return err
	}
	s := &p.Scenario
	var err error
	if s.Name, err = f.str("name", w); err != nil {
		return err
	}
	if s.DurationNs, err = f.intField("durationNs", w); err != nil {
		return err
	}
	if s.DurationNs <= 0 {
		return fmt.Errorf("%s.durationNs must be > 0, got %d", w, s.DurationNs)
	}
	if s.SampleEveryNs, err = f.intField("sampleEveryNs", w); err != nil {
		return err
	}
	if s.SampleEveryNs < 1e6 {
		return fmt.Errorf("%s.sampleEveryNs must be at least 1ms (1000000), got %d", w, s.SampleEveryNs)
	}
	var g fields
	if err := json.Unmarshal(f["go"], &g); err != nil || g == nil {
		return fmt.Errorf("%s.go must be an object", w)
	}
	if err := g.only(w+".go", "version", "goMod", "GOGC", "GOMEMLIMIT", "GOMAXPROCS"); err != nil {
		return err
	}
	for _, k := range []string{"version", "goMod"} {
		if g.has(k) {
			if _, err := g.str(k, w+".go"); err != nil {
				return err
			}
		}
	}
	gogc, err := g.intField("GOGC", w+".go")
	if err != nil {
		return err
	}
	if gogc < -1 {
		return fmt.Errorf("%s.go.GOGC must be -1 (off) or a percentage, got %d", w, gogc)
	}
	s.GOGC = int(gogc)
	if !g.isNull("GOMEMLIMIT") {
		v, err := g.intField("GOMEMLIMIT", w+".go")
		if err != nil {
			return err
		}
		if v <= 0 {
			return fmt.Errorf("%s.go.GOMEMLIMIT must be a positive size in bytes or null, got %d", w, v)
		}
		s.GOMEMLIMIT = &v
	}
	if !g.isNull("GOMAXPROCS") { // null: not set, the runtime's default (the runner leaves the variable unset)
		procs, err := g.intField("GOMAXPROCS", w+".go")
		if err != nil {
			return err
		}
		if procs < 1 || procs > 1024 {
			return fmt.Errorf("%s.go.GOMAXPROCS must be 1 to 1024, got %d", w, procs)
		}
		s.GOMAXPROCS = int(procs)
	}
	var c fields
	if err := json.Unmarshal(f["container"], &c); err != nil || c == nil {
		return fmt.Errorf("%s.container must be an object", w)
	}
	if err := c.only(w+".container", "memoryBytes", "cpus", "nodeCpus"); err != nil {
		return err
	}
	if c.has("memoryBytes") && !c.isNull("memoryBytes") {
		v, err := c.intField("memoryBytes", w+".container")
		if err != nil {
			return err
		}
		if v < 1<<20 {
			return fmt.Errorf("%s.container.memoryBytes must be at least 1MiB, got %d", w, v)
		}
		s.MemoryBytes = &v
	}
	if c.has("cpus") && !c.isNull("cpus") {
		v, err := c.num("cpus", w+".container")
		if err != nil {
			return err
		}
		if v < 0.01 {
			return fmt.Errorf("%s.container.cpus must be at least 0.01, got %v", w, v)
		}
		s.CPUs = &v
	}
	return nil
}

func (e *Event) parse(f fields, p *Plan, memTotal int64) error {
	w := fmt.Sprintf("event %d", e.Index)
	var err error
	if e.Kind, err = f.str("kind", w); err != nil {
		return err
	}
	if e.Source, err = f.str("source", w); err != nil {
		return err
	}
	if e.AtNs, err = f.intField("atNs", w); err != nil {
		return err
	}
	w = e.name()
	if e.AtNs < 0 || e.AtNs > p.Scenario.DurationNs {
		return eventErr(e, "atNs %d is outside the scenario (0 to durationNs %d)", e.AtNs, p.Scenario.DurationNs)
	}
	common := []string{"kind", "source", "atNs"}
	nonneg := func(k string) (float64, error) {
		v, err := f.num(k, w)
		if err != nil {
			return 0, err
		}
		if v < 0 {
			return 0, eventErr(e, "%s must be >= 0, got %v", k, v)
		}
		return v, nil
	}
	nonnegInt := func(k string) (int64, error) {
		v, err := f.intField(k, w)
		if err != nil {
			return 0, err
		}
		if v < 0 {
			return 0, eventErr(e, "%s must be >= 0, got %d", k, v)
		}
		return v, nil
	}
	objectSize := func(k string) (int64, error) {
		v, err := nonnegInt(k)
		if err != nil {
			return 0, err
		}
		if v < 1 || v > maxObjectSize {
			return 0, eventErr(e, "%s must be 1 B to 1 GiB for this load generator, got %d", k, v)
		}
		return v, nil
	}
	fraction := func(k string) (float64, error) {
		v, err := nonneg(k)
		if err == nil && v > 1 {
			err = eventErr(e, "%s must be 0 to 1, got %v", k, v)
		}
		return v, err
	}
	stack := func(k string) (int64, error) {
		v, err := nonnegInt(k)
		if err == nil && v > maxStackBytes {
			err = eventErr(e, "%s %d is above Go's 1 GiB maximum stack", k, v)
		}
		return v, err
	}
	fits := func(what string, bytes float64) error {
		if memTotal > 0 && bytes > float64(memTotal) {
			return eventErr(e, "%s needs %.0f MiB, more than this machine's %d MiB of memory", what, bytes/(1<<20), memTotal>>20)
		}
		return nil
	}
	switch e.Kind {
	case "liveHeap":
		if err = f.only(w, append(common, "bytes", "overNs", "churnBytesPerSec", "objectSize", "pointerFraction")...); err != nil {
			return err
		}
		if e.Bytes, err = nonnegInt("bytes"); err != nil {
			return err
		}
		if e.OverNs, err = nonnegInt("overNs"); err != nil {
			return err
		}
		if e.ChurnBytesPerSec, err = nonneg("churnBytesPerSec"); err != nil {
			return err
		}
		if e.ObjectSize, err = objectSize("objectSize"); err != nil {
			return err
		}
		if e.PointerFraction, err = fraction("pointerFraction"); err != nil {
			return err
		}
		return fits("the live heap", float64(e.Bytes))
	case "leakHeap":
		if err = f.only(w, append(common, "bytesPerSec", "objectSize", "pointerFraction")...); err != nil {
			return err
		}
		if e.BytesPerSec, err = nonneg("bytesPerSec"); err != nil {
			return err
		}
		if e.ObjectSize, err = objectSize("objectSize"); err != nil {
			return err
		}
		if e.PointerFraction, err = fraction("pointerFraction"); err != nil {
			return err
		}
		return fits("the leak until the end", e.BytesPerSec*float64(p.Scenario.DurationNs-e.AtNs)/1e9)
	case "garbage":
		if err = f.only(w, append(common, "bytesPerSec", "sizes", "pointerFraction", "everyNs", "catchUpNs")...); err != nil {
			return err
		}
		if e.BytesPerSec, err = nonneg("bytesPerSec"); err != nil {
			return err
		}
		if e.PointerFraction, err = fraction("pointerFraction"); err != nil {
			return err
		}
		if err := json.Unmarshal(f["sizes"], &e.Sizes); err != nil || len(e.Sizes) == 0 {
			return eventErr(e, "sizes must be a non-empty list of {size, share}, got %s", string(f["sizes"]))
		}
		total := 0.0
		for i, s := range e.Sizes {
			if s.Size < 1 || s.Size > maxObjectSize {
				return eventErr(e, "sizes[%d].size must be 1 B to 1 GiB, got %d", i, s.Size)
			}
			if !(s.Share > 0 && s.Share <= 1) {
				return eventErr(e, "sizes[%d].share must be in (0, 1], got %v", i, s.Share)
			}
			total += s.Share
		}
		if math.Abs(total-1) > 1e-6 {
			return eventErr(e, "sizes' shares must add up to 1, they add up to %v", total)
		}
		if f.has("everyNs") {
			if e.EveryNs, err = nonnegInt("everyNs"); err != nil {
				return err
			}
			if e.EveryNs < 1000 {
				return eventErr(e, "everyNs must be at least 1000 (1us), got %d", e.EveryNs)
			}
		}
		if f.has("catchUpNs") {
			if e.CatchUpNs, err = nonnegInt("catchUpNs"); err != nil {
				return err
			}
		}
	case "requests":
		if err = f.only(w, append(common, "perSec", "allocBytes", "lastsNs", "stackBytes", "objectSize", "pointerFraction")...); err != nil {
			return err
		}
		if e.PerSec, err = nonneg("perSec"); err != nil {
			return err
		}
		if e.AllocBytes, err = nonnegInt("allocBytes"); err != nil {
			return err
		}
		if e.LastsNs, err = nonnegInt("lastsNs"); err != nil {
			return err
		}
		if e.StackBytes, err = stack("stackBytes"); err != nil {
			return err
		}
		if e.ObjectSize, err = objectSize("objectSize"); err != nil {
			return err
		}
		if e.PointerFraction, err = fraction("pointerFraction"); err != nil {
			return err
		}
		inflight := e.PerSec * float64(e.LastsNs) / 1e9
		return fits("the requests in flight", inflight*float64(e.AllocBytes+allocatedStack(e.StackBytes)))
	case "goroutines":
		if err = f.only(w, append(common, "count", "stackBytes", "overNs")...); err != nil {
			return err
		}
		if e.Count, err = nonnegInt("count"); err != nil {
			return err
		}
		if e.StackBytes, err = stack("stackBytes"); err != nil {
			return err
		}
		if e.OverNs, err = nonnegInt("overNs"); err != nil {
			return err
		}
		return fits("the goroutines' stacks", float64(e.Count)*float64(allocatedStack(e.StackBytes)))
	case "leakGoroutines":
		if err = f.only(w, append(common, "perSec", "stackBytes", "retainsBytes")...); err != nil {
			return err
		}
		if e.PerSec, err = nonneg("perSec"); err != nil {
			return err
		}
		if e.StackBytes, err = stack("stackBytes"); err != nil {
			return err
		}
		if e.RetainsBytes, err = nonnegInt("retainsBytes"); err != nil {
			return err
		}
		n := e.PerSec * float64(p.Scenario.DurationNs-e.AtNs) / 1e9
		return fits("the leaked goroutines until the end", n*float64(e.RetainsBytes+allocatedStack(e.StackBytes)))
	case "go":
		if err = f.only(w, append(common, "GOGC", "GOMEMLIMIT", "GOMAXPROCS")...); err != nil {
			return err
		}
		if f.has("GOGC") {
			v, err := f.intField("GOGC", w)
			if err != nil {
				return err
			}
			if v < -1 {
				return eventErr(e, "GOGC must be -1 (off) or a percentage, got %d", v)
			}
			e.SetGOGC, e.GOGC = true, int(v)
		}
		if f.has("GOMEMLIMIT") {
			e.SetGOMEMLIMIT = true
			if !f.isNull("GOMEMLIMIT") {
				v, err := f.intField("GOMEMLIMIT", w)
				if err != nil {
					return err
				}
				if v <= 0 {
					return eventErr(e, "GOMEMLIMIT must be a positive size in bytes or null, got %d", v)
				}
				e.GOMEMLIMIT = &v
			}
		}
		if f.has("GOMAXPROCS") {
			v, err := f.intField("GOMAXPROCS", w)
			if err != nil {
				return err
			}
			if v < 1 || v > 1024 {
				return eventErr(e, "GOMAXPROCS must be 1 to 1024, got %d", v)
			}
			e.SetGOMAXPROCS, e.GOMAXPROCS = true, int(v)
		}
	case "container":
		if err = f.only(w, append(common, "memoryBytes", "cpus")...); err != nil {
			return err
		}
		if f.has("memoryBytes") {
			e.SetMemory = true
			if !f.isNull("memoryBytes") {
				v, err := f.intField("memoryBytes", w)
				if err != nil {
					return err
				}
				if v < 1<<20 {
					return eventErr(e, "memoryBytes must be at least 1MiB, got %d", v)
				}
				e.Memory = &v
			}
		}
		if f.has("cpus") {
			e.SetCPUs = true
			if !f.isNull("cpus") {
				v, err := f.num("cpus", w)
				if err != nil {
					return err
				}
				if v < 0.01 {
					return eventErr(e, "cpus must be at least 0.01, got %v", v)
				}
				e.CPUs = &v
			}
		}
	case "gc":
		return f.only(w, common...)
	default:
		return eventErr(e, "unknown kind %q (this load generator executes liveHeap, leakHeap, garbage, requests, goroutines, leakGoroutines, go, container, gc)", e.Kind)
	}
	return nil
}

// allocatedStack is the stack a goroutine that asked for `bytes` ends up with: doubled from 2 KiB until it fits.
func allocatedStack(bytes int64) int64 {
	s := int64(2048)
	for s < bytes {
		s *= 2
	}
	return s
}
