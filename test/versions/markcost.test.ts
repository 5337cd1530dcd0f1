// Mark cost by version (kernel/versions/markcost.ts): the throughputs each version module holds are the medians of
// the measurement in test/fixtures/versions/go1.NN/markcost-corpus.txt and, above 512 B, markcost-slice.txt
// (probes/markcost: forced GCs over a 128 MiB live heap shaped like the calibration corpus', objects of one size,
// GOMAXPROCS 1 and 2, five runs), and the relative cost the runtime model would apply follows from them.

import * as fs from "fs";
import * as path from "path";
import { median } from "simple-statistics";
import { GO1_19 } from "../../kernel/versions/go1_19";
import { GO1_26 } from "../../kernel/versions/go1_26";
import { GO1_27 } from "../../kernel/versions/go1_27";
import {
  markCostFromPoints,
  MARK_COST_GO1_19_OVER_GO1_26,
  MARK_COST_GO1_19_OVER_GO1_27,
  MARK_COST_SIZES,
} from "../../kernel/versions/markcost";
import type { GoVersion } from "../../kernel/versions/version";

/**
 * Live bytes per mark CPU-second of `shape` (markcost-corpus.txt: "corpus", arrays; markcost-slice.txt: "corpus" and
 * "slice", the load generator's slices): median over runs of each run's median over its cycles.
 */
function measured(
  dir: string,
  size: number,
  procs: number,
  shape: "corpus" | "slice" = "corpus",
  file = "markcost-corpus.txt",
): { value: number; runs: number } {
  const text = fs.readFileSync(path.join(__dirname, "..", "fixtures", "versions", dir, file), "utf8");
  const byRun = new Map<number, number[]>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const fields = line.split(" ");
    const [rep, sz, , p, , live, cpuMetrics, cpuGctrace] = fields.map(Number);
    if (sz !== size || p !== procs || fields[2] !== shape) continue;
    // runtime/metrics' mark CPU where the version has it (1.20+), gctrace's otherwise (1.19).
    const cpu = cpuMetrics > 0 ? cpuMetrics : cpuGctrace;
    const list = byRun.get(rep) ?? [];
    list.push(live / (cpu * 1e-9));
    byRun.set(rep, list);
  }
  return { value: median([...byRun.values()].map(median)), runs: byRun.size };
}
/** The model's points: objects with a malloc header (> 512 B) measured as the load generator makes them (slices). */
const pointMeasured = (dir: string, size: number, procs: number) =>
  size > 512 ? measured(dir, size, procs, "slice", "markcost-slice.txt") : measured(dir, size, procs);

const versions: Array<[string, GoVersion]> = [
  ["go1.19", GO1_19],
  ["go1.26", GO1_26],
  ["go1.27", GO1_27],
];

describe.each(versions)("%s", (dir, v) => {
  test("every point is the fixture's median (to 3 significant digits), from at least 3 runs", () => {
    expect(v.markCost.points.map((p) => p.size)).toEqual([...MARK_COST_SIZES]);
    for (const p of v.markCost.points) {
      const m1 = pointMeasured(dir, p.size, 1);
      const m2 = pointMeasured(dir, p.size, 2);
      expect(m1.runs).toBeGreaterThanOrEqual(3);
      expect(m2.runs).toBeGreaterThanOrEqual(3);
      expect([p.size, 1, Math.abs(p.p1 / m1.value - 1) < 0.005]).toEqual([p.size, 1, true]);
      expect([p.size, 2, Math.abs(p.p2 / m2.value - 1) < 0.005]).toEqual([p.size, 2, true]);
    }
    // typed objects (arrays, structs): the slices' points up to 512 B, the arrays' above
    for (const [i, p] of v.markCost.typedPoints.entries()) {
      if (p.size <= 512) {
        expect(p).toBe(v.markCost.points[i]);
        continue;
      }
      const m1 = measured(dir, p.size, 1, "corpus", "markcost-slice.txt");
      const m2 = measured(dir, p.size, 2, "corpus", "markcost-slice.txt");
      expect(m1.runs).toBeGreaterThanOrEqual(3);
      expect([p.size, 1, Math.abs(p.p1 / m1.value - 1) < 0.005]).toEqual([p.size, 1, true]);
      expect([p.size, 2, Math.abs(p.p2 / m2.value - 1) < 0.005]).toEqual([p.size, 2, true]);
    }
  });
});

