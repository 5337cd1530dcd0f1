// Sweep cost by version (kernel/versions/sweepcost.ts): the cost per span each version module holds against the
// memory-limit death spirals of test/fixtures/versions/go1.NN/sweep.txt (probes/sweep: GOGC off, a 16 MiB limit far
// below a live heap of one object size, one goroutine allocating 1 KiB noscan garbage; gctrace of each run). The gap
// between one cycle's end and the next one's start is the sweep of every span in use (mgc.go: gcStart's
// `for trigger.test() && sweepone() != ^uintptr(0) {}` beside bgsweep), on the machine's 2 CPUs.

import * as fs from "fs";
import * as path from "path";
import { linearRegression, mean } from "simple-statistics";
import { MUTATOR_SCALING_EXPONENT } from "../../kernel/constants";
import { GO1_19 } from "../../kernel/versions/go1_19";
import { GO1_26 } from "../../kernel/versions/go1_26";
import { GO1_27 } from "../../kernel/versions/go1_27";
import { SWEEP_NS_PER_SPAN_GO1_19, SWEEP_NS_PER_SPAN_GO1_26 } from "../../kernel/versions/sweepcost";
import type { GoVersion } from "../../kernel/versions/version";

const FIXTURES = path.join(__dirname, "../fixtures/versions");
/** Cycles at the start of each spiral left out (the limit just set, the heap settling). */
const SETTLE = 2;

interface SpiralRun {
  size: number;
  pointers: boolean;
  heapMiB: number;
  /** Spans of the live heap (its objects over the layout's objects per span) and of the garbage allocated per mark. */
  liveSpans: number;
  garbageSpans: number;
  /** Mean gap between a cycle's end (start + its three clock figures) and the next cycle's start, ms. */
  gapMs: number;
  cycles: number;
}

function spirals(dir: string, version: GoVersion): SpiralRun[] {
  const text = fs.readFileSync(path.join(FIXTURES, dir, "sweep.txt"), "utf8");
  const runs: SpiralRun[] = [];
  for (const block of text.split(/^run /m).slice(1)) {
    const probe = /^probe size (\d+) ptr (\w+) heapMiB (\d+) .* heapObjects (\d+)$/m.exec(block);
    if (!probe) throw new Error(`${dir}/sweep.txt: a run without its probe line`);
    const size = Number(probe[1]);
    const pointers = probe[2] === "true";
    const spiral = block.slice(block.indexOf("\nspiral"));
    const rows = [
      ...spiral.matchAll(/^gc \d+ @([\d.]+)s \d+%: ([\d.]+)\+([\d.]+)\+([\d.]+) ms clock.*? (\d+)->(\d+)->/gm),
    ]
      .map((m) => ({
        startMs: Number(m[1]) * 1e3,
        clockMs: Number(m[2]) + Number(m[3]) + Number(m[4]),
        allocatedMB: Number(m[6]) - Number(m[5]),
      }))
      .slice(SETTLE);
    const gaps = rows.slice(1).map((b, i) => b.startMs - (rows[i].startMs + rows[i].clockMs));
    runs.push({
      size,
      pointers,
      heapMiB: Number(probe[3]),
      liveSpans: Number(probe[4]) / version.layout.objectsPerSpan(size, pointers),
      // 1 KiB noscan garbage: 8 KiB spans in every version (layout.spanBytes)
      garbageSpans: (mean(rows.map((r) => r.allocatedMB)) * 2 ** 20) / version.layout.spanBytes(1024, false),
      gapMs: mean(gaps),
      cycles: gaps.length,
    });
  }
  return runs;
}

/** The gap against the spans in use over the 4 KiB pointerful heaps (32–192 MiB): ns per span on 2 CPUs, ms at 0. */
function fit4k(runs: SpiralRun[]): { nsPerSpan: number; interceptMs: number } {
  const pts = runs.filter((r) => r.size === 4096 && r.pointers).map((r) => [r.liveSpans + r.garbageSpans, r.gapMs]);
  expect(pts.length).toBe(4);
  const { m, b } = linearRegression(pts);
  return { nsPerSpan: m * 1e6, interceptMs: b };
}

