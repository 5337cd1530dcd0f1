// Charts (lib/charts.ts): Vega-Lite specs as functions of a run's tables — memory, GC cycles, goroutines, runs compared,
// a grid heatmap — checked on their data (what a chart says must be what the run did), then compiled by vega-lite
// (no warnings) and rendered to SVG and PNG by the built package in a plain Node process (see support/notebooks/node-eval).
import * as util from "node:util";
import * as aq from "arquero";
import {
  scenario,
  run,
  memoryChart,
  gcChart,
  goroutinesChart,
  compareChart,
  gridHeatmap,
  limitSegments,
  limiterPeriods,
  gcCpuByCycle,
  mergePeriods,
  inline,
  timeUnit,
  formatSeconds,
  tableBundle,
  resultBundle,
  tableText,
  isChartSpec,
  summaryTable,
  RunResult,
  ChartSpec,
} from "heapcast";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { writeTables, tableBytes } from "heapcast";
import { nodeEval } from "./support/notebooks/node-eval";
import { decodePNG, notDrawn, pixelStats } from "./support/notebooks/png";

const MiB = 1024 * 1024;

/** Rows of a spec's inline data, whether objects or a CSV string. */
function rows(data: { values: unknown; format?: { type?: string } }): Record<string, any>[] {
  if (typeof data.values === "string") {
    expect(data.format?.type).toBe("csv");
    return aq.fromCSV(data.values).objects() as Record<string, any>[];
  }
  return data.values as Record<string, any>[];
}

/** Every layer/panel of a spec, depth first. */
function parts(spec: ChartSpec): ChartSpec[] {
  const out: ChartSpec[] = [spec];
  for (const k of ["layer", "vconcat", "hconcat", "concat"]) for (const s of (spec[k] as ChartSpec[] | undefined) ?? []) out.push(...parts(s));
  return out;
}

// A leak into a 256 MiB container with GOMEMLIMIT lowered at 5 s: OOM kill, limiter, limits that change. (The garbage
// is heavy and kept as a backlog, as a service's queued requests are: in the death spiral that keeps the mutator
// assisting on every P and the limiter switches on; at the corpus' 100 MiB/s it never does.)
const leaky = run(
  scenario("leaky: goroutines into 256 MiB", { duration: "40s", go: { version: "1.19", GOGC: 100, GOMEMLIMIT: "192MiB" }, container: { memory: "256MiB", cpus: 1.5 } })
    .liveHeap("16MiB")
    .garbage("300MiB/s", { catchUp: "200ms" })
    .leakGoroutines("200/s", { stack: "16KiB", retains: "32KiB" })
    .at("5s", (s) => s.go({ GOMEMLIMIT: "200MiB" })),
);
const steady = run(scenario("steady", { duration: "10s" }).liveHeap("64MiB").garbage("200MiB/s").goroutines(100, { stack: "8KiB" }));

