// The sweeper (kernel/sweep.ts): the sweep's work after each mark termination and who pays for it.
import { Sweeper } from "../../kernel/sweep";
import { SWEEP_NS_PER_BYTE } from "../../kernel/constants";
import { SWEEP_NS_PER_SPAN_GO1_19, SWEEP_NS_PER_SPAN_GO1_26 } from "../../kernel/versions/sweepcost";

const MiB = 2 ** 20;
/** A heap of 8 KiB spans swept at Go 1.19's cost per span: SWEEP_NS_PER_BYTE per byte. */
const spans8k = (bytes: number) => bytes / 8192;

test("a sweep phase owes every span in use; bgsweep on one CPU sweeps at 1 / SWEEP_NS_PER_BYTE", () => {
  const s = new Sweeper();
  s.start(100 * MiB, spans8k(100 * MiB), SWEEP_NS_PER_SPAN_GO1_19);
  expect(s.done()).toBe(false);
  const t = s.timeToFinish(1);
  expect(Math.abs(t - 100 * MiB * SWEEP_NS_PER_BYTE)).toBeLessThanOrEqual(2);
  expect(s.advance(t / 2, 1)).toBe(t / 2);
  expect(Math.abs(s.advance(t, 1) - t / 2)).toBeLessThanOrEqual(1); // only what was left (t was rounded up)
  expect(s.done()).toBe(true);
  expect(s.timeToFinish(1)).toBe(0);
});

test("proportional sweep spreads the debt over the heap distance less 1 MiB (gcPaceSweeper)", () => {
  const s = new Sweeper();
  s.start(64 * MiB, spans8k(64 * MiB), SWEEP_NS_PER_SPAN_GO1_19);
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
  a.start(100 * MiB, spans8k(100 * MiB), SWEEP_NS_PER_SPAN_GO1_19);
  const b = new Sweeper();
  b.start(100 * MiB, spans8k(100 * MiB), SWEEP_NS_PER_SPAN_GO1_19);
  expect(a.timeToFinish(1) / b.timeToFinish(2)).toBeCloseTo(2 ** 0.4, 3);
});

test("the sweep costs per span: the same bytes in a third of the spans (Go 1.22+'s 24 KiB spans of 4 KiB objects)", () => {
  const go119 = new Sweeper();
  go119.start(120 * MiB, (120 * MiB) / 8192, SWEEP_NS_PER_SPAN_GO1_19);
  const go126 = new Sweeper();
  go126.start(120 * MiB, (120 * MiB) / 24576, SWEEP_NS_PER_SPAN_GO1_26);
  const ratio = go126.timeToFinish(2) / go119.timeToFinish(2);
  expect(ratio).toBeCloseTo(SWEEP_NS_PER_SPAN_GO1_26 / SWEEP_NS_PER_SPAN_GO1_19 / 3, 3);
  const nothing = new Sweeper();
  nothing.start(0, 0, SWEEP_NS_PER_SPAN_GO1_26);
  expect(nothing.done()).toBe(true);
  expect(nothing.timeToFinish(2)).toBe(0);
});