describe("the object's type above 512 B (Go 1.22+ malloc headers)", () => {
  // Same heap, same sizes, interleaved in the same quiet windows (markcost-slice.txt): objects made as the load
  // generator makes them, make([]unsafe.Pointer, n) — the header holds the 8-byte element type and typePointers.next
  // steps one word at a time — against [n]unsafe.Pointer arrays (64 words per mask read). GOMAXPROCS=1 medians.
  const ratio = (dir: string, size: number) =>
    measured(dir, size, 1, "corpus", "markcost-slice.txt").value /
    measured(dir, size, 1, "slice", "markcost-slice.txt").value;
  test.each(["go1.26", "go1.27"])("%s: a slice of pointers marks for 1.4–2× an array's CPU per byte", (dir) => {
    expect(ratio(dir, 1024)).toBeGreaterThan(1.3);
    expect(ratio(dir, 4096)).toBeGreaterThan(1.6);
    expect(ratio(dir, 16384)).toBeGreaterThan(1.6);
    for (const size of [1024, 4096, 16384]) expect(ratio(dir, size)).toBeLessThan(2.2);
  });
  test("Go 1.19 (heap bitmap) and objects up to 512 B (pointer bits in the span) do not care", () => {
    for (const size of [1024, 4096]) expect(Math.abs(ratio("go1.19", size) - 1)).toBeLessThan(0.05);
    for (const dir of ["go1.19", "go1.26", "go1.27"]) expect(Math.abs(ratio(dir, 512) - 1)).toBeLessThan(0.1);
  });
  test("the probe's 4 KiB point is the slice's: 2.54 times Go 1.19's CPU per byte (arrays: 1.40)", () => {
    const at = (v: GoVersion, size: number) => v.markCost.points.find((p) => p.size === size)!.p1;
    for (const [dir, v] of [
      ["go1.26", GO1_26],
      ["go1.27", GO1_27],
    ] as const) {
      expect(at(GO1_19, 4096) / at(v, 4096)).toBeCloseTo(4.7 / 1.85, 12);
      const arrays =
        measured("go1.19", 4096, 1, "corpus", "markcost-slice.txt").value /
        measured(dir, 4096, 1, "corpus", "markcost-slice.txt").value;
      expect(arrays).toBeGreaterThan(1.3);
      expect(arrays).toBeLessThan(1.5);
    }
  });
});

