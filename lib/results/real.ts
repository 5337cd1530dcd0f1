// A real run read back (loadReal): an ImportedRun (lib/results/importers/imported-run.ts, one type for every run that
// was not simulated) built from what `heapcast real` wrote per rep (lib/running/real/runner.ts): cycles from
// gctrace.txt, the timeline from samples.jsonl.gz (a simulation's timeline columns first, null where no runtime
// metric shows the quantity: heap_live:bytes, heap_trigger:bytes, reachable:bytes, gc_phase), the events the load
// generator applied and what happened to the process (OOM kill, timeout kill), its plan and its record (result.json).
// Time counts from the plan's time 0 (the load generator's start), as a simulation's does.

import { validatePlan } from "../authoring/plan-schema";
import * as fs from "node:fs";
import * as path from "node:path";
import type { EventPlan } from "../../kernel/plan";
import { parseGctraceLog } from "./importers/gctrace";
import { ImportedRun } from "./importers/imported-run";
import { parseSamples } from "./importers/samples";

/** The events of a real run that its data does not show: the plan's events as applied, how the process ended. */
function recordEvents(result: Record<string, any>): { t_s: number; kind: string; detail: string }[] {
  const ev: { t_s: number; kind: string; detail: string }[] = [];
  for (const e of result.events_applied ?? [])
    ev.push({ t_s: e.t, kind: "scenario", detail: e.note ? `${e.source}: ${e.note}` : e.source });
  const x = result.exit ?? {};
  if (x.oom_killed) {
    const lim = result.cgroup?.memoryLimitBytes;
    ev.push({
      t_s: result.time_to_oom_s,
      kind: "oom-kill",
      detail: `OOM-killed in the cgroup${lim ? ` (memory limit ${lim} bytes)` : ""}: ${(x.oom_evidence ?? []).join("; ")}`,
    });
  }
  if (x.killed_by_runner_timeout)
    ev.push({
      t_s: result.wall_s,
      kind: "timeout-kill",
      detail: `still running ${result.timeout_s} s after start: killed (SIGKILL)`,
    });
  else if (!x.oom_killed && x.signaled)
    ev.push({ t_s: result.wall_s, kind: "killed", detail: `ended by ${x.signal_name}` });
  else if (x.exited && x.exit_code !== 0)
    ev.push({
      t_s: result.wall_s,
      kind: "exit",
      detail: `exit code ${x.exit_code}${x.go_fatal_error ? `: ${x.go_fatal_error}` : ""}`,
    });
  return ev;
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/**
 * Reads one real run: a rep directory written by `heapcast real` (result.json, gctrace.txt, samples.jsonl.gz and
 * plan.json). `plan` is needed only where the directory has no plan.json.
 */
export function loadReal(dir: string, plan?: EventPlan): ImportedRun {
  const abs = path.resolve(dir);
  const resultFile = path.join(abs, "result.json");
  if (!fs.existsSync(resultFile)) {
    const reps = repDirs(abs);
    throw new Error(
      reps.length > 0
        ? `${dir}: a directory of reps (${reps.map((r) => path.basename(r)).join(", ")}): use loadRealReps(dir), or loadReal on one rep`
        : `${dir}: no result.json (not a real run written by heapcast real)`,
    );
  }
  const planFile = path.join(abs, "plan.json");
  // (a recorded plan.json goes through validatePlan: a version-1 plan is read as the Go 1.19 plan it was)
  const p: EventPlan | undefined = fs.existsSync(planFile) ? validatePlan(readJson(planFile), planFile) : plan;
  if (!p) throw new Error(`${dir}: no plan.json; pass the plan: loadReal(dir, plan)`);
  const result = readJson(resultFile);
  const samplesFile = path.join(abs, "samples.jsonl.gz");
  const gctraceFile = path.join(abs, "gctrace.txt");
  const gctrace = fs.existsSync(gctraceFile)
    ? { log: parseGctraceLog(fs.readFileSync(gctraceFile, "utf8"), { source: "gctrace.txt" }), name: "gctrace.txt" }
    : undefined;
  const samples = fs.existsSync(samplesFile)
    ? parseSamples(fs.readFileSync(samplesFile), "samples.jsonl.gz")
    : undefined;
  const origin = result.loadgen_start?.t0_since_runtime_init_s;
  return new ImportedRun(
    { gctrace, samples },
    {
      name: p.scenario.name,
      oomKilledAtSeconds: result.exit?.oom_killed ? result.time_to_oom_s : null,
      container: { memoryBytes: p.scenario.container.memoryBytes, cpus: p.scenario.container.cpus },
      timeOriginSeconds: typeof origin === "number" && Number.isFinite(origin) ? origin : 0,
      plan: p,
      events: recordEvents(result),
      record: { dir: abs, result },
    },
  );
}

function repDirs(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((d) => /^rep\d+$/.test(d) && fs.existsSync(path.join(dir, d, "result.json")))
    .sort((a, b) => Number(a.slice(3)) - Number(b.slice(3)))
    .map((d) => path.join(dir, d));
}

/** Every rep of a real run (dir/rep1, dir/rep2, …), or the one run if dir is itself a rep. */
export function loadRealReps(dir: string, plan?: EventPlan): ImportedRun[] {
  const abs = path.resolve(dir);
  if (fs.existsSync(path.join(abs, "result.json"))) return [loadReal(abs, plan)];
  const reps = repDirs(abs);
  if (reps.length === 0) throw new Error(`${dir}: no real runs (no result.json in it or in rep*/)`);
  return reps.map((r) => loadReal(r, plan));
}