describe("memoryChart", () => {
  const spec = memoryChart(leaky);
  test("is a v5 spec with a one-line description of the run", () => {
    expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
    expect(isChartSpec(spec)).toBe(true);
    expect(spec.description).toMatch(/^Memory of "leaky: goroutines into 256 MiB" over 2\d\.\d+ s: peak RSS 256 MiB of a 256 MiB container/);
    expect(spec.description).toContain(`OOM-killed at ${formatSeconds(leaky.summary.oomKilledAtSeconds!)}`);
    expect(spec.description).not.toContain("\n");
  });

  test("the stacked areas partition RSS at every sample: live heap, garbage, free pages, stacks, the rest", () => {
    const data = rows(spec.data);
    expect(data.length).toBe(leaky.timeline.numRows());
    const tl = leaky.timeline.objects() as any[];
    data.forEach((d, i) => {
      const sum = d.live + d.garbage + d.free + d.stacks + d.other;
      expect(Math.abs(sum - d.rss)).toBeLessThan(0.01);
      expect(Math.abs(d.rss - tl[i]["rss:bytes"] / MiB)).toBeLessThan(0.01);
      expect(Math.abs(d.stacks - tl[i]["/memory/classes/heap/stacks:bytes"] / MiB)).toBeLessThan(0.01);
      expect(Math.abs(d.live - Math.min(tl[i]["reachable:bytes"], tl[i]["/memory/classes/heap/objects:bytes"]) / MiB)).toBeLessThan(0.01);
    });
  });

  test("GOMEMLIMIT and the container limit are drawn as they change over the run", () => {
    const end = leaky.summary.simulatedSeconds;
    expect(limitSegments(leaky.plan, end)).toEqual([
      { series: "GOMEMLIMIT", t0: 0, t1: 5, bytes: 192 * MiB },
      { series: "GOMEMLIMIT", t0: 5, t1: end, bytes: 200 * MiB },
      { series: "container limit", t0: 0, t1: end, bytes: 256 * MiB },
    ]);
    const rule = parts(spec).find((p) => p.mark?.type === "rule" && p.encoding?.x2);
    expect(rows(rule!.data).map((r) => [r.series, r.MiB, r.label])).toEqual([
      ["GOMEMLIMIT", 192, "GOMEMLIMIT 192 MiB"],
      ["GOMEMLIMIT", 200, "GOMEMLIMIT 200 MiB"],
      ["container limit", 256, "container 256 MiB"],
    ]);
    // The legend lists what is drawn, nothing else.
    const line = parts(spec).find((p) => p.mark?.type === "line");
    expect(line!.encoding.color.scale.domain).toEqual(["RSS", "heap goal", "GOMEMLIMIT", "container limit"]);
    const plain = parts(memoryChart(steady)).find((p) => p.mark?.type === "line");
    expect(plain!.encoding.color.scale.domain).toEqual(["RSS", "heap goal"]);
  });

  test("the OOM kill is marked where the run ended", () => {
    const oom = parts(spec).find((p) => p.data?.values?.[0]?.label?.startsWith?.("OOM kill"));
    expect(oom).toBeDefined();
    expect(oom!.data.values[0].t).toBeCloseTo(leaky.summary.oomKilledAtSeconds!, 3);
    expect(parts(memoryChart(steady)).some((p) => p.data?.values?.[0]?.label?.startsWith?.("OOM"))).toBe(false);
  });

  test("no heap goal (GOGC=off, no limit) is left out instead of drawn at 2^63", () => {
    const off = run(scenario("off", { duration: "2s", go: { version: "1.19", GOGC: "off" } }).liveHeap("8MiB").garbage("10MiB/s"));
    expect(rows(memoryChart(off).data).every((d) => d.goal === null)).toBe(true);
    const line = parts(memoryChart(off)).find((p) => p.mark?.type === "line");
    expect(line!.encoding.color.scale.domain).toEqual(["RSS"]);
  });

  test("long runs get a time axis in minutes or hours", () => {
    expect(timeUnit(599)).toEqual({ div: 1, unit: "s" });
    expect(timeUnit(600)).toEqual({ div: 60, unit: "min" });
    expect(timeUnit(3 * 3600)).toEqual({ div: 3600, unit: "h" });
    expect(formatSeconds(21.2)).toBe("21.20 s");
    expect(formatSeconds(420.6)).toBe("7.0 min");
    expect(formatSeconds(32696)).toBe("9.08 h");
    const hour = run(scenario("an hour", { duration: "1h" }).liveHeap("16MiB").garbage("20MiB/s"));
    const s = memoryChart(hour);
    const area = parts(s).find((p) => p.mark?.type === "area");
    expect(area!.encoding.x.title).toBe("time (min)");
    expect(area!.encoding.x.scale.domain).toEqual([0, 60]);
    expect(Math.max(...rows(s.data).map((d) => d.t))).toBe(60);
  });
});

