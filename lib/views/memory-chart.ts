// The memory chart: what RSS is made of over the run, the heap's GC saw-tooth drawn from the GC cycles (so it cannot
// alias against the sampling interval), the heap goal, GOMEMLIMIT and the container's limit, the scenario's events
// and the OOM kill.

import { formatBytes } from "../authoring/units";
import {
  ChartOptions,
  ChartSpec,
  MAX_POINTS,
  MiB,
  RunTables,
  TimeUnit,
  base,
  col,
  cycleColumns,
  eventLayers,
  formatSeconds,
  inline,
  limitSegments,
  oomLayers,
  planEventMarks,
  r3,
  scaleRuns,
  settingsLine,
  stride,
  timeAxis,
  timeTip,
  timeUnit,
  tip,
  known,
  oomText,
} from "./chart-parts";

/**
 * The timeline's heap_live:bytes (the pacer's view), or none: an import of runtime/metrics samples has no such column.
 */
function heapLiveSamples(tl: RunTables["timeline"]): ArrayLike<number | null> {
  return tl.columnNames().includes("heap_live:bytes") ? (tl.array("heap_live:bytes") as ArrayLike<number | null>) : [];
}

/**
 * The heap as the pacer counts it (heap_live: what survived the last GC plus everything allocated since; gctrace's
 * A→B→C) over the run, as points of a line: each GC cycle's trigger (A, when it started), its peak at mark
 * termination (B) and what it marked live (C, the heap right after), merged in time order with the timeline's
 * samples. Between two points the heap moves one way at the allocation rate, so straight lines between them are the
 * saw-tooth the run had, whatever the sampling interval. `visit` gets each point in time order; returns how many.
 */
function eachHeapPoint(r: Pick<RunTables, "cycles" | "timeline">, visit: (t: number, bytes: number) => void): number {
  const cycles = cycleColumns(r);
  const ct = cycles("t_s");
  const stw1 = cycles("stw1_ms");
  const mark = cycles("mark_ms");
  const stw2 = cycles("stw2_ms");
  const a = cycles("heap_start_bytes");
  const b = cycles("heap_end_bytes");
  const c = cycles("heap_marked_bytes");
  const st = r.timeline.array("t_s") as ArrayLike<number>;
  const sv = heapLiveSamples(r.timeline);
  let n = 0;
  let j = 0;
  const samplesUntil = (until: number) => {
    while (j < st.length && st[j] < until) {
      // A real run (loadReal) has no heap_live: its points are the cycles' alone.
      if (sv[j] !== null) {
        visit(st[j], sv[j] as number);
        n++;
      }
      j++;
    }
  };
  for (let i = 0; i < ct.length; i++) {
    const end = ct[i] + (stw1[i] + mark[i] + stw2[i]) / 1e3;
    samplesUntil(ct[i]);
    visit(ct[i], a[i]);
    samplesUntil(end); // taken during the cycle: on the heap's way from A to B
    visit(end, b[i]);
    visit(end, c[i]);
    n += 3;
  }
  samplesUntil(Infinity);
  return n;
}

/** The points of the heap's saw-tooth (see eachHeapPoint), as two arrays. */
export function heapPoints(r: Pick<RunTables, "cycles" | "timeline">): { t: number[]; bytes: number[] } {
  const t: number[] = [];
  const bytes: number[] = [];
  eachHeapPoint(r, (x, v) => {
    t.push(x);
    bytes.push(v);
  });
  return { t, bytes };
}

/**
 * The heap's lowest and highest value within each of `n` equal intervals of [0, end], the heap being straight between
 * its points (each interval holds the points inside it and the heap where the line crosses its ends). Read as the
 * points come (`each`), so a run of millions of cycles needs no array of them.
 */
