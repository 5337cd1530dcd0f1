// Charts (lib/charts.ts): Vega-Lite specs as functions of a run's tables — memory, GC cycles, goroutines, runs
// compared,
// a grid heatmap — checked on their data (what a chart says must be what the run did), then compiled by vega-lite
// (no warnings) and rendered to SVG and PNG by the built package in a plain Node process (see
// support/notebooks/node-eval).
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
  limiterShares,
  heapPoints,
  heapRange,
  heapRangeOf,
  planEventMarks,
  hasGoroutines,
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
import { labelRows } from "../lib/views/chart-parts";
import * as os from "node:os";
import * as path from "node:path";
import { writeTables, tableBytes } from "heapcast";
import { nodeEval } from "./support/notebooks/node-eval";
import { reportCharts } from "../lib/views/report";
import { cycleColumns } from "../lib/views/chart-parts";
import { decodePNG, notDrawn, pixelStats } from "./support/notebooks/png";

const MiB = 1024 * 1024;

/** numpy's default percentile (linear between order statistics): an oracle for the summary's percentiles. */
function type7(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * (s[Math.min(s.length - 1, lo + 1)] - s[lo]);
}

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
  for (const k of ["layer", "vconcat", "hconcat", "concat"])
    for (const s of (spec[k] as ChartSpec[] | undefined) ?? []) out.push(...parts(s));
  return out;
}

// A leak into a 256 MiB container with GOMEMLIMIT lowered at 5 s: OOM kill, limiter, limits that change. (The garbage
// is heavy and kept as a backlog, as a service's queued requests are: in the death spiral that keeps the mutator
// assisting on every P and the limiter switches on; at the corpus' 100 MiB/s it never does.)
const leaky = run(
  scenario("leaky: goroutines into 256 MiB", {
    duration: "40s",
    go: { version: "1.19", GOGC: 100, GOMEMLIMIT: "192MiB" },
    container: { memory: "256MiB", cpus: 1.5 },
  })
    .liveHeap("16MiB")
    .garbage("300MiB/s", { catchUp: "200ms" })
    .leakGoroutines("200/s", { stack: "16KiB", retains: "32KiB" })
    .at("5s", (s) => s.go({ GOMEMLIMIT: "200MiB" })),
);
const steady = run(
  scenario("steady", { duration: "10s" }).liveHeap("64MiB").garbage("200MiB/s").goroutines(100, { stack: "8KiB" }),
);

/** Every mark layer that draws data (not text labels), depth first. */
function dataMarks(spec: ChartSpec): ChartSpec[] {
  return parts(spec).filter((p) => p.mark && (typeof p.mark === "string" ? p.mark : p.mark.type) !== "text");
}

/** The seconds a spec's time unit divides by. */
const div = (spec: ChartSpec) =>
  ({ s: 1, min: 60, h: 3600 })[/time \((s|min|h)\)/.exec(JSON.stringify(spec))![1] as "s" | "min" | "h"];

/** Notebook 03's incident (cycles about a second apart, samples every second): the case where the heap aliased. */
const incident = run(
  scenario("checkout-api", {
    duration: "20m",
    go: { GOGC: 100, GOMAXPROCS: 2 },
    container: { memory: "512MiB", cpus: 2 },
  })
    .liveHeap("64MiB")
    .requests("400/s", { alloc: "64KiB", lasts: "80ms", stack: "8KiB" })
    .garbage("40MiB/s")
    .at("2m", (s) => s.leakGoroutines("8/s", { stack: "32KiB", retains: "48KiB" })),
);

