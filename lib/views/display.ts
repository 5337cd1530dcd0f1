// Notebook display. In a Jupyter notebook run by the tslab kernel:
//   - a run result or an arquero table that ends a cell displays as an HTML table (never a util.inspect dump);
//   - `await show(chart)` displays a Vega-Lite spec as ONE output carrying the spec
//     (application/vnd.vegalite.v5+json: JupyterLab draws it interactively), an SVG, a PNG (GitHub, untrusted
//     notebooks, exported HTML) and a one-line text summary (text/plain).
// Outside a notebook the same objects print as short text, and show() prints the text summary.
//
// tslab's public display API carries one MIME type per output; an output with several goes through the kernel's
// internal `lastWriteDisplayData` (tslab/dist/jupyter), wrapped in exactly one place below: `tslabWriter`.
// tslab is pinned (1.0.22) in package.json for that reason.

import * as path from "node:path";
import * as aq from "arquero";
import type { Table } from "../results/tables";
import { RunResult } from "../results/result";
import { summaryRows } from "../results/summary";
import type { ChartSpec } from "./charts";
import { loadVega, svgSize, svgToPNG, toSVG } from "./render";

/** A Jupyter display message: MIME type → content, plus per-type metadata (e.g. the PNG's CSS size). */
export interface DisplayBundle {
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
}

type Writer = (
  msg: { data: Record<string, unknown>; metadata: Record<string, unknown>; transient: Record<string, unknown> },
  update: boolean,
) => void;

const JUPYTER_MODULE = path.join("tslab", "dist", "jupyter.js");
let tslabJupyter: { lastWriteDisplayData: Writer | null } | undefined;

/**
 * THE one use of tslab's internals: the kernel's `lastWriteDisplayData`, set while a cell executes. Found in the
 * module cache (so that nothing is loaded outside a kernel); null when not running inside tslab.
 */
function tslabWriter(): Writer | null {
  if (!tslabJupyter) {
    const key = Object.keys(require.cache).find((k) => k.endsWith(JUPYTER_MODULE));
    const exp = key ? require.cache[key]?.exports : undefined;
    if (!exp || !("lastWriteDisplayData" in exp)) return null;
    tslabJupyter = exp;
  }
  const w = tslabJupyter!.lastWriteDisplayData;
  return typeof w === "function" ? w : null;
}

/** True inside a cell run by the tslab Jupyter kernel. */
export function inNotebook(): boolean {
  return tslabWriter() !== null;
}