function rangeOf(
  each: (visit: (t: number, v: number) => void) => void,
  end: number,
  n: number,
): { t0: number; t1: number; lo: number; hi: number }[] {
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  const w = end / n;
  const put = (i: number, v: number) => {
    if (i < 0 || i >= n) return;
    if (v < lo[i]) lo[i] = v;
    if (v > hi[i]) hi[i] = v;
  };
  let pt: number | null = null;
  let pv = 0;
  let first = NaN;
  each((t, v) => {
    if (pt === null) first = v;
    else {
      // The heap where the segment from the last point crosses interval ends: in the intervals on both sides.
      for (let k = Math.floor(pt / w) + 1; k <= n && k * w < t; k++) {
        const y = pv + ((k * w - pt) / (t - pt)) * (v - pv);
        put(k - 1, y);
        put(k, y);
      }
    }
    const i = Math.min(n - 1, Math.floor(t / w));
    put(i, v);
    if (i > 0 && t === i * w) put(i - 1, v); // on an interval's end: in both
    pt = t;
    pv = v;
  });
  const out: { t0: number; t1: number; lo: number; hi: number }[] = [];
  for (let i = 0; i < n; i++) {
    // Before the first point the heap is the first point's; after the last, the last's.
    if (lo[i] === Infinity) lo[i] = hi[i] = pt === null ? 0 : (i + 1) * w <= (pt as number) ? first : pv;
    out.push({ t0: i * w, t1: (i + 1) * w, lo: lo[i], hi: hi[i] });
  }
  return out;
}

/** The heap's lowest and highest value within each of `n` equal intervals of [0, end] (from heapPoints). */
export function heapRange(
  points: { t: number[]; bytes: number[] },
  end: number,
  n: number,
): { t0: number; t1: number; lo: number; hi: number }[] {
  return rangeOf((visit) => points.t.forEach((t, i) => visit(t, points.bytes[i])), end, n);
}

/** The heap's range in each of `n` intervals straight from a run's cycles and samples (no array of points). */
export function heapRangeOf(
  r: Pick<RunTables, "cycles" | "timeline">,
  end: number,
  n: number,
): { t0: number; t1: number; lo: number; hi: number }[] {
  return rangeOf((visit) => void eachHeapPoint(r, visit), end, n);
}

/** How many points the heap's saw-tooth has (three per cycle, and the samples that have a heap_live), uncounted. */
export function heapPointCount(r: Pick<RunTables, "cycles" | "timeline">): number {
  const sv = heapLiveSamples(r.timeline);
  let n = 3 * cycleColumns(r)("t_s").length;
  for (let i = 0; i < sv.length; i++) if (sv[i] !== null) n++;
  return n;
}

/** Intervals the heap's range is drawn in when its points are too many to draw one by one. */
const HEAP_INTERVALS = 480;

const MEMORY_PARTS = [
  ["live", "live heap (reachable)", "#9ecae9"],
  ["heapRest", "heap above live: garbage and free pages", "#deebf7"],
  ["stacks", "goroutine stacks", "#f58518"],
  ["other", "other runtime memory (metadata, binary)", "#b279a2"],
] as const;
/**
 * A real run's parts (loadReal): a real process cannot tell its live heap from its garbage (its reachable:bytes is
 * null), so its heap objects are one area and the rest of the heap's pages another.
 */
const REAL_MEMORY_PARTS = [
  ["live", "heap objects (live and garbage)", "#6f9bc6"],
  ["heapRest", "free heap pages and span slack", "#deebf7"],
  ...MEMORY_PARTS.slice(2),
] as const;
const HEAP_LINE = "heap (gctrace A→B→C)";
const HEAP_BAND = "heap: its range in each interval";
const LINES = [
  ["RSS", "#111111", [1, 0]],
  [HEAP_LINE, "#08519c", [1, 0]],
  [HEAP_BAND, "#08519c", [1, 0]],
  ["heap goal", "#2ca02c", [6, 3]],
  ["GOMEMLIMIT", "#e6550d", [8, 4]],
  ["container limit", "#c00000", [2, 2]],
] as const;
const LINE_LEGEND = {
  orient: "right",
  direction: "vertical",
  columns: 1,
  symbolType: "stroke",
  symbolStrokeWidth: 2,
  symbolSize: 300,
  symbolOpacity: 1,
  labelLimit: 240,
};

/** The timeline columns the memory chart's stacked parts and RSS line are made of. */
const MEMORY_COLUMNS = [
  "rss:bytes",
  "/memory/classes/heap/objects:bytes",
  "/memory/classes/heap/unused:bytes",
  "/memory/classes/heap/free:bytes",
  "/memory/classes/heap/stacks:bytes",
];

