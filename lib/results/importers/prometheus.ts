// Reader of a Go service's metrics from Prometheus: the JSON of a range query (/api/v1/query_range, resultType
// "matrix"; one response, a list of them, or one per line) or CSV (wide: a time column and one column per series, as
// Grafana exports; long: one row per point with the metric name, time and value, labels in further columns).
//
// The standard client_golang series become timeline columns under the name the simulation's timeline uses for the
// same quantity (a runtime/metrics name, or rss:bytes, or MemStats' own name as "ms.Field" where runtime/metrics has
// no exact equivalent). Series exported by client_golang's runtime/metrics collector (go_gc_*, go_sched_*,
// go_memory_classes_*, ...) are mapped back to their runtime/metrics name through the same rule client_golang uses to
// name them (RuntimeMetricsToProm in prometheus/internal/go_runtime_metrics.go). Any other series keeps its name.
//
// Several series of one metric (several pods or instances) are an error naming the labels that differ, unless the
// options select one; summary quantiles become one column each; histogram buckets are counted and left out.

import { RUNTIME_METRICS } from "./runtime-metrics-names";
import type { SampleTimeline } from "./imported-run";
import { textOf } from "./samples";

export class PrometheusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PrometheusError";
  }
}

/** client_golang's process and MemStats series, by the column they become. */
export const CLIENT_GOLANG_SERIES: Record<string, string> = {
  go_goroutines: "/sched/goroutines:goroutines",
  go_threads: "go_threads",
  go_memstats_alloc_bytes: "ms.Alloc",
  go_memstats_alloc_bytes_total: "/gc/heap/allocs:bytes",
  go_memstats_heap_alloc_bytes: "/memory/classes/heap/objects:bytes",
  go_memstats_heap_inuse_bytes: "ms.HeapInuse",
  go_memstats_heap_idle_bytes: "ms.HeapIdle",
  go_memstats_heap_released_bytes: "/memory/classes/heap/released:bytes",
  go_memstats_heap_sys_bytes: "ms.HeapSys",
  go_memstats_heap_objects: "/gc/heap/objects:objects",
  go_memstats_stack_inuse_bytes: "ms.StackInuse",
  go_memstats_stack_sys_bytes: "ms.StackSys",
  go_memstats_sys_bytes: "/memory/classes/total:bytes",
  go_memstats_next_gc_bytes: "/gc/heap/goal:bytes",
  go_memstats_gc_sys_bytes: "ms.GCSys",
  go_memstats_mallocs_total: "ms.Mallocs",
  go_memstats_frees_total: "ms.Frees",
  go_memstats_lookups_total: "ms.Lookups",
  go_memstats_mspan_inuse_bytes: "ms.MSpanInuse",
  go_memstats_mspan_sys_bytes: "ms.MSpanSys",
  go_memstats_mcache_inuse_bytes: "ms.MCacheInuse",
  go_memstats_mcache_sys_bytes: "ms.MCacheSys",
  go_memstats_buck_hash_sys_bytes: "ms.BuckHashSys",
  go_memstats_other_sys_bytes: "ms.OtherSys",
  go_memstats_last_gc_time_seconds: "ms.LastGC:seconds",
  go_memstats_gc_cpu_fraction: "gc_cpu_fraction",
  go_gc_duration_seconds_count: "/gc/cycles/total:gc-cycles",
  go_gc_duration_seconds_sum: "gc_pause_total:seconds",
  go_gc_gogc_percent: "/gc/gogc:percent",
  go_gc_gomemlimit_bytes: "/gc/gomemlimit:bytes",
  process_resident_memory_bytes: "rss:bytes",
  process_virtual_memory_bytes: "process_virtual_memory_bytes",
  process_cpu_seconds_total: "process_cpu:seconds",
};

