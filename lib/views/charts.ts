// Vega-Lite specs (v5-compatible: "$schema" v5, no v6-only features), each a pure function of a run's tables
// (cycles, timeline, events as arquero tables) and its plan. Data is inlined in the spec, so a spec is a complete,
// portable chart: JupyterLab renders it, render.ts turns it into SVG and PNG, the HTML report inlines the SVG.
//
// Every spec carries a `description`: a one-line text summary of what the chart shows (the text/plain of a notebook
// output, the alt text of the report's charts).

import { initialGomaxprocs } from "../../kernel/versions";
import type { Table } from "../results/tables";
import type { EventPlan } from "../../kernel/plan";
import type { Summary } from "../results/result";
import type { ImportSummary } from "../results/importers/imported-run";

/** A run's summary: a simulation's, or an imported run's (null where its data does not show a figure). */
export type ChartSummary = Summary | ImportSummary;

/** A byte figure for a description, or "unknown" where the data does not show it. */
function bytesOrUnknown(b: number | null): string {
  return b === null ? "unknown" : formatBytes(b);
}
import { formatBytes } from "../authoring/units";

/** A Vega-Lite (v5) top-level spec. */
export type ChartSpec = Record<string, any>;

/** What the single-run charts read: a RunResult has all of these. */
export interface RunTables {
  readonly cycles: Table;
  readonly timeline: Table;
  readonly events: Table;
  readonly plan: EventPlan;
  readonly summary: ChartSummary;
}

export interface ChartOptions {
  /** Plot width in pixels (without axes and legend). Default 640. */
  width?: number;
  /** Plot height in pixels. Default depends on the chart. */
  height?: number;
  /** Title; default names the scenario. */
  title?: string;
  /** gcChart: the run's GC cycles, when `cycles` holds them merged (report.ts: a run of millions of cycles). */
  cycleCount?: number;
}

const MiB = 1024 * 1024;
const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
/** Fonts: DejaVu Sans is what the PNG renderer finds on Debian; browsers take the first they have. */
const FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";
/** Most points a series carries into a spec; longer series are reduced (see `reduce`). */
const MAX_POINTS = 1500;
/** Most GC cycles a chart shows one by one; more are merged into buckets (see `bucketCycles`). */
const MAX_CYCLE_POINTS = 400;

/** Shared look: white background, readable axes, legends below the plot so charts stay narrow. */
export function chartConfig(): ChartSpec {
  return {
    font: FONT,
    background: "white",
    view: { stroke: "#ddd" },
    title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: "#555", anchor: "start", offset: 10 },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", grid: true, gridColor: "#eee" },
    legend: { labelFontSize: 11, titleFontSize: 11, orient: "bottom", direction: "horizontal", labelLimit: 320, titleLimit: 600, columns: 0 },
    header: { labelFontSize: 12, titleFontSize: 12 },
  };
}

function base(description: string, title: string | { text: string; subtitle?: string }): ChartSpec {
  return { $schema: SCHEMA, description, title, config: chartConfig() };
}

/**
 * Inline data for a spec. A few rows stay objects; more become one CSV string with typed columns (Vega-Lite's inline
 * `values` + `format`), several times smaller in a notebook, which pretty-prints JSON one value per line.
 */
export function inline(rows: Record<string, unknown>[]): ChartSpec {
  if (rows.length <= 60) return { values: rows };
  const fields = Object.keys(rows[0]);
  const parse: Record<string, string> = {};
  for (const f of fields) {
    const v = rows.find((r) => r[f] !== null && r[f] !== undefined)?.[f];
    parse[f] = typeof v === "number" ? "number" : typeof v === "boolean" ? "boolean" : "string";
  }
  const cell = (v: unknown) => (v === null || v === undefined ? "" : typeof v === "string" && /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : String(v));
  const csv = [fields.map(cell).join(","), ...rows.map((r) => fields.map((f) => cell(r[f])).join(","))].join("\n");
  return { values: csv, format: { type: "csv", parse } };
}

/** The unit of a chart's time axis: seconds up to 10 minutes, minutes up to 3 hours, then hours. */
export function timeUnit(endSeconds: number): { div: number; unit: "s" | "min" | "h" } {
  if (endSeconds >= 3 * 3600) return { div: 3600, unit: "h" };
  if (endSeconds >= 600) return { div: 60, unit: "min" };
  return { div: 1, unit: "s" };
}

/** A time for people: "12.35 s", "7.0 min", "9.08 h". */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(2)} s`;
  if (seconds < 2 * 3600) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(2)} h`;
}

/** A time in a chart's axis unit: "420.65 s", "12.9 min", "9.08 h". */
function inUnit(seconds: number, tu: { div: number; unit: string }): string {
  return `${(seconds / tu.div).toFixed(tu.unit === "min" ? 1 : 2)} ${tu.unit}`;
}

/** A column as a plain array. */
function col<T = number>(t: Table, name: string): T[] {
  return Array.from(t.array(name) as ArrayLike<T>);
}

/** Rounds to a few significant digits so that specs (which inline their data) stay small. */
function r3(v: number): number {
  if (!Number.isFinite(v)) return v;
  const a = Math.abs(v);
  if (a === 0) return 0;
  const digits = a >= 1000 ? 1 : a >= 1 ? 3 : 5;
  return Math.round(v * 10 ** digits) / 10 ** digits;
}

