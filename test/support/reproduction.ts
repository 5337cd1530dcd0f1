// npm run reproduction [-- --corpus go1.19.8] [--against CORPUS|DIR]: does this project's load generator reproduce the
// external harness's corpus? For each calibration workload, the mean of the re-recorded reps against the mean of the
// harness's reps: GC cycles and peak heap in use within 5 %, peak RSS within 10 %, OOM time within 5 % (issue 18's
// bar: the harness's own rep-to-rep noise), with that noise (|rep1 − rep2| / mean) beside each figure.

import { median as medianOf } from "simple-statistics";
import { HARNESS_CORPUS, listWorkloads, loadRealRuns, type RealRun } from "./realgo";

export const REPRODUCTION_TOLERANCE = { gcCycles: 0.05, peakHeapInUse: 0.05, peakRss: 0.1, timeToOom: 0.05 } as const;

type Key = keyof typeof REPRODUCTION_TOLERANCE;
const MiB = 2 ** 20;

export interface ReproductionRow {
  workload: string;
  metrics: Record<
    Key,
    {
      ours: (number | null)[];
      theirs: (number | null)[];
      /** (mean of ours − mean of theirs) / mean of theirs; null where either side has no value (no kill). */
      error: number | null;
      /** Theirs' rep-to-rep noise, |rep1 − rep2| / mean. */
      noise: number | null;
      /** Ours' rep-to-rep noise, the same way. */
      noiseOurs: number | null;
      pass: boolean;
    }
  >;
  pass: boolean;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

function metricOf(r: RealRun, k: Key): number | null {
  switch (k) {
    case "gcCycles":
      return r.gcCycles;
    case "peakHeapInUse":
      return r.peakHeapInUseBytes;
    case "peakRss":
      return r.peakRssBytes;
    case "timeToOom":
      return r.timeToOomSeconds;
  }
}

export function reproduction(corpus: string, against: string = HARNESS_CORPUS): ReproductionRow[] {
  return listWorkloads().map((workload) => {
    const ours = loadRealRuns(workload, corpus);
    const theirs = loadRealRuns(workload, against);
    const metrics = {} as ReproductionRow["metrics"];
    for (const k of Object.keys(REPRODUCTION_TOLERANCE) as Key[]) {
      const o = ours.map((r) => metricOf(r, k));
      const t = theirs.map((r) => metricOf(r, k));
      const on = o.filter((v): v is number => v !== null);
      const tn = t.filter((v): v is number => v !== null);
      let error: number | null = null;
      let pass: boolean;
      if (on.length === 0 && tn.length === 0)
        pass = true; // e.g. OOM time: killed in no rep of either
      else if (on.length !== o.length || tn.length !== t.length || on.length === 0 || tn.length === 0)
        pass = false; // killed in some reps only
      else {
        error = (mean(on) - mean(tn)) / mean(tn);
        pass = Math.abs(error) <= REPRODUCTION_TOLERANCE[k];
      }
      const noise = tn.length >= 2 ? Math.abs(tn[0] - tn[1]) / mean(tn) : null;
      const noiseOurs = on.length >= 2 ? Math.abs(on[0] - on[1]) / mean(on) : null;
      metrics[k] = { ours: o, theirs: t, error, noise, noiseOurs, pass };
    }
    return { workload, metrics, pass: Object.values(metrics).every((m) => m.pass) };
  });
}

/** Counts of workloads within tolerance, per metric and all four. */
export function reproductionCounts(rows: ReproductionRow[]): string {
  const counts = (Object.keys(REPRODUCTION_TOLERANCE) as Key[])
    .map((k) => `${k} ${rows.filter((r) => r.metrics[k].pass).length}/${rows.length}`)
    .join(", ");
  return `within tolerance: ${counts}; all four: ${rows.filter((r) => r.pass).length}/${rows.length}`;
}

const KEY_NAMES: Record<Key, string> = {
  gcCycles: "GC cycles",
  peakHeapInUse: "peak heap in use",
  peakRss: "peak RSS",
  timeToOom: "OOM time",
};

/**
 * Is there a systematic difference, and is what differs more than the runs' own noise? Per metric, over the
 * workloads where both sides have a value: how many are within the bar; how many are within the bar or within the
 * larger of the two sides' rep-to-rep noise (|rep1 − rep2| / mean, each side in its own reps: with two reps a side,
 * the error of the means and one side's rep difference have about the same spread); the mean signed error with its
 * standard error and t = mean / SE (a systematic difference shows as |t| ≳ 2); how many workloads err up or down;
 * the median |error| against the median rep-to-rep noise of each side.
 */
export function reproductionStats(rows: ReproductionRow[]): string {
  const pct = (x: number, d = 1) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(d)}%`;
  const abs = (x: number, d = 1) => `${(x * 100).toFixed(d)}%`;
  const lines = (Object.keys(REPRODUCTION_TOLERANCE) as Key[]).map((k) => {
    const ms = rows.map((r) => r.metrics[k]).filter((m) => m.error !== null);
    const e = ms.map((m) => m.error as number);
    const n = e.length;
    const within = ms.filter((m) => Math.abs(m.error as number) <= REPRODUCTION_TOLERANCE[k]).length;
    const withinNoise = ms.filter(
      (m) => Math.abs(m.error as number) <= Math.max(REPRODUCTION_TOLERANCE[k], m.noise ?? 0, m.noiseOurs ?? 0),
    ).length;
    const mu = n > 0 ? mean(e) : 0;
    const sd = n > 1 ? Math.sqrt(e.reduce((a, x) => a + (x - mu) ** 2, 0) / (n - 1)) : 0;
    const se = n > 1 ? sd / Math.sqrt(n) : 0;
    const up = e.filter((x) => x > 0).length;
    const down = e.filter((x) => x < 0).length;
    const noiseT = median(ms.map((m) => m.noise).filter((v): v is number => v !== null));
    const noiseO = median(ms.map((m) => m.noiseOurs).filter((v): v is number => v !== null));
    return (
      `| ${KEY_NAMES[k]} (±${REPRODUCTION_TOLERANCE[k] * 100}%) | ${n} | ${within}/${n} | ${withinNoise}/${n} | ${pct(mu, 2)} ± ${abs(se, 2)} (t = ${se > 0 ? (mu / se).toFixed(1) : "–"}) | ` +
      `${up} up, ${down} down, ${n - up - down} equal | ${abs(median(e.map(Math.abs)))} | ${abs(noiseO)} / ${abs(noiseT)} |`
    );
  });
  return (
    "| metric (bar) | workloads | within the bar | within the bar or the rep-to-rep noise | mean error ± SE | direction | median \\|error\\| | median rep-to-rep noise (ours / theirs) |\n" +
    "|---|---|---|---|---|---|---|---|\n" +
    lines.join("\n") +
    "\n"
  );
}

/** The median (simple-statistics), NaN for none (printed as such in the table, where a column has no data). */
const median = (xs: number[]): number => (xs.length === 0 ? NaN : medianOf(xs));

/** The table alone (markdown), "ours vs theirs" per cell. */
export function reproductionMarkdown(rows: ReproductionRow[]): string {
  const f = (k: Key, v: number | null) =>
    v === null ? "–" : k === "gcCycles" ? String(v) : k === "timeToOom" ? v.toFixed(2) : (v / MiB).toFixed(0);
  const cell = (k: Key, m: ReproductionRow["metrics"][Key]) =>
    m.ours.every((v) => v === null) && m.theirs.every((v) => v === null)
      ? "no kill / no kill"
      : `${m.ours.map((v) => f(k, v)).join("/")} vs ${m.theirs.map((v) => f(k, v)).join("/")} ` +
        `(${m.error === null ? "–" : `${m.error >= 0 ? "+" : ""}${(m.error * 100).toFixed(1)}%`}${m.pass ? "" : " ✗"}; noise ${m.noise === null ? "–" : `${(m.noise * 100).toFixed(1)}%`})`;
  const head = `| workload | GC cycles (±5%) | peak heap in use MiB (±5%) | peak RSS MiB (±10%) | OOM at s (±5%) |\n|---|---|---|---|---|\n`;
  const body = rows
    .map(
      (r) =>
        `| ${r.workload} | ${cell("gcCycles", r.metrics.gcCycles)} | ${cell("peakHeapInUse", r.metrics.peakHeapInUse)} | ${cell("peakRss", r.metrics.peakRss)} | ${cell("timeToOom", r.metrics.timeToOom)} |`,
    )
    .join("\n");
  return `${head}${body}\n`;
}

export function reproductionTable(rows: ReproductionRow[], corpus: string, against: string = HARNESS_CORPUS): string {
  const them = against === HARNESS_CORPUS ? "the harness's go1.19.8 corpus" : against;
  return (
    `${corpus} (rep1/rep2) vs ${them} (rep1/rep2); error = mean vs mean, noise = |rep1 − rep2| / mean of the latter\n\n${reproductionMarkdown(rows)}\n${reproductionCounts(rows)}\n\n` +
    reproductionStats(rows)
  );
}

if (require.main === module) {
  const i = process.argv.indexOf("--corpus");
  const corpus = i >= 0 ? process.argv[i + 1] : "go1.19.8";
  // --against CORPUS|DIR: compare with another recording instead of the harness's (e.g. an earlier session's).
  const j = process.argv.indexOf("--against");
  const against = j >= 0 ? process.argv[j + 1] : HARNESS_CORPUS;
  process.stdout.write(reproductionTable(reproduction(corpus, against), corpus, against));
}
