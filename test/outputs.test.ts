// The outputs catalogue (lib/results/outputs.ts): each summary field once, and every place that shows a summary —
// the text summary, `--summary json`, summaryTable, a grid's table and its text, the report and the README — built
// from it, so they cannot disagree. "None" is null in data and "none" in text; durations in text as h/m/s.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  run,
  scenario,
  summaryTable,
  summaryText,
  summaryRows,
  OUTPUTS,
  formatValue,
  grid,
  formatGridTable,
  importGctrace,
  fitChart,
  memoryChart,
  gcChart,
  compareChart,
  goroutinesChart,
  importRun,
  type ChartSpec,
} from "heapcast";
import { columnUnit, tableFields } from "../lib/results/outputs";
import { percentiles } from "../lib/results/summary";
import * as aq from "arquero";
import fc from "fast-check";

const ROOT = path.resolve(__dirname, "..");
const MiB = 1024 * 1024;

const r = run(
  scenario("steady", { duration: "10s" }).liveHeap("64MiB").garbage("200MiB/s").goroutines(100, { stack: "8KiB" }),
);
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
    expect(g.objects()[0]).toEqual({
      "go.GOGC": 100,
      ...Object.fromEntries(Object.entries(row).filter(([k]) => k !== "run")),
    });
  });

  test("a grid with seeds: each field's statistics as the catalogue lists them", async () => {
    const g = await grid(r.plan, { "go.GOGC": [100, 200] }, { workers: 1, seeds: 3 });
    const stats = tableFields().flatMap((f) => (f.seeds ?? []).map((s) => `${f.column}_${s}`));
    expect(g.columnNames()).toEqual([
      "go.GOGC",
      "runs",
      "oom_probability",
      "oom_probability_ci95_low",
      "oom_probability_ci95_high",
      "oom_killed_at_s_p50",
      ...stats,
    ]);
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
      fc.property(
        fc.array(fc.double({ min: 0, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 300 }),
        fc.constantFrom(0, 0.01, 0.5, 0.9, 0.99, 1),
        (xs, p) => {
          const v = new Float64Array(xs);
          const viaArquero = aq
            .table({ v })
            .rollup({ q: p >= 1 ? "op.max(d.v)" : `op.quantile(d.v, ${p})` })
            .get("q", 0);
          expect(percentiles(v, [p])[0]).toBe(viaArquero);
        },
      ),
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

  test('no GC cycle: pauses and assists are null in the summary and "none" in text, never 0 or a sentinel', () => {
    expect(idle.summary.gcCycles).toBe(0);
    for (const k of [
      "pauseP50Seconds",
      "pauseP99Seconds",
      "maxPauseSeconds",
      "assistP50Seconds",
      "assistP99Seconds",
    ] as const)
      expect([k, idle.summary[k]]).toEqual([k, null]);
    const text = summaryText(idle.summary);
    expect(text).toMatch(/^STW pause max\s+none$/m);
    expect(text).toMatch(/^assist CPU per cycle p99\s+none$/m);
    expect(JSON.parse(JSON.stringify(idle.summary)).maxPauseSeconds).toBeNull();
  });

  test("a stable view (notebooks, the report) leaves out only what changes between executions", () => {
    expect(summaryRows(r.summary, { stable: true }).map(([k]) => k)).toEqual(
      OUTPUTS.filter((f) => !f.unstable).map((f) => f.label),
    );
    expect(OUTPUTS.filter((f) => f.unstable).map((f) => f.key)).toEqual(["wallMs", "events"]);
  });
});

describe("a grid's text", () => {
  test("values by their catalogue unit, null as none; the brief columns by default, the rest counted", async () => {
    const g = await grid(r.plan, { "go.GOGC": [100, 200] }, { workers: 1 });
    const text = formatGridTable(g);
    const lines = text.trimEnd().split("\n");
    expect(lines[0].split(/\s+/)).toEqual([
      "go.GOGC",
      "gc_cycles",
      "peak_rss_bytes",
      "gc_cpu_fraction",
      "pause_p99_s",
      "oom_killed_at_s",
    ]);
    expect(lines[1]).toMatch(/^\s*100\s+\d+\s+\d+ MiB\s+\d\.\d\d %\s+60µs\s+none$/);
    expect(lines[3]).toBe(
      `(${g.numCols() - 6} more columns in --csv FILE or --json: go_version, simulated_s, peak_heap_bytes, peak_heap_in_use_bytes, final_heap_goal_bytes, ` +
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

describe("an imported run's summary (gctrace, samples): the catalogue's fields, null where the data does not show one", () => {
  const GCTRACE = path.join(ROOT, "test/fixtures/gctrace/go1.26.8-small.txt");
  const imported = importGctrace({ file: GCTRACE });

  test('every catalogue key; figures gctrace does not show are null (JSON) and "unknown" (text), never 0 or a sentinel', () => {
    const s = imported.summary;
    expect(Object.keys(s).sort()).toEqual(OUTPUTS.map((f) => f.key).sort());
    // gctrace has no RSS, no heap in use, no CPU quota, and an import has no kernel time or kernel events.
    for (const k of [
      "peakRssBytes",
      "peakHeapInUseBytes",
      "cpuQuotaPeriods",
      "throttledPeriods",
      "throttledSeconds",
      "wallMs",
      "events",
    ] as const)
      expect(s[k]).toBeNull();
    const text = summaryText(s);
    expect(text).toMatch(/^peak RSS +unknown$/m);
    expect(text).toMatch(/^peak heap in use +unknown$/m);
    expect(text).not.toMatch(/kernel time|kernel events/);
    expect(text).not.toMatch(/\b0 B\b|NaN|undefined/);
    expect(JSON.parse(JSON.stringify(s)).peakRssBytes).toBeNull();
    // summaryTable puts it beside a simulation: its unknowns are null cells.
    const t = summaryTable({ traced: imported, simulated: r }).objects() as Record<string, unknown>[];
    expect(t[0].peak_rss_bytes).toBeNull();
    expect(t[0].gc_cycles).toBe(imported.gctrace.length);
    expect(t[1].peak_rss_bytes).toBe(r.summary.peakRssBytes);
  });

  test("pause and assist percentiles from gctrace's own columns (ms as the runtime prints them), as a simulation's are taken", () => {
    const c = imported.gctrace;
    const pauses = c.flatMap((x) => [x.stw1Ms, x.stw2Ms]).sort((a, b) => a - b);
    expect(imported.summary.maxPauseSeconds).toBeCloseTo(pauses[pauses.length - 1] / 1e3, 12);
    const [p50] = percentiles(Float64Array.from(pauses), [0.5]);
    expect(imported.summary.pauseP50Seconds).toBeCloseTo(p50! / 1e3, 12);
    expect(imported.summary.assistP99Seconds).not.toBeNull();
    expect(summaryText(imported.summary)).toMatch(/^STW pause p99 +\d/m);
  });

  test('charts of an import write "unknown" for what the data does not show', () => {
    // A gctrace alone has no RSS nor memory classes: the memory chart says so (and what to do) rather than failing on a
    // column.
    expect(() => memoryChart(imported)).toThrow(
      /memoryChart: "go1\.26\.8-small\.txt" has no rss:bytes, .* import its runtime\/metrics samples too/,
    );
    // A trace does not show its own end: without the fact, its OOM kill is unknown, not "no OOM".
    // Its RSS panel names the run whose data has no RSS, and draws the others.
    expect(compareChart({ traced: imported, simulated: r }).title.text).toBeDefined();
    expect(JSON.stringify(compareChart({ traced: imported, simulated: r }))).toContain("(not in the data of traced)");
    expect(compareChart({ traced: imported, simulated: r }).description).toMatch(
      /traced: peak RSS unknown, GC CPU [\d.]+ %, OOM kill unknown; simulated: .*, no OOM\.$/,
    );
    const dir = path.join(ROOT, "test/fixtures/real-go/runs/goroutine_leak_200ps_16k_stack_cgroup256m/rep1");
    const withSamples = importRun({
      gctrace: { file: path.join(dir, "gctrace.txt") },
      samples: { file: path.join(dir, "samples.jsonl.gz") },
    });
    expect(memoryChart(withSamples).description).toMatch(
      /^Memory of "[^"]+" over [\d.]+s: peak RSS [\d.]+ MiB, .*; OOM kill unknown\.$/,
    );
    expect(goroutinesChart(withSamples).description).toMatch(/; OOM kill unknown\.$/);
    const told = importGctrace({ file: GCTRACE }, { oomKilledAtSeconds: 1.5 });
    expect(compareChart({ traced: told }).description).toMatch(/OOM at 1\.5s/);
    expect(gcChart(imported).description).toMatch(
      new RegExp(`^GC cycles of "[^"]+": ${imported.gctrace.length} cycles; pauses p50 `),
    );
  });
});

describe("fitChart", () => {
  const GCTRACE = path.join(ROOT, "test/fixtures/gctrace/go1.19.8-small.txt");
  const traced = importGctrace({ file: GCTRACE });
  /** GOGC=off without a limit: no heap goal at all (null per cycle), and forced cycles only. */
  const noGoal = run(
    scenario("no goal", { duration: "3s", go: { GOGC: "off" } })
      .liveHeap("8MiB")
      .garbage("50MiB/s")
      .at("1s", (p) => p.gc())
      .at("2s", (p) => p.gc()),
  );
  const rowsOf = (spec: ChartSpec, i: number): Record<string, unknown>[] => {
    const d = spec.vconcat[0].layer[i].data;
    if (typeof d.values !== "string") return d.values as Record<string, unknown>[];
    const [head, ...lines] = d.values.trim().split("\n");
    const names = head.split(",");
    return lines.map((l: string) => Object.fromEntries(l.split(",").map((v, j) => [names[j], v])));
  };

  test("a cycle without a goal draws no goal point (never one at 0 MiB)", () => {
    expect(noGoal.cycles.array("heap_goal_bytes")[0]).toBeNull();
    const spec = fitChart(traced, noGoal);
    const simRows = rowsOf(spec, 0);
    expect(simRows.length).toBeGreaterThan(0);
    expect(simRows.filter((x) => x.what === "goal")).toHaveLength(0);
    expect(simRows.every((x) => Number(x.MiB) > 0)).toBe(true);
  });

  test('a tooltip on every data mark; errors that were not measured read "unknown", never 0.0 %', () => {
    const spec = fitChart(traced, noGoal, {
      errors: [{ metric: "GC cycles", trace: 10, simulation: 11, relative: 0.1, unit: "cycles" }],
    });
    const layers = spec.vconcat.flatMap((p: ChartSpec) => p.layer).filter((l: ChartSpec) => l.mark.type !== "text");
    for (const l of layers) expect(l.encoding.tooltip).toBeDefined();
    expect(spec.title.subtitle).toBe(
      "fit errors: GC cycles +10.0 %, peak heap unknown, goal per cycle unknown, marked heap unknown",
    );
  });
});
