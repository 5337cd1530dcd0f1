// What every chart shares: the spec's frame and look, inline data, the time axis, tooltips, the settings line, the
// limits, the scenario's events and the OOM kill as marks on a time axis, and the scales of charts meant to be
// compared. Each chart (memory-chart.ts, gc-chart.ts, goroutines-chart.ts, compare-chart.ts, heatmap.ts) is a pure
// function of a run's tables and plan, data inlined, so a spec is a complete, portable chart.

import type { Table } from "../results/tables";
import type { EventPlan } from "../../kernel/plan";
import { initialGomaxprocs } from "../../kernel/versions";
import type { Summary } from "../results/result";
import type { ImportSummary } from "../results/importers/imported-run";
import { isImportSummary } from "../results/summary";
import { formatBytes, formatDurationNs } from "../authoring/units";

/** A Vega-Lite (v5) top-level spec. */
export type ChartSpec = Record<string, any>;

/** A run's summary: a simulation's, or an imported run's (null where its data does not show a figure). */
export type ChartSummary = Summary | ImportSummary;

/** What the single-run charts read: a RunResult (and an ImportedRun) has all of these. */
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
  /**
   * Runs this chart is meant to be compared with (the chart's own run may be among them): its time axis and its y
   * scales then span all of them, so that the charts of these runs, drawn one by one, read on the same scales.
   */
  sharedWith?: RunTables[];
}

export const MiB = 1024 * 1024;
const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
/** Fonts: DejaVu Sans is what the PNG renderer finds on Debian; browsers take the first they have. */
const FONT = "DejaVu Sans, Verdana, Helvetica, Arial, sans-serif";
/** Most points a series carries into a spec; longer series are reduced (see `stride`, or aggregated per interval). */
export const MAX_POINTS = 1500;
/** Most GC cycles a chart shows one by one; more are merged into buckets. */
export const MAX_CYCLE_POINTS = 400;
/** Scenario events labelled on a time axis; with more, only their rules are drawn (with tooltips). */
const MAX_EVENT_LABELS = 6;

/** Shared look: white background, readable axes, legends below the plot so charts stay narrow. */
export function chartConfig(): ChartSpec {
  return {
    font: FONT,
    background: "white",
    view: { stroke: "#ddd" },
    title: { fontSize: 15, subtitleFontSize: 12, subtitleColor: "#555", anchor: "start", offset: 10 },
    axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", grid: true, gridColor: "#eee" },
    legend: {
      labelFontSize: 11,
      titleFontSize: 11,
      orient: "bottom",
      direction: "horizontal",
      labelLimit: 320,
      titleLimit: 600,
      columns: 0,
    },
    header: { labelFontSize: 12, titleFontSize: 12 },
  };
}

