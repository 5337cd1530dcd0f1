// Runtime events (scenario actions, limiter on/off, forced and periodic GCs, OOM kill) stored compactly: a time, a
// kind code and one number per event, plus a detail string only where it cannot be rebuilt from those. A GC CPU
// limiter that toggles once per cycle in a death spiral logs tens of thousands of transitions; they cost no objects
// until the events are asked for, then are materialized once, in the order they happened.

import type { RuntimeEventRecord } from "./records";
import { RowLog } from "./rowlog";

/** Event kinds by their stored code. */
const KINDS = ["scenario", "limiter-on", "limiter-off", "periodic-gc", "forced-gc", "oom-kill", "gomaxprocs"] as const;
export type RuntimeEventKind = (typeof KINDS)[number];
const CODE: Record<RuntimeEventKind, number> = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<
  RuntimeEventKind,
  number
>;

export class EventLog {
  /** tNs, kind code, arg. */
  private readonly rows = new RowLog(3);
  /** Details that are not rebuilt from the kind and the number (scenario sources), by event index. */
  private readonly details = new Map<number, string>();
  private materialized: RuntimeEventRecord[] | null = null;

  /** Appends an event; `arg` is the number its detail is built from (limiter-on: the cycle; oom-kill: the limit). */
  add(tNs: number, kind: RuntimeEventKind, arg = 0, detail?: string): void {
    if (detail !== undefined) this.details.set(this.rows.length, detail);
    const o = this.rows.append();
    const c = this.rows.last;
    c[o] = tNs;
    c[o + 1] = CODE[kind];
    c[o + 2] = arg;
    this.materialized = null;
  }

  /** The events as records (built once). */
  records(): RuntimeEventRecord[] {
    if (this.materialized) return this.materialized;
    const rows = this.rows;
    const out: RuntimeEventRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const kind = KINDS[rows.get(i, 1)];
      out[i] = { tNs: rows.get(i, 0), kind, detail: this.details.get(i) ?? detailOf(kind, rows.get(i, 2)) };
    }
    return (this.materialized = out);
  }
}

function detailOf(kind: RuntimeEventKind, arg: number): string {
  switch (kind) {
    case "limiter-on":
      return `GC CPU limiter on (cycle ${arg})`;
    case "limiter-off":
      return "GC CPU limiter off";
    case "periodic-gc":
      return "GC forced (2 minutes without a GC)";
    case "forced-gc":
      return "runtime.GC()";
    case "oom-kill":
      return `RSS reached the container's memory limit (${arg} bytes)`;
    case "gomaxprocs":
      return `GOMAXPROCS ${arg}: the runtime's default for the container's new CPU limit`;
    default:
      return "";
  }
}
