// The GC chart: per cycle, the stop-the-world pauses (with the run's percentiles), the concurrent mark's wall time,
// the mark assists' CPU time (with percentiles) and GC CPU, the GC CPU limiter's share of each stretch of time, the
// scenario's events and the OOM kill. Many cycles are merged into buckets, from the cycles table's columns.

import type { Table } from "../results/tables";
import {
  ChartOptions,
  ChartSpec,
  MAX_CYCLE_POINTS,
  RunTables,
  TimeUnit,
  base,
  col,
  cycleColumns,
  CycleColumns,
  eventLayers,
  formatSeconds,
  inline,
  oomLayers,
  planEventMarks,
  r3,
  scaleRuns,
  settingsLine,
  timeAxis,
  timeTip,
  timeUnit,
  tip,
  known,
} from "./chart-parts";

/** Per-cycle GC figures computed from the cycles table (bucketed when there are many cycles). */
export interface CycleRow {
  t: number;
  t1: number;
  stw1: number;
  stw2: number;
  mark: number;
  /** CPU milliseconds of mark assists. */
  assist: number;
  /** GC CPU seconds: STW, assists, dedicated and fractional workers. */
  cpu: number;
  /** CPU seconds of idle-priority mark workers. */
  idle: number;
  procs: number;
}

/**
 * GC CPU of each cycle, in CPU seconds, to be divided by GOMAXPROCS × the time from its start to the next cycle's
 * start: `cpu` is sweep and mark termination (STW, all Ps), assists and dedicated/fractional mark workers; `idle` is
 * the idle-priority mark workers, which run only on Ps with nothing else to do (the GC CPU limiter counts them as
 * idle time, not GC time). With `maxRows`, consecutive cycles are merged into at most that many rows (CPU summed,
 * pauses, mark and assist time by their maximum).
 */
export function gcCpuByCycle(cycles: Table, endSeconds: number, maxRows = Infinity): CycleRow[] {
  return bucketCycles((name) => cycles.array(name) as ArrayLike<number>, endSeconds, maxRows);
}

/**
 * The cycles table, read column by column, as at most `max` rows: consecutive cycles merged into buckets, pauses,
 * mark time and assists by their maximum, CPU summed (so CPU over time is conserved). No object per cycle is made
 * when there are many.
 */
export function bucketCycles(col: CycleColumns, endSeconds: number, max: number): CycleRow[] {
  const t = col("t_s");
  const stw1 = col("stw1_ms");
  const stw2 = col("stw2_ms");
  const mark = col("mark_ms");
  const assist = col("assist_cpu_ms");
  const cpuCols = ["stw1_cpu_ms", "assist_cpu_ms", "background_cpu_ms", "stw2_cpu_ms"].map((c) => col(c));
  const idle = col("idle_cpu_ms");
  const procs = col("procs");
  const n = t.length;
  const k = Number.isFinite(max) ? Math.max(1, Math.ceil(n / max)) : 1;
  const rows: CycleRow[] = [];
  for (let i = 0; i < n; i += k) {
    const last = Math.min(n, i + k) - 1;
    const row: CycleRow = { t: t[i], t1: 0, stw1: 0, stw2: 0, mark: 0, assist: 0, cpu: 0, idle: 0, procs: 0 };
    for (let j = i; j <= last; j++) {
      row.stw1 = Math.max(row.stw1, stw1[j]);
      row.stw2 = Math.max(row.stw2, stw2[j]);
      row.mark = Math.max(row.mark, mark[j]);
      row.assist = Math.max(row.assist, assist[j]);
      row.cpu += (cpuCols[0][j] + cpuCols[1][j] + cpuCols[2][j] + cpuCols[3][j]) / 1e3;
      row.idle += idle[j] / 1e3;
      row.procs = Math.max(row.procs, procs[j]);
    }
    row.t1 = last + 1 < n ? t[last + 1] : Math.max(endSeconds, t[last] + (stw1[last] + mark[last] + stw2[last]) / 1e3);
    rows.push(row);
  }
  return rows;
}

