// Runtime events (scenario actions, limiter on/off, forced and periodic GCs, OOM kill) stored compactly: a time, a
// kind code and one number per event, plus a detail string only where it cannot be rebuilt from those. A GC CPU
// limiter that toggles once per cycle in a death spiral logs tens of thousands of transitions; they cost no objects
// until the events are asked for, then are materialized once, in the order they happened.

import type { RuntimeEventRecord } from "./records";

/** Event kinds by their stored code. */
const KINDS = ["scenario", "limiter-on", "limiter-off", "periodic-gc", "forced-gc", "oom-kill"] as const;
export type RuntimeEventKind = (typeof KINDS)[number];
const CODE: Record<RuntimeEventKind, number> = Object.fromEntries(KINDS.map((k, i) => [k, i])) as Record<RuntimeEventKind, number>;

const CHUNK = 4096;

export class EventLog {
  private times: Float64Array[] = [];
  private codes: Uint8Array[] = [];
  private args: Float64Array[] = [];
  /** Details that are not rebuilt from the kind and the number (scenario sources), by event index. */
  private details = new Map<number, string>();
  private n = 0;
  private materialized: RuntimeEventRecord[] | null = null;

  get length(): number {
    return this.n;
  }

  /** Appends an event; `arg` is the number its detail is built from (limiter-on: the cycle; oom-kill: the limit). */
  add(tNs: number, kind: RuntimeEventKind, arg = 0, detail?: string): void {
    const row = this.n % CHUNK;
    if (row === 0) {
      this.times.push(new Float64Array(CHUNK));
      this.codes.push(new Uint8Array(CHUNK));
      this.args.push(new Float64Array(CHUNK));
    }
    const k = this.times.length - 1;
    this.times[k][row] = tNs;
    this.codes[k][row] = CODE[kind];
    this.args[k][row] = arg;
    if (detail !== undefined) this.details.set(this.n, detail);
    this.n++;
    this.materialized = null;
  }

  /** The events as records (built once). */
  records(): RuntimeEventRecord[] {
    if (this.materialized) return this.materialized;
    const out: RuntimeEventRecord[] = new Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const k = Math.floor(i / CHUNK);
      const row = i % CHUNK;
      const kind = KINDS[this.codes[k][row]];
      out[i] = { tNs: this.times[k][row], kind, detail: this.details.get(i) ?? detailOf(kind, this.args[k][row]) };
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
    default:
      return "";
  }
}
