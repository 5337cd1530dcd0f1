// How the pacer estimates cons/mark from one cycle to the next: the smoothing endCycle applies to each cycle's measured
// cons/mark before commit turns it into the runway (runtime/mgcpacer.go: gcControllerState.endCycle). It is the one
// part of the pacer's formulas that changed between Go 1.19 and Go 1.27 (besides what `triggered` records and the
// memory-limit headroom, both in pacer.ts's PacerRules):
//   Go 1.19      a PI controller (kp 0.9, ti 4, tt 1000, output in [−1000, 1000])       PiConsMark
//   Go 1.20      the mean of this cycle's and the previous cycle's measurement           MeanConsMark
//   Go 1.21–1.27 the largest of this cycle's and the previous 4 cycles' measurements    MaxConsMark
// Each estimator is a small controller with its own state; the pacer owns one (made by its version's rules) and
// feeds it once per cycle. Tested through test/consmark.test.ts and, with the whole pacer, by each version's
// TestGcPacer golden data (test/pacer.golden.test.ts).

/** One cycle's cons/mark smoothing: `next` is called by endCycle with every measured value, in cycle order. */
export interface ConsMarkEstimator {
  /**
   * The cons/mark estimate after a cycle whose measured cons/mark was `current` (dimensionless), given the estimate
   * before it (`previous`, the pacer's consMark).
   */
  next(previous: number, current: number): number;
}

/**
 * runtime/mgcpacer.go (Go 1.19.8): piController — a proportional-integral controller with anti-windup (tracking time
 * tt). Units: whatever input/setpoint are in; period in cycles.
 */
export class PiController {
  /** Proportional constant. */
  kp: number;
  /** Integral time constant (cycles). */
  ti: number;
  /** Reset (anti-windup tracking) time (cycles). */
  tt: number;
  /** Output lower bound. */
  min: number;
  /** Output upper bound. */
  max: number;
  /** Integral term; changes on every next(), zeroed by reset(). */
  errIntegral = 0;
  /** Second result of the last next() call (Go returns (float64, bool); kept here to stay allocation-free). */
  lastOk = true;

  constructor(kp: number, ti: number, tt: number, min: number, max: number) {
    this.kp = kp;
    this.ti = ti;
    this.tt = tt;
    this.min = min;
    this.max = max;
  }

  /**
   * runtime/mgcpacer.go: piController.next. Returns the clamped output; Go's second result `ok` is left in lastOk:
   * false when the output or the integral became non-finite, in which case the controller was reset and `min` is
   * returned (as Go does).
   */
  next(input: number, setpoint: number, period: number): number {
    // Compute the raw output value.
    const prop = this.kp * (setpoint - input);
    const rawOutput = prop + this.errIntegral;

    // Clamp rawOutput into output.
    let output = rawOutput;
    if (!Number.isFinite(output)) {
      // The input had a large enough magnitude that either it was already overflowed, or some operation with it
      // overflowed. Set a saturated output value and reset the integral term.
      this.reset();
      this.lastOk = false;
      return this.min;
    }
    if (output < this.min) {
      output = this.min;
    } else if (output > this.max) {
      output = this.max;
    }

    // Update the controller's state.
    if (this.ti !== 0 && this.tt !== 0) {
      this.errIntegral +=
        ((this.kp * period) / this.ti) * (setpoint - input) + (period / this.tt) * (output - rawOutput);
      if (!Number.isFinite(this.errIntegral)) {
        // So much error has accumulated that we managed to overflow. Set a saturated output value and reset.
        this.reset();
        this.lastOk = false;
        return this.min;
      }
    }
    this.lastOk = true;
    return output;
  }

  /** runtime/mgcpacer.go: piController.reset. */
  reset(): void {
    this.errIntegral = 0;
  }
}

/**
 * Go 1.19.8: the measured cons/mark is the setpoint of a PI controller whose output is the estimate
 * (/usr/lib/go-1.19/src/runtime/mgcpacer.go: gcControllerState.init lines 399–419 set kp 0.9, ti 4.0, tt 1000,
 * min −1000, max 1000; endCycle lines 742–749 call `c.consMark, ok = c.consMarkController.next(c.consMark,
 * currentConsMark, 1.0)` and set consMark = 0 when !ok). The period is one GC cycle.
 */
export class PiConsMark implements ConsMarkEstimator {
  /** The controller (runtime/mgcpacer.go: gcControllerState.consMarkController); its integral is the state. */
  readonly controller = new PiController(0.9, 4.0, 1000, -1000, 1000);

  next(previous: number, current: number): number {
    const out = this.controller.next(previous, current, 1.0);
    // The error spiraled out of control: reset consMark and keep going.
    return this.controller.lastOk ? out : 0;
  }
}

/**
 * Go 1.20: the mean of this cycle's measurement and the previous cycle's (go1.20.14 src/runtime/mgcpacer.go:
 * gcControllerState.lastConsMark, line 142; endCycle lines 665–666: `c.consMark = (currentConsMark +
 * c.lastConsMark) / 2; c.lastConsMark = currentConsMark`). Commit 41795528b0 (#53892). The first cycle averages with 0.
 */
export class MeanConsMark implements ConsMarkEstimator {
  /** The measured (not the estimated) cons/mark of the previous cycle; 0 before the first. */
  lastConsMark = 0;

  next(_previous: number, current: number): number {
    const consMark = (current + this.lastConsMark) / 2;
    this.lastConsMark = current;
    return consMark;
  }
}

/**
 * Go 1.21 and later: the largest of this cycle's measurement and the previous `window` measurements, biasing a noisy
 * cons/mark towards fewer assists at the price of earlier GC starts (/usr/local/go/src/runtime/mgcpacer.go, Go 1.26.8:
 * gcControllerState.lastConsMark [4]float64, line 143; endCycle lines 667–674; Go 1.27.4: lines 143, 665–672). Commit
 * b513bd808f (#56966). Go uses window 4 (5 cycles in all); the measurements before the first cycle count as 0.
 */
export class MaxConsMark implements ConsMarkEstimator {
  /** The measured cons/mark of the previous `window` cycles, oldest first (lastConsMark); zeros before the first. */
  readonly lastConsMark: number[];

  constructor(window: number) {
    this.lastConsMark = new Array<number>(window).fill(0);
  }

  next(_previous: number, current: number): number {
    const last = this.lastConsMark;
    let consMark = current;
    for (let i = 0; i < last.length; i++) {
      if (last[i] > consMark) {
        consMark = last[i];
      }
    }
    // copy(c.lastConsMark[:], c.lastConsMark[1:]); c.lastConsMark[len-1] = currentConsMark
    for (let i = 0; i + 1 < last.length; i++) last[i] = last[i + 1];
    if (last.length > 0) last[last.length - 1] = current;
    return consMark;
  }
}
