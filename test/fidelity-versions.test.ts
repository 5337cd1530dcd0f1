// Fidelity of the newer Go versions: every calibration workload (scenarios/calibration, written for Go 1.19) run under
// Go 1.26 and Go 1.27 — the same plan, go.version set — against this project's recordings with that toolchain
// (test/fixtures/real-go/go1.26.8 and go1.27.4, two reps each, `npm run record`), with Go 1.19's tolerances
// (test/fidelity.test.ts): the median over 9 seeds within 5 % of the nearer rep for GC cycles and peak heap in use and
// 10 % for peak RSS (chaotic regimes: 15 %, 15 %, 15 %), the OOM kill as in both reps at a time within 10 %.
// `npm run fidelity -- --go 1.26` prints the table.
//
// Where a workload misses a tolerance, MISSES says by how much (the error measured at this commit, the bound the test
// holds it to) and why, as far as it was measured; the bound is that measured error, not a wider tolerance: a change
// that makes the model worse there fails, one that makes it better lets the entry be removed.
import {
  compareWorkload,
  comparisonTable,
  nearerRepError,
  hasCorpus,
  calibrationScenarios,
  Comparison,
  GO126_WORKLOADS_CORPUS,
  GO126_WORKLOADS_DIR,
} from "./support/fidelity";
import type { GoVersionName } from "../kernel/plan";

type Regime = "deterministic" | "chaotic";
/** The regimes of test/fidelity.test.ts: the memory-limit death spirals and the CPU quota are chaotic. */
const CHAOTIC = new Set([
  "goroutine_leak_200ps_16k_stack_cgroup256m_gomemlimit192m",
  "leak_to_gomemlimit512m_gogc100",
  "leak_to_gomemlimit512m_gogcoff",
  "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps",
]);
const TOLERANCE = {
  deterministic: { gcCycles: 0.05, peakHeapInUse: 0.05, peakRss: 0.1 },
  chaotic: { gcCycles: 0.15, peakHeapInUse: 0.15, peakRss: 0.15 },
};
type Metric = keyof (typeof TOLERANCE)["deterministic"];

interface Miss {
  /** The error this commit measures (median of 9 seeds vs the nearer rep), as a fraction: the test's bound. */
  measured: number;
  why: string;
}

// Reasons shared by several entries (each measured: see the per-cycle comparisons quoted).
const SHORT_MARKS =
  "marks too short: the real Go 1.26 marks of this workload take longer than the model's (mark CPU per marked byte " +
  "1.43–2.11× Go 1.19's across the corpus, the model applies the corpus median 1.74 for 4 KiB objects: " +
  "kernel/versions/markcost.ts), so fewer bytes are allocated black during each mark and the goals come out lower";
const SPIRAL =
  "memory-limit death spiral: cycles back to back, so the count is set by the mark's length; real Go 1.26 marks the " +
  "512 MiB heap in 210 ms (assist 86–90 + background 110 + idle 115–119 ms CPU per mark, gctrace medians) where the " +
  "model takes ≈100 ms (its mark cost for this heap, 2.11× Go 1.19's in the corpus, is the top of the range the " +
  "model's single per-version factor spans): ≈30 % more cycles. Go 1.19's model is 7 % high here too";
const ASSISTS =
  "the real mutator assists 8–9 ms per cycle (gctrace) where the model's background and idle workers finish the " +
  "mark alone (0 ms assists): the real mutator allocates less during each mark (7 vs 10 MiB), so more cycles fit";

const QUOTA =
  "CPU quota of 0.5 core at GOMAXPROCS=2, the knife edge of Go 1.19's model too (test/fidelity.test.ts: its peak " +
  "heap moves 15 % with the third digit of the scan rate): with Go 1.26's slower marks the model's mutator falls " +
  "behind and the heap overshoots each goal (peak 443–701 MiB over the seeds) where real Go 1.26/1.27 keep 277–383 MiB. " +
  "Per cycle (gctrace, Go 1.26 rep1 vs seed 1): real marks of ≈100 ms spend 50–186 ms CPU in assists and mark " +
  "93–115 MiB; the model's marks of 20–180 ms assist 4–170 ms and mark 110–160 MiB: its mutator, less held by " +
  "assists, allocates more during each mark (the assists: coordinated with the mark helper). The limiter is 1.19's " +
  "(mgclimit.go 1.26.8: idle mark time still counts as idle; only sched.idleTime is new)";
