// The catalogue of a run's outputs: every summary field once — its key (the summary and `--summary json`), its
// column (summaryTable, grid tables and their CSV), its label (the text summary, the report, a notebook's result
// table), its unit (which decides how the value is printed) and what it means. The summary text, summaryTable, the
// grid table and its text, the heatmap's legend and the README's table all read it, so a field is added here, once.
//
// "None" is null in JSON and tables and "none" (or the field's own wording) in text, never a sentinel number.

import { formatBytes, formatDurationNs } from "../authoring/units";

/** The headline numbers of a run, as `heapcast run --summary json` prints them (see OUTPUTS for each field). */
export interface Summary {
  scenario: string;
  goVersion: string;
  simulatedSeconds: number;
  gcCycles: number;
  peakHeapBytes: number;
  peakHeapInUseBytes: number;
  finalHeapGoalBytes: number | null;
  peakRssBytes: number;
  gcCpuFraction: number;
  pauseP50Seconds: number | null;
  pauseP99Seconds: number | null;
  maxPauseSeconds: number | null;
  assistP50Seconds: number | null;
  assistP99Seconds: number | null;
  oomKilledAtSeconds: number | null;
  cpuQuotaPeriods: number | null;
  throttledPeriods: number | null;
  throttledSeconds: number | null;
  warnings: string[];
  wallMs: number;
  events: number;
}

/**
 * The summary of a run we did not simulate (an import of a real run's gctrace, samples or Prometheus data): the same
 * fields, each null where the data does not show it (gctrace has no RSS; a run has no kernel time or kernel events).
 */
export type ImportSummary = Pick<Summary, "scenario" | "simulatedSeconds" | "warnings"> & {
  [K in Exclude<keyof Summary, "scenario" | "simulatedSeconds" | "warnings">]: Summary[K] | null;
};

/** A simulation's summary or an import's: what the text summary, tables and charts read. */
export type AnySummary = Summary | ImportSummary;

/**
 * How a value is written for people: bytes "172 MiB"; a duration "7m2.116s", "60µs"; an instant "at 21.931s"; a
 * fraction "6.09 %"; a count "104,728"; wall-clock ms "27.0 ms"; text as it is; a list joined by "; ".
 */
export type Unit = "text" | "bytes" | "duration" | "instant" | "fraction" | "count" | "wall-ms" | "list";

/** A statistic a grid with seeds takes of a field over the runs of a combination. */
export type SeedStatistic = "min" | "p50" | "p90" | "p99" | "max";

export interface OutputField {
  /** Key in the summary (`--summary json`, RunResult.summary). */
  key: keyof Summary;
  /** Column in summaryTable and grid tables, or null for a field tables leave out. */
  column: string | null;
  unit: Unit;
  /** Label in the text summary, the report and a notebook's result table. */
  label: string;
  /** What the field means (the README's table). */
  meaning: string;
  /** How null reads in text (default "none"). */
  none?: string;
  /** Changes from one execution of the same run to the next (wall time): left out of notebook outputs. */
  unstable?: boolean;
  /** Statistics over the runs of a combination in a grid with seeds: columns `<column>_<statistic>`. */
  seeds?: SeedStatistic[];
  /** One of the columns `heapcast grid` prints as text (the CSV and JSON have them all). */
  brief?: boolean;
}