/** A heap goal worth drawing: none (null; a sentinel near 2^63 from older kernels) is left out. */
function goalOrNull(v: number | null): number | null {
  return v === null || v >= 2 ** 50 ? null : v;
}

/** The memory chart's data for one run: samples (stacked parts, lines) and the heap (line or per-interval range). */
function memoryData(r: RunTables, tu: TimeUnit, end: number) {
  const tl = r.timeline;
  const missing = MEMORY_COLUMNS.filter((c) => !tl.columnNames().includes(c));
  if (missing.length > 0) {
    throw new Error(
      `memoryChart: "${r.summary.scenario}" has no ${missing.join(", ")} in its timeline: a gctrace alone shows the heap and the stacks, ` +
        `not RSS or the runtime's memory classes; import its runtime/metrics samples too (importRun), or draw what gctrace shows with ` +
        `compareChart(runs, { metrics: ["heap_live:bytes", "gctrace_stacks:bytes"] })`,
    );
  }
  const t = col(tl, "t_s");
  const objects = col(tl, "/memory/classes/heap/objects:bytes");
  // An import's timeline may have no reachable heap (a real process cannot tell it) or no goal column: all null then.
  const has = (c: string) => tl.columnNames().includes(c);
  const reachable = has("reachable:bytes") ? col<number | null>(tl, "reachable:bytes") : t.map(() => null);
  const unused = col(tl, "/memory/classes/heap/unused:bytes");
  const free = col(tl, "/memory/classes/heap/free:bytes");
  const stacks = col(tl, "/memory/classes/heap/stacks:bytes");
  const rss = col(tl, "rss:bytes");
  const goal = has("/gc/heap/goal:bytes") ? col<number | null>(tl, "/gc/heap/goal:bytes") : t.map(() => null);
  const split = reachable.every((v) => v !== null);
  const samples = stride(t.length).map((i) => {
    const live = split ? Math.min(reachable[i] as number, objects[i]) : objects[i];
    const g = goalOrNull(goal[i]);
    return {
      t: r3(t[i] / tu.div),
      live: r3(live / MiB),
      heapRest: r3((objects[i] - live + unused[i] + free[i]) / MiB),
      stacks: r3(stacks[i] / MiB),
      other: r3(Math.max(0, rss[i] - objects[i] - unused[i] - free[i] - stacks[i]) / MiB),
      rss: r3(rss[i] / MiB),
      goal: g === null ? null : r3(g / MiB),
    };
  });
  const count = heapPointCount(r);
  const heap =
    count <= MAX_POINTS
      ? (() => {
          const p = heapPoints(r);
          return { kind: "line" as const, rows: p.t.map((x, i) => ({ t: r3(x / tu.div), MiB: r3(p.bytes[i] / MiB) })) };
        })()
      : {
          kind: "band" as const,
          rows: heapRangeOf(r, end, HEAP_INTERVALS).map((b) => ({
            t: r3(b.t0 / tu.div),
            t1: r3(b.t1 / tu.div),
            lo: r3(b.lo / MiB),
            hi: r3(b.hi / MiB),
          })),
        };
  return { samples, heap, parts: split ? MEMORY_PARTS : REAL_MEMORY_PARTS };
}

/**
 * Memory over time. Stacked areas partition RSS into parts that move slowly: the live heap, the rest of the heap's
 * pages (garbage not yet swept and free pages: their sum changes only when the heap grows or the scavenger releases
 * pages), goroutine stacks and the rest of the runtime. Over them, the heap's GC saw-tooth from the cycles table
 * (heapPoints: each cycle's trigger, peak and marked heap), drawn point by point, or as its range in each interval
 * when there are too many cycles to draw one by one; the heap goal; RSS; GOMEMLIMIT and the container's limit as they
 * change; the scenario's events (`at()` calls) and the OOM kill.
 */