const SMALL =
  "the 4 MiB heap-minimum regime, where a cycle starts at the 0.5 MiB garbage tick that crosses the trigger and marks " +
  "the rest of it (versions/version.ts: triggerCrossingBatch; go1.26.8's pacer trace: heap1 − heap0 0.31 MiB, heap2 " +
  "1.63 MiB, trigger 3.30 MiB, means over 415 cycles; the model: 0.35, 1.65, 3.30). The model settles on a fixed " +
  "point, a cycle every 4th tick (20 ms); real Go's ticks jitter (two garbage workers) and one cycle in 7 comes a tick " +
  "early (15 ms), hence 397 cycles against 420/421";
const SMALL_PEAK =
  "the model's peak is its first cycle (4.3 MiB at the first trigger, 61/64 of the 4 MiB goal with no cons/mark yet, " +
  "4.75 MiB in use), as real: gctrace gc 1 3->4->1 MB, the pacer trace's heap1 4,403,712 B; the real runs' 50 ms " +
  "samples miss it (Go 1.26's peak heap in use, 4,333,568/4,243,456 B, is below that heap1)";

const LEAK =
  "leaked goroutines retain their heap in 4 KiB pointerful objects (4,864 B slots with the malloc header: " +
  "workload/leakgoroutines.ts, as the corpus harness and the load generator allocate them), and the model's marked " +
  "heap follows the real one cycle by cycle (gctrace H2 at 3.9/5.4/6.0 s: 50/63/66 vs 51/63/67 MiB); but real Go " +
  "1.26 marks for twice as long (23–24 vs 12 ms), so its cons/mark is larger, its triggers earlier and its cycles " +
  "more frequent (the mark's length). Not modelled: the ≈0.2 KiB more each real goroutine holds (a sudog of 104 B, " +
  "runtime/chan.go chanrecv → acquireSudog; the load generator's 64 B slice of the objects and its go statement's " +
  "closure)";
const BURSTS =
  "request bursts (3000/s, 64 KiB pointer-free each): per cycle the marked heaps agree (41 vs 41–42 MiB at 200/s, " +
  "97–100 both at 3000/s); the model triggers later at 200/s (heap at cycle start 70–76 vs 68–73 MiB in gctrace, " +
  "cycles every 300 vs 280 ms) with marks of 7–19 ms against real 11–26 ms: a smaller cons/mark (the mark's length)";
const BURSTS_PEAK =
  "the real runs' peak heap in use is sampled every 50 ms and misses the peak: their gctrace peak heap at mark " +
  "termination (185 MiB, rep1) is above their sampled peak heap in use (177/179 MiB), which contains it; the model's " +
  "continuous peak is 192 MiB (its gctrace peak 190)";