describe("gcChart", () => {
  const spec = gcChart(leaky);
  test("limiter periods come from the events table; close ones merge for drawing", () => {
    const periods = limiterPeriods(leaky.events, leaky.summary.simulatedSeconds);
    const ev = (leaky.events.objects() as any[]).filter((e) => e.kind.startsWith("limiter-"));
    expect(periods.length).toBeGreaterThan(0);
    expect(periods[0].t0).toBe(ev.find((e) => e.kind === "limiter-on").t_s);
    for (const p of periods) expect(p.t1).toBeGreaterThanOrEqual(p.t0);
    expect(mergePeriods([{ t0: 0, t1: 1 }, { t0: 1.05, t1: 2 }, { t0: 5, t1: 6 }], 0.1)).toEqual([{ t0: 0, t1: 2 }, { t0: 5, t1: 6 }]);
    const band = parts(spec).find((p) => p.mark?.type === "rect");
    expect(rows(band!.data).length).toBeGreaterThan(0);
    expect(spec.description).toMatch(/limiter on for [\d.]+ s from [\d.]+ s\.$/);
  });

  test("GC CPU per cycle adds up the cycles table's CPU columns over the time to the next cycle", () => {
    const per = gcCpuByCycle(leaky.cycles, leaky.summary.simulatedSeconds);
    const c = leaky.cycles.objects() as any[];
    expect(per.length).toBe(c.length);
    for (let i = 0; i + 1 < c.length; i++) {
      expect(per[i].t1).toBe(c[i + 1].t_s);
      expect(per[i].cpu).toBeCloseTo((c[i].stw1_cpu_ms + c[i].assist_cpu_ms + c[i].background_cpu_ms + c[i].stw2_cpu_ms) / 1e3, 9);
      expect(per[i].idle).toBeCloseTo(c[i].idle_cpu_ms / 1e3, 9);
    }
    const data = rows(spec.data);
    expect(data.length).toBe(c.length);
    expect(data[5].cpu).toBeCloseTo((100 * per[5].cpu) / ((per[5].t1 - per[5].t) * per[5].procs), 2);
  });

  test("many cycles are merged into buckets: pauses by their maximum, CPU conserved", () => {
    const long = run(scenario("many cycles", { duration: "2m" }).liveHeap("8MiB").garbage("200MiB/s"));
    expect(long.summary.gcCycles).toBeGreaterThan(1000);
    const s = gcChart(long);
    const data = rows(s.data);
    expect(data.length).toBeLessThanOrEqual(400);
    expect(s.title.subtitle).toContain(`${long.summary.gcCycles} cycles in ${data.length} buckets`);
    const per = gcCpuByCycle(long.cycles, long.summary.simulatedSeconds);
    const cpuFromBuckets = data.reduce((a, d) => a + (d.cpu / 100) * (d.t1 - d.t) * 2, 0);
    expect(cpuFromBuckets).toBeCloseTo(per.reduce((a, c) => a + c.cpu, 0), 1);
    expect(Math.max(...data.map((d) => d.mark))).toBeCloseTo(Math.max(...(long.cycles.array("mark_ms") as number[])), 2);
    // Dense: lines, not thousands of dots.
    expect(parts(s).filter((p) => p.mark?.type === "point")).toHaveLength(0);
  });
});

describe("goroutinesChart", () => {
  test("goroutines and stack bytes from the timeline's runtime/metrics columns", () => {
    const spec = goroutinesChart(leaky);
    const data = rows(spec.data);
    const g = leaky.timeline.array("/sched/goroutines:goroutines") as number[];
    expect(data.map((d) => d.goroutines)).toEqual(Array.from(g));
    expect(spec.description).toContain(`up to ${Math.max(...g).toLocaleString("en-US")} goroutines`);
    expect(spec.vconcat).toHaveLength(2);
  });
});

