// One real run of a plan (`heapcast real`): the load generator built with the chosen Go, started inside the run's
// cgroups, watched until it exits, is OOM-killed, or overruns its duration; then its output is summarised and the
// groups are removed. Per rep, the output directory gets:
//   plan.json         the plan that ran
//   gctrace.txt       the process's stderr (GODEBUG=gctrace=1,scavtrace=1 lines, and any fatal error)
//   loadgen.log       its stdout (settings, each event as it was applied)
//   samples.jsonl.gz  the samples (format: lib/running/real/README.md)
//   summary.json      the load generator's per-segment achieved rates (absent when it was killed)
//   result.json       what happened: exit, OOM kill and its evidence, limits enforced, cgroup counters, peaks
// result.json keeps the field names of the corpus harness's result.json (/work/shared/calibration/real-go), so one
// loader reads both.

import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { gzipSync } from "node:zlib";
import type { EventPlan } from "../../../kernel/plan";
import { RunCgroups, detectCgroups, removeStaleGroups, type CgroupSupport, type CgroupStats } from "./cgroup";
import { summarizeSamples, summarizeTrace } from "./summaries";
import type { BuiltLoadgen } from "./toolchain";

export interface RealRunOptions {
  /** Output directory of this rep (created). */
  out: string;
  rep?: number;
  /** Run without container limits where cgroups cannot be made (the result says they were not enforced). */
  noLimits?: boolean;
  /** "plan" (default): GOMAXPROCS from the plan's scenario, set in the environment; "runtime": left unset. */
  gomaxprocs?: "plan" | "runtime";
  /** Kill the run this long after its duration (s). Default 10 s + 10 % of the duration. */
  marginS?: number;
  /** Keep samples.jsonl uncompressed too. */
  keepPlain?: boolean;
  /**
   * Least backlog every garbage stream keeps, ms, whatever its catchUp (default 0: the plan's meaning). The corpus
   * harness kept max_debt_ms = 200 in every workload; `npm run record` passes 200 to re-record it as it was made.
   */
  minCatchUpMs?: number;
  /** Called with the child's PID once it started (tests use it to inject faults). */
  onStart?: (pid: number) => void;
  cgroupSupport?: CgroupSupport;
}

/** A plan the load generator cannot execute: its message names the event. */
export class PlanNotExecutableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanNotExecutableError";
  }
}

/** The plan sets container limits this machine cannot enforce (and --no-limits was not given). */
export class LimitsNotEnforceableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LimitsNotEnforceableError";
  }
}

/** Container limits a plan asks for, at the start or in any container event. */
export function limitsWanted(plan: EventPlan): { memory: boolean; cpu: boolean } {
  let memory = plan.scenario.container.memoryBytes !== null;
  let cpu = plan.scenario.container.cpus !== null;
  for (const e of plan.events) {
    if (e.kind !== "container") continue;
    if (e.memoryBytes !== undefined) memory = true;
    if (e.cpus !== undefined) cpu = true;
  }
  return { memory, cpu };
}

/** The environment the plan's scenario starts with. */
export function goEnv(plan: EventPlan, gomaxprocs: "plan" | "runtime"): Record<string, string> {
  const g = plan.scenario.go;
  const env: Record<string, string> = { GOGC: g.GOGC < 0 ? "off" : String(g.GOGC), GODEBUG: "gctrace=1,scavtrace=1" };
  if (g.GOMEMLIMIT !== null) env.GOMEMLIMIT = String(g.GOMEMLIMIT);
  // (a plan that leaves GOMAXPROCS to the runtime leaves it unset here too)
  if (gomaxprocs === "plan" && g.GOMAXPROCS !== null) env.GOMAXPROCS = String(g.GOMAXPROCS);
  return env;
}

/** Checks a plan with the load generator itself (`-check`): throws PlanNotExecutableError naming the event. */
export async function checkPlan(loadgen: BuiltLoadgen, planFile: string): Promise<void> {
  const r = await runProcess(loadgen.binary, ["-plan", planFile, "-check"], process.env, null);
  if (r.code !== 0) throw new PlanNotExecutableError(r.stderr.trim().replace(/^loadgen: /, ""));
}

