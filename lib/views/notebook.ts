// Tables for notebooks and files: several runs' summaries as one arquero table, and a run's tables written as CSV
// or Arrow (IPC file format, which pandas, polars, DuckDB and arquero read).

import * as fs from "node:fs";
import * as path from "node:path";
import * as aq from "arquero";
import type { Table } from "../results/tables";
import type { Summary } from "../results/result";

/** A run, or anything carrying a run's summary. */
export interface HasSummary {
  readonly summary: Summary;
}

/**
 * One row per run: the summary with snake_case columns, named like grid()'s result columns
 * (peak_rss_bytes, gc_cpu_fraction, oom_killed_at_s, ...). Runs given as an object are labelled by their keys
 * (column `run`); a list is labelled by scenario name.
 */
export function summaryTable(runs: HasSummary | HasSummary[] | Record<string, HasSummary>): Table {
  const entries: [string, HasSummary][] =
    runs && typeof runs === "object" && "summary" in runs && !Array.isArray(runs)
      ? [[(runs as HasSummary).summary.scenario, runs as HasSummary]]
      : Array.isArray(runs)
        ? runs.map((r) => [r.summary.scenario, r])
        : Object.entries(runs as Record<string, HasSummary>);
  const pick = <T>(f: (s: Summary) => T) => entries.map(([, r]) => f(r.summary));
  return aq.table({
    run: entries.map(([label]) => label),
    go_version: pick((s) => s.goVersion),
    simulated_s: pick((s) => s.simulatedSeconds),
    gc_cycles: pick((s) => s.gcCycles),
    peak_heap_bytes: pick((s) => s.peakHeapBytes),
    peak_heap_in_use_bytes: pick((s) => s.peakHeapInUseBytes),
    final_heap_goal_bytes: pick((s) => s.finalHeapGoalBytes),
    peak_rss_bytes: pick((s) => s.peakRssBytes),
    gc_cpu_fraction: pick((s) => s.gcCpuFraction),
    max_pause_s: pick((s) => s.maxPauseSeconds),
    oom_killed_at_s: pick((s) => s.oomKilledAtSeconds),
  });
}

/** The tables of a run. */
export interface HasTables {
  readonly cycles: Table;
  readonly timeline: Table;
  readonly events: Table;
}

/** Serializes a table: CSV text, or Arrow IPC bytes (file format). */
export function tableBytes(table: Table, format: "csv" | "arrow"): Buffer {
  if (format === "csv") return Buffer.from(table.toCSV(), "utf8");
  return Buffer.from(table.toArrowIPC({ format: "file" }) as Uint8Array);
}

/**
 * Writes a run's tables to `dir` as cycles, timeline and events (.csv or .arrow), and returns the paths.
 * Arrow keeps column types (numbers stay numbers, nulls stay null); CSV is what spreadsheets open.
 */
export function writeTables(r: HasTables, dir: string, options: { format?: "csv" | "arrow" } = {}): string[] {
  const format = options.format ?? "csv";
  fs.mkdirSync(dir, { recursive: true });
  const out: string[] = [];
  for (const [name, table] of [
    ["cycles", r.cycles],
    ["timeline", r.timeline],
    ["events", r.events],
  ] as const) {
    const file = path.join(dir, `${name}.${format}`);
    fs.writeFileSync(file, tableBytes(table, format));
    out.push(file);
  }
  return out;
}