describe("memoryChart", () => {
  const spec = memoryChart(leaky);
  test("is a v5 spec with a one-line description of the run", () => {
    expect(spec.$schema).toBe("https://vega.github.io/schema/vega-lite/v5.json");
    expect(isChartSpec(spec)).toBe(true);
    expect(spec.description).toMatch(
      /^Memory of "leaky: goroutines into 256 MiB" over 2\d\.\d+s: peak RSS 256 MiB of a 256 MiB container/,
    );
    expect(spec.description).toContain(`OOM-killed at ${formatSeconds(leaky.summary.oomKilledAtSeconds!)}`);
    expect(spec.description).not.toContain("\n");
  });

  test("the stacked areas partition RSS at every sample: live heap, the heap's other pages, stacks, the rest", () => {
    const data = rows(spec.data);
    expect(data.length).toBe(leaky.timeline.numRows());
    const tl = leaky.timeline.objects() as any[];
    data.forEach((d, i) => {
      const sum = d.live + d.heapRest + d.stacks + d.other;
      expect(Math.abs(sum - d.rss)).toBeLessThan(0.01);
      expect(Math.abs(d.rss - tl[i]["rss:bytes"] / MiB)).toBeLessThan(0.01);
      expect(Math.abs(d.stacks - tl[i]["/memory/classes/heap/stacks:bytes"] / MiB)).toBeLessThan(0.01);
      expect(
        Math.abs(d.live - Math.min(tl[i]["reachable:bytes"], tl[i]["/memory/classes/heap/objects:bytes"]) / MiB),
      ).toBeLessThan(0.01);
    });
  });

  test("the heap is drawn through every GC cycle — trigger, peak, marked — so the saw-tooth is the run's, whatever the sampling", () => {
    // Cycles about as far apart as samples: sampled alone, the heap would seem to grow smoothly for minutes and
    // collapse.
    const s = memoryChart(incident);
    const line = parts(s).find(
      (p) => p.mark?.type === "line" && rows(p.data ?? { values: [] })[0]?.series === "heap (gctrace A→B→C)",
    );
    expect(line).toBeDefined();
    const pts = rows(line!.data).map((p) => [p.t, p.MiB]);
    const cycles = incident.cycles.objects() as any[];
    expect(cycles.length).toBeGreaterThan(200);
    const has = (t: number, v: number) => pts.some(([pt, pv]) => Math.abs(pt - t) < 1e-3 && Math.abs(pv - v) < 0.01);
    for (const c of cycles) {
      const end = c.t_s + (c.stw1_ms + c.mark_ms + c.stw2_ms) / 1e3;
      expect({
        cycle: c.cycle,
        trigger: has(c.t_s, c.heap_start_bytes / MiB),
        peak: has(end, c.heap_end_bytes / MiB),
        marked: has(end, c.heap_marked_bytes / MiB),
      }).toEqual({
        cycle: c.cycle,
        trigger: true,
        peak: true,
        marked: true,
      });
    }
    // The points are in time order, and the heap only falls at a cycle's end (to what it marked).
    for (let i = 1; i < pts.length; i++) expect(pts[i][0]).toBeGreaterThanOrEqual(pts[i - 1][0]);
    expect(heapPoints(incident).t.length).toBe(3 * cycles.length + incident.timeline.numRows());
  });

  test("with too many cycles to draw, the heap is its range in each interval: every cycle's peak and marked heap inside it", () => {
    const long = run(scenario("many cycles", { duration: "2m" }).liveHeap("8MiB").garbage("200MiB/s"));
    const s = memoryChart(long);
    const band = parts(s).find((p) => p.mark?.type === "area" && p.encoding?.y2);
    expect(band).toBeDefined();
    const intervals = rows(band!.data);
    expect(intervals.length).toBeLessThanOrEqual(500);
    const d = div(s);
    for (const c of long.cycles.objects() as any[]) {
      const end = (c.t_s + (c.stw1_ms + c.mark_ms + c.stw2_ms) / 1e3) / d;
      const i = intervals.findIndex((b, k) => b.t <= end && (k + 1 === intervals.length || intervals[k + 1].t > end));
      expect(intervals[i].hi).toBeGreaterThanOrEqual(c.heap_end_bytes / MiB - 0.01);
      expect(intervals[i].lo).toBeLessThanOrEqual(c.heap_marked_bytes / MiB + 0.01);
    }
    expect(s.description).toContain("the heap's range in each of");
    // Read as the points come (no array of millions of points) or from the points: the same intervals.
    expect(heapRangeOf(long, long.summary.simulatedSeconds, 480)).toEqual(
      heapRange(heapPoints(long), long.summary.simulatedSeconds, 480),
    );
    // heapRange on its own: a straight climb from 0 to 10 over [0, 10] in 5 intervals.
    expect(heapRange({ t: [0, 10], bytes: [0, 10] }, 10, 5)).toEqual(
      [0, 2, 4, 6, 8].map((t0) => ({ t0, t1: t0 + 2, lo: t0, hi: t0 + 2 })),
    );
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
    expect(line!.encoding.color.scale.domain).toEqual([
      "RSS",
      "heap (gctrace A→B→C)",
      "heap goal",
      "GOMEMLIMIT",
      "container limit",
    ]);
    const plain = parts(memoryChart(steady)).find((p) => p.mark?.type === "line");
    expect(plain!.encoding.color.scale.domain).toEqual(["RSS", "heap (gctrace A→B→C)", "heap goal"]);
  });

  test("the OOM kill is marked where the run ended, and the RSS line reaches the container's line there", () => {
    const oom = parts(spec).find((p) => p.data?.values?.[0]?.label?.startsWith?.("OOM kill"));
    expect(oom).toBeDefined();
    expect(oom!.data.values[0].t).toBeCloseTo(leaky.summary.oomKilledAtSeconds!, 3);
    // The death-spiral report's case: RSS drawn up to the limit at the kill, not tens of MiB short of it.
    for (const r of [leaky, incident]) {
      const s = memoryChart(r);
      const last = rows(s.data).pop()!;
      expect(last.t).toBeCloseTo(r.summary.oomKilledAtSeconds! / div(s), 3);
      expect(last.rss).toBeCloseTo(r.plan.scenario.container.memoryBytes! / MiB, 2);
      // and a dot there, so that a last rise a fraction of a pixel wide is seen to reach the line
      const dot = parts(s).find(
        (p) => p.mark?.type === "point" && rows(p.data)[0]?.label?.startsWith("RSS at the kill"),
      );
      expect(rows(dot!.data)[0]).toMatchObject({ t: last.t, MiB: last.rss });
    }
    expect(parts(memoryChart(steady)).some((p) => p.mark?.type === "point")).toBe(false);
    expect(parts(memoryChart(steady)).some((p) => p.data?.values?.[0]?.label?.startsWith?.("OOM"))).toBe(false);
  });

  test("the scenario's events after the start are marked on the time axis, named by their calls", () => {
    expect(planEventMarks([leaky.plan], leaky.summary.simulatedSeconds)).toEqual([{ t: 5, label: "5s: go" }]);
    expect(planEventMarks([incident.plan], incident.summary.simulatedSeconds)).toEqual([
      { t: 120, label: "2m: leakGoroutines" },
    ]);
    for (const s of [
      memoryChart(incident),
      gcChart(incident),
      goroutinesChart(incident),
      compareChart({ a: incident, b: steady }),
    ]) {
      const rule = parts(s).find(
        (p) => p.mark?.type === "rule" && rows(p.data ?? { values: [] })[0]?.label === "2m: leakGoroutines",
      );
      expect(rule).toBeDefined();
      expect(rows(rule!.data)[0].t).toBeCloseTo(120 / div(s), 6);
    }
    // Nothing to mark in a scenario without at() calls.
    expect(planEventMarks([steady.plan], 10)).toEqual([]);
  });

  test("event labels close in time, or next to the OOM kill's label, go on rows of their own (seen overlapping in Chromium)", () => {
    const marks = [
      { t: 0.02, label: "20ms: garbage" },
      { t: 0.13, label: "130ms: liveHeap, garbage" },
      { t: 6, label: "6s: go" },
    ];
    // 13 s on 640 px: the first two are 5 px apart, the third far from both.
    expect(labelRows(marks, { endSeconds: 13, width: 640 })).toEqual([0, 1, 0]);
    // An event a second before a kill at 13 s would be written under the kill's label.
    expect(labelRows([{ t: 12, label: "12s: garbage" }], { endSeconds: 13.5, width: 640, oomSeconds: 13 })).toEqual([
      1,
    ]);
    expect(labelRows([{ t: 2, label: "2s: garbage" }], { endSeconds: 13.5, width: 640, oomSeconds: 13 })).toEqual([0]);
    // In a chart: each label's row as its y (px from the top).
    const label = parts(memoryChart(incident)).find(
      (p) => p.mark?.type === "text" && rows(p.data ?? { values: [] })[0]?.label === "2m: leakGoroutines",
    );
    expect(label!.encoding.y).toEqual({ field: "dy", type: "quantitative", scale: null });
  });

  test("no heap goal (GOGC=off, no limit) is left out instead of drawn at 2^63", () => {
    const off = run(
      scenario("off", { duration: "2s", go: { version: "1.19", GOGC: "off" } })
        .liveHeap("8MiB")
        .garbage("10MiB/s"),
    );
    expect(rows(memoryChart(off).data).every((d) => d.goal === null)).toBe(true);
    const line = parts(memoryChart(off)).find((p) => p.mark?.type === "line");
    expect(line!.encoding.color.scale.domain).toEqual(["RSS", "heap (gctrace A→B→C)"]);
  });

  test("long runs get a time axis in minutes or hours", () => {
    expect(timeUnit(599)).toEqual({ div: 1, unit: "s" });
    expect(timeUnit(600)).toEqual({ div: 60, unit: "min" });
    expect(timeUnit(3 * 3600)).toEqual({ div: 3600, unit: "h" });
    expect(formatSeconds(21.2)).toBe("21.2s");
    expect(formatSeconds(420.6)).toBe("7m0.6s");
    expect(formatSeconds(32696)).toBe("9h4m56s");
    const hour = run(scenario("an hour", { duration: "1h" }).liveHeap("16MiB").garbage("20MiB/s"));
    const s = memoryChart(hour);
    const area = parts(s).find((p) => p.mark?.type === "area");
    expect(area!.encoding.x.title).toBe("time (min)");
    expect(area!.encoding.x.scale.domain).toEqual([0, 60]);
    expect(Math.max(...rows(s.data).map((d) => d.t))).toBe(60);
  });

  test("charts meant to be compared share their scales (sharedWith): the same time axis and y range", () => {
    const both = [leaky, steady];
    const a = memoryChart(leaky, { sharedWith: both });
    const b = memoryChart(steady, { sharedWith: both });
    const dom = (s: ChartSpec) => [
      parts(s).find((p) => p.mark?.type === "area")!.encoding.x.scale.domain,
      parts(s).find((p) => p.mark?.type === "area")!.encoding.y.scale.domain,
    ];
    expect(dom(a)).toEqual(dom(b));
    expect(dom(memoryChart(steady))).not.toEqual(dom(b));
  });
});

