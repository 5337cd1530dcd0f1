// The cons/mark estimators (kernel/consmark.ts), through their public door: each version's smoothing of the measured
// cons/mark, and how the pacer uses it (endCycle feeds it; commit turns the estimate into the runway). The whole
// pacer with each estimator is pinned by Go's own TestGcPacer (test/pacer.golden.test.ts); these tests say what each
// estimator does on its own.

import { MaxConsMark, MeanConsMark, PiConsMark } from "../kernel/consmark";
import { GcController } from "../kernel/pacer";
import { MAX_INT64 } from "../kernel/gonum";
import { GO1_19 } from "../kernel/versions/go1_19";
import { GO1_26 } from "../kernel/versions/go1_26";

describe("MaxConsMark (Go 1.21+: the largest of the last 5 measurements)", () => {
  test("a spike holds for 5 cycles, then the estimate falls back", () => {
    const e = new MaxConsMark(4);
    const measured = [0.2, 0.2, 1.0, 0.2, 0.2, 0.2, 0.2, 0.2, 0.3];
    const out = measured.map((m) => e.next(-1, m)); // `previous` is ignored
    expect(out).toEqual([0.2, 0.2, 1.0, 1.0, 1.0, 1.0, 1.0, 0.2, 0.3]);
  });

  test("starts from zeros: a first measurement below 0 is raised to 0", () => {
    const e = new MaxConsMark(4);
    expect(e.next(0, -0.5)).toBe(0);
    expect(e.lastConsMark).toEqual([0, 0, 0, -0.5]);
  });

  test("window 0 is the raw measurement", () => {
    const e = new MaxConsMark(0);
    expect([0.5, 0.1].map((m) => e.next(0, m))).toEqual([0.5, 0.1]);
  });
});

describe("MeanConsMark (Go 1.20: the mean of the last 2 measurements)", () => {
  test("averages with the previous measurement, not the previous estimate", () => {
    const e = new MeanConsMark();
    expect(e.next(123, 0.4)).toBeCloseTo(0.2, 15); // with 0 before the first cycle
    expect(e.next(0.2, 0.6)).toBeCloseTo(0.5, 15);
    expect(e.next(0.5, 0.6)).toBeCloseTo(0.6, 15);
  });
});

describe("PiConsMark (Go 1.19: PI controller, kp 0.9, ti 4, tt 1000)", () => {
  test("moves 0.9 of the way plus the integral, and converges on a steady measurement", () => {
    const e = new PiConsMark();
    let est = 0;
    est = e.next(est, 1);
    expect(est).toBeCloseTo(0.9, 15);
    for (let i = 0; i < 60; i++) est = e.next(est, 1);
    expect(Math.abs(est - 1)).toBeLessThan(1e-3); // overdamped: within 0.1 % after 60 cycles
  });

  test("a non-finite measurement resets the controller and gives 0", () => {
    const e = new PiConsMark();
    e.next(0, 0.5);
    expect(e.controller.errIntegral).not.toBe(0);
    expect(e.next(0.45, Infinity)).toBe(0);
    expect(e.controller.errIntegral).toBe(0);
  });
});

describe("the pacer's estimator comes from its version's rules", () => {
  /** Runs one cycle whose measured cons/mark is `alloc`/`scan` scaled (utilization 0.25, no idle time). */
  function cycle(c: GcController, allocated: number, scanned: number): void {
    c.heapLive = c.triggerBytes();
    c.startCycle(0, 4, "heap");
    c.heapLive += allocated;
    c.heapScanWork = scanned;
    c.assistTime = 0;
    c.endCycle(1e6, 4, false);
    c.resetLive(c.heapLive);
    c.commit(false);
  }

  test("after one spike, Go 1.26 keeps the spike's cons/mark for 4 more cycles, Go 1.19 decays it", () => {
    const go119 = new GcController(100, MAX_INT64, GO1_19.pacer);
    const go126 = new GcController(100, MAX_INT64, GO1_26.pacer);
    expect(go119.consMarkEstimator).toBeInstanceOf(PiConsMark);
    expect(go126.consMarkEstimator).toBeInstanceOf(MaxConsMark);
    const spike: number[] = [];
    const after: Array<[number, number]> = [];
    for (const c of [go119, go126]) {
      cycle(c, 3e6, 1e6); // measured 3e6/1e6 · 0.25/0.75 = 1
      spike.push(c.consMark);
      for (let i = 0; i < 4; i++) cycle(c, 0.3e6, 1e6); // measured 0.1
      after.push([c.consMark, 0]);
      cycle(c, 0.3e6, 1e6);
      after[after.length - 1][1] = c.consMark;
    }
    expect(spike[1]).toBeCloseTo(1, 12); // 1.26: max(1, zeros)
    expect(after[1][0]).toBeCloseTo(1, 12); // still the spike after 4 more cycles
    expect(after[1][1]).toBeCloseTo(0.1, 12); // the 6th cycle forgets it
    expect(spike[0]).toBeCloseTo(0.9, 12); // 1.19: 0.9 of the way
    expect(after[0][0]).toBeLessThan(0.5); // PI pulled towards 0.1 already
  });
});
