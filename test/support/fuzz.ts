// The kernel under arbitrary valid input: a fast-check generator over the whole DSL (every call, `.at` phases with
// go(), container() and gc(), extreme but valid values) and the invariants every run must keep. Used by
// test/kernel/properties.test.ts (a few hundred runs) and `npm run fuzz -- --runs 10000` (test/support/fuzz-cli.ts).
import * as fc from "fast-check";
import { scenario, run, RunawayScenarioError } from "../../lib/index";
import type { Phase, Scenario, RunResult } from "../../lib/index";

/** Event budget per fuzz run: large enough for most scenarios, small enough to keep a run under a second. */
export const FUZZ_MAX_EVENTS = 200_000;

const size = fc.oneof(
  fc.integer({ min: 0, max: 4096 }).map((n) => `${n}MiB`),
  fc.integer({ min: 1, max: 64 }).map((n) => `${n}GiB`),
  fc.integer({ min: 1, max: 65536 }).map((n) => `${n}B`),
);
const objectSize = fc.oneof(
  fc.constantFrom("8B", "16B", "1KiB", "4KiB", "32KiB", "1MiB"),
  fc.integer({ min: 1, max: 1 << 20 }).map((n) => `${n}B`),
);
const rate = fc.oneof(
  fc.integer({ min: 0, max: 2000 }).map((n) => `${n}MiB/s`),
  fc.integer({ min: 1, max: 8 }).map((n) => `${n}GiB/s`),
  fc.integer({ min: 1, max: 1024 }).map((n) => `${n}B/s`),
);
const stack = fc.constantFrom("2KiB", "8KiB", "32KiB", "128KiB", "1MiB");
const pointers = fc.oneof(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true }));
const ms = (min: number, max: number) => fc.integer({ min, max }).map((n) => `${n}ms`);

type Call = (p: Phase, durationMs: number, atMs: number) => void;

const liveHeap: fc.Arbitrary<Call> = fc
  .record({
    size,
    over: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
    churn: fc.option(rate, { nil: undefined }),
    objectSize,
    pointers,
  })
  .map((o) => (p, d, at) => {
    const over =
      o.over === undefined || d - at < 1 ? undefined : `${Math.max(1, Math.floor(((d - at) * o.over) / 100))}ms`;
    p.liveHeap(o.size as never, {
      objectSize: o.objectSize as never,
      pointers: o.pointers,
      ...(over ? { over: over as never } : {}),
      ...(o.churn ? { churn: o.churn as never } : {}),
    });
  });
const leakHeap: fc.Arbitrary<Call> = fc
  .record({ rate, objectSize })
  .map((o) => (p) => void p.leakHeap(o.rate as never, { objectSize: o.objectSize as never }));
const garbage: fc.Arbitrary<Call> = fc
  .record({
    rate,
    size: fc.option(objectSize, { nil: undefined }),
    mix: fc.boolean(),
    every: fc.option(fc.oneof(fc.constantFrom("1us", "100us", "1ms", "5ms", "10ms"), ms(1, 200)), { nil: undefined }),
    catchUp: fc.option(fc.oneof(ms(1, 500), fc.constantFrom("3681ms")), { nil: undefined }),
    pointers,
  })
  .map((o) => (p) => {
    const sizes = o.mix
      ? {
          sizes: [
            { size: "16B", share: 0.5 },
            { size: (o.size ?? "4KiB") as never, share: 0.5 },
          ],
        }
      : o.size
        ? { size: o.size as never }
        : {};
    p.garbage(
      o.rate as never,
      {
        ...sizes,
        pointers: o.pointers,
        ...(o.every ? { every: o.every as never } : {}),
        ...(o.catchUp ? { catchUp: o.catchUp as never } : {}),
      } as never,
    );
  });
const requests: fc.Arbitrary<Call> = fc
  .record({
    perSec: fc.integer({ min: 0, max: 200_000 }),
    alloc: fc.constantFrom("0B", "1KiB", "64KiB", "1MiB"),
    lasts: fc.oneof(fc.constant("0ms"), ms(1, 5000)),
    stack,
  })
  .map(
    (o) => (p) =>
      void p.requests(`${o.perSec}/s` as never, {
        alloc: o.alloc as never,
        lasts: o.lasts as never,
        stack: o.stack as never,
      }),
  );