describe("cycles read column by column", () => {
  test("the kernel's columnar read gives the cycles table's numbers (a run of millions of cycles is charted without its table)", () => {
    const cols = [
      "t_s",
      "stw1_ms",
      "mark_ms",
      "stw2_ms",
      "stw1_cpu_ms",
      "assist_cpu_ms",
      "background_cpu_ms",
      "idle_cpu_ms",
      "stw2_cpu_ms",
      "heap_start_bytes",
      "heap_end_bytes",
      "heap_marked_bytes",
      "procs",
    ];
    const records = leaky.raw.cycles as unknown as Record<string, number>[];
    const columnar = {
      cycles: leaky.cycles,
      raw: { cycleColumn: (f: string) => Float64Array.from(records.map((c) => c[f])) },
    };
    const fromRaw = cycleColumns(columnar);
    const fromTable = cycleColumns({ cycles: leaky.cycles });
    for (const c of cols) expect([c, Array.from(fromRaw(c))]).toEqual([c, Array.from(fromTable(c))]);
    // And the charts drawn both ways are the same.
    const run2 = {
      ...columnar,
      plan: leaky.plan,
      summary: leaky.summary,
      timeline: leaky.timeline,
      events: leaky.events,
    };
    expect(gcChart(run2)).toEqual(gcChart(leaky));
    expect(memoryChart(run2)).toEqual(memoryChart(leaky));
  });
});

