// What a run returns: the plan it ran, the kernel's records as tables, the summary, and output formats.

import type { EventPlan } from "../../kernel/plan";
import type { KernelResult } from "../../kernel/records";
import { cyclesTable, eventsTable, timelineTable, Table } from "./tables";
import { formatGctrace } from "./gctrace";
import { summarize, type Summary } from "./summary";

export type { Summary } from "./summary";

export class RunResult {
  readonly plan: EventPlan;
  readonly raw: KernelResult;
  readonly summary: Summary;
  private tables: { cycles?: Table; timeline?: Table; events?: Table } = {};

  constructor(plan: EventPlan, raw: KernelResult, wallMs: number) {
    this.plan = plan;
    this.raw = raw;
    this.summary = summarize(plan, raw, wallMs);
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
    return formatGctrace(this.raw.cycles);
  }
}
