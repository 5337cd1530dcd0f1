// `npm run bench` (add `-- --json` for one JSON object): how fast the kernel runs, next to the machine's limit for
// the same kind of work.
//
//   1. Kernel: one simulated hour of the steady_gogc100 calibration workload (64 MiB live heap of 4 KiB pointerful
//      objects built over 60 ms, 500 MiB/s of 1 KiB pointer-free garbage in 5 ms batches, GOGC=100, GOMAXPROCS=2),
//      built with the DSL, at two sampling intervals. Wall time is the median of 5 runs after 2 warm-up runs.
//   2. A bare binary-heap loop (no model, no records): what a discrete-event loop costs at the least on this machine.
//      One "event" there is one pop and one push, as in the kernel's scheduler.
//
// The scenario is built here rather than imported from scenarios/: bench/ is compiled by tsc, scenarios/ is not.

import * as os from "node:os";
import { performance } from "node:perf_hooks";
import { scenario, run, Scenario } from "../lib/index";
import type { Duration } from "../lib/index";

const WARMUP = 2;
const RUNS = 5;

function steadyGogc100OneHour(sampleEvery?: Duration): Scenario {
  return scenario("steady_gogc100_live64m_500mibps (1 h)", {
    go: { GOGC: 100, GOMAXPROCS: 2 },
    duration: "1h",
    ...(sampleEvery === undefined ? {} : { sampleEvery }),
  })
    .liveHeap("64MiB", { over: "60ms", objectSize: "4KiB", pointers: true })
    .garbage("500MiB/s", { size: "1KiB", pointers: false, every: "5ms" });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

interface KernelFigure {
  label: string;
  wallMs: number;
  wallRunsMs: number[];
  gcCycles: number;
  events: number;
  samples: number;
  eventsPerSecond: number;
}

function benchKernel(label: string, sampleEvery?: Duration): KernelFigure {
  const s = steadyGogc100OneHour(sampleEvery);
  let gcCycles = 0;
  let events = 0;
  let samples = 0;
  const walls: number[] = [];
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t0 = performance.now();
    const r = run(s); // compile + kernel; the tables are built lazily, so not here
    const ms = performance.now() - t0;
    if (i >= WARMUP) walls.push(ms);
    if (i > 0 && (r.summary.events !== events || r.summary.gcCycles !== gcCycles)) {
      throw new Error(`kernel not deterministic: ${r.summary.events} events / ${r.summary.gcCycles} cycles vs ${events} / ${gcCycles}`);
    }
    gcCycles = r.summary.gcCycles;
    events = r.summary.events;
    samples = r.raw.samples.length;
  }
  const wallMs = median(walls);
  return { label, wallMs, wallRunsMs: walls, gcCycles, events, samples, eventsPerSecond: events / (wallMs / 1000) };
}

/** A bare binary min-heap of float keys in a Float64Array: push and pop, nothing else. */
class BareHeap {
  private h: Float64Array;
  n = 0;
  constructor(capacity: number) {
    this.h = new Float64Array(capacity);
  }
  push(x: number): void {
    const h = this.h;
    let i = this.n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p] <= x) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = x;
  }
  pop(): number {
    const h = this.h;
    const top = h[0];
    const last = h[--this.n];
    const n = this.n;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r] < h[l] ? r : l;
      if (h[c] >= last) break;
      h[i] = h[c];
      i = c;
    }
    h[i] = last;
    return top;
  }
}

/** Deterministic xorshift32 in [0, 1), so the bare loop does not measure Math.random. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

interface BareFigure {
  label: string;
  opsPerSecond: number;
  wallMs: number;
  events: number;
}

let sink = 0;

/** Push n random keys, then pop them all; one event = one push + one pop. */
function bareFillDrain(n: number): BareFigure {
  const walls: number[] = [];
  for (let k = 0; k < WARMUP + RUNS; k++) {
    const next = rng(k + 1);
    const h = new BareHeap(n);
    const t0 = performance.now();
    for (let i = 0; i < n; i++) h.push(next());
    let prev = -1;
    for (let i = 0; i < n; i++) {
      const x = h.pop();
      if (x < prev) throw new Error("bare heap out of order");
      prev = x;
    }
    const ms = performance.now() - t0;
    sink += prev;
    if (k >= WARMUP) walls.push(ms);
  }
  const wallMs = median(walls);
  return { label: `push ${n.toLocaleString("en-US")} random keys, then pop them all`, wallMs, events: n, opsPerSecond: n / (wallMs / 1000) };
}

