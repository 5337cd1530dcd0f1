// Real Go on demand: run a plan as a real Go program under real container limits (lib/running/real/README.md).

import * as path from "node:path";
import type { EventPlan } from "../../../kernel/plan";
import { buildLoadgen, resolveToolchain, type BuiltLoadgen } from "./toolchain";
import { runRealRep, type RealRunOptions } from "./runner";

export { ToolchainError, resolveToolchain, buildLoadgen, defaultGoLine } from "./toolchain";
export { PlanNotExecutableError, LimitsNotEnforceableError, runRealRep, limitsWanted, goEnv } from "./runner";
export { detectCgroups, removeStaleGroups } from "./cgroup";

export interface RealOptions extends Omit<RealRunOptions, "out" | "rep"> {
  /** Go version: "1.26.8", "1.19", …; default the go command on PATH. */
  go?: string;
  /** go.mod go line to build with (default: the toolchain's own version). */
  goLine?: string;
  /** Repetitions (default 1), written to out/rep1, out/rep2, … */
  reps?: number;
  /** Output directory. */
  out: string;
  /** Called before each rep starts. */
  onRep?: (rep: number, dir: string) => void;
}

/** Builds the load generator for the requested Go (cached). */
export function prepareLoadgen(go?: string, goLine?: string): BuiltLoadgen {
  const tc = resolveToolchain(go ?? "");
  return buildLoadgen(tc, goLine);
}

/** Runs `reps` real runs of a plan; returns each rep's result.json content. */
export async function runReal(plan: EventPlan, opts: RealOptions): Promise<Record<string, unknown>[]> {
  const lg = prepareLoadgen(opts.go, opts.goLine);
  const reps = opts.reps ?? 1;
  const results: Record<string, unknown>[] = [];
  for (let rep = 1; rep <= reps; rep++) {
    const dir = path.join(opts.out, `rep${rep}`);
    opts.onRep?.(rep, dir);
    results.push(await runRealRep(plan, lg, { ...opts, out: dir, rep }));
  }
  return results;
}