interface ProcessResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runProcess(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number | null,
): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = timeoutMs === null ? null : setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Children running now, killed if heapcast is interrupted. */
const liveChildren = new Set<number>();
let childHandlers = false;
function trackChild(pid: number): void {
  liveChildren.add(pid);
  if (childHandlers) return;
  childHandlers = true;
  const killAll = () => {
    for (const p of liveChildren) {
      try {
        process.kill(p, "SIGKILL");
      } catch {
        /* gone */
      }
    }
  };
  process.on("exit", killAll);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.prependOnceListener(sig, killAll);
}

function dmesgLines(pid: number): string[] {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a run is killed
    const out = require("node:child_process").execFileSync("dmesg", {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 10_000,
    }) as string;
    return out
      .split("\n")
      .filter((l) => l.includes(`Killed process ${pid} `))
      .map((l) => l.trim());
  } catch {
    return [];
  }
}

/** Runs one rep of a plan for real. Returns result.json's content (also written to out/result.json). */
export async function runRealRep(
  plan: EventPlan,
  loadgen: BuiltLoadgen,
  opts: RealRunOptions,
): Promise<Record<string, unknown>> {
  const out = path.resolve(opts.out);
  fs.mkdirSync(out, { recursive: true });
  for (const f of [
    "plan.json",
    "gctrace.txt",
    "loadgen.log",
    "samples.jsonl",
    "samples.jsonl.gz",
    "summary.json",
    "result.json",
  ]) {
    fs.rmSync(path.join(out, f), { force: true });
  }
  const planFile = path.join(out, "plan.json");
  fs.writeFileSync(planFile, JSON.stringify(plan, null, 2) + "\n");
  await checkPlan(loadgen, planFile);

  const gomaxprocs = opts.gomaxprocs ?? "plan";
  const env = goEnv(plan, gomaxprocs);
  const durationS = plan.scenario.durationNs / 1e9;
  const marginS = opts.marginS ?? 10 + 0.1 * durationS;
  const wanted = limitsWanted(plan);
  const support = opts.cgroupSupport ?? detectCgroups();
  const problems = [...support.problems];
  const canMemory = support.version !== null && support.memoryParent !== null;
  const canCpu = support.version !== null && support.cpuParent !== null;
  const missing: string[] = [];
  if (wanted.memory && !canMemory) missing.push("memory");
  if (wanted.cpu && !canCpu) missing.push("cpu");
  if (missing.length > 0 && !opts.noLimits) {
    throw new LimitsNotEnforceableError(
      `the scenario sets container ${missing.join(" and ")} limits, and this machine cannot enforce them: ${problems.join("; ")}. ` +
        `Run as root on Linux with cgroups, or pass --no-limits to run without them (the result then says they were not enforced)`,
    );
  }
  if (support.version !== null) removeStaleGroups(support);
  const useMemory = wanted.memory && canMemory && !opts.noLimits;
  const useCpu = wanted.cpu && canCpu && !opts.noLimits;
  let groups: RunCgroups | null = null;
  if (useMemory || useCpu) {
    groups = RunCgroups.create(support, plan.scenario.name, {
      memory: useMemory,
      memoryBytes: plan.scenario.container.memoryBytes,
      cpu: useCpu,
      cpus: plan.scenario.container.cpus,
    });
  }

  const samplesFile = path.join(out, "samples.jsonl");
  const args = ["-plan", planFile, "-samples", samplesFile, "-summary", path.join(out, "summary.json")];
  if (groups) {
    args.push("-cgroup-version", String(groups.version), "-cpu-period-us", String(groups.periodUs));
    if (groups.memDir) args.push("-cgroup-mem", groups.memDir);
    if (groups.cpuDir) args.push("-cgroup-cpu", groups.cpuDir);
  }
  if (opts.noLimits) args.push("-no-limits");
  if (opts.minCatchUpMs) args.push("-min-catch-up-ms", String(opts.minCatchUpMs));
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ["GOGC", "GOMEMLIMIT", "GOMAXPROCS", "GODEBUG", "GOTOOLCHAIN"]) delete childEnv[k];
  Object.assign(childEnv, env);

  const stderrFd = fs.openSync(path.join(out, "gctrace.txt"), "w");
  const stdoutFd = fs.openSync(path.join(out, "loadgen.log"), "w");
  const startedUtc = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const script = (groups ? groups.joinScript() : "") + 'exec "$@"';
  const busy0 = machineBusySeconds();
  const t0 = process.hrtime.bigint();
  let killedByRunner = false;
  let wallS = 0;
  let pid = -1;
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    const child = spawn("/bin/sh", ["-c", script, "sh", loadgen.binary, ...args], {
      env: childEnv,
      stdio: ["ignore", stdoutFd, stderrFd],
    });
    child.on("error", reject);
    if (child.pid !== undefined) {
      pid = child.pid;
      trackChild(pid);
      opts.onStart?.(pid);
    }
    const timer = setTimeout(
      () => {
        killedByRunner = true;
        try {
          process.kill(pid, "SIGKILL"); // our own child, by PID
        } catch {
          /* already gone */
        }
      },
      (durationS + marginS) * 1000,
    );
    child.on("exit", (code, signal) => {
      wallS = Number(process.hrtime.bigint() - t0) / 1e9;
      clearTimeout(timer);
      liveChildren.delete(pid);
      resolve({ code, signal });
    });
  }).finally(() => {
    fs.closeSync(stderrFd);
    fs.closeSync(stdoutFd);
  });

  const busy1 = machineBusySeconds();
  let cg: CgroupStats | null = null;
  const cleanupErrors: string[] = [];
  if (groups) {
    cg = groups.stats();
    cleanupErrors.push(...groups.removeSync());
  }

  const oomEvidence: string[] = [];
  let oomKilled = false;
  if (exit.signal === "SIGKILL" && !killedByRunner) {
    if (cg && (cg.oomKills ?? 0) > 0) {
      oomKilled = true;
      oomEvidence.push(
        cg.version === 2 ? `memory.events oom_kill=${cg.oomKills}` : `memory.oom_control oom_kill=${cg.oomKills}`,
      );
    }
    if (cg && (cg.memoryFailcnt ?? 0) > 0)
      oomEvidence.push(`${cg.version === 2 ? "memory.events max" : "memory.failcnt"}=${cg.memoryFailcnt}`);
    for (const l of dmesgLines(pid)) {
      oomKilled = true;
      oomEvidence.push(`dmesg: ${l}`);
    }
  }

  const trace = summarizeTrace(fs.readFileSync(path.join(out, "gctrace.txt"), "utf8"));
  const samplesText = fs.existsSync(samplesFile) ? fs.readFileSync(samplesFile, "utf8") : "";
  const samples = summarizeSamples(samplesText);
  const log = fs.readFileSync(path.join(out, "loadgen.log"), "utf8");
  const start = parseStart(log);
  if (oomKilled && typeof samples.summary.last_t === "number")
    samples.summary.time_to_oom_from_last_sample_s = samples.summary.last_t;
  const summaryFile = path.join(out, "summary.json");
  const loadgenSummary = fs.existsSync(summaryFile) ? JSON.parse(fs.readFileSync(summaryFile, "utf8")) : null;
  const last = samples.last;
  const cpuUser = typeof last?.["proc.cpu_user_s"] === "number" ? last["proc.cpu_user_s"] : null;
  const cpuSys = typeof last?.["proc.cpu_sys_s"] === "number" ? last["proc.cpu_sys_s"] : null;
  const result: Record<string, unknown> = {
    format: "heapcast.real",
    version: 1,
    workload: plan.scenario.name,
    rep: opts.rep ?? 1,
    started_utc: startedUtc,
    go_version: start?.go_version ?? null,
    go_line: loadgen.goLine,
    toolchain: {
      requested: loadgen.toolchain.requested || null,
      go_env_version: loadgen.toolchain.version,
      binary: loadgen.binary,
    },
    kernel: readTrim("/proc/sys/kernel/osrelease"),
    host_cpus: os.cpus().length,
    env,
    gomaxprocs: {
      set_by: gomaxprocs === "plan" && plan.scenario.go.GOMAXPROCS !== null ? "env" : "runtime-default",
      plan: plan.scenario.go.GOMAXPROCS,
      at_start: start?.gomaxprocs ?? null,
    },
    // Was the machine otherwise idle? CPU the rest of the machine used during the run, in cores (all busy CPU time
    // less this run's, over the wall time): near 0 on an idle machine; a recording to compare wants it near 0.
    machine: {
      other_cpu_cores_avg:
        busy0 !== null && busy1 !== null && cpuUser !== null && cpuSys !== null && wallS > 0
          ? round(Math.max(0, busy1 - busy0 - cpuUser - cpuSys) / wallS, 3)
          : null,
      loadavg_end: os.loadavg().map((x) => round(x, 2)),
    },
    pacing: { min_catch_up_ms: opts.minCatchUpMs ?? 0, garbage_workers: start?.workers ?? null },
    pid,
    duration_s: durationS,
    timeout_s: durationS + marginS,
    wall_s: round(wallS, 4),
    time_to_oom_s: oomKilled ? round(wallS, 4) : null,
    cpu_user_s: cpuUser,
    cpu_sys_s: cpuSys,
    cpu_cores_avg: cpuUser !== null && cpuSys !== null && wallS > 0 ? round((cpuUser + cpuSys) / wallS, 4) : null,
    exit: {
      exited: exit.code !== null,
      exit_code: exit.code ?? -1,
      signaled: exit.signal !== null,
      signal_name: exit.signal,
      killed_by_runner_timeout: killedByRunner,
      oom_killed: oomKilled,
      oom_evidence: oomEvidence,
      go_fatal_error: trace.fatal,
      stderr_non_trace_tail: trace.other,
    },
    limits: {
      cgroup_version: groups?.version ?? support.version,
      memory: { requested_bytes: plan.scenario.container.memoryBytes, in_plan: wanted.memory, enforced: useMemory },
      cpu: { requested_cores: plan.scenario.container.cpus, in_plan: wanted.cpu, enforced: useCpu },
      problems,
    },
    cgroup: cg,
    cleanup_errors: cleanupErrors,
    samples_summary: samples.summary,
    gctrace_summary: trace.summary,
    events_applied: parseEvents(log),
    loadgen_start: start,
    loadgen_summary: loadgenSummary,
  };
  if (samplesText !== "") {
    fs.writeFileSync(samplesFile + ".gz", gzipSync(samplesText, { level: 9 }));
    if (!opts.keepPlain) fs.rmSync(samplesFile);
  }
  fs.writeFileSync(path.join(out, "result.json"), JSON.stringify(result, null, 2) + "\n");
  return result;
}