export function memoryChart(r: RunTables, opts: ChartOptions = {}): ChartSpec {
  const runs = scaleRuns(r, opts);
  const end = Math.max(...runs.map((x) => x.summary.simulatedSeconds));
  const tu = timeUnit(end);
  const own = memoryData(r, tu, r.summary.simulatedSeconds);
  const parts: readonly (readonly [string, string, string])[] = own.parts;
  // The y scale spans every run it is shared with: RSS, the heap, the limits.
  let top = 0;
  for (const x of runs) {
    const d = x === r ? own : memoryData(x, tu, x.summary.simulatedSeconds);
    for (const s of d.samples) top = Math.max(top, s.rss);
    for (const h of d.heap.rows) top = Math.max(top, "hi" in h ? h.hi : h.MiB);
    for (const l of limitSegments(x.plan, x.summary.simulatedSeconds)) top = Math.max(top, l.bytes / MiB);
  }
  const yMax = r3(top * 1.08);
  const limits = limitSegments(r.plan, r.summary.simulatedSeconds).map((s) => ({
    series: s.series,
    t0: r3(s.t0 / tu.div),
    t1: r3(s.t1 / tu.div),
    MiB: r3(s.bytes / MiB),
    label: `${s.series === "GOMEMLIMIT" ? "GOMEMLIMIT" : "container"} ${formatBytes(s.bytes)}`,
  }));
  const x = timeAxis(end, tu);
  const y = { type: "quantitative", title: "memory (MiB)", scale: { domain: [0, yMax], nice: false } };
  const hasGoal = own.samples.some((v) => v.goal !== null);
  const present = LINES.filter(
    ([name]) =>
      name === "RSS" ||
      (name === HEAP_LINE && own.heap.kind === "line") ||
      (name === HEAP_BAND && own.heap.kind === "band") ||
      (name === "heap goal" && hasGoal) ||
      limits.some((l) => l.series === name),
  );
  const lineColor = {
    field: "series",
    type: "nominal",
    title: "lines (MiB)",
    scale: { domain: present.map((p) => p[0]), range: present.map((p) => p[1]) },
    legend: LINE_LEGEND,
  };
  const lineDash = { ...lineColor, scale: { domain: present.map((p) => p[0]), range: present.map((p) => p[2]) } };
  const layers: ChartSpec[] = [
    {
      transform: [
        { fold: parts.map(([k]) => k), as: ["key", "MiB"] },
        { calculate: `indexof([${parts.map(([k]) => `'${k}'`).join(",")}], datum.key)`, as: "order" },
        {
          calculate: parts.map(([k, label]) => `datum.key === '${k}' ? '${label}' : `).join("") + "''",
          as: "component",
        },
      ],
      mark: { type: "area", opacity: 0.9, interpolate: "linear" },
      encoding: {
        x,
        y: { ...y, field: "MiB", stack: "zero" },
        color: {
          field: "component",
          type: "nominal",
          title: "memory (MiB, stacked: adds up to RSS)",
          sort: parts.map(([, l]) => l),
          scale: { domain: parts.map(([, l]) => l), range: parts.map(([, , c]) => c) },
          legend: { columns: 2, orient: "bottom", direction: "vertical" },
        },
        order: { field: "order", type: "quantitative" },
        tooltip: [timeTip(tu), tip("component", "memory"), tip("MiB", "MiB", ".1f"), tip("rss", "RSS (MiB)", ".1f")],
      },
    },
  ];
  // The heap first, under RSS and the goal.
  const lineLayers: ChartSpec[] = [];
  if (own.heap.kind === "band") {
    lineLayers.push({
      data: inline(own.heap.rows.map((h) => ({ ...h, series: HEAP_BAND }))),
      mark: { type: "area", interpolate: "step-after", opacity: 0.6, clip: true },
      encoding: {
        x,
        y: { ...y, field: "lo" },
        y2: { field: "hi" },
        color: lineColor,
        tooltip: [timeTip(tu), tip("lo", "heap, lowest (MiB)", ".1f"), tip("hi", "heap, highest (MiB)", ".1f")],
      },
    });
  } else {
    lineLayers.push({
      data: inline(own.heap.rows.map((h) => ({ ...h, series: HEAP_LINE }))),
      mark: { type: "line", strokeWidth: 0.9, opacity: 0.9, clip: true },
      encoding: {
        x,
        y: { ...y, field: "MiB" },
        color: lineColor,
        strokeDash: lineDash,
        tooltip: [timeTip(tu), tip("series", "line"), tip("MiB", "MiB", ".1f")],
      },
    });
  }
  lineLayers.push({
    transform: [
      { fold: ["rss", "goal"], as: ["key", "MiB"] },
      { filter: "datum.MiB != null" },
      { calculate: "datum.key === 'rss' ? 'RSS' : 'heap goal'", as: "series" },
    ],
    mark: { type: "line", strokeWidth: 1.6, clip: true },
    encoding: {
      x,
      y: { ...y, field: "MiB" },
      color: lineColor,
      strokeDash: lineDash,
      tooltip: [timeTip(tu), tip("series", "line"), tip("MiB", "MiB", ".1f")],
    },
  });
  if (limits.length > 0) {
    lineLayers.push(
      {
        data: { values: limits },
        mark: { type: "rule", strokeWidth: 2 },
        encoding: {
          x: { field: "t0", type: "quantitative" },
          x2: { field: "t1" },
          y: { field: "MiB", type: "quantitative" },
          color: lineColor,
          strokeDash: lineDash,
          tooltip: [tip("label", "limit"), tip("t0", `from (${tu.unit})`, ".2f"), tip("t1", `to (${tu.unit})`, ".2f")],
        },
      },
      {
        data: { values: limits },
        mark: { type: "text", align: "left", baseline: "bottom", dx: 3, dy: -3, fontSize: 11 },
        encoding: {
          x: { field: "t0", type: "quantitative" },
          y: { field: "MiB", type: "quantitative" },
          text: { field: "label" },
          color: lineColor,
        },
      },
    );
  }
  // The events and the kill under the lines; at the kill, a dot where RSS ended (the container's limit, unless a resize
  // lowered the limit below it), so that its last rise, a fraction of a pixel wide at the edge, is seen to get there.
  const events = planEventMarks([r.plan], r.summary.simulatedSeconds);
  const frame = { endSeconds: end, width: opts.width ?? 640, oomSeconds: r.summary.oomKilledAtSeconds };
  layers.push(...eventLayers(events, tu, true, frame), ...oomLayers(r.summary.oomKilledAtSeconds, tu), {
    layer: lineLayers,
  });
  const lastSample = own.samples[own.samples.length - 1];
  if (r.summary.oomKilledAtSeconds !== null && lastSample) {
    const killed = [
      { t: lastSample.t, MiB: lastSample.rss, label: `RSS at the kill: ${formatBytes(lastSample.rss * MiB)}` },
    ];
    layers.push({
      data: { values: killed },
      mark: { type: "point", filled: true, size: 70, color: "#111", clip: false },
      encoding: {
        x: { field: "t", type: "quantitative" },
        y: { field: "MiB", type: "quantitative" },
        tooltip: [tip("label", "OOM kill"), timeTip(tu)],
      },
    });
  }
  const s = r.summary;
  const containerBytes = r.plan.scenario.container.memoryBytes;
  const heapHow =
    own.heap.kind === "line"
      ? `the heap drawn through its ${known(s.gcCycles, String)} GC cycles`
      : `the heap's range in each of ${HEAP_INTERVALS} intervals (${known(s.gcCycles, String)} GC cycles)`;
  const description =
    `Memory of "${s.scenario}" over ${formatSeconds(s.simulatedSeconds)}: peak RSS ${known(s.peakRssBytes, formatBytes)}` +
    (containerBytes !== null ? ` of a ${formatBytes(containerBytes)} container` : "") +
    `, peak heap ${known(s.peakHeapBytes, formatBytes)}, ${heapHow}` +
    (events.length > 0 ? `, ${events.length} scenario event${events.length === 1 ? "" : "s"}` : "") +
    `; ${oomText(s, (t) => `OOM-killed at ${formatSeconds(t)}`, "no OOM kill")}.`;
  return {
    ...base(description, { text: opts.title ?? `${s.scenario}: memory`, subtitle: settingsLine(r.plan) }),
    width: opts.width ?? 640,
    height: opts.height ?? 300,
    data: inline(own.samples),
    layer: layers,
    resolve: { scale: { color: "independent", strokeDash: "independent" } },
  };
}
