// Several runs on one chart: one panel per metric, one line per run, on the same scales; lines drawn widest first
// so that runs that coincide all stay visible; OOM kills crossed; the scenarios' events marked.

import { formatBytes } from "../authoring/units";
import {
  ChartOptions,
  ChartSpec,
  MAX_CYCLE_POINTS,
  MAX_POINTS,
  MiB,
  RunTables,
  base,
  col,
  cycleColumns,
  eventLayers,
  formatSeconds,
  inline,
  known,
  oomText,
  planEventMarks,
  r3,
  stride,
  timeAxis,
  timeTip,
  timeUnit,
  tip,
} from "./chart-parts";
import { bucketCycles } from "./gc-chart";
import { heapPointCount, heapPoints, heapRangeOf } from "./memory-chart";

/**
 * Run colours of compareChart: blue, orange, green, purple, red, then the rest of Tableau 10 (neighbours stay
 * distinct).
 */
const RUN_COLORS = [
  "#4c78a8",
  "#f58518",
  "#54a24b",
  "#b279a2",
  "#e45756",
  "#72b7b2",
  "#eeca3b",
  "#ff9da6",
  "#9d755d",
  "#bab0ac",
];
/** Line widths by run: the first run widest (drawn first, underneath), so a run that coincides with another shows. */
const RUN_WIDTHS = [4, 2.6, 1.6, 1, 1, 1, 1, 1, 1, 1];

/** What compareChart can plot, by name; any other timeline column name works too. */
export const COMPARE_METRICS: Record<string, { title: string; axis: string; column?: string; scale?: number }> = {
  rss: { title: "RSS", axis: "MiB", column: "rss:bytes", scale: 1 / MiB },
  heap: { title: "heap (gctrace A→B→C, drawn through each GC cycle)", axis: "MiB" },
  "heap-goal": { title: "heap goal", axis: "MiB", column: "/gc/heap/goal:bytes", scale: 1 / MiB },
  stacks: { title: "goroutine stacks", axis: "MiB", column: "/memory/classes/heap/stacks:bytes", scale: 1 / MiB },
  total: {
    title: "runtime memory (/memory/classes/total)",
    axis: "MiB",
    column: "/memory/classes/total:bytes",
    scale: 1 / MiB,
  },
  goroutines: { title: "goroutines", axis: "goroutines", column: "/sched/goroutines:goroutines", scale: 1 },
  "gc-cpu": { title: "GC CPU per cycle: assists + mark workers + STW (% of GOMAXPROCS)", axis: "% of GOMAXPROCS" },
  "gc-cpu-all": {
    title: "GC CPU per cycle, with idle-priority mark workers (% of GOMAXPROCS)",
    axis: "% of GOMAXPROCS",
  },
  "gc-cycles": { title: "GC cycles (cumulative)", axis: "cycles", column: "/gc/cycles/total:gc-cycles", scale: 1 },
};

export interface CompareOptions extends Omit<ChartOptions, "sharedWith"> {
  /** What to plot: names from COMPARE_METRICS ("rss", "heap", "gc-cpu", ...) or timeline columns. Default ["rss"]. */
  metrics?: string[];
}

/**
 * Several runs on one chart: one line per run for each metric (one panel per metric, a shared time axis), OOM kills
 * marked with a cross where the line ends. `runs` is a list (labelled by scenario name) or an object of labelled runs.
 * The heap is drawn through each run's GC cycles (or as its range in each interval when there are too many); the
 * first run's line is the widest, drawn first, so that the others show on top of it where they coincide.
 */
