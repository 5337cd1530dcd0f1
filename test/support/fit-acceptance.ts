// The fit's acceptance (issue 15): for every calibration workload, fit a scenario from rep1's gctrace alone (its
// container limits given as facts, from result.json's cgroup section; not its workload description), simulate it,
// and compare with the trace: GC cycles and peak heap within 10 %, the OOM kill within 10 % of its time where the run
// was killed. Used by test/fit.test.ts and printed by `npx ts-node --transpile-only test/support/fit-acceptance.ts`.

import * as fs from "node:fs";
import * as path from "node:path";
import { importGctrace } from "../../lib/results/importers";
import { fit, type FitResult } from "../../lib/authoring/fit";
import { compile } from "../../lib/authoring/compile";
import { run } from "../../lib/running/run";
import { REAL_GO_DIR, listWorkloads, type JsonObject } from "./realgo";

const MiB = 2 ** 20;
/**
 * Seeds the fitted scenario is simulated with; the comparison takes their (lower) median, as the fidelity test does.
 */
export const ACCEPTANCE_SEEDS = 5;
export const TOLERANCE = 0.1;

export interface AcceptanceRow {
  workload: string;
  fitted: FitResult;
  traceCycles: number;
  simCycles: number;
  /** gctrace's peak heap (truncated to whole MiB: the heap was P to P + 1 MiB) and the simulation's (exact). */
  tracePeakBytes: number;
  simPeakBytes: number;
  /**
   * The run's OOM kill (result.json time_to_oom_s) and the simulation's (median over the seeds; null: none in most).
   */
  realOomSeconds: number | null;
  simOomSeconds: number | null;
  cyclesError: number;
  peakError: number;
  oomError: number | null;
}

/** Facts from result.json: the cgroup's memory limit and CPU quota. */
export function containerFacts(result: JsonObject): { containerMemory?: number; cpus?: number } {
  const cg = (result.cgroup ?? {}) as Record<string, number | undefined>;
  const facts: { containerMemory?: number; cpus?: number } = {};
  if (typeof cg.memory_limit_bytes === "number" && cg.memory_limit_bytes > 0)
    facts.containerMemory = cg.memory_limit_bytes;
  if (typeof cg.cpu_cfs_quota_us === "number" && cg.cpu_cfs_quota_us > 0 && typeof cg.cpu_cfs_period_us === "number")
    facts.cpus = cg.cpu_cfs_quota_us / cg.cpu_cfs_period_us;
  return facts;
}

function lowerMedian<T>(values: T[], key: (v: T) => number): T {
  const sorted = [...values].sort((a, b) => key(a) - key(b));
  return sorted[(sorted.length - 1) >> 1];
}

export function acceptance(workload: string, seeds = ACCEPTANCE_SEEDS): AcceptanceRow {
  const dir = path.join(REAL_GO_DIR, "runs", workload, "rep1");
  const result = JSON.parse(fs.readFileSync(path.join(dir, "result.json"), "utf8")) as JsonObject;
  const trace = importGctrace({ file: path.join(dir, "gctrace.txt") }, { name: workload });
  const fitted = fit(trace, containerFacts(result));
  const plan = compile(fitted.scenario);
  const runs = Array.from({ length: seeds }, (_, k) =>
    run({ ...plan, scenario: { ...plan.scenario, seed: plan.scenario.seed + k } }),
  );
  const inWindow = runs.map((r) => r.raw.cycles.filter((c) => c.startNs / 1e9 <= fitted.windowSeconds));
  const simCycles = lowerMedian(
    inWindow.map((c) => c.length),
    (x) => x,
  );
  const simPeakBytes = lowerMedian(
    inWindow.map((cs) => Math.max(0, ...cs.map((c) => c.heapEndBytes))),
    (x) => x,
  );
  const ooms = runs.map((r) => r.summary.oomKilledAtSeconds);
  const simOomSeconds = lowerMedian(ooms, (x) => (x === null ? Infinity : x));
  const traceCycles = trace.gctrace.length;
  const tracePeakBytes = Math.max(...trace.gctrace.map((c) => c.heapEndMiB)) * MiB;
  const realOomSeconds = (result.time_to_oom_s as number | null) ?? null;
  return {
    workload,
    fitted,
    traceCycles,
    simCycles,
    tracePeakBytes,
    simPeakBytes,
    realOomSeconds,
    simOomSeconds,
    cyclesError: (simCycles - traceCycles) / traceCycles,
    // gctrace's "P MB" is any heap from P to P + 1 MiB (truncated): the error is the distance to that interval.
    peakError:
      (simPeakBytes < tracePeakBytes
        ? simPeakBytes - tracePeakBytes
        : Math.max(0, simPeakBytes - (tracePeakBytes + MiB))) / tracePeakBytes,
    oomError:
      realOomSeconds === null
        ? simOomSeconds === null
          ? null
          : Infinity
        : simOomSeconds === null
          ? Infinity
          : (simOomSeconds - realOomSeconds) / realOomSeconds,
  };
}

const pct = (x: number | null) =>
  x === null ? "–" : !Number.isFinite(x) ? "missing" : `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;

export function acceptanceTable(rows: AcceptanceRow[]): string {
  const head =
    "| workload | GC cycles trace / fit | peak heap MiB trace / fit | OOM kill s real / fit | fitted GOGC, GOMEMLIMIT, phases (live, garbage, stacks) |\n|---|---|---|---|---|\n";
  return (
    head +
    rows
      .map((r) => {
        const i = r.fitted.inferred;
        return (
          `| ${r.workload} | ${r.traceCycles} / ${r.simCycles} (${pct(r.cyclesError)}) | ${r.tracePeakBytes / MiB} / ${(r.simPeakBytes / MiB).toFixed(1)} (${pct(r.peakError)}) | ` +
          `${r.realOomSeconds === null ? "none" : r.realOomSeconds.toFixed(2)} / ${r.simOomSeconds === null ? "none" : r.simOomSeconds.toFixed(2)}${r.oomError === null ? "" : ` (${pct(r.oomError)})`} | ` +
          `${i.GOGC}, ${i.GOMEMLIMIT === null ? "off" : `${i.GOMEMLIMIT / MiB} MiB`}, ${i.live.length}/${i.garbage.length}/${i.stacks.length} |`
        );
      })
      .join("\n") +
    "\n"
  );
}

if (require.main === module) {
  const only = process.argv[2];
  const rows = listWorkloads()
    .filter((w) => !only || w.includes(only))
    .map((w) => acceptance(w));
  process.stdout.write(acceptanceTable(rows));
}
