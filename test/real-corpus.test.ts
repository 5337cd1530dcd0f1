// The re-recorded corpora (test/fixtures/real-go/<go version>/ and session-2026-12-07[b]/<go version>/,
// `npm run record`): every calibration workload, two reps, readable by both loaders — the fidelity tests'
// (test/support/realgo.ts, which also reads the harness's corpus) and the public one (loadRealReps) — and agreeing
// with each other and with what each run says about itself.

import * as path from "node:path";
import { loadRealReps } from "../lib/results/real";
import { ImportedRun } from "../lib/results/importers";
import { HARNESS_CORPUS, REAL_GO_DIR, listCorpora, listWorkloads, loadRealRuns } from "./support/realgo";
import { SESSION_B_CORPUS, SESSION_CORPUS, calibrationScenarios } from "./support/fidelity";

// the corpora of each version, then the three of each session that recorded all of them (session-2026-12-07[b])
const corpora = [...listCorpora(), ...Object.values(SESSION_CORPUS), ...Object.values(SESSION_B_CORPUS)];

test("the Go 1.19.8, Go 1.26.8 and Go 1.27.4 re-recordings are present", () => {
  expect(corpora).toEqual(expect.arrayContaining(["go1.19.8", "go1.26.8", "go1.27.4"]));
});

describe.each(corpora)("%s", (corpus) => {
  test("every calibration workload, two reps, recorded with that Go and the default go line", () => {
    expect(calibrationScenarios()).toEqual(listWorkloads());
    for (const w of listWorkloads()) {
      const reps = loadRealRuns(w, corpus);
      expect(reps.map((r) => r.rep)).toEqual([1, 2]);
      for (const r of reps) {
        expect(r.result.go_version).toBe(path.basename(corpus));
        expect(r.result.format).toBe("heapcast.real");
        expect(r.result.workload).toBe(w);
        expect((r.result.exit as { killed_by_runner_timeout: boolean }).killed_by_runner_timeout).toBe(false);
        expect(r.gcCycles).toBeGreaterThan(0);
      }
    }
  });

  test("loadRealReps reads each workload as the fidelity loader does", () => {
    for (const w of listWorkloads()) {
      const a = loadRealRuns(w, corpus);
      const b = loadRealReps(path.join(REAL_GO_DIR, corpus, w));
      expect(b.map((r) => r.summary.gcCycles)).toEqual(a.map((r) => r.gcCycles));
      expect(b.map((r) => r.summary.peakHeapInUseBytes)).toEqual(a.map((r) => r.peakHeapInUseBytes));
      expect(b.map((r) => r.summary.peakRssBytes)).toEqual(a.map((r) => r.peakRssBytes));
      expect(b.map((r) => r.summary.oomKilledAtSeconds)).toEqual(a.map((r) => r.timeToOomSeconds));
      expect(b.map((r) => r.cycles.numRows())).toEqual(a.map((r) => r.gctrace.length));
      for (const r of b) expect(r.timeline.numRows()).toBe(r.record!.result.samples_summary.n_samples);
    }
  });

  test("loadReal: an ImportedRun with its record, counting from the plan's time 0, no sentinel where a figure is unknown", () => {
    const w = listWorkloads()[0];
    const [r] = loadRealReps(path.join(REAL_GO_DIR, corpus, w, "rep1"));
    expect(r).toBeInstanceOf(ImportedRun);
    expect(r.record!.dir).toBe(path.join(REAL_GO_DIR, corpus, w, "rep1"));
    expect(r.plan.scenario.name).toBe(w);
    // t_s is the load generator's own clock (its "t", kept as t:seconds) within a sample's rounding
    const t = r.timeline.array("t_s") as number[];
    const own = r.timeline.array("t:seconds") as number[];
    expect(Math.max(...t.map((v, i) => Math.abs(v - own[i])))).toBeLessThan(1e-3);
    // gctrace has no trigger: null, not -1
    expect((r.cycles.array("heap_trigger_bytes") as unknown[]).every((v) => v === null)).toBe(true);
    // the simulation's metadata column: everything the runtime mapped that is not a heap class
    const col = (c: string) => r.timeline.array(c) as number[];
    const heap = ["objects", "unused", "free", "released", "stacks"].map((k) => col(`/memory/classes/heap/${k}:bytes`));
    const total = col("/memory/classes/total:bytes");
    col("/memory/classes/metadata/other:bytes").forEach((v, i) =>
      expect(v).toBe(total[i] - heap.reduce((a, h) => a + h[i], 0)),
    );
  });

  test("the OOM kills: where the harness's corpus had one in both reps, with the kernel's evidence", () => {
    for (const w of listWorkloads()) {
      const harness = loadRealRuns(w, HARNESS_CORPUS).every((r) => r.oomKilled);
      for (const r of loadRealRuns(w, corpus)) {
        if (!harness) continue; // without a kill in the harness's runs, a newer Go may still be killed: not asserted
        expect(r.oomKilled).toBe(true);
        expect((r.result.exit as { oom_evidence: string[] }).oom_evidence.join("\n")).toMatch(/oom_kill=[1-9]/);
      }
    }
  });
});