const MISSES: Record<string, Record<string, Partial<Record<Metric, Miss>>>> = {
  "1.26": {
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": {
      peakHeapInUse: { measured: 0.348, why: QUOTA },
      peakRss: { measured: 0.363, why: QUOTA },
    },
    gogcoff_gomemlimit256m_live64m_300mibps: {
      gcCycles: {
        measured: 0.08,
        why: `${SHORT_MARKS}: the model triggers at 199 MiB of a 234 MiB goal, real Go 1.26 at 192 of 237 (34 vs 22 ms marks)`,
      },
    },
    gomaxprocs1_live64m_300mibps_gogc100: {
      gcCycles: {
        measured: 0.096,
        why: `${SHORT_MARKS}: one P, marks of 33 vs 46–49 ms, marked heap 85 vs 89–90 MiB, goal 171 vs 178–180 MiB`,
      },
      peakHeapInUse: { measured: 0.074, why: `${SHORT_MARKS} (one P)` },
    },
    goroutine_leak_200ps_16k_stack_cgroup256m: { gcCycles: { measured: 0.1, why: `${LEAK}: 27 cycles vs 30/30` } },
    goroutine_leak_200ps_8k_stack_cgroup256m: { gcCycles: { measured: 0.061, why: `${LEAK}: 31 cycles vs 33/33` } },
    leak_to_gomemlimit512m_gogc100: { gcCycles: { measured: 0.326, why: SPIRAL } },
    leak_to_gomemlimit512m_gogcoff: {
      gcCycles: { measured: 0.363, why: SPIRAL },
      peakRss: { measured: 0.169, why: `${SPIRAL}; the heap overshoots with the extra cycles' assists` },
    },
    objsize_tiny_16b_200mibps_live32m: {
      gcCycles: {
        measured: 0.059,
        why:
          "64 cycles against 68/68: the model allocates 2.98 MiB black per cycle (the rest of the crossing tick, " +
          "triggerCrossingBatch, and 2.5 MiB during its 14.7 ms marks) where go1.26.8's pacer trace shows 2.68 MiB " +
          "(heap1 − heap0, mean of 63 cycles) during 13–23 ms marks: the real mutator allocates ≈110 MiB/s while " +
          "marking against the model's ≈170 (the mark's CPU share and assists), so its marked heap (40.9 vs 41.1 MiB) " +
          "and goals (81.9 vs 82.5 MiB) come out lower and its cycles more frequent",
      },
    },
    request_bursts_200_3000rps_64k_live32m: {
      gcCycles: { measured: 0.066, why: BURSTS },
      peakHeapInUse: { measured: 0.074, why: BURSTS_PEAK },
    },
    small_live1m_heapmin4m_gogc100_100mibps: {
      peakHeapInUse: { measured: 0.15, why: SMALL_PEAK },
    },
    steady_gogc50_live64m_500mibps: {
      gcCycles: { measured: 0.104, why: ASSISTS },
      peakHeapInUse: { measured: 0.064, why: ASSISTS },
    },
  },
  "1.27": {
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": {
      gcCycles: { measured: 0.165, why: QUOTA },
      peakHeapInUse: { measured: 0.696, why: QUOTA },
      peakRss: { measured: 0.634, why: QUOTA },
    },
    leak_to_gomemlimit512m_gogc100: { gcCycles: { measured: 0.251, why: SPIRAL } },
    leak_to_gomemlimit512m_gogcoff: { gcCycles: { measured: 0.298, why: SPIRAL } },
    small_live1m_heapmin4m_gogc100_100mibps: {
      gcCycles: { measured: 0.053, why: SMALL },
      peakHeapInUse: { measured: 0.077, why: SMALL_PEAK },
    },
    steady_gogc200_live64m_500mibps: {
      peakHeapInUse: { measured: 0.069, why: `${SHORT_MARKS}: peak heap in use 255 vs 274/288 MiB` },
    },
    steady_gogc50_live64m_500mibps: {
      peakHeapInUse: { measured: 0.085, why: `${ASSISTS} (Go 1.27: peak heap in use 143 vs 156/158 MiB)` },
    },
  },
};

// The workloads written for what changed (scenarios/calibration-go1.26), recorded with Go 1.26.8 only
// (test/fixtures/real-go/new-workloads/go1.26.8; every rep with ≤ 0.03 core of other CPU on the machine). Their gctrace
// medians (cycles after 0.5 s) against the model's say where the model stands: the memory-limit case is within every
// tolerance; the three others have real marks about twice as long as the model's (headers 117–135 vs 57 ms, bursts
// 45–46 vs 22 ms, 64 B objects 20–25 vs 8.4 ms).
const LONG_MARKS_NEW =
  "real Go 1.26 marks this workload for about twice as long as the model (gctrace medians: see above), so it " +
  "allocates more during each mark and overshoots its goals further";
const MISSES_NEW: Record<string, Partial<Record<Metric, Miss>>> = {
  go126_consmark_bursts_100_800mibps: {
    gcCycles: {
      measured: 0.112,
      why:
        `${LONG_MARKS_NEW}: 70 cycles vs 63/60, heaps at cycle start 160 vs 174–177 MiB; the real mutator also assists ` +
        "15–22 ms per cycle in the 800 MiB/s seconds where the model's workers finish alone",
    },
    peakHeapInUse: { measured: 0.094, why: `${LONG_MARKS_NEW} (peak heap in use 198 vs 218/225 MiB)` },
  },
  go126_greentea_live64m_64b_ptr: {
    gcCycles: {
      measured: 0.112,
      why:
        "64 B objects with pointers: the model applies the isolated probe's Green Tea gain (0.6 of Go 1.19's mark CPU per " +
        "byte, times the corpus factor: 0.69) and marks in 8.4 ms of wall time (16 ms CPU) where real Go 1.26 takes 20–25 ms " +
        "(36–44 ms CPU): with the mutator allocating 64 B pointerful garbage the probe's gain does not show; its marked " +
        "heap is 77–79 vs 72 MiB and its goal 155–158 vs 145 MiB, hence fewer cycles (24 vs 27)",
    },
  },
  go126_headers_live192m_4k_ptr_garbage_4k_ptr: {
    peakHeapInUse: {
      measured: 0.153,
      why:
        `${LONG_MARKS_NEW}: 228 MiB of live 4 KiB objects with headers mark in 117–135 ms (212–250 ms CPU) against the ` +
        "model's 57 ms (112 ms CPU); the reps themselves differ by 15 % (528 and 606 MiB). GC cycles (20) and peak RSS " +
        "are within tolerance",
    },
  },
};

