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
