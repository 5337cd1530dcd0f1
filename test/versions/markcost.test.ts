// Mark cost by version (kernel/versions/markcost.ts): the throughputs each version module holds are the medians of
// the measurement in test/fixtures/versions/go1.NN/markcost-corpus.txt (probes/markcost: forced GCs over a 128 MiB
// live heap shaped like the calibration corpus', objects of one size, GOMAXPROCS 1 and 2, five runs), and the
// relative cost the runtime model would apply follows from them.

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

/** Live bytes per mark CPU-second: median over runs of each run's median over its cycles. */
function measured(dir: string, size: number, procs: number): { value: number; runs: number } {
  const text = fs.readFileSync(path.join(__dirname, "..", "fixtures", "versions", dir, "markcost-corpus.txt"), "utf8");
  const byRun = new Map<number, number[]>();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const [rep, sz, shape, p, , live, cpuMetrics, cpuGctrace] = line
      .split(" ")
      .map((x, i) => (i === 2 ? NaN : Number(x)));
    void shape;
    if (sz !== size || p !== procs) continue;
    // runtime/metrics' mark CPU where the version has it (1.20+), gctrace's otherwise (1.19).
    const cpu = cpuMetrics > 0 ? cpuMetrics : cpuGctrace;
    const list = byRun.get(rep) ?? [];
    list.push(live / (cpu * 1e-9));
    byRun.set(rep, list);
  }
  return { value: median([...byRun.values()].map(median)), runs: byRun.size };
}

const versions: Array<[string, GoVersion]> = [
  ["go1.19", GO1_19],
  ["go1.26", GO1_26],
  ["go1.27", GO1_27],
];

describe.each(versions)("%s", (dir, v) => {
  test("every point is the fixture's median (to 3 significant digits), from at least 3 runs", () => {
    expect(v.markCost.points.map((p) => p.size)).toEqual([...MARK_COST_SIZES]);
    for (const p of v.markCost.points) {
      const m1 = measured(dir, p.size, 1);
      const m2 = measured(dir, p.size, 2);
      expect(m1.runs).toBeGreaterThanOrEqual(3);
      expect(m2.runs).toBeGreaterThanOrEqual(3);
      expect([p.size, 1, Math.abs(p.p1 / m1.value - 1) < 0.005]).toEqual([p.size, 1, true]);
      expect([p.size, 2, Math.abs(p.p2 / m2.value - 1) < 0.005]).toEqual([p.size, 2, true]);
    }
  });
});

describe("relative cost", () => {
  test("Go 1.19 is its own reference", () => {
    for (const size of [8, 16, 100, 4096, 1 << 20]) expect(GO1_19.markCost.relativeToGo119(size, true)).toBe(1);
  });

  test("the probe: Green Tea's objects (16–512 B) mark for less CPU per byte than in Go 1.19, objects with headers (> 512 B) for more", () => {
    for (const v of [GO1_26, GO1_27]) {
      const probe = (size: number) => v.markCost.relativeToGo119(size, true) / v.markCost.corpusFactor;
      for (const size of [16, 64, 256, 512]) expect(probe(size)).toBeLessThan(0.85);
      for (const size of [1024, 4096, 16384]) expect(probe(size)).toBeGreaterThan(1.1);
    }
  });

  test("the corpus factor: at 4 KiB (the corpus' live objects) the model applies the corpus' median ratio on one machine", () => {
    expect(GO1_19.markCost.corpusFactor).toBe(1);
    // measured in test/versions/mark-speed.test.ts
    expect(GO1_26.markCost.relativeToGo119(4096, true)).toBeCloseTo(MARK_COST_GO1_19_OVER_GO1_26, 12);
    expect(GO1_27.markCost.relativeToGo119(4096, true)).toBeCloseTo(MARK_COST_GO1_19_OVER_GO1_27, 12);
    expect(GO1_26.markCost.corpusFactor).toBeGreaterThan(1);
    expect(GO1_27.markCost.corpusFactor).toBeGreaterThan(1);
  });

  test("at a measured size it is the ratio of the GOMAXPROCS=1 throughputs (times the corpus factor); between sizes, interpolated in log size", () => {
    const at = (v: GoVersion, size: number) => v.markCost.points.find((p) => p.size === size)!.p1;
    expect(GO1_26.markCost.relativeToGo119(4096, true)).toBeCloseTo(
      (at(GO1_19, 4096) / at(GO1_26, 4096)) * GO1_26.markCost.corpusFactor,
      12,
    );
    const r1024 = GO1_26.markCost.relativeToGo119(1024, true);
    const r4096 = GO1_26.markCost.relativeToGo119(4096, true);
    expect(GO1_26.markCost.relativeToGo119(2048, true)).toBeCloseTo((r1024 + r4096) / 2, 12);
    // Outside the measured sizes: the nearest measurement.
    expect(GO1_26.markCost.relativeToGo119(8, true)).toBe(GO1_26.markCost.relativeToGo119(16, true));
    expect(GO1_26.markCost.relativeToGo119(1 << 20, true)).toBe(GO1_26.markCost.relativeToGo119(16384, true));
    // Objects without pointers are not scan work.
    expect(GO1_26.markCost.relativeToGo119(4096, false)).toBe(1);
  });

  test("markCostFromPoints rejects a table that does not cover the sizes", () => {
    expect(() => markCostFromPoints("x", [], GO1_19.markCost.points)).toThrow(/sizes/);
  });
});
