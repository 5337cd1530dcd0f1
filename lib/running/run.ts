// Running a scenario: compile (if needed), run the kernel, wrap the records.

import { performance } from "node:perf_hooks";
import { Scenario } from "../authoring/dsl";
import { compile, validatePlan } from "../authoring/compile";
import { runKernel, KernelOptions } from "../../kernel/runtime";
import type { EventPlan } from "../../kernel/plan";
import { RunResult } from "../results/result";
import { checkPlanBudget } from "./budget";

export function run(s: Scenario | EventPlan, options: KernelOptions = {}): RunResult {
  const plan = s instanceof Scenario ? compile(s) : validatePlan(s);
  checkPlanBudget(plan, options); // samples and events a plan fixes in advance: fail before spending memory
  const t0 = performance.now();
  const raw = runKernel(plan, options);
  const wallMs = performance.now() - t0;
  return new RunResult(plan, raw, wallMs);
}
