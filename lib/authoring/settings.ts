// One table of the values a scenario and its plan may hold (issue 13: "one table of settings and value ranges"): every
// number of a plan, in the plan's units (bytes, ns, per second), with its range and the words an error message uses.
// The DSL checks its parsed values against it (authoring/dsl.ts), validatePlan checks a plan with the JSON Schema built
// from it (planSchema, checked by ajv; published as schemas/heapcast.plan.schema.json), grid axes go through the DSL's
// own parsers, and noise reads its ranges here.

import { MAX_BYTES, MAX_DURATION_NS } from "./units";
import { ScenarioError } from "./errors";

export interface Range {
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  /** null is a value of its own ("none"), never "the default". */
  nullable?: boolean;
  /** The range in words, for messages; default "a [whole] number from min to max". */
  expected?: string;
}

const GiB = 2 ** 30;
const MiB = 2 ** 20;

/** Every numeric setting of a plan: its range. */
export const RANGES = {
  // the scenario
  durationNs: { min: 1, max: MAX_DURATION_NS, integer: true },
  sampleEveryNs: { min: 1e6, max: MAX_DURATION_NS, integer: true },
  seed: { min: 0, max: 0xffffffff, integer: true },
  globalsBytes: { min: 0, max: MAX_BYTES, integer: true },
  markJitter: { min: 0, max: 1 },
  /** -1 is "off". */
  GOGC: { min: -1, max: 1_000_000, integer: true },
  GOMEMLIMIT: { min: 1, max: MAX_BYTES, integer: true, nullable: true },
  /** The runtime's limit is 2^31 − 1; 1024 keeps per-P work sane. */
  GOMAXPROCS: { min: 1, max: 1024, integer: true },
  /** GOMAXPROCS in a plan's scenario: null = not set by the program (the runtime's default). */
  initialGOMAXPROCS: {
    min: 1,
    max: 1024,
    integer: true,
    nullable: true,
    expected: "a whole number from 1 to 1024, or null (not set: the runtime's default)",
  },
  /** CPUs of the node (sched_getaffinity): GOMAXPROCS' own bound. */
  nodeCpus: { min: 1, max: 1024, integer: true },
  memoryBytes: { min: MiB, max: MAX_BYTES, nullable: true },
  cpus: { min: 0.01, max: 1024, nullable: true },
  // the events
  atNs: { min: 0, max: MAX_DURATION_NS, integer: true },
  bytes: { min: 0, max: MAX_BYTES },
  bytesPerSec: { min: 0, max: MAX_BYTES },
  perSec: { min: 0, max: MAX_BYTES },
  ns: { min: 0, max: MAX_DURATION_NS, integer: true },
  everyNs: { min: 1000, max: MAX_DURATION_NS, integer: true },
  objectSize: { min: 1, max: 2 ** 40 },
  /** runtime/stack.go: maxstacksize on 64-bit. */
  stackBytes: { min: 0, max: GiB },
  fraction: { min: 0, max: 1 },
  share: { min: Number.MIN_VALUE, max: 1, expected: "a fraction of bytes in (0, 1]" },
  count: { min: 0, max: 1e8, integer: true },
  // noise (running/noise.ts)
  jitterRates: { min: 0, max: 2 },
  poissonMaxEvents: { min: 1, max: 1_000_000, integer: true },
} as const satisfies Record<string, Range>;

export type RangeKey = keyof typeof RANGES;

/** The range in words: "a whole number from 1 to 1024", "…, or null". */
export function expectedText(r: Range): string {
  if (r.expected) return r.expected;
  return `${r.integer ? "a whole number" : "a number"} from ${r.min} to ${r.max}${r.nullable ? ", or null" : ""}`;
}

/** Whether `v` is a value of the range (a finite number within it; null if nullable). */
export function inRange(r: Range, v: unknown): boolean {
  if (v === null) return !!r.nullable;
  return typeof v === "number" && Number.isFinite(v) && v >= r.min && v <= r.max && (!r.integer || Number.isInteger(v));
}

/** Throws ScenarioError(path, shown, expected) unless `v` is in the range of `key`. */
export function checkRange(key: RangeKey, v: unknown, path: string, expected?: string, shown: unknown = v): void {
  const r: Range = RANGES[key];
  if (!inRange(r, v)) throw new ScenarioError(path, shown, expected ?? expectedText(r));
}
