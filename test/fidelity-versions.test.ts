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

// Reasons shared by several entries (each measured: see the per-cycle comparisons quoted). The model is run at the mark
// speed of the machine each corpus was recorded on (test/support/fidelity.ts: MACHINE_MARK_SPEED, 0.96 for go1.26.8,
// 0.81 for go1.27.4, 0.62 for new-workloads/go1.26.8), so its marks take as long as the real ones (steady_gogc100,
// Go 1.26: 29 vs 28–31 ms; the 512 MiB spiral's are still short, see SPIRAL).
const ASSISTS =
  "the real mutator assists through each mark where the model's background and idle workers finish alone, so it " +
  "allocates less during the mark (steady_gogc50, Go 1.26, gctrace means: 11–12 ms of assists per 28–29 ms mark, " +
  "9.0–9.5 MiB allocated at 324–329 MiB/s, against the model's 0.2 ms, 12.6 MiB at 430 MiB/s; the marks themselves " +
  "agree: 29 vs 28–29 ms, 56 vs 52–53 ms CPU): the black allocation raises the marked heap and the next goal (88 vs " +
  "85 MiB, goal 133 vs 128), so each cycle allocates more (45 vs 39–40 MiB) and there are fewer. Real Go 1.19.8 " +
  "assists too (0.31–0.36 P during its marks, the model none): its marks, half as long, hide it in Go 1.19's fit. " +
  "The model's markRates (kernel/mark.ts) gives idle workers every P the nominal mutator leaves (1.43 P of idle " +
  "workers against the real 1.04 P), so the pacer's assist ratio never exceeds what the workers scan. The runtime's " +
  "own tracer says what the split is (test/versions/marksplit.test.ts, test/fixtures/versions/marksplit.txt: per P, " +
  "two runs per version of three workloads): during Go 1.26/1.27's marks at 500–900 MiB/s the allocating goroutines " +
  "assist 0.42–1.00 P and idle workers get 0.38–0.73 P (the model's: 1.36–1.42 P, no assists), the mutator's own " +
  "work takes only 0.11–0.29 P and 0.02–0.05 P stays unused, so the mutator is not short of CPU; it allocates " +
  "271–315 MiB/s in the 500 MiB/s marks (the model 1.13–1.53× the real rate) and catches up after them at " +
  "643–789 MiB/s; its timers run 1.2–2.4 ms late in the marks (0.5–0.7 ms between them): idle workers hold the Ps " +
  "(gcDrain(gcDrainIdle) yields at pollWork, which does not look at timers): 2–4 ms into a mark the mutator runs " +
  "0.03–0.28 P, and each mark's first millisecond has 0.55–1.03 P of assists (no background credit yet) and " +
  "0.23–0.57 P unused. Tried in scratch, not kept: every mark's timers waiting for sysmon as the one-P runs do " +
  "(runtime.ts stallsTimers for any GOMAXPROCS) takes Go 1.19 steady_gogc50 to 244 cycles vs 198/197; released " +
  "every FORCE_PREEMPT_NS / GOMAXPROCS with the fractional worker running, Go 1.26 improves (steady_gogc50 cycles " +
  "18.3 %, 900 MiB/s 5.0 %, alloc_step 6.0 %, 16 B objects 7.4 %) but Go 1.19 leaves three tolerances (cycles " +
  "7.6 %, 8.2 %, 8.3 %): Go 1.19's model marks are short (11.2 vs 13.3–13.6 ms: the same mark CPU over 1.94 P " +
  "where real Go 1.19 uses 1.53–1.56) and allocate 4.4 MiB black vs the real 7.1–7.3 MiB (harness gctrace), and " +
  "its marked heap is low by that alone (68.4 vs 70.8–71.1 MiB; the live part agrees within 0.3 MiB: " +
  "marksplit.test.ts, Go 1.19's marks per cycle), so a stall removes black allocation the model already lacks. The " +
  "hold is the machine's as much as the version's (test/versions/markalloc.test.ts): the calibration machine's marks " +
  "allocate at full speed (Go 1.19's corpus), this VM's hold back in every version, the harness's own program too, and " +
  "a third of Go 1.26's steady_gogc50 marks end ≥ 8 MiB below the goal where the model's end at it; a hold by one " +
  "share in every mark moves the cycles but takes the peaks below the real ones (kernel/mark.ts)";
