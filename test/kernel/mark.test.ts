// Who marks and how fast (kernel/mark.ts): background workers at their share, idle workers on idle Ps, assists when
// the workers alone would not finish before the goal, the limiter capping assists.
import {
  markRates,
  MarkInputs,
  MarkRates,
  mutatorCpuEquivalent,
  mutatorCpusFor,
  mutatorProgressOff,
} from "../../kernel/mark";
import { SCAN_BYTES_PER_CPU_SECOND } from "../../kernel/constants";

const inputs = (o: Partial<MarkInputs>): MarkInputs => ({
  procs: 4,
  backgroundPs: 1,
  maxIdleWorkers: 3,
  mutatorDemandCores: 0.5,
  allocBytesPerSec: 100e6,
  assistWorkPerByte: 0,
  limiterOn: false,
  speed: 1,
  behind: false,
  ...o,
});
const out = (): MarkRates => ({
  scanBytesPerSec: 0,
  mutatorProgress: 0,
  assistPs: 0,
  backgroundPs: 0,
  idlePs: 0,
  mutatorPs: 0,
  unusedPs: 0,
  limiterFillPs: 0,
});

test("P-time adds up to GOMAXPROCS: workers, idle workers, the mutator and what is left", () => {
  const r = markRates(inputs({}), out());
  expect(r.backgroundPs + r.idlePs + r.assistPs + r.mutatorPs + r.unusedPs).toBeCloseTo(4, 9);
  expect(r.assistPs).toBe(0); // no assist ratio
  expect(r.idlePs).toBeCloseTo(2.5, 9); // the 2.5 Ps neither the worker nor the mutator uses
  expect(r.scanBytesPerSec).toBeCloseTo(SCAN_BYTES_PER_CPU_SECOND * 3.5, 0);
  expect(r.mutatorProgress).toBe(1);
});

test("assists make scanned/allocated equal the pacer's ratio when the workers alone fall short", () => {
  const m = inputs({
    procs: 1,
    backgroundPs: 0.25,
    maxIdleWorkers: 0,
    mutatorDemandCores: 0.75,
    allocBytesPerSec: 1e9,
    assistWorkPerByte: 10,
  });
  const r = markRates(m, out());
  expect(r.assistPs).toBeGreaterThan(0);
  const allocated = m.allocBytesPerSec * r.mutatorProgress;
  expect(r.scanBytesPerSec / allocated).toBeCloseTo(10, 6);
});

test("with the limiter on, GC P-time (workers + assists) does not exceed the mutator's", () => {
  const r = markRates(
    inputs({
      procs: 1,
      backgroundPs: 0.25,
      maxIdleWorkers: 0,
      mutatorDemandCores: 0.75,
      allocBytesPerSec: 1e9,
      assistWorkPerByte: 10,
      limiterOn: true,
    }),
    out(),
  );
  expect(r.backgroundPs + r.assistPs).toBeLessThanOrEqual(r.mutatorPs + 1e-12);
  expect(r.limiterFillPs).toBeLessThanOrEqual(1e-12);
});

test("the mutator's CPU scales as N^0.4 beyond one CPU, and the inverse is its inverse", () => {
  expect(mutatorCpuEquivalent(0.5)).toBe(0.5);
  expect(mutatorCpuEquivalent(2)).toBeCloseTo(2 ** 0.4, 12);
  expect(mutatorCpusFor(mutatorCpuEquivalent(8))).toBeCloseTo(8, 9);
  expect(mutatorProgressOff(0.5, 2, false)).toBe(1);
  expect(mutatorProgressOff(4, 2, false)).toBeCloseTo(2 ** 0.4 / 4, 12); // CPU-starved
  expect(mutatorProgressOff(0.5, 2, true)).toBeGreaterThan(1); // catching up on every P
});
