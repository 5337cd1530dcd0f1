// A real run read back (loadReal): the same arquero tables and summary as a simulation (lib/result.ts), built from
// what `heapcast real` wrote per rep (lib/running/real/runner.ts): cycles from gctrace.txt (the gctrace importer),
// the timeline from samples.jsonl.gz (runtime/metrics names as columns, as a simulation's timeline), the events the
// load generator applied and what happened to the process (OOM kill, timeout kill).
//
// Where a simulation has a quantity no real run reports, the real table holds null, never a made-up number:
// cycles.heap_trigger_bytes and utilization; timeline heap_live:bytes, heap_trigger:bytes, reachable:bytes and
// gc_phase. gctrace's sizes are whole MiB (truncated), so the cycles' byte columns are multiples of 2^20.
// limiter_on is true for the cycles the samples saw as /gc/limiter/last-enabled:gc-cycle (a lower bound: a cycle
// that enabled the limiter between two samples and was overtaken is not seen).

import { validatePlan } from "../authoring/plan-schema";
import * as aq from "arquero";
import * as fs from "node:fs";
import * as path from "node:path";
import { gunzipSync } from "node:zlib";
import type { EventPlan } from "../../kernel/plan";
import type { GcCycleRecord } from "../../kernel/records";
import { parseGctrace, type GctraceCycle } from "./importers/gctrace";
import type { Summary } from "./result";
import { cyclesTable, type Table } from "./tables";
import { parseSampleLines, type SampleRow } from "./samples";

const MiB = 2 ** 20;

/** The timeline columns of a simulation, in order, and where a real sample has each. */
const TIMELINE_COLUMNS: [string, (r: SampleRow) => number | null][] = [
  ["/gc/heap/goal:bytes", (r) => num(r, "/gc/heap/goal:bytes")],
  ["/memory/classes/heap/objects:bytes", (r) => num(r, "/memory/classes/heap/objects:bytes")],
  ["/memory/classes/heap/unused:bytes", (r) => num(r, "/memory/classes/heap/unused:bytes")],
  ["/memory/classes/heap/free:bytes", (r) => num(r, "/memory/classes/heap/free:bytes")],
  ["/memory/classes/heap/released:bytes", (r) => num(r, "/memory/classes/heap/released:bytes")],
  ["/memory/classes/heap/stacks:bytes", (r) => num(r, "/memory/classes/heap/stacks:bytes")],
  // A simulation's column holds every metadata class plus "other": the total less the heap classes.
  [
    "/memory/classes/metadata/other:bytes",
    (r) => {
      const parts = ["objects", "unused", "free", "released", "stacks"].map((c) => num(r, `/memory/classes/heap/${c}:bytes`));
      const total = num(r, "/memory/classes/total:bytes");
      return total === null || parts.some((p) => p === null) ? null : total - (parts as number[]).reduce((a, b) => a + b, 0);
    },
  ],
  ["/memory/classes/total:bytes", (r) => num(r, "/memory/classes/total:bytes")],
  ["/gc/heap/allocs:bytes", (r) => num(r, "/gc/heap/allocs:bytes")],
  ["/gc/heap/frees:bytes", (r) => num(r, "/gc/heap/frees:bytes")],
  ["/gc/cycles/total:gc-cycles", (r) => num(r, "/gc/cycles/total:gc-cycles")],
  ["/gc/cycles/forced:gc-cycles", (r) => num(r, "/gc/cycles/forced:gc-cycles")],
  ["/gc/cycles/automatic:gc-cycles", (r) => num(r, "/gc/cycles/automatic:gc-cycles")],
  ["/gc/stack/starting-size:bytes", (r) => num(r, "/gc/stack/starting-size:bytes")],
  ["/gc/limiter/last-enabled:gc-cycle", (r) => num(r, "/gc/limiter/last-enabled:gc-cycle")],
  ["/sched/goroutines:goroutines", (r) => num(r, "/sched/goroutines:goroutines")],
  ["/sched/gomaxprocs:threads", (r) => num(r, "/sched/gomaxprocs:threads")],
  ["rss:bytes", (r) => num(r, "proc.rss_bytes")],
  ["heap_live:bytes", () => null],
  ["heap_trigger:bytes", () => null],
  ["reachable:bytes", () => null],
  ["gc_cpu_fraction", (r) => num(r, "ms.GCCPUFraction")],
  ["gc_phase", () => null],
];

function num(r: SampleRow, k: string): number | null {
  const v = r[k];
  return typeof v === "number" && Number.isFinite(v) ? v : null;
}

