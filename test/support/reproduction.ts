// npm run reproduction [-- --corpus go1.19.8] [--against CORPUS|DIR]: does this project's load generator reproduce the external harness's
// corpus? For each calibration workload, the mean of the re-recorded reps against the mean of the harness's reps:
// GC cycles and peak heap in use within 5 %, peak RSS within 10 %, OOM time within 5 % (issue 18's bar: the
// harness's own rep-to-rep noise), with that noise (|rep1 − rep2| / mean) beside each figure.

import { HARNESS_CORPUS, listWorkloads, loadRealRuns, type RealRun } from "./realgo";

export const REPRODUCTION_TOLERANCE = { gcCycles: 0.05, peakHeapInUse: 0.05, peakRss: 0.1, timeToOom: 0.05 } as const;

type Key = keyof typeof REPRODUCTION_TOLERANCE;
const MiB = 2 ** 20;

export interface ReproductionRow {
  workload: string;
  metrics: Record<Key, { ours: (number | null)[]; theirs: (number | null)[]; error: number | null; noise: number | null; pass: boolean }>;
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
      if (on.length === 0 && tn.length === 0) pass = true; // e.g. OOM time: killed in no rep of either
      else if (on.length !== o.length || tn.length !== t.length || on.length === 0 || tn.length === 0) pass = false; // killed in some reps only
      else {
        error = (mean(on) - mean(tn)) / mean(tn);
        pass = Math.abs(error) <= REPRODUCTION_TOLERANCE[k];
      }
      const noise = tn.length >= 2 ? Math.abs(tn[0] - tn[1]) / mean(tn) : null;
      metrics[k] = { ours: o, theirs: t, error, noise, pass };
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

/** The table alone (markdown), "ours vs theirs" per cell. */
export function reproductionMarkdown(rows: ReproductionRow[]): string {
  const f = (k: Key, v: number | null) => (v === null ? "–" : k === "gcCycles" ? String(v) : k === "timeToOom" ? v.toFixed(2) : (v / MiB).toFixed(0));
  const cell = (k: Key, m: ReproductionRow["metrics"][Key]) =>
    m.ours.every((v) => v === null) && m.theirs.every((v) => v === null)
      ? "no kill / no kill"
      : `${m.ours.map((v) => f(k, v)).join("/")} vs ${m.theirs.map((v) => f(k, v)).join("/")} ` +
        `(${m.error === null ? "–" : `${m.error >= 0 ? "+" : ""}${(m.error * 100).toFixed(1)}%`}${m.pass ? "" : " ✗"}; noise ${m.noise === null ? "–" : `${(m.noise * 100).toFixed(1)}%`})`;
  const head =
    `| workload | GC cycles (±5%) | peak heap in use MiB (±5%) | peak RSS MiB (±10%) | OOM at s (±5%) |\n|---|---|---|---|---|\n`;
  const body = rows
    .map((r) => `| ${r.workload} | ${cell("gcCycles", r.metrics.gcCycles)} | ${cell("peakHeapInUse", r.metrics.peakHeapInUse)} | ${cell("peakRss", r.metrics.peakRss)} | ${cell("timeToOom", r.metrics.timeToOom)} |`)
    .join("\n");
  return `${head}${body}\n`;
}

export function reproductionTable(rows: ReproductionRow[], corpus: string, against: string = HARNESS_CORPUS): string {
  const them = against === HARNESS_CORPUS ? "the harness's go1.19.8 corpus" : against;
  return `${corpus} (rep1/rep2) vs ${them} (rep1/rep2); error = mean vs mean, noise = |rep1 − rep2| / mean of the latter\n\n${reproductionMarkdown(rows)}\n${reproductionCounts(rows)}\n`;
}

if (require.main === module) {
  const i = process.argv.indexOf("--corpus");
  const corpus = i >= 0 ? process.argv[i + 1] : "go1.19.8";
  // --against CORPUS|DIR: compare with another recording instead of the harness's (e.g. an earlier session's).
  const j = process.argv.indexOf("--against");
  const against = j >= 0 ? process.argv[j + 1] : HARNESS_CORPUS;
  process.stdout.write(reproductionTable(reproduction(corpus, against), corpus, against));
}