describe("goroutine stacks (test/fixtures/versions/stackscan.txt, probes/stackscan)", () => {
  // 2,000 parked goroutines (the load generator's deep() frames, blocked on a channel) beside a 64 MiB live heap,
  // forced GCs at GOMAXPROCS=1, three runs interleaved across toolchains in one quiet window: the mark CPU they add, by
  // what they hold. Stacks are roots (mgcmark.go markroot → scanstack → scanframeworker, per frame with its stack map),
  // not heap objects: Green Tea and the malloc headers do not touch them, and the model counts stack scan work at Go
  // 1.19's cost in every version (runtime.ts markStart: only the heap is weighted by relativeToGo119).
  type Run = { g: number; depth: number; retain: number; cpuNs: number; live: number };
  const runs = (version: string) => {
    const text = fs.readFileSync(path.join(__dirname, "..", "fixtures", "versions", "stackscan.txt"), "utf8");
    const byKey = new Map<string, Map<string, Run[]>>();
    for (const line of text.split("\n")) {
      if (line === "" || line.startsWith("#")) continue;
      const f = line.split(" ");
      if (f[0] !== version) continue;
      const [g, depth, retain, , live, cpuMetrics, cpuGctrace] = f.slice(2).map(Number);
      const key = `${g} ${depth} ${retain}`;
      const reps = byKey.get(key) ?? new Map<string, Run[]>();
      const list = reps.get(f[1]) ?? [];
      list.push({ g, depth, retain, live, cpuNs: cpuMetrics > 0 ? cpuMetrics : cpuGctrace });
      reps.set(f[1], list);
      byKey.set(key, reps);
    }
    // median over runs of each run's median mark CPU, ms; live heap, MiB
    const at = (g: number, depth: number, retain: number) => {
      const reps = [...byKey.get(`${g} ${depth} ${retain}`)!.values()];
      return {
        ms: median(reps.map((r) => median(r.map((c) => c.cpuNs)))) / 1e6,
        liveMiB: reps[0][0].live / 2 ** 20,
      };
    };
    return at;
  };
  const perFrameNs = (v: string) => ((runs(v)(2000, 35, 0).ms - runs(v)(2000, 1, 0).ms) / 2000 / 34) * 1e6;
  test("a frame costs the same in Go 1.19, 1.26 and 1.27 (39–55 ns), a parked goroutine itself ≤ 2 µs", () => {
    for (const v of ["go1.19", "go1.26", "go1.27"]) {
      expect(perFrameNs(v)).toBeGreaterThan(25);
      expect(perFrameNs(v)).toBeLessThan(80);
      expect((runs(v)(2000, 1, 0).ms - runs(v)(0, 35, 0).ms) / 2000).toBeLessThan(0.005); // ms per goroutine
    }
    expect(perFrameNs("go1.26") / perFrameNs("go1.19")).toBeGreaterThan(0.6);
    expect(perFrameNs("go1.26") / perFrameNs("go1.19")).toBeLessThan(1.4);
  });
  test("the heap the goroutines retain (4 KiB slices) costs Go 1.26/1.27 about twice Go 1.19's, as the live heap does", () => {
    const perMiB = (v: string) => {
      const at = runs(v);
      return (at(2000, 35, 32768).ms - at(2000, 35, 0).ms) / (at(2000, 35, 32768).liveMiB - at(2000, 35, 0).liveMiB);
    };
    for (const v of ["go1.26", "go1.27"]) {
      expect(perMiB(v) / perMiB("go1.19")).toBeGreaterThan(1.7);
      expect(perMiB(v) / perMiB("go1.19")).toBeLessThan(2.6);
    }
  });
});

