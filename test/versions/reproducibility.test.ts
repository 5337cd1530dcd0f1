// Real Go against itself. Issue 14 holds each version's model to one recording of that version (two reps) within the
// fidelity rules: GC cycles and peak heap in use within 5 %, peak RSS within 10 % (chaotic regimes 15 %), the OOM kill
// and the limiter as in both reps (test/support/fidelity.ts: toleranceMisses). This test holds a second recording of
// the same Go version, made on the same kind of VM in another session, to those rules, the way the model is held:
// the mean of its reps against the other's nearer rep (recordingAgainstRecording). How many workloads two recordings
// of the same runtime share within the rules bounds what a count of the model against one recording can say.
//
// The second recording: test/fixtures/real-go/session-2026-12-07, the 21 calibration workloads with Go 1.19.8, 1.26.8
// and 1.27.4 interleaved per workload in one quiet window (its README says how). Each version's model is held to it
// too, at that session's machine speed (MACHINE_MARK_SPEED: 0.81, measured on its go1.19.8). A third,
// session-2026-12-07b, is the same recorded again an hour later with the load generator that writes every page of
// every object (alloc.go: touch): two sessions of one day, against two a day apart.
//
// Every list below is what this commit measures, the missed tolerances by workload; a change to the rules, the model
// or the recordings that moves one must revisit it.

import {
  CALIBRATION_DIR,
  FIDELITY_SEEDS,
  SESSION_B_CORPUS,
  SESSION_CORPUS,
  calibrationScenarios,
  compareWorkload,
  recordingAgainstRecording,
  toleranceMisses,
  type Judged,
} from "../support/fidelity";
import { HARNESS_CORPUS } from "../support/realgo";
import type { GoVersionName } from "../../kernel/plan";

type MissList = Record<string, string>;

const WORKLOADS = calibrationScenarios();
function misses(judged: (workload: string) => Judged): MissList {
  const out: MissList = {};
  for (const w of WORKLOADS) {
    const m = toleranceMisses(judged(w));
    if (m.length > 0) out[w] = m.join(", ");
  }
  return out;
}

/** Recording `a` (the mean of its reps) against recording `b` (the nearer rep), per workload: the missed rules. */
const REAL_AGAINST_REAL: [string, string, MissList][] = [
  // Go 1.19.8: the calibration machine's corpus (the external harness, 2026-11-22) and this session's
  [
    HARNESS_CORPUS,
    SESSION_CORPUS["1.19"],
    {
      alloc_step_100_800_100mibps_live64m_gogc100: "gcCycles",
      gomaxprocs1_live64m_300mibps_gogc100: "gcCycles",
      goroutine_leak_200ps_16k_stack_cgroup256m_gomemlimit192m: "limiter",
      steady_gogc400_live64m_500mibps: "gcCycles",
      steady_gogc50_live64m_500mibps: "gcCycles",
    },
  ],
  [
    SESSION_CORPUS["1.19"],
    HARNESS_CORPUS,
    {
      alloc_step_100_800_100mibps_live64m_gogc100: "gcCycles, peakHeapInUse",
      gomaxprocs1_live64m_300mibps_gogc100: "gcCycles, peakHeapInUse",
      goroutine_leak_200ps_16k_stack_cgroup256m_gomemlimit192m: "limiter",
      steady_gogc50_live64m_500mibps: "gcCycles",
    },
  ],
  // Go 1.26.8: the committed corpus (this VM, 2026-12-06 09:24–09:35) and this session's
  [
    "go1.26.8",
    SESSION_CORPUS["1.26"],
    {
      alloc_step_100_800_100mibps_live64m_gogc100: "gcCycles",
      cpu_noquota_control_gomaxprocs2_live64m_900mibps: "gcCycles, peakHeapInUse",
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "gcCycles, limiter",
      gomaxprocs1_live64m_300mibps_gogc100: "gcCycles, peakHeapInUse",
      gomaxprocs2_live64m_300mibps_gogc100: "gcCycles, peakHeapInUse",
      leak_to_gomemlimit512m_gogcoff: "gcCycles",
      steady_gogc100_live64m_500mibps: "gcCycles",
      steady_gogc200_live64m_500mibps: "gcCycles",
      steady_gogc400_live64m_500mibps: "gcCycles, peakHeapInUse",
      steady_gogc50_live64m_500mibps: "gcCycles",
    },
  ],
  [
    SESSION_CORPUS["1.26"],
    "go1.26.8",
    {
      alloc_step_100_800_100mibps_live64m_gogc100: "gcCycles",
      cpu_noquota_control_gomaxprocs2_live64m_900mibps: "gcCycles",
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "limiter",
      gogcoff_gomemlimit256m_live64m_300mibps: "gcCycles",
      gomaxprocs1_live64m_300mibps_gogc100: "gcCycles, peakHeapInUse",
      gomaxprocs2_live64m_300mibps_gogc100: "gcCycles, peakHeapInUse",
      steady_gogc200_live64m_500mibps: "gcCycles",
      steady_gogc400_live64m_500mibps: "peakHeapInUse",
      steady_gogc50_live64m_500mibps: "gcCycles",
    },
  ],
  // Go 1.27.4: the committed corpus (this VM, 2026-12-06 10:30–10:44) and this session's
  [
    "go1.27.4",
    SESSION_CORPUS["1.27"],
    {
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "peakHeapInUse, peakRss",
      steady_gogc200_live64m_500mibps: "peakHeapInUse",
      steady_gogc400_live64m_500mibps: "peakHeapInUse, peakRss",
    },
  ],
  [
    SESSION_CORPUS["1.27"],
    "go1.27.4",
    {
      cache_step_256m_then_shrink_sizemix_200mibps: "peakHeapInUse",
      cpu_noquota_control_gomaxprocs2_live64m_900mibps: "gcCycles",
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "peakHeapInUse, peakRss",
    },
  ],
];

