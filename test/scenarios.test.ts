// The example scenarios in scenarios/ (not scenarios/calibration/, the fidelity corpus): each one runs and shows what
// its header comment promises. CHECKS holds one explicit set of assertions per file; a scenario file without an entry
// fails, so that no example is added unchecked. The assertions are relations (the limiter switches on, the OOM kill
// comes after the resize, RSS stays above the heap until the scavenger works, a variant of the same plan does
// better or worse), with thresholds read from the scenario's own settings, never figures copied from a run.
import * as fs from "fs";
import * as path from "path";
import { loadPlan } from "../lib/cli/heapcast";
import { run } from "../lib/running/run";
import { gridPlan, validatePlan, RunResult } from "heapcast";
import type { EventPlan, PlanEvent, TimelineSample, GcCycleRecord } from "heapcast";

const DIR = path.resolve(__dirname, "../scenarios");
const files = fs
  .readdirSync(DIR)
  .filter((f) => f.endsWith(".ts"))
  .sort();

const NS = 1e9;

// ---- helpers over a plan and a run ----

/** The plan's events of one kind, in time order. */
function eventsOf<K extends PlanEvent["kind"]>(plan: EventPlan, kind: K): Extract<PlanEvent, { kind: K }>[] {
  return plan.events.filter((e): e is Extract<PlanEvent, { kind: K }> => e.kind === kind);
}

/** The one event of this kind after t = 0 (an `.at(...)` call of the scenario). */
function laterEvent<K extends PlanEvent["kind"]>(plan: EventPlan, kind: K): Extract<PlanEvent, { kind: K }> {
  const later = eventsOf(plan, kind).filter((e) => e.atNs > 0);
  expect(later).toHaveLength(1);
  return later[0];
}

/** Cycles that started in [fromS, toS). */
function cyclesIn(r: RunResult, fromS: number, toS: number): GcCycleRecord[] {
  return r.raw.cycles.filter((c) => c.startNs >= fromS * NS && c.startNs < toS * NS);
}

function cyclesPerSecond(r: RunResult, fromS: number, toS: number): number {
  return cyclesIn(r, fromS, toS).length / (toS - fromS);
}

/** GC CPU (STW, assists, background workers; not idle-priority marking) over [fromS, toS), as a share of GOMAXPROCS. */
function gcCpuShare(r: RunResult, fromS: number, toS: number): number {
  const cs = cyclesIn(r, fromS, toS);
  const cpuNs = cs.reduce((s, c) => s + c.stw1CpuNs + c.assistCpuNs + c.backgroundCpuNs + c.stw2CpuNs, 0);
  return cs.length === 0 ? 0 : cpuNs / ((toS - fromS) * NS * cs[0].procs);
}

function samplesIn(r: RunResult, fromS: number, toS: number): TimelineSample[] {
  return r.raw.samples.filter((s) => s.tNs >= fromS * NS && s.tNs < toS * NS);
}

/** The last sample at or before t. */
function sampleAt(r: RunResult, tS: number): TimelineSample {
  const before = r.raw.samples.filter((s) => s.tNs <= tS * NS);
  expect(before.length).toBeGreaterThan(0);
  return before[before.length - 1];
}

function maxOf<T>(xs: T[], f: (x: T) => number): number {
  return Math.max(...xs.map(f));
}

function mean<T>(xs: T[], f: (x: T) => number): number {
  expect(xs.length).toBeGreaterThan(0);
  return xs.reduce((s, x) => s + f(x), 0) / xs.length;
}

function maxPauseNs(c: GcCycleRecord): number {
  return Math.max(c.stw1Ns, c.stw2Ns);
}

function limiterCycles(r: RunResult): GcCycleRecord[] {
  return r.raw.cycles.filter((c) => c.limiterOn);
}

/** The plan with an extra event (kept in time order, after the events at the same instant). */
function withEvent(plan: EventPlan, e: PlanEvent): EventPlan {
  const events = [...plan.events];
  const i = events.findIndex((x) => x.atNs > e.atNs);
  events.splice(i < 0 ? events.length : i, 0, e);
  return validatePlan({ ...plan, events });
}

