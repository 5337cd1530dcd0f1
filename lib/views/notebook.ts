// Tables for notebooks and files: several runs' summaries as one arquero table, and a run's tables written as CSV
// or Arrow (IPC file format, which pandas, polars, DuckDB and arquero read).

import * as fs from "node:fs";
import * as path from "node:path";
import * as aq from "arquero";
import type { Table } from "../results/tables";
import { tableFields, type AnySummary } from "../results/outputs";

/**
 * A run, or anything carrying a run's summary (a simulation's, or an import's with null where its data shows nothing).
 */
export interface HasSummary {
  readonly summary: AnySummary;
}

/**
 * One row per run: the summary's table columns (the outputs catalogue: the same names, order and nulls as grid()'s
 * rows: peak_rss_bytes, gc_cpu_fraction, pause_p99_s, oom_killed_at_s, ...), after a `run` label. Runs given as an
 * object are labelled by their keys; a list is labelled by scenario name.
 */
export function summaryTable(runs: HasSummary | HasSummary[] | Record<string, HasSummary>): Table {
  const entries: [string, HasSummary][] =
    runs && typeof runs === "object" && "summary" in runs && !Array.isArray(runs)
      ? [[(runs as HasSummary).summary.scenario, runs as HasSummary]]
      : Array.isArray(runs)
        ? runs.map((r) => [r.summary.scenario, r])
        : Object.entries(runs as Record<string, HasSummary>);
  const cols: Record<string, unknown[]> = { run: entries.map(([label]) => label) };
  for (const f of tableFields()) cols[f.column as string] = entries.map(([, r]) => r.summary[f.key]);
  return aq.table(cols);
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
