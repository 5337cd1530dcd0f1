// The event budget: how much work one run may do. Three checks, each failing with RunawayScenarioError naming the
// cause and what to change:
//   - before any simulation, the fewest events the plan can take (projection.ts) must fit (checkPlan);
//   - as simulated time passes each 1/64 of the duration, the events so far extrapolated to the whole duration must
//     fit (EventBudget.check: a runaway fails early, not at its end); and once 1/64 of the budget is spent (at least
//     EARLY_CHECK_MIN_EVENTS), the same extrapolation (EventBudget.count): a run that spends 1/64 of its events in
//     less than 1/64 of its duration is refused then, whatever the duration (the first time check would refuse it
//     too, later: a 24 h runaway waited for 22.5 simulated minutes, 6 s of wall time); this one extrapolates only to
//     the earliest instant an OOM kill could end the run (projection.ts), so it refuses only a run that would spend
//     the budget before any OOM kill could end it;
//   - whatever the projections said, the run stops once the budget is spent (EventBudget.count: a hard bound on the
//     kernel's work and memory).
// Time is passed in; the budget knows nothing of Go.

import type { EventPlan } from "./plan";
import { projectEvents, type Projection } from "./projection";

/** Default budget of processed events. */
export const DEFAULT_MAX_EVENTS = 20_000_000;

/** The fewest events the early extrapolation looks at (fewer say nothing of a run's pace). */
export const EARLY_CHECK_MIN_EVENTS = 10_000;

export class RunawayScenarioError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RunawayScenarioError";
  }
}

const ADVICE = "shorten the duration, raise GOGC or the heap, or lower the allocation rate";
const int = (x: number) => Math.round(x).toLocaleString("en-US");

/**
 * Fails before any simulation if even the fewest events the plan can take are over `maxEvents`; else returns the
 * projection.
 */
export function checkPlan(plan: EventPlan, maxEvents: number): Projection {
  const p = projectEvents(plan);
  if (p.events > maxEvents) {
    throw new RunawayScenarioError(
      `scenario would run away: at least ${int(p.events)} events projected from the plan (budget ${int(maxEvents)}), ` +
        `at least ${int(p.cycles)} GC cycles over ${(plan.scenario.durationNs / 1e9).toFixed(0)} s; ${ADVICE}`,
    );
  }
  return p;
}

/** One run's events: counted, extrapolated, bounded. */
export class EventBudget {
  /** Events processed so far. */
  processed = 0;
  /** The next simulated time (ns) at which the extrapolation is checked, and how many checks came before. */
  private nextCheckNs = 0;
  private checks = 0;
  /** The event count at which the extrapolation is checked once more: 1/64 of the budget, at least 10,000. */
  private readonly earlyCheckEvents: number;

  /**
   * `horizonNs`: the earliest instant an OOM kill could end the run (projection.ts; the duration without a container
   * limit), the span the early extrapolation counts over; null: no early extrapolation (the projection is off).
   */
  constructor(
    readonly maxEvents: number,
    private readonly durationNs: number,
    private readonly horizonNs: number | null = durationNs,
  ) {
    this.earlyCheckEvents = Math.max(EARLY_CHECK_MIN_EVENTS, Math.ceil(maxEvents / 64));
  }

  /** Counts one event at `nowNs` (`cycles` so far, for the message); throws once the budget is spent. */
  count(nowNs: number, cycles: number): void {
    if (++this.processed > this.maxEvents) this.spent(nowNs, cycles);
    if (this.processed === this.earlyCheckEvents && this.horizonNs !== null) {
      this.extrapolate(nowNs, cycles, this.horizonNs);
    }
  }

  /** The budget is spent (count's failure, out of line: count runs once per event and stays small). */
  private spent(nowNs: number, cycles: number): never {
    throw new RunawayScenarioError(
      `scenario ran away: the event budget (${int(this.maxEvents)}) is spent at ${(nowNs / 1e9).toFixed(3)} s of ` +
        `${(this.durationNs / 1e9).toFixed(0)} s, after ${int(cycles)} GC cycles; ${ADVICE}`,
    );
  }

  /**
   * At each 1/64 of the duration: throws if the events so far, extrapolated to the whole duration, exceed the budget.
   */
  check(nowNs: number, cycles: number): void {
    if (nowNs < this.nextCheckNs) return;
    while (this.nextCheckNs <= nowNs) this.nextCheckNs = Math.floor((this.durationNs * ++this.checks) / 64);
    this.extrapolate(nowNs, cycles, this.durationNs);
  }

  /** Throws if the events so far, extrapolated from `nowNs` to `spanNs`, exceed the budget. */
  private extrapolate(nowNs: number, cycles: number, spanNs: number): void {
    if (nowNs <= 0) return;
    const projected = (this.processed / nowNs) * spanNs;
    if (projected > this.maxEvents) {
      const cyclesPerSec = cycles / (nowNs / 1e9);
      throw new RunawayScenarioError(
        `scenario would run away: ${int(projected)} events projected (budget ${int(this.maxEvents)}), ` +
          `${cyclesPerSec.toFixed(1)} GC cycles per simulated second over ${(spanNs / 1e9).toFixed(0)} s; ${ADVICE}`,
      );
    }
  }
}