describe("compareChart", () => {
  const runs = { "with limit": leaky, steady };
  test("one line per run and metric, OOM kills crossed and labelled, time axis to the longest run", () => {
    const spec = compareChart(runs, { metrics: ["rss", "gc-cpu"] });
    expect(spec.vconcat).toHaveLength(2);
    const lines = spec.vconcat[0].layer[0];
    const data = rows(lines.data);
    expect(new Set(data.map((d) => d.run))).toEqual(new Set(["with limit", "steady"]));
    expect(data.filter((d) => d.run === "steady").length).toBe(steady.timeline.numRows());
    const cross = spec.vconcat[0].layer.find((l: ChartSpec) => l.mark?.shape === "cross");
    expect(rows(cross.data)).toEqual([expect.objectContaining({ run: "with limit", t: expect.closeTo(leaky.summary.oomKilledAtSeconds!, 3) })]);
    expect(lines.encoding.x.scale.domain[1]).toBeCloseTo(Math.max(leaky.summary.simulatedSeconds, steady.summary.simulatedSeconds), 3);
    expect(spec.description).toContain("with limit: peak RSS 256 MiB");
    expect(spec.description).toContain("steady: peak RSS");
  });

  test("a single metric is a single panel titled by the chart", () => {
    const spec = compareChart([leaky, steady], { metrics: ["goroutines"], title: "goroutines compared" });
    expect(spec.vconcat).toBeUndefined();
    expect(spec.title).toEqual({ text: "goroutines compared", subtitle: "goroutines" });
  });

  test("mistakes are errors that say what to do", () => {
    expect(() => compareChart([steady, steady])).toThrow(/distinct labels/);
    expect(() => compareChart(runs, { metrics: ["rsss"] })).toThrow(/unknown metric "rsss": use one of rss, heap/);
    expect(() => compareChart([])).toThrow(/no runs/);
  });
});

