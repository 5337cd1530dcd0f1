// The compiler: scenario → event plan. Phases (in the manner of the Vega-Lite compiler):
//   1. normalize — done as the DSL calls are made (units parsed, defaults filled, values checked);
//   2. order     — events sorted by time, ties kept in the order they were written;
//   3. assemble  — the versioned, plain-JSON EventPlan, holding the normalized scenario so users see what was understood.
// A plan read back from JSON goes through validatePlan, so a hand-edited plan is checked as strictly as a scenario.

import { ScenarioError } from "./errors";
import { Scenario } from "./dsl";
import { EventPlan, PLAN_FORMAT, PLAN_VERSION, PlanEvent } from "../../kernel/plan";

export function compile(s: Scenario): EventPlan {
  if (!(s instanceof Scenario)) throw new ScenarioError("scenario", s, 'a scenario made with scenario("name", {...})');
  const events = s.events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.atNs - b.e.atNs || a.i - b.i)
    .map(({ e }) => structuredClone(e));
  return {
    format: PLAN_FORMAT,
    version: PLAN_VERSION,
    scenario: { name: s.name, ...structuredClone(s.settings) },
    events,
  };
}

/** Checks a plan that came from outside (a JSON file): format, version, and the shape of every field. */
export function validatePlan(value: unknown, path = "plan"): EventPlan {
  const p = value as EventPlan;
  if (p === null || typeof p !== "object") throw new ScenarioError(path, value, "a heapcast event plan (JSON object)");
  if (p.format !== PLAN_FORMAT) throw new ScenarioError(`${path}.format`, p.format, `"${PLAN_FORMAT}"`);
  if (p.version !== PLAN_VERSION) throw new ScenarioError(`${path}.version`, p.version, `plan version ${PLAN_VERSION}`);
  const s = p.scenario;
  if (s === null || typeof s !== "object") throw new ScenarioError(`${path}.scenario`, s, "the normalized scenario object");
  if (typeof s.name !== "string") throw new ScenarioError(`${path}.scenario.name`, s.name, "a name");
  wholeNumber(s.durationNs, `${path}.scenario.durationNs`, 1);
  wholeNumber(s.sampleEveryNs, `${path}.scenario.sampleEveryNs`, 1e6);
  wholeNumber(s.seed, `${path}.scenario.seed`, 0);
  wholeNumber(s.globalsBytes, `${path}.scenario.globalsBytes`, 0);
  if (typeof s.markJitter !== "number" || !(s.markJitter >= 0 && s.markJitter <= 1)) {
    throw new ScenarioError(`${path}.scenario.markJitter`, s.markJitter, "a number from 0 to 1");
  }
  if (s.go === null || typeof s.go !== "object") throw new ScenarioError(`${path}.scenario.go`, s.go, "{ GOGC, GOMEMLIMIT, GOMAXPROCS }");
  wholeNumber(s.go.GOGC, `${path}.scenario.go.GOGC`, -1);
  if (s.go.GOMEMLIMIT !== null) wholeNumber(s.go.GOMEMLIMIT, `${path}.scenario.go.GOMEMLIMIT`, 1);
  wholeNumber(s.go.GOMAXPROCS, `${path}.scenario.go.GOMAXPROCS`, 1);
  if (s.container === null || typeof s.container !== "object") throw new ScenarioError(`${path}.scenario.container`, s.container, "{ memoryBytes, cpus }");
  checkField(s.container as unknown as Record<string, unknown>, "memoryBytes", NULLABLE_MEMORY, `${path}.scenario.container`, true);
  checkField(s.container as unknown as Record<string, unknown>, "cpus", NULLABLE_CPUS, `${path}.scenario.container`, true);
  checkField(s.go as unknown as Record<string, unknown>, "GOMAXPROCS", PROCS, `${path}.scenario.go`, true);
  if (!Array.isArray(p.events)) throw new ScenarioError(`${path}.events`, p.events, "a list of events");
  let last = 0;
  p.events.forEach((e: PlanEvent, i) => {
    const ep = `${path}.events[${i}]`;
    if (e === null || typeof e !== "object") throw new ScenarioError(ep, e, "an event object");
    wholeNumber(e.atNs, `${ep}.atNs`, 0);
    if (e.atNs < last) throw new ScenarioError(`${ep}.atNs`, e.atNs, "events in time order");
    if (e.atNs > s.durationNs) throw new ScenarioError(`${ep}.atNs`, e.atNs, "a time within the scenario's duration");
    last = e.atNs;
    const fields = EVENT_FIELDS[e.kind as string];
    if (!fields) throw new ScenarioError(`${ep}.kind`, e.kind, `one of ${Object.keys(EVENT_FIELDS).join(", ")}`);
    if (typeof e.source !== "string") throw new ScenarioError(`${ep}.source`, e.source, "the call it came from, as a string");
    for (const k of Object.keys(e)) {
      if (k !== "atNs" && k !== "kind" && k !== "source" && !(k in fields)) {
        throw new ScenarioError(`${ep}.${k}`, (e as unknown as Record<string, unknown>)[k], `one of the fields of a ${e.kind} event`, "unknown field");
      }
    }
    for (const [k, spec] of Object.entries(fields)) checkField(e as unknown as Record<string, unknown>, k, spec, ep, spec.optional);
    const over = (e as { overNs?: number }).overNs;
    if (typeof over === "number" && e.atNs + over > s.durationNs) throw new ScenarioError(`${ep}.overNs`, over, "a ramp that ends by the scenario's end");
    if (e.kind === "garbage") {
      if (!Array.isArray(e.sizes) || e.sizes.length === 0) throw new ScenarioError(`${ep}.sizes`, e.sizes, "a non-empty list of { size, share }");
      let total = 0;
      e.sizes.forEach((x, j) => {
        if (x === null || typeof x !== "object") throw new ScenarioError(`${ep}.sizes[${j}]`, x, "{ size, share }");
        checkField(x as unknown as Record<string, unknown>, "size", OBJECT_SIZE, `${ep}.sizes[${j}]`);
        checkField(x as unknown as Record<string, unknown>, "share", SHARE, `${ep}.sizes[${j}]`);
        total += x.share;
      });
      if (Math.abs(total - 1) > 1e-9) throw new ScenarioError(`${ep}.sizes`, total, "shares that add up to 1");
    }
  });
  return p;
}

