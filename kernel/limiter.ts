// The GC CPU limiter of Go 1.19.8: a port of gcCPULimiterState (runtime/mgclimit.go: update, accumulate,
// startGCTransition, finishGCTransition, resetCapacity). The port follows runtime/mgclimit.go as read from a stored
// copy of the Go source (assist and idle time pools, update/accumulate/transitions/resetCapacity; that copy also feeds
// sched.idleTime for 1.20's /cpu/classes metrics, which does not affect the bucket) and is tested with Go's
// TestGCCPULimiter (runtime/mgclimit_test.go, golang/go@662feb6fbd89129f7932da3d7aadf02a5df12904) in
// test/limiter.test.ts.
//
// A leaky bucket of CPU time: it fills with GC CPU time and drains with mutator CPU time, one for one, so it fills
// only while the GC uses more than 50 % of the (non-idle) CPU. When full, the limiter is "on" (limiting()): assists
// are skipped (gcAssistAlloc returns at once) and allocation-time scavenging is skipped; background workers keep
// running. Capacity is 1 CPU-second per P.
//
// Units: times (now, lastUpdate) are integer nanoseconds on the caller's monotonic clock; durations of CPU time
// (fill, capacity, overflow, assist/idle time) are CPU-nanoseconds (P-ns): wall ns × number of Ps. Plain JS numbers;
// exact while below 2^53 (≈ 104 CPU-days). Nothing reads a clock: every call takes `now`.
//
// Go's in-flight per-P limiter events (p.limiterEvent: idle, idle mark work, mark assist, scavenge assist) are not
// modelled separately: the runtime model reports those durations through addAssistTime / addIdleTime (or the
// updateWith convenience) before calling update, which is what the pools do in Go's own unit test (l.test = true).

import { GC_BACKGROUND_UTILIZATION } from "./pacer";

/** runtime/mgclimit.go: capacityPerProc — bucket capacity per P: 1 CPU-second, in CPU-ns. */
export const CAPACITY_PER_PROC = 1e9;
/** runtime/mgclimit.go: gcCPULimiterUpdatePeriod — longest wall time (ns) between updates (10 ms). */
export const GC_CPU_LIMITER_UPDATE_PERIOD = 10e6;

/** runtime/mgclimit.go: gcCPULimiterState. */
export class GcCpuLimiter {
  /** Whether the limiter is on (bucket full). Set by accumulate and resetCapacity. Read through limiting(). */
  enabled = false;
  /** Bucket fill, CPU-ns; invariant 0 ≤ fill ≤ capacity. Changed by accumulate (and clamped by resetCapacity). */
  fill = 0;
  /** Bucket capacity, CPU-ns = nprocs · CAPACITY_PER_PROC. Set by resetCapacity. */
  capacity = 0;
  /** Cumulative GC CPU-ns that tried to fill the bucket beyond capacity. Only grows (accumulate). */
  overflow = 0;
  /**
   * Internal copy of gcBlackenEnabled: while true, 25 % of the wall-clock CPU counts as GC time (the background
   * workers). Flipped by startGCTransition.
   */
  gcEnabled = false;
  /** True between startGCTransition and finishGCTransition (the STW pauses around the mark phase). */
  transitioning = false;
  /** Assist CPU-ns (mark assists + scavenge assists) accumulated since the last update; drained by update. */
  assistTimePool = 0;
  /** CPU-ns Ps spent idle (on the idle list, or in idle mark workers) since the last update; drained by update. */
  idleTimePool = 0;
  /** Time (ns) of the last update or transition. */
  lastUpdate = 0;
  /** GC cycle (numgc + 1 at the time) that last turned the limiter on; 0 = never. /gc/limiter/last-enabled. */
  lastEnabledCycle = 0;
  /** Internal copy of GOMAXPROCS. Set by resetCapacity. */
  nprocs = 0;
  /** Mirror of memstats.numgc (completed GC cycles), kept current by the runtime model; read when enabling. */
  numgc = 0;
  /** Go's l.lock (a try-lock): held across a GC transition; update() while held is dropped, as in Go. */
  private locked = false;

  /**
   * export_test.go: NewGCCPULimiter — a limiter sized for `nprocs` Ps with lastUpdate = now (resetCapacity).
   * @param now ns
   * @param nprocs GOMAXPROCS
   */
  constructor(now: number, nprocs: number) {
    this.resetCapacity(now, nprocs);
  }

  /** runtime/mgclimit.go: limiting — true if the limiter is on and the GC should limit its CPU use. */
  limiting(): boolean {
    return this.enabled;
  }

  /**
   * runtime/mgclimit.go: startGCTransition — flushes time up to `now` under the old state, then switches gcEnabled
   * to `enableGC` and holds the limiter until finishGCTransition. Called at gcStart (true) and gcMarkDone (false),
   * with the world stopped.
   */
  startGCTransition(enableGC: boolean, now: number): void {
    if (!this.tryLock()) {
      // This must happen during a STW, so we can't fail to acquire the lock.
      throw new Error("limiter: failed to acquire lock to start a GC transition");
    }
    if (this.gcEnabled === enableGC) {
      throw new Error("limiter: transitioning GC to the same state as before?");
    }
    // Flush whatever was left between the last update and now.
    this.updateLocked(now);
    this.gcEnabled = enableGC;
    this.transitioning = true;
    // finishGCTransition releases the lock.
  }

  /**
   * runtime/mgclimit.go: finishGCTransition — the world was stopped since startGCTransition, so all nprocs·(now −
   * lastUpdate) CPU-ns count as GC time. `now` is the end of the STW pause. Releases the limiter.
   */
  finishGCTransition(now: number): void {
    if (!this.transitioning) {
      throw new Error("limiter: finishGCTransition called without starting one?");
    }
    const lastUpdate = this.lastUpdate;
    if (now >= lastUpdate) {
      this.accumulate(0, (now - lastUpdate) * this.nprocs);
    }
    this.lastUpdate = now;
    this.transitioning = false;
    this.unlock();
  }