const SPIRAL =
  "memory-limit death spiral: cycles back to back, so the count is set by the marks' length and the gaps between them. " +
  "The 512 MiB leak's heap now marks at the 4 KiB objects' cost (the model had relabelled it as 1 KiB objects, which " +
  "Go 1.26 marks for less, when `.leakHeap(0)` stopped the leak at 10 s: test/versions/mark-speed.test.ts), but its " +
  "marks are still short (GOGC=off, 10–12 s, gctrace means: 184 vs 240 ms, 344 vs 387 ms CPU), for two measured " +
  "reasons: the version's cost (2.21) scales the whole mark where Go 1.26.8's corpus costs 2.57 per byte with the " +
  "fixed part apart (kernel/versions/markcost.ts says why that is not adopted), and the real mutator keeps 0.4 P " +
  "through each mark (assists: 109 ms) where the model's workers take 1.9 P, so the model's mutator allocates more in " +
  "its marks (H1 − H0 132 vs 123 MiB) and its heap overshoots further (ASSISTS)";
const SWEEP_GAP =
  "the gap between one spiral cycle's end and the next one's start is gcStart's sweep of every span in use, now " +
  "costed per span (kernel/versions/sweepcost.ts: probes/sweep's spirals, go1.26.8 267 ns per span on 2 CPUs; a 4 KiB " +
  "pointerful object takes a 4,864 B slot, 5 to a 24 KiB span where Go 1.19 puts 2 to an 8 KiB one). With it the " +
  "model's gaps match: the 192 MiB goroutine leak (14–20 s, medians) 2.9 vs 2.9/2.9 ms, now within tolerance " +
  "(147 cycles vs 166/168, 16.9 % before); the 512 MiB leak (10–15 s) 13.9 vs 11.9/10.3 ms, where the per-byte " +
  "rate fitted on Go 1.19's harness gave ≈36 ms and hid the short marks (SPIRAL: 182 vs 223–225 ms, medians)";

const QUOTA =
  "CPU quota of 0.5 core at GOMAXPROCS=2, the knife edge of Go 1.19's model too (test/fidelity.test.ts: its peak " +
  "heap moves 15 % with the third digit of the scan rate): with Go 1.26's slower marks the model's mutator falls " +
  "behind and the heap overshoots each goal (Go 1.26: peak in use 476–706 MiB over the seeds, at ccac123) where " +
  "real Go 1.26/1.27 keep 277–383 MiB. Fed to the limiter as Go counts it (a behind mutator's every P is mutator " +
  "time, mgclimit.go updateLocked) and with the mark's assists (commit 32192d1, reverted: Go 1.19 leaves two " +
  "tolerances), Go 1.26 comes to 18.6/16.8/17.9 % (cycles, in use, RSS) and Go 1.27 to 21.3/97.2/89.8 %";
const SMALL =
  "the 4 MiB heap-minimum regime, where a cycle starts at the 0.5 MiB garbage tick that crosses the trigger and real " +
  "Go allocates the rest of that tick black during the mark (go1.26.8's pacer trace: heap1 − heap0 0.31 MiB, heap2 " +
  "1.63 MiB, means over 415 cycles), where the model lands the whole tick before gcStart (0 black, marked heap " +
  "1.30 MiB): a known gap, not modelled until the mutator assists through marks (test/versions/trigger-crossing.test.ts " +
  "says why), hence 372–373 cycles against 420/421";
const SMALL_PEAK =
  "the model's peak is its first cycle (4.3 MiB at the first trigger, 61/64 of the 4 MiB goal with no cons/mark yet, " +
  "4.75 MiB in use), as real: gctrace gc 1 3->4->1 MB, the pacer trace's heap1 4,403,712 B; the real runs' 50 ms " +
  "samples miss it (Go 1.26's peak heap in use, 4,333,568/4,243,456 B, is below that heap1)";
const NO_TICK =
  "peak heap in use below the nearer rep, within 5 % at 19d233c, where the model allocated the rest of the garbage " +
  "tick that crosses the trigger black in the mark as real Go does; without it (test/versions/trigger-crossing.test.ts: " +
  "a known gap, not modelled until the mutator assists through marks) each marked heap, and so the next goal, is lower";
