// Vega-Lite specs (v5-compatible: "$schema" v5, no v6-only features), each a pure function of a run's tables
// (cycles, timeline, events as arquero tables) and its plan. Data is inlined in the spec, so a spec is a complete,
// portable chart: JupyterLab renders it (with a tooltip on every mark), render.ts turns it into SVG and PNG, the HTML
// report inlines the SVG.
//
// Every spec carries a `description`: a one-line text summary of what the chart shows (the text/plain of a notebook
// output, the alt text of the report's charts). One file per chart:
//   chart-parts.ts       the frame, inline data, time axis, tooltips, limits, scenario events, OOM kill, shared scales
//   memory-chart.ts      memoryChart: RSS by part, the heap's saw-tooth from the GC cycles, goal, limits
//   gc-chart.ts          gcChart: pauses (percentiles), mark, assists (percentiles), GC CPU, the limiter
//   goroutines-chart.ts  goroutinesChart
//   compare-chart.ts     compareChart: several runs, one panel per metric
//   heatmap.ts           gridHeatmap: a grid() table

export type { ChartSpec, ChartSummary, RunTables, ChartOptions, LimitSegment, PlanEventMark } from "./chart-parts";
export {
  chartConfig,
  inline,
  timeUnit,
  formatSeconds,
  settingsLine,
  limitSegments,
  planEventMarks,
} from "./chart-parts";
export { memoryChart, heapPoints, heapRange, heapRangeOf } from "./memory-chart";
export { gcChart, gcCyclesChart, gcCpuByCycle, limiterPeriods, limiterShares, mergePeriods } from "./gc-chart";
export type { CycleRow } from "./gc-chart";
export { goroutinesChart, hasGoroutines } from "./goroutines-chart";
export { compareChart, COMPARE_METRICS } from "./compare-chart";
export type { CompareOptions } from "./compare-chart";
export { gridHeatmap } from "./heatmap";
export type { HeatmapOptions } from "./heatmap";
