// The compiler: scenario → event plan. Phases (in the manner of the Vega-Lite compiler):
//   1. normalize — done as the DSL calls are made (units parsed, defaults filled, values checked);
//   2. order     — events sorted by time, ties kept in the order they were written;
//   3. assemble  — the versioned, plain-JSON EventPlan, holding the normalized scenario so users see what was understood.
// A plan read back from JSON goes through validatePlan, so a hand-edited plan is checked as strictly as a scenario.

import { ScenarioError } from "./errors";
import { Scenario } from "./dsl";
import { EventPlan, PLAN_FORMAT, PLAN_VERSION, PlanEvent } from "../kernel/plan";

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
  if (!Array.isArray(p.events)) throw new ScenarioError(`${path}.events`, p.events, "a list of events");
  let last = 0;
  p.events.forEach((e: PlanEvent, i) => {
    const ep = `${path}.events[${i}]`;
    if (e === null || typeof e !== "object") throw new ScenarioError(ep, e, "an event object");
    wholeNumber(e.atNs, `${ep}.atNs`, 0);
    if (e.atNs < last) throw new ScenarioError(`${ep}.atNs`, e.atNs, "events in time order");
    if (e.atNs > s.durationNs) throw new ScenarioError(`${ep}.atNs`, e.atNs, "a time within the scenario's duration");
    last = e.atNs;
    for (const [k, v] of Object.entries(e)) {
      if (typeof v === "number" && (!Number.isFinite(v) || (v < 0 && !(k === "GOGC" && v === -1)))) {
        throw new ScenarioError(`${ep}.${k}`, v, "a finite, non-negative number");
      }
    }
    const kinds = ["liveHeap", "leakHeap", "garbage", "requests", "goroutines", "leakGoroutines", "go", "container", "gc"];
    if (!kinds.includes(e.kind)) throw new ScenarioError(`${ep}.kind`, e.kind, `one of ${kinds.join(", ")}`);
  });
  return p;
}

function wholeNumber(v: unknown, path: string, min: number): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) throw new ScenarioError(path, v, `a whole number ≥ ${min}`);
}