const LEAK =
  "leaked goroutines retain their heap in 4 KiB pointerful objects (4,864 B slots with the malloc header: " +
  "workload/leakgoroutines.ts, as the corpus harness and the load generator allocate them), and the model's marked " +
  "heap follows the real one cycle by cycle (gctrace H2 at 3.9/5.4/6.0 s: 50/63/66 vs 51/63/67 MiB); real Go 1.26 " +
  "assists through its marks and allocates less in them (ASSISTS), so its cycles are more frequent. Not modelled: " +
  "the ≈0.2 KiB more each real goroutine holds (a sudog of 104 B, runtime/chan.go chanrecv → acquireSudog; the load " +
  "generator's 64 B slice of the objects and its go statement's closure). Its marks with 2,000 leaked goroutines " +
  "(8–12 s) are longer than the model's (49–52 vs 32 ms, gctrace means, with 92–97 vs 64 ms of mark CPU), and not " +
  "for the goroutines: forced GCs over the same heap (test/fixtures/versions/leakmark.txt, test/versions/" +
  "leakmark.test.ts) cost go1.26.8 on one P 62.7 ms of CPU against 55.9 ms for the same bytes held by one slice " +
  "(3.4 µs per goroutine: stacks, sudogs, the small slices; 5.0 µs in go1.19.8), and the model's 64 ms of CPU is " +
  "that one-P work. On two Ps the same mark takes from 28–31 ms (both workers scanning) up to the one-P time at " +
  "twice the CPU, from one process or cycle to the next (31–62 ms; 31–59 ms in a re-run with nothing else running), " +
  "where plain pointer chasing on two Ps runs a steady 1.5–1.8× faster than on one on this VM (leakmark.txt's " +
  "control): Go's second mark worker often finds little to scan. The real marks have that slow shape, the model " +
  "marks with two Ps at twice one's speed: the mark's parallelism (kernel/mark.ts markRates), not the leak's heap";

const BURSTS =
  "request bursts (3000/s, 64 KiB pointer-free each): per cycle the marked heaps agree (41 vs 41–42 MiB at 200/s, " +
  "97–100 both at 3000/s); the real runs' peak heap in use is sampled every 50 ms and misses the peak: their gctrace " +
  "peak heap at mark termination (185 MiB, rep1) is above their sampled peak heap in use (177/179 MiB), which " +
  "contains it";

const MISSES: Record<string, Record<string, Partial<Record<Metric, Miss>>>> = {
  "1.26": {
    alloc_step_100_800_100mibps_live64m_gogc100: {
      gcCycles: { measured: 0.09, why: `${ASSISTS} (61 cycles vs 70/67)` },
    },
    cpu_noquota_control_gomaxprocs2_live64m_900mibps: {
      gcCycles: { measured: 0.083, why: `${ASSISTS} (900 MiB/s: 111 cycles vs 121/132)` },
    },
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": {
      // GC cycles 32.9 %, in use 57.8 %, RSS 59.5 % before the sweep was costed per span
      // (kernel/versions/sweepcost.ts); the cycles are now within the chaotic 15 % (60 vs 80/70). The knife edge: at
      // 271 ns per span instead of the fit's 267 the peak in use was 36.2 % off, at 267 it is 44.7 %.
      peakHeapInUse: { measured: 0.448, why: QUOTA },
      peakRss: { measured: 0.461, why: QUOTA },
    },
    goroutine_leak_200ps_16k_stack_cgroup256m: { gcCycles: { measured: 0.067, why: `${LEAK} (28 cycles vs 30/30)` } },
    leak_to_gomemlimit512m_gogc100: {
      gcCycles: {
        measured: 0.176,
        why:
          `${SPIRAL}. Worse than before (within 15 %) since ${SWEEP_GAP}: 94 cycles vs 80/80, the model's cycle ` +
          "(mark + gap) 196 vs 236 ms",
      },
    },
    leak_to_gomemlimit512m_gogcoff: {
      gcCycles: {
        measured: 0.204,
        why: `${SPIRAL}. Worse than before (within 15 %) since ${SWEEP_GAP}: 83 cycles vs 69/65`,
      },
      peakRss: { measured: 0.183, why: `${SPIRAL}: peak RSS 1,036 vs 876/859 MiB (1,071, 22.3 %, before)` },
    },
    objsize_tiny_16b_200mibps_live32m: {
      gcCycles: {
        measured: 0.089,
        why: `${ASSISTS} (here: 62 cycles vs 68/68)`,
      },
    },
    request_bursts_200_3000rps_64k_live32m: {
      peakHeapInUse: { measured: 0.063, why: BURSTS },
    },
    small_live1m_heapmin4m_gogc100_100mibps: {
      gcCycles: { measured: 0.115, why: SMALL },
      peakHeapInUse: { measured: 0.15, why: SMALL_PEAK },
    },
    steady_gogc50_live64m_500mibps: {
      gcCycles: {
        measured: 0.19,
        why:
          `${ASSISTS} (133 cycles vs 167/164). Only in part: a scratch run with the model's mutator slowed to 0.7 of ` +
          "its speed during every mark gives 138 cycles here (and a peak heap in use 12 % low), where it closes the gap " +
          "of the 900 MiB/s, alloc_step and steady_gogc100 workloads; the model also triggers later in the runway " +
          "(heap at cycle start 73 % of the way from the marked heap to the goal, real 70 %, the 45/64 floor)",
      },
    },
  },
  "1.27": {
    cpu_noquota_control_gomaxprocs2_live64m_900mibps: {
      gcCycles: { measured: 0.064, why: `${ASSISTS} (Go 1.27, 900 MiB/s: 103 cycles vs 129/110)` },
      peakHeapInUse: { measured: 0.055, why: `${NO_TICK} (Go 1.27: 242 MiB, between the reps' 226/256)` },
    },
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": {
      // (36.1 %, 121.1 % and 112.8 % before the sweep was costed per span: kernel/versions/sweepcost.ts)
      gcCycles: { measured: 0.198, why: QUOTA },
      peakHeapInUse: { measured: 1.092, why: QUOTA },
      peakRss: { measured: 1.016, why: QUOTA },
    },
    objsize_tiny_16b_200mibps_live32m: {
      gcCycles: { measured: 0.093, why: `${ASSISTS} (Go 1.27: 59 cycles vs 68/65)` },
      peakHeapInUse: { measured: 0.056, why: `${ASSISTS} (Go 1.27)` },
    },
    small_live1m_heapmin4m_gogc100_100mibps: {
      gcCycles: { measured: 0.115, why: SMALL },
      peakHeapInUse: { measured: 0.077, why: SMALL_PEAK },
    },
    steady_gogc50_live64m_500mibps: {
      gcCycles: { measured: 0.088, why: `${ASSISTS} (Go 1.27: 125 cycles vs 146/137)` },
      peakHeapInUse: { measured: 0.056, why: `${NO_TICK} (Go 1.27: 147 vs 156/158 MiB)` },
    },
  },
};

