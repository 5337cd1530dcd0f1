// What 2,000 leaked goroutines add to a mark (MISSES' LEAK in test/fidelity-versions.test.ts): forced collections over
// the goroutine-leak workloads' heap at 8–12 s (16 MiB live held by one slice and 2,000 goroutines parked 35 frames
// deep, each holding 32 KiB in 4 KiB pointerful slices) against the same bytes held by one slice with no goroutines,
// at GOMAXPROCS 1 and 2, go1.19.8 / go1.26.8 / go1.27.4 (test/fixtures/versions/leakmark.txt, recorded by
// probes/leakmark/record.sh with probes/stackscan's program; 3 reps of 8 cycles each).

import * as fs from "fs";
import * as path from "path";
import { mean, min } from "simple-statistics";

interface Cycle {
  version: string;
  procs: number;
  goroutines: number;
  rep: number;
  liveBytes: number;
  clockMs: number;
  cpuMs: number;
}

const cycles: Cycle[] = fs
  .readFileSync(path.join(__dirname, "../fixtures/versions/leakmark.txt"), "utf8")
  .split("\n")
  .filter((l) => l !== "" && !l.startsWith("#"))
  .map((l) => {
    const f = l.split(" ");
    return {
      version: f[0],
      procs: Number(f[1]),
      goroutines: Number(f[2]),
      rep: Number(f[5]),
      liveBytes: Number(f[7]),
      clockMs: Number(f[8]),
      cpuMs: Number(f[9]),
    };
  });
const VERSIONS = ["go1.19", "go1.26", "go1.27"];

function runs(version: string, procs: number, goroutines: number): Cycle[][] {
  const of = cycles.filter((c) => c.version === version && c.procs === procs && c.goroutines === goroutines);
  return [1, 2, 3].map((rep) => of.filter((c) => c.rep === rep));
}

test("the fixture holds 3 reps of 8 cycles for each version, GOMAXPROCS and heap, of the same bytes", () => {
  for (const v of VERSIONS)
    for (const p of [1, 2]) for (const g of [0, 2000]) for (const r of runs(v, p, g)) expect(r.length).toBe(8);
  for (const v of VERSIONS) {
    const leak = mean(runs(v, 1, 2000)[0].map((c) => c.liveBytes));
    const slice = mean(runs(v, 1, 0)[0].map((c) => c.liveBytes));
    expect(Math.abs(leak / slice - 1)).toBeLessThan(0.01);
  }
});

test("on one P the leaked goroutines add at most 6 µs of mark CPU each (their stacks and small objects)", () => {
  for (const v of VERSIONS) {
    const leak = mean(
      runs(v, 1, 2000)
        .flat()
        .map((c) => c.cpuMs),
    );
    const slice = mean(
      runs(v, 1, 0)
        .flat()
        .map((c) => c.cpuMs),
    );
    const perGoroutineUs = ((leak - slice) * 1e3) / 2000;
    expect(perGoroutineUs).toBeGreaterThan(0);
    expect(perGoroutineUs).toBeLessThan(6);
  }
});

test("two Ps can mark the leak's heap in about half the one-P time (the fastest rep)", () => {
  for (const v of VERSIONS) {
    const one = mean(
      runs(v, 1, 2000)
        .flat()
        .map((c) => c.clockMs),
    );
    const two = min(runs(v, 2, 2000).map((r) => mean(r.map((c) => c.clockMs))));
    expect(two / one).toBeGreaterThan(0.45);
    expect(two / one).toBeLessThan(0.65);
  }
});

test("in other reps two Ps take about the one-P time at twice the CPU (the second worker finds little to scan)", () => {
  // go1.26.8's reps at GOMAXPROCS=2 (the leak heap): one at 31 ms and 62 ms CPU, two at 54–62 ms and 105–122 ms CPU;
  // the real goroutine-leak marks at 8–12 s (go1.26.8 corpus, gctrace means) are 49–52 ms with 92–97 ms of CPU.
  const reps = runs("go1.26", 2, 2000).map((r) => ({
    clock: mean(r.map((c) => c.clockMs)),
    cpu: mean(r.map((c) => c.cpuMs)),
  }));
  const one = mean(
    runs("go1.26", 1, 2000)
      .flat()
      .map((c) => c.cpuMs),
  );
  const slow = reps.filter((r) => r.clock > 0.8 * one);
  expect(slow.length).toBeGreaterThanOrEqual(1);
  for (const r of slow) expect(r.cpu / one).toBeGreaterThan(1.5);
  for (const r of reps) expect(r.cpu / r.clock).toBeGreaterThan(1.8);
});
