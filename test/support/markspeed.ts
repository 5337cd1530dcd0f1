// How fast a recorded corpus marks, from its gctrace: the measurement behind the model's per-version mark cost
// (kernel/versions/markcost.ts: MARK_COST_CORPUS_FACTOR_GO1_NN) and behind the machine speed each corpus is compared at
// (test/support/fidelity.ts: MACHINE_MARK_SPEED). Used by test/versions/mark-speed.test.ts.
//
// Scan rate of one workload in one corpus: the median over its cycles (both reps; after 0.5 s, not forced, ≥ 8 MB
// marked) of scan work / mark CPU, where scan work is what SCAN_BYTES_PER_CPU_SECOND was fitted on (constants.ts):
// marked heap − the heap allocated during the mark (black, not scanned) + 0.75 × stacks, and mark CPU is gctrace's
// assist + background + idle CPU. MiB per CPU-ms.

import * as fs from "node:fs";
import * as path from "node:path";
import { median } from "simple-statistics";
import { parseGctrace } from "../../lib/results/importers/gctrace";
import { REAL_GO_DIR } from "./realgo";

/** Scan rate (MiB of scan work per mark CPU-ms) of `workload` in `corpus` (a folder under test/fixtures/real-go). */
export function scanRate(corpus: string, workload: string): number | null {
  const dir = path.join(REAL_GO_DIR, corpus, workload);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) return null;
  const rates: number[] = [];
  for (const rep of fs.readdirSync(dir).filter((d) => /^rep\d+$/.test(d))) {
    const file = path.join(dir, rep, "gctrace.txt");
    if (!fs.existsSync(file)) continue;
    for (const c of parseGctrace(fs.readFileSync(file, "utf8"))) {
      if (c.forced || c.periodic || c.startSeconds < 0.5 || c.heapMarkedMiB < 8) continue;
      const cpu = c.assistCpuMs + c.backgroundCpuMs + c.idleCpuMs;
      const scan = c.heapMarkedMiB - (c.heapEndMiB - c.heapStartMiB) + 0.75 * c.stacksMiB;
      if (cpu > 0) rates.push(scan / cpu);
    }
  }
  return rates.length > 0 ? median(rates) : null;
}

/**
 * The workloads whose marks measure the scan rate: every calibration workload but the CPU-quota one (its mark CPU is
 * P-time while the cgroup is throttled, not CPU) and the 1 MiB heap-minimum one (< 8 MB marked).
 */
export function rateWorkloads(corpus: string): string[] {
  return fs
    .readdirSync(path.join(REAL_GO_DIR, corpus))
    .filter((w) => !w.startsWith("cpu_quota") && !w.startsWith("small_live1m") && scanRate(corpus, w) !== null)
    .sort();
}

/** Per workload present in both, rate(a) / rate(b); and their median. */
export function rateRatio(a: string, b: string): { median: number; min: number; max: number; workloads: string[] } {
  const ws = rateWorkloads(a).filter((w) => scanRate(b, w) !== null);
  const r = ws.map((w) => scanRate(a, w)! / scanRate(b, w)!);
  return { median: median(r), min: Math.min(...r), max: Math.max(...r), workloads: ws };
}
