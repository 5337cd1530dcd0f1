// A real run and the simulation of the scenario fitted to it, on one chart: per GC cycle the heap at mark
// termination, the marked heap and the goal, traced (points) and simulated (lines), and the cycles as they
// accumulate; the fit's errors in the subtitle; where the trace ends and where the simulation was OOM-killed.

import type { ChartSpec } from "./charts";
import { chartConfig, formatSeconds, inline, timeUnit } from "./charts";
import { timeTip, tip } from "./chart-parts";
import type { Table } from "../results/tables";
import type { FitError } from "../authoring/fit";

const MiB = 2 ** 20;
const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";

/** What the overlay reads: two runs' cycles tables and summaries (an ImportedRun and a RunResult both have them). */
export interface OverlayRun {
  readonly cycles: Table;
  readonly summary: { scenario: string; simulatedSeconds: number; oomKilledAtSeconds: number | null };
}

export interface OverlayOptions {
  width?: number;
  title?: string;
  /** The fit's errors (FitResult.errors), shown in the subtitle. */
  errors?: FitError[];
  /** Labels of the two runs. Default "trace" and "simulation". */
  labels?: [string, string];
}

function col(t: Table, name: string): (number | null)[] {
  return Array.from(t.array(name) as ArrayLike<number | null>);
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** Height of the heap panel (px): the labels of the trace's end and the kills sit at its bottom, under the lines. */
const HEAP_PANEL_HEIGHT = 260;

/** The overlay of a traced run and its fitted simulation. */
export function fitChart(trace: OverlayRun, sim: OverlayRun, opts: OverlayOptions = {}): ChartSpec {
  const [lt, ls] = opts.labels ?? ["trace", "simulation"];
  const end = Math.max(trace.summary.simulatedSeconds, sim.summary.simulatedSeconds);
  const tu = timeUnit(end);
  const rows: { t: number; run: string; what: string; MiB: number }[] = [];
  const counts: { t: number; run: string; cycles: number }[] = [];
  const add = (r: OverlayRun, label: string) => {
    const t = col(r.cycles, "t_s") as number[];
    const h1 = col(r.cycles, "heap_end_bytes");
    const h2 = col(r.cycles, "heap_marked_bytes");
    const g = col(r.cycles, "heap_goal_bytes");
    // At most ~600 cycles per run per series: every k-th one.
    const k = Math.max(1, Math.ceil(t.length / 600));
    for (let i = 0; i < t.length; i += k) {
      const x = r3(t[i] / tu.div);
      // A figure the run does not have (no goal with GOGC=off and no limit) is not drawn, rather than drawn at 0.
      const add = (what: string, v: number | null) => {
        if (v !== null && Number.isFinite(v)) rows.push({ t: x, run: label, what, MiB: r3(v / MiB) });
      };
      add("heap at mark termination", h1[i]);
      add("marked heap", h2[i]);
      add("goal", g[i]);
    }
    t.forEach((x, i) => {
      if (i % k === 0 || i === t.length - 1) counts.push({ t: r3(x / tu.div), run: label, cycles: i + 1 });
    });
  };
  add(trace, lt);
  add(sim, ls);
  const x = {
    field: "t",
    type: "quantitative",
    title: `time (${tu.unit})`,
    scale: { domain: [0, r3(end / tu.div)], nice: false },
  };
  const runColor = {
    field: "run",
    type: "nominal",
    title: "run",
    scale: { domain: [lt, ls], range: ["#111111", "#4c78a8"] },
    legend: { orient: "bottom" },
  };
  const whatShape = {
    field: "what",
    type: "nominal",
    title: "per GC cycle",
    scale: {
      domain: ["heap at mark termination", "marked heap", "goal"],
      range: ["circle", "triangle-down", "square"],
    },
    legend: { orient: "bottom" },
  };
  const tips = [tip("run", "run"), tip("what", "per GC cycle"), timeTip(tu), tip("MiB", "MiB", ".1f")];
  const whatDash = {
    field: "what",
    type: "nominal",
    title: "per GC cycle",
    scale: {
      domain: ["heap at mark termination", "marked heap", "goal"],
      range: [
        [1, 0],
        [2, 2],
        [6, 3],
      ],
    },
    legend: { orient: "bottom" },
  };
  const marks: ChartSpec[] = [];
  const traceEnd = trace.summary.simulatedSeconds;
  marks.push({ t: r3(traceEnd / tu.div), label: `${lt} ends ${formatSeconds(traceEnd)}`, color: "#555555" });
  for (const [r, label] of [
    [trace, lt],
    [sim, ls],
  ] as const) {
    const oom = r.summary.oomKilledAtSeconds;
    if (oom !== null)
      marks.push({ t: r3(oom / tu.div), label: `${label}: OOM kill ${formatSeconds(oom)}`, color: "#c00000" });
  }
  const ruleLayers = (withText: boolean): ChartSpec[] => [
    {
      data: { values: marks },
      mark: { type: "rule", strokeDash: [4, 3] },
      encoding: {
        x: { field: "t", type: "quantitative" },
        color: { field: "color", type: "nominal", scale: null },
        tooltip: [tip("label", "event"), timeTip(tu)],
      },
    },
    ...(withText
      ? marks.map((m, i) => ({
          // One label under the other, so that close marks stay readable.
          data: { values: [m] },
          mark: { type: "text", align: "right", baseline: "bottom", dx: -4, dy: -4 - 14 * i, fontSize: 11 },
          encoding: {
            x: { field: "t", type: "quantitative" },
            y: { value: HEAP_PANEL_HEIGHT },
            text: { field: "label" },
            color: { field: "color", type: "nominal", scale: null },
          },
        }))
      : []),
  ];
  const width = opts.width ?? 640;
  const heap: ChartSpec = {
    width,
    height: HEAP_PANEL_HEIGHT,
    title: { text: "heap per GC cycle (MiB): points traced, lines simulated", fontSize: 12, fontWeight: "normal" },
    layer: [
      {
        data: inline(rows.filter((r) => r.run === ls)),
        mark: { type: "line", strokeWidth: 1.4, interpolate: "step-after" },
        encoding: {
          x,
          y: { field: "MiB", type: "quantitative", title: "MiB" },
          color: runColor,
          strokeDash: whatDash,
          detail: { field: "what" },
          tooltip: tips,
        },
      },
      {
        data: inline(rows.filter((r) => r.run === lt)),
        mark: { type: "point", size: 22, filled: true, opacity: 0.8 },
        encoding: { x, y: { field: "MiB", type: "quantitative" }, color: runColor, shape: whatShape, tooltip: tips },
      },
      ...ruleLayers(true),
    ],
    resolve: { scale: { strokeDash: "independent", shape: "independent" } },
  };
  const cyc: ChartSpec = {
    width,
    height: 120,
    title: { text: "GC cycles (cumulative)", fontSize: 12, fontWeight: "normal" },
    layer: [
      {
        data: inline(counts),
        mark: { type: "line", interpolate: "step-after", strokeWidth: 1.6 },
        encoding: {
          x,
          y: { field: "cycles", type: "quantitative", title: "cycles" },
          color: runColor,
          tooltip: [tip("run", "run"), timeTip(tu), tip("cycles", "GC cycles", "d")],
        },
      },
      ...ruleLayers(false),
    ],
  };
  const e = opts.errors ?? [];
  // An error neither run shows a figure for reads "unknown" (never a 0 % that was not measured).
  const pct = (v: number | null) => (v === null ? "unknown" : `${v >= 0 ? "+" : ""}${(v * 100).toFixed(1)} %`);
  const rms = (v: number | null) => (v === null ? "unknown" : `${(v * 100).toFixed(1)} % RMS`);
  const pick = (m: string) => e.find((x) => x.metric.startsWith(m))?.relative ?? null;
  const subtitle = e.length
    ? `fit errors: GC cycles ${pct(pick("GC cycles"))}, peak heap ${pct(pick("peak heap"))}, goal per cycle ${rms(pick("goal per cycle"))}, marked heap ${rms(pick("marked heap"))}`
    : "";
  const simOom = sim.summary.oomKilledAtSeconds;
  const description =
    `${lt} (${trace.summary.scenario}) against ${ls} (${sim.summary.scenario}): ${col(trace.cycles, "t_s").length} traced and ${col(sim.cycles, "t_s").length} simulated GC cycles; ` +
    `${lt} ends at ${formatSeconds(traceEnd)}; ${simOom === null ? `no OOM kill in the ${ls}` : `${ls} OOM-killed at ${formatSeconds(simOom)}`}` +
    (subtitle ? `; ${subtitle}.` : ".");
  return {
    $schema: SCHEMA,
    description,
    title: { text: opts.title ?? `${lt} and ${ls}`, subtitle },
    config: chartConfig(),
    vconcat: [heap, cyc],
    spacing: 10,
    resolve: { scale: { x: "shared", color: "shared" } },
  };
}
