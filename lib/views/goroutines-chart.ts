// The goroutines chart: /sched/goroutines and the stack memory they hold, the scenario's events and the OOM kill.

import { isImportSummary } from "../results/summary";
import { formatBytes } from "../authoring/units";
import {
  ChartOptions,
  ChartSpec,
  MiB,
  RunTables,
  base,
  col,
  maxOf,
  eventLayers,
  formatSeconds,
  inline,
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
} from "./chart-parts";

/**
 * Whether a run has goroutines of its own to chart: more than the main goroutine at some point (requests, goroutine
 * pools, leaked goroutines). A scenario without any gets no goroutines chart in the report.
 */
export function hasGoroutines(r: Pick<RunTables, "timeline">): boolean {
  const g = r.timeline.array("/sched/goroutines:goroutines") as ArrayLike<number>;
  for (let i = 0; i < g.length; i++) if (g[i] > 1) return true;
  return false;
}

/** Goroutines over time and the stack memory they hold (/sched/goroutines, /memory/classes/heap/stacks). */
export function goroutinesChart(r: RunTables, opts: ChartOptions = {}): ChartSpec {
  const runs = scaleRuns(r, opts);
  const end = Math.max(...runs.map((x) => x.summary.simulatedSeconds));
  const tu = timeUnit(end);
  const tl = r.timeline;
  const t = col(tl, "t_s");
  const g = col(tl, "/sched/goroutines:goroutines");
  const st = col(tl, "/memory/classes/heap/stacks:bytes");
  const values = stride(t.length).map((i) => ({ t: r3(t[i] / tu.div), goroutines: g[i], stacks: r3(st[i] / MiB) }));
  const width = opts.width ?? 640;
  const h = opts.height ?? 130;
  const x = timeAxis(end, tu);
  const s = r.summary;
  const events = planEventMarks([r.plan], s.simulatedSeconds);
  const frame = { endSeconds: end, width, oomSeconds: s.oomKilledAtSeconds };
  const marks = (top: boolean) => [...eventLayers(events, tu, top, frame), ...oomLayers(s.oomKilledAtSeconds, tu, top)];
  // Shared y scales: as high as the most goroutines (and stacks) of the runs compared.
  let maxG = 0;
  let maxS = 0;
  for (const x of runs) {
    maxG = Math.max(maxG, maxOf(x.timeline.array("/sched/goroutines:goroutines") as ArrayLike<number>));
    maxS = Math.max(maxS, maxOf(x.timeline.array("/memory/classes/heap/stacks:bytes") as ArrayLike<number>));
  }
  const shared = runs.length > 1;
  const tips = [timeTip(tu), tip("goroutines", "goroutines", ",d"), tip("stacks", "stacks (MiB)", ".2f")];
  const description =
    `Goroutines of "${s.scenario}": up to ${maxOf(g).toLocaleString("en-US")} goroutine${maxOf(g) === 1 ? "" : "s"} holding up to ${formatBytes(maxOf(st))} of stacks` +
    (s.oomKilledAtSeconds !== null
      ? `; OOM-killed at ${formatSeconds(s.oomKilledAtSeconds)}.`
      : isImportSummary(s)
        ? "; OOM kill unknown."
        : ".");
  return {
    ...base(description, {
      text: opts.title ?? `${s.scenario}: goroutines and stacks`,
      subtitle: settingsLine(r.plan),
    }),
    data: inline(values),
    vconcat: [
      {
        width,
        height: h,
        layer: [
          {
            mark: { type: "line", color: "#54a24b", strokeWidth: 1.8 },
            encoding: {
              x: { ...x, title: null },
              // Whole goroutines: no tick between two counts.
              y: {
                field: "goroutines",
                type: "quantitative",
                title: "goroutines",
                axis: { tickMinStep: 1, format: ",d" },
                ...(shared ? { scale: { domain: [0, maxG] } } : {}),
              },
              tooltip: tips,
            },
          },
          ...marks(true),
        ],
      },
      {
        width,
        height: h,
        layer: [
          {
            mark: { type: "area", color: "#f58518", opacity: 0.85 },
            encoding: {
              x,
              y: {
                field: "stacks",
                type: "quantitative",
                title: "stacks (MiB)",
                ...(shared ? { scale: { domain: [0, r3((maxS / MiB) * 1.05)] } } : {}),
              },
              tooltip: tips,
            },
          },
          ...marks(false),
        ],
      },
    ],
    spacing: 8,
  };
}