/** The Prometheus name client_golang gives a runtime/metrics name (RuntimeMetricsToProm). */
export function promNameOf(metric: string, cumulative: boolean, histogram = false): string {
  const [key, unit] = metric.split(":");
  const parts = key.slice(1).split("/");
  const name = parts.pop()!.replace(/-/g, "_");
  const subsystem = parts.join("_").replace(/-/g, "_");
  const u = unit.replace(/-/g, "_").replace(/\*/g, "_").replace(/\//g, "_per_");
  return `go_${subsystem}_${name}_${u}${cumulative && !histogram ? "_total" : ""}`;
}

/** Prometheus name → runtime/metrics name, for every runtime/metrics name of Go 1.19 to the newest release. */
const FROM_RUNTIME_METRICS: Map<string, string> = (() => {
  const m = new Map<string, string>();
  for (const d of RUNTIME_METRICS) {
    if (d.kind === "histogram") continue;
    m.set(promNameOf(d.name, d.cumulative), d.name);
  }
  return m;
})();

/** The timeline column a series of this name becomes. */
export function columnOf(promName: string): string {
  return CLIENT_GOLANG_SERIES[promName] ?? FROM_RUNTIME_METRICS.get(promName) ?? promName;
}

/** One series: its name, labels and points (seconds since the epoch, value or null for NaN/±Inf). */
interface Series {
  name: string;
  labels: Record<string, string>;
  points: [number, number | null][];
  where: string;
}

export interface PrometheusOptions {
  /** Keep only series whose labels have these values (e.g. { pod: "checkout-7d9f" }): one process's series. */
  select?: Record<string, string>;
  /** Name in messages and charts. Default "prometheus". */
  name?: string;
}

function value(v: unknown, where: string): number | null {
  const s = typeof v === "number" ? String(v) : v;
  if (typeof s !== "string")
    throw new PrometheusError(`${where}: expected a sample value as a string like "42", got ${JSON.stringify(v)}`);
  if (s === "NaN" || s === "+Inf" || s === "-Inf" || s === "Inf") return null;
  const x = Number(s);
  if (s.trim() === "" || !Number.isFinite(x))
    throw new PrometheusError(`${where}: expected a number, got ${JSON.stringify(s)}`);
  return x;
}

/** Series of one or more query_range responses. */
function seriesOfJson(docs: unknown[], name: string): Series[] {
  const out: Series[] = [];
  docs.forEach((doc, d) => {
    const where = docs.length > 1 ? `${name} response ${d + 1}` : name;
    if (typeof doc !== "object" || doc === null)
      throw new PrometheusError(
        `${where}: expected a query_range response object ({"status":"success","data":{...}}), got ${JSON.stringify(doc)?.slice(0, 40)}`,
      );
    const o = doc as Record<string, unknown>;
    if (o.status === "error")
      throw new PrometheusError(
        `${where}: the query failed: ${String(o.errorType ?? "")} ${String(o.error ?? "")}`.trim(),
      );
    const data = o.data as Record<string, unknown> | undefined;
    if (!data || typeof data !== "object")
      throw new PrometheusError(`${where}: expected a "data" object, got ${JSON.stringify(o.data)}`);
    if (data.resultType !== "matrix")
      throw new PrometheusError(
        `${where}: data.resultType: expected "matrix" (a range query, /api/v1/query_range), got ${JSON.stringify(data.resultType)}`,
      );
    if (!Array.isArray(data.result))
      throw new PrometheusError(
        `${where}: data.result: expected a list of series, got ${JSON.stringify(data.result)?.slice(0, 40)}`,
      );
    data.result.forEach((s: unknown, k: number) => {
      const w = `${where}: data.result[${k}]`;
      const r = s as { metric?: Record<string, string>; values?: unknown[] };
      if (!r || typeof r.metric !== "object" || r.metric === null)
        throw new PrometheusError(`${w}.metric: expected the series' labels, got ${JSON.stringify(r?.metric)}`);
      if (!Array.isArray(r.values))
        throw new PrometheusError(
          `${w}.values: expected a list of [time, "value"] pairs, got ${JSON.stringify(r.values)?.slice(0, 40)}`,
        );
      const { __name__, ...labels } = r.metric;
      if (typeof __name__ !== "string")
        throw new PrometheusError(
          `${w}.metric.__name__: expected the metric's name (query the series by name, not an expression), got ${JSON.stringify(__name__)}`,
        );
      const points = r.values.map((p, j): [number, number | null] => {
        if (!Array.isArray(p) || p.length !== 2 || typeof p[0] !== "number")
          throw new PrometheusError(`${w}.values[${j}]: expected [unix seconds, "value"], got ${JSON.stringify(p)}`);
        return [p[0], value(p[1], `${w}.values[${j}]`)];
      });
      out.push({ name: __name__, labels, points, where: `${__name__}${labelText(labels)}` });
    });
  });
  return out;
}

function labelText(labels: Record<string, string>): string {
  const ks = Object.keys(labels).sort();
  return ks.length === 0 ? "" : `{${ks.map((k) => `${k}="${labels[k]}"`).join(",")}}`;
}

/** `name{a="x",b="y"}` → name and labels. */
function parseSeriesName(s: string, where: string): { name: string; labels: Record<string, string> } {
  const m = /^\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\s*(?:\{(.*)\})?\s*$/.exec(s);
  if (!m)
    throw new PrometheusError(
      `${where}: expected a series name like go_goroutines or go_goroutines{pod="x"}, got ${JSON.stringify(s)}`,
    );
  const labels: Record<string, string> = {};
  if (m[2]) {
    const re = /\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"((?:[^"\\]|\\.)*)"\s*,?/y;
    let pos = 0;
    while (pos < m[2].length) {
      re.lastIndex = pos;
      const l = re.exec(m[2]);
      if (!l)
        throw new PrometheusError(
          `${where}: labels: expected name="value" pairs, got ${JSON.stringify(m[2].slice(pos))}`,
        );
      labels[l[1]] = l[2];
      pos = re.lastIndex;
    }
  }
  return { name: m[1], labels };
}

