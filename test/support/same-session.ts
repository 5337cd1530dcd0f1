// npm run same-session -- --harness DIR [--pairs 2] [--only PATTERN] [--root DIR] [--budget-s 270] [--redo-busy 0.1]
// Records the calibration workloads with the corpus harness itself and with this project's load generator, interleaved
// in one session on this machine: for each workload harness rep1, loadgen rep1, harness rep2, loadgen rep2, … — so that
// "the load generator executes a plan as the harness executed the workload" is tested on the same machine, the same
// toolchain (Go 1.19.8) and the same minutes, and not against a recording made on another VM on another day.
//
// DIR is a built copy of the harness (/work/shared/calibration/real-go: DIR/harness/bin/runner, DIR/workloads/*.json;
// build: `cd DIR/harness && PATH=/usr/lib/go-1.19/bin:$PATH go build -o bin/ ./cmd/...`). Output:
// <root>/harness/<workload>/rep<N> (the harness runner's files, plus `machine.other_cpu_cores_avg` added to its
// result.json: the CPU the rest of the machine used meanwhile, measured the way runner.ts measures it for ours) and
// <root>/loadgen/<workload>/rep<N> (a `heapcast real` rep of the workload's own plan, test/support/workload-plan.ts:
// the
// same phases, rates, pacing slice and backlog rule as the harness ran, not the model's scenarios/calibration/*.ts).
// --budget-s S stops before a pair that would not end within S seconds (for quiet windows of bounded length); run it
// again to go on (reps already recorded on an idle machine are kept, see --redo-busy). Needs root (cgroups).
//
// npm run same-session -- --table [--root DIR]: the comparison of a complete recording (markdown, to stdout): the load
// generator against the harness in the same session (the reproduction proof, issue 18's bar), the harness against its
// own corpus recorded in another session, and per-cycle evidence of what differs between sessions. The committed copy
// is <root>/README.md (test/reproduction.test.ts keeps it equal to this output).

import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { median } from "simple-statistics";
import { prepareLoadgen } from "../../lib/running/real";
import { machineBusySeconds, runRealRep } from "../../lib/running/real/runner";
import { HARNESS_CORPUS, REAL_GO_DIR, listWorkloads, loadRealRuns, type RealRun } from "./realgo";
import { reproduction, reproductionCounts, reproductionMarkdown, reproductionStats } from "./reproduction";
import { workloadPlan } from "./workload-plan";
export const SAME_SESSION_DIR = path.join(__dirname, "../fixtures/real-go/same-session");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** other_cpu_cores_avg of a recorded rep, or undefined when it is missing or not measured. */
function otherCpu(dir: string): number | undefined {
  const f = path.join(dir, "result.json");
  if (!fs.existsSync(f)) return undefined;
  const v = JSON.parse(fs.readFileSync(f, "utf8")).machine?.other_cpu_cores_avg;
  return typeof v === "number" ? v : undefined;
}