const VERSIONS: GoVersionName[] = ["1.26", "1.27"];
const results = new Map<string, Comparison>();
function comparison(name: string, go: GoVersionName): Comparison {
  const key = `${go} ${name}`;
  let c = results.get(key);
  if (!c) {
    c = compareWorkload(name, undefined, go);
    results.set(key, c);
  }
  return c;
}

describe.each(calibrationScenarios(GO126_WORKLOADS_DIR))("Go 1.26, %s (recorded with Go 1.26.8 only)", (name) => {
  const misses = MISSES_NEW[name] ?? {};
  test("GC cycles, peak heap in use and peak RSS within the deterministic tolerances (or the measured miss)", () => {
    const c = compareWorkload(name, undefined, "1.26", { dir: GO126_WORKLOADS_DIR, corpus: GO126_WORKLOADS_CORPUS });
    results.set(`1.26 ${name}`, c);
    expect(c.reps.length).toBe(2);
    for (const m of ["gcCycles", "peakHeapInUse", "peakRss"] as Metric[]) {
      const err = nearerRepError(c[m]);
      const miss = misses[m];
      if (miss) {
        expect({ [m]: err > TOLERANCE.deterministic[m] }).toEqual({ [m]: true });
        expect({ [m]: err <= miss.measured }).toEqual({ [m]: true });
      } else {
        expect({ [m]: err, within: err <= TOLERANCE.deterministic[m] }).toEqual({ [m]: err, within: true });
      }
    }
    expect(c.timeToOom.sim).toBeNull();
    expect(c.reps.every((r) => !r.oomKilled)).toBe(true);
  });
});

afterAll(() => {
  for (const go of VERSIONS) {
    const rows = [...results.values()].filter((c) => c.goVersion === go);
    if (rows.length > 0) process.stdout.write(`\nGo ${go}\n` + comparisonTable(rows));
  }
});

describe.each(VERSIONS)("Go %s", (go) => {
  const workloads = calibrationScenarios().filter((w) => hasCorpus(w, go));
  test("every calibration workload has a recording of this version (2 reps)", () => {
    expect(workloads).toEqual(calibrationScenarios());
  });

  describe.each(workloads)("%s against both real reps", (name) => {
    const regime: Regime = CHAOTIC.has(name) ? "chaotic" : "deterministic";
    const misses = MISSES[go][name] ?? {};
    test(`GC cycles, peak heap in use and peak RSS within the ${regime} tolerances (or the measured miss)`, () => {
      const c = comparison(name, go);
      expect(c.reps.length).toBe(2);
      for (const m of ["gcCycles", "peakHeapInUse", "peakRss"] as Metric[]) {
        const err = nearerRepError(c[m]);
        const miss = misses[m];
        if (miss) {
          // a documented miss: above the tolerance (else the entry is stale) and at most what was measured
          expect({ [m]: err > TOLERANCE[regime][m] }).toEqual({ [m]: true });
          expect({ [m]: err <= miss.measured }).toEqual({ [m]: true });
        } else {
          expect({ [m]: err, within: err <= TOLERANCE[regime][m] }).toEqual({ [m]: err, within: true });
        }
      }
    });
    test("OOM kill as in both reps, at a time within 10 %", () => {
      const c = comparison(name, go);
      const realOom = c.reps.map((r) => r.oomKilled);
      expect(new Set(realOom).size).toBe(1);
      expect(c.timeToOom.sim !== null).toBe(realOom[0]);
      if (realOom[0]) expect(nearerRepError(c.timeToOom)).toBeLessThanOrEqual(0.1);
    });
  });
});