/** Busy CPU seconds of the whole machine so far (/proc/stat: all but idle and iowait), or null. */
export function machineBusySeconds(): number | null {
  try {
    const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    const hz = 100; // USER_HZ on Linux
    return (f.reduce((a, b) => a + b, 0) - f[3] - (f[4] ?? 0)) / hz;
  } catch {
    return null;
  }
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function readTrim(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
}

/** The load generator's start line: `loadgen "name" start {json}`. */
function parseStart(log: string): Record<string, unknown> | null {
  const m = /^loadgen ".*" start (\{.*\})$/m.exec(log);
  return m ? (JSON.parse(m[1]) as Record<string, unknown>) : null;
}

/** Events as the load generator applied them: `t=1.2345 event 3 applied: source (kind): note`. */
export function parseEvents(log: string): { index: number; t: number; source: string; kind: string; note: string }[] {
  const out: { index: number; t: number; source: string; kind: string; note: string }[] = [];
  for (const line of log.split("\n")) {
    const m = /^t=([\d.]+) event (\d+) applied: (.*) \((\w+)\)(?:: (.*))?$/.exec(line);
    if (m) out.push({ t: Number(m[1]), index: Number(m[2]), source: m[3], kind: m[4], note: m[5] ?? "" });
  }
  return out;
}
