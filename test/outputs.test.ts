// The outputs catalogue (lib/results/outputs.ts): each summary field once, and every place that shows a summary —
// the text summary, `--summary json`, summaryTable, a grid's table and its text, the report and the README — built
// from it, so they cannot disagree. "None" is null in data and "none" in text; durations in text as h/m/s.
import * as fs from "node:fs";
import * as path from "node:path";
import { run, scenario, summaryTable, summaryText, summaryRows, OUTPUTS, formatValue, grid, formatGridTable } from "heapcast";
import { columnUnit, tableFields } from "../lib/results/outputs";
import { percentiles } from "../lib/results/summary";
import * as aq from "arquero";
import fc from "fast-check";

const ROOT = path.resolve(__dirname, "..");
const MiB = 1024 * 1024;

const r = run(scenario("steady", { duration: "10s" }).liveHeap("64MiB").garbage("200MiB/s").goroutines(100, { stack: "8KiB" }));
/** No garbage at all: no GC cycle, so no pause and no assist to summarize. */
const idle = run(scenario("idle", { duration: "2s" }).liveHeap("1MiB"));

describe("the catalogue", () => {
  test("names each summary field once, in the summary's own order; columns and labels are unique", () => {
    expect(OUTPUTS.map((f) => f.key)).toEqual(Object.keys(r.summary));
    const columns = OUTPUTS.map((f) => f.column).filter((c) => c !== null);
    expect(new Set(columns).size).toBe(columns.length);
    expect(new Set(OUTPUTS.map((f) => f.label)).size).toBe(OUTPUTS.length);
    for (const c of columns) expect(c).toMatch(/^[a-z0-9_]+$/);
  });

  test("summaryTable and a grid's rows have the catalogue's columns, in its order, with the summary's values", async () => {
    const t = summaryTable({ steady: r });
    expect(t.columnNames()).toEqual(["run", ...tableFields().map((f) => f.column)]);
    const row = t.object(0) as Record<string, unknown>;
    for (const f of tableFields()) expect([f.key, row[f.column!]]).toEqual([f.key, r.summary[f.key]]);
    const g = await grid(r.plan, { "go.GOGC": [100] }, { workers: 1 });
    expect(g.columnNames()).toEqual(["go.GOGC", ...tableFields().map((f) => f.column)]);
    expect(g.objects()[0]).toEqual({ "go.GOGC": 100, ...Object.fromEntries(Object.entries(row).filter(([k]) => k !== "run")) });
  });

  test("a grid with seeds: each field's statistics as the catalogue lists them", async () => {
    const g = await grid(r.plan, { "go.GOGC": [100, 200] }, { workers: 1, seeds: 3 });
    const stats = tableFields().flatMap((f) => (f.seeds ?? []).map((s) => `${f.column}_${s}`));
    expect(g.columnNames()).toEqual(["go.GOGC", "runs", "oom_probability", "oom_probability_ci95_low", "oom_probability_ci95_high", "oom_killed_at_s_p50", ...stats]);
    expect(g.get("oom_killed_at_s_p50", 0)).toBeNull(); // no kill in any run: none, not a number
  });

  test("the README's summary table lists every field with the catalogue's meaning", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    for (const f of OUTPUTS) expect(readme).toContain(`| \`${f.key}\` | ${f.meaning} |`);
  });
});

describe("percentiles", () => {
  test("a run's percentiles are arquero's op.quantile, the definition grid() uses over runs (numpy's default)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0, 0.01, 0.5, 0.9, 0.99, 1), (xs, p) => {
        const v = new Float64Array(xs);
        const viaArquero = aq.table({ v }).rollup({ q: p >= 1 ? "op.max(d.v)" : `op.quantile(d.v, ${p})` }).get("q", 0);
        expect(percentiles(v, [p])[0]).toBe(viaArquero);
      }),
    );
    expect(percentiles(new Float64Array([]), [0.5])).toEqual([null]);
  });
});

describe("the text summary", () => {
  test("one row per field, labelled from the catalogue, durations as h/m/s", () => {
    const rows = summaryRows(r.summary);
    expect(rows.map(([k]) => k)).toEqual(OUTPUTS.map((f) => f.label));
    const text = summaryText(r.summary);
    expect(text).toMatch(/^simulated\s+10s$/m);
    expect(text).toMatch(/^STW pause p50\s+60µs$/m);
    expect(text).toMatch(/^OOM kill\s+none$/m);
    expect(formatValue("duration", 422.116072192)).toBe("7m2.116s");
    expect(formatValue("duration", 86400)).toBe("24h");
    expect(formatValue("instant", 21.930706325)).toBe("at 21.931s");
    expect(formatValue("bytes", 172 * MiB)).toBe("172 MiB");
    expect(formatValue("fraction", 0.0609)).toBe("6.09 %");
    expect(formatValue("count", 104728)).toBe("104,728");
  });

  test("no GC cycle: pauses and assists are null in the summary and \"none\" in text, never 0 or a sentinel", () => {
    expect(idle.summary.gcCycles).toBe(0);
    for (const k of ["pauseP50Seconds", "pauseP99Seconds", "maxPauseSeconds", "assistP50Seconds", "assistP99Seconds"] as const) expect([k, idle.summary[k]]).toEqual([k, null]);
    const text = summaryText(idle.summary);
    expect(text).toMatch(/^STW pause max\s+none$/m);
    expect(text).toMatch(/^assist CPU per cycle p99\s+none$/m);
    expect(JSON.parse(JSON.stringify(idle.summary)).maxPauseSeconds).toBeNull();
  });

  test("a stable view (notebooks, the report) leaves out only what changes between executions", () => {
    expect(summaryRows(r.summary, { stable: true }).map(([k]) => k)).toEqual(OUTPUTS.filter((f) => !f.unstable).map((f) => f.label));
    expect(OUTPUTS.filter((f) => f.unstable).map((f) => f.key)).toEqual(["wallMs", "events"]);
  });
});

describe("a grid's text", () => {
  test("values by their catalogue unit, null as none; the brief columns by default, the rest counted", async () => {
    const g = await grid(r.plan, { "go.GOGC": [100, 200] }, { workers: 1 });
    const text = formatGridTable(g);
    const lines = text.trimEnd().split("\n");
    expect(lines[0].split(/\s+/)).toEqual(["go.GOGC", "gc_cycles", "peak_rss_bytes", "gc_cpu_fraction", "pause_p99_s", "oom_killed_at_s"]);
    expect(lines[1]).toMatch(/^\s*100\s+\d+\s+\d+ MiB\s+\d\.\d\d %\s+60µs\s+none$/);
    expect(lines[3]).toBe(
      `(${g.numCols() - 6} more columns in --csv FILE or --json: simulated_s, peak_heap_bytes, peak_heap_in_use_bytes, final_heap_goal_bytes, ` +
        "pause_p50_s, max_pause_s, assist_p50_s, assist_p99_s, cpu_quota_periods, throttled_periods, throttled_s)",
    );
    const all = formatGridTable(g, { all: true }).split("\n");
    expect(all[0].split(/\s+/)).toEqual(g.columnNames());
    expect(columnUnit("peak_rss_bytes_p99")).toBe("bytes");
    expect(columnUnit("max_pause_s_max")).toBe("duration");
    expect(columnUnit("oom_probability_ci95_high")).toBe("fraction");
    expect(columnUnit("go.GOGC")).toBeNull();
  });
});