  /** runtime/mgclimit.go: needUpdate — more than GC_CPU_LIMITER_UPDATE_PERIOD ns since the last update. */
  needUpdate(now: number): boolean {
    return now - this.lastUpdate > GC_CPU_LIMITER_UPDATE_PERIOD;
  }

  /** runtime/mgclimit.go: addAssistTime — CPU-ns of mark (or scavenge) assists, counted at the next update. */
  addAssistTime(t: number): void {
    this.assistTimePool += t;
  }

  /**
   * runtime/mgclimit.go: addIdleTime — CPU-ns Ps spent idle, subtracted from the window at the next update. Include
   * idle mark worker time here (Go counts limiterEventIdleMarkWork as idle time).
   */
  addIdleTime(t: number): void {
    this.idleTimePool += t;
  }

  /**
   * runtime/mgclimit.go: update — accounts the window since lastUpdate: total = (now − lastUpdate)·nprocs;
   * GC = assist pool (+ 25 % of total while gcEnabled); mutator = total − idle pool − GC. Dropped (like Go's failed
   * tryLock) while a GC transition holds the limiter.
   * @param now ns
   */
  update(now: number): void {
    if (!this.tryLock()) {
      // Something else holds the limiter (a GC transition): drop this update; the next one includes the pools.
      return;
    }
    if (this.transitioning) {
      throw new Error("limiter: update during transition");
    }
    this.updateLocked(now);
    this.unlock();
  }

  /**
   * Convenience: addAssistTime(assistTimeDelta), addIdleTime(idleTimeDelta), then update(now).
   * @param now ns
   * @param assistTimeDelta assist CPU-ns since the last update
   * @param idleTimeDelta idle CPU-ns since the last update (idle Ps + idle mark workers)
   */
  updateWith(now: number, assistTimeDelta: number, idleTimeDelta: number): void {
    this.addAssistTime(assistTimeDelta);
    this.addIdleTime(idleTimeDelta);
    this.update(now);
  }

  /** runtime/mgclimit.go: updateLocked — the body of update (lock held). */
  private updateLocked(now: number): void {
    const lastUpdate = this.lastUpdate;
    if (now < lastUpdate) {
      // Defensively avoid overflow. This isn't even the latest update anyway.
      return;
    }
    let windowTotalTime = (now - lastUpdate) * this.nprocs;
    this.lastUpdate = now;

    // Drain the pool of assist time.
    const assistTime = this.assistTimePool;
    this.assistTimePool = 0;

    // Drain the pool of idle time.
    const idleTime = this.idleTimePool;
    this.idleTimePool = 0;

    // Compute total GC time.
    let windowGCTime = assistTime;
    if (this.gcEnabled) {
      windowGCTime += Math.trunc(windowTotalTime * GC_BACKGROUND_UTILIZATION); // int64(float64(…) * 0.25)
    }

    // Subtract out all idle time from the total time, after computing GC time: background utilization depends on
    // the *real* total time.
    windowTotalTime -= idleTime;

    this.accumulate(windowTotalTime - windowGCTime, windowGCTime);
  }

  /**
   * runtime/mgclimit.go: accumulate — adds gcTime − mutatorTime (CPU-ns) to the bucket. Filling it (headroom ≤
   * change) turns the limiter on and spills the excess into overflow; any non-zero change from a full bucket that
   * does not fill it turns it off. Internal in Go; public here for the runtime model and tests.
   */
  accumulate(mutatorTime: number, gcTime: number): void {
    const headroom = this.capacity - this.fill;
    const enabled = headroom === 0;

    const change = gcTime - mutatorTime;

    // Handle limiting case.
    if (change > 0 && headroom <= change) {
      this.overflow += change - headroom;
      this.fill = this.capacity;
      if (!enabled) {
        this.enabled = true;
        this.lastEnabledCycle = this.numgc + 1;
      }
      return;
    }

    // Handle non-limiting cases.
    if (change < 0 && this.fill <= -change) {
      // Bucket emptied.
      this.fill = 0;
    } else {
      // All other cases (Go: fill -= uint64(-change), i.e. fill += change modulo 2^64).
      this.fill += change;
    }
    if (change !== 0 && enabled) {
      this.enabled = false;
    }
  }

  /**
   * runtime/mgclimit.go: resetCapacity — flushes the window, then sets nprocs and capacity = nprocs·1 CPU-s. A fill
   * above the new capacity is clamped and turns the limiter on; a fill below it turns it off. Called on GOMAXPROCS
   * changes (procresize), not while the GC is enabled.
   */
  resetCapacity(now: number, nprocs: number): void {
    if (!this.tryLock()) {
      throw new Error("limiter: failed to acquire lock to reset capacity");
    }
    // Flush the rest of the time for this period.
    this.updateLocked(now);
    this.nprocs = nprocs;

    this.capacity = nprocs * CAPACITY_PER_PROC;
    if (this.fill > this.capacity) {
      this.fill = this.capacity;
      this.enabled = true;
      this.lastEnabledCycle = this.numgc + 1;
    } else if (this.fill < this.capacity) {
      this.enabled = false;
    }
    this.unlock();
  }

  /** runtime/mgclimit.go: tryLock. */
  private tryLock(): boolean {
    if (this.locked) return false;
    this.locked = true;
    return true;
  }

  /** runtime/mgclimit.go: unlock. */
  private unlock(): void {
    if (!this.locked) {
      throw new Error("limiter: double unlock");
    }
    this.locked = false;
  }
}