describe("every chart", () => {
  const charts: Record<string, ChartSpec> = {
    memory: memoryChart(leaky),
    gc: gcChart(leaky),
    goroutines: goroutinesChart(leaky),
    compare: compareChart({ leaky, steady }, { metrics: ["rss", "heap", "gc-cpu", "gc-cycles"] }),
    heatmap: gridHeatmap(
      aq.table({ GOGC: [100, "off"], peak_rss_bytes: [300 * MiB, 400 * MiB], oom_killed_at_s: [null, 12] }),
      { x: "GOGC", y: "GOGC" },
    ),
  };

  test.each(Object.keys(charts))(
    "%s: a tooltip on every mark that draws data (time, value and unit for interactive front ends)",
    (name) => {
      const marks = dataMarks(charts[name]);
      expect(marks.length).toBeGreaterThan(0);
      for (const m of marks) {
        const tooltip = m.encoding?.tooltip;
        expect({ mark: m.mark, tooltip: Array.isArray(tooltip) && tooltip.length > 0 }).toEqual({
          mark: m.mark,
          tooltip: true,
        });
        for (const t of tooltip) expect(t.title).toEqual(expect.any(String));
      }
      // Time tooltips name their unit.
      if (name !== "heatmap") expect(JSON.stringify(charts[name])).toMatch(/"title":"time \((s|min|h)\)"/);
    },
  );

  test.each(Object.keys(charts))(
    "%s: legend titles in words (no column names), with units where a value has one",
    (name) => {
      const titles: string[] = [];
      for (const p of parts(charts[name]))
        for (const ch of ["color", "stroke", "strokeDash", "strokeWidth"])
          if (p.encoding?.[ch]?.title) titles.push(p.encoding[ch].title);
      for (const t of titles) expect(t).not.toMatch(/_|:[a-z]/); // no peak_rss_bytes, no /memory/classes/...:bytes
      if (name === "memory")
        expect(titles).toEqual(expect.arrayContaining(["memory (MiB, stacked: adds up to RSS)", "lines (MiB)"]));
      if (name === "heatmap") expect(titles).toEqual(["peak RSS (MiB)"]);
    },
  );
});