function without(plan: EventPlan, drop: (e: PlanEvent) => boolean): EventPlan {
  return validatePlan({ ...plan, events: plan.events.filter((e) => !drop(e)) });
}

const durationS = (plan: EventPlan) => plan.scenario.durationNs / NS;
const containerBytes = (plan: EventPlan) => plan.scenario.container.memoryBytes as number;
const memLimit = (plan: EventPlan) => plan.scenario.go.GOMEMLIMIT as number;

// ---- one check per example scenario ----

type Check = (r: RunResult, plan: EventPlan) => void;

const CHECKS: Record<string, Check> = {
  // Leaked goroutines (stack + retained heap) OOM-kill the 256 MiB pod; the spike at 20 s brings the kill forward.
  "checkout-api-goroutine-leak.ts": (r, plan) => {
    const killedAt = r.summary.oomKilledAtSeconds;
    expect(killedAt).not.toBeNull();
    expect(killedAt!).toBeLessThan(durationS(plan));
    expect(r.summary.peakRssBytes).toBeGreaterThanOrEqual(containerBytes(plan));
    const leak = eventsOf(plan, "leakGoroutines")[0];
    const last = r.raw.samples[r.raw.samples.length - 1];
    // the goroutine count grows at the leak rate, and each keeps its stack
    expect(last.goroutines).toBeGreaterThan(0.9 * leak.perSec * (last.tNs / NS));
    expect(last.heapStacksBytes).toBeGreaterThanOrEqual(0.95 * last.goroutines * leak.stackBytes);
    const spike = laterEvent(plan, "garbage");
    expect(killedAt! * NS).toBeGreaterThan(spike.atNs);
    const noSpike = run(without(plan, (e) => e === spike)).summary.oomKilledAtSeconds;
    expect(noSpike).not.toBeNull();
    expect(killedAt!).toBeLessThan(noSpike!);
  },

  // A heap leak into GOMEMLIMIT: flat GC CPU at first, then back-to-back GCs with the limiter on, then the OOM kill;
  // without the limit the GC stays flat and the pod dies sooner.
  "gomemlimit-death-spiral.ts": (r, plan) => {
    const killedAt = r.summary.oomKilledAtSeconds;
    expect(killedAt).not.toBeNull();
    const limited = limiterCycles(r);
    expect(limited.length).toBeGreaterThan(0);
    const firstOn = limited[0].startNs / NS;
    expect(firstOn).toBeGreaterThan(killedAt! / 4); // a long stretch of normal operation first
    expect(firstOn).toBeLessThan(killedAt!);
    // the heap goal sat at the limit before the limiter let the heap overshoot it
    const before = r.raw.cycles.filter((c) => c.startNs < limited[0].startNs);
    expect(before[before.length - 1].heapGoalBytes).toBeLessThanOrEqual(memLimit(plan));
    expect(r.summary.peakHeapBytes).toBeGreaterThan(memLimit(plan));
    // "it just gets slower before it dies": GC frequency and CPU far above the early, GOGC-paced level
    const early = [0, 10] as const;
    const late = [killedAt! - 5, killedAt!] as const;
    expect(cyclesPerSecond(r, ...late)).toBeGreaterThan(3 * cyclesPerSecond(r, ...early));
    expect(gcCpuShare(r, ...late)).toBeGreaterThan(5 * gcCpuShare(r, ...early));

    const off = run(gridPlan(plan, { "go.GOMEMLIMIT": "off" }));
    const offKilledAt = off.summary.oomKilledAtSeconds;
    expect(offKilledAt).not.toBeNull();
    expect(offKilledAt!).toBeLessThan(killedAt!);
    expect(limiterCycles(off)).toHaveLength(0);
    expect(cyclesPerSecond(off, offKilledAt! - 5, offKilledAt!)).toBeLessThanOrEqual(cyclesPerSecond(off, ...early));
    expect(off.summary.gcCpuFraction).toBeLessThan(r.summary.gcCpuFraction / 3);
  },

  // GOMEMLIMIT at 90 % of the container: the cache fill is survived with more GCs; without the limit, OOM kill.
  "gomemlimit-saves-the-pod.ts": (r, plan) => {
    expect(r.summary.oomKilledAtSeconds).toBeNull();
    expect(r.summary.peakRssBytes).toBeLessThan(containerBytes(plan));
    expect(limiterCycles(r)).toHaveLength(0);
    expect(r.summary.finalHeapGoalBytes).toBeLessThanOrEqual(memLimit(plan));
    const fill = laterEvent(plan, "liveHeap");
    const fillS = fill.atNs / NS;
    const filledS = (fill.atNs + fill.overNs) / NS;

    const off = run(gridPlan(plan, { "go.GOMEMLIMIT": "off" }));
    expect(off.summary.oomKilledAtSeconds).not.toBeNull();
    expect(off.summary.oomKilledAtSeconds!).toBeGreaterThan(fillS);
    // the price: after the fill the GC runs more often than GOGC alone would pace it (in a container big enough)
    const unbounded = run(gridPlan(plan, { "go.GOMEMLIMIT": "off", "container.memory": "none" }));
    expect(unbounded.summary.peakRssBytes).toBeGreaterThan(containerBytes(plan));
    expect(cyclesPerSecond(r, filledS, durationS(plan))).toBeGreaterThan(
      cyclesPerSecond(unbounded, filledS, durationS(plan)),
    );
  },

  // GOMAXPROCS=4 in half a core: marks stretch and some pauses wait out a throttled CFS period; without the quota,
  // or with GOMAXPROCS=1, they do not.
  "cpu-quota-half-core.ts": (r, plan) => {
    expect(plan.scenario.container.cpus!).toBeLessThan(plan.scenario.go.GOMAXPROCS!);
    expect(r.summary.oomKilledAtSeconds).toBeNull();
    const free = run(gridPlan(plan, { "container.cpus": "none" }));
    const markMs = (x: RunResult) => mean(x.raw.cycles.slice(1), (c) => c.markNs / 1e6);
    expect(markMs(r)).toBeGreaterThan(1.5 * markMs(free));
    expect(r.summary.maxPauseSeconds).toBeGreaterThan(10 * free.summary.maxPauseSeconds!);
    expect(maxOf(r.raw.cycles, maxPauseNs)).toBeGreaterThan(10 * maxOf(free.raw.cycles, maxPauseNs));
    // the runtime counts P-time, so throttled marks also inflate its GC CPU fraction
    expect(r.summary.gcCpuFraction).toBeGreaterThan(free.summary.gcCpuFraction);
    const oneP = run(gridPlan(plan, { "go.GOMAXPROCS": 1 }));
    expect(oneP.summary.maxPauseSeconds).toBeLessThan(r.summary.maxPauseSeconds! / 10);
  },

  // After the spike is dropped and collected, RSS stays far above the heap until the scavenger releases the pages.
  "rss-after-spike.ts": (r, plan) => {
    expect(r.summary.oomKilledAtSeconds).toBeNull();
    const [up, down] = eventsOf(plan, "liveHeap").filter((e) => e.atNs > 0);
    const base = eventsOf(plan, "liveHeap")[0].bytes;
    const spike = up.bytes - base;
    const dropS = down.atNs / NS;
    expect(down.bytes).toBe(base);
    expect(r.summary.peakRssBytes).toBeGreaterThan(up.bytes);
    // the first sample after the drop at which the GC has freed the spike's objects
    const after = samplesIn(r, dropS, durationS(plan) + 1);
    const freed = after.find((s) => s.heapObjectsBytes < base + spike / 4);
    expect(freed).toBeDefined();
    const freedS = freed!.tNs / NS;
    // ... the heap is small, RSS is not: most of the spike's pages are still resident
    expect(freed!.rssBytes - freed!.heapObjectsBytes).toBeGreaterThan(spike / 2);
    expect(freed!.rssBytes).toBeGreaterThan(2 * freed!.heapObjectsBytes);
    // the scavenger then releases them, and RSS comes down towards where it was before the spike
    const last = r.raw.samples[r.raw.samples.length - 1];
    expect(last.heapReleasedBytes - freed!.heapReleasedBytes).toBeGreaterThan(spike / 2);
    expect(last.rssBytes).toBeLessThan(freed!.rssBytes / 2);
    expect(last.rssBytes).toBeLessThan(2 * sampleAt(r, up.atNs / NS).rssBytes);
    expect(freedS).toBeLessThan(last.tNs / NS);
    expect(r.summary.peakRssBytes).toBeGreaterThan(5 * (r.summary.finalHeapGoalBytes as number));
  },

  // Goroutines in flight = rate × duration: ~900 during the burst, with their stacks and heap; back to normal after.
  "request-burst.ts": (r, plan) => {
    expect(r.summary.oomKilledAtSeconds).toBeNull();
    expect(r.summary.peakRssBytes).toBeLessThan(containerBytes(plan));
    const [normal, burst, back] = eventsOf(plan, "requests");
    const inFlight = (e: typeof normal) => (e.perSec * e.lastsNs) / NS;
    const burstS = burst.atNs / NS;
    const backS = back.atNs / NS;
    const settled = samplesIn(r, burstS + (2 * burst.lastsNs) / NS, backS);
    expect(settled.length).toBeGreaterThan(0);
    const peakG = maxOf(settled, (s) => s.goroutines);
    expect(peakG).toBeGreaterThan(0.9 * inFlight(burst));
    expect(peakG).toBeLessThan(1.1 * inFlight(burst) + 10);
    expect(maxOf(settled, (s) => s.heapStacksBytes)).toBeGreaterThanOrEqual(inFlight(burst) * burst.stackBytes);
    const before = sampleAt(r, burstS - 0.01);
    expect(Math.abs(before.goroutines - inFlight(normal))).toBeLessThan(inFlight(burst) / 20);
    const last = r.raw.samples[r.raw.samples.length - 1];
    expect(Math.abs(last.goroutines - inFlight(back))).toBeLessThan(inFlight(burst) / 20);
    // the extra live heap in flight, and with GOGC=100 more than that again in heap goal and RSS
    const extraHeap = (inFlight(burst) - inFlight(normal)) * burst.allocBytes;
    const peakGoal = maxOf(settled, (s) => s.heapGoalBytes as number);
    expect(peakGoal - (before.heapGoalBytes as number)).toBeGreaterThan(1.5 * extraHeap);
    expect(r.summary.peakRssBytes - before.rssBytes).toBeGreaterThan(extraHeap + inFlight(burst) * burst.stackBytes);
    expect(r.summary.finalHeapGoalBytes).toBeLessThan(peakGoal / 2);
  },

  // GOGC=off + GOMEMLIMIT: the heap grows to the limit and the GC runs far less often than with GOGC=100.
  "gogc-off-memory-limit.ts": (r, plan) => {
    expect(plan.scenario.go.GOGC).toBe(-1);
    expect(r.summary.oomKilledAtSeconds).toBeNull();
    expect(limiterCycles(r)).toHaveLength(0);
    expect(r.summary.peakHeapInUseBytes).toBeGreaterThan(memLimit(plan) / 2);
    expect(r.summary.peakRssBytes).toBeLessThanOrEqual(1.05 * memLimit(plan));
    expect(r.summary.peakRssBytes).toBeLessThan(containerBytes(plan));
    const gogc100 = run(gridPlan(plan, { "go.GOGC": 100, "go.GOMEMLIMIT": "off" }));
    expect(gogc100.summary.gcCycles).toBeGreaterThan(10 * r.summary.gcCycles);
    expect(gogc100.summary.gcCpuFraction).toBeGreaterThan(5 * r.summary.gcCpuFraction);
    expect(gogc100.summary.peakHeapInUseBytes).toBeLessThan(memLimit(plan) / 4);
  },

  // SetGCPercent(40) + runtime.GC() at 30 s: one forced cycle then, a goal ~(100+40)/(100+100) of before, GCs more
  // often.
  "gogc-change-and-runtime-gc.ts": (r, plan) => {
    expect(r.summary.oomKilledAtSeconds).toBeNull();
    const change = laterEvent(plan, "go");
    const gc = laterEvent(plan, "gc");
    const forced = r.raw.cycles.filter((c) => c.kind === "forced");
    expect(forced).toHaveLength(1);
    expect(Math.abs(forced[0].startNs - gc.atNs)).toBeLessThan(1e6);
    expect(r.gctrace()).toContain("(forced)");
    const atS = change.atNs / NS;
    const endS = durationS(plan);
    const oldGogc = plan.scenario.go.GOGC;
    const newGogc = change.GOGC!;
    const goalBefore = mean(cyclesIn(r, 1, atS), (c) => c.heapGoalBytes);
    const goalAfter = mean(
      r.raw.cycles.filter((c) => c.startNs > forced[0].startNs),
      (c) => c.heapGoalBytes,
    );
    const expected = (100 + newGogc) / (100 + oldGogc);
    expect(goalAfter / goalBefore).toBeGreaterThan(0.9 * expected);
    expect(goalAfter / goalBefore).toBeLessThan(1.1 * expected);
    expect(cyclesPerSecond(r, atS + 1, endS)).toBeGreaterThan(1.5 * cyclesPerSecond(r, 1, atS));
    expect(sampleAt(r, endS).rssBytes).toBeLessThan(sampleAt(r, atS).rssBytes);
  },

  // An in-place scale-down leaves GOMEMLIMIT above the container: the next heap growth is OOM-killed; a refreshed
  // limit (90 % of the new size) or no resize survives.
  "stale-gomemlimit-after-resize.ts": (r, plan) => {
    const resize = laterEvent(plan, "container");
    const growth = laterEvent(plan, "liveHeap");
    const newSize = resize.memoryBytes as number;
    expect(memLimit(plan)).toBeGreaterThan(newSize);
    expect(sampleAt(r, resize.atNs / NS).rssBytes).toBeLessThan(newSize); // the pod fits the new size at first
    const killedAt = r.summary.oomKilledAtSeconds;
    expect(killedAt).not.toBeNull();
    expect(killedAt! * NS).toBeGreaterThan(growth.atNs);
    expect(r.summary.peakRssBytes).toBeGreaterThanOrEqual(newSize);

    const refreshed = run(
      withEvent(plan, {
        kind: "go",
        GOMEMLIMIT: Math.floor(0.9 * newSize),
        atNs: resize.atNs,
        source: "test: refreshed limit",
      }),
    );
    expect(refreshed.summary.oomKilledAtSeconds).toBeNull();
    expect(refreshed.summary.peakRssBytes).toBeLessThan(newSize);
    const growthS = growth.atNs / NS;
    expect(cyclesPerSecond(refreshed, growthS, killedAt!)).toBeGreaterThan(cyclesPerSecond(r, growthS, killedAt!));
    const noResize = run(without(plan, (e) => e === resize));
    expect(noResize.summary.oomKilledAtSeconds).toBeNull();
  },
};

test("every example scenario has a check, and every check a scenario", () => {
  expect(files.length).toBeGreaterThan(1);
  expect(files.filter((f) => !(f in CHECKS))).toEqual([]);
  expect(Object.keys(CHECKS).filter((f) => !files.includes(f))).toEqual([]);
});

describe.each(files)("scenarios/%s", (file) => {
  test("is a commented scenario module importing heapcast", () => {
    const src = fs.readFileSync(path.join(DIR, file), "utf8");
    expect(src).toMatch(/^\/\/ (Incident|Question)\b/);
    expect(src).toMatch(/^import \{ scenario \} from "heapcast";$/m);
    expect(src).toMatch(/^export default scenario\(/m);
  });

  test("runs and shows what its comment says", () => {
    const check = CHECKS[file];
    if (!check)
      throw new Error(
        `scenarios/${file} has no check in test/scenarios.test.ts: add one for what its comment promises`,
      );
    const plan = loadPlan(path.join(DIR, file));
    check(run(plan), plan);
  });
});