/** One real run (one rep directory), shaped like a simulation's RunResult. */
export class RealResult {
  readonly kind = "real" as const;
  /** The rep directory. */
  readonly dir: string;
  readonly plan: EventPlan;
  /** result.json as written. */
  readonly result: Record<string, any>;
  readonly summary: Summary;
  /** gctrace.txt, parsed. */
  readonly gctraceCycles: GctraceCycle[];
  private readonly samples: SampleRow[];
  private tables: { cycles?: Table; timeline?: Table; events?: Table } = {};
  private readonly t0rt: number;

  constructor(dir: string, plan: EventPlan, result: Record<string, any>, gctrace: string, samples: SampleRow[]) {
    this.dir = dir;
    this.plan = plan;
    this.result = result;
    this.gctraceCycles = parseGctrace(gctrace);
    this.samples = samples;
    this.t0rt = typeof result.loadgen_start?.t0_since_runtime_init_s === "number" ? result.loadgen_start.t0_since_runtime_init_s : 0;
    const s = result.samples_summary ?? {};
    const last = samples[samples.length - 1];
    const oom: number | null = result.exit?.oom_killed ? result.time_to_oom_s : null;
    const maxPauseMs = this.gctraceCycles.reduce((m, c) => Math.max(m, c.stw1Ms, c.stw2Ms), 0);
    this.summary = {
      scenario: plan.scenario.name,
      // the toolchain that ran it ("go1.26.8" → "1.26"), or the plan's version
      goVersion: /^go(\d+\.\d+)/.exec(String(result.go_version ?? ""))?.[1] ?? plan.scenario.go.version,
      simulatedSeconds: oom ?? Math.min(result.wall_s ?? plan.scenario.durationNs / 1e9, plan.scenario.durationNs / 1e9),
      gcCycles: this.gctraceCycles.length,
      peakHeapBytes: this.gctraceCycles.reduce((m, c) => Math.max(m, c.heapEndMiB), 0) * MiB,
      peakHeapInUseBytes: s.peak_heap_inuse_bytes ?? 0,
      finalHeapGoalBytes: s["final./gc/heap/goal:bytes"] ?? 0,
      peakRssBytes: s.peak_rss_bytes ?? 0,
      gcCpuFraction: (last && num(last, "ms.GCCPUFraction")) ?? 0,
      maxPauseSeconds: maxPauseMs / 1e3,
      oomKilledAtSeconds: oom,
      wallMs: (result.wall_s ?? 0) * 1000,
      events: Array.isArray(result.events_applied) ? result.events_applied.length : 0,
      cpuQuota: null, // (a real run's record has no cgroup cpu.stat)
      warnings: [],
    };
  }

  /** One row per GC cycle, from gctrace (columns as a simulation's; sizes in whole MiB). */
  get cycles(): Table {
    if (this.tables.cycles) return this.tables.cycles;
    const limiterCycles = new Set<number>();
    for (const r of this.samples) {
      const v = num(r, "/gc/limiter/last-enabled:gc-cycle");
      if (v !== null && v > 0) limiterCycles.add(v);
    }
    const records: GcCycleRecord[] = this.gctraceCycles.map((c) => ({
      cycle: c.cycle,
      startNs: Math.round((c.startSeconds - this.t0rt) * 1e9),
      stw1Ns: c.stw1Ms * 1e6,
      markNs: c.markMs * 1e6,
      stw2Ns: c.stw2Ms * 1e6,
      stw1CpuNs: c.stw1CpuMs * 1e6,
      assistCpuNs: c.assistCpuMs * 1e6,
      backgroundCpuNs: c.backgroundCpuMs * 1e6,
      idleCpuNs: c.idleCpuMs * 1e6,
      stw2CpuNs: c.stw2CpuMs * 1e6,
      heapStartBytes: c.heapStartMiB * MiB,
      heapEndBytes: c.heapEndMiB * MiB,
      heapMarkedBytes: c.heapMarkedMiB * MiB,
      heapGoalBytes: c.goalMiB * MiB,
      heapTriggerBytes: -1,
      stackBytes: c.stacksMiB * MiB,
      globalsBytes: c.globalsMiB * MiB,
      procs: c.procs,
      gcCpuFraction: c.cpuPercent / 100,
      kind: c.forced ? "forced" : c.periodic ? "periodic" : "heap",
      utilization: 0,
      limiterOn: limiterCycles.has(c.cycle),
    }));
    const nulls = records.map(() => null);
    return (this.tables.cycles = cyclesTable(records).assign({ utilization: nulls }));
  }