export function base(description: string, title: string | { text: string; subtitle?: string }): ChartSpec {
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
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? ""
      : typeof v === "string" && /[",\n\r]/.test(v)
        ? `"${v.replace(/"/g, '""')}"`
        : String(v);
  const csv = [fields.map(cell).join(","), ...rows.map((r) => fields.map((f) => cell(r[f])).join(","))].join("\n");
  return { values: csv, format: { type: "csv", parse } };
}

/** The unit of a chart's time axis: seconds up to 10 minutes, minutes up to 3 hours, then hours. */
export function timeUnit(endSeconds: number): { div: number; unit: "s" | "min" | "h" } {
  if (endSeconds >= 3 * 3600) return { div: 3600, unit: "h" };
  if (endSeconds >= 600) return { div: 60, unit: "min" };
  return { div: 1, unit: "s" };
}
export type TimeUnit = ReturnType<typeof timeUnit>;

/** A time for people, as the DSL writes durations: "21.2s", "7m0.6s", "9h4m56s". */
export function formatSeconds(seconds: number): string {
  return formatDurationNs(Math.round(seconds * 1e9));
}

/**
 * A summary figure in a description: written by `format`, or "unknown" where the run's data does not show it (an
 * imported run's summary is null there; a simulation's figures used here are never null).
 */
export function known<T>(v: T | null, format: (v: T) => string): string {
  return v === null ? "unknown" : format(v);
}

/**
 * How a run ended, for a description: "OOM at 12.9s", "no OOM", or, for an import that was not told how its process
 * ended (a trace does not show its own kill), "OOM kill unknown".
 */
export function oomText(
  s: ChartSummary,
  killed = (t: number) => `OOM at ${formatSeconds(t)}`,
  none = "no OOM",
): string {
  if (s.oomKilledAtSeconds !== null) return killed(s.oomKilledAtSeconds);
  return isImportSummary(s) ? "OOM kill unknown" : none;
}

/** A column as a plain array. */
export function col<T = number>(t: Table, name: string): T[] {
  return Array.from(t.array(name) as ArrayLike<T>);
}

/** Rounds to a few significant digits so that specs (which inline their data) stay small. */
export function r3(v: number): number {
  if (!Number.isFinite(v)) return v;
  const a = Math.abs(v);
  if (a === 0) return 0;
  const digits = a >= 1000 ? 1 : a >= 1 ? 3 : 5;
  return Math.round(v * 10 ** digits) / 10 ** digits;
}

/** Indices to keep so that at most `max` points remain: every k-th point, plus the last. */
export function stride(n: number, max = MAX_POINTS): number[] {
  const k = Math.max(1, Math.ceil(n / max));
  const idx: number[] = [];
  for (let i = 0; i < n; i += k) idx.push(i);
  if (n > 0 && idx[idx.length - 1] !== n - 1) idx.push(n - 1);
  return idx;
}

/** A tooltip field: time in the axis unit, a value with its unit in the title. */
export function tip(field: string, title: string, format?: string): ChartSpec {
  return format === undefined ? { field, type: "nominal", title } : { field, type: "quantitative", title, format };
}
/** The tooltip entry for the time field `t` in the axis unit. */
export function timeTip(tu: TimeUnit, field = "t"): ChartSpec {
  return tip(field, `time (${tu.unit})`, tu.unit === "s" ? ".3f" : ".2f");
}

/** The time axis of a chart: from 0 to the end of the longest run drawn, in seconds, minutes or hours. */
export function timeAxis(end: number, tu: TimeUnit, title: string | null = `time (${tu.unit})`): ChartSpec {
  return {
    field: "t",
    type: "quantitative",
    title,
    scale: { domain: [0, r3(Math.max(end, 1e-9) / tu.div)], nice: false },
  };
}

/** The runs a chart's scales span: its own and those it is compared with. */
export function scaleRuns(r: RunTables, opts: ChartOptions): RunTables[] {
  return [r, ...(opts.sharedWith ?? []).filter((x) => x !== r)];
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

/**
 * GOMEMLIMIT and the container's memory limit over the run, from the plan (settings, then `.go()` / `.container()`
 * calls).
 */
export function limitSegments(plan: EventPlan, endSeconds: number): LimitSegment[] {
  const out: LimitSegment[] = [];
  const track = (
    series: LimitSegment["series"],
    initial: number | null,
    pick: (e: EventPlan["events"][number]) => number | null | undefined,
  ) => {
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
  track("container limit", plan.scenario.container.memoryBytes, (e) =>
    e.kind === "container" ? e.memoryBytes : undefined,
  );
  return out;
}

/** A scenario event on a time axis: the calls that took effect at one instant after the start. */
export interface PlanEventMark {
  /** Seconds since the start. */
  t: number;
  /** "2m: leakGoroutines", "20s: garbage, requests". */
  label: string;
}

/**
 * The scenario's events after t = 0 (the `at()` calls: a deploy, a spike, a resize), one per instant, up to `end`:
 * the calls that took effect then, named as the scenario wrote them.
 */
export function planEventMarks(plans: EventPlan[], endSeconds: number): PlanEventMark[] {
  const byTime = new Map<number, Set<string>>();
  for (const plan of plans) {
    for (const e of plan.events) {
      if (e.atNs <= 0 || e.atNs / 1e9 > endSeconds) continue;
      const call = e.source.replace(/^at\([^)]*\)\./, "");
      if (!byTime.has(e.atNs)) byTime.set(e.atNs, new Set());
      byTime.get(e.atNs)!.add(call);
    }
  }
  return [...byTime.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([ns, calls]) => ({ t: ns / 1e9, label: `${formatDurationNs(ns)}: ${[...calls].join(", ")}` }));
}

/**
 * Layers marking the scenario's events on a time axis: a thin dashed rule at each (its tooltip names the calls), and
 * with a few of them a label at the top of the plot (`labels`: false in the lower panels of a stacked chart).
 */
export function eventLayers(marks: PlanEventMark[], tu: TimeUnit, labels = true, frame?: LabelFrame): ChartSpec[] {
  if (marks.length === 0) return [];
  const rows = frame ? labelRows(marks, frame) : marks.map(() => 0);
  const values = marks.map((m, i) => ({ t: r3(m.t / tu.div), label: m.label, dy: 3 + EVENT_LABEL_ROW_PX * rows[i] }));
  const x = { field: "t", type: "quantitative" };
  const layers: ChartSpec[] = [
    {
      data: { values },
      mark: { type: "rule", color: "#777", strokeDash: [3, 3], strokeWidth: 1 },
      encoding: { x, tooltip: [tip("label", "scenario event"), timeTip(tu)] },
    },
  ];
  if (labels && marks.length <= MAX_EVENT_LABELS) {
    layers.push({
      data: { values },
      mark: { type: "text", align: "left", baseline: "top", dx: 3, fontSize: 10, color: "#555" },
      // Each label on its row (labelRows): y in pixels from the top of the plot.
      encoding: { x, y: { field: "dy", type: "quantitative", scale: null }, text: { field: "label" } },
    });
  }
  return layers;
}

/**
 * Where a chart's event labels go: its time axis' end (seconds), its plot width (px), its OOM kill (seconds) if any.
 */
export interface LabelFrame {
  endSeconds: number;
  width: number;
  oomSeconds?: number | null;
}

/** Pixels between two rows of event labels. */
const EVENT_LABEL_ROW_PX = 13;

/**
 * The row of each event label (0 = the top of the plot): the first row where it overlaps neither an earlier label
 * nor the OOM kill's label (right-aligned at the kill, on row 0). Widths are estimated from the text (DejaVu Sans at
 * 10 px averages about 6 px a character, the kill's 12 px bold about 7.5 px).
 */
export function labelRows(marks: PlanEventMark[], frame: LabelFrame): number[] {
  const px = (t: number) => (t / Math.max(frame.endSeconds, 1e-9)) * frame.width;
  const taken: [number, number][][] = [[]];
  if (frame.oomSeconds !== null && frame.oomSeconds !== undefined) {
    const right = px(frame.oomSeconds) - 5;
    taken[0].push([right - 7.5 * `OOM kill at ${formatSeconds(frame.oomSeconds)}`.length, right]);
  }
  return marks.map((m) => {
    const x0 = px(m.t) + 3;
    const x1 = x0 + 6 * m.label.length;
    let row = 0;
    for (; ; row++) {
      taken[row] ??= [];
      if (taken[row].every(([a, b]) => x1 + 4 < a || x0 > b + 4)) break;
    }
    taken[row].push([x0, x1]);
    return row;
  });
}

/** A red rule at the OOM kill, labelled at the top of the plot (`label`: false in the lower panels). */
export function oomLayers(oomSeconds: number | null, tu: TimeUnit, label = true): ChartSpec[] {
  if (oomSeconds === null) return [];
  const values = [{ t: r3(oomSeconds / tu.div), label: `OOM kill at ${formatSeconds(oomSeconds)}` }];
  const x = { field: "t", type: "quantitative" };
  const layers: ChartSpec[] = [
    {
      data: { values },
      mark: { type: "rule", color: "#c00000", strokeWidth: 2.5 },
      encoding: { x, tooltip: [tip("label", "OOM kill"), timeTip(tu)] },
    },
  ];
  if (label) {
    layers.push({
      data: { values },
      mark: {
        type: "text",
        align: "right",
        baseline: "top",
        dx: -5,
        dy: 4,
        color: "#c00000",
        fontWeight: "bold",
        fontSize: 12,
      },
      encoding: { x, y: { value: 0 }, text: { field: "label" } },
    });
  }
  return layers;
}

/** The largest value of a column (0 for none): a loop, not Math.max(...), which overflows the stack on long columns. */
export function maxOf(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) if (a[i] > m) m = a[i];
  return m;
}

/** Reads one column of a run's cycles by its cycles-table name. */
export type CycleColumns = (name: string) => ArrayLike<number>;

/** Cycles-table columns the charts read, as the kernel's record field and the divisor tables.ts applies to it. */
const CYCLE_FIELDS: Record<string, [string, number]> = {
  t_s: ["startNs", 1e9],
  stw1_ms: ["stw1Ns", 1e6],
  mark_ms: ["markNs", 1e6],
  stw2_ms: ["stw2Ns", 1e6],
  stw1_cpu_ms: ["stw1CpuNs", 1e6],
  assist_cpu_ms: ["assistCpuNs", 1e6],
  background_cpu_ms: ["backgroundCpuNs", 1e6],
  idle_cpu_ms: ["idleCpuNs", 1e6],
  stw2_cpu_ms: ["stw2CpuNs", 1e6],
  heap_start_bytes: ["heapStartBytes", 1],
  heap_end_bytes: ["heapEndBytes", 1],
  heap_marked_bytes: ["heapMarkedBytes", 1],
  procs: ["procs", 1],
};

/**
 * The columns of a run's cycles for charting: from the kernel's columnar read (KernelResult.cycleColumn) when the run
 * carries it — a run of millions of cycles is then charted without its cycles table ever being built — else from the
 * cycles table. Either way the same numbers (test/charts.test.ts compares them).
 */
export function cycleColumns(r: Pick<RunTables, "cycles">): CycleColumns {
  const raw = (r as { raw?: { cycleColumn?: (field: string) => ArrayLike<number> } }).raw;
  if (raw && typeof raw.cycleColumn === "function") {
    const read = raw.cycleColumn.bind(raw);
    return (name) => {
      const f = CYCLE_FIELDS[name];
      if (!f) return r.cycles.array(name) as ArrayLike<number>;
      const v = read(f[0]);
      if (f[1] === 1) return v;
      const out = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = v[i] / f[1];
      return out;
    };
  }
  return (name) => r.cycles.array(name) as ArrayLike<number>;
}