export const OUTPUTS: readonly OutputField[] = [
  { key: "scenario", column: null, unit: "text", label: "scenario", meaning: "the scenario's name" },
  {
    key: "goVersion",
    column: "go_version",
    unit: "text",
    label: "Go version",
    meaning: "the Go version modelled (the scenario's go.version, e.g. \"1.26\"); for a real run, the toolchain's line",
    none: "unknown",
  },
  {
    key: "simulatedSeconds",
    column: "simulated_s",
    unit: "duration",
    label: "simulated",
    meaning: "simulated time, seconds (less than the duration if the process was OOM-killed)",
  },
  {
    key: "gcCycles",
    column: "gc_cycles",
    unit: "count",
    label: "GC cycles",
    meaning: "GC cycles completed",
    seeds: ["p50"],
    brief: true,
  },
  {
    key: "peakHeapBytes",
    column: "peak_heap_bytes",
    unit: "bytes",
    label: "peak heap (at mark termination)",
    meaning: "largest heap at mark termination (gctrace's middle number), bytes",
    seeds: ["p50", "p99"],
  },
  {
    key: "peakHeapInUseBytes",
    column: "peak_heap_in_use_bytes",
    unit: "bytes",
    label: "peak heap in use",
    meaning:
      "largest heap in use (spans, `MemStats.HeapInuse`), bytes, over the instants RSS is measured on: never above peak RSS",
  },
  {
    key: "finalHeapGoalBytes",
    column: "final_heap_goal_bytes",
    unit: "bytes",
    label: "final heap goal",
    meaning: "heap goal at the end, bytes; null when there is none (GOGC=off without GOMEMLIMIT)",
    none: "none (GOGC=off, no GOMEMLIMIT)",
  },
  {
    key: "peakRssBytes",
    column: "peak_rss_bytes",
    unit: "bytes",
    label: "peak RSS",
    meaning: "largest resident set size, bytes (at an OOM kill: the container's limit)",
    seeds: ["min", "p50", "p90", "p99", "max"],
    brief: true,
  },
  {
    key: "gcCpuFraction",
    column: "gc_cpu_fraction",
    unit: "fraction",
    label: "GC CPU",
    meaning: "cumulative GC CPU fraction at the end (`MemStats.GCCPUFraction`), 0 to 1",
    seeds: ["p50", "p90"],
    brief: true,
  },
  {
    key: "pauseP50Seconds",
    column: "pause_p50_s",
    unit: "duration",
    label: "STW pause p50",
    meaning:
      "median stop-the-world pause, seconds, over every pause (two per cycle, as `/gc/pauses:seconds` counts them); null without a GC cycle",
  },
  {
    key: "pauseP99Seconds",
    column: "pause_p99_s",
    unit: "duration",
    label: "STW pause p99",
    meaning: "99th percentile of the stop-the-world pauses, seconds; null without a GC cycle",
    seeds: ["p50", "p99"],
    brief: true,
  },
  {
    key: "maxPauseSeconds",
    column: "max_pause_s",
    unit: "duration",
    label: "STW pause max",
    meaning: "longest stop-the-world pause, seconds; null without a GC cycle",
    seeds: ["max"],
  },
  {
    key: "assistP50Seconds",
    column: "assist_p50_s",
    unit: "duration",
    label: "assist CPU per cycle p50",
    meaning:
      "median CPU time goroutines spent in mark assists per GC cycle (gctrace's assist CPU), seconds; null without a GC cycle",
  },
  {
    key: "assistP99Seconds",
    column: "assist_p99_s",
    unit: "duration",
    label: "assist CPU per cycle p99",
    meaning: "99th percentile of the mark assists' CPU time per GC cycle, seconds; null without a GC cycle",
    seeds: ["p50"],
  },
  {
    key: "oomKilledAtSeconds",
    column: "oom_killed_at_s",
    unit: "instant",
    label: "OOM kill",
    meaning:
      "when the container's OOM killer ended the process, seconds; null if it did not (nothing in the tables comes after it; the timeline's last sample is at the kill, RSS at the limit)",
    brief: true,
  },
  {
    key: "cpuQuotaPeriods",
    column: "cpu_quota_periods",
    unit: "count",
    label: "CPU quota periods",
    meaning:
      "CFS periods (100 ms) in which the CPU quota could throttle the process (cgroup `cpu.stat` nr_periods; the model counts them while the quota is below GOMAXPROCS, so 0 with a quota at or above it); null without a quota",
    none: "none (no CPU quota)",
  },
  {
    key: "throttledPeriods",
    column: "throttled_periods",
    unit: "count",
    label: "throttled periods",
    meaning:
      "CFS periods in which the process used up its quota and was throttled (`nr_throttled`); null without a quota",
    none: "none (no CPU quota)",
  },
  {
    key: "throttledSeconds",
    column: "throttled_s",
    unit: "duration",
    label: "throttled time",
    meaning: "time the process waited for its quota to come back (`throttled_time`), seconds; null without a quota",
    none: "none (no CPU quota)",
    seeds: ["p50", "max"],
  },
  {
    key: "warnings",
    column: null,
    unit: "list",
    label: "warnings",
    meaning:
      "what in the settings makes the run end badly before it starts (GOMEMLIMIT above the container's memory, a container smaller than the live heap); empty if nothing",
  },
  {
    key: "wallMs",
    column: null,
    unit: "wall-ms",
    label: "kernel time",
    meaning: "wall time of the simulation, ms",
    unstable: true,
  },
  {
    key: "events",
    column: null,
    unit: "count",
    label: "kernel events",
    meaning: "events the kernel processed",
    unstable: true,
  },
];

/** The catalogue entry of a summary key. */
export function outputField(key: keyof Summary): OutputField {
  const f = OUTPUTS.find((o) => o.key === key);
  if (!f) throw new Error(`no output field ${String(key)}`);
  return f;
}

/** The fields that are table columns, in catalogue order (summaryTable, grid tables). */
export function tableFields(): OutputField[] {
  return OUTPUTS.filter((o) => o.column !== null);
}

/** A value as people read it, by its unit; null as the field's `none` (default "none"). */
export function formatValue(unit: Unit, v: unknown, none = "none"): string {
  if (v === null || v === undefined) return none;
  switch (unit) {
    case "text":
      return String(v);
    case "bytes":
      return formatBytes(v as number);
    case "duration":
      return formatDurationNs(Math.round((v as number) * 1e9));
    case "instant":
      return `at ${formatDurationNs(Math.round((v as number) * 1e9))}`;
    case "fraction":
      return `${((v as number) * 100).toFixed(2)} %`;
    case "count":
      return Number.isInteger(v) ? (v as number).toLocaleString("en-US") : String(+(v as number).toFixed(3));
    case "wall-ms":
      return `${(v as number).toFixed(1)} ms`;
    case "list":
      return (v as unknown[]).length === 0 ? none : (v as unknown[]).map(String).join("; ");
  }
}

/** A summary field as people read it. */
export function formatField(f: OutputField, v: unknown): string {
  return formatValue(f.unit, v, f.none);
}

/**
 * The unit of a table column: a catalogue column, or one derived from it in a grid with seeds (`peak_rss_bytes_p99`,
 * `max_pause_s_max`), or the grid's own `oom_probability*` (a fraction) and `oom_killed_at_s_p50` (an instant).
 * Null for a column the catalogue does not know (an axis, `runs`, `seed`).
 */
export function columnUnit(column: string): Unit | null {
  if (/^oom_probability/.test(column)) return "fraction";
  for (const f of OUTPUTS) {
    if (f.column === null) continue;
    if (
      column === f.column ||
      (column.startsWith(f.column + "_") && /^(min|p\d+|max)$/.test(column.slice(f.column.length + 1)))
    ) {
      return f.unit === "instant" && column !== f.column ? "duration" : f.unit;
    }
  }
  return null;
}
