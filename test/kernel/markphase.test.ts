// The running mark phase (kernel/markphase.ts): its scan work and fixed part, its CPU at the rates in force, the scan
// work handed to the pacer split as gcDrain does it, and the instant of the next mark step.
import { MarkPhase } from "../../kernel/markphase";
import { Pacing } from "../../kernel/pacing";
import { Workload } from "../../kernel/workload";
import { MARK_EXTRA_P_NS, MARK_MIN_NS, SCAN_BYTES_PER_CPU_SECOND } from "../../kernel/constants";

const MiB = 2 ** 20;

test("a mark's work: its fixed part (per P beyond the first, at most the scan itself), then globals, stacks, heap", () => {
  const m = new MarkPhase();
  m.begin(1e9, 1 * MiB, 2 * MiB, 60 * MiB, 4, 1);
  const fixed = MARK_EXTRA_P_NS * 1e-9 * 3 * SCAN_BYTES_PER_CPU_SECOND;
  expect(m.fixed).toBeCloseTo(fixed, 3);
  expect(m.workTotal).toBeCloseTo(fixed + 63 * MiB, 3);
  m.begin(1e9, 0, 2048, 1024, 8, 1); // a tiny heap: the fixed part is capped at the scan's own size
  expect(m.fixed).toBe(2048 + 1024);
});

test("advance accrues scan work and worker/assist CPU at the rates in force, and returns the GC P-time", () => {
  const m = new MarkPhase();
  m.begin(0, 0, 0, 100 * MiB, 1, 1);
  Object.assign(m.rates, { scanBytesPerSec: 50 * MiB, assistPs: 0.5, backgroundPs: 0.25, idlePs: 0.25 });
  expect(m.advance(1e9)).toBeCloseTo(0.75e9, 3);
  expect(m.workDone).toBeCloseTo(50 * MiB, 3);
  expect(m.assistCpuNs).toBeCloseTo(0.5e9, 3);
  expect(m.idleCpuNs).toBeCloseTo(0.25e9, 3);
  expect(m.workFinished()).toBe(false);
  m.advance(10e9);
  expect(m.workDone).toBe(m.workTotal); // never past the total
  expect(m.workFinished()).toBe(true);
  expect(m.advanceThrottled(1e9)).toBeCloseTo(0.75e9, 3); // throttled: CPU accrues, no work
  expect(m.idleCpuNs).toBeCloseTo(2.75e9, 3);
});

test("the scan work the pacer sees leaves out the fixed part and is split globals, then stacks, then heap", () => {
  const m = new MarkPhase();
  m.begin(0, 1000, 2000, 10_000, 2, 1);
  const seen: number[][] = [];
  const door = { setScanWork: (g: number, s: number, h: number) => seen.push([g, s, h]) } as unknown as Pacing;
  m.handScanWork(door, m.fixed + 500);
  m.handScanWork(door, m.fixed + 2500);
  m.handScanWork(door, m.fixed + 5000);
  expect(seen).toEqual([
    [500, 0, 0],
    [1000, 1500, 0],
    [1000, 2000, 2000],
  ]);
});

test("the next mark step: the scan's end, or the fixed latency once the work is done, or the heap reaching the goal", () => {
  const w = new Workload();
  w.apply({ kind: "garbage", bytesPerSec: 100 * MiB, sizes: [{ size: 1024, share: 1 }], pointerFraction: 0 }, 0);
  const door = new Pacing({ gcPercent: 100, memoryLimitBytes: null, globalsBytes: 0, procs: 2 });
  door.setHeap(2 * MiB, 2 * MiB);
  door.commit(true);
  const goal = door.heapGoal();
  const m = new MarkPhase();
  m.begin(0, 0, 0, 1 * MiB, 1, 1);
  Object.assign(m.rates, { scanBytesPerSec: 10 * MiB * 1000, mutatorProgress: 1, limiterFillPs: 0 }); // 0.1 ms of work
  expect(m.nextStepNs(0, 2 * MiB, door, w, 1e12)).toBe(1e5);
  m.advance(1e5);
  expect(m.nextStepNs(1e5, 2 * MiB, door, w, 1e12)).toBe(MARK_MIN_NS - 1e5); // work done: the fixed latency remains
  m.begin(0, 0, 0, 1000 * MiB, 1, 1);
  Object.assign(m.rates, { scanBytesPerSec: 1 * MiB });
  // the heap reaches the goal at 100 MiB/s long before 1000 s of scanning
  expect(m.nextStepNs(0, 2 * MiB, door, w, 1e12)).toBeCloseTo(((goal - 2 * MiB) / (100 * MiB)) * 1e9, -6);
});