const goroutines: fc.Arbitrary<Call> = fc
  .record({
    count: fc.oneof(fc.integer({ min: 0, max: 200_000 }), fc.constant(0)),
    stack,
    over: fc.option(fc.integer({ min: 1, max: 100 }), { nil: undefined }),
  })
  .map((o) => (p, d, at) => {
    const over =
      o.over === undefined || d - at < 1 ? undefined : `${Math.max(1, Math.floor(((d - at) * o.over) / 100))}ms`;
    p.goroutines(o.count, { stack: o.stack as never, ...(over ? { over: over as never } : {}) });
  });
const leakGoroutines: fc.Arbitrary<Call> = fc
  .record({ perSec: fc.integer({ min: 0, max: 5000 }), stack, retains: fc.constantFrom("0B", "4KiB", "1MiB") })
  .map(
    (o) => (p) =>
      void p.leakGoroutines(`${o.perSec}/s` as never, { stack: o.stack as never, retains: o.retains as never }),
  );
const gogc = fc.oneof(
  fc.integer({ min: 0, max: 1000 }),
  fc.constant("off" as const),
  fc.integer({ min: 1000, max: 1_000_000 }),
);
const memory = fc.oneof(
  fc.integer({ min: 1, max: 4096 }).map((n) => `${n}MiB`),
  fc.constant("off"),
);
const goCall: fc.Arbitrary<Call> = fc
  .record({
    GOGC: fc.option(gogc, { nil: undefined }),
    GOMEMLIMIT: fc.option(memory, { nil: undefined }),
    GOMAXPROCS: fc.option(fc.integer({ min: 1, max: 64 }), { nil: undefined }),
  })
  .map((o) => (p) => {
    const g: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) g[k] = v;
    p.go(g as never);
  });
const containerCall: fc.Arbitrary<Call> = fc
  .record({
    memory: fc.option(
      fc.integer({ min: 1, max: 8192 }).map((n) => `${n}MiB`),
      { nil: undefined },
    ),
    cpus: fc.option(fc.double({ min: 0.01, max: 16, noNaN: true }), { nil: undefined }),
  })
  .map((o) => (p) => {
    const c: Record<string, unknown> = {};
    if (o.memory !== undefined) c.memory = o.memory;
    if (o.cpus !== undefined) c.cpus = o.cpus;
    p.container(c as never);
  });
const gcCall: fc.Arbitrary<Call> = fc.constant((p: Phase) => void p.gc());

const workloadCall = fc.oneof(liveHeap, leakHeap, garbage, requests, goroutines, leakGoroutines);
const phaseCall = fc.oneof(
  { arbitrary: workloadCall, weight: 4 },
  { arbitrary: goCall, weight: 1 },
  { arbitrary: containerCall, weight: 1 },
  { arbitrary: gcCall, weight: 1 },
);

export interface FuzzCase {
  durationMs: number;
  settings: Record<string, unknown>;
  top: Call[];
  phases: { atPercent: number; calls: Call[] }[];
  /** Text for a counterexample (fast-check prints functions poorly). */
  toString(): string;
}