/**
 * The session against the same session an hour later (session-2026-12-07b). Its Go 1.26/1.27 RSS is that of a
 * program writing every page it allocates, the first session's is not: a peakRss miss between them may come from that.
 */
const SAME_DAY: [string, string, MissList][] = [
  [
    SESSION_CORPUS["1.19"],
    SESSION_B_CORPUS["1.19"],
    {
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "peakRss, limiter",
      goroutine_leak_200ps_8k_stack_cgroup256m: "gcCycles",
    },
  ],
  [
    SESSION_B_CORPUS["1.19"],
    SESSION_CORPUS["1.19"],
    {
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "limiter",
      goroutine_leak_200ps_8k_stack_cgroup256m: "gcCycles",
    },
  ],
  [
    SESSION_CORPUS["1.26"],
    SESSION_B_CORPUS["1.26"],
    {
      cpu_noquota_control_gomaxprocs2_live64m_900mibps: "peakHeapInUse",
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "limiter",
      gomaxprocs1_live64m_300mibps_gogc100: "gcCycles",
      steady_gogc200_live64m_500mibps: "peakHeapInUse",
    },
  ],
  [
    SESSION_B_CORPUS["1.26"],
    SESSION_CORPUS["1.26"],
    {
      alloc_step_100_800_100mibps_live64m_gogc100: "gcCycles",
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "limiter",
      steady_gogc50_live64m_500mibps: "gcCycles",
    },
  ],
  [
    SESSION_CORPUS["1.27"],
    SESSION_B_CORPUS["1.27"],
    {
      cpu_noquota_control_gomaxprocs2_live64m_900mibps: "gcCycles",
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "peakHeapInUse, peakRss",
      goroutine_leak_200ps_16k_stack_cgroup256m: "gcCycles",
      goroutine_leak_200ps_16k_stack_cgroup256m_gomemlimit192m: "gcCycles",
      steady_gogc200_live64m_500mibps: "peakHeapInUse",
      steady_gogc50_live64m_500mibps: "gcCycles, peakHeapInUse",
    },
  ],
  [
    SESSION_B_CORPUS["1.27"],
    SESSION_CORPUS["1.27"],
    {
      "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "peakHeapInUse",
      gomaxprocs2_live64m_300mibps_gogc100: "peakRss",
      goroutine_leak_200ps_16k_stack_cgroup256m_gomemlimit192m: "gcCycles",
      objsize_large_64k_200mibps_live32m: "peakRss",
      steady_gogc100_live64m_500mibps: "peakHeapInUse",
      steady_gogc50_live64m_500mibps: "gcCycles, peakHeapInUse",
    },
  ],
];