/** A heap of `size` items; `iterations` times pop the earliest and push one later (a simulation clock moving on). */
function bareSteady(size: number, iterations: number): BareFigure {
  const walls: number[] = [];
  for (let k = 0; k < WARMUP + RUNS; k++) {
    const next = rng(1000 + k);
    const h = new BareHeap(size + 1);
    for (let i = 0; i < size; i++) h.push(next());
    const t0 = performance.now();
    for (let i = 0; i < iterations; i++) {
      const t = h.pop();
      h.push(t + next());
    }
    const ms = performance.now() - t0;
    sink += h.pop();
    if (k >= WARMUP) walls.push(ms);
  }
  const wallMs = median(walls);
  return {
    label: `steady state: heap of ${size}, pop one push one, ${iterations.toLocaleString("en-US")} times`,
    wallMs,
    events: iterations,
    opsPerSecond: iterations / (wallMs / 1000),
  };
}

const int = (x: number) => Math.round(x).toLocaleString("en-US");
const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

function main(): void {
  const json = process.argv.includes("--json");
  const unknown = process.argv.slice(2).filter((a) => a !== "--json");
  if (unknown.length > 0) {
    process.stderr.write(`bench: unknown argument ${unknown[0]} (usage: npm run bench [-- --json])\n`);
    process.exit(2);
  }

  const k1s = benchKernel('sampleEvery "1s"', "1s");
  const kDefault = benchKernel("default sampling (duration/1200 = 3s)");
  const fill = bareFillDrain(1_000_000);
  const steady = bareSteady(64, 1_000_000);
  const ratio = k1s.eventsPerSecond / steady.opsPerSecond;
  const cpu = os.cpus()[0]?.model ?? "unknown";

  if (json) {
    process.stdout.write(
      JSON.stringify({
        eventsPerSecond: Math.round(k1s.eventsPerSecond),
        bareLoopEventsPerSecond: Math.round(steady.opsPerSecond),
        oneHourWallMs: +k1s.wallMs.toFixed(2),
        gcCycles: k1s.gcCycles,
        events: k1s.events,
        node: process.version,
        cpu,
      }) + "\n",
    );
    return;
  }

  const out: string[] = [];
  out.push(`heapcast bench — produced by \`npm run bench\` (node ${process.version}, ${cpu}, ${os.cpus().length} CPUs)`);
  out.push("");
  out.push("kernel: one simulated hour of steady_gogc100 (64 MiB live of 4 KiB pointerful objects over 60 ms,");
  out.push("        500 MiB/s of 1 KiB pointer-free garbage in 5 ms batches, GOGC=100, GOMAXPROCS=2), built with the DSL");
  for (const k of [k1s, kDefault]) {
    out.push(
      `  one hour of steady_gogc100 (64 MiB live, 500 MiB/s), ${k.label}: ${ms(k.wallMs)} ms wall (median of ${RUNS} after ${WARMUP} warm-up; ` +
        `runs ${k.wallRunsMs.map(ms).join(", ")} ms), ${int(k.gcCycles)} GC cycles, ${int(k.events)} events, ${int(k.samples)} samples`,
    );
    out.push(`    kernel events per second: ${int(k.eventsPerSecond)} (${int(k.events)} events / ${(k.wallMs / 1000).toFixed(4)} s)`);
  }
  out.push("");
  out.push("bare binary-heap loop (Float64Array keys, no model; one event = one pop + one push):");
  for (const b of [fill, steady]) {
    out.push(`  ${b.label}: ${ms(b.wallMs)} ms wall (median of ${RUNS}), ${int(b.opsPerSecond)} events/s`);
  }
  out.push("");
  out.push(
    `kernel vs bare loop: ${int(k1s.eventsPerSecond)} / ${int(steady.opsPerSecond)} events/s = ${ratio.toFixed(4)} ` +
      `(the kernel does ≈ ${int(1 / ratio)}× the work of a bare heap step per event)`,
  );
  out.push("");
  out.push("produced by: npm run bench   (JSON: npm run bench -- --json)");
  process.stdout.write(out.join("\n") + "\n");
  if (sink === 12345.678) process.stdout.write(""); // keep the bare loops' results alive
}

main();
