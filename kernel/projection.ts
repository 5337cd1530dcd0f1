// The runaway projection: how many GC cycles (and so kernel events) a plan will take at the least, computed from the
// plan alone before any simulation, in time proportional to its number of events — a 2,400 h scenario is answered as
// fast as a 10 s one. The kernel fails at once (RunawayScenarioError) when even this lower bound is over its budget,
// instead of simulating for minutes and filling memory first.
//
// A lower bound, not an estimate: every approximation errs towards fewer cycles. Between plan events (and ramp ends)
// the workload's rates are constant (workload.ts); over such a span of dt seconds the program allocates A·dt bytes at
// most at full speed (less when CPU-starved: the mutator's demand beyond GOMAXPROCS is not met), and a cycle lets the
// heap grow by at most the pacer's distance D plus what is allocated during its mark. So
//   cycles ≥ A·dt / (D + A·T)
// with D the largest distance the pacer can give (GOGC's goal over the largest reachable heap, stacks and globals, at
// least the heap minimum and the sweeper's 1 MiB, plus the goal's minimum runway; GOMEMLIMIT's, if smaller), and T the
// longest a mark can take (its scan work at the speed of the background workers alone, at most a quarter of the CPUs,
// the quota's if smaller, at the slowest mark-speed draw the scenario's markJitter gives once in 10^6 cycles). Under a
// container limit, cycles are counted only until RSS could first reach it. Each cycle is at least three
// events (its start, the end of its first pause, its mark's end and its second pause's end count four; three allows a
// cycle started by an event that is counted elsewhere).

import { goVersion, initialGomaxprocs } from "./versions";
import type { EventPlan } from "./plan";
import { Workload } from "./workload";
import { GC_BACKGROUND_UTILIZATION, MIN_RUNWAY, SWEEP_MIN_HEAP_DISTANCE } from "./pacer";
import { DEFAULT_HEAP_MINIMUM } from "./trigger";
import {
  ARENA_METADATA_RATIO,
  MARK_MIN_NS,
  MSPAN_RATIO,
  MUTATOR_SCALING_EXPONENT,
  SCAN_BYTES_PER_CPU_SECOND,
  STW_BASE_NS,
  STW_PER_P_NS,
} from "./constants";

/** Fewest kernel events one GC cycle takes (see the header). */
export const MIN_EVENTS_PER_CYCLE = 3;

export interface Projection {
  /** Fewest GC cycles the plan can run. */
  cycles: number;
  /** Fewest events the kernel will process: the cycles', the timeline samples, the plan events. */
  events: number;
  /** Counted up to here, ns: the duration, or the earliest instant an OOM kill could end the run. */
  horizonNs: number;
}

