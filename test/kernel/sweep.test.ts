// The sweeper (kernel/sweep.ts): the sweep's work after each mark termination and who pays for it.
import { Sweeper } from "../../kernel/sweep";
import { SWEEP_NS_PER_BYTE } from "../../kernel/constants";

const MiB = 2 ** 20;

test("a sweep phase owes every span in use; bgsweep on one CPU sweeps at 1 / SWEEP_NS_PER_BYTE", () => {
  const s = new Sweeper();
  s.start(100 * MiB);
  expect(s.done()).toBe(false);
  const t = s.timeToFinish(1);
  expect(Math.abs(t - 100 * MiB * SWEEP_NS_PER_BYTE)).toBeLessThanOrEqual(1);
  expect(s.advance(t / 2, 1)).toBe(t / 2);
  expect(Math.abs(s.advance(t, 1) - t / 2)).toBeLessThanOrEqual(1); // only what was left (t was rounded up)
  expect(s.done()).toBe(true);
  expect(s.timeToFinish(1)).toBe(0);
});

test("proportional sweep spreads the debt over the heap distance less 1 MiB (gcPaceSweeper)", () => {
  const s = new Sweeper();
  s.start(64 * MiB);
  s.pace(33 * MiB); // 32 MiB of allocation to pay 64 MiB of sweep
  expect(s.perAllocByte).toBeCloseTo(2, 12);
  expect(s.allocToFinish()).toBeCloseTo(32 * MiB, 3);
  s.payAlloc(16 * MiB);
  expect(s.debt).toBeCloseTo(32 * MiB, 3);
  expect(s.nsPerAllocByte()).toBeCloseTo(2 * SWEEP_NS_PER_BYTE, 12);
  s.finish(); // gcStart's finishsweep_m
  expect(s.done()).toBe(true);
  expect(s.nsPerAllocByte()).toBe(0);
});

test("more CPUs sweep faster, by N^0.4 (memory-bound, like the mutator)", () => {
  const a = new Sweeper();
  a.start(100 * MiB);
  const b = new Sweeper();
  b.start(100 * MiB);
  expect(a.timeToFinish(1) / b.timeToFinish(2)).toBeCloseTo(2 ** 0.4, 3);
});