/** Periods during which the GC CPU limiter was on, from the events table (limiter-on / limiter-off). */
export function limiterPeriods(events: Table, endSeconds: number): { t0: number; t1: number }[] {
  const t = col(events, "t_s");
  const kind = col<string>(events, "kind");
  const out: { t0: number; t1: number }[] = [];
  let on: number | null = null;
  for (let i = 0; i < t.length; i++) {
    if (kind[i] === "limiter-on" && on === null) on = t[i];
    else if (kind[i] === "limiter-off" && on !== null) {
      out.push({ t0: on, t1: t[i] });
      on = null;
    }
  }
  if (on !== null) out.push({ t0: on, t1: Math.max(on, endSeconds) });
  return out;
}

/** Joins periods separated by less than `gap` seconds. */
export function mergePeriods(periods: { t0: number; t1: number }[], gap: number): { t0: number; t1: number }[] {
  const out: { t0: number; t1: number }[] = [];
  for (const p of periods) {
    const last = out[out.length - 1];
    if (last && p.t0 - last.t1 < gap) last.t1 = Math.max(last.t1, p.t1);
    else out.push({ ...p });
  }
  return out;
}

/**
 * The share of each of `n` equal intervals of [0, end] that the limiter was on, for the intervals where it was on at
 * all: shading by that share shows where it was on without drawing the gaps between its periods as "on".
 */
export function limiterShares(
  periods: { t0: number; t1: number }[],
  end: number,
  n: number,
): { t0: number; t1: number; share: number }[] {
  const out: { t0: number; t1: number; share: number }[] = [];
  if (end <= 0) return out;
  const w = end / n;
  const on = new Float64Array(n);
  for (const p of periods) {
    for (let i = Math.max(0, Math.floor(p.t0 / w)); i < n && i * w < p.t1; i++)
      on[i] += Math.max(0, Math.min(p.t1, (i + 1) * w) - Math.max(p.t0, i * w));
  }
  for (let i = 0; i < n; i++) if (on[i] > 0) out.push({ t0: i * w, t1: (i + 1) * w, share: Math.min(1, on[i] / w) });
  return out;
}

const CPU_ALL = "GC with idle-priority mark workers";
const CPU_LIMITED = "assists + mark workers + STW";
const CPU_CUMULATIVE = "GC CPU since the start (cumulative)";
const SWEEP_TERM = "sweep termination";
const MARK_TERM = "mark termination";

/** A duration in ms as the summary writes durations ("60µs", "15.7ms"); "none" for null. */
function ms(seconds: number | null): string {
  return seconds === null ? "none" : formatSeconds(seconds);
}

/** The rows the GC chart draws for one run, in the axis unit; the y extents its panels need. */
function gcData(r: RunTables, tu: TimeUnit) {
  const end = r.summary.simulatedSeconds;
  const rows = bucketCycles(cycleColumns(r), end, MAX_CYCLE_POINTS);
  const values = rows.map((c) => ({
    t: r3(c.t / tu.div),
    t1: r3(c.t1 / tu.div),
    stw1: r3(c.stw1),
    stw2: r3(c.stw2),
    mark: r3(c.mark),
    assist: r3(c.assist),
    cpu: r3((100 * c.cpu) / Math.max(1e-12, (c.t1 - c.t) * c.procs)),
    all: r3((100 * (c.cpu + c.idle)) / Math.max(1e-12, (c.t1 - c.t) * c.procs)),
  }));
  // GC CPU since the start at the end of each row's stretch (just before the next cycle): the GC CPU so far over the
  // CPU capacity so far (GOMAXPROCS × time). Taken there, not at a cycle's start, it is not the first cycle's CPU over
  // the few milliseconds since the start (MemStats.GCCPUFraction right after the first cycle can read 25–100 %).
  const cum: { t: number; cum: number }[] = [];
  let gc = 0;
  let capacity = rows.length > 0 ? rows[0].t * rows[0].procs : 0;
  for (const c of rows) {
    gc += c.cpu;
    capacity += (c.t1 - c.t) * c.procs;
    if (capacity > 0) cum.push({ t: r3(c.t1 / tu.div), cum: r3((100 * gc) / capacity) });
  }
  const maxOf = (f: (v: (typeof values)[number]) => number) => values.reduce((m, v) => Math.max(m, f(v)), 0);
  return {
    rows,
    values,
    cum,
    extent: {
      pause: maxOf((v) => Math.max(v.stw1, v.stw2)),
      mark: maxOf((v) => v.mark),
      assist: maxOf((v) => v.assist),
    },
  };
}

