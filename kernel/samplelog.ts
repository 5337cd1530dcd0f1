// Timeline samples in a RowLog (one row of numbers per sample, the GC phase as a code): sampling every second for a
// simulated day allocates nothing per sample. Materialized as TimelineSample objects once, when asked for.

import type { TimelineSample } from "./records";
import { RowLog } from "./rowlog";

/** The numeric fields of TimelineSample, in storage order (then the phase's code). */
export const SAMPLE_FIELDS = [
  "tNs",
  "heapGoalBytes",
  "heapLiveBytes",
  "heapTriggerBytes",
  "reachableBytes",
  "heapObjectsBytes",
  "heapUnusedBytes",
  "heapFreeBytes",
  "heapReleasedBytes",
  "heapStacksBytes",
  "metadataBytes",
  "totalBytes",
  "rssBytes",
  "goroutines",
  "gcCycles",
  "gcForcedCycles",
  "allocsBytes",
  "freesBytes",
  "gomaxprocs",
  "stackStartingSizeBytes",
  "limiterLastEnabledCycle",
  "gcCpuFraction",
] as const satisfies readonly (keyof TimelineSample)[];
const NF = SAMPLE_FIELDS.length;

/** A sample row's offsets by field name (SAMPLE.rssBytes…), then the phase's code: rows are written by name. */
export const SAMPLE = {
  ...(Object.fromEntries(SAMPLE_FIELDS.map((f, i) => [f, i])) as Record<(typeof SAMPLE_FIELDS)[number], number>),
  gcPhase: NF,
} as const;

export class SampleLog {
  private readonly rows = new RowLog(NF + 1);
  private materialized: TimelineSample[] | null = null;

  /** @param phaseNames the phase names by code */
  constructor(private readonly phaseNames: readonly string[]) {}

  /** Appends a sample: returns the row's offset in `row` (fields in SAMPLE_FIELDS order, then the phase code). */
  append(): number {
    this.materialized = null;
    return this.rows.append();
  }

  /** The chunk the last append() wrote into. */
  get row(): Float64Array {
    return this.rows.last;
  }

  /** The samples as record objects, one at a time (nothing kept). */
  *iterate(): IterableIterator<TimelineSample> {
    if (this.materialized) {
      yield* this.materialized;
      return;
    }
    for (let i = 0; i < this.rows.length; i++) yield this.record(i);
  }

  private record(i: number): TimelineSample {
    const rows = this.rows;
    const s = {} as Record<string, number | string | null>;
    for (let f = 0; f < NF; f++) {
      const v = rows.get(i, f);
      s[SAMPLE_FIELDS[f]] = v === v ? v : null; // NaN stores null (no goal, no trigger)
    }
    s.gcPhase = this.phaseNames[rows.get(i, NF)];
    return s as unknown as TimelineSample;
  }

  /** The samples as record objects (built once). */
  records(): TimelineSample[] {
    if (this.materialized) return this.materialized;
    const rows = this.rows;
    const out: TimelineSample[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = this.record(i);
    return (this.materialized = out);
  }
}