describe("relative cost", () => {
  test("Go 1.19 is its own reference", () => {
    for (const size of [8, 16, 100, 4096, 1 << 20]) expect(GO1_19.markCost.relativeToGo119(size, true)).toBe(1);
  });

  test("the probe: Green Tea's objects (16–512 B) mark for less CPU per byte than in Go 1.19, objects with headers (> 512 B) for more", () => {
    const at = (v: GoVersion, size: number) => v.markCost.points.find((p) => p.size === size)!.p1;
    for (const v of [GO1_26, GO1_27]) {
      const probe = (size: number) => at(GO1_19, size) / at(v, size);
      for (const size of [16, 64, 256, 512]) expect(probe(size)).toBeLessThan(0.85);
      for (const size of [1024, 4096, 16384]) expect(probe(size)).toBeGreaterThan(1.1);
    }
  });

  test("at 4 KiB (the corpus' live objects) the model applies the corpus' cost measured on one machine", () => {
    expect(GO1_19.markCost.corpusRelative).toBe(1);
    // measured in test/versions/mark-speed.test.ts
    expect(GO1_26.markCost.relativeToGo119(4096, true)).toBeCloseTo(MARK_COST_GO1_19_OVER_GO1_26, 12);
    expect(GO1_27.markCost.relativeToGo119(4096, true)).toBeCloseTo(MARK_COST_GO1_19_OVER_GO1_27, 12);
    // 0.87–0.88 of the idle probe's ratio (2.54): Go 1.19 marks the corpus slower than its probe (mark-speed.test.ts)
    for (const v of [GO1_26, GO1_27]) {
      const probe = v.markCost.points[5].p1;
      expect(v.markCost.corpusRelative / (GO1_19.markCost.points[5].p1 / probe)).toBeGreaterThan(0.8);
      expect(v.markCost.corpusRelative / (GO1_19.markCost.points[5].p1 / probe)).toBeLessThan(1);
    }
  });

  test("at another measured size it follows the version's own probe (GOMAXPROCS=1) from the 4 KiB anchor; between sizes, interpolated in log size", () => {
    const at = (v: GoVersion, size: number) => v.markCost.points.find((p) => p.size === size)!.p1;
    for (const size of [16, 64, 256, 512, 1024, 16384])
      expect(GO1_26.markCost.relativeToGo119(size, true)).toBeCloseTo(
        (MARK_COST_GO1_19_OVER_GO1_26 * at(GO1_26, 4096)) / at(GO1_26, size),
        12,
      );
    // 64 B objects: about Go 1.19's 4 KiB cost (real Go 1.26 marks them about as long as 4 KiB ones), not the 0.52 a
    // ratio to the probe's Go 1.19 (twice as slow per byte at 64 B as at 4 KiB, the model's Go 1.19 flat) would give
    expect(GO1_26.markCost.relativeToGo119(64, true)).toBeGreaterThan(0.9);
    expect(GO1_26.markCost.relativeToGo119(64, true)).toBeLessThan(1.2);
    const r1024 = GO1_26.markCost.relativeToGo119(1024, true);
    const r4096 = GO1_26.markCost.relativeToGo119(4096, true);
    expect(GO1_26.markCost.relativeToGo119(2048, true)).toBeCloseTo((r1024 + r4096) / 2, 12);
    // Outside the measured sizes: the nearest measurement.
    expect(GO1_26.markCost.relativeToGo119(8, true)).toBe(GO1_26.markCost.relativeToGo119(16, true));
    expect(GO1_26.markCost.relativeToGo119(1 << 20, true)).toBe(GO1_26.markCost.relativeToGo119(16384, true));
    // Objects without pointers are not scan work.
    expect(GO1_26.markCost.relativeToGo119(4096, false)).toBe(1);
    expect(GO1_26.markCost.relativeToGo119(4096, 0)).toBe(1);
  });

  test("a pointer fraction below 1 (the load generator's structs) costs what arrays do per pointer word; true and 1 are slices", () => {
    const typedAt = (v: GoVersion, size: number) => v.markCost.typedPoints.find((p) => p.size === size)!.p1;
    const at = (v: GoVersion, size: number) => v.markCost.points.find((p) => p.size === size)!.p1;
    for (const size of [1024, 4096, 16384]) {
      expect(GO1_26.markCost.relativeToGo119(size, 0.5)).toBeCloseTo(
        (MARK_COST_GO1_19_OVER_GO1_26 * at(GO1_26, 4096)) / typedAt(GO1_26, size),
        12,
      );
      expect(GO1_26.markCost.relativeToGo119(size, 1)).toBe(GO1_26.markCost.relativeToGo119(size, true));
    }
    expect(GO1_26.markCost.relativeToGo119(4096, 0.5)).toBeLessThan(0.6 * GO1_26.markCost.relativeToGo119(4096, true));
    for (const size of [16, 64, 256, 512])
      expect(GO1_26.markCost.relativeToGo119(size, 0.25)).toBe(GO1_26.markCost.relativeToGo119(size, true));
    for (const size of [64, 4096]) expect(GO1_19.markCost.relativeToGo119(size, 0.5)).toBe(1);
  });

  test("markCostFromPoints rejects a table that does not cover the sizes", () => {
    expect(() => markCostFromPoints("x", [], 2)).toThrow(/sizes/);
    expect(() => markCostFromPoints("x", GO1_26.markCost.points, 2, [])).toThrow(/sizes/);
  });
});