/** One harness rep: its runner, then the machine's other CPU added to its result.json. */
function harnessRep(harness: string, workload: string, out: string, rep: number): Record<string, any> {
  const busy0 = machineBusySeconds();
  execFileSync(
    path.join(harness, "harness/bin/runner"),
    ["-workload", path.join(harness, "workloads", `${workload}.json`), "-out", out, "-rep", String(rep)],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const busy1 = machineBusySeconds();
  const file = path.join(out, "result.json");
  const r = JSON.parse(fs.readFileSync(file, "utf8"));
  const own = r.cpu_user_s + r.cpu_sys_s;
  r.machine = {
    other_cpu_cores_avg:
      busy0 !== null && busy1 !== null && r.wall_s > 0
        ? Math.round((Math.max(0, busy1 - busy0 - own) / r.wall_s) * 1000) / 1000
        : null,
    measured_by: "test/support/same-session.ts (added after the harness runner wrote this file)",
  };
  fs.writeFileSync(file, JSON.stringify(r, null, 2) + "\n");
  return r;
}

/**
 * How long a run of the workload takes: the harness corpus's wall time (an OOM kill ends it early), else its duration.
 */
function expectedWallS(name: string, durationS: number): number {
  const f = path.join(__dirname, "../fixtures/real-go/runs", name, "rep1/result.json");
  return fs.existsSync(f) ? Math.min(durationS, JSON.parse(fs.readFileSync(f, "utf8")).wall_s * 1.1) : durationS;
}

async function main(): Promise<void> {
  const harness = path.resolve(arg("--harness") ?? ".scratch/gt");
  const pairs = Number(arg("--pairs") ?? "2");
  const only = arg("--only");
  const budgetS = Number(arg("--budget-s") ?? "Infinity");
  const redoBusy = Number(arg("--redo-busy") ?? "0.1");
  const root = path.resolve(arg("--root") ?? path.join(SAME_SESSION_DIR, "go1.19.8"));
  const lg = prepareLoadgen("1.19");
  const names = listWorkloads().filter((n) => only === undefined || new RegExp(only).test(n));
  const t0 = Date.now();
  const elapsed = () => (Date.now() - t0) / 1000;
  for (const name of names) {
    const workload = JSON.parse(fs.readFileSync(path.join(harness, "workloads", `${name}.json`), "utf8"));
    const plan = workloadPlan(workload);
    for (let rep = 1; rep <= pairs; rep++) {
      const hOut = path.join(root, "harness", name, `rep${rep}`);
      const oOut = path.join(root, "loadgen", name, `rep${rep}`);
      const hOk = (otherCpu(hOut) ?? Infinity) <= redoBusy;
      const oOk = (otherCpu(oOut) ?? Infinity) <= redoBusy;
      if (hOk && oOk) continue;
      // a pair is recorded together (both again if one was busy), so its two halves are minutes apart at most
      const need = 2 * (expectedWallS(name, workload.duration_s) + 2);
      if (elapsed() + need > budgetS) {
        console.log(`budget: stopping before ${name} rep${rep} (${elapsed().toFixed(0)} s used)`);
        return;
      }
      const h = harnessRep(harness, name, hOut, rep);
      const o = (await runRealRep(plan, lg, { out: oOut, rep })) as Record<string, any>;
      if (o.pacing.garbage_workers !== 2)
        throw new Error(`${oOut}: ${o.pacing.garbage_workers} garbage workers, the harness had 2`);
      for (const [who, r] of [
        ["harness", h],
        ["loadgen", o],
      ] as const) {
        const s = r.samples_summary;
        console.log(
          `${name.padEnd(58)} rep${rep} ${who.padEnd(7)} gc=${r.gctrace_summary.gc_lines} peakInuse=${(s.peak_heap_inuse_bytes / 2 ** 20).toFixed(1)}MiB ` +
            `peakRSS=${(s.peak_rss_bytes / 2 ** 20).toFixed(1)}MiB${r.exit.oom_killed ? ` OOM at ${r.time_to_oom_s.toFixed(2)}s` : ""} other-cpu=${r.machine.other_cpu_cores_avg}`,
        );
      }
    }
  }
  console.log(`complete (${elapsed().toFixed(0)} s)`);
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Per-run figures that show what a session changes: the process's CPU and the steady-state GC cycle. */
function cycleEvidence(r: RealRun): { cores: number; marked: number; goal: number; markMs: number; idleCpuMs: number } {
  const t0 = r.gctrace.length > 0 ? r.gctrace[0].startSeconds : 0;
  const steady = r.gctrace.filter((c) => c.startSeconds - t0 >= 1); // after the warm-up from the 4 MiB heap minimum
  const cs = steady.length > 0 ? steady : r.gctrace;
  return {
    cores: r.result.cpu_cores_avg as number,
    marked: median(cs.map((c) => c.heapMarkedMiB)),
    goal: median(cs.map((c) => c.goalMiB)),
    markMs: median(cs.map((c) => c.markMs)),
    idleCpuMs: median(cs.map((c) => c.idleCpuMs)),
  };
}

/** The comparison of a same-session recording (markdown). */
export function sameSessionReport(root: string = path.join(SAME_SESSION_DIR, "go1.19.8")): string {
  const rel = path.relative(REAL_GO_DIR, root);
  const harness = `${rel}/harness`;
  const loadgen = `${rel}/loadgen`;
  const names = listWorkloads();
  const runs = names.flatMap((n) => [...loadRealRuns(n, harness), ...loadRealRuns(n, loadgen)]);
  const started = runs.map((r) => r.result.started_utc as string).sort();
  const others = runs.map((r) => (r.result.machine as { other_cpu_cores_avg: number }).other_cpu_cores_avg);
  const versions = [...new Set(runs.map((r) => r.result.go_version as string))].sort();
  const proof = reproduction(loadgen, harness);
  const session = reproduction(harness, HARNESS_CORPUS);
  const corpus = reproduction(loadgen, HARNESS_CORPUS);
  const f = (x: number, d = 0) => x.toFixed(d);
  const evidenceRows = names.map((n) => {
    const cols = [HARNESS_CORPUS, harness, loadgen].map((c) => loadRealRuns(n, c).map(cycleEvidence));
    const cell = (k: "cores" | "marked" | "goal" | "markMs" | "idleCpuMs", d: number) =>
      cols.map((reps) => f(mean(reps.map((e) => e[k])), d)).join(" / ");
    return `| ${n} | ${cell("cores", 2)} | ${cell("marked", 1)} | ${cell("goal", 1)} | ${cell("markMs", 1)} | ${cell("idleCpuMs", 1)} |`;
  });
  return [
    `# The corpus harness and heapcast's load generator in one session (${versions.join(", ")})`,
    "",
    "Generated by `npm run same-session -- --table` from the recordings in `harness/` (the corpus harness,",
    "/work/shared/calibration/real-go/harness, built with Debian's Go 1.19.8) and `loadgen/` (heapcast's load generator",
    "running each workload's own plan, test/support/workload-plan.ts), made by `npm run same-session` on this machine",
    `between ${started[0]} and ${started[started.length - 1]}: for each workload harness rep1, loadgen rep1, harness rep2,`,
    `loadgen rep2, in quiet windows; the rest of the machine used at most ${f(Math.max(...others), 3)} core during any rep`,
    "(result.json `machine.other_cpu_cores_avg`). The harness's own corpus (`runs/`) was recorded on another VM of the",
    "same kind, in another session. The committed recordings hold each rep's result.json, gctrace.txt, plan.json (ours)",
    "and logs; samples.jsonl.gz, which this report does not read, is left out (about 3.6 MB for the 84 reps).",
    "",
    "Each cell: ours (rep1/rep2) vs theirs (rep1/rep2), the error of the means, ✗ past issue 18's bar (GC cycles and peak",
    "heap in use ±5 %, peak RSS ±10 %, OOM time ±5 %), and theirs' rep-to-rep noise (|rep1 − rep2| / mean).",
    "Under each table, per metric over the workloads: how many are within the bar, and within the bar or the larger",
    "of the two sides' rep-to-rep noise; the mean signed error ± its standard error (t = mean / SE: a systematic",
    "difference shows as |t| ≳ 2); how many workloads err up and down; the median |error| against each side's median",
    "rep-to-rep noise.",
    "",
    "## 1. The load generator against the harness, same session (the reproduction)",
    "",
    reproductionMarkdown(proof),
    reproductionCounts(proof),
    "",
    reproductionStats(proof),
    "## 2. The harness today against the harness's corpus (the same program, two sessions)",
    "",
    reproductionMarkdown(session),
    reproductionCounts(session),
    "",
    reproductionStats(session),
    "## 3. The load generator today against the harness's corpus",
    "",
    reproductionMarkdown(corpus),
    reproductionCounts(corpus),
    "",
    reproductionStats(corpus),
    "## 4. What a session changes: CPU and the steady-state GC cycle",
    "",
    "Means over the reps of: the process's CPU (cores, result.json `cpu_cores_avg`) and, over the gctrace cycles after",
    "the first second, the median marked heap, heap goal (MiB), concurrent mark wall time and idle mark worker CPU (ms).",
    "Each cell: the harness's corpus / the harness today / the load generator today.",
    "",
    "| workload | CPU cores | marked heap MiB | heap goal MiB | mark ms | idle mark CPU ms |",
    "|---|---|---|---|---|---|",
    ...evidenceRows,
    "",
  ].join("\n");
}

if (require.main === module && process.argv.includes("--table")) {
  const root = arg("--root");
  process.stdout.write(sameSessionReport(root === undefined ? undefined : path.resolve(root)));
} else if (require.main === module) {
  main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