describe("gridHeatmap (a hand-built grid table)", () => {
  // What grid() returns: one column per axis (the user's values), then results.
  const table = aq.table({
    "go.GOGC": [100, 100, 100, "off", "off", "off", 50, 50, 50],
    "go.GOMEMLIMIT": ["off", "300MiB", "1GiB", "off", "300MiB", "1GiB", "off", "300MiB", "1GiB"],
    peak_rss_bytes: [512, 330, 480, 512, 310, 500, 400, 320, 400].map((m) => m * MiB),
    gc_cpu_fraction: [0.01, 0.05, 0.012, 0, 0.06, 0.004, 0.02, 0.07, 0.02],
    oom_killed_at_s: [12.5, null, null, 3.25, null, null, null, null, null],
  });
  const spec = gridHeatmap(table, { x: "go.GOMEMLIMIT", y: "go.GOGC" });

  test("axes in numeric order, sizes by bytes, off last; one cell per pair", () => {
    expect(spec.encoding.x.sort).toEqual(["300MiB", "1GiB", "off"]);
    expect(spec.encoding.y.sort).toEqual(["50", "100", "off"]);
    expect(rows(spec.data)).toHaveLength(9);
  });

  test("values in the column's unit; OOM-killed cells flagged and labelled with the kill time", () => {
    const cells = rows(spec.data);
    const cell = (x: string, y: string) => cells.find((c) => c.x === x && c.y === y)!;
    expect(cell("300MiB", "100")).toMatchObject({ v: 330, value: "330 MiB", killed: false, oom: "" });
    expect(cell("off", "100")).toMatchObject({ killed: true, oom: "OOM 12.50 s" });
    expect(cell("off", "off")).toMatchObject({ killed: true, oom: "OOM 3.25 s" });
    expect(spec.description).toBe(
      "Grid of go.GOGC × go.GOMEMLIMIT (9 cells) colored by peak_rss_bytes: from 310 to 500 MiB; 2 cells OOM-killed; lowest without an OOM kill at go.GOGC=off, go.GOMEMLIMIT=300MiB.",
    );
    const cpu = gridHeatmap(table, { x: "go.GOMEMLIMIT", y: "go.GOGC", color: "gc_cpu_fraction" });
    expect(rows(cpu.data).find((c) => c.x === "300MiB" && c.y === "50")).toMatchObject({ v: 7, value: "7.0 %" });
  });

  test("several rows per cell (seeds) aggregate; a probability column marks cells with any kill", () => {
    const seeds = aq.table({
      GOGC: [100, 100, 200, 200],
      container: ["512MiB", "512MiB", "512MiB", "512MiB"],
      peak_rss_bytes_p99: [400 * MiB, 420 * MiB, 450 * MiB, 470 * MiB],
      oom_probability: [0, 0, 0.25, 0],
    });
    const s = gridHeatmap(seeds, { x: "container", y: "GOGC", color: "peak_rss_bytes_p99" });
    const cells = rows(s.data);
    expect(cells.find((c) => c.y === "100")).toMatchObject({ v: 420, killed: false });
    expect(cells.find((c) => c.y === "200")).toMatchObject({ killed: true, oom: "OOM 25 %" });
    const mean = gridHeatmap(seeds, { x: "container", y: "GOGC", color: "peak_rss_bytes_p99", aggregate: "mean", oom: null });
    expect(rows(mean.data).find((c) => c.y === "100")).toMatchObject({ v: 410, killed: false });
  });

  test("a column that is not there is an error naming the columns", () => {
    expect(() => gridHeatmap(table, { x: "GOMEMLIMIT", y: "go.GOGC" })).toThrow(/no column "GOMEMLIMIT" in the table \(columns: go.GOGC, go.GOMEMLIMIT,/);
  });
});

describe("inline data", () => {
  test("few rows stay objects; many become typed CSV that round-trips, nulls included", () => {
    expect(inline([{ a: 1 }])).toEqual({ values: [{ a: 1 }] });
    const many = Array.from({ length: 100 }, (_, i) => ({ t: i / 10, name: i % 2 ? "a, b" : 'say "x"', v: i % 3 ? i : null, ok: i % 2 === 0 }));
    const d = inline(many);
    expect(d.format).toEqual({ type: "csv", parse: { t: "number", name: "string", v: "number", ok: "boolean" } });
    expect(rows(d as any)).toEqual(many);
  });
});

describe("tables in notebooks and terminals", () => {
  test("a table shows as an HTML table with its size, and as text — never its internals", () => {
    const b = tableBundle(steady.cycles);
    const html = b.data["text/html"] as string;
    expect(html).toMatch(/^<div class="heapcast-table"><table/);
    expect(html).toContain("<th");
    expect(html).toContain("heap_goal_bytes");
    expect((html.match(/<tr/g) ?? []).length).toBe(13); // header + 12 rows
    expect(html).toContain(`${steady.cycles.numRows()} rows × 22 columns (first 12 shown)`);
    expect(b.data["text/plain"]).toContain("cycle");
    const inspected = util.inspect(steady.cycles);
    expect(inspected).not.toMatch(/_names|ColumnTable|_data/);
    expect(inspected.split("\n")[0]).toMatch(/^cycle\s+t_s\s+kind/);
    // Derived tables too: the display belongs to every arquero table.
    expect(util.inspect(steady.timeline.select("t_s", "rss:bytes").slice(0, 2))).toBe(tableText(steady.timeline.select("t_s", "rss:bytes").slice(0, 2)) + "\n2 rows × 2 columns");
  });

  test("a run result shows its summary", () => {
    const b = resultBundle(steady);
    expect(b.data["text/html"]).toContain("<th style=\"text-align: left;");
    expect(b.data["text/plain"]).toMatch(/^scenario\s+steady\nGo version\s+1\.\d+ \(go1\.\d+\.\d+'s runtime\)\nsimulated\s+10 s\nGC cycles\s+\d+/);
    expect(b.data["text/plain"]).toContain("tables: .cycles (");
    expect(b.data["text/plain"]).not.toContain("kernel"); // wall time would change the output at every run
    expect(util.inspect(steady)).toBe(b.data["text/plain"]);
    expect(util.inspect({ nested: steady }, { depth: 0 })).toContain("nested");
  });

  test("summaryTable: one row per run, named like grid's columns", () => {
    const t = summaryTable({ a: steady, b: leaky });
    expect(t.columnNames()).toEqual([
      "run", "go_version", "simulated_s", "gc_cycles", "peak_heap_bytes", "peak_heap_in_use_bytes", "final_heap_goal_bytes", "peak_rss_bytes", "gc_cpu_fraction", "max_pause_s", "oom_killed_at_s",
    ]);
    expect(t.objects()).toEqual([
      expect.objectContaining({ run: "a", gc_cycles: steady.summary.gcCycles, oom_killed_at_s: null }),
      expect.objectContaining({ run: "b", peak_rss_bytes: leaky.summary.peakRssBytes, oom_killed_at_s: leaky.summary.oomKilledAtSeconds }),
    ]);
    expect(summaryTable(steady).numRows()).toBe(1);
    expect(summaryTable([steady, leaky]).array("run")).toEqual(["steady", "leaky: goroutines into 256 MiB"]);
    expect(steady).toBeInstanceOf(RunResult);
  });
});

describe("table export", () => {
  test("a run's tables as CSV and Arrow files that read back to the same tables", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-tables-"));
    try {
      const csv = writeTables(leaky, path.join(dir, "csv"));
      const arrow = writeTables(leaky, path.join(dir, "arrow"), { format: "arrow" });
      expect(csv.map((f) => path.basename(f))).toEqual(["cycles.csv", "timeline.csv", "events.csv"]);
      expect(arrow.map((f) => path.basename(f))).toEqual(["cycles.arrow", "timeline.arrow", "events.arrow"]);
      for (const [i, table] of [leaky.cycles, leaky.timeline, leaky.events].entries()) {
        const fromArrow = aq.fromArrow(fs.readFileSync(arrow[i]));
        expect(fromArrow.columnNames()).toEqual(table.columnNames());
        expect(fromArrow.objects()).toEqual(table.objects());
        const fromCsv = aq.fromCSV(fs.readFileSync(csv[i], "utf8"));
        expect(fromCsv.columnNames()).toEqual(table.columnNames());
        expect(fromCsv.numRows()).toBe(table.numRows());
      }
      // Arrow keeps types and nulls: the trigger of a forced cycle is null, limiter_on a boolean.
      const cycles = aq.fromArrow(tableBytes(leaky.cycles, "arrow"));
      expect(typeof cycles.get("limiter_on", 0)).toBe("boolean");
      expect(cycles.columnNames()).toContain("heap_trigger_bytes");
      // runtime/metrics names survive as column names in both formats.
      expect(fs.readFileSync(csv[1], "utf8").split("\n")[0]).toContain("/memory/classes/heap/objects:bytes,");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("rendering (vega-lite → vega → SVG → PNG, in plain Node with the built package)", () => {
  let out: {
    warnings: Record<string, string[]>;
    charts: Record<string, { mimes: string[]; metadata: any; svgSize: { width: number; height: number }; texts: string[]; png: string; text: string }>;
    shown: string;
  };
  beforeAll(() => {
    const r = nodeEval<typeof out>(`
      const leaky = h.run(h.scenario("leaky", { duration: "40s", go: { version: "1.19", GOGC: 100, GOMEMLIMIT: "192MiB", GOMAXPROCS: 2 },
        container: { memory: "256MiB", cpus: 1.5 }, seed: 1 }).liveHeap("16MiB")
        .garbage("300MiB/s", { size: "1KiB", catchUp: "200ms" }).leakGoroutines("200/s", { stack: "16KiB", retains: "32KiB" }));
      const steady = h.run(h.scenario("steady", { duration: "10s" }).liveHeap("64MiB").garbage("200MiB/s"));
      const table = aq.table({ GOGC: [100, 100, "off", "off"], GOMEMLIMIT: ["off", "300MiB", "off", "300MiB"],
        peak_rss_bytes: [500, 320, 512, 310].map((m) => m * 1048576), oom_killed_at_s: [null, null, 3.5, null] });
      const specs = {
        memory: h.memoryChart(leaky), gc: h.gcChart(leaky), goroutines: h.goroutinesChart(leaky),
        compare: h.compareChart({ leaky, steady }, { metrics: ["rss", "gc-cpu", "gc-cycles"] }),
        heatmap: h.gridHeatmap(table, { x: "GOMEMLIMIT", y: "GOGC" }),
      };
      const warnings = {}, charts = {};
      for (const [name, spec] of Object.entries(specs)) {
        warnings[name] = (await h.compileVegaLite(spec)).warnings;
        const b = await h.chartBundle(spec);
        const svg = b.data["image/svg+xml"];
        charts[name] = { mimes: Object.keys(b.data).sort(), metadata: b.metadata, svgSize: h.svgSize(svg),
          texts: [...svg.matchAll(/<text[^>]*>([^<]*)<\\/text>/g)].map((m) => m[1]), png: b.data["image/png"], text: b.data["text/plain"] };
      }
      // show() outside a notebook prints the text summary.
      const lines = []; const w = process.stdout.write.bind(process.stdout);
      process.stdout.write = (s) => (lines.push(String(s)), true);
      await h.show(h.memoryChart(steady), steady.events);
      process.stdout.write = w;
      return { warnings, charts, shown: lines.join("") };
    `);
    out = r.value;
  });

  test("every chart compiles with vega-lite without a warning", () => {
    expect(out.warnings).toEqual({ memory: [], gc: [], goroutines: [], compare: [], heatmap: [] });
  });

  test("one bundle per chart: the Vega-Lite spec, SVG, PNG (2×, with its CSS size) and a one-line text", () => {
    for (const [name, c] of Object.entries(out.charts)) {
      expect(c.mimes).toEqual(["application/vnd.vegalite.v5+json", "image/png", "image/svg+xml", "text/plain"]);
      expect(c.metadata).toEqual({ "image/png": c.svgSize });
      const png = decodePNG(Buffer.from(c.png, "base64"));
      expect([png.width, png.height]).toEqual([c.svgSize.width * 2, c.svgSize.height * 2]);
      expect({ name, problem: notDrawn(pixelStats(png)) }).toEqual({ name, problem: null });
      expect(c.text).not.toContain("\n");
      expect(c.svgSize.width).toBeLessThan(1000); // fits a notebook column
    }
  });

  test("the SVGs carry the labels a reader needs", () => {
    const m = out.charts.memory.texts;
    for (const t of ["live heap", "goroutine stacks", "RSS", "heap goal", "GOMEMLIMIT 192 MiB", "container 256 MiB", "time (s)"]) expect(m).toContain(t);
    expect(m.some((t) => /^OOM kill at 2\d\.\d\d s$/.test(t))).toBe(true);
    expect(out.charts.gc.texts).toEqual(expect.arrayContaining(["GC CPU limiter on", "mark termination", "GCCPUFraction (cumulative)"]));
    expect(out.charts.heatmap.texts).toEqual(expect.arrayContaining(["OOM 3.50 s", "320 MiB", "310 MiB", "GOMEMLIMIT", "GOGC"]));
  });

  test("show() outside a notebook prints each item's text summary", () => {
    expect(out.shown).toMatch(/^Memory of "steady" over 10 s: peak RSS [\d.]+ MiB, peak heap [\d.]+ MiB, no OOM kill\.\nt_s\s+kind\s+detail\n/);
  });
});
