// A parameter grid as a heatmap: one cell per pair of axis values, coloured by a result column, OOM-killed cells red.

import type { Table } from "../results/tables";
import { OUTPUTS, columnUnit } from "../results/outputs";
import { ChartOptions, ChartSpec, MiB, base, chartConfig, col, formatSeconds, r3, tip } from "./chart-parts";

export interface HeatmapOptions extends ChartOptions {
  /** Column on the x axis (e.g. "GOMEMLIMIT"). */
  x: string;
  /** Column on the y axis (e.g. "GOGC"). */
  y: string;
  /**
   * Column coloring the cells. Default "peak_rss_bytes". Names ending in _bytes show in MiB, _fraction in %, _s in s.
   */
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

/** How a column's values are shown in cells and on the colour legend: its unit in the outputs catalogue. */
function unitOf(column: string): { scale: number; unit: string; digits: number } {
  switch (columnUnit(column)) {
    case "bytes":
      return { scale: 1 / MiB, unit: "MiB", digits: 0 };
    case "fraction":
      return { scale: 100, unit: "%", digits: 1 };
    case "duration":
    case "instant":
      return /pause|assist/.test(column) ? { scale: 1e3, unit: "ms", digits: 3 } : { scale: 1, unit: "s", digits: 2 };
    default:
      return { scale: 1, unit: "", digits: 2 };
  }
}

/** A column in words for a legend: the catalogue's label ("peak RSS"), with the statistic ("p99 of peak RSS"). */
function columnLabel(column: string): string {
  for (const f of OUTPUTS) {
    if (f.column === null) continue;
    if (column === f.column) return f.label;
    const stat = column.startsWith(f.column + "_") ? column.slice(f.column.length + 1) : "";
    if (/^(min|p\d+|max)$/.test(stat))
      return `${stat === "min" ? "lowest" : stat === "max" ? "highest" : stat} ${f.label} over seeds`;
  }
  if (column === "oom_probability") return "OOM probability";
  return column;
}

/** A kill time short enough for a cell: "6.5s", "12m58s", "9h4m" (seconds dropped from an hour on). */
function shortTime(seconds: number): string {
  if (seconds < 60) return formatSeconds(Math.round(seconds * 10) / 10);
  return formatSeconds(seconds < 3600 ? Math.round(seconds) : Math.round(seconds / 60) * 60);
}

/** A size like "300MiB" or a number, for sorting axis values; "off" (no limit) sorts last. */
function sortKey(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === "off" || v === null || v === undefined) return Infinity;
  const m = /^([0-9.]+)\s*(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)?$/.exec(String(v));
  if (!m) return NaN;
  const mult: Record<string, number> = {
    B: 1,
    KiB: 1024,
    MiB: MiB,
    GiB: 1024 * MiB,
    TiB: MiB * MiB,
    KB: 1e3,
    MB: 1e6,
    GB: 1e9,
    TB: 1e12,
  };
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
 * A parameter grid as a heatmap: one cell per (x, y) pair, colored by a result column (peak RSS, GC CPU, ...), each
 * cell
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
    if (!names.includes(c))
      throw new Error(`gridHeatmap: no column ${JSON.stringify(c)} in the table (columns: ${names.join(", ")})`);
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
    if (ooms[i] !== null && ooms[i] !== undefined && !(oomIsProbability && ooms[i] === 0))
      c.oom.push(ooms[i] as number);
  }
  const values = [...cells.values()].map((c) => {
    const v =
      c.v.length === 0
        ? null
        : agg === "max"
          ? Math.max(...c.v)
          : agg === "min"
            ? Math.min(...c.v)
            : c.v.reduce((a, b) => a + b, 0) / c.v.length;
    const oomText =
      c.oom.length === 0
        ? ""
        : oomIsProbability
          ? `OOM ${(100 * Math.max(...c.oom)).toFixed(Math.max(...c.oom) < 0.1 ? 1 : 0)} %`
          : c.n > 1
            ? `OOM ${c.oom.length}/${c.n}`
            : `OOM ${shortTime(Math.min(...c.oom))}`;
    const valueText =
      v === null ? "none" : `${v.toFixed(u.digits)}${u.unit === "%" ? " %" : u.unit ? " " + u.unit : ""}`;
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
  const several = agg !== "max" || [...cells.values()].some((c) => c.n > 1);
  const colorTitle = `${columnLabel(colorCol)}${u.unit || several ? ` (${[u.unit, several ? `${agg} of the rows per cell` : ""].filter(Boolean).join(", ")})` : ""}`;
  const tooltip = [tip("y", opts.y), tip("x", opts.x), tip("value", columnLabel(colorCol)), tip("oom", "OOM kill")];
  const encX = { field: "x", type: "ordinal", title: opts.x, sort: xOrder, axis: { labelAngle: 0 } };
  const encY = { field: "y", type: "ordinal", title: opts.y, sort: yOrder };
  const killedCount = values.filter((v) => v.killed).length;
  const best = values.filter((v) => !v.killed && v.v !== null).sort((a, b) => (a.v as number) - (b.v as number))[0];
  const description =
    `Grid of ${opts.y} × ${opts.x} (${values.length} cells) colored by ${colorCol}: from ${lo.toFixed(u.digits)} to ${hi.toFixed(u.digits)}${u.unit ? " " + u.unit : ""}` +
    (oomCol ? `; ${killedCount} cell${killedCount === 1 ? "" : "s"} OOM-killed` : "") +
    (best ? `; lowest without an OOM kill at ${opts.y}=${best.y}, ${opts.x}=${best.x}.` : ".");
  return {
    ...base(description, {
      text: opts.title ?? `Grid: ${columnLabel(colorCol)} by ${opts.y} and ${opts.x}`,
      subtitle: oomCol ? "red cells: the container OOM-killed the process" : "",
    }),
    data: { values },
    width: cellW * xOrder.length,
    height: cellH * yOrder.length,
    encoding: { x: encX, y: encY },
    layer: [
      {
        transform: [{ filter: "!datum.killed" }],
        mark: { type: "rect" },
        encoding: {
          tooltip,
          color: {
            field: "v",
            type: "quantitative",
            title: colorTitle,
            scale: { scheme: opts.scheme ?? "blues", ...(opts.domain ? { domain: opts.domain } : {}) },
            // Every cell killed: no value to colour, no scale to explain (a legend would read NaN).
            legend:
              domainVals.length === 0
                ? null
                : { orient: "right", direction: "vertical", gradientLength: Math.max(60, cellH * yOrder.length - 20) },
          },
        },
      },
      {
        transform: [{ filter: "datum.killed" }],
        mark: { type: "rect", fill: "#fde0dd", stroke: "#c00000", strokeWidth: 2 },
        encoding: { tooltip },
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
