// One run of a grid: the base plan with a combination's settings and a run seed (and noise), through the kernel, to
// its summary (the same summarize() as run()). Pure and shared by the main thread (workers: 1) and the worker threads
// (lib/grid-worker.ts), so a run gives the same numbers wherever it runs.

import type { EventPlan, GoVersionName, NormalizedScenario, PlanEvent } from "../../kernel/plan";
import { runKernel } from "../../kernel/runtime";
import { addNoise, mix32, NormalizedNoise } from "./noise";
import { summarize, type Summary } from "../results/summary";

/** Axes a grid can vary: paths into the scenario settings as a user writes them. */
export const AXIS_KEYS = [
  "go.version",
  "go.GOGC",
  "go.GOMEMLIMIT",
  "go.GOMAXPROCS",
  "container.memory",
  "container.cpus",
  "duration",
  "seed",
  "sampleEvery",
  "globals",
  "markJitter",
] as const;
export type AxisKey = (typeof AXIS_KEYS)[number];

/** An axis value normalized to the plan's units (bytes, ns, percent; null = off / no limit; a Go version's name). */
export interface Setting {
  key: AxisKey;
  value: number | string | null;
  /** duration only: the DSL's default sampling interval for this duration. */
  defaultSampleEveryNs?: number;
}

/** Settings that `go` and `container` plan events can also change: [event kind, field]. */
const EVENT_FIELD: Partial<Record<AxisKey, [string, string]>> = {
  "go.GOGC": ["go", "GOGC"],
  "go.GOMEMLIMIT": ["go", "GOMEMLIMIT"],
  "go.GOMAXPROCS": ["go", "GOMAXPROCS"],
  "container.memory": ["container", "memoryBytes"],
  "container.cpus": ["container", "cpus"],
};

/** Applied in this order whatever the order of the axes: sampleEvery after duration (an explicit interval wins). */
const APPLY_ORDER: Record<AxisKey, number> = Object.fromEntries(AXIS_KEYS.map((k, i) => [k, i])) as Record<
  AxisKey,
  number
>;

/**
 * The base plan with these settings (a new plan; the base is not modified):
 * - the setting replaces the scenario's value at t = 0, and a `go`/`container` plan event at t = 0 that sets the same
 *   field loses that field (the event is dropped if nothing is left): the axis is what the process starts with. Events
 *   after t = 0 are kept: a scenario's later `.at("20s", s => s.go({...}))` still happens;
 * - `duration`: events after the new end are dropped; if the base samples at the DSL's default interval for its
 *   duration, the new duration gets its own default interval (an explicit sampleEvery is kept);
 * - `seed` sets the scenario's seed (before the run seed is derived from it, see runSeed).
 */
export function applySettings(
  base: EventPlan,
  settings: readonly Setting[],
  baseDefaultSampleEveryNs?: number,
): EventPlan {
  const plan = structuredClone(base);
  const s = plan.scenario;
  const ordered = [...settings].sort((a, b) => APPLY_ORDER[a.key] - APPLY_ORDER[b.key]);
  for (const x of ordered) {
    setScenario(s, x, baseDefaultSampleEveryNs);
    const ef = EVENT_FIELD[x.key];
    if (ef) plan.events = stripAtZero(plan.events, ef[0], ef[1]);
  }
  plan.events = plan.events.filter((e) => e.atNs <= s.durationNs);
  return plan;
}

function setScenario(s: NormalizedScenario, x: Setting, baseDefaultSampleEveryNs: number | undefined): void {
  const v = x.value;
  const num = () => v as number;
  switch (x.key) {
    case "go.version":
      // a go.mod line that followed the version follows the new one; one set apart from it stays
      if (s.go.goMod === s.go.version) s.go.goMod = v as GoVersionName;
      s.go.version = v as GoVersionName;
      break;
    case "go.GOGC":
      s.go.GOGC = num();
      break;
    case "go.GOMEMLIMIT":
      s.go.GOMEMLIMIT = v as number | null;
      break;
    case "go.GOMAXPROCS":
      s.go.GOMAXPROCS = num();
      break;
    case "container.memory":
      s.container.memoryBytes = v as number | null;
      break;
    case "container.cpus":
      s.container.cpus = v as number | null;
      break;
    case "duration":
      if (
        baseDefaultSampleEveryNs !== undefined &&
        s.sampleEveryNs === baseDefaultSampleEveryNs &&
        x.defaultSampleEveryNs !== undefined
      ) {
        s.sampleEveryNs = x.defaultSampleEveryNs;
      }
      s.durationNs = num();
      break;
    case "seed":
      s.seed = num();
      break;
    case "sampleEvery":
      s.sampleEveryNs = num();
      break;
    case "globals":
      s.globalsBytes = num();
      break;
    case "markJitter":
      s.markJitter = num();
      break;
  }
}

function stripAtZero(events: PlanEvent[], kind: string, field: string): PlanEvent[] {
  const out: PlanEvent[] = [];
  for (const e of events) {
    if (e.atNs === 0 && e.kind === kind && field in e) {
      const copy = { ...e } as Record<string, unknown>;
      delete copy[field];
      const left = Object.keys(copy).filter((k) => k !== "kind" && k !== "atNs" && k !== "source");
      if (left.length > 0) out.push(copy as unknown as PlanEvent);
      continue;
    }
    out.push(e);
  }
  return out;
}

/**
 * The seed of run `run` (0-based) of a combination whose scenario seed is `seed`: run 0 uses the scenario's seed itself
 * (so a grid without `seeds` reproduces `run()` of each combination exactly), run r > 0 uses mix32(seed, r). The run
 * seeds do not depend on the combination: every combination sees the same random numbers (common random numbers), so
 * differences between rows come from the settings, not from luck.
 */
export function runSeed(seed: number, run: number): number {
  return run === 0 ? seed >>> 0 : mix32(seed, run);
}

/** The plan of one run: settings applied, the run seed set, noise drawn from it. */
export function runPlan(
  base: EventPlan,
  settings: readonly Setting[],
  run: number,
  noise: NormalizedNoise | null,
  baseDefaultSampleEveryNs?: number,
): EventPlan {
  const plan = applySettings(base, settings, baseDefaultSampleEveryNs);
  plan.scenario.seed = runSeed(plan.scenario.seed, run);
  return noise ? addNoise(plan, noise, plan.scenario.seed) : plan;
}

/** What a grid keeps of each run: its seed and its summary (plain data, posted between threads). */
export interface RunMetrics {
  seed: number;
  summary: Summary;
}

export interface RunJob {
  /** Position in the grid: combination × seeds + run. */
  index: number;
  settings: Setting[];
  run: number;
}

/** What every run of one grid shares (posted once to each worker). */
export interface GridContext {
  base: EventPlan;
  noise: NormalizedNoise | null;
  maxEvents?: number;
  baseDefaultSampleEveryNs?: number;
}

/** Runs one job through the kernel. Throws the kernel's errors as they are (the caller names the combination). */
export function runJob(ctx: GridContext, job: RunJob): RunMetrics {
  const plan = runPlan(ctx.base, job.settings, job.run, ctx.noise, ctx.baseDefaultSampleEveryNs);
  const summary = summarize(plan, runKernel(plan, ctx.maxEvents === undefined ? {} : { maxEvents: ctx.maxEvents }), 0);
  for (const [name, v] of Object.entries(summary)) {
    if (typeof v === "number" && !Number.isFinite(v))
      throw new Error(`kernel returned a non-finite ${name} (${v}): a bug in the model`);
  }
  return { seed: plan.scenario.seed, summary };
}