/** The lower bound of GC cycles and kernel events for `plan` (see the header). */
export function projectEvents(plan: EventPlan): Projection {
  const s = plan.scenario;
  const w = new Workload();
  let gogc = s.go.GOGC;
  let limit = s.go.GOMEMLIMIT;
  let procs = initialGomaxprocs(s); // (later defaults for a new CPU limit left out: a bound needs none)
  let cpus = s.container.cpus;
  let memory = s.container.memoryBytes;
  let cycles = 0;
  /** Bytes allocated so far at most. */
  let allocated = 0;
  let t = 0;
  /** Counted up to here: the end, or the earliest instant an OOM kill could end the run. */
  let horizonNs = s.durationNs;
  /** Resident memory besides the heap and stacks at the start: the version's (GoVersion.baseline), bytes. */
  const baselineRss = goVersion(s.go.version).baseline.rssBytes;
  const slowest = Math.exp(-4.75 * s.markJitter); // a slower mark-speed draw comes once in 10^6 cycles
  const end = s.durationNs;
  let next = 0; // next plan event
  const events = plan.events;
  while (t < end) {
    while (next < events.length && events[next].atNs <= t) {
      const e = events[next++];
      if (e.kind === "go") {
        if (e.GOGC !== undefined) gogc = e.GOGC;
        if (e.GOMEMLIMIT !== undefined) limit = e.GOMEMLIMIT;
        if (e.GOMAXPROCS !== undefined) procs = e.GOMAXPROCS;
      } else if (e.kind === "container") {
        if (e.cpus !== undefined) cpus = e.cpus;
        if (e.memoryBytes !== undefined) memory = e.memoryBytes;
      } else if (e.kind === "gc") {
        cycles++;
      } else {
        w.apply(e, t);
      }
    }
    let until = next < events.length ? events[next].atNs : end;
    for (const r of w.rampEnds()) if (r > t && r < until) until = r;
    const dtNs = until - t;
    // The span's largest reachable heap and stacks (ramps are linear: at one of its ends), before and after advancing.
    const reachable0 = w.reachable();
    const stacks0 = w.stackAllocated();
    const demand = w.mutatorDemandCores();
    const capacity = Math.min(procs, cpus ?? procs);
    let speed =
      demand <= 0 ? 1 : Math.min(1, (capacity <= 1 ? capacity : Math.pow(capacity, MUTATOR_SCALING_EXPONENT)) / demand);
    // A mutator that falls behind runs on every P (workload/garbage.ts: catchUp); under a quota it burns the quota on
    // all of them for procs^0.4 CPUs' worth of work (mark.ts: mutatorCpuEquivalent).
    if (w.garbage.catchUpNs > 0 && cpus !== null && cpus < procs && demand > 0) {
      speed = Math.min(speed, (cpus * Math.pow(procs, MUTATOR_SCALING_EXPONENT)) / procs / demand);
    }
    // bytes/s: the program's own work (garbage, churn) slows with the mutator; arrivals, leaks and ramps do not
    // (advance)
    const allocRate = w.allocRate() - (w.garbage.perSec + w.liveHeap.churnPerSec) * (1 - speed);
    w.advance(t, until, speed);
    w.endRamps(until);
    const reachable = Math.max(reachable0, w.reachable());
    const stacks = Math.max(stacks0, w.stackAllocated());
    if (gogc >= 0 || limit !== null) {
      const distance = Math.min(
        gogcDistance(gogc, reachable, stacks, s.globalsBytes),
        limitDistance(limit, reachable, stacks),
      );
      const scan = reachable + stacks + s.globalsBytes;
      const markCpus = GC_BACKGROUND_UTILIZATION * capacity;
      // (the fixed part and the pauses stretch under a quota below one core: the process runs that share of the time)
      const markSeconds =
        scan / (SCAN_BYTES_PER_CPU_SECOND * slowest * markCpus) +
        (MARK_MIN_NS + 2 * STW_MAX_NS) / 1e9 / Math.min(1, capacity);
      let dt = dtNs / 1e9;
      // Under a container limit the run may end at an OOM kill: count only up to the earliest instant RSS could reach
      // it, with the heap at most the goal plus a mark's allocation (and everything allocated, without a goal).
      if (memory !== null && allocRate > 0) {
        const heapBound = Number.isFinite(distance)
          ? reachable + distance + allocRate * markSeconds
          : reachable + allocated + allocRate * dt;
        const rssBound = baselineRss + RSS_PER_SPAN_BYTE * (heapBound + stacks);
        if (rssBound >= memory) {
          // Past this span's start the bound may be reached: stop counting here (a lower bound stays one).
          dt = Number.isFinite(distance)
            ? 0
            : secondsToFill(memory - baselineRss, reachable + allocated + stacks, allocRate);
          if (allocRate > 0 && dt > 0) cycles += (allocRate * dt) / (distance + allocRate * markSeconds);
          horizonNs = t + Math.floor(dt * 1e9);
          break;
        }
      }
      if (allocRate > 0) cycles += (allocRate * dt) / (distance + allocRate * markSeconds);
    } else if (memory !== null && allocRate > 0) {
      // No goal: only forced cycles, until the heap (everything allocated stays) could fill the container.
      if (secondsToFill(memory - baselineRss, reachable + allocated + stacks, allocRate) <= dtNs / 1e9) {
        horizonNs = t; // (the span's start: the bound leaves out the spans' size-class waste, so no later instant)
        break;
      }
    }
    allocated += (allocRate * dtNs) / 1e9;
    t = until;
  }
  // The samples and plan events before the horizon (the end, or the earliest instant an OOM kill could end the run).
  const samples = Math.floor(horizonNs / s.sampleEveryNs) + 1;
  const planEvents = events.filter((e) => e.atNs < horizonNs).length;
  // The last cycle may still be running at the end: only the whole cycles before it count. And a quarter of them: the
  // bound leaves out what can stretch a cycle beyond its mark — a CFS quota stretching pauses (1,024 Ps on a fraction
  // of a core), gcStart's sweep while request arrivals keep allocating (the heap then outgrows its goal cycle after
  // cycle, and no factor bounds that) — so it is not a bound in every corner. The fuzz suite checks what matters: a
  // plan it rejects would have spent the budget anyway (test/support/fuzz.ts); the kernel's hard bound on its
  // events catches the rest.
  return {
    horizonNs,
    cycles,
    events: MIN_EVENTS_PER_CYCLE * Math.max(0, Math.floor(cycles / 4) - 1) + samples + planEvents,
  };
}

/** The longest stop-the-world pause (GOMAXPROCS at most 1024), ns. */
const STW_MAX_NS = STW_BASE_NS + 1024 * STW_PER_P_NS;

/** RSS per span byte taken from released or new pages (heap.ts: rss). */
const RSS_PER_SPAN_BYTE = 1 + ARENA_METADATA_RATIO + MSPAN_RATIO;

/**
 * Seconds until `used` bytes of spans growing at `allocRate` bytes/s fill `room` bytes of RSS (each span byte costs
 * RSS_PER_SPAN_BYTE of RSS); 0 when they already do.
 */
function secondsToFill(room: number, used: number, allocRate: number): number {
  return Math.max(0, room / RSS_PER_SPAN_BYTE - used) / allocRate;
}

/** The largest heap distance GOGC allows over `reachable` (mgcpacer.go: commit, heapGoalInternal), bytes. */
function gogcDistance(gogc: number, reachable: number, stacks: number, globals: number): number {
  if (gogc < 0) return Infinity;
  const goal = Math.max((gogc / 100) * (reachable + stacks + globals), (DEFAULT_HEAP_MINIMUM * gogc) / 100 - reachable);
  return Math.max(goal, SWEEP_MIN_HEAP_DISTANCE) + MIN_RUNWAY;
}

/**
 * The largest heap distance GOMEMLIMIT allows (mgcpacer.go: memoryLimitHeapGoal): the limit less the runtime's other
 * memory (stacks at least) and the 1 MiB headroom, less the reachable heap; the goal never drops below the marked
 * heap, so the distance is then the minimum runway alone.
 */
function limitDistance(limit: number | null, reachable: number, stacks: number): number {
  if (limit === null) return Infinity;
  return Math.max(0, limit - stacks - reachable) + MIN_RUNWAY;
}