interface FieldSpec {
  min: number;
  max: number;
  integer?: boolean;
  nullable?: boolean;
  optional?: boolean;
  /** Not a number field (checked separately). */
  special?: boolean;
}
const MAX = 2 ** 53;
const BYTES: FieldSpec = { min: 0, max: 2 ** 50 };
const RATE: FieldSpec = { min: 0, max: 2 ** 50 };
const NS: FieldSpec = { min: 0, max: MAX, integer: true };
const OBJECT_SIZE: FieldSpec = { min: 1, max: 2 ** 40 };
const STACK: FieldSpec = { min: 0, max: 2 ** 30 };
const FRACTION: FieldSpec = { min: 0, max: 1 };
const SHARE: FieldSpec = { min: Number.MIN_VALUE, max: 1 };
const PROCS: FieldSpec = { min: 1, max: 1024, integer: true };
const NULLABLE_MEMORY: FieldSpec = { min: 1024 * 1024, max: 2 ** 50, nullable: true };
const NULLABLE_CPUS: FieldSpec = { min: 0.01, max: 1024, nullable: true };
const opt = (f: FieldSpec): FieldSpec => ({ ...f, optional: true });

/** The fields of each event kind and their ranges: what compile() can produce, and nothing else. */
const EVENT_FIELDS: Record<string, Record<string, FieldSpec>> = {
  liveHeap: { bytes: BYTES, overNs: NS, churnBytesPerSec: RATE, objectSize: OBJECT_SIZE, pointerFraction: FRACTION },
  leakHeap: { bytesPerSec: RATE, objectSize: OBJECT_SIZE, pointerFraction: FRACTION },
  garbage: { bytesPerSec: RATE, sizes: { min: 0, max: 0, special: true }, pointerFraction: FRACTION, everyNs: opt({ min: 1000, max: MAX, integer: true }), catchUpNs: opt(NS) },
  requests: { perSec: RATE, allocBytes: BYTES, lastsNs: NS, stackBytes: STACK, objectSize: OBJECT_SIZE, pointerFraction: FRACTION },
  goroutines: { count: { min: 0, max: 1e8, integer: true }, stackBytes: STACK, overNs: NS },
  leakGoroutines: { perSec: RATE, stackBytes: STACK, retainsBytes: BYTES },
  go: { GOGC: opt({ min: -1, max: 1_000_000, integer: true }), GOMEMLIMIT: opt({ min: 1, max: 2 ** 50, integer: true, nullable: true }), GOMAXPROCS: opt(PROCS) },
  container: { memoryBytes: opt(NULLABLE_MEMORY), cpus: opt(NULLABLE_CPUS) },
  gc: {},
};

function checkField(obj: Record<string, unknown>, key: string, spec: FieldSpec, path: string, optional = false): void {
  if (spec.special) return;
  const v = obj[key];
  if (v === undefined) {
    if (optional || spec.optional) return;
    throw new ScenarioError(`${path}.${key}`, v, "a value (the field is required)");
  }
  if (v === null && spec.nullable) return;
  const ok = typeof v === "number" && Number.isFinite(v) && v >= spec.min && v <= spec.max && (!spec.integer || Number.isInteger(v));
  if (!ok) {
    const kind = spec.integer ? "a whole number" : "a number";
    throw new ScenarioError(`${path}.${key}`, v, `${kind} from ${spec.min} to ${spec.max}${spec.nullable ? ", or null" : ""}`);
  }
}

function wholeNumber(v: unknown, path: string, min: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new ScenarioError(path, v, `a whole number ≥ ${min}`);
}
