// npm run record -- --go 1.19 [--reps 2] [--only PATTERN] [--root DIR] [--dir SCENARIOS] [--redo-busy CORES]
// Re-records the calibration corpus with this project's load generator: every scenarios/calibration/*.ts run for
// real `reps` times (rep1 of every workload, then rep2, … as the corpus harness's record_all.sh did), into
// <root>/<go version>/<workload>/rep<N> (default root test/fixtures/real-go). Needs root (cgroups) and an idle
// machine: run it through /work/bin/quiet on a shared one.

import * as fs from "node:fs";
import * as path from "node:path";
import { loadPlan } from "../../lib/cli/heapcast";
import { prepareLoadgen } from "../../lib/running/real";
import { runRealRep } from "../../lib/running/real/runner";
import { CALIBRATION_DIR, calibrationScenarios } from "./fidelity";

/** The corpus harness's max_debt_ms (workload.go default), kept by every garbage stream while recording. */
const HARNESS_MAX_DEBT_MS = 200;

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const go = arg("--go");
  const reps = Number(arg("--reps") ?? "2");
  const only = arg("--only");
  const firstRep = Number(arg("--first-rep") ?? "1");
  // --redo-busy X: only (re-)record the reps that are missing, or whose machine was busier than X other cores.
  const redoBusy = arg("--redo-busy") === undefined ? undefined : Number(arg("--redo-busy"));
  const root = path.resolve(arg("--root") ?? path.join(__dirname, "../fixtures/real-go"));
  const lg = prepareLoadgen(go, arg("--go-line"));
  const version = lg.toolchain.version;
  // --dir DIR: the scenarios of another folder (scenarios/calibration-go1.26: workloads recorded with one version only)
  const dir = path.resolve(arg("--dir") ?? CALIBRATION_DIR);
  const names = calibrationScenarios(dir).filter((n) => only === undefined || new RegExp(only).test(n));
  console.log(
    `recording ${names.length} workloads × reps ${firstRep}..${reps} with ${version} (go line ${lg.goLine}) into ${path.join(root, version)}`,
  );
  const t0 = Date.now();
  for (let rep = firstRep; rep <= reps; rep++) {
    for (const name of names) {
      const plan = loadPlan(path.join(dir, `${name}.ts`));
      const out = path.join(root, version, name, `rep${rep}`);
      if (redoBusy !== undefined && fs.existsSync(path.join(out, "result.json"))) {
        const prev = JSON.parse(fs.readFileSync(path.join(out, "result.json"), "utf8"));
        const other = prev.machine?.other_cpu_cores_avg;
        if (typeof other === "number" && other <= redoBusy) continue; // recorded on an idle machine: kept
      }
      const r = (await runRealRep(plan, lg, { out, rep, minCatchUpMs: HARNESS_MAX_DEBT_MS })) as Record<string, any>;
      const s = r.samples_summary;
      console.log(
        `${name.padEnd(58)} rep${rep} wall=${r.wall_s.toFixed(1)}s gc=${r.gctrace_summary.gc_lines} peakInuse=${(s.peak_heap_inuse_bytes / 2 ** 20).toFixed(0)}MiB ` +
          `peakRSS=${(s.peak_rss_bytes / 2 ** 20).toFixed(0)}MiB${r.exit.oom_killed ? ` OOM-KILLED at ${r.time_to_oom_s.toFixed(2)}s` : ""}` +
          `${r.exit.killed_by_runner_timeout ? " KILLED (timeout)" : ""} skipped=${((s["final.h.garbage_skipped_bytes"] ?? 0) / 2 ** 20).toFixed(0)}MiB other-cpu=${r.machine.other_cpu_cores_avg}`,
      );
    }
  }
  console.log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
