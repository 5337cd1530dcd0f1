// GoVersion.triggerCrossingBatch: the tick of batched garbage that crosses the trigger is split at it, its rest
// allocated black during the mark (Go 1.26/1.27), against a real go1.26.8 run that printed the pacer's state at every
// cycle (test/fixtures/versions/go1.26/pacertrace, recorded by probes/pacertrace/record.sh: heap0 = heapLive at
// gcStart, heap1 at mark termination, heap2 = bytes marked). The heap-minimum workload shows it alone: a 1 MiB live
// heap, 0.5 MiB of garbage every 5 ms, marks of ≈1 ms in which nothing else is allocated.

import * as fs from "fs";
import * as path from "path";
import * as zlib from "zlib";
import { loadPlan } from "../../lib/cli/load";
import { run } from "../../lib/index";
import type { GoVersionName } from "../../kernel/plan";

const WORKLOAD = "small_live1m_heapmin4m_gogc100_100mibps";
const MiB = 2 ** 20;
const WARMUP = 5; // cycles left out: the first cycles start from an empty heap and no cons/mark

interface Means {
  black: number; // heap1 − heap0
  marked: number; // heap2
}

function realMeans(): Means {
  const file = path.join(__dirname, "../fixtures/versions/go1.26/pacertrace", `${WORKLOAD}.txt.gz`);
  const lines = zlib.gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n");
  const rows = lines
    .filter((l) => l.startsWith("pacer:"))
    .map((l) =>
      Object.fromEntries(
        l
          .split(" ")
          .slice(1)
          .map((kv) => [kv.split("=")[0], Number(kv.split("=")[1])]),
      ),
    )
    .slice(WARMUP);
  expect(rows.length).toBeGreaterThan(400);
  const mean = (f: (r: Record<string, number>) => number): number => rows.reduce((a, r) => a + f(r), 0) / rows.length;
  return { black: mean((r) => r.heap1 - r.heap0), marked: mean((r) => r.heap2) };
}

function modelMeans(go: GoVersionName): Means {
  const plan = loadPlan(path.join(__dirname, "../../scenarios/calibration", `${WORKLOAD}.ts`));
  plan.scenario.go = { ...plan.scenario.go, version: go, goMod: go };
  const cycles = run(plan).raw.cycles.slice(WARMUP);
  const mean = (f: (c: (typeof cycles)[number]) => number): number =>
    cycles.reduce((a, c) => a + f(c), 0) / cycles.length;
  return { black: mean((c) => c.heapEndBytes - c.heapStartBytes), marked: mean((c) => c.heapMarkedBytes) };
}

test("the real run allocates the rest of the crossing tick during the mark: 0.2–0.4 MiB per cycle, marked with it", () => {
  const real = realMeans();
  expect(real.black / MiB).toBeGreaterThan(0.2);
  expect(real.black / MiB).toBeLessThan(0.4);
  expect(real.marked / MiB).toBeGreaterThan(1.5);
});

test.each(["1.26", "1.27"] as GoVersionName[])("Go %s: the rest of the tick is black, as in the real run", (go) => {
  const real = realMeans();
  const sim = modelMeans(go);
  expect(Math.abs(sim.black - real.black) / real.black).toBeLessThan(0.2);
  expect(Math.abs(sim.marked - real.marked) / real.marked).toBeLessThan(0.05);
});

test("Go 1.19's calibrated model lands the whole tick before gcStart: nothing allocated black in these marks", () => {
  const sim = modelMeans("1.19");
  expect(sim.black).toBe(0);
});