export function compareChart(runs: RunTables[] | Record<string, RunTables>, opts: CompareOptions = {}): ChartSpec {
  const entries: [string, RunTables][] = Array.isArray(runs)
    ? runs.map((r) => [r.summary.scenario, r])
    : Object.entries(runs);
  if (entries.length === 0) throw new Error("compareChart: no runs to compare");
  const labels = entries.map(([l]) => l);
  if (new Set(labels).size !== labels.length)
    throw new Error(
      `compareChart: runs need distinct labels, got ${JSON.stringify(labels)} (pass an object { label: run })`,
    );
  const metrics = opts.metrics ?? ["rss"];
  for (const m of metrics) {
    if (!(m in COMPARE_METRICS) && !entries.every(([, r]) => r.timeline.columnNames().includes(m))) {
      throw new Error(
        `compareChart: unknown metric ${JSON.stringify(m)}: use one of ${Object.keys(COMPARE_METRICS).join(", ")} or a timeline column`,
      );
    }
  }
  const width = opts.width ?? 640;
  const h = opts.height ?? (metrics.length > 1 ? 160 : 260);
  const end = Math.max(...entries.map(([, r]) => r.summary.simulatedSeconds));
  const tu = timeUnit(end);
  const events = planEventMarks(
    entries.map(([, r]) => r.plan),
    end,
  );
  const legend = { orient: "bottom", direction: "vertical", columns: 0, symbolType: "stroke" };
  const color = {
    field: "run",
    type: "nominal",
    title: "run",
    sort: labels,
    scale: { domain: labels, range: RUN_COLORS },
    legend,
  };
  // One legend for both: each run's colour drawn at its width.
  const strokeWidth = {
    field: "run",
    type: "nominal",
    title: "run",
    sort: labels,
    scale: { domain: labels, range: RUN_WIDTHS },
    legend,
  };
  const panels: ChartSpec[] = metrics.map((m, mi) => {
    // A timeline column by name: bytes drawn in MiB, other units as they are.
    const def =
      COMPARE_METRICS[m] ??
      (/bytes$/.test(m)
        ? { title: `${m} (MiB)`, axis: "MiB", column: m, scale: 1 / MiB }
        : { title: m, axis: m, column: m, scale: 1 });
    const lines: { run: string; t: number; v: number }[] = [];
    const bands: { run: string; t: number; lo: number; hi: number }[] = [];
    const kills: { run: string; t: number; v: number; label: string }[] = [];
    /** Runs whose data does not have this metric (an import of a gctrace alone has no RSS): left out and named. */
    const missing: string[] = [];
    for (const [label, r] of entries) {
      let pts: { t: number; v: number }[];
      if (m === "gc-cpu" || m === "gc-cpu-all") {
        const rows = bucketCycles(cycleColumns(r), r.summary.simulatedSeconds, MAX_CYCLE_POINTS);
        pts = rows.map((c) => ({
          t: r3(c.t / tu.div),
          v: r3((100 * (c.cpu + (m === "gc-cpu-all" ? c.idle : 0))) / Math.max(1e-12, (c.t1 - c.t) * c.procs)),
        }));
      } else if (m === "heap") {
        if (heapPointCount(r) <= MAX_POINTS) {
          const p = heapPoints(r);
          pts = p.t.map((t, i) => ({ t: r3(t / tu.div), v: r3(p.bytes[i] / MiB) }));
        } else {
          const range = heapRangeOf(r, r.summary.simulatedSeconds, 480);
          for (const b of range)
            bands.push({ run: label, t: r3(b.t0 / tu.div), lo: r3(b.lo / MiB), hi: r3(b.hi / MiB) });
          const last = range[range.length - 1];
          pts = [{ t: r3(r.summary.simulatedSeconds / tu.div), v: r3(last.hi / MiB) }];
        }
      } else if (!r.timeline.columnNames().includes(def.column!)) {
        missing.push(label);
        pts = [];
      } else {
        const t = col(r.timeline, "t_s");
        const v = col<number | null>(r.timeline, def.column!);
        pts = [];
        for (const i of stride(t.length)) {
          const x = v[i];
          // No heap goal (GOGC=off without a limit) is a gap, not a number.
          if (x === null || (m === "heap-goal" && x >= 2 ** 50)) continue;
          pts.push({ t: r3(t[i] / tu.div), v: r3(x * (def.scale ?? 1)) });
        }
      }
      if (!(m === "heap" && bands.some((b) => b.run === label))) for (const p of pts) lines.push({ run: label, ...p });
      const oom = r.summary.oomKilledAtSeconds;
      if (oom !== null && pts.length > 0)
        kills.push({ run: label, t: r3(oom / tu.div), v: pts[pts.length - 1].v, label: `OOM ${formatSeconds(oom)}` });
    }
    const x = timeAxis(end, tu, mi === metrics.length - 1 ? `time (${tu.unit})` : null);
    const valueTips = [tip("run", "run"), timeTip(tu), tip("v", def.axis, ".2f")];
    const layer: ChartSpec[] = [];
    if (bands.length > 0) {
      layer.push({
        data: inline(bands),
        mark: { type: "area", interpolate: "step-after", opacity: 0.35 },
        encoding: {
          x,
          y: { field: "lo", type: "quantitative", title: def.axis },
          y2: { field: "hi" },
          color,
          tooltip: [
            tip("run", "run"),
            timeTip(tu),
            tip("lo", `lowest (${def.axis})`, ".1f"),
            tip("hi", `highest (${def.axis})`, ".1f"),
          ],
        },
      });
    }
    if (lines.length > 0) {
      layer.push({
        data: inline(lines),
        mark: m.startsWith("gc-cpu")
          ? { type: "line", interpolate: "step-after", opacity: 0.9 }
          : { type: "line", opacity: 0.9 },
        encoding: {
          x,
          y: { field: "v", type: "quantitative", title: def.axis },
          color,
          strokeWidth,
          tooltip: valueTips,
        },
      });
    }
    layer.push(...eventLayers(events, tu, mi === 0, { endSeconds: end, width }));
    if (kills.length > 0) {
      layer.push(
        {
          data: { values: kills },
          mark: { type: "point", shape: "cross", size: 140, filled: true, strokeWidth: 1 },
          encoding: {
            x: { field: "t", type: "quantitative" },
            y: { field: "v", type: "quantitative" },
            color,
            tooltip: [tip("run", "run"), tip("label", "OOM kill")],
          },
        },
        // Labels in the first panel only, one above the other so that close kills stay readable.
        ...(mi === 0
          ? kills.map((k, i) => ({
              data: { values: [k] },
              mark: { type: "text", align: "right", dx: -8, dy: -8 - 14 * i, fontSize: 11, fontWeight: "bold" },
              encoding: {
                x: { field: "t", type: "quantitative" },
                y: { field: "v", type: "quantitative" },
                text: { field: "label" },
                color,
              },
            }))
          : []),
      );
    }
    const title = missing.length > 0 ? `${def.title} (not in the data of ${missing.join(", ")})` : def.title;
    return { width, height: h, title: { text: title, fontSize: 12, fontWeight: "normal" }, layer };
  });
  const description =
    "Compared: " +
    entries
      .map(
        ([l, r]) =>
          `${l}: peak RSS ${known(r.summary.peakRssBytes, formatBytes)}, GC CPU ${known(r.summary.gcCpuFraction, (f) => `${(f * 100).toFixed(1)} %`)}, ${oomText(r.summary)}`,
      )
      .join("; ") +
    ".";
  const spec: ChartSpec = {
    ...base(description, { text: opts.title ?? `${entries.length} runs compared`, subtitle: "" }),
  };
  if (panels.length === 1) {
    const { title: panelTitle, ...panel } = panels[0];
    return { ...spec, ...panel, title: { ...spec.title, subtitle: panelTitle.text } };
  }
  return {
    ...spec,
    vconcat: panels,
    spacing: 10,
    resolve: { scale: { x: "shared", color: "shared", strokeWidth: "shared" } },
  };
}
