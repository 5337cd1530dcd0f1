// The tick of batched garbage that crosses the trigger: a known gap of the model, recorded here. The real run starts
// the cycle at the span refill that crossed the trigger (runtime/malloc.go: mallocgc, `if shouldhelpgc { if t :=
// (gcTrigger{kind: gcTriggerHeap}); t.test() { gcStart(t) } }`) and allocates the rest of the tick after gcStart,
// black (mallocgc → gcmarknewobject adds it to work.bytesMarked), as a real go1.26.8 run that printed the pacer's
// state at every cycle shows (test/fixtures/versions/go1.26/pacertrace, recorded by probes/pacertrace/record.sh:
// heap0 = heapLive at gcStart, heap1 at mark termination, heap2 = bytes marked). The heap-minimum workload shows it
// alone: a 1 MiB live heap, 0.5 MiB of garbage every 5 ms, marks of ≈1 ms in which nothing else is allocated.
//
// The model (more than one P; one P: markphase.ts batchAssist) lands the whole tick before gcStart in every version,
// so nothing is allocated black in these marks. Not modelled yet, because alone it makes the model worse: split at
// the trigger (measured on branch fit at 19d233c), Go 1.26 was within every tolerance on 10/21 calibration workloads
// and Go 1.27 on 11/21, against 11/21 and 14/21 without it. The model's mutator does not assist during marks, so it
// already allocates too much in each mark (test/fidelity-versions.test.ts: ASSISTS), and the black rest of the tick
// adds up to one 5 ms tick to each marked heap (1–2 % fewer cycles). The assists were tried (branch assist, 123a771,
// again with Go's limiter accounting in 32192d1) and fail Go 1.19's alloc_step and CPU-quota tolerances
// (test/fidelity.test.ts). The split belongs with them: with the assists it brings Go 1.19's alloc_step within but
// puts this workload's Go 1.19 peak heap in use at 8.3 % (4.71 vs 4.3/4.4 MiB), Go 1.26 at 10/21, Go 1.27 at 12/21.

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

let realCache: Means | undefined;
const real = (): Means => (realCache ??= realMeans());

test("the real run allocates the rest of the crossing tick during the mark: 0.2–0.4 MiB per cycle, marked with it", () => {
  expect(real().black / MiB).toBeGreaterThan(0.2);
  expect(real().black / MiB).toBeLessThan(0.4);
  expect(real().marked / MiB).toBeGreaterThan(1.5);
});

test.each(["1.19", "1.26", "1.27"] as GoVersionName[])(
  "Go %s: the model lands the whole tick before gcStart, nothing allocated black (the gap)",
  (go) => {
    const sim = modelMeans(go);
    expect(sim.black).toBe(0);
    expect(sim.marked).toBeLessThan(real().marked);
  },
);

test.each(["1.26", "1.27"] as GoVersionName[])(
  "Go %s: the model's marked heap is the real one less the black rest of the tick (1.30 vs 1.63 MiB, 0.31 black)",
  (go) => {
    const sim = modelMeans(go);
    const gap = real().marked - sim.marked;
    expect(Math.abs(gap - real().black) / real().black).toBeLessThan(0.2);
  },
);
