// Vega-Lite specs (v5-compatible), each a function of a run's records. Pure data → spec; rendering is render.ts.

import type { RunResult } from "./result";

const MiB = 1024 * 1024;
type Spec = Record<string, unknown>;

/** Memory over time: heap (live, garbage), span slack and free pages, stacks, runtime metadata stacked; RSS, heap goal, GOMEMLIMIT and the container limit as lines; the OOM kill marked. */
export function memoryChart(r: RunResult, opts: { width?: number; height?: number } = {}): Spec {
  const s = r.plan.scenario;
  const areas: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  const ORDER = ["live heap", "garbage (not yet swept)", "span slack + free pages", "stacks", "runtime metadata"];
  for (const p of r.raw.samples) {
    const t = p.tNs / 1e9;
    const live = Math.min(p.reachableBytes, p.heapObjectsBytes);
    const parts = [live, p.heapObjectsBytes - live, p.heapUnusedBytes + p.heapFreeBytes, p.heapStacksBytes, p.metadataBytes];
    parts.forEach((v, i) => areas.push({ t, series: ORDER[i], order: i, MiB: v / MiB }));
    lines.push({ t, series: "RSS", MiB: p.rssBytes / MiB });
    if (p.heapGoalBytes < 2 ** 52) lines.push({ t, series: "heap goal", MiB: p.heapGoalBytes / MiB });
  }
  const rules: Record<string, unknown>[] = [];
  if (s.go.GOMEMLIMIT !== null) rules.push({ series: "GOMEMLIMIT", MiB: s.go.GOMEMLIMIT / MiB });
  if (s.container.memoryBytes !== null) rules.push({ series: "container limit", MiB: s.container.memoryBytes / MiB });
  const oom = r.summary.oomKilledAtSeconds;
  const layers: Spec[] = [
    {
      data: { values: areas },
      mark: { type: "area", opacity: 0.85 },
      encoding: {
        x: { field: "t", type: "quantitative", title: "time (s)" },
        y: { field: "MiB", type: "quantitative", stack: "zero", title: "MiB" },
        color: { field: "series", type: "nominal", sort: ORDER, title: "memory", scale: { scheme: "tableau10" } },
        order: { field: "order", type: "quantitative" },
      },
    },
    {
      data: { values: lines },
      mark: { type: "line", strokeWidth: 2 },
      encoding: {
        x: { field: "t", type: "quantitative" },
        y: { field: "MiB", type: "quantitative" },
        strokeDash: { field: "series", type: "nominal", title: "lines" },
        stroke: { value: "#222" },
      },
    },
  ];
  if (rules.length > 0) {
    layers.push({
      data: { values: rules },
      mark: { type: "rule", color: "#d62728", strokeDash: [6, 3], strokeWidth: 1.5 },
      encoding: { y: { field: "MiB", type: "quantitative" } },
    });
    layers.push({
      data: { values: rules },
      mark: { type: "text", align: "left", dx: 4, dy: -6, color: "#d62728" },
      encoding: { y: { field: "MiB", type: "quantitative" }, x: { value: 0 }, text: { field: "series" } },
    });
  }
  if (oom !== null) {
    const rows = [{ t: oom, label: `OOM kill at ${oom.toFixed(2)} s` }];
    layers.push({ data: { values: rows }, mark: { type: "rule", color: "#d62728", strokeWidth: 2 }, encoding: { x: { field: "t", type: "quantitative" } } });
    layers.push({
      data: { values: rows },
      mark: { type: "text", align: "right", dx: -4, dy: 8, color: "#d62728", fontWeight: "bold" },
      encoding: { x: { field: "t", type: "quantitative" }, y: { value: 0 }, text: { field: "label" } },
    });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: `${s.name}: memory`, anchor: "start" },
    width: opts.width ?? 720,
    height: opts.height ?? 320,
    layer: layers,
    resolve: { scale: { color: "independent", strokeDash: "independent" } },
    config: { legend: { labelLimit: 260 } },
  };
}

/** GC cycles: STW pauses and mark time per cycle, and the cumulative GC CPU fraction. */
export function gcCyclesChart(r: RunResult, opts: { width?: number; height?: number } = {}): Spec {
  const rows: Record<string, unknown>[] = [];
  for (const c of r.raw.cycles) {
    const t = c.startNs / 1e9;
    rows.push({ t, series: "mark (ms)", value: c.markNs / 1e6 });
    rows.push({ t, series: "max STW pause (ms)", value: Math.max(c.stw1Ns, c.stw2Ns) / 1e6 });
    rows.push({ t, series: "GC CPU, cumulative (%)", value: c.gcCpuFraction * 100 });
  }
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: `${r.plan.scenario.name}: GC cycles (${r.summary.gcCycles})`, anchor: "start" },
    width: opts.width ?? 720,
    height: opts.height ?? 90,
    data: { values: rows },
    mark: { type: "point", filled: true, size: 12 },
    encoding: {
      x: { field: "t", type: "quantitative", title: "time (s)" },
      y: { field: "value", type: "quantitative", title: null },
      row: { field: "series", type: "nominal", title: null },
      color: { field: "series", type: "nominal", legend: null },
    },
    resolve: { scale: { y: "independent" } },
  };
}