/** Each version's model against session-2026-12-07b. */
const MODEL_AGAINST_SESSION_B: Record<GoVersionName, MissList> = {
  "1.19": {
    alloc_step_100_800_100mibps_live64m_gogc100: "peakHeapInUse",
    cpu_noquota_control_gomaxprocs2_live64m_900mibps: "gcCycles",
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "gcCycles, peakHeapInUse, peakRss, limiter",
    gomaxprocs1_live64m_300mibps_gogc100: "peakHeapInUse",
    goroutine_leak_200ps_16k_stack_cgroup256m_gomemlimit192m: "limiter",
    small_live1m_heapmin4m_gogc100_100mibps: "peakRss",
  },
  "1.26": {
    alloc_step_100_800_100mibps_live64m_gogc100: "peakHeapInUse",
    cpu_noquota_control_gomaxprocs2_live64m_900mibps: "gcCycles, peakHeapInUse",
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "gcCycles, peakHeapInUse, peakRss, limiter",
    leak_to_gomemlimit512m_gogcoff: "peakHeapInUse, peakRss",
    objsize_tiny_16b_200mibps_live32m: "gcCycles",
    small_live1m_heapmin4m_gogc100_100mibps: "gcCycles, peakHeapInUse",
    steady_gogc50_live64m_500mibps: "gcCycles, limiter",
  },
  "1.27": {
    alloc_step_100_800_100mibps_live64m_gogc100: "peakHeapInUse",
    cache_step_256m_then_shrink_sizemix_200mibps: "gcCycles",
    cpu_noquota_control_gomaxprocs2_live64m_900mibps: "gcCycles",
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "gcCycles, peakHeapInUse, peakRss, limiter",
    leak_to_gomemlimit512m_gogc100: "peakHeapInUse, peakRss",
    objsize_tiny_16b_200mibps_live32m: "gcCycles, peakHeapInUse",
    small_live1m_heapmin4m_gogc100_100mibps: "gcCycles, peakHeapInUse",
    steady_gogc100_live64m_500mibps: "gcCycles",
    steady_gogc50_live64m_500mibps: "gcCycles, limiter",
  },
};

/** Each version's model (median of 9 seeds) against the session's recording of that version: the missed rules. */
const MODEL_AGAINST_SESSION: Record<GoVersionName, MissList> = {
  "1.19": {
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "gcCycles, peakHeapInUse, peakRss, limiter",
    goroutine_leak_200ps_16k_stack_cgroup256m_gomemlimit192m: "limiter",
    goroutine_leak_200ps_8k_stack_cgroup256m: "gcCycles",
    small_live1m_heapmin4m_gogc100_100mibps: "peakRss",
    steady_gogc50_live64m_500mibps: "gcCycles",
  },
  "1.26": {
    alloc_step_100_800_100mibps_live64m_gogc100: "peakHeapInUse",
    cache_step_256m_then_shrink_sizemix_200mibps: "gcCycles",
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "gcCycles, peakHeapInUse, peakRss, limiter",
    gomaxprocs1_live64m_300mibps_gogc100: "gcCycles",
    goroutine_leak_200ps_16k_stack_cgroup256m: "gcCycles",
    leak_to_gomemlimit512m_gogc100: "peakRss",
    leak_to_gomemlimit512m_gogcoff: "gcCycles",
    objsize_tiny_16b_200mibps_live32m: "gcCycles",
    request_bursts_200_3000rps_64k_live32m: "gcCycles",
    small_live1m_heapmin4m_gogc100_100mibps: "gcCycles, peakHeapInUse",
    steady_gogc50_live64m_500mibps: "gcCycles, peakHeapInUse, limiter",
  },
  "1.27": {
    alloc_step_100_800_100mibps_live64m_gogc100: "peakHeapInUse",
    cpu_noquota_control_gomaxprocs2_live64m_900mibps: "gcCycles",
    "cpu_quota_0.5core_gomaxprocs2_live64m_900mibps": "gcCycles, peakHeapInUse, peakRss, limiter",
    deep_stacks_4000g_32k_live32m_gogc100: "gcCycles",
    goroutine_leak_200ps_16k_stack_cgroup256m: "gcCycles",
    leak_to_gomemlimit512m_gogc100: "peakRss",
    leak_to_gomemlimit512m_gogcoff: "peakRss",
    objsize_tiny_16b_200mibps_live32m: "gcCycles, peakHeapInUse",
    small_live1m_heapmin4m_gogc100_100mibps: "gcCycles, peakHeapInUse",
    steady_gogc50_live64m_500mibps: "gcCycles, peakHeapInUse, limiter",
  },
};

