// GC cycle records stored column-wise (one growable Float64Array per field): appending a cycle allocates nothing, so a
// simulated hour's ~30,000 cycles cost the garbage collector nothing. Records are materialized as GcCycleRecord
// objects once, when first asked for.

import type { GcCycleRecord } from "./records";

/** Cycle kinds by their stored code (add() writes 0, 1, 2 in this order). */
const KINDS: GcCycleRecord["kind"][] = ["heap", "periodic", "forced"];
/** The numeric fields, in storage order. */
const FIELDS = [
  "cycle", "startNs", "stw1Ns", "markNs", "stw2Ns", "stw1CpuNs", "assistCpuNs", "backgroundCpuNs", "idleCpuNs",
  "stw2CpuNs", "heapStartBytes", "heapEndBytes", "heapMarkedBytes", "heapGoalBytes", "heapTriggerBytes", "stackBytes",
  "globalsBytes", "procs", "gcCpuFraction", "utilization",
] as const;

export class CycleLog {
  private cols: Float64Array[] = FIELDS.map(() => new Float64Array(1024));
  private kinds = new Uint8Array(1024);
  private limiter = new Uint8Array(1024);
  private n = 0;
  private materialized: GcCycleRecord[] | null = null;
  /** Largest heapEndBytes so far (gctrace's peak heap). */
  peakHeapEnd = 0;

  get length(): number {
    return this.n;
  }

  /** Appends a cycle (the record is copied; callers may reuse the object). */
  add(r: GcCycleRecord): void {
    if (this.n === this.kinds.length) this.grow();
    const i = this.n++;
    const c = this.cols;
    c[0][i] = r.cycle;
    c[1][i] = r.startNs;
    c[2][i] = r.stw1Ns;
    c[3][i] = r.markNs;
    c[4][i] = r.stw2Ns;
    c[5][i] = r.stw1CpuNs;
    c[6][i] = r.assistCpuNs;
    c[7][i] = r.backgroundCpuNs;
    c[8][i] = r.idleCpuNs;
    c[9][i] = r.stw2CpuNs;
    c[10][i] = r.heapStartBytes;
    c[11][i] = r.heapEndBytes;
    c[12][i] = r.heapMarkedBytes;
    c[13][i] = r.heapGoalBytes;
    c[14][i] = r.heapTriggerBytes;
    c[15][i] = r.stackBytes;
    c[16][i] = r.globalsBytes;
    c[17][i] = r.procs;
    c[18][i] = r.gcCpuFraction;
    c[19][i] = r.utilization;
    this.kinds[i] = r.kind === "heap" ? 0 : r.kind === "periodic" ? 1 : 2;
    this.limiter[i] = r.limiterOn ? 1 : 0;
    if (r.heapEndBytes > this.peakHeapEnd) this.peakHeapEnd = r.heapEndBytes;
    this.materialized = null;
  }

  /** The cycles as record objects (built once). */
  records(): GcCycleRecord[] {
    if (this.materialized) return this.materialized;
    const out: GcCycleRecord[] = new Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const r = { kind: KINDS[this.kinds[i]], limiterOn: this.limiter[i] === 1 } as GcCycleRecord;
      for (let f = 0; f < FIELDS.length; f++) (r as unknown as Record<string, number>)[FIELDS[f]] = this.cols[f][i];
      out[i] = r;
    }
    return (this.materialized = out);
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    this.cols = this.cols.map((c) => {
      const b = new Float64Array(cap);
      b.set(c);
      return b;
    });
    const k = new Uint8Array(cap);
    k.set(this.kinds);
    this.kinds = k;
    const l = new Uint8Array(cap);
    l.set(this.limiter);
    this.limiter = l;
  }
}
