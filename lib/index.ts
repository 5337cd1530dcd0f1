// heapcast: scenario scripting for Go memory capacity planning.
export { scenario, Scenario, Phase, DEFAULTS } from "./dsl";
export type {
  ScenarioSettings,
  GoOptions,
  ContainerOptions,
  LiveHeapOptions,
  LeakHeapOptions,
  GarbageOptions,
  RequestOptions,
  GoroutineOptions,
  LeakGoroutineOptions,
} from "./dsl";
export { ScenarioError } from "./errors";
export { compile, validatePlan } from "./compile";
export { run } from "./run";
export { RunResult } from "./result";
export type { Summary } from "./result";
export { RunawayScenarioError } from "../kernel/runtime";
export type { EventPlan, PlanEvent, NormalizedScenario } from "../kernel/plan";
export type { GcCycleRecord, TimelineSample, RuntimeEventRecord } from "../kernel/records";
export { parseSize, parseDuration, parseByteRate, parseCountRate, formatBytes } from "./units";
export type { Size, Duration, ByteRate, CountRate } from "./units";
export { formatGctrace, formatGctraceLine } from "./outputs/gctrace";
export { parseGctrace } from "./importers/gctrace";
export { cyclesTable, timelineTable, eventsTable } from "./tables";
// Charts (Vega-Lite specs), rendering, notebook display and table export.
export { memoryChart, gcChart, gcCyclesChart, goroutinesChart, compareChart, sweepHeatmap, COMPARE_METRICS, chartConfig, settingsLine, limitSegments, limiterPeriods, mergePeriods, gcCpuByCycle, inline, timeUnit, formatSeconds } from "./charts";
export type { ChartSpec, RunTables, ChartOptions, CompareOptions, HeatmapOptions, LimitSegment } from "./charts";
export { toSVG, toPNG, svgToPNG, svgSize, loadVega, compileVegaLite, textWidth } from "./render";
export { show, chartBundle, tableBundle, resultBundle, displayBundle, publish, inNotebook, isChartSpec, isTable, tableText } from "./display";
export type { DisplayBundle, ChartBundleOptions, TableBundleOptions } from "./display";
export { summaryTable, writeTables, tableBytes } from "./notebook";
export { htmlReport } from "./report";
export type { Table } from "./tables";
export { sweep, sweepPlan, formatSweepTable, AXIS_KEYS, MAX_SWEEP_RUNS, runSeed } from "./sweep";
export type { SweepOptions, SweepAxes, AxisKey } from "./sweep";
export { addNoise, normalizeNoise } from "./noise";
export type { NoiseOptions } from "./noise";
export { checkPlanBudget, DEFAULT_MAX_SAMPLES } from "./budget";
