// How fast a recorded corpus marks, from its gctrace: the measurement behind the model's per-version mark cost
// (kernel/versions/markcost.ts: MARK_COST_GO1_19_OVER_GO1_NN) and behind the machine speed each corpus is compared at
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
import { MARK_EXTRA_P_NS, SCAN_BYTES_PER_CPU_SECOND } from "../../kernel/constants";

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

/**
 * The mark CPU per byte of scan work of `corpus`, recorded on a machine that marks at `machineSpeed` of the calibration
 * machine's speed, relative to the model's Go 1.19 (SCAN_BYTES_PER_CPU_SECOND), with the mark's fixed part
 * (MARK_EXTRA_P_NS per P beyond the first) taken out first: per cycle (the cycles scanRate reads)
 * (CPU × machineSpeed − MARK_EXTRA_P_NS × (P − 1)) / (scan work / SCAN_BYTES_PER_CPU_SECOND); the median over the
 * cycles of each workload, then over the workloads (rateWorkloads). Scan work as scanRate counts it.
 */
export function perByteCost(
  corpus: string,
  machineSpeed: number,
): { median: number; min: number; max: number; workloads: string[] } {
  const ws = rateWorkloads(corpus);
  const r = ws.map((w) => {
    const dir = path.join(REAL_GO_DIR, corpus, w);
    const costs: number[] = [];
    for (const rep of fs.readdirSync(dir).filter((d) => /^rep\d+$/.test(d))) {
      const file = path.join(dir, rep, "gctrace.txt");
      if (!fs.existsSync(file)) continue;
      for (const c of parseGctrace(fs.readFileSync(file, "utf8"))) {
        if (c.forced || c.periodic || c.startSeconds < 0.5 || c.heapMarkedMiB < 8) continue;
        const cpuNs = (c.assistCpuMs + c.backgroundCpuMs + c.idleCpuMs) * 1e6;
        const scanBytes = (c.heapMarkedMiB - (c.heapEndMiB - c.heapStartMiB) + 0.75 * c.stacksMiB) * 2 ** 20;
        if (cpuNs > 0 && scanBytes > 0)
          costs.push(
            (cpuNs * machineSpeed - MARK_EXTRA_P_NS * (c.procs - 1)) / ((scanBytes / SCAN_BYTES_PER_CPU_SECOND) * 1e9),
          );
      }
    }
    return median(costs);
  });
  return { median: median(r), min: Math.min(...r), max: Math.max(...r), workloads: ws };
}