const go119 = spirals("go1.19", GO1_19);
const go126 = spirals("go1.26", GO1_26);
const go127 = spirals("go1.27", GO1_27);

test("every toolchain's fixture holds the eleven spirals, each with enough cycles", () => {
  for (const runs of [go119, go126, go127]) {
    expect(runs.length).toBe(11);
    for (const r of runs) expect(r.cycles).toBeGreaterThanOrEqual(10);
  }
});

test("the gap follows the spans, not the bytes: a heap of 64 KiB objects sweeps faster than one of 4 KiB objects", () => {
  for (const runs of [go119, go126]) {
    const gap = (size: number) => runs.find((r) => r.size === size && r.heapMiB === 128)!.gapMs;
    // the same 128 MiB: 8 KiB (Go 1.19) or 24 KiB (Go 1.26) spans of 4 KiB objects against 64 KiB spans
    expect(gap(65536)).toBeLessThan(gap(4096));
  }
  // Go 1.19 puts 2 objects of 4 KiB in an 8 KiB span, Go 1.26 5 in a 24 KiB span (the 4,864 B slot with the header)
  expect(GO1_19.layout.spanBytes(4096, true) / GO1_19.layout.objectsPerSpan(4096, true)).toBe(4096);
  expect(GO1_26.layout.spanBytes(4096, true) / GO1_26.layout.objectsPerSpan(4096, true)).toBeCloseTo(4915.2, 6);
});

test("Go 1.26's cost per span is the 4 KiB spirals' fit, on one CPU (sweepcost.ts: 267 ns on 2 CPUs)", () => {
  const f = fit4k(go126);
  expect(Math.abs(f.nsPerSpan - 267)).toBeLessThan(1);
  expect(f.interceptMs).toBeGreaterThan(0.5); // gcMarkTermination's work after gctrace's clock: not modelled
  expect(f.interceptMs).toBeLessThan(1.1);
  expect(SWEEP_NS_PER_SPAN_GO1_26).toBeCloseTo(267 * 2 ** MUTATOR_SCALING_EXPONENT, 9);
  expect(GO1_26.sweepNsPerSpan).toBe(SWEEP_NS_PER_SPAN_GO1_26);
  expect(GO1_27.sweepNsPerSpan).toBe(SWEEP_NS_PER_SPAN_GO1_26); // mgcsweep.go unchanged in go1.27.4
});

test("Go 1.19 on this machine costs less per span than Go 1.26, and half the harness's fitted rate", () => {
  const f = fit4k(go119);
  expect(Math.abs(f.nsPerSpan - 208)).toBeLessThan(1);
  expect(f.nsPerSpan).toBeLessThan(fit4k(go126).nsPerSpan);
  // the harness's rate (constants.ts SWEEP_NS_PER_BYTE over 8 KiB spans), on 2 CPUs: 428 ns
  const harness = SWEEP_NS_PER_SPAN_GO1_19 / 2 ** MUTATOR_SCALING_EXPONENT;
  expect(harness / f.nsPerSpan).toBeGreaterThan(1.8);
  expect(harness / f.nsPerSpan).toBeLessThan(2.2);
  expect(GO1_19.sweepNsPerSpan).toBe(SWEEP_NS_PER_SPAN_GO1_19);
});

test("per MiB of 4 KiB objects, Go 1.26 sweeps in well under Go 1.19's time (a third of the spans)", () => {
  const perMiB = (runs: SpiralRun[]) =>
    mean(runs.filter((r) => r.size === 4096 && r.heapMiB >= 64).map((r) => r.gapMs / r.heapMiB));
  expect(perMiB(go126) / perMiB(go119)).toBeLessThan(0.8);
});