/** Indices to keep so that at most `max` points remain: every k-th point, plus the last. */
function stride(n: number, max = MAX_POINTS): number[] {
  const k = Math.max(1, Math.ceil(n / max));
  const idx: number[] = [];
  for (let i = 0; i < n; i += k) idx.push(i);
  if (n > 0 && idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
}

/**
 * "Go 1.26 GOGC=100 GOMEMLIMIT=192 MiB GOMAXPROCS=2 · container 256 MiB, 1.5 CPUs": the settings a run started with
 * (GOMAXPROCS the program's own or the runtime's default).
 */
export function settingsLine(plan: EventPlan): string {
  const s = plan.scenario;
  const parts = [
    `Go ${s.go.version}`,
    `GOGC=${s.go.GOGC < 0 ? "off" : s.go.GOGC}`,
    `GOMEMLIMIT=${s.go.GOMEMLIMIT === null ? "off" : formatBytes(s.go.GOMEMLIMIT)}`,
    `GOMAXPROCS=${initialGomaxprocs(s)}`,
  ];
  const c: string[] = [];
  if (s.container.memoryBytes !== null) c.push(`${formatBytes(s.container.memoryBytes)}`);
  if (s.container.cpus !== null) c.push(`${s.container.cpus} CPUs`);
  return parts.join(" ") + (c.length ? ` · container ${c.join(", ")}` : "");
}

/** A limit over time: segments [t0, t1) with a value in bytes (null segments, "off", are left out). */
export interface LimitSegment {
  series: "GOMEMLIMIT" | "container limit";
  t0: number;
  t1: number;
  bytes: number;
}

/** GOMEMLIMIT and the container's memory limit over the run, from the plan (settings, then `.go()` / `.container()` calls). */
export function limitSegments(plan: EventPlan, endSeconds: number): LimitSegment[] {
  const out: LimitSegment[] = [];
  const track = (series: LimitSegment["series"], initial: number | null, pick: (e: EventPlan["events"][number]) => number | null | undefined) => {
    let t = 0;
    let v = initial;
    const changes = plan.events
      .map((e) => ({ t: e.atNs / 1e9, v: pick(e) }))
      .filter((c): c is { t: number; v: number | null } => c.v !== undefined && c.t <= endSeconds)
      .sort((a, b) => a.t - b.t);
    for (const c of changes) {
      if (c.v === v) continue;
      if (v !== null && c.t > t) out.push({ series, t0: t, t1: c.t, bytes: v });
      t = c.t;
      v = c.v;
    }
    if (v !== null && endSeconds > t) out.push({ series, t0: t, t1: endSeconds, bytes: v });
  };
  track("GOMEMLIMIT", plan.scenario.go.GOMEMLIMIT, (e) => (e.kind === "go" ? e.GOMEMLIMIT : undefined));
  track("container limit", plan.scenario.container.memoryBytes, (e) => (e.kind === "container" ? e.memoryBytes : undefined));
  return out;
}

const MEMORY_PARTS = [
  ["live", "live heap"],
  ["garbage", "garbage (dead, not yet swept)"],
  ["free", "free heap pages + span slack"],
  ["stacks", "goroutine stacks"],
  ["other", "other (runtime metadata, binary)"],
] as const;
/** A real run's parts: heap objects are not split into live and garbage (see memoryChart). */
const REAL_MEMORY_PARTS = [["live", "heap objects (live and garbage)"], ...MEMORY_PARTS.slice(2)] as const;
const LINE_SERIES = ["RSS", "heap goal", "GOMEMLIMIT", "container limit"];
const LINE_COLORS = ["#111111", "#1f4e9c", "#e6550d", "#c00000"];
const LINE_DASHES = [[1, 0], [6, 3], [8, 4], [2, 2]];
const LINE_LEGEND = { orient: "right", direction: "vertical", columns: 1, symbolType: "stroke", symbolStrokeWidth: 2, symbolSize: 300 };

/**
 * Memory over time. Stacked areas partition RSS: live heap, garbage (heap objects no longer reachable, freed by the
 * next sweep), free heap pages and span slack, goroutine stacks, and the rest of the runtime (metadata, binary).
 * Lines: RSS, the heap goal (compare it with the top of the garbage area: heap objects), GOMEMLIMIT and the container
 * limit (as they change over the run). The OOM kill is marked.
 */
export function memoryChart(r: RunTables, opts: ChartOptions = {}): ChartSpec {
  const tl = r.timeline;
  const t = col(tl, "t_s");
  const objects = col(tl, "/memory/classes/heap/objects:bytes");
  const reachable = col(tl, "reachable:bytes");
  const unused = col(tl, "/memory/classes/heap/unused:bytes");
  const free = col(tl, "/memory/classes/heap/free:bytes");
  const stacks = col(tl, "/memory/classes/heap/stacks:bytes");
  const rss = col(tl, "rss:bytes");
  const goal = col(tl, "/gc/heap/goal:bytes");
  const end = r.summary.simulatedSeconds;
  const tu = timeUnit(end);
  const values: Record<string, number | null>[] = [];
  let top = 0;
  // A real run (loadReal) does not know which heap objects are still reachable (its reachable:bytes is null): its
  // heap objects are one area, not split into live heap and garbage.
  const split = reachable.every((v) => v !== null);
  const parts = split ? MEMORY_PARTS : REAL_MEMORY_PARTS;
  for (const i of stride(t.length)) {
    const live = split ? Math.min(reachable[i], objects[i]) : objects[i];
    const other = Math.max(0, rss[i] - objects[i] - unused[i] - free[i] - stacks[i]);
    top = Math.max(top, rss[i]);
    values.push({
      t: r3(t[i] / tu.div),
      live: r3(live / MiB),
      garbage: r3((objects[i] - live) / MiB),
      free: r3((unused[i] + free[i]) / MiB),
      stacks: r3(stacks[i] / MiB),
      other: r3(other / MiB),
      rss: r3(rss[i] / MiB),
      // No goal (GOGC=off without a limit) is null: left out.
      goal: goal[i] === null ? null : r3(goal[i] / MiB),
    });
  }
  const limits = limitSegments(r.plan, end).map((s) => ({
    series: s.series,
    t0: r3(s.t0 / tu.div),
    t1: r3(s.t1 / tu.div),
    MiB: r3(s.bytes / MiB),
    label: `${s.series === "GOMEMLIMIT" ? "GOMEMLIMIT" : "container"} ${formatBytes(s.bytes)}`,
  }));
  for (const l of limits) top = Math.max(top, l.MiB * MiB);
  const yMax = r3((top / MiB) * 1.08);
  const oom = r.summary.oomKilledAtSeconds;
  const x = { field: "t", type: "quantitative", title: `time (${tu.unit})`, scale: { domain: [0, r3(Math.max(end, 1e-9) / tu.div)], nice: false } };
  const y = { type: "quantitative", title: "MiB", scale: { domain: [0, yMax], nice: false } };
  // The legend lists the lines this chart has: RSS, the heap goal if there is one, the limits that are set.
  const present = LINE_SERIES.map((name, i) => ({ name, i })).filter(
    ({ name }) => name === "RSS" || (name === "heap goal" ? values.some((v) => v.goal !== null) : limits.some((l) => l.series === name)),
  );
  const lineColor = {
    field: "series",
    type: "nominal",
    title: "lines",
    scale: { domain: present.map((p) => p.name), range: present.map((p) => LINE_COLORS[p.i]) },
    legend: LINE_LEGEND,
  };
  const lineDash = {
    field: "series",
    type: "nominal",
    title: "lines",
    scale: { domain: present.map((p) => p.name), range: present.map((p) => LINE_DASHES[p.i]) },
    legend: LINE_LEGEND,
  };
  const lineLayers: ChartSpec[] = [
    {
      transform: [{ fold: ["rss", "goal"], as: ["key", "MiB"] }, { filter: "datum.MiB != null" }, { calculate: "datum.key === 'rss' ? 'RSS' : 'heap goal'", as: "series" }],
      mark: { type: "line", strokeWidth: 1.6, clip: true },
      encoding: { x, y: { ...y, field: "MiB" }, color: lineColor, strokeDash: lineDash },
    },
  ];
  if (limits.length > 0) {
    lineLayers.push(
      {
        data: { values: limits },
        mark: { type: "rule", strokeWidth: 2 },
        encoding: { x: { field: "t0", type: "quantitative" }, x2: { field: "t1" }, y: { field: "MiB", type: "quantitative" }, color: lineColor, strokeDash: lineDash },
      },
      {
        data: { values: limits },
        mark: { type: "text", align: "left", baseline: "bottom", dx: 3, dy: -3, fontSize: 11 },
        encoding: { x: { field: "t0", type: "quantitative" }, y: { field: "MiB", type: "quantitative" }, text: { field: "label" }, color: lineColor },
      },
    );
  }
  const layers: ChartSpec[] = [
    {
      transform: [
        { fold: parts.map(([k]) => k), as: ["key", "MiB"] },
        { calculate: `indexof([${parts.map(([k]) => `'${k}'`).join(",")}], datum.key)`, as: "order" },
        { calculate: parts.map(([k, label]) => `datum.key === '${k}' ? '${label}' : `).join("") + "''", as: "component" },
      ],
      mark: { type: "area", opacity: 0.9, interpolate: "linear" },
      encoding: {
        x,
        y: { ...y, field: "MiB", stack: "zero" },
        color: {
          field: "component",
          type: "nominal",
          title: "memory (stacked; adds up to RSS)",
          sort: parts.map(([, l]) => l),
          scale: { domain: parts.map(([, l]) => l), range: split ? ["#4c78a8", "#9ecae9", "#d9d9d9", "#f58518", "#b279a2"] : ["#6f9bc6", "#d9d9d9", "#f58518", "#b279a2"] },
          legend: { columns: 3, orient: "bottom", direction: "vertical" },
        },
        order: { field: "order", type: "quantitative" },
      },
    },
    { layer: lineLayers },
  ];
  if (oom !== null) {
    const rows = [{ t: r3(oom / tu.div), label: `OOM kill at ${inUnit(oom, tu)}` }];
    layers.push({
      data: { values: rows },
      layer: [
        { mark: { type: "rule", color: "#c00000", strokeWidth: 2.5 }, encoding: { x: { field: "t", type: "quantitative" } } },
        {
          mark: { type: "text", align: "right", baseline: "top", dx: -5, dy: 4, color: "#c00000", fontWeight: "bold", fontSize: 12 },
          encoding: { x: { field: "t", type: "quantitative" }, y: { value: 0 }, text: { field: "label" } },
        },
      ],
    });
  }
  const s = r.summary;
  const containerBytes = r.plan.scenario.container.memoryBytes;
  const description =
    `Memory of "${s.scenario}" over ${+s.simulatedSeconds.toFixed(3)} s: peak RSS ${bytesOrUnknown(s.peakRssBytes)}` +
    (containerBytes !== null ? ` of a ${formatBytes(containerBytes)} container` : "") +
    `, peak heap ${bytesOrUnknown(s.peakHeapBytes)}, ` +
    (oom !== null ? `OOM-killed at ${formatSeconds(oom)}.` : "no OOM kill.");
  return {
    ...base(description, { text: opts.title ?? `${s.scenario}: memory`, subtitle: settingsLine(r.plan) }),
    width: opts.width ?? 640,
    height: opts.height ?? 300,
    data: inline(values),
    layer: layers,
    resolve: { scale: { color: "independent", strokeDash: "independent" } },
  };
}

/** Per-cycle GC figures computed from the cycles table (bucketed when there are many cycles). */
interface CycleRow {
  t: number;
  t1: number;
  stw1: number;
  stw2: number;
  mark: number;
  /** GC CPU seconds: STW, assists, dedicated and fractional workers. */
  cpu: number;
  /** CPU seconds of idle-priority mark workers. */
  idle: number;
  procs: number;
}

/**
 * GC CPU of each cycle, in CPU seconds, to be divided by GOMAXPROCS × the time from its start to the next cycle's
 * start: `cpu` is sweep and mark termination (STW, all Ps), assists and dedicated/fractional mark workers; `idle` is
 * the idle-priority mark workers, which run only on Ps with nothing else to do (the GC CPU limiter counts them as
 * idle time, not GC time).
 */
export function gcCpuByCycle(cycles: Table, endSeconds: number): CycleRow[] {
  const t = col(cycles, "t_s");
  const stw1 = col(cycles, "stw1_ms");
  const stw2 = col(cycles, "stw2_ms");
  const mark = col(cycles, "mark_ms");
  const cpuCols = ["stw1_cpu_ms", "assist_cpu_ms", "background_cpu_ms", "stw2_cpu_ms"].map((c) => col(cycles, c));
  const idle = col(cycles, "idle_cpu_ms");
  const procs = col(cycles, "procs");
  const rows: CycleRow[] = [];
  for (let i = 0; i < t.length; i++) {
    const t1 = i + 1 < t.length ? t[i + 1] : Math.max(endSeconds, t[i] + (stw1[i] + mark[i] + stw2[i]) / 1e3);
    const cpu = cpuCols.reduce((a, c) => a + c[i], 0) / 1e3;
    rows.push({ t: t[i], t1, stw1: stw1[i], stw2: stw2[i], mark: mark[i], cpu, idle: idle[i] / 1e3, procs: procs[i] });
  }
  return rows;
}

const CPU_ALL = "GC with idle-priority mark workers";
const CPU_LIMITED = "assists + mark workers + STW";
const CPU_CUMULATIVE = "GCCPUFraction (cumulative)";

/** Merges consecutive cycles into at most `max` buckets: pauses and mark time by their maximum, CPU summed. */
function bucketCycles(rows: CycleRow[], max: number): CycleRow[] {
  if (rows.length <= max) return rows;
  const k = Math.ceil(rows.length / max);
  const out: CycleRow[] = [];
  for (let i = 0; i < rows.length; i += k) {
    const g = rows.slice(i, i + k);
    out.push({
      t: g[0].t,
      t1: g[g.length - 1].t1,
      stw1: Math.max(...g.map((c) => c.stw1)),
      stw2: Math.max(...g.map((c) => c.stw2)),
      mark: Math.max(...g.map((c) => c.mark)),
      cpu: g.reduce((a, c) => a + c.cpu, 0),
      idle: g.reduce((a, c) => a + c.idle, 0),
      procs: Math.max(...g.map((c) => c.procs)),
    });
  }
  return out;
}

/** Periods during which the GC CPU limiter was on, from the events table (limiter-on / limiter-off). */
export function limiterPeriods(events: Table, endSeconds: number): { t0: number; t1: number }[] {
  const t = col(events, "t_s");
  const kind = col<string>(events, "kind");
  const out: { t0: number; t1: number }[] = [];
  let on: number | null = null;
  for (let i = 0; i < t.length; i++) {
    if (kind[i] === "limiter-on" && on === null) on = t[i];
    else if (kind[i] === "limiter-off" && on !== null) {
      out.push({ t0: on, t1: t[i] });
      on = null;
    }
  }
  if (on !== null) out.push({ t0: on, t1: Math.max(on, endSeconds) });
  return out;
}

/** Joins periods separated by less than `gap` seconds. */
export function mergePeriods(periods: { t0: number; t1: number }[], gap: number): { t0: number; t1: number }[] {
  const out: { t0: number; t1: number }[] = [];
  for (const p of periods) {
    const last = out[out.length - 1];
    if (last && p.t0 - last.t1 < gap) last.t1 = Math.max(last.t1, p.t1);
    else out.push({ ...p });
  }
  return out;
}

/**
 * GC cycles over time, three panels sharing the time axis: stop-the-world pauses (sweep termination, mark
 * termination), the concurrent mark phase's wall time, and GC CPU per cycle (% of GOMAXPROCS, with and without the
 * idle-priority mark workers) with the cumulative MemStats.GCCPUFraction, and the periods the GC CPU limiter was on
 * shaded. (The limiter compares GC time with the CPU time that is not idle, which the tables do not hold, so its 50 %
 * threshold is not drawn against % of GOMAXPROCS.)
 */
export function gcChart(r: RunTables, opts: ChartOptions = {}): ChartSpec {
  const end = r.summary.simulatedSeconds;
  const tu = timeUnit(end);
  const perCycle = gcCpuByCycle(r.cycles, end);
  const rows = bucketCycles(perCycle, MAX_CYCLE_POINTS);
  const cumulative = col(r.cycles, "gc_cpu_fraction");
  const cumT = col(r.cycles, "t_s");
  const values = rows.map((c) => ({
    t: r3(c.t / tu.div),
    t1: r3(c.t1 / tu.div),
    stw1: r3(c.stw1),
    stw2: r3(c.stw2),
    mark: r3(c.mark),
    cpu: r3((100 * c.cpu) / Math.max(1e-12, (c.t1 - c.t) * c.procs)),
    all: r3((100 * (c.cpu + c.idle)) / Math.max(1e-12, (c.t1 - c.t) * c.procs)),
  }));
  const cum = stride(cumT.length).map((i) => ({ t: r3(cumT[i] / tu.div), cum: r3(cumulative[i] * 100) }));
  const width = opts.width ?? 640;
  const h = opts.height ?? 110;
  // Limiter periods closer than two pixels are drawn as one band.
  const limiterRaw = limiterPeriods(r.events, end);
  const limiter = mergePeriods(limiterRaw, (2 * end) / width).map((p) => ({ t0: r3(p.t0 / tu.div), t1: r3(p.t1 / tu.div) }));
  // Many cycles: lines through the per-cycle (or per-bucket) values instead of one dot each.
  const dense = rows.length > 250;
  const x = { field: "t", type: "quantitative", title: null, scale: { domain: [0, r3(Math.max(end, 1e-9) / tu.div)], nice: false } };
  const cycleCount = opts.cycleCount ?? perCycle.length;
  const bucketed = rows.length < cycleCount ? ` (${cycleCount} cycles in ${rows.length} buckets: maxima, CPU averaged)` : "";
  const pauses: ChartSpec = {
    width,
    height: h,
    title: { text: "stop-the-world pauses per cycle (ms)", fontSize: 12, fontWeight: "normal" },
    transform: [
      { fold: ["stw1", "stw2"], as: ["key", "ms"] },
      { calculate: "datum.key === 'stw1' ? 'sweep termination' : 'mark termination'", as: "pause" },
    ],
    mark: dense ? { type: "line", interpolate: "step-after", strokeWidth: 1 } : { type: "point", filled: true, size: 18, opacity: 0.8 },
    encoding: {
      x,
      y: { field: "ms", type: "quantitative", title: "ms" },
      color: { field: "pause", type: "nominal", title: "pause", scale: { domain: ["sweep termination", "mark termination"], range: ["#f58518", "#c00000"] } },
    },
  };
  const mark: ChartSpec = {
    width,
    height: h,
    title: { text: "concurrent mark phase per cycle (ms of wall time)", fontSize: 12, fontWeight: "normal" },
    mark: dense ? { type: "line", interpolate: "step-after", strokeWidth: 1, color: "#4c78a8" } : { type: "point", filled: true, size: 18, color: "#4c78a8", opacity: 0.8 },
    encoding: { x, y: { field: "mark", type: "quantitative", title: "ms" } },
  };
  const cpuLayers: ChartSpec[] = [];
  if (limiter.length > 0) {
    cpuLayers.push({
      data: inline(limiter.map((p) => ({ ...p, what: "GC CPU limiter on" }))),
      mark: { type: "rect", opacity: 0.3 },
      encoding: {
        x: { field: "t0", type: "quantitative" },
        x2: { field: "t1" },
        color: { field: "what", type: "nominal", title: null, scale: { range: ["#e45756"] } },
      },
    });
  }
  cpuLayers.push(
    {
      transform: [
        { fold: ["all", "cpu"], as: ["key", "pct"] },
        { calculate: `datum.key === 'all' ? '${CPU_ALL}' : '${CPU_LIMITED}'`, as: "what2" },
      ],
      mark: { type: "line", interpolate: "step-after", strokeWidth: 1.3 },
      encoding: {
        x: { ...x, title: `time (${tu.unit})` },
        y: { field: "pct", type: "quantitative", title: "% of GOMAXPROCS", scale: { domain: [0, 100] } },
        stroke: { field: "what2", type: "nominal", title: null, scale: { domain: [CPU_ALL, CPU_LIMITED, CPU_CUMULATIVE], range: ["#9ecae9", "#1f4e9c", "#111111"] }, legend: { symbolType: "stroke", labelLimit: 400 } },
      },
    },
    {
      data: inline(cum),
      transform: [{ calculate: `'${CPU_CUMULATIVE}'`, as: "what2" }],
      mark: { type: "line", strokeDash: [5, 3], strokeWidth: 1.5 },
      encoding: { x: { field: "t", type: "quantitative" }, y: { field: "cum", type: "quantitative" }, stroke: { field: "what2", type: "nominal" } },
    },
  );
  const cpuPanel: ChartSpec = {
    width,
    height: Math.round(h * 1.25),
    title: {
      text: "GC CPU per cycle (% of GOMAXPROCS over the cycle)",
      subtitle: limiter.length > 0 ? "shaded: the GC CPU limiter is on (GC time above half of the CPU time that is not idle)" : "",
      fontSize: 12,
      fontWeight: "normal",
      subtitleFontSize: 11,
    },
    layer: cpuLayers,
  };
  const s = r.summary;
  const on = limiterRaw.reduce((a, p) => a + (p.t1 - p.t0), 0);
  const description =
    `GC cycles of "${s.scenario}": ${s.gcCycles ?? "unknown"} cycles, longest pause ${s.maxPauseSeconds === null ? "unknown" : `${(s.maxPauseSeconds * 1e3).toFixed(3)} ms`}, ` +
    `GC CPU ${s.gcCpuFraction === null ? "unknown" : `${(s.gcCpuFraction * 100).toFixed(1)} %`} overall` +
    (limiter.length > 0 ? `, limiter on for ${formatSeconds(on)} from ${formatSeconds(limiterRaw[0].t0)}.` : ", limiter never on.");
  return {
    ...base(description, { text: opts.title ?? `${s.scenario}: GC cycles`, subtitle: settingsLine(r.plan) + bucketed }),
    data: inline(values),
    vconcat: [pauses, mark, cpuPanel],
    spacing: 12,
    resolve: { scale: { x: "shared", color: "independent", stroke: "independent" } },
  };
}

/** @deprecated the old name of gcChart. */
export const gcCyclesChart = gcChart;

/** Goroutines over time and the stack memory they hold (/sched/goroutines, /memory/classes/heap/stacks). */
export function goroutinesChart(r: RunTables, opts: ChartOptions = {}): ChartSpec {
  const tl = r.timeline;
  const t = col(tl, "t_s");
  const g = col(tl, "/sched/goroutines:goroutines");
  const st = col(tl, "/memory/classes/heap/stacks:bytes");
  const start = col(tl, "/gc/stack/starting-size:bytes");
  const end = r.summary.simulatedSeconds;
  const tu = timeUnit(end);
  const values = stride(t.length).map((i) => ({ t: r3(t[i] / tu.div), goroutines: g[i], stacks: r3(st[i] / MiB), start: start[i] / 1024 }));
  const width = opts.width ?? 640;
  const h = opts.height ?? 130;
  const x = { field: "t", type: "quantitative", title: `time (${tu.unit})`, scale: { domain: [0, r3(Math.max(end, 1e-9) / tu.div)], nice: false } };
  const oom = r.summary.oomKilledAtSeconds;
  const oomLayer: ChartSpec[] =
    oom === null ? [] : [{ data: { values: [{ t: r3(oom / tu.div) }] }, mark: { type: "rule", color: "#c00000", strokeWidth: 2 }, encoding: { x: { field: "t", type: "quantitative" } } }];
  const maxG = Math.max(0, ...g);
  const maxS = Math.max(0, ...st);
  const s = r.summary;
  const description =
    `Goroutines of "${s.scenario}": up to ${maxG.toLocaleString("en-US")} goroutines holding up to ${formatBytes(maxS)} of stacks` +
    (oom !== null ? `; OOM-killed at ${formatSeconds(oom)}.` : ".");
  return {
    ...base(description, { text: opts.title ?? `${s.scenario}: goroutines and stacks`, subtitle: settingsLine(r.plan) }),
    data: inline(values),
    vconcat: [
      {
        width,
        height: h,
        layer: [
          { mark: { type: "line", color: "#54a24b", strokeWidth: 1.8 }, encoding: { x: { ...x, title: null }, y: { field: "goroutines", type: "quantitative", title: "goroutines" } } },
          ...oomLayer,
        ],
      },
      {
        width,
        height: h,
        layer: [
          { mark: { type: "area", color: "#f58518", opacity: 0.85 }, encoding: { x, y: { field: "stacks", type: "quantitative", title: "stacks (MiB)" } } },
          ...oomLayer,
        ],
      },
    ],
    spacing: 8,
  };
}

/** Run colours of compareChart: blue, orange, green, purple, red, then the rest of Tableau 10 (neighbours stay distinct). */
const RUN_COLORS = ["#4c78a8", "#f58518", "#54a24b", "#b279a2", "#e45756", "#72b7b2", "#eeca3b", "#ff9da6", "#9d755d", "#bab0ac"];

/** What compareChart can plot, by name; any other timeline column name works too. */
export const COMPARE_METRICS: Record<string, { title: string; axis: string; column?: string; scale?: number }> = {
  rss: { title: "RSS", axis: "MiB", column: "rss:bytes", scale: 1 / MiB },
  heap: { title: "heap objects", axis: "MiB", column: "/memory/classes/heap/objects:bytes", scale: 1 / MiB },
  "heap-goal": { title: "heap goal", axis: "MiB", column: "/gc/heap/goal:bytes", scale: 1 / MiB },
  stacks: { title: "goroutine stacks", axis: "MiB", column: "/memory/classes/heap/stacks:bytes", scale: 1 / MiB },
  total: { title: "runtime memory (/memory/classes/total)", axis: "MiB", column: "/memory/classes/total:bytes", scale: 1 / MiB },
  goroutines: { title: "goroutines", axis: "goroutines", column: "/sched/goroutines:goroutines", scale: 1 },
  "gc-cpu": { title: "GC CPU per cycle: assists + mark workers + STW (% of GOMAXPROCS)", axis: "%" },
  "gc-cpu-all": { title: "GC CPU per cycle, with idle-priority mark workers (% of GOMAXPROCS)", axis: "%" },
  "gc-cycles": { title: "GC cycles (cumulative)", axis: "cycles", column: "/gc/cycles/total:gc-cycles", scale: 1 },
};

export interface CompareOptions extends ChartOptions {
  /** What to plot: names from COMPARE_METRICS ("rss", "heap", "gc-cpu", ...) or timeline columns. Default ["rss"]. */
  metrics?: string[];
}

/**
 * Several runs on one chart: one line per run for each metric (one panel per metric, shared time axis), OOM kills
 * marked with a cross where the line ends. `runs` is a list (labelled by scenario name) or an object of labelled runs.
 */
export function compareChart(runs: RunTables[] | Record<string, RunTables>, opts: CompareOptions = {}): ChartSpec {
  const entries: [string, RunTables][] = Array.isArray(runs) ? runs.map((r) => [r.summary.scenario, r]) : Object.entries(runs);
  if (entries.length === 0) throw new Error("compareChart: no runs to compare");
  const labels = entries.map(([l]) => l);
  if (new Set(labels).size !== labels.length) throw new Error(`compareChart: runs need distinct labels, got ${JSON.stringify(labels)} (pass an object { label: run })`);
  const metrics = opts.metrics ?? ["rss"];
  const width = opts.width ?? 640;
  const h = opts.height ?? (metrics.length > 1 ? 160 : 260);
  const end = Math.max(...entries.map(([, r]) => r.summary.simulatedSeconds));
  const tu = timeUnit(end);
  const panels: ChartSpec[] = metrics.map((m, mi) => {
    const def = COMPARE_METRICS[m] ?? { title: m, axis: m, column: m, scale: 1 };
    const values: { run: string; t: number; v: number }[] = [];
    const kills: { run: string; t: number; v: number; label: string }[] = [];
    for (const [label, r] of entries) {
      let pts: { t: number; v: number }[];
      if (m === "gc-cpu" || m === "gc-cpu-all") {
        const rows = bucketCycles(gcCpuByCycle(r.cycles, r.summary.simulatedSeconds), MAX_CYCLE_POINTS);
        pts = rows.map((c) => ({ t: r3(c.t / tu.div), v: r3((100 * (c.cpu + (m === "gc-cpu-all" ? c.idle : 0))) / Math.max(1e-12, (c.t1 - c.t) * c.procs)) }));
      } else {
        if (!r.timeline.columnNames().includes(def.column!)) {
          throw new Error(`compareChart: unknown metric ${JSON.stringify(m)}: use one of ${Object.keys(COMPARE_METRICS).join(", ")} or a timeline column`);
        }
        const t = col(r.timeline, "t_s");
        const v = col(r.timeline, def.column!);
        // null (no heap goal, no trigger) is no point
        pts = stride(t.length)
          .filter((i) => v[i] !== null)
          .map((i) => ({ t: r3(t[i] / tu.div), v: r3(v[i] * (def.scale ?? 1)) }));
      }
      for (const p of pts) values.push({ run: label, ...p });
      const oom = r.summary.oomKilledAtSeconds;
      if (oom !== null && pts.length > 0) kills.push({ run: label, t: r3(oom / tu.div), v: pts[pts.length - 1].v, label: `OOM ${inUnit(oom, tu)}` });
    }
    const x = { field: "t", type: "quantitative", title: mi === metrics.length - 1 ? `time (${tu.unit})` : null, scale: { domain: [0, r3(end / tu.div)], nice: false } };
    const color = { field: "run", type: "nominal", title: "run", sort: labels, scale: { domain: labels, range: RUN_COLORS }, legend: { orient: "bottom", direction: "vertical", columns: 0 } };
    const layer: ChartSpec[] = [
      {
        data: inline(values),
        mark: m.startsWith("gc-cpu") ? { type: "line", interpolate: "step-after", strokeWidth: 1.4 } : { type: "line", strokeWidth: 1.8 },
        encoding: { x, y: { field: "v", type: "quantitative", title: def.axis }, color },
      },
    ];
    if (kills.length > 0) {
      layer.push(
        { data: { values: kills }, mark: { type: "point", shape: "cross", size: 140, filled: true, strokeWidth: 1 }, encoding: { x: { field: "t", type: "quantitative" }, y: { field: "v", type: "quantitative" }, color } },
        // Labels in the first panel only, one above the other so that close kills stay readable.
        ...(mi === 0
          ? kills.map((k, i) => ({
              data: { values: [k] },
              mark: { type: "text", align: "right", dx: -8, dy: -8 - 14 * i, fontSize: 11, fontWeight: "bold" },
              encoding: { x: { field: "t", type: "quantitative" }, y: { field: "v", type: "quantitative" }, text: { field: "label" }, color },
            }))
          : []),
      );
    }
    return { width, height: h, title: { text: def.title, fontSize: 12, fontWeight: "normal" }, layer };
  });
  const description =
    "Compared: " +
    entries
      .map(([l, r]) => `${l}: peak RSS ${bytesOrUnknown(r.summary.peakRssBytes)}, GC CPU ${r.summary.gcCpuFraction === null ? "unknown" : `${(r.summary.gcCpuFraction * 100).toFixed(1)} %`}, ${r.summary.oomKilledAtSeconds === null ? "no OOM" : `OOM at ${formatSeconds(r.summary.oomKilledAtSeconds)}`}`)
      .join("; ") +
    ".";
  const spec: ChartSpec = { ...base(description, { text: opts.title ?? `${entries.length} runs compared`, subtitle: "" }) };
  if (panels.length === 1) {
    const { title: panelTitle, ...panel } = panels[0];
    return { ...spec, ...panel, title: { ...spec.title, subtitle: panelTitle.text } };
  }
  return { ...spec, vconcat: panels, spacing: 10, resolve: { scale: { x: "shared", color: "shared" } } };
}

export interface HeatmapOptions extends ChartOptions {
  /** Column on the x axis (e.g. "GOMEMLIMIT"). */
  x: string;
  /** Column on the y axis (e.g. "GOGC"). */
  y: string;
  /** Column coloring the cells. Default "peak_rss_bytes". Names ending in _bytes show in MiB, _fraction in %, _s in s. */
  color?: string;
  /**
   * Column holding the OOM kill time (null when none) or the probability of one (a grid with seeds); cells with a kill
   * are red and labelled. Default: "oom_killed_at_s" or "oom_probability", whichever the table has; null for none.
   */
  oom?: string | null;
  /** How to combine several rows per cell (several seeds): default "max". */
  aggregate?: "max" | "mean" | "min";
  /** Vega color scheme. Default "blues" (reversed for nothing). */
  scheme?: string;
  /** Fixed domain of the color scale, in the displayed unit (MiB, %, s). */
  domain?: [number, number];
}

function unitOf(column: string): { scale: number; unit: string; digits: number } {
  // Also with a statistic after the unit: peak_rss_bytes_p99, gc_cpu_fraction_p50, max_pause_s_max.
  if (/_bytes(_|$)/.test(column)) return { scale: 1 / MiB, unit: "MiB", digits: 0 };
  if (/_fraction(_|$)/.test(column)) return { scale: 100, unit: "%", digits: 1 };
  if (/_s(_|$)/.test(column)) return { scale: 1, unit: "s", digits: 2 };
  return { scale: 1, unit: "", digits: 2 };
}

/** A size like "300MiB" or a number, for sorting axis values; "off" (no limit) sorts last. */
function sortKey(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === "off" || v === null || v === undefined) return Infinity;
  const m = /^([0-9.]+)\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?$/.exec(String(v));
  if (!m) return NaN;
  const mult: Record<string, number> = { B: 1, KiB: 1024, MiB: MiB, GiB: 1024 * MiB, TiB: MiB * MiB, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12 };
  return parseFloat(m[1]) * (mult[m[2] ?? "B"] ?? 1);
}

