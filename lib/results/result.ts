// What a run returns: the plan it ran, the kernel's records as tables, the summary, and output formats.

import type { EventPlan } from "../../kernel/plan";
import type { KernelResult } from "../../kernel/records";
import { cyclesTable, eventsTable, timelineTable, Table } from "./tables";
import { formatGctrace } from "./gctrace";

/** The headline numbers of a run, as `heapcast run --summary json` prints them. */
export interface Summary {
  scenario: string;
  /** The Go version modelled (the scenario's go.version, e.g. "1.26"). */
  goVersion: string;
  simulatedSeconds: number;
  gcCycles: number;
  /** Largest heap at mark termination: gctrace's middle number, bytes. */
  peakHeapBytes: number;
  /** Largest heap in use (spans, MemStats.HeapInuse), bytes. */
  peakHeapInUseBytes: number;
  /** The heap goal at the end; null with GOGC=off and no memory limit (there is no goal). */
  finalHeapGoalBytes: number | null;
  peakRssBytes: number;
  /** Cumulative GC CPU fraction at the end (MemStats.GCCPUFraction). */
  gcCpuFraction: number;
  maxPauseSeconds: number;
  oomKilledAtSeconds: number | null;
  /** CPU quota throttling, as cgroup's cpu.stat counts it (periods, throttled periods, throttled s); null: no quota. */
  cpuQuota: { periods: number; throttledPeriods: number; throttledSeconds: number } | null;
  /** Settings that cannot do what they seem to, in words (GOMEMLIMIT above the container's memory, ...). */
  warnings: string[];
  /** Wall time of the simulation, ms. */
  wallMs: number;
  /** Events the kernel processed. */
  events: number;
}

export class RunResult {
  readonly plan: EventPlan;
  readonly raw: KernelResult;
  readonly summary: Summary;
  private tables: { cycles?: Table; timeline?: Table; events?: Table } = {};

  constructor(plan: EventPlan, raw: KernelResult, wallMs: number) {
    this.plan = plan;
    this.raw = raw;
    const k = raw.summary;
    this.summary = {
      scenario: plan.scenario.name,
      goVersion: plan.scenario.go.version,
      simulatedSeconds: k.simulatedNs / 1e9,
      gcCycles: k.gcCycles,
      peakHeapBytes: k.peakHeapBytes,
      peakHeapInUseBytes: k.peakHeapInUseBytes,
      finalHeapGoalBytes: k.finalHeapGoalBytes,
      peakRssBytes: k.peakRssBytes,
      gcCpuFraction: k.gcCpuFraction,
      maxPauseSeconds: k.maxPauseNs / 1e9,
      oomKilledAtSeconds: k.oomKilledAtNs === null ? null : k.oomKilledAtNs / 1e9,
      cpuQuota: k.cpuQuota === null ? null : { periods: k.cpuQuota.periods, throttledPeriods: k.cpuQuota.throttledPeriods, throttledSeconds: k.cpuQuota.throttledNs / 1e9 },
      warnings: raw.warnings,
      wallMs,
      events: k.events,
    };
  }

  /** One row per GC cycle (gctrace's fields). */
  get cycles(): Table {
    return (this.tables.cycles ??= cyclesTable(this.raw.cycles));
  }
  /** One row per sample, with runtime/metrics names as columns. */
  get timeline(): Table {
    return (this.tables.timeline ??= timelineTable(this.raw.samples));
  }
  /** Scenario actions, OOM kill, forced and periodic GCs. */
  get events(): Table {
    return (this.tables.events ??= eventsTable(this.raw.events));
  }
  /** The run as GODEBUG=gctrace=1 would have printed it. */
  gctrace(): string {
    return formatGctrace(this.raw.eachCycle());
  }
}