/** Splits a CSV line (RFC 4180 quoting). */
function csvCells(line: string): string[] {
  const cells: string[] = [];
  let cur = "";
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (q) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') q = false;
      else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ",") {
      cells.push(cur);
      cur = "";
    } else cur += ch;
  }
  cells.push(cur);
  return cells;
}

/** A time cell: unix seconds, unix milliseconds, or an ISO 8601 date. */
function timeCell(s: string, where: string): number {
  const t = s.trim();
  if (/^\d+(\.\d+)?$/.test(t)) {
    const x = Number(t);
    return x > 1e11 ? x / 1000 : x; // milliseconds since the epoch (Grafana) or seconds
  }
  const ms = Date.parse(t);
  if (!Number.isFinite(ms))
    throw new PrometheusError(
      `${where}: expected a time (unix seconds, milliseconds or an ISO 8601 date), got ${JSON.stringify(s)}`,
    );
  return ms / 1000;
}

const TIME_HEADERS = ["time", "timestamp", "ts"];
const NAME_HEADERS = ["__name__", "metric", "name", "series"];

function seriesOfCsv(text: string, name: string): Series[] {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === "") lines.pop();
  if (lines.length < 2) throw new PrometheusError(`${name}: expected a CSV header and at least one row`);
  const header = csvCells(lines[0]).map((h) => h.trim());
  const lower = header.map((h) => h.toLowerCase());
  const timeCol = lower.findIndex((h) => TIME_HEADERS.includes(h));
  if (timeCol < 0)
    throw new PrometheusError(
      `${name} line 1: expected a time column (one of ${TIME_HEADERS.join(", ")}), got the columns ${header.join(", ")}`,
    );
  const nameCol = lower.findIndex((h) => NAME_HEADERS.includes(h));
  const valueCol = lower.indexOf("value");
  const rows = lines.slice(1).map((l, i) => ({ cells: csvCells(l), line: i + 2 }));
  for (const r of rows) {
    if (r.cells.length !== header.length)
      throw new PrometheusError(
        `${name} line ${r.line}: expected ${header.length} cells like the header, got ${r.cells.length}`,
      );
  }
  if (nameCol >= 0 && valueCol >= 0) {
    // Long: one point per row; the other columns are labels.
    const labelCols = header.map((h, i) => i).filter((i) => i !== timeCol && i !== nameCol && i !== valueCol);
    const by = new Map<string, Series>();
    for (const r of rows) {
      const parsed = parseSeriesName(r.cells[nameCol], `${name} line ${r.line}`);
      for (const i of labelCols) if (r.cells[i] !== "") parsed.labels[header[i]] = r.cells[i];
      const key = parsed.name + labelText(parsed.labels);
      let s = by.get(key);
      if (!s) by.set(key, (s = { name: parsed.name, labels: parsed.labels, points: [], where: key }));
      s.points.push([
        timeCell(r.cells[timeCol], `${name} line ${r.line}`),
        r.cells[valueCol].trim() === "" ? null : value(r.cells[valueCol].trim(), `${name} line ${r.line}`),
      ]);
    }
    return [...by.values()];
  }
  // Wide: every other column is a series.
  return header
    .map((h, i) => ({ h, i }))
    .filter(({ i }) => i !== timeCol)
    .map(({ h, i }) => {
      const parsed = parseSeriesName(h, `${name} line 1, column ${i + 1}`);
      return {
        name: parsed.name,
        labels: parsed.labels,
        where: h,
        points: rows.map((r): [number, number | null] => [
          timeCell(r.cells[timeCol], `${name} line ${r.line}`),
          r.cells[i].trim() === "" ? null : value(r.cells[i].trim(), `${name} line ${r.line}, column ${h}`),
        ]),
      };
    });
}

/** Labels that tell series of one metric apart within one process (not another pod). */
const WITHIN_PROCESS_LABELS = new Set(["quantile", "le"]);

