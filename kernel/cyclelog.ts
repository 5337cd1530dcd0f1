// GC cycle records stored in fixed-size row-major chunks of a Float64Array: appending a cycle allocates nothing, so a
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

/** Rows per chunk: full chunks are kept as they are, so growing never copies. */
const CHUNK_ROWS = 4096;
const NF = FIELDS.length;

export class CycleLog {
  /** Row-major chunks of CHUNK_ROWS × FIELDS values. */
  private chunks: Float64Array[] = [];
  private kinds: Uint8Array[] = [];
  private limiter: Uint8Array[] = [];
  private n = 0;
  private materialized: GcCycleRecord[] | null = null;
  /** Largest heapEndBytes so far (gctrace's peak heap). */
  peakHeapEnd = 0;

  get length(): number {
    return this.n;
  }

  /** Appends a cycle (the record is copied; callers may reuse the object). */
  add(r: GcCycleRecord): void {
    const row = this.n % CHUNK_ROWS;
    if (row === 0) {
      this.chunks.push(new Float64Array(CHUNK_ROWS * NF));
      this.kinds.push(new Uint8Array(CHUNK_ROWS));
      this.limiter.push(new Uint8Array(CHUNK_ROWS));
    }
    const k = this.chunks.length - 1;
    const c = this.chunks[k];
    let i = row * NF;
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
    c[i] = r.utilization;
    this.kinds[k][row] = r.kind === "heap" ? 0 : r.kind === "periodic" ? 1 : 2;
    this.limiter[k][row] = r.limiterOn ? 1 : 0;
    this.n++;
    if (r.heapEndBytes > this.peakHeapEnd) this.peakHeapEnd = r.heapEndBytes;
    this.materialized = null;
  }

  /** The cycles as record objects (built once). */
  records(): GcCycleRecord[] {
    if (this.materialized) return this.materialized;
    const out: GcCycleRecord[] = new Array(this.n);
    for (let i = 0; i < this.n; i++) {
      const k = Math.floor(i / CHUNK_ROWS);
      const row = i % CHUNK_ROWS;
      const c = this.chunks[k];
      const r = { kind: KINDS[this.kinds[k][row]], limiterOn: this.limiter[k][row] === 1 } as GcCycleRecord;
      for (let f = 0; f < NF; f++) (r as unknown as Record<string, number>)[FIELDS[f]] = c[row * NF + f];
      out[i] = r;
    }
    return (this.materialized = out);
  }
}