/** A random valid scenario: settings, top-level calls, and `.at` phases. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    durationMs: fc.oneof(
      fc.integer({ min: 1, max: 2000 }),
      fc.integer({ min: 2000, max: 120_000 }),
      fc.integer({ min: 120_000, max: 3_600_000 }),
    ),
    GOGC: fc.option(gogc, { nil: undefined }),
    GOMEMLIMIT: fc.option(memory, { nil: undefined }),
    GOMAXPROCS: fc.option(fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(1024)), { nil: undefined }),
    containerMemory: fc.option(
      fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 64, max: 16384 })).map((n) => `${n}MiB`),
      { nil: undefined },
    ),
    cpus: fc.option(fc.double({ min: 0.01, max: 16, noNaN: true }), { nil: undefined }),
    seed: fc.nat(0xffffffff),
    markJitter: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
    sampleEveryMs: fc.option(fc.integer({ min: 1, max: 60_000 }), { nil: undefined }),
    top: fc.array(workloadCall, { maxLength: 5 }),
    phases: fc.array(
      fc.record({
        atPercent: fc.integer({ min: 0, max: 100 }),
        calls: fc.array(phaseCall, { minLength: 1, maxLength: 3 }),
      }),
      { maxLength: 3 },
    ),
  })
  .map((r) => {
    const go: Record<string, unknown> = {};
    if (r.GOGC !== undefined) go.GOGC = r.GOGC;
    if (r.GOMEMLIMIT !== undefined) go.GOMEMLIMIT = r.GOMEMLIMIT;
    if (r.GOMAXPROCS !== undefined) go.GOMAXPROCS = r.GOMAXPROCS;
    const container: Record<string, unknown> = {};
    if (r.containerMemory !== undefined) container.memory = r.containerMemory;
    if (r.cpus !== undefined) container.cpus = r.cpus;
    // at most 100,000 samples
    const sampleEveryMs =
      r.sampleEveryMs === undefined ? undefined : Math.max(r.sampleEveryMs, Math.ceil(r.durationMs / 100_000));
    const settings = {
      duration: `${r.durationMs}ms`,
      seed: r.seed,
      go,
      container,
      ...(r.markJitter !== undefined ? { markJitter: r.markJitter } : {}),
      ...(sampleEveryMs !== undefined ? { sampleEvery: `${sampleEveryMs}ms` } : {}),
    };
    const c: FuzzCase = {
      durationMs: r.durationMs,
      settings,
      top: r.top,
      phases: r.phases,
      toString: () =>
        JSON.stringify({
          ...r,
          top: r.top.length,
          phases: r.phases.map((p) => ({ at: p.atPercent, calls: p.calls.length })),
        }),
    };
    return c;
  });

export function buildScenario(c: FuzzCase): Scenario {
  let s = scenario("fuzz", c.settings as never);
  for (const call of c.top) call(s, c.durationMs, 0);
  for (const ph of c.phases) {
    const atMs = Math.floor((c.durationMs * ph.atPercent) / 100);
    s = s.at(`${atMs}ms` as never, (p) => {
      for (const call of ph.calls) call(p, c.durationMs, atMs);
    });
  }
  return s;
}

/**
 * Runs a case: the result, or null if the runaway budget spoke (the one failure a valid scenario may end with). A
 * plan rejected by the projection before any simulation is run again without it: it must spend the budget too (the
 * projection never rejects a run that fits).
 */
export function runCase(c: FuzzCase): RunResult | null {
  const s = buildScenario(c);
  try {
    return run(s, { maxEvents: FUZZ_MAX_EVENTS });
  } catch (e) {
    if (!(e instanceof RunawayScenarioError)) throw e;
    if (!/projected from the plan/.test(e.message)) return null;
  }
  try {
    run(s, { maxEvents: FUZZ_MAX_EVENTS, project: false });
  } catch (e) {
    if (e instanceof RunawayScenarioError) return null;
    throw e;
  }
  throw new Error("the projection rejected a plan that runs within the budget");
}