/** Reads Prometheus data (query_range JSON or CSV) into a timeline. */
export function parsePrometheus(data: Buffer | string, options: PrometheusOptions = {}): SampleTimeline {
  const name = options.name ?? "prometheus";
  const text = textOf(data).trim();
  if (text === "") throw new PrometheusError(`${name}: empty (expected a query_range JSON response or CSV)`);
  let series: Series[];
  if (text.startsWith("{") || text.startsWith("[")) {
    let docs: unknown[];
    try {
      const v = JSON.parse(text);
      docs = Array.isArray(v) ? v : [v];
    } catch {
      // One response per line.
      docs = text
        .split(/\r?\n/)
        .filter((l) => l.trim() !== "")
        .map((l, i) => {
          try {
            return JSON.parse(l);
          } catch (e) {
            throw new PrometheusError(
              `${name} line ${i + 1}: expected a query_range JSON response, got ${JSON.stringify(l.slice(0, 60))} (${(e as Error).message})`,
            );
          }
        });
    }
    series = seriesOfJson(docs, name);
  } else {
    series = seriesOfCsv(text, name);
  }
  const sel = options.select ?? {};
  const selected = series.filter((s) => Object.entries(sel).every(([k, v]) => s.labels[k] === v));
  if (selected.length === 0)
    throw new PrometheusError(
      `${name}: no series${Object.keys(sel).length ? ` with ${labelText(sel)}` : ""} (read ${series.length})`,
    );
  // Histogram buckets are left out (counted); summaries' quantiles are columns of their own.
  const buckets = selected.filter((s) => s.name.endsWith("_bucket") && "le" in s.labels);
  const kept = selected.filter((s) => !buckets.includes(s));
  const byColumn = new Map<string, Series[]>();
  for (const s of kept) {
    const q = s.labels.quantile;
    const col = q !== undefined ? `${s.name}{quantile="${q}"}` : columnOf(s.name);
    const list = byColumn.get(col) ?? [];
    list.push(s);
    byColumn.set(col, list);
  }
  // One quantity under two names (client_golang's MemStats series and its runtime/metrics one, e.g.
  // go_gc_duration_seconds_count and go_gc_cycles_total_gc_cycles_total): the runtime/metrics one is kept.
  const alsoAs: string[] = [];
  for (const [col, list] of byColumn) {
    const names = new Set(list.map((s) => s.name));
    if (list.length > 1 && names.size === list.length) {
      const keep = list.find((s) => !(s.name in CLIENT_GOLANG_SERIES)) ?? list[0];
      for (const s of list) if (s !== keep) alsoAs.push(`${s.name} (same as ${keep.name})`);
      byColumn.set(col, [keep]);
    }
  }
  for (const [col, list] of byColumn) {
    if (list.length > 1) {
      const differ = [...new Set(list.flatMap((s) => Object.keys(s.labels)))].filter(
        (k) => !WITHIN_PROCESS_LABELS.has(k) && new Set(list.map((s) => s.labels[k])).size > 1,
      );
      throw new PrometheusError(
        `${name}: ${list[0].name} has ${list.length} series (${list
          .map((s) => s.where)
          .slice(0, 3)
          .join(", ")}${list.length > 3 ? ", …" : ""}) for column ${col}; ` +
          `choose one process with select: { ${differ.map((k) => `${k}: "${list[0].labels[k]}"`).join(", ") || "label: value"} }`,
      );
    }
  }
  // The union of the series' timestamps; time since the process started where process_start_time_seconds says when.
  const times = [...new Set(kept.flatMap((s) => s.points.map((p) => p[0])))].sort((a, b) => a - b);
  const start =
    kept.find((s) => s.name === "process_start_time_seconds")?.points.find((p) => p[1] !== null)?.[1] ?? null;
  const t0 = start !== null && start <= times[0] ? start : times[0];
  const index = new Map(times.map((t, i) => [t, i]));
  const columns: Record<string, (number | null)[]> = { t_s: times.map((t) => Math.round((t - t0) * 1e6) / 1e6) };
  let nan = 0;
  for (const [col, [s]] of [...byColumn].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (s.name === "process_start_time_seconds") continue;
    const v: (number | null)[] = times.map(() => null);
    for (const [t, x] of s.points) {
      if (x === null) nan++;
      v[index.get(t)!] = x;
    }
    columns[col] = v;
  }
  const parts = [
    `${kept.length} series, ${times.length} time points, time from ${start !== null ? "process_start_time_seconds" : "the first point"}`,
  ];
  if (alsoAs.length > 0)
    parts.push(`${alsoAs.length} series read under their runtime/metrics twin: ${alsoAs.join(", ")}`);
  if (buckets.length > 0) parts.push(`${buckets.length} histogram bucket series left out`);
  if (nan > 0) parts.push(`${nan} NaN/Inf points left empty`);
  if (series.length > selected.length)
    parts.push(`${series.length - selected.length} series of other processes left out by select`);
  return { columns, read: parts.join("; "), name, kind: "prometheus" };
}
