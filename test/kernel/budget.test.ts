// The event budget (kernel/budget.ts): counted, extrapolated at each 1/64 of the duration, bounded.
import { EventBudget, RunawayScenarioError, checkPlan } from "../../kernel/budget";
import { compile, scenario } from "heapcast";

test("count throws once the budget is spent, naming the time and the cycles", () => {
  const b = new EventBudget(3, 10e9);
  b.count(1e9, 0);
  b.count(2e9, 1);
  b.count(3e9, 1);
  expect(() => b.count(4e9, 2)).toThrow(RunawayScenarioError);
  expect(() => new EventBudget(0, 10e9).count(5e9, 7)).toThrow(
    "the event budget (0) is spent at 5.000 s of 10 s, after 7 GC cycles",
  );
});

test("check extrapolates the events so far to the duration, at each 1/64 of it", () => {
  const b = new EventBudget(1000, 64e9);
  b.check(0, 0); // (the first check, at t = 0, has nothing to extrapolate)
  for (let i = 0; i < 20; i++) b.count(0.5e9, 0);
  expect(() => b.check(0.5e9, 0)).not.toThrow(); // before the next 1/64 (1 s): not checked
  const c = new EventBudget(1000, 64e9);
  c.check(0, 0);
  for (let i = 0; i < 20; i++) c.count(1e9, 0);
  expect(() => c.check(1e9, 10)).toThrow(
    /1,280 events projected \(budget 1,000\), 10\.0 GC cycles per simulated second over 64 s/,
  );
});

test("count extrapolates once 1/64 of the budget is spent: a runaway is refused then, whatever the duration", () => {
  // 1/64 of the budget (20,000 of 1,280,000 events) spent in 0.5 s of 64 s: 2,560,000 projected.
  const fast = new EventBudget(1_280_000, 64e9);
  for (let i = 1; i < 20_000; i++) fast.count(0.5e9, 0);
  expect(() => fast.count(0.5e9, 3)).toThrow(/2,560,000 events projected \(budget 1,280,000\), 6\.0 GC cycles per/);
  // The same events spread over more than 1/64 of the duration fit, and count goes on.
  const slow = new EventBudget(1_280_000, 64e9);
  expect(() => {
    for (let i = 0; i < 30_000; i++) slow.count(2e9, 0);
  }).not.toThrow();
  // A run that an OOM kill could end at 0.6 s is extrapolated to 0.6 s only: not refused.
  const killed = new EventBudget(1_280_000, 64e9, 0.6e9);
  expect(() => {
    for (let i = 0; i < 30_000; i++) killed.count(0.5e9, 0);
  }).not.toThrow();
  // A 24 h scenario whose plan fits the projection but runs away: refused after 1/64 of the budget.
  const plan = compile(
    scenario("r24", { duration: "24h", go: { GOGC: 10 } })
      .liveHeap("1MiB")
      .garbage("2GiB/s"),
  );
  expect(() => checkPlan(plan, 20_000_000)).not.toThrow();
  const b = new EventBudget(20_000_000, plan.scenario.durationNs, checkPlan(plan, 20_000_000).horizonNs);
  let n = 1;
  expect(() => {
    // Events at 10,000 per simulated second: 864 million over the day.
    for (; n <= 20_000_000; n++) b.count(n * 1e5, 0);
  }).toThrow(/864,000,000 events projected/);
  expect(n).toBe(20_000_000 / 64);
});

test("checkPlan rejects a plan whose fewest events are over the budget, before any simulation", () => {
  const plan = compile(
    scenario("x", { duration: "2400h", go: { GOGC: 10 } })
      .liveHeap("1MiB")
      .garbage("2GiB/s"),
  );
  expect(() => checkPlan(plan, 20_000_000)).toThrow(/events projected from the plan/);
  expect(() =>
    checkPlan(compile(scenario("ok", { duration: "10s" }).liveHeap("64MiB").garbage("100MiB/s")), 20_000_000),
  ).not.toThrow();
});