/** Axis values in a readable order: numeric/size order if every value has one ("off" last), else first appearance. */
function axisOrder(values: unknown[]): string[] {
  const seen: unknown[] = [];
  for (const v of values) if (!seen.some((s) => String(s) === String(v))) seen.push(v);
  const keys = seen.map(sortKey);
  if (keys.every((k) => !Number.isNaN(k))) seen.sort((a, b) => sortKey(a) - sortKey(b));
  return seen.map(String);
}

/**
 * A parameter grid as a heatmap: one cell per (x, y) pair, colored by a result column (peak RSS, GC CPU, ...), each cell
 * labelled with its value; cells where the container OOM-killed the process are outlined in red and labelled "OOM".
 * `table` is the arquero table grid() returns (one column per axis, then the result columns), or any table like it.
 */
export function gridHeatmap(table: Table, opts: HeatmapOptions): ChartSpec {
  const names = table.columnNames();
  const colorCol = opts.color ?? "peak_rss_bytes";
  const oomCol =
    opts.oom === undefined ? (["oom_killed_at_s", "oom_probability"].find((c) => names.includes(c)) ?? null) : opts.oom;
  // A column of kill times (null: no kill), or of kill probabilities (a grid with seeds: 0 means no run was killed).
  const oomIsProbability = oomCol !== null && /probability/.test(oomCol);
  for (const c of [opts.x, opts.y, colorCol, ...(oomCol ? [oomCol] : [])]) {
    if (!names.includes(c)) throw new Error(`gridHeatmap: no column ${JSON.stringify(c)} in the table (columns: ${names.join(", ")})`);
  }
  const xs = col<unknown>(table, opts.x);
  const ys = col<unknown>(table, opts.y);
  const vs = col<number | null>(table, colorCol);
  const ooms = oomCol ? col<number | null>(table, oomCol) : xs.map(() => null);
  const u = unitOf(colorCol);
  const agg = opts.aggregate ?? "max";
  const cells = new Map<string, { x: string; y: string; v: number[]; oom: number[]; n: number }>();
  for (let i = 0; i < xs.length; i++) {
    const key = `${String(xs[i])}\u0000${String(ys[i])}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = { x: String(xs[i]), y: String(ys[i]), v: [], oom: [], n: 0 }));
    c.n++;
    if (vs[i] !== null && Number.isFinite(vs[i] as number)) c.v.push((vs[i] as number) * u.scale);
    if (ooms[i] !== null && ooms[i] !== undefined && !(oomIsProbability && ooms[i] === 0)) c.oom.push(ooms[i] as number);
  }
  const values = [...cells.values()].map((c) => {
    const v = c.v.length === 0 ? null : agg === "max" ? Math.max(...c.v) : agg === "min" ? Math.min(...c.v) : c.v.reduce((a, b) => a + b, 0) / c.v.length;
    const oomText =
      c.oom.length === 0
        ? ""
        : oomIsProbability
          ? `OOM ${(100 * Math.max(...c.oom)).toFixed(Math.max(...c.oom) < 0.1 ? 1 : 0)} %`
          : c.n > 1
            ? `OOM ${c.oom.length}/${c.n}`
            : `OOM ${formatSeconds(Math.min(...c.oom))}`;
    const valueText = v === null ? "–" : `${v.toFixed(u.digits)}${u.unit === "%" ? " %" : u.unit ? " " + u.unit : ""}`;
    return { x: c.x, y: c.y, v: v === null ? null : r3(v), value: valueText, oom: oomText, killed: c.oom.length > 0 };
  });
  const xOrder = axisOrder(xs);
  const yOrder = axisOrder(ys);
  const cellW = Math.max(52, Math.min(110, Math.floor((opts.width ?? 560) / Math.max(1, xOrder.length))));
  const cellH = Math.max(34, Math.min(60, Math.floor((opts.height ?? 300) / Math.max(1, yOrder.length))));
  const domainVals = values.filter((v) => !v.killed && v.v !== null).map((v) => v.v as number);
  const lo = domainVals.length ? Math.min(...domainVals) : 0;
  const hi = domainVals.length ? Math.max(...domainVals) : 0;
  // Labels on the darker cells (upper 40 % of the scale) are white.
  const dark = opts.domain ? opts.domain[0] + 0.6 * (opts.domain[1] - opts.domain[0]) : lo + 0.6 * (hi - lo);
  const colorTitle = `${colorCol}${u.unit ? ` (${u.unit}${agg !== "max" || [...cells.values()].some((c) => c.n > 1) ? `, ${agg} over seeds` : ""})` : ""}`;
  const encX = { field: "x", type: "ordinal", title: opts.x, sort: xOrder, axis: { labelAngle: 0 } };
  const encY = { field: "y", type: "ordinal", title: opts.y, sort: yOrder };
  const killedCount = values.filter((v) => v.killed).length;
  const best = values.filter((v) => !v.killed && v.v !== null).sort((a, b) => (a.v as number) - (b.v as number))[0];
  const description =
    `Grid of ${opts.y} × ${opts.x} (${values.length} cells) colored by ${colorCol}: from ${lo.toFixed(u.digits)} to ${hi.toFixed(u.digits)}${u.unit ? " " + u.unit : ""}` +
    (oomCol ? `; ${killedCount} cell${killedCount === 1 ? "" : "s"} OOM-killed` : "") +
    (best ? `; lowest without an OOM kill at ${opts.y}=${best.y}, ${opts.x}=${best.x}.` : ".");
  return {
    ...base(description, { text: opts.title ?? `Grid: ${colorCol} by ${opts.y} and ${opts.x}`, subtitle: oomCol ? "red cells: the container OOM-killed the process" : "" }),
    data: { values },
    width: cellW * xOrder.length,
    height: cellH * yOrder.length,
    encoding: { x: encX, y: encY },
    layer: [
      {
        transform: [{ filter: "!datum.killed" }],
        mark: { type: "rect" },
        encoding: {
          color: {
            field: "v",
            type: "quantitative",
            title: colorTitle,
            scale: { scheme: opts.scheme ?? "blues", ...(opts.domain ? { domain: opts.domain } : {}) },
            legend: { orient: "right", direction: "vertical", gradientLength: Math.max(60, cellH * yOrder.length - 20) },
          },
        },
      },
      {
        transform: [{ filter: "datum.killed" }],
        mark: { type: "rect", fill: "#fde0dd", stroke: "#c00000", strokeWidth: 2 },
      },
      {
        transform: [{ filter: "!datum.killed" }],
        mark: { type: "text", baseline: "middle", fontSize: 11 },
        encoding: {
          text: { field: "value" },
          color: { condition: { test: `datum.v > ${r3(dark)}`, value: "white" }, value: "#111" },
        },
      },
      {
        transform: [{ filter: "datum.killed" }],
        mark: { type: "text", baseline: "middle", fontSize: 11, fontWeight: "bold", color: "#c00000" },
        encoding: { text: { field: "oom" } },
      },
    ],
    config: { ...chartConfig(), axis: { ...chartConfig().axis, grid: false } },
  };
}
