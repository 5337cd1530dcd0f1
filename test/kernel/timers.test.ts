// Timers (kernel/timers.ts): the event kinds' table, cancellable timers, and a run whose simulated time never runs
// backwards (issue 16, case 2: the 2-minute forced GC was armed in the past after GOGC off → on).
import { scenario, run } from "heapcast";
import { EventQueue } from "../../kernel/scheduler";
import { EVENT_KINDS, Timer, E_TRIGGER, E_SAMPLE, schedule } from "../../kernel/timers";

test("every event kind has a name, a priority and a reason, and the scenario's actions run first at an instant", () => {
  for (const k of EVENT_KINDS) {
    expect(k.name).toMatch(/^[a-z-]+$/);
    expect(Number.isInteger(k.priority)).toBe(true);
    expect(k.why.length).toBeGreaterThan(10);
  }
  const plan = EVENT_KINDS.find((k) => k.name === "plan")!;
  expect(Math.min(...EVENT_KINDS.map((k) => k.priority))).toBe(plan.priority);
  expect(Math.max(...EVENT_KINDS.map((k) => k.priority))).toBe(EVENT_KINDS.find((k) => k.name === "end")!.priority);
});

test("a timer fires only for its last arming, and not after a cancel", () => {
  const q = new EventQueue();
  const t = new Timer(q, E_TRIGGER);
  t.arm(10);
  t.arm(20); // re-armed: the event at 10 is stale
  schedule(q, 15, E_SAMPLE);
  const fired: number[] = [];
  while (q.pop()) if (q.gen === 0 || t.fires(q.gen)) fired.push(q.t);
  expect(fired).toEqual([15, 20]);
  t.arm(30);
  t.cancel();
  expect(q.pop()).toBe(true);
  expect(t.fires(q.gen)).toBe(false);
});

test("a timer armed before the current time throws: simulated time never runs backwards", () => {
  const q = new EventQueue();
  const t = new Timer(q, E_TRIGGER);
  t.arm(100);
  q.pop();
  expect(() => t.arm(99)).toThrow(/not before the last event popped/);
});

test("GOGC off → on: the forced GC comes when GOGC is back, events stay in time order, no cycle while GOGC is off", () => {
  const r = run(
    scenario("t", { duration: "10m" })
      .liveHeap("64MiB")
      .garbage("1MiB/s")
      .at("30s", (s) => s.go({ GOGC: "off" }))
      .at("5m", (s) => s.go({ GOGC: 100 })),
  );
  const ev = r.raw.events;
  for (let i = 1; i < ev.length; i++) expect(ev[i].tNs).toBeGreaterThanOrEqual(ev[i - 1].tNs);
  const periodic = ev.filter((e) => e.kind === "periodic-gc");
  expect(periodic[0].tNs).toBe(300e9); // sysmon's next forcegc test: more than 2 minutes since the last GC
  const inOff = r.raw.cycles.filter((c) => c.startNs > 30e9 && c.startNs < 300e9);
  expect(inOff).toEqual([]);
  for (let i = 1; i < r.raw.samples.length; i++) expect(r.raw.samples[i].tNs).toBeGreaterThan(r.raw.samples[i - 1].tNs);
});
