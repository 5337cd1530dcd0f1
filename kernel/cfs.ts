// CFS bandwidth control (a cgroup's CPU quota, kernel/sched/fair.c): in each period (cpu.cfs_period_us, 100 ms) the
// process's threads may use quota × period of CPU; once they have, every thread is throttled until the period ends.
// The kernel simulates it period by period (mark.ts: a running P gets a whole CPU): the process runs at full speed
// until the quota runs out (the runtime arms a timer at timeToThrottle) and not at all after, while Go's P-time
// accounting goes on. Only a quota below GOMAXPROCS can throttle (active). What cgroup's cpu.stat counts is kept:
// nr_periods, nr_throttled, throttled_time. Time is passed in; the quota knows nothing of Go.

import { CFS_PERIOD_NS } from "./constants";
import type { CpuQuotaStats } from "./records";

export class CfsQuota {
  /** The quota, cores (cpu.cfs_quota_us / cpu.cfs_period_us); null: none. Changed by set. */
  quota: number | null;
  /** CPU-ns used in the current period. */
  usedNs = 0;
  /** Every thread is throttled until the period ends. */
  throttled = false;
  /** When the current period began, ns. */
  periodStartNs = 0;
  /** A next period is scheduled (the runtime's E_CFS_PERIOD chain runs). */
  chain = false;
  /** The container had a quota at some point (stats is null otherwise). */
  private everSet: boolean;
  // cpu.stat
  private periods = 0;
  private throttledPeriods = 0;
  private throttledNs = 0;
  private throttledAtNs = 0;

  constructor(quota: number | null, laterQuota: boolean) {
    this.quota = quota;
    this.everSet = quota !== null || laterQuota;
  }

  /** Whether the quota can throttle: below GOMAXPROCS (`procs`), the most the process can run on at once. */
  active(procs: number): boolean {
    return this.quota !== null && this.quota < procs;
  }

  /** The process used `cpuNs` of CPU (cores × ns) while not throttled. */
  use(cpuNs: number): void {
    this.usedNs += cpuNs;
  }

  /** A period starts at `nowNs` (the quota refilled). Returns whether the threads were throttled until now. */
  newPeriod(nowNs: number): boolean {
    this.periods++;
    const was = this.throttled;
    if (was) this.throttledNs += nowNs - this.throttledAtNs;
    this.usedNs = 0;
    this.periodStartNs = nowNs;
    this.throttled = false;
    return was;
  }

  /** The quota ran out at `nowNs`: every thread stops until the period ends. */
  throttle(nowNs: number): void {
    this.throttled = true;
    this.throttledPeriods++;
    this.throttledAtNs = nowNs;
  }

  /** The quota was changed to `quota` at `nowNs` (a container resize). */
  set(quota: number | null): void {
    this.quota = quota;
    this.everSet = this.everSet || quota !== null;
  }

  /** A quota that no longer throttles (lifted, or raised to GOMAXPROCS) releases throttled threads at `nowNs`. */
  release(nowNs: number): void {
    if (!this.throttled) return;
    this.throttled = false;
    this.throttledNs += nowNs - this.throttledAtNs;
  }

  /** Starts the periods at `nowNs` (a quota newly in force): a fresh period with the whole quota. */
  start(nowNs: number): void {
    this.usedNs = 0;
    this.periodStartNs = nowNs;
    this.chain = true;
  }

  /**
   * When the quota runs out at `useCores` from `nowNs`, if before the period ends; null otherwise (or if nothing runs).
   */
  timeToThrottle(nowNs: number, useCores: number): number | null {
    if (useCores <= 0) return null;
    const quotaNs = (this.quota as number) * CFS_PERIOD_NS;
    const t = nowNs + Math.max(1, Math.ceil((quotaNs - this.usedNs) / useCores));
    return t < this.periodStartNs + CFS_PERIOD_NS ? t : null;
  }

  /** cpu.stat at `nowNs` (a throttle in progress counts up to now); null if there never was a quota. */
  stats(nowNs: number): CpuQuotaStats | null {
    if (!this.everSet) return null;
    return {
      periods: this.periods,
      throttledPeriods: this.throttledPeriods,
      throttledNs: this.throttledNs + (this.throttled ? nowNs - this.throttledAtNs : 0),
    };
  }
}
