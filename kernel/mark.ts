// Who does the mark work, and how fast, while a GC cycle marks (§7, §8 of go-runtime-model.md).
// Rates hold between events, so the split is solved in closed form: background workers take 0.25·GOMAXPROCS of P
// time; idle Ps run idle mark workers; if that is not enough to finish the expected scan work before the heap reaches
// its goal, the mutator assists, trading allocation for scanning in the ratio the pacer sets (assistWorkPerByte).
// The same abstraction as Go's own pacer test (mgcpacer_test.go): over an interval assists force
// scanned/allocated = assistWorkPerByte.

import { SCAN_BYTES_PER_CPU_SECOND } from "./constants";

export interface MarkInputs {
  /** GOMAXPROCS. */
  procs: number;
  /** CPU the process may use, cores (GOMAXPROCS, or less under a CPU quota). */
  cpuCapacity: number;
  /** P time taken by dedicated + fractional workers, in Ps (0.25·GOMAXPROCS by design). */
  backgroundPs: number;
  /** Most idle mark workers allowed (procs − dedicated; 0 for a periodic GC, §7). */
  maxIdleWorkers: number;
  /** CPU the mutator wants to run at full speed, cores. */
  mutatorDemandCores: number;
  /** Nominal allocation rate at full mutator speed, bytes/s. */
  allocBytesPerSec: number;
  /** The pacer's assistWorkPerByte (scan work owed per byte allocated). */
  assistWorkPerByte: number;
  /** True while the GC CPU limiter is on: no assists. */
  limiterOn: boolean;
  /** This cycle's scan speed relative to the median (cycle-to-cycle jitter). */
  speed: number;
}

export interface MarkRates {
  /** Scan work done per second, bytes/s. */
  scanBytesPerSec: number;
  /** Share of its nominal speed the mutator achieves (CPU share × time not spent assisting). */
  mutatorProgress: number;
  /** Cores spent in assists, dedicated/fractional workers, idle workers, and mutator work. */
  assistCores: number;
  backgroundCores: number;
  idleCores: number;
  mutatorCores: number;
}

export function markRates(m: MarkInputs, out: MarkRates): MarkRates {
  const background = Math.min(m.backgroundPs, m.cpuCapacity);
  const forMutator = Math.max(0, m.cpuCapacity - background);
  const mutatorCores = Math.min(m.mutatorDemandCores, forMutator);
  const cpuShare = m.mutatorDemandCores > 0 ? mutatorCores / m.mutatorDemandCores : 1;
  const idle = Math.min(Math.max(0, m.cpuCapacity - background - mutatorCores), m.maxIdleWorkers);
  const S = SCAN_BYTES_PER_CPU_SECOND * m.speed;
  const workerScan = S * (background + idle);
  const alloc = m.allocBytesPerSec * cpuShare;
  let assistShare = 0;
  if (!m.limiterOn && mutatorCores > 0 && m.assistWorkPerByte * alloc > workerScan) {
    // scanned/allocated = A: (workerScan + S·mutatorCores·f) = A·alloc·(1 − f)
    assistShare = (m.assistWorkPerByte * alloc - workerScan) / (S * mutatorCores + m.assistWorkPerByte * alloc);
  }
  out.assistCores = mutatorCores * assistShare;
  out.backgroundCores = background;
  out.idleCores = idle;
  out.mutatorCores = mutatorCores * (1 - assistShare);
  out.scanBytesPerSec = workerScan + S * out.assistCores;
  out.mutatorProgress = cpuShare * (1 - assistShare);
  return out;
}

/** Share of its nominal speed the mutator achieves outside marking (CPU-starved above capacity). */
export function mutatorProgressOff(demandCores: number, cpuCapacity: number): number {
  return demandCores > cpuCapacity ? cpuCapacity / demandCores : 1;
}
