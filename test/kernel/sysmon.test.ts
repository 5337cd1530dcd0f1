// sysmon (kernel/sysmon.ts): the forced periodic GC and the preemption of a mark worker holding the only P.
import { sysmonPreemptAfter, nextPeriodicGcNs, FORCE_GC_PERIOD_NS } from "../../kernel/sysmon";
import { FORCE_PREEMPT_NS, SYSMON_MAX_DELAY_NS } from "../../kernel/constants";

test("the first preemption comes one sysmon period and one forcePreemptNS after mark start, then every forcePreemptNS", () => {
  const first = SYSMON_MAX_DELAY_NS + FORCE_PREEMPT_NS;
  expect(sysmonPreemptAfter(0)).toBe(first);
  expect(sysmonPreemptAfter(first - 1)).toBe(first);
  expect(sysmonPreemptAfter(first)).toBe(first + FORCE_PREEMPT_NS); // strictly after
  expect(sysmonPreemptAfter(first + 2.5 * FORCE_PREEMPT_NS)).toBe(first + 3 * FORCE_PREEMPT_NS);
});

test("a periodic GC is due 2 minutes after the last GC ended, never in the past", () => {
  expect(FORCE_GC_PERIOD_NS).toBe(120e9);
  expect(nextPeriodicGcNs(10e9, 5e9)).toBe(125e9);
  expect(nextPeriodicGcNs(400e9, 5e9)).toBe(400e9); // GOGC back on long after: sysmon's next test starts one at once
});
