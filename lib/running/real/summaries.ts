// Summaries of a real run's gctrace and samples for result.json, with the corpus harness runner's field names
// (harness/cmd/runner: summarizeTrace, summarizeSamples), so that the loader of the harness's corpus reads ours.

import { parseGctraceLine } from "../../results/importers/gctrace";
import { parseSampleLines, type SampleRow } from "../../results/samples";

export interface TraceSummary {
  summary: Record<string, number | string>;
  /** Last 20 stderr lines that are neither gc nor scav lines. */
  other: string[];
  /** First stderr line containing "fatal error", or null. */
  fatal: string | null;
}

export function summarizeTrace(text: string): TraceSummary {
  let n = 0;
  let forced = 0;
  let scav = 0;
  let first = -1;
  let last = -1;
  let lastT = 0;
  let lastCpu = 0;
  let maxGoal = 0;
  let lastGoal = 0;
  let maxEnd = 0;
  let lastLive = 0;
  let maxStacks = 0;
  let stw = 0;
  let mark = 0;
  let cpuStw = 0;
  let cpuAssist = 0;
  let cpuBg = 0;
  let cpuIdle = 0;
  const other: string[] = [];
  let fatal: string | null = null;
  for (const raw of text.split("\n")) {
    const l = raw.trimEnd();
    if (l === "") continue;
    const c = l.startsWith("gc ") ? parseGctraceLine(l) : null;
    if (c === null) {
      if (l.startsWith("scav ")) {
        scav++;
        continue;
      }
      if (fatal === null && l.includes("fatal error")) fatal = l;
      other.push(l);
      if (other.length > 20) other.shift();
      continue;
    }
    n++;
    if (first < 0) first = c.cycle;
    last = c.cycle;
    lastT = c.startSeconds;
    lastCpu = c.cpuPercent;
    stw += c.stw1Ms + c.stw2Ms;
    mark += c.markMs;
    cpuStw += c.stw1CpuMs + c.stw2CpuMs;
    cpuAssist += c.assistCpuMs;
    cpuBg += c.backgroundCpuMs;
    cpuIdle += c.idleCpuMs;
    maxEnd = Math.max(maxEnd, c.heapEndMiB);
    lastLive = c.heapMarkedMiB;
    lastGoal = c.goalMiB;
    maxGoal = Math.max(maxGoal, lastGoal);
    maxStacks = Math.max(maxStacks, c.stacksMiB);
    if (c.forced) forced++;
  }
  const r3 = (x: number) => Math.round(x * 1000) / 1000;
  return {
    summary: {
      gc_lines: n,
      first_cycle: first,
      last_cycle: last,
      last_t_s: lastT,
      last_cpu_pct: lastCpu,
      forced_lines: forced,
      scav_lines: scav,
      max_goal_mb: maxGoal,
      final_goal_mb: lastGoal,
      max_heap_end_mb: maxEnd,
      final_heap_live_mb: lastLive,
      max_stacks_mb: maxStacks,
      sum_stw_clock_ms: r3(stw),
      sum_mark_clock_ms: r3(mark),
      sum_cpu_stw_ms: r3(cpuStw),
      sum_cpu_assist_ms: r3(cpuAssist),
      sum_cpu_background_ms: r3(cpuBg),
      sum_cpu_idle_ms: r3(cpuIdle),
      note: "MB in gctrace is MiB (bytes>>20, truncated)",
    },
    other,
    fatal,
  };
}

export function summarizeSamples(text: string): { summary: Record<string, number | null>; last: SampleRow | null } {
  const { rows, bad } = parseSampleLines(text);
  const s: Record<string, number | null> = { n_samples: rows.length, bad_lines: bad };
  if (rows.length === 0) return { summary: s, last: null };
  const peak = (k: string): number | null => {
    let mx: number | null = null;
    for (const r of rows) {
      const v = r[k];
      if (typeof v === "number" && (mx === null || v > mx)) mx = v;
    }
    return mx;
  };
  const put = (name: string, v: number | null) => {
    if (v !== null) s[name] = v;
  };
  const last = rows[rows.length - 1];
  s.last_t = last.t;
  put("peak_heap_inuse_bytes", peak("ms.HeapInuse"));
  put("peak_heap_alloc_bytes", peak("ms.HeapAlloc"));
  put("peak_heap_goal_bytes", peak("/gc/heap/goal:bytes"));
  put("peak_rss_bytes", peak("proc.rss_bytes"));
  put("peak_sys_bytes", peak("ms.Sys"));
  put("peak_stacks_bytes", peak("/memory/classes/heap/stacks:bytes"));
  put("peak_goroutines", peak("/sched/goroutines:goroutines"));
  put("peak_cgroup_usage_bytes", peak("cg.mem_usage_bytes"));
  put("peak_heap_released_bytes", peak("ms.HeapReleased"));
  for (const k of [
    "/gc/heap/goal:bytes",
    "/gc/cycles/total:gc-cycles",
    "ms.HeapInuse",
    "ms.HeapAlloc",
    "proc.rss_bytes",
    "ms.GCCPUFraction",
    "/gc/limiter/last-enabled:gc-cycle",
    "ms.PauseTotalNs",
    "/memory/classes/heap/stacks:bytes",
    "/sched/goroutines:goroutines",
    "ms.HeapReleased",
    "ms.Sys",
    "h.live_bytes",
    "h.leak_bytes",
    "h.gleak_spawned",
    "h.gleak_heap_bytes",
    "h.garbage_skipped_bytes",
  ]) {
    if (typeof last[k] === "number") s[`final.${k}`] = last[k];
  }
  const limiter = "/gc/limiter/last-enabled:gc-cycle";
  const seen = new Set<number>();
  for (const r of rows) {
    const v = r[limiter];
    if (typeof v === "number" && v > 0) {
      if (seen.size === 0) {
        s.limiter_first_seen_t = r.t;
        s.limiter_first_seen_cycle = v;
      }
      seen.add(v);
    }
  }
  s.limiter_distinct_last_enabled_values = seen.size;
  const first = rows[0];
  const dt = (last.t ?? 0) - (first.t ?? 0);
  const num = (r: SampleRow, k: string) => (typeof r[k] === "number" ? (r[k] as number) : 0);
  if (dt > 0) {
    s.overall_achieved_garbage_bytes_per_s =
      Math.round(((num(last, "h.garbage_bytes") - num(first, "h.garbage_bytes")) / dt) * 100) / 100;
    s.overall_runtime_alloc_bytes_per_s =
      Math.round(((num(last, "/gc/heap/allocs:bytes") - num(first, "/gc/heap/allocs:bytes")) / dt) * 100) / 100;
  }
  return { summary: s, last };
}
