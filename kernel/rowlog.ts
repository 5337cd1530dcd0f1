// Append-only rows of numbers in fixed-size row-major chunks of a Float64Array: appending allocates nothing but a new
// chunk every CHUNK_ROWS rows and never copies, so the kernel's logs (GC cycles, timeline samples, runtime events) cost
// the JavaScript garbage collector nothing while a run goes on. Records are built from them once, when asked for.

/**
 * Rows per chunk. Small chunks (tens of KiB) come from memory the allocator reuses; chunks of a MiB were fresh pages,
 * faulted in and zeroed as a run filled them (a tenth of a simulated hour's CPU went to writing its cycle rows).
 */
const CHUNK_ROWS = 256;

export class RowLog {
  private readonly chunks: Float64Array[] = [];
  private n = 0;
  /** The chunk the last append() wrote into; write the row's fields at last[offset + field]. */
  last: Float64Array = new Float64Array(0);

  /** @param width numbers per row */
  constructor(readonly width: number) {}

  get length(): number {
    return this.n;
  }

  /** Appends a row (zeros) and returns its offset in `last`. */
  append(): number {
    const row = this.n % CHUNK_ROWS;
    if (row === 0) this.chunks.push(new Float64Array(CHUNK_ROWS * this.width));
    this.last = this.chunks[this.chunks.length - 1];
    this.n++;
    return row * this.width;
  }

  /** Field f of row i. */
  get(i: number, f: number): number {
    return this.chunks[Math.floor(i / CHUNK_ROWS)][(i % CHUNK_ROWS) * this.width + f];
  }

  /**
   * Fields fs of every row, in order (copies): one pass over the rows whatever the number of fields (a simulated
   * hour's cycle log is megabytes: each pass reads it from memory).
   */
  columns(fs: readonly number[]): Float64Array[] {
    const outs = fs.map(() => new Float64Array(this.n));
    const w = this.width;
    for (let c = 0; c < this.chunks.length; c++) {
      const chunk = this.chunks[c];
      const rows = Math.min(CHUNK_ROWS, this.n - c * CHUNK_ROWS);
      for (let k = 0; k < fs.length; k++) {
        const out = outs[k];
        const f = fs[k];
        for (let r = 0, i = c * CHUNK_ROWS; r < rows; r++, i++) out[i] = chunk[r * w + f];
      }
    }
    return outs;
  }
}
