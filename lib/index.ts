// heapcast: scenario scripting for Go memory capacity planning.
export { scenario, Scenario, Phase, DEFAULTS } from "./authoring/dsl";
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
} from "./authoring/dsl";
export { ScenarioError } from "./authoring/errors";
export { compile, validatePlan } from "./authoring/compile";
export { run } from "./running/run";
export { RunResult } from "./results/result";
export type { Summary } from "./results/result";
export { OUTPUTS, formatValue } from "./results/outputs";
export type { OutputField, Unit } from "./results/outputs";
export { summaryText, summaryRows } from "./results/summary";
export { RunawayScenarioError } from "../kernel/runtime";
export type { EventPlan, PlanEvent, NormalizedScenario } from "../kernel/plan";
export type { GcCycleRecord, TimelineSample, RuntimeEventRecord } from "../kernel/records";
export {
  parseSize,
  parseDuration,
  parseByteRate,
  parseCountRate,
  formatBytes,
  formatDurationNs,
} from "./authoring/units";
export type { Size, Duration, ByteRate, CountRate } from "./authoring/units";
export { formatGctrace, formatGctraceLine } from "./results/gctrace";
export { parseGctrace } from "./results/importers/gctrace";
export { cyclesTable, timelineTable, eventsTable } from "./results/tables";
// Charts (Vega-Lite specs), rendering, notebook display and table export.
export {
  memoryChart,
  gcChart,
  gcCyclesChart,
  goroutinesChart,
  compareChart,
  gridHeatmap,
  COMPARE_METRICS,
  chartConfig,
  settingsLine,
  limitSegments,
  limiterPeriods,
  limiterShares,
  mergePeriods,
  gcCpuByCycle,
  inline,
  timeUnit,
  formatSeconds,
  heapPoints,
  heapRange,
  heapRangeOf,
  planEventMarks,
  hasGoroutines,
} from "./views/charts";
export type {
  ChartSpec,
  RunTables,
  ChartOptions,
  CompareOptions,
  HeatmapOptions,
  LimitSegment,
  PlanEventMark,
  CycleRow,
} from "./views/charts";
export { toSVG, toPNG, svgToPNG, svgSize, loadVega, compileVegaLite, textWidth } from "./views/render";
export {
  show,
  chartBundle,
  tableBundle,
  resultBundle,
  displayBundle,
  publish,
  inNotebook,
  isChartSpec,
  isTable,
  tableText,
} from "./views/display";
export type { DisplayBundle, ChartBundleOptions, TableBundleOptions } from "./views/display";
export { summaryTable, writeTables, tableBytes } from "./views/notebook";
export { htmlReport } from "./views/report";
export type { Table } from "./results/tables";
export { grid, gridPlan, formatGridTable, AXIS_KEYS, MAX_GRID_RUNS, runSeed } from "./running/grid";
export type { GridOptions, GridAxes, AxisKey } from "./running/grid";
export { addNoise, normalizeNoise } from "./running/noise";
export type { NoiseOptions } from "./running/noise";
export { checkPlanBudget, DEFAULT_MAX_SAMPLES } from "./running/budget";
// Real Go on demand: run a plan as a real Go program under real limits, read it back, compare with a simulation.
export {
  runReal,
  prepareLoadgen,
  ToolchainError,
  PlanNotExecutableError,
  resolveToolchain,
  buildLoadgen,
  detectCgroups,
} from "./running/real";
export type { RealOptions } from "./running/real";
export { loadReal, loadRealReps } from "./results/real";
export { compare } from "./results/compare";
export type { Comparison } from "./results/compare";
// Real runs in (gctrace, runtime/metrics samples, Prometheus), a scenario fitted to a trace, and the two overlaid.
export {
  importGctrace,
  importSamples,
  importPrometheus,
  importRun,
  importFile,
  detectFormat,
  ImportedRun,
  ImportError,
} from "./results/importers";
export type {
  ImportFacts,
  ImportSummary,
  ImportReport,
  ImportOptions,
  DataSource,
  RealRecord,
} from "./results/importers";
export { parseGctraceLog, describeGctraceLog, GctraceError } from "./results/importers/gctrace";
export type { GctraceCycle, GctraceLog, GctraceLogOptions, ScavengerLine } from "./results/importers/gctrace";
export { parseSamples, SamplesError } from "./results/importers/samples";
export { parsePrometheus, PrometheusError, promNameOf } from "./results/importers/prometheus";
export { fit, compareWithTrace } from "./authoring/fit";
export type { FitOptions, FitResult, FitError } from "./authoring/fit";
export { pelt } from "./authoring/fit/changepoint";
export { fitChart } from "./views/overlay";
export type { OverlayOptions } from "./views/overlay";
export type { ChartSummary } from "./views/charts";
