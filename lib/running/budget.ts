// Budgets known before a run starts. The kernel projects its event count as it runs (checkBudget at 1/64 of the
// duration); what a plan fixes in advance — timeline samples (duration / sampleEvery) and plan events — is checked here
// at once, before any memory is spent: a 2400 h scenario sampled every 1 ms would otherwise fill the JavaScript heap
// with 8.6 billion samples before the kernel's first projection.

import type { EventPlan } from "../../kernel/plan";
import { DEFAULT_MAX_EVENTS, RunawayScenarioError } from "../../kernel/runtime";
import { formatDurationNs } from "../authoring/units";

/** Most timeline samples one run may hold (each is an object of ~24 numbers, ~0.3 KB: about 300 MB at the limit). */
export const DEFAULT_MAX_SAMPLES = 1_000_000;

export interface BudgetOptions {
  /** The kernel's event budget (default DEFAULT_MAX_EVENTS, 20 million). */
  maxEvents?: number;
  /** Most timeline samples (default 1 million). */
  maxSamples?: number;
}

/** Timeline samples a plan will record: one at 0, one per sampleEvery, one at the end. */
export function plannedSamples(plan: EventPlan): number {
  const s = plan.scenario;
  return Math.ceil(s.durationNs / s.sampleEveryNs) + 1;
}

/**
 * Fails at once (RunawayScenarioError naming the cause) if the plan alone — before any GC cycle — exceeds the sample
 * or event budget. `extraEvents`: events a transform will add (Poisson windows).
 */
export function checkPlanBudget(plan: EventPlan, options: BudgetOptions = {}, extraEvents = 0): void {
  const maxEvents = options.maxEvents ?? DEFAULT_MAX_EVENTS;
  const maxSamples = options.maxSamples ?? DEFAULT_MAX_SAMPLES;
  const s = plan.scenario;
  const samples = plannedSamples(plan);
  const int = (x: number) => x.toLocaleString("en-US");
  if (samples > maxSamples) {
    throw new RunawayScenarioError(
      `scenario would run out of memory: ${int(samples)} timeline samples (duration ${formatDurationNs(s.durationNs)} / ` +
        `sampleEvery ${formatDurationNs(s.sampleEveryNs)}), budget ${int(maxSamples)}; raise sampleEvery or shorten the duration`,
    );
  }
  const fixed = samples + plan.events.length + extraEvents;
  if (fixed > maxEvents) {
    throw new RunawayScenarioError(
      `scenario would run away: ${int(fixed)} events before any GC cycle (${int(samples)} timeline samples, ` +
        `${int(plan.events.length + extraEvents)} plan events), budget ${int(maxEvents)}; raise sampleEvery or shorten the duration`,
    );
  }
}