describe("gcChart", () => {
  const spec = gcChart(leaky);
  test("limiter periods come from the events table; the shade is the share of time it was on, never more", () => {
    const periods = limiterPeriods(leaky.events, leaky.summary.simulatedSeconds);
    const ev = (leaky.events.objects() as any[]).filter((e) => e.kind.startsWith("limiter-"));
    expect(periods.length).toBeGreaterThan(0);
    expect(periods[0].t0).toBe(ev.find((e) => e.kind === "limiter-on").t_s);
    for (const p of periods) expect(p.t1).toBeGreaterThanOrEqual(p.t0);
    expect(
      mergePeriods(
        [
          { t0: 0, t1: 1 },
          { t0: 1.05, t1: 2 },
          { t0: 5, t1: 6 },
        ],
        0.1,
      ),
    ).toEqual([
      { t0: 0, t1: 2 },
      { t0: 5, t1: 6 },
    ]);
    expect(
      limiterShares(
        [
          { t0: 1, t1: 1.5 },
          { t0: 3.25, t1: 3.5 },
        ],
        4,
        4,
      ),
    ).toEqual([
      { t0: 1, t1: 2, share: 0.5 },
      { t0: 3, t1: 4, share: 0.25 },
    ]);
    const band = parts(spec).find((p) => p.mark?.type === "rect");
    const shaded = rows(band!.data).reduce((a, r) => a + r.share * (r.t1 - r.t0), 0);
    const on = periods.reduce((a, p) => a + p.t1 - p.t0, 0);
    expect(shaded).toBeCloseTo(on, 2);
    expect(spec.description).toMatch(/limiter on for [\d.]+s in all, between [\dms.]+ and [\dms.]+\.$/);
  });

  test("notebook 04's run: the shading covers the limiter's 27.6 s, not the 74 s its periods span", () => {
    const spiral = run(
      scenario("GOMEMLIMIT=400MiB, GOGC=100", {
        duration: "20m",
        go: { version: "1.19", GOGC: 100, GOMEMLIMIT: "400MiB", GOMAXPROCS: 2 },
        container: { memory: "512MiB", cpus: 2 },
      })
        .liveHeap("96MiB")
        .garbage("300MiB/s", { catchUp: "200ms" })
        .leakHeap("400KiB/s"),
    );
    const s = gcChart(spiral);
    const band = rows(parts(s).find((p) => p.mark?.type === "rect")!.data);
    const on = limiterPeriods(spiral.events, spiral.summary.simulatedSeconds).reduce((a, p) => a + p.t1 - p.t0, 0);
    const shadedSeconds = band.reduce((a, r) => a + r.share * (r.t1 - r.t0), 0) * div(s);
    expect(Math.abs(shadedSeconds - on)).toBeLessThan(0.01 * on + 0.1);
    expect(on).toBeGreaterThan(20);
    expect(on).toBeLessThan(35);
  });

  test("a CPU quota's throttling (cgroup cpu.stat) in the description and the CPU panel's subtitle; none without a quota", () => {
    const s = leaky.summary;
    expect(s.cpuQuotaPeriods).toBeGreaterThan(0);
    const text = `throttled in ${s.throttledPeriods} of ${s.cpuQuotaPeriods} periods`;
    expect(spec.description).toContain(`CPU quota: ${text} (${formatSeconds(s.throttledSeconds!)})`);
    expect(JSON.stringify(spec.vconcat[3].title.subtitle)).toContain(text);
    expect(steady.summary.cpuQuotaPeriods).toBeNull();
    expect(gcChart(steady).description).not.toContain("CPU quota");
  });

  test('a CPU quota never below GOMAXPROCS: said in words, not "throttled in 0 of 0 periods"', () => {
    const even = run(
      scenario("even", { duration: "5s", go: { GOMAXPROCS: 2 }, container: { cpus: 2 } })
        .liveHeap("16MiB")
        .garbage("50MiB/s"),
    );
    expect(even.summary.cpuQuotaPeriods).toBe(0);
    const spec = gcChart(even);
    expect(spec.description).toContain("; CPU quota: never below GOMAXPROCS, never throttled");
    expect(spec.description).not.toContain("0 of 0");
  });

  test("sweep and mark termination pauses cannot hide each other: open circles around dots", () => {
    const pts = parts(spec).filter((p) => p.mark?.type === "point" && p.encoding?.color?.field === "pause");
    expect(pts).toHaveLength(2);
    const [sweep, mark] = pts;
    expect(sweep.mark).toMatchObject({ filled: false });
    expect(mark.mark).toMatchObject({ filled: true });
    expect(mark.mark.size).toBeLessThan(sweep.mark.size / 3);
  });

  test("pause percentiles (p50, p99, max) and assists per cycle (p50, p99): in the summary, the panel titles and the description", () => {
    const c = leaky.cycles.objects() as any[];
    const pauses = c.flatMap((x) => [x.stw1_ms / 1e3, x.stw2_ms / 1e3]);
    const assists = c.map((x) => x.assist_cpu_ms / 1e3);
    const s = leaky.summary;
    expect(s.pauseP50Seconds).toBeCloseTo(type7(pauses, 0.5), 12);
    expect(s.pauseP99Seconds).toBeCloseTo(type7(pauses, 0.99), 12);
    expect(s.maxPauseSeconds).toBeCloseTo(Math.max(...pauses), 12);
    expect(s.assistP50Seconds).toBeCloseTo(type7(assists, 0.5), 12);
    expect(s.assistP99Seconds).toBeCloseTo(type7(assists, 0.99), 12);
    const titles = parts(spec)
      .map((p) => p.title?.text)
      .filter(Boolean);
    expect(titles).toContain(
      `stop-the-world pauses per cycle: p50 ${formatSeconds(s.pauseP50Seconds!)}, p99 ${formatSeconds(s.pauseP99Seconds!)}, max ${formatSeconds(s.maxPauseSeconds!)}`,
    );
    expect(
      titles.some(
        (t: string) =>
          t.startsWith("mark assists per cycle") &&
          t.endsWith(`p50 ${formatSeconds(s.assistP50Seconds!)}, p99 ${formatSeconds(s.assistP99Seconds!)}`),
      ),
    ).toBe(true);
    expect(spec.description).toContain(`assists per cycle p50 ${formatSeconds(s.assistP50Seconds!)}`);
    const p99rule = parts(spec).find(
      (p) => p.mark?.type === "rule" && rows(p.data ?? { values: [] })[0]?.label?.startsWith?.("p99"),
    );
    expect(rows(p99rule!.data)[0].ms).toBeCloseTo(s.pauseP99Seconds! * 1e3, 3);
    const data = rows(spec.data);
    data.forEach((d, i) => expect(d.assist).toBeCloseTo(c[i].assist_cpu_ms, 2));
  });

  test("the cumulative GC CPU does not start at the first cycle's share of its first milliseconds", () => {
    // Notebook 01's service: its first cycle runs at t = 0, on 64 MiB allocated at once; MemStats.GCCPUFraction reads
    // 27 % right after it. The line is GC CPU since the start at the end of each cycle's stretch (before the next
    // cycle).
    const api = run(
      scenario("api", { duration: "10s" }).liveHeap("64MiB").garbage("200MiB/s").goroutines(100, { stack: "8KiB" }),
    );
    expect(api.cycles.get("gc_cpu_fraction", 0)).toBeGreaterThan(0.25);
    const s = gcChart(api);
    const cum = rows(parts(s).find((p) => p.encoding?.y?.field === "cum")!.data);
    expect(cum[0].t).toBeGreaterThan(0.1);
    expect(cum[0].cum).toBeLessThan(10);
    const per = gcCpuByCycle(api.cycles, api.summary.simulatedSeconds);
    const gc = per.reduce((a, c) => a + c.cpu, 0);
    const capacity = per[0].t * per[0].procs + per.reduce((a, c) => a + (c.t1 - c.t) * c.procs, 0);
    expect(cum[cum.length - 1].cum).toBeCloseTo((100 * gc) / capacity, 2);
    expect(cum[cum.length - 1].t).toBeCloseTo(api.summary.simulatedSeconds, 6);
  });

  test("GC CPU per cycle adds up the cycles table's CPU columns over the time to the next cycle", () => {
    const per = gcCpuByCycle(leaky.cycles, leaky.summary.simulatedSeconds);
    const c = leaky.cycles.objects() as any[];
    expect(per.length).toBe(c.length);
    for (let i = 0; i + 1 < c.length; i++) {
      expect(per[i].t1).toBe(c[i + 1].t_s);
      expect(per[i].cpu).toBeCloseTo(
        (c[i].stw1_cpu_ms + c[i].assist_cpu_ms + c[i].background_cpu_ms + c[i].stw2_cpu_ms) / 1e3,
        9,
      );
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
    expect(cpuFromBuckets).toBeCloseTo(
      per.reduce((a, c) => a + c.cpu, 0),
      1,
    );
    expect(Math.max(...data.map((d) => d.mark))).toBeCloseTo(
      Math.max(...(long.cycles.array("mark_ms") as number[])),
      2,
    );
    // Dense: lines, not thousands of dots; mark termination solid, sweep termination dashed over it.
    expect(parts(s).filter((p) => p.mark?.type === "point")).toHaveLength(0);
    const pauseLines = parts(s).filter((p) => p.mark?.type === "line" && p.encoding?.color?.field === "pause");
    expect(pauseLines.map((p) => p.mark.strokeDash ?? null)).toEqual([null, [4, 3]]);
  });

  test("charts meant to be compared (notebook 05: 16 against 2 GOMAXPROCS) share their y scales with sharedWith", () => {
    const both = [leaky, steady];
    const y = (s: ChartSpec, field: string) =>
      parts(s).find((p) => p.encoding?.y?.field === field && p.encoding.y.scale)!.encoding.y.scale.domain;
    const a = gcChart(leaky, { sharedWith: both });
    const b = gcChart(steady, { sharedWith: both });
    for (const f of ["stw1", "mark", "assist"]) expect(y(a, f)).toEqual(y(b, f));
    expect(y(gcChart(steady), "mark")).not.toEqual(y(b, "mark"));
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

  test("counts on whole-number ticks; a scenario without goroutines of its own has none to chart (and the report omits it)", () => {
    const spec = goroutinesChart(leaky);
    const y = parts(spec).find((p) => p.encoding?.y?.field === "goroutines")!.encoding.y;
    expect(y.axis).toMatchObject({ tickMinStep: 1 });
    expect(hasGoroutines(leaky)).toBe(true);
    const plain = run(scenario("no goroutines", { duration: "2s" }).liveHeap("8MiB").garbage("10MiB/s"));
    expect(hasGoroutines(plain)).toBe(false);
    expect(goroutinesChart(plain).description).toContain("up to 1 goroutine holding");
    expect(reportCharts(plain).map((c) => c.id)).toEqual(["memory-chart", "gc-chart"]);
    expect(reportCharts(leaky).map((c) => c.id)).toEqual(["memory-chart", "gc-chart", "goroutines-chart"]);
  });
});

describe("compareChart", () => {
  const runs = { "with limit": leaky, steady };
  test("one line per run and metric, OOM kills crossed and labelled, time axis to the longest run", () => {
    const spec = compareChart(runs, { metrics: ["rss", "gc-cpu"] });
    expect(spec.vconcat).toHaveLength(2);
    const lines = spec.vconcat[0].layer.find((l: ChartSpec) => l.mark?.type === "line");
    const data = rows(lines.data);
    expect(new Set(data.map((d) => d.run))).toEqual(new Set(["with limit", "steady"]));
    expect(data.filter((d) => d.run === "steady").length).toBe(steady.timeline.numRows());
    const cross = spec.vconcat[0].layer.find((l: ChartSpec) => l.mark?.shape === "cross");
    expect(rows(cross.data)).toEqual([
      expect.objectContaining({ run: "with limit", t: expect.closeTo(leaky.summary.oomKilledAtSeconds!, 3) }),
    ]);
    expect(lines.encoding.x.scale.domain[1]).toBeCloseTo(
      Math.max(leaky.summary.simulatedSeconds, steady.summary.simulatedSeconds),
      3,
    );
    expect(spec.description).toContain("with limit: peak RSS 256 MiB");
    expect(spec.description).toContain("steady: peak RSS");
  });

  test("runs that coincide stay visible: the first (the baseline) is drawn first and widest, the others narrower on top", () => {
    const same = compareChart({ baseline: steady, again: steady, third: steady }, { metrics: ["rss"] });
    const line = parts(same).find((p) => p.mark?.type === "line")!;
    expect(line.encoding.strokeWidth.scale.domain).toEqual(["baseline", "again", "third"]);
    const widths = line.encoding.strokeWidth.scale.range.slice(0, 3);
    expect(widths[0]).toBeGreaterThan(widths[1]);
    expect(widths[1]).toBeGreaterThan(widths[2]);
    // Data in run order: the baseline's line is drawn first, under the others.
    expect([...new Set(rows(line.data).map((r) => r.run))]).toEqual(["baseline", "again", "third"]);
  });

  test("the heap metric is drawn through each run's GC cycles, as in memoryChart", () => {
    const spec = compareChart({ steady }, { metrics: ["heap"] });
    const line = parts(spec).find((p) => p.mark?.type === "line")!;
    const p = heapPoints(steady);
    expect(rows(line.data).map((r) => r.v)).toEqual(p.bytes.map((b) => expect.closeTo(b / MiB, 2)));
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
    expect(cell("off", "100")).toMatchObject({ killed: true, oom: "OOM 12.5s" });
    expect(cell("off", "off")).toMatchObject({ killed: true, oom: "OOM 3.3s" });
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
    const mean = gridHeatmap(seeds, {
      x: "container",
      y: "GOGC",
      color: "peak_rss_bytes_p99",
      aggregate: "mean",
      oom: null,
    });
    expect(rows(mean.data).find((c) => c.y === "100")).toMatchObject({ v: 410, killed: false });
  });

  test("kill times short enough for a cell; every cell killed: no colour legend (it would read NaN)", () => {
    const killed = aq.table({
      GOGC: [50, 100],
      peak_rss_bytes: [512 * MiB, 512 * MiB],
      oom_killed_at_s: [778.364, 32696],
    });
    const s = gridHeatmap(killed, { x: "GOGC", y: "GOGC" });
    expect(rows(s.data).map((c) => c.oom)).toEqual(["OOM 12m58s", "OOM 9h5m"]);
    const rect = parts(s).find((p) => p.encoding?.color?.field === "v");
    expect(rect!.encoding.color.legend).toBeNull();
  });

  test("a column that is not there is an error naming the columns", () => {
    expect(() => gridHeatmap(table, { x: "GOMEMLIMIT", y: "go.GOGC" })).toThrow(
      /no column "GOMEMLIMIT" in the table \(columns: go.GOGC, go.GOMEMLIMIT,/,
    );
  });
});

describe("inline data", () => {
  test("few rows stay objects; many become typed CSV that round-trips, nulls included", () => {
    expect(inline([{ a: 1 }])).toEqual({ values: [{ a: 1 }] });
    const many = Array.from({ length: 100 }, (_, i) => ({
      t: i / 10,
      name: i % 2 ? "a, b" : 'say "x"',
      v: i % 3 ? i : null,
      ok: i % 2 === 0,
    }));
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
    expect(util.inspect(steady.timeline.select("t_s", "rss:bytes").slice(0, 2))).toBe(
      tableText(steady.timeline.select("t_s", "rss:bytes").slice(0, 2)) + "\n2 rows × 2 columns",
    );
  });

  test("a run result shows its summary", () => {
    const b = resultBundle(steady);
    expect(b.data["text/html"]).toContain('<th style="text-align: left;');
    expect(b.data["text/plain"]).toMatch(/^scenario\s+steady\nGo version\s+1\.\d+\nsimulated\s+10s\nGC cycles\s+\d+/);
    expect(b.data["text/plain"]).toMatch(/\nSTW pause p99\s+\d+µs\n/);
    expect(b.data["text/plain"]).toContain("tables: .cycles (");
    expect(b.data["text/plain"]).not.toContain("kernel"); // wall time would change the output at every run
    expect(util.inspect(steady)).toBe(b.data["text/plain"]);
    expect(util.inspect({ nested: steady }, { depth: 0 })).toContain("nested");
  });

  test("summaryTable: one row per run, named like grid's columns", () => {
    const t = summaryTable({ a: steady, b: leaky });
    expect(t.columnNames()).toEqual([
      "run",
      "go_version",
      "simulated_s",
      "gc_cycles",
      "peak_heap_bytes",
      "peak_heap_in_use_bytes",
      "final_heap_goal_bytes",
      "peak_rss_bytes",
      "gc_cpu_fraction",
      "pause_p50_s",
      "pause_p99_s",
      "max_pause_s",
      "assist_p50_s",
      "assist_p99_s",
      "oom_killed_at_s",
      "cpu_quota_periods",
      "throttled_periods",
      "throttled_s",
    ]);
    expect(t.objects()).toEqual([
      expect.objectContaining({ run: "a", gc_cycles: steady.summary.gcCycles, oom_killed_at_s: null }),
      expect.objectContaining({
        run: "b",
        peak_rss_bytes: leaky.summary.peakRssBytes,
        oom_killed_at_s: leaky.summary.oomKilledAtSeconds,
      }),
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
    charts: Record<
      string,
      {
        mimes: string[];
        metadata: any;
        svgSize: { width: number; height: number };
        texts: string[];
        png: string;
        text: string;
      }
    >;
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
    for (const t of [
      "live heap (reachable)",
      "goroutine stacks",
      "RSS",
      "heap (gctrace A→B→C)",
      "heap goal",
      "GOMEMLIMIT 192 MiB",
      "container 256 MiB",
      "time (s)",
      "memory (MiB)",
    ])
      expect(m).toContain(t);
    expect(m.some((t) => /^OOM kill at 2\d\.\d+s$/.test(t))).toBe(true);
    expect(out.charts.gc.texts).toEqual(
      expect.arrayContaining([
        "GC CPU limiter on (shade: share of the time)",
        "mark termination",
        "sweep termination",
        "GC CPU since the start (cumulative)",
      ]),
    );
    expect(
      out.charts.gc.texts.some((t) => /^stop-the-world pauses per cycle: p50 \d+µs, p99 \d+µs, max \d+µs$/.test(t)),
    ).toBe(true);
    expect(out.charts.heatmap.texts).toEqual(
      expect.arrayContaining(["OOM 3.5s", "320 MiB", "310 MiB", "GOMEMLIMIT", "GOGC"]),
    );
  });

  test("show() outside a notebook prints each item's text summary", () => {
    expect(out.shown).toMatch(
      /^Memory of "steady" over 10s: peak RSS [\d.]+ MiB, peak heap [\d.]+ MiB, the heap drawn through its \d+ GC cycles; no OOM kill\.\nt_s\s+kind\s+detail\n/,
    );
  });
});