/**
 * GC cycles over time, panels sharing the time axis: the stop-the-world pauses of each cycle (sweep termination as
 * open circles, mark termination as dots inside them, so neither hides the other; the run's p50, p99 and maximum
 * in the title, the p99 as a rule), the concurrent mark phase's wall time, the mark assists' CPU time per cycle (p50
 * and p99), and GC CPU per cycle (% of GOMAXPROCS, with and without the idle-priority mark workers) with the GC CPU
 * since the start, shaded by the share of time the GC CPU limiter was on. (The limiter compares GC time with the CPU
 * time that is not idle, which the tables do not hold, so its 50 % threshold is not drawn against % of GOMAXPROCS.)
 * With `sharedWith`, the time axis and the y scales of the pause, mark and assist panels span those runs too.
 */
export function gcChart(r: RunTables, opts: ChartOptions = {}): ChartSpec {
  const runs = scaleRuns(r, opts);
  const end = Math.max(...runs.map((x) => x.summary.simulatedSeconds));
  const tu = timeUnit(end);
  const own = gcData(r, tu);
  const extent = { ...own.extent };
  for (const x of runs) {
    if (x === r) continue;
    const e = gcData(x, tu).extent;
    extent.pause = Math.max(extent.pause, e.pause);
    extent.mark = Math.max(extent.mark, e.mark);
    extent.assist = Math.max(extent.assist, e.assist);
  }
  // Headroom above the largest value, so that points and lines at the maximum are not drawn on the frame.
  const yScale = (max: number) => ({ domain: [0, r3(Math.max(max, 1e-3) * 1.15)], nice: false });
  const s = r.summary;
  const width = opts.width ?? 640;
  const h = opts.height ?? 100;
  const x = timeAxis(end, tu, null);
  const perCycleCount = r.summary.gcCycles ?? own.rows.length;
  const dense = own.rows.length > 250;
  const bucketed =
    own.rows.length < perCycleCount
      ? ` (${perCycleCount} cycles in ${own.rows.length} buckets: maxima, CPU summed)`
      : "";
  const events = planEventMarks([r.plan], s.simulatedSeconds);
  const frame = { endSeconds: end, width, oomSeconds: s.oomKilledAtSeconds };
  const marks = (top: boolean) => [...eventLayers(events, tu, top, frame), ...oomLayers(s.oomKilledAtSeconds, tu, top)];
  // The top panel carries the labels of the events and the kill: room above its points for them.
  const labelRoom = (max: number) => ({ domain: [0, r3(Math.max(max, 1e-3) * 1.45)], nice: false });
  const panelTitle = (text: string) => ({ text, fontSize: 12, fontWeight: "normal" });
  const cycleTips = [
    timeTip(tu),
    tip("stw1", "sweep termination (ms)", ".3f"),
    tip("stw2", "mark termination (ms)", ".3f"),
    tip("mark", "mark (ms)", ".1f"),
    tip("assist", "assist CPU (ms)", ".2f"),
  ];
  const pauseColor = {
    field: "pause",
    type: "nominal",
    title: "stop-the-world pause",
    scale: { domain: [SWEEP_TERM, MARK_TERM], range: ["#f58518", "#c00000"] },
  };
  const pauseLayers: ChartSpec[] = dense
    ? [
        // Lines through the buckets' maxima: mark termination solid, sweep termination dashed on top of it.
        {
          mark: { type: "line", interpolate: "step-after", strokeWidth: 1.2 },
          transform: [{ calculate: `'${MARK_TERM}'`, as: "pause" }],
          encoding: {
            x,
            y: { field: "stw2", type: "quantitative", title: "pause (ms)", scale: labelRoom(extent.pause) },
            color: pauseColor,
            tooltip: cycleTips,
          },
        },
        {
          mark: { type: "line", interpolate: "step-after", strokeWidth: 1.2, strokeDash: [4, 3] },
          transform: [{ calculate: `'${SWEEP_TERM}'`, as: "pause" }],
          encoding: { x, y: { field: "stw1", type: "quantitative" }, color: pauseColor, tooltip: cycleTips },
        },
      ]
    : [
        // Sweep termination as open circles, mark termination as small dots: a cycle whose pauses are equal shows both.
        {
          mark: { type: "point", filled: false, size: 46, strokeWidth: 1.3 },
          transform: [{ calculate: `'${SWEEP_TERM}'`, as: "pause" }],
          encoding: {
            x,
            y: { field: "stw1", type: "quantitative", title: "pause (ms)", scale: labelRoom(extent.pause) },
            color: pauseColor,
            tooltip: cycleTips,
          },
        },
        {
          mark: { type: "point", filled: true, size: 10 },
          transform: [{ calculate: `'${MARK_TERM}'`, as: "pause" }],
          encoding: { x, y: { field: "stw2", type: "quantitative" }, color: pauseColor, tooltip: cycleTips },
        },
      ];
  if (s.pauseP99Seconds !== null) {
    const p99 = [{ ms: r3(s.pauseP99Seconds * 1e3), label: `p99 ${ms(s.pauseP99Seconds)}` }];
    pauseLayers.push(
      {
        data: { values: p99 },
        mark: { type: "rule", color: "#555", strokeDash: [2, 2], strokeWidth: 1 },
        encoding: { y: { field: "ms", type: "quantitative" }, tooltip: [tip("label", "all pauses")] },
      },
      {
        data: { values: p99 },
        mark: { type: "text", align: "left", baseline: "bottom", dx: 3, dy: -2, fontSize: 10, color: "#555" },
        encoding: { x: { value: 0 }, y: { field: "ms", type: "quantitative" }, text: { field: "label" } },
      },
    );
  }
  const pauses: ChartSpec = {
    width,
    height: h,
    title: panelTitle(
      `stop-the-world pauses per cycle: p50 ${ms(s.pauseP50Seconds)}, p99 ${ms(s.pauseP99Seconds)}, max ${ms(s.maxPauseSeconds)}`,
    ),
    layer: [...pauseLayers, ...marks(true)],
  };
  const pointOrLine = (color: string) =>
    dense
      ? { type: "line", interpolate: "step-after", strokeWidth: 1, color }
      : { type: "point", filled: true, size: 18, color, opacity: 0.8 };
  const markPanel: ChartSpec = {
    width,
    height: h,
    title: panelTitle("concurrent mark phase per cycle (wall time)"),
    layer: [
      {
        mark: pointOrLine("#4c78a8"),
        encoding: {
          x,
          y: { field: "mark", type: "quantitative", title: "mark (ms)", scale: yScale(extent.mark) },
          tooltip: cycleTips,
        },
      },
      ...marks(false),
    ],
  };
  const assistPanel: ChartSpec = {
    width,
    height: h,
    title: panelTitle(
      `mark assists per cycle (CPU time of the goroutines made to help): p50 ${ms(s.assistP50Seconds)}, p99 ${ms(s.assistP99Seconds)}`,
    ),
    layer: [
      {
        mark: pointOrLine("#54a24b"),
        encoding: {
          x,
          y: { field: "assist", type: "quantitative", title: "assist CPU (ms)", scale: yScale(extent.assist) },
          tooltip: cycleTips,
        },
      },
      ...marks(false),
    ],
  };
  // The limiter's share of each stretch of the time axis (about two pixels each), as the shade's opacity.
  const limiterRaw = limiterPeriods(r.events, s.simulatedSeconds);
  const limiter = limiterShares(limiterRaw, end, Math.max(1, Math.round(width / 2))).map((p) => ({
    t0: r3(p.t0 / tu.div),
    t1: r3(p.t1 / tu.div),
    share: r3(p.share),
    what: "GC CPU limiter on (shade: share of the time)",
  }));
  const cpuLayers: ChartSpec[] = [];
  if (limiter.length > 0) {
    cpuLayers.push({
      data: inline(limiter),
      mark: { type: "rect" },
      encoding: {
        x: { field: "t0", type: "quantitative" },
        x2: { field: "t1" },
        color: { field: "what", type: "nominal", title: null, scale: { range: ["#e45756"] } },
        opacity: { field: "share", type: "quantitative", scale: { domain: [0, 1], range: [0.08, 0.45] }, legend: null },
        tooltip: [
          tip("t0", `from (${tu.unit})`, ".2f"),
          tip("t1", `to (${tu.unit})`, ".2f"),
          tip("share", "limiter on, share of the time", ".0%"),
        ],
      },
    });
  }
  const cpuStroke = {
    field: "what2",
    type: "nominal",
    title: "GC CPU (% of GOMAXPROCS)",
    scale: { domain: [CPU_ALL, CPU_LIMITED, CPU_CUMULATIVE], range: ["#9ecae9", "#1f4e9c", "#111111"] },
    legend: { symbolType: "stroke", labelLimit: 400 },
  };
  cpuLayers.push(
    {
      transform: [
        { fold: ["all", "cpu"], as: ["key", "pct"] },
        { calculate: `datum.key === 'all' ? '${CPU_ALL}' : '${CPU_LIMITED}'`, as: "what2" },
      ],
      mark: { type: "line", interpolate: "step-after", strokeWidth: 1.3 },
      encoding: {
        x: { ...x, title: `time (${tu.unit})` },
        y: { field: "pct", type: "quantitative", title: "% of GOMAXPROCS", scale: { domain: [0, 100] } },
        stroke: cpuStroke,
        tooltip: [timeTip(tu), tip("what2", "GC CPU"), tip("pct", "% of GOMAXPROCS", ".1f")],
      },
    },
    {
      data: inline(own.cum),
      transform: [{ calculate: `'${CPU_CUMULATIVE}'`, as: "what2" }],
      mark: { type: "line", strokeDash: [5, 3], strokeWidth: 1.5 },
      encoding: {
        x: { field: "t", type: "quantitative" },
        y: { field: "cum", type: "quantitative" },
        stroke: { field: "what2", type: "nominal" },
        tooltip: [timeTip(tu), tip("cum", "GC CPU since the start (%)", ".2f")],
      },
    },
    ...marks(false),
  );
  const cpuPanel: ChartSpec = {
    width,
    height: Math.round(h * 1.3),
    title: {
      ...panelTitle("GC CPU per cycle (% of GOMAXPROCS over the cycle)"),
      subtitle: [
        limiter.length > 0
          ? "shaded: the GC CPU limiter is on (GC time above half of the CPU time that is not idle)"
          : "",
        s.cpuQuotaPeriods === null || s.cpuQuotaPeriods === undefined
          ? ""
          : s.cpuQuotaPeriods === 0
            ? "CPU quota: never below GOMAXPROCS, never throttled"
            : `CPU quota: the process throttled in ${s.throttledPeriods} of ${s.cpuQuotaPeriods} periods, ${ms(s.throttledSeconds)} in all`,
      ].filter(Boolean),
      subtitleFontSize: 11,
    },
    layer: cpuLayers,
  };
  const on = limiterRaw.reduce((a, p) => a + (p.t1 - p.t0), 0);
  // The CPU quota's throttling (cgroup cpu.stat), when the run had a quota.
  const throttling =
    s.cpuQuotaPeriods === null || s.cpuQuotaPeriods === undefined
      ? ""
      : s.cpuQuotaPeriods === 0
        ? "; CPU quota: never below GOMAXPROCS, never throttled"
        : `; CPU quota: throttled in ${s.throttledPeriods} of ${s.cpuQuotaPeriods} periods (${ms(s.throttledSeconds)})`;
  const description =
    `GC cycles of "${s.scenario}": ${known(s.gcCycles, String)} cycles; pauses p50 ${ms(s.pauseP50Seconds)}, p99 ${ms(s.pauseP99Seconds)}, max ${ms(s.maxPauseSeconds)}; ` +
    `assists per cycle p50 ${ms(s.assistP50Seconds)}, p99 ${ms(s.assistP99Seconds)}; GC CPU ${known(s.gcCpuFraction, (f) => `${(f * 100).toFixed(1)} %`)} overall` +
    throttling +
    (limiterRaw.length > 0
      ? `; limiter on for ${formatSeconds(on)} in all, between ${formatSeconds(limiterRaw[0].t0)} and ${formatSeconds(limiterRaw[limiterRaw.length - 1].t1)}.`
      : "; limiter never on.");
  return {
    ...base(description, { text: opts.title ?? `${s.scenario}: GC cycles`, subtitle: settingsLine(r.plan) + bucketed }),
    data: inline(own.values),
    vconcat: [pauses, markPanel, assistPanel, cpuPanel],
    spacing: 12,
    resolve: { scale: { x: "shared", color: "independent", stroke: "independent", opacity: "independent" } },
  };
}

/** @deprecated the old name of gcChart. */
export const gcCyclesChart = gcChart;
