// The compiler: scenario → event plan. Phases (in the manner of the Vega-Lite compiler):
//   1. normalize — done as the DSL calls are made (units parsed, defaults filled, values checked);
//   2. order     — events sorted by time, ties kept in the order they were written;
// 3. assemble  — the versioned, plain-JSON EventPlan, holding the normalized scenario so users see what was understood.
// A plan read back from JSON goes through validatePlan, so a hand-edited plan is checked as strictly as a scenario.

import { ScenarioError } from "./errors";
import { Scenario } from "./dsl";
import { EventPlan, PLAN_FORMAT, PLAN_VERSION } from "../../kernel/plan";

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

// A plan from outside is checked against the plan's JSON Schema (plan-schema.ts).
export { validatePlan } from "./plan-schema";