/** Every invariant a run must keep; throws an Error naming the first broken one. */
export function checkInvariants(r: RunResult): void {
  const fail = (what: string, detail: unknown) => {
    throw new Error(`${what}: ${JSON.stringify(detail)}`);
  };
  const { samples, cycles, events } = r.raw;
  const k = r.raw.summary;
  const end = k.simulatedNs;
  const kill = k.oomKilledAtNs;
  // simulated time monotone in every table, nothing after the end (or the kill)
  for (let i = 1; i < samples.length; i++)
    if (samples[i].tNs <= samples[i - 1].tNs) fail("timeline not increasing", [samples[i - 1].tNs, samples[i].tNs]);
  for (let i = 1; i < events.length; i++)
    if (events[i].tNs < events[i - 1].tNs) fail("events out of time order", [events[i - 1], events[i]]);
  let prevEnd = -1;
  for (const c of cycles) {
    const cEnd = c.startNs + c.stw1Ns + c.markNs + c.stw2Ns;
    if (c.startNs < prevEnd) fail("cycles overlap", c.cycle);
    prevEnd = cEnd;
    if (cEnd > end) fail("cycle ends after the run", { cycle: c.cycle, cEnd, end });
  }
  if (samples.length > 0 && samples[samples.length - 1].tNs > end) fail("sample after the end", end);
  for (const e of events) if (e.tNs > end) fail("event after the end", e);
  // no negative quantity, no NaN
  for (const x of samples) {
    for (const [key, v] of Object.entries(x)) {
      if (v === null && (key === "heapGoalBytes" || key === "heapTriggerBytes")) continue;
      if (typeof v === "number" && !(Number.isFinite(v) && v >= 0)) fail(`sample ${key}`, { t: x.tNs, v });
    }
    if (x.freesBytes > x.allocsBytes) fail("frees above allocs", x.tNs);
    const inUse = x.heapObjectsBytes + x.heapUnusedBytes;
    if (inUse > x.rssBytes) fail("heap in use above RSS", { t: x.tNs, inUse, rss: x.rssBytes });
  }
  for (const c of cycles) {
    for (const [key, v] of Object.entries(c)) {
      if (v === null && key === "heapTriggerBytes") continue;
      if (typeof v === "number" && !(Number.isFinite(v) && v >= 0)) fail(`cycle ${key}`, { cycle: c.cycle, v });
    }
    // Ps give at most their time: workers, idle workers and assists within procs × the mark
    const cpu = c.assistCpuNs + c.backgroundCpuNs + c.idleCpuNs;
    if (cpu > c.procs * c.markNs * (1 + 1e-9) + 2)
      fail("mark CPU above GOMAXPROCS × mark", { cycle: c.cycle, cpu, procs: c.procs, markNs: c.markNs });
  }
  // cycle procs = GOMAXPROCS while it runs
  let si = 0;
  for (const c of cycles) {
    const cEnd = c.startNs + c.stw1Ns + c.markNs + c.stw2Ns;
    while (si < samples.length && samples[si].tNs <= c.startNs) si++;
    for (let j = si; j < samples.length && samples[j].tNs < cEnd; j++) {
      if (samples[j].gomaxprocs !== c.procs)
        fail("GOMAXPROCS changed during a cycle", {
          cycle: c.cycle,
          procs: c.procs,
          sample: samples[j].tNs,
          gomaxprocs: samples[j].gomaxprocs,
        });
    }
  }
  // the container's limit over time (a container() call at t applies before the sample at t)
  const limits: { t: number; bytes: number | null }[] = [{ t: 0, bytes: r.plan.scenario.container.memoryBytes }];
  for (const e of r.plan.events)
    if (e.kind === "container" && e.memoryBytes !== undefined) limits.push({ t: e.atNs, bytes: e.memoryBytes });
  const limitAt = (t: number) => {
    let b: number | null = null;
    for (const l of limits) if (l.t <= t) b = l.bytes;
    return b;
  };
  // no sample past a kill; a kill whenever RSS reaches the limit; RSS at the kill is the limit
  for (let i = 0; i < samples.length; i++) {
    const x = samples[i];
    const limit = limitAt(x.tNs);
    const last = i === samples.length - 1;
    if (kill !== null && last) {
      if (x.tNs !== kill) fail("the last sample is not at the kill", { t: x.tNs, kill });
      if (limit !== null && x.rssBytes < limit) fail("RSS at the kill below the limit", { rss: x.rssBytes, limit });
      const lowered = r.plan.events.some(
        (e) => e.kind === "container" && e.atNs === kill && e.memoryBytes !== undefined,
      );
      if (!lowered && x.rssBytes !== limit) fail("RSS at the kill is not the limit", { rss: x.rssBytes, limit });
      continue;
    }
    if (limit !== null && x.rssBytes >= limit)
      fail("a sample at or above the container's limit without a kill", { t: x.tNs, rss: x.rssBytes, limit, kill });
  }
  if (kill !== null && kill !== end) fail("the run does not end at the kill", { kill, end });
  // summary peaks: over the instants the samples are taken on too; the gctrace peak is the cycles' peak
  let maxRss = 0;
  let maxInUse = 0;
  for (const x of samples) {
    maxRss = Math.max(maxRss, x.rssBytes);
    maxInUse = Math.max(maxInUse, x.heapObjectsBytes + x.heapUnusedBytes);
  }
  if (k.peakRssBytes < maxRss) fail("summary peak RSS below a sample", { peak: k.peakRssBytes, maxRss });
  if (k.peakHeapInUseBytes < maxInUse)
    fail("summary peak heap in use below a sample", { peak: k.peakHeapInUseBytes, maxInUse });
  if (k.peakHeapInUseBytes > k.peakRssBytes) fail("summary peak heap in use above peak RSS", k);
  const peakEnd = cycles.reduce((m, c) => Math.max(m, c.heapEndBytes), 0);
  if (k.peakHeapBytes !== peakEnd)
    fail("summary peak heap is not the cycles' peak", { peak: k.peakHeapBytes, peakEnd });
  if (kill !== null && limitAt(kill) !== null && k.peakRssBytes < (limitAt(kill) as number))
    fail("peak RSS below the limit at a kill", k);
}