/** Sends a bundle to the notebook as one display_data output. Returns false outside a notebook. */
export function publish(bundle: DisplayBundle): boolean {
  const w = tslabWriter();
  if (!w) return false;
  w({ data: bundle.data, metadata: bundle.metadata, transient: {} }, false);
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Bundles

/** Whether a value looks like a Vega-Lite spec. */
export function isChartSpec(x: unknown): x is ChartSpec {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  if (typeof o.$schema === "string") return o.$schema.includes("vega-lite");
  return (
    ("mark" in o || "layer" in o || "vconcat" in o || "hconcat" in o || "concat" in o || "facet" in o) &&
    ("data" in o || "datasets" in o)
  );
}

/** Whether a value is an arquero table. */
export function isTable(x: unknown): x is Table {
  return x instanceof aq.ColumnTable;
}

export interface ChartBundleOptions {
  /** PNG pixels per CSS pixel. Default 2. */
  scale?: number;
}

/**
 * A chart as one display bundle: the Vega-Lite spec (v5), an SVG, a PNG (with its CSS size as metadata, so that a
 * 2× PNG shows at the chart's size) and a one-line text summary (the spec's description).
 */
export async function chartBundle(spec: ChartSpec, options: ChartBundleOptions = {}): Promise<DisplayBundle> {
  const svg = await toSVG(spec);
  const { width, height } = svgSize(svg);
  const png = svgToPNG(svg, options.scale ?? 2);
  const text =
    typeof spec.description === "string" && spec.description
      ? spec.description
      : `Vega-Lite chart (${width}×${height})`;
  return {
    data: {
      "application/vnd.vegalite.v5+json": spec,
      "image/svg+xml": svg,
      "image/png": png.toString("base64"),
      "text/plain": text,
    },
    metadata: { "image/png": { width, height } },
  };
}

export interface TableBundleOptions {
  /** Rows shown. Default 12; the rest are counted under the table. */
  limit?: number;
  /** Caption above the table. */
  caption?: string;
}

const TABLE_STYLE = {
  table: "border-collapse: collapse; font-size: 12px;",
  th: "padding: 2px 8px; border-bottom: 1px solid #999; white-space: nowrap;",
  td: "padding: 1px 8px; white-space: nowrap; font-variant-numeric: tabular-nums;",
};

/** An arquero table as HTML (first rows) and as fixed-width text. */
export function tableBundle(table: Table, options: TableBundleOptions = {}): DisplayBundle {
  const limit = options.limit ?? 12;
  const rows = table.numRows();
  const cols = table.numCols();
  const shown = Math.min(limit, rows);
  const note =
    `${rows.toLocaleString("en-US")} row${rows === 1 ? "" : "s"} × ${cols} column${cols === 1 ? "" : "s"}` +
    (shown < rows ? ` (first ${shown} shown)` : "");
  const caption = options.caption
    ? `<div style="font-weight: 600; margin: 4px 0;">${escapeHTML(options.caption)}</div>`
    : "";
  const html =
    `<div class="heapcast-table">${caption}` +
    table.toHTML({ limit, maxdigits: 4, style: TABLE_STYLE, null: () => "null" }) +
    `<div style="color: #666; font-size: 11px; margin-top: 2px;">${escapeHTML(note)}</div></div>`;
  return { data: { "text/html": html, "text/plain": tableText(table, limit) + `\n${note}` }, metadata: {} };
}

/** A run's summary as an HTML table (and text), with the names of its tables. */
export function resultBundle(r: RunResult): DisplayBundle {
  // The kernel's wall time is left out: outputs of a deterministic run stay the same from one execution to the next.
  const rows = summaryRows(r.summary, { stable: true });
  const tables = `tables: .cycles (${r.cycles.numRows()} rows), .timeline (${r.timeline.numRows()} rows), .events (${r.events.numRows()} rows)`;
  const html =
    `<div class="heapcast-result"><table style="${TABLE_STYLE.table}">` +
    rows
      .map(
        ([k, v]) =>
          `<tr><th style="text-align: left; ${TABLE_STYLE.td}">${escapeHTML(k)}</th><td style="text-align: left; ${TABLE_STYLE.td}">${escapeHTML(v)}</td></tr>`,
      )
      .join("") +
    `</table><div style="color: #666; font-size: 11px; margin-top: 2px;">${escapeHTML(tables)}</div></div>`;
  const w = Math.max(...rows.map(([k]) => k.length));
  const text = rows.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join("\n") + `\n${tables}`;
  return { data: { "text/html": html, "text/plain": text }, metadata: {} };
}

/** The bundle for anything show() takes. */
export async function displayBundle(x: unknown): Promise<DisplayBundle> {
  if (x instanceof RunResult) return resultBundle(x);
  if (isTable(x)) return tableBundle(x);
  if (isChartSpec(x)) return chartBundle(x);
  throw new TypeError(
    `show: expected a chart spec, an arquero table or a run result, got ${x === null ? "null" : typeof x}`,
  );
}

/**
 * Displays charts (Vega-Lite specs), tables and run results: in a notebook, one output each; elsewhere, their text
 * summary on stdout. Charts render asynchronously, so `await show(...)`.
 */
export async function show(...items: unknown[]): Promise<void> {
  for (const x of items.flat()) {
    const b = await displayBundle(x);
    if (!publish(b)) process.stdout.write(String(b.data["text/plain"]) + "\n");
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Tables and results that end a cell: tslab console.logs a cell's last value, which calls util.inspect, which calls
// the value's [inspect.custom]. In a notebook that publishes the HTML bundle instead of printing; elsewhere it prints
// short text rather than the table's internals.

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/** Drops the single "\n" console.log writes after a value whose inspect printed nothing (it was displayed). */
function swallowNextNewline(): void {
  const stdout = process.stdout as unknown as { write: (...a: unknown[]) => boolean };
  const original = stdout.write;
  const once = function (this: unknown, chunk: unknown, ...rest: unknown[]): boolean {
    if (stdout.write === once) stdout.write = original;
    if (chunk === "\n") return true;
    return original.call(this, chunk, ...rest);
  };
  stdout.write = once;
}

function installInspect(proto: object, bundle: (x: any) => DisplayBundle): void {
  Object.defineProperty(proto, INSPECT, {
    configurable: true,
    writable: true,
    enumerable: false,
    value: function (this: unknown, depth: number | null, options: { depth?: number | null } | undefined) {
      const topLevel = depth === (options?.depth ?? depth);
      const b = bundle(this);
      if (topLevel && publish(b)) {
        swallowNextNewline();
        return "";
      }
      return String(b.data["text/plain"]);
    },
  });
}

installInspect(Object.getPrototypeOf(aq.table({})), (t: Table) => tableBundle(t));
installInspect(RunResult.prototype, (r: RunResult) => resultBundle(r));

// In a kernel, start loading vega while the user's first cell runs its scenario: the first chart is then quicker.
if (Object.keys(require.cache).some((k) => k.endsWith(JUPYTER_MODULE))) void loadVega().catch(() => undefined);

// ---------------------------------------------------------------------------------------------------------------

function escapeHTML(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] as string);
}

/** A fixed-width text rendering of a table's first rows (numbers right-aligned, at most 4 decimals). */
export function tableText(table: Table, limit = 12): string {
  const names = table.columnNames();
  const n = Math.min(limit, table.numRows());
  const fmt = (v: unknown): string => {
    if (v === null || v === undefined) return "null";
    if (typeof v === "number") return Number.isInteger(v) ? String(v) : String(+v.toFixed(4));
    return String(v);
  };
  const cells = names.map((c) => {
    const a = table.array(c) as ArrayLike<unknown>;
    const out: string[] = [];
    for (let i = 0; i < n; i++) out.push(fmt(a[i]));
    return out;
  });
  const widths = names.map((c, j) => Math.max(c.length, ...cells[j].map((s) => s.length)));
  const numeric = names.map((c) => typeof (table.array(c) as ArrayLike<unknown>)[0] === "number");
  const pad = (s: string, j: number) => (numeric[j] ? s.padStart(widths[j]) : s.padEnd(widths[j]));
  const lines = [names.map(pad).join("  ").trimEnd()];
  for (let i = 0; i < n; i++)
    lines.push(
      names
        .map((_, j) => pad(cells[j][i], j))
        .join("  ")
        .trimEnd(),
    );
  return lines.join("\n");
}
