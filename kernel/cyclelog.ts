// GC cycle records in a RowLog: appending a cycle allocates nothing, so a simulated hour's ~30,000 cycles cost the
// garbage collector nothing. Records are materialized as GcCycleRecord objects once, when first asked for.

import type { GcCycleRecord } from "./records";
import { RowLog } from "./rowlog";

/** Cycle kinds by their stored code. */
export const CYCLE_KINDS = ["heap", "periodic", "forced"] as const satisfies readonly GcCycleRecord["kind"][];
/** A cycle kind's stored code (its index in CYCLE_KINDS). */
export const CYCLE_KIND_CODE: Record<GcCycleRecord["kind"], number> = { heap: 0, periodic: 1, forced: 2 };
/**
 * The numeric fields of GcCycleRecord, in storage order (then the kind's code and the limiter flag, 0 or 1). A field
 * that may be null (heapTriggerBytes) is stored as NaN.
 */
export const CYCLE_FIELDS = [
  "cycle",
  "startNs",
  "stw1Ns",
  "markNs",
  "stw2Ns",
  "stw1CpuNs",
  "assistCpuNs",
  "backgroundCpuNs",
  "idleCpuNs",
  "stw2CpuNs",
  "heapStartBytes",
  "heapEndBytes",
  "heapMarkedBytes",
  "heapGoalBytes",
  "heapTriggerBytes",
  "stackBytes",
  "globalsBytes",
  "procs",
  "gcCpuFraction",
  "utilization",
] as const satisfies readonly (keyof GcCycleRecord)[];
const NF = CYCLE_FIELDS.length;

/**
 * A cycle row's offsets by field name (CYCLE.startNs…), then the kind's code and the limiter flag: rows are written by
 * name.
 */
export const CYCLE = {
  ...(Object.fromEntries(CYCLE_FIELDS.map((f, i) => [f, i])) as Record<(typeof CYCLE_FIELDS)[number], number>),
  kind: NF,
  limiterOn: NF + 1,
} as const;

export class CycleLog {
  private readonly rows = new RowLog(NF + 2);
  private materialized: GcCycleRecord[] | null = null;
  /** Largest heapEndBytes so far (gctrace's peak heap); the writer keeps it. */
  peakHeapEnd = 0;

  get length(): number {
    return this.rows.length;
  }

  /**
   * Appends a cycle: returns the row's offset in `row` (fields in CYCLE_FIELDS order, then kind code, limiter flag).
   */
  append(): number {
    this.materialized = null;
    return this.rows.append();
  }

  /** The chunk the last append() wrote into. */
  get row(): Float64Array {
    return this.rows.last;
  }

  /** One numeric field of every cycle (a copy, no objects); a null is NaN. */
  column(field: (typeof CYCLE_FIELDS)[number]): Float64Array {
    return this.columns([field])[0];
  }

  /** Numeric fields of every cycle, read in one pass (copies, no objects); a null is NaN. */
  columns(fields: readonly (typeof CYCLE_FIELDS)[number][]): Float64Array[] {
    const fs = fields.map((field) => {
      const f = CYCLE_FIELDS.indexOf(field);
      if (f < 0) throw new Error(`cycleColumn: no numeric cycle field ${JSON.stringify(field)}`);
      return f;
    });
    return this.rows.columns(fs);
  }

  /** The cycles as record objects, one at a time (nothing kept: an output can stream millions of cycles). */
  *iterate(): IterableIterator<GcCycleRecord> {
    if (this.materialized) {
      yield* this.materialized;
      return;
    }
    for (let i = 0; i < this.rows.length; i++) yield this.record(i);
  }

  private record(i: number): GcCycleRecord {
    const rows = this.rows;
    const r = { kind: CYCLE_KINDS[rows.get(i, NF)], limiterOn: rows.get(i, NF + 1) === 1 } as GcCycleRecord;
    for (let f = 0; f < NF; f++) {
      const v = rows.get(i, f);
      (r as unknown as Record<string, number | null>)[CYCLE_FIELDS[f]] = v === v ? v : null; // NaN stores null
    }
    return r;
  }

  /** The cycles as record objects (built once). */
  records(): GcCycleRecord[] {
    if (this.materialized) return this.materialized;
    const rows = this.rows;
    const out: GcCycleRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.record(i);
    return (this.materialized = out);
  }
}
