// GC cycle records in a RowLog: appending a cycle allocates nothing, so a simulated hour's ~30,000 cycles cost the
// garbage collector nothing. Records are materialized as GcCycleRecord objects once, when first asked for.

import type { GcCycleRecord } from "./records";
import { RowLog } from "./rowlog";

/** Cycle kinds by their stored code. */
const KINDS: GcCycleRecord["kind"][] = ["heap", "periodic", "forced"];
/** The numeric fields, in storage order (then the kind's code and the limiter flag). */
const FIELDS = [
  "cycle", "startNs", "stw1Ns", "markNs", "stw2Ns", "stw1CpuNs", "assistCpuNs", "backgroundCpuNs", "idleCpuNs",
  "stw2CpuNs", "heapStartBytes", "heapEndBytes", "heapMarkedBytes", "heapGoalBytes", "heapTriggerBytes", "stackBytes",
  "globalsBytes", "procs", "gcCpuFraction", "utilization",
] as const;
const NF = FIELDS.length;

export class CycleLog {
  private readonly rows = new RowLog(NF + 2);
  private materialized: GcCycleRecord[] | null = null;
  /** Largest heapEndBytes so far (gctrace's peak heap). */
  peakHeapEnd = 0;

  get length(): number {
    return this.rows.length;
  }

  /** Appends a cycle (the record is copied; callers may reuse the object). */
  add(r: GcCycleRecord): void {
    let i = this.rows.append();
    const c = this.rows.last;
    c[i++] = r.cycle;
    c[i++] = r.startNs;
    c[i++] = r.stw1Ns;
    c[i++] = r.markNs;
    c[i++] = r.stw2Ns;
    c[i++] = r.stw1CpuNs;
    c[i++] = r.assistCpuNs;
    c[i++] = r.backgroundCpuNs;
    c[i++] = r.idleCpuNs;
    c[i++] = r.stw2CpuNs;
    c[i++] = r.heapStartBytes;
    c[i++] = r.heapEndBytes;
    c[i++] = r.heapMarkedBytes;
    c[i++] = r.heapGoalBytes;
    c[i++] = r.heapTriggerBytes;
    c[i++] = r.stackBytes;
    c[i++] = r.globalsBytes;
    c[i++] = r.procs;
    c[i++] = r.gcCpuFraction;
    c[i++] = r.utilization;
    c[i++] = r.kind === "heap" ? 0 : r.kind === "periodic" ? 1 : 2;
    c[i] = r.limiterOn ? 1 : 0;
    if (r.heapEndBytes > this.peakHeapEnd) this.peakHeapEnd = r.heapEndBytes;
    this.materialized = null;
  }

  /** The cycles as record objects (built once). */
  records(): GcCycleRecord[] {
    if (this.materialized) return this.materialized;
    const rows = this.rows;
    const out: GcCycleRecord[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = { kind: KINDS[rows.get(i, NF)], limiterOn: rows.get(i, NF + 1) === 1 } as GcCycleRecord;
      for (let f = 0; f < NF; f++) (r as unknown as Record<string, number>)[FIELDS[f]] = rows.get(i, f);
      out[i] = r;
    }
    return (this.materialized = out);
  }
}