  /** One row per sample: a simulation's timeline columns, then every other sampled value (ms.*, proc.*, cg.*, h.*, …). */
  get timeline(): Table {
    if (this.tables.timeline) return this.tables.timeline;
    const rows = this.samples;
    const cols: Record<string, (number | null)[]> = { t_s: rows.map((r) => num(r, "t")) };
    for (const [name, f] of TIMELINE_COLUMNS) cols[name] = rows.map(f);
    const extra = new Set<string>();
    for (const r of rows) for (const k of Object.keys(r)) extra.add(k);
    for (const k of ["t", "t_rt", ...TIMELINE_COLUMNS.map(([n]) => n)]) extra.delete(k);
    for (const k of [...extra].sort()) cols[k] = rows.map((r) => num(r, k));
    return (this.tables.timeline = aq.table(cols));
  }

  /** The plan's events as the load generator applied them, and what happened to the process. */
  get events(): Table {
    if (this.tables.events) return this.tables.events;
    const ev: { t: number; kind: string; detail: string }[] = [];
    for (const e of this.result.events_applied ?? []) {
      ev.push({ t: e.t, kind: "scenario", detail: e.note ? `${e.source}: ${e.note}` : e.source });
    }
    const seen = new Set<number>();
    for (const r of this.samples) {
      const v = num(r, "/gc/limiter/last-enabled:gc-cycle");
      if (v !== null && v > 0 && !seen.has(v)) {
        seen.add(v);
        if (seen.size === 1) ev.push({ t: num(r, "t") ?? 0, kind: "limiter-on", detail: `GC CPU limiter seen on (last enabled in cycle ${v})` });
      }
    }
    for (const c of this.gctraceCycles) {
      if (c.forced) ev.push({ t: c.startSeconds - this.t0rt, kind: "forced-gc", detail: "runtime.GC()" });
      if (c.periodic) ev.push({ t: c.startSeconds - this.t0rt, kind: "periodic-gc", detail: "GC forced (2 minutes without a GC)" });
    }
    const x = this.result.exit ?? {};
    if (x.oom_killed) {
      const lim = this.result.cgroup?.memoryLimitBytes;
      ev.push({ t: this.result.time_to_oom_s, kind: "oom-kill", detail: `OOM-killed in the cgroup${lim ? ` (memory limit ${lim} bytes)` : ""}: ${(x.oom_evidence ?? []).join("; ")}` });
    }
    if (x.killed_by_runner_timeout) ev.push({ t: this.result.wall_s, kind: "timeout-kill", detail: `still running ${this.result.timeout_s} s after start: killed (SIGKILL)` });
    else if (!x.oom_killed && x.signaled) ev.push({ t: this.result.wall_s, kind: "killed", detail: `ended by ${x.signal_name}` });
    else if (x.exited && x.exit_code !== 0) ev.push({ t: this.result.wall_s, kind: "exit", detail: `exit code ${x.exit_code}${x.go_fatal_error ? `: ${x.go_fatal_error}` : ""}` });
    ev.sort((a, b) => a.t - b.t);
    return (this.tables.events = aq.table({ t_s: ev.map((e) => e.t), kind: ev.map((e) => e.kind), detail: ev.map((e) => e.detail) }));
  }

  /** gctrace.txt as the runtime printed it. */
  gctrace(): string {
    return fs.readFileSync(path.join(this.dir, "gctrace.txt"), "utf8");
  }

  /** The raw samples (one object per line of samples.jsonl.gz). */
  sampleRows(): readonly SampleRow[] {
    return this.samples;
  }
}

function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/**
 * Reads one real run: a rep directory written by `heapcast real` (result.json, gctrace.txt, samples.jsonl.gz and
 * plan.json). `plan` is needed only where the directory has no plan.json.
 */
export function loadReal(dir: string, plan?: EventPlan): RealResult {
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
  const samplesFile = path.join(abs, "samples.jsonl.gz");
  const text = fs.existsSync(samplesFile) ? gunzipSync(fs.readFileSync(samplesFile)).toString("utf8") : "";
  const { rows } = parseSampleLines(text);
  const gctraceFile = path.join(abs, "gctrace.txt");
  return new RealResult(abs, p, readJson(resultFile), fs.existsSync(gctraceFile) ? fs.readFileSync(gctraceFile, "utf8") : "", rows);
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
export function loadRealReps(dir: string, plan?: EventPlan): RealResult[] {
  const abs = path.resolve(dir);
  if (fs.existsSync(path.join(abs, "result.json"))) return [loadReal(abs, plan)];
  const reps = repDirs(abs);
  if (reps.length === 0) throw new Error(`${dir}: no real runs (no result.json in it or in rep*/)`);
  return reps.map((r) => loadReal(r, plan));
}
