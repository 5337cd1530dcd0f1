// The runtime's door to the pacer and the GC CPU limiter (kernel/pacing.ts): inputs in, goal, trigger and assist ratio
// out, a Go version's PacerRules passed through, the limiter fed P-time.
import { Pacing } from "../../kernel/pacing";
import { GcController } from "../../kernel/pacer";
import { MAX_INT64 } from "../../kernel/gonum";
import { GO1_19_PACER } from "../../kernel/versions/go1_19";
import { GO1_26 } from "../../kernel/versions/go1_26";
import { CAPACITY_PER_PROC } from "../../kernel/limiter";

const MiB = 2 ** 20;
const memory = (free: number) => ({ free, totalAlloc: 0, totalFree: 0, mappedReady: () => 0 });

test("the door hands the model's exact heap to the pacer floored, and its goal and trigger are the pacer's", () => {
  const door = new Pacing({ gcPercent: 100, memoryLimitBytes: null, globalsBytes: 64 * 1024, procs: 2 });
  const direct = new GcController(100, MAX_INT64);
  direct.addGlobals(64 * 1024);
  direct.commit(true);
  door.setHeap(40 * MiB + 0.75, 30 * MiB + 0.5);
  direct.heapLive = 40 * MiB;
  direct.heapScan = 30 * MiB;
  expect(door.heapGoal()).toBe(direct.heapGoal());
  expect(door.triggerBytes()).toBe(direct.triggerBytes());
  expect(door.triggerBytes()).toBeLessThan(door.heapGoal());
  expect(door.globalsBytes).toBe(64 * 1024);
});

test("GOGC=off has no goal unless a memory limit gives one; only then does the goal read the memory statistics", () => {
  const door = new Pacing({ gcPercent: -1, memoryLimitBytes: null, globalsBytes: 0, procs: 1 });
  expect(door.hasGoal()).toBe(false);
  expect(door.gcEnabled()).toBe(false);
  expect(door.goalReadsMemory()).toBe(true); // GOGC off: heapGoalInternal computes the (absent) limit's goal
  door.setMemoryLimit(256 * MiB);
  door.setMemory(memory(0));
  door.commit(true);
  expect(door.hasGoal()).toBe(true);
  expect(door.heapGoal()).toBeLessThanOrEqual(256 * MiB);
  const gogc = new Pacing({ gcPercent: 100, memoryLimitBytes: null, globalsBytes: 0, procs: 1 });
  expect(gogc.goalReadsMemory()).toBe(false);
});

test("a cycle through the door: startCycle sizes the workers, revise sets the assist ratio, endCycle and resetLive close it", () => {
  const door = new Pacing({ gcPercent: 100, memoryLimitBytes: null, globalsBytes: 0, procs: 4 });
  door.setHeap(8 * MiB, 8 * MiB);
  door.setStacks(64 * 1024);
  door.commit(true);
  door.startCycle(0, 4, "heap");
  expect(door.dedicatedWorkers + door.fractionalGoal * 4).toBeCloseTo(1, 9); // 25 % of 4 Ps
  door.setHeap(9 * MiB, 8 * MiB);
  door.setScanWork(0, 0, 1 * MiB);
  expect(door.revise()).toBeGreaterThan(0);
  expect(door.assistWorkPerByte).toBe(door.revise());
  const utilization = door.endCycle(5e6, 4, false, 1e6, 0, 5e6);
  expect(utilization).toBeCloseTo(0.25 + 1e6 / (5e6 * 4), 9);
  expect(door.resetLive(6 * MiB)).toBe(1 * MiB); // heapScan = this cycle's heap scan work
  expect(door.heapMarked).toBe(6 * MiB);
  const next = door.commit(false);
  expect(next.goal).toBe(door.heapGoal());
  expect(door.lastHeapGoal).toBeGreaterThan(0);
});

test("a version's PacerRules reach the pacer through the door", () => {
  let made = 0;
  const rules = { ...GO1_19_PACER, newConsMarkEstimator: () => (made++, GO1_19_PACER.newConsMarkEstimator()) };
  new Pacing({ gcPercent: 100, memoryLimitBytes: null, globalsBytes: 0, procs: 1 }, rules);
  expect(made).toBe(1);
  // Go 1.26's memory-limit headroom (3 %) lowers the goal under a limit below Go 1.19's (1 MiB)
  const goal = (r = GO1_19_PACER) => {
    const d = new Pacing({ gcPercent: -1, memoryLimitBytes: 512 * MiB, globalsBytes: 0, procs: 1 }, r);
    d.setMemory(memory(0));
    d.commit(true);
    return d.heapGoal();
  };
  expect(goal(GO1_26.pacer)).toBeLessThan(goal());
});

test("the limiter through the door: GC P-time beyond the mutator's fills the bucket; it switches once", () => {
  const door = new Pacing({ gcPercent: 100, memoryLimitBytes: null, globalsBytes: 0, procs: 2 });
  expect(door.limiterOn()).toBe(false);
  expect(door.timeToFillLimiter(1)).toBe(2 * CAPACITY_PER_PROC); // empty bucket, one net P of GC time
  expect(door.accountCpu(0, 1.5 * CAPACITY_PER_PROC, false, 7)).toBe(false);
  expect(door.accountCpu(0, 1 * CAPACITY_PER_PROC, false, 7)).toBe(true); // full: on
  expect(door.limiterOn()).toBe(true);
  expect(door.limiterLastEnabledCycle()).toBe(8);
  expect(door.timeToFillLimiter(1)).toBe(Infinity);
  // while marking, a change within rounding leaves a full bucket full (no chatter)
  expect(door.accountCpu(1e6, 1e6, true, 8)).toBe(false);
  expect(door.accountCpu(2 * CAPACITY_PER_PROC, 0, false, 8)).toBe(true); // drained: off
  door.resize(0, 4);
  expect(door.timeToFillLimiter(1)).toBe(4 * CAPACITY_PER_PROC);
});