describe("real Go against itself: a second recording of the same version, held to the fidelity rules", () => {
  test.each(REAL_AGAINST_REAL)("%s against %s", (a, b, expected) => {
    expect(misses((w) => recordingAgainstRecording(w, a, b))).toEqual(expected);
  });

  test("two recordings of Go 1.26.8 on this VM share every tolerance on about half the workloads, Go 1.27.4's on 18 of 21", () => {
    const within = (a: string, b: string) =>
      WORKLOADS.length - Object.keys(misses((w) => recordingAgainstRecording(w, a, b))).length;
    expect(WORKLOADS.length).toBe(21);
    expect([within("go1.26.8", SESSION_CORPUS["1.26"]), within(SESSION_CORPUS["1.26"], "go1.26.8")]).toEqual([11, 12]);
    expect([within("go1.27.4", SESSION_CORPUS["1.27"]), within(SESSION_CORPUS["1.27"], "go1.27.4")]).toEqual([18, 18]);
    // Go 1.19.8: the calibration machine's corpus against this VM's session
    expect([within(HARNESS_CORPUS, SESSION_CORPUS["1.19"]), within(SESSION_CORPUS["1.19"], HARNESS_CORPUS)]).toEqual([
      16, 17,
    ]);
  });
});

describe("the same session an hour later: closer than a day apart, still not within every rule", () => {
  test.each(SAME_DAY)("%s against %s", (a, b, expected) => {
    expect(misses((w) => recordingAgainstRecording(w, a, b))).toEqual(expected);
  });

  test.each(["1.19", "1.26", "1.27"] as GoVersionName[])("Go %s's model against session-2026-12-07b", (go) => {
    const got = misses((w) =>
      compareWorkload(w, FIDELITY_SEEDS, go, { dir: CALIBRATION_DIR, corpus: SESSION_B_CORPUS[go] }),
    );
    expect(got).toEqual(MODEL_AGAINST_SESSION_B[go]);
  });

  test("two sessions an hour apart share 19 (Go 1.19.8), 17 (Go 1.26.8) and 15 (Go 1.27.4) of 21 workloads within every rule", () => {
    const within = (go: GoVersionName) =>
      WORKLOADS.length -
      Object.keys(misses((w) => recordingAgainstRecording(w, SESSION_CORPUS[go], SESSION_B_CORPUS[go]))).length;
    expect([within("1.19"), within("1.26"), within("1.27")]).toEqual([19, 17, 15]);
  });
});

describe("each version's model against the session's recording of it", () => {
  const model = new Map<GoVersionName, MissList>();
  const modelMisses = (go: GoVersionName): MissList => {
    if (!model.has(go))
      model.set(
        go,
        misses((w) => compareWorkload(w, FIDELITY_SEEDS, go, { dir: CALIBRATION_DIR, corpus: SESSION_CORPUS[go] })),
      );
    return model.get(go)!;
  };

  test.each(["1.19", "1.26", "1.27"] as GoVersionName[])("Go %s", (go) => {
    expect(modelMisses(go)).toEqual(MODEL_AGAINST_SESSION[go]);
  });

  test("against the session, Go 1.19's model meets as many workloads as the calibration machine's Go 1.19.8 does, Go 1.26's one fewer than the other Go 1.26.8 recording, Go 1.27's 7 fewer than the other Go 1.27.4 recording", () => {
    const within = (m: MissList) => WORKLOADS.length - Object.keys(m).length;
    const realWithin = (a: string, go: GoVersionName) =>
      within(misses((w) => recordingAgainstRecording(w, a, SESSION_CORPUS[go])));
    const pair = (a: string, go: GoVersionName) => ({ model: within(modelMisses(go)), real: realWithin(a, go) });
    expect(pair(HARNESS_CORPUS, "1.19")).toEqual({ model: 16, real: 16 });
    expect(pair("go1.26.8", "1.26")).toEqual({ model: 10, real: 11 });
    expect(pair("go1.27.4", "1.27")).toEqual({ model: 11, real: 18 });
  });
});