// The workloads written for what changed (scenarios/calibration-go1.26), recorded with Go 1.26.8 only
// (test/fixtures/real-go/new-workloads/go1.26.8, on a machine that marked at 0.62 of the calibration machine's speed:
// MACHINE_MARK_SPEED). At that speed the model's marks take as long as the real ones (headers 108 vs 138 ms mean,
// bursts 45 vs 44 ms); what remains is the mutator's allocation during the marks (ASSISTS).
const MISSES_NEW: Record<string, Partial<Record<Metric, Miss>>> = {
  go126_consmark_bursts_100_800mibps: {
    gcCycles: {
      measured: 0.1,
      why:
        `${ASSISTS}; here the real mutator assists 20 ms per 44 ms mark (means, rep1) and allocates 23 MiB in it, ` +
        `the model 0 ms and 26 MiB: 54 cycles vs 63/60`,
    },
    peakHeapInUse: { measured: 0.081, why: `${ASSISTS}` },
  },
  go126_greentea_live64m_64b_ptr: {
    gcCycles: {
      measured: 0.112,
      why:
        "64 B objects with pointers: the model's marks are as long as the real ones since their cost follows Go 1.26's " +
        "own probe from the corpus' 4 KiB cost (markcost.ts: 6–12 s, means, 22 vs 20 ms; they were 11 ms at 0.52 of " +
        "Go 1.19's cost per byte), and from 6 s on it has the real count (9 vs 9 cycles); the miss is the first 6 s, " +
        "the 72 MiB live heap built over 200 ms (15 vs 18 cycles: marked heaps 56 vs 49 MiB, goals 103 vs 90 MiB)",
    },
  },
  go126_headers_live192m_4k_ptr_garbage_4k_ptr: {
    gcCycles: {
      measured: 0.151,
      why:
        "228 MiB of live 4 KiB objects with headers and 4 KiB pointerful garbage: the model's marks take 108 ms where " +
        "real Go 1.26 takes 138 ms (means), and its heap overshoots (459 vs 464 MiB at mark end with a goal of 506 vs " +
        "510 MiB) — 17 cycles vs 20/20; the reps' peak heaps differ by 15 % (528 and 606 MiB)",
    },
    peakHeapInUse: { measured: 0.078, why: "as for its GC cycles; peak heap in use 488 vs 528/606 MiB" },
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
