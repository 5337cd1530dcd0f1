// Seeded noise on plans (lib/noise.ts): reproducible from the seed, different with another seed, rates jittered around
// their nominal mean, Poisson request arrivals that keep the mean rate, a bounded number of added events, valid plans.
import { compile, run, scenario, validatePlan, ScenarioError } from "heapcast";
import { addNoise, mix32, noiseSeed, normalizeNoise, poisson } from "../lib/running/noise";
import { Rng } from "../kernel/rng";
import type { EventPlan, PlanEvent } from "../kernel/plan";

const service = () =>
  scenario("service", { duration: "60s", container: { memory: "512MiB" } })
    .liveHeap("64MiB")
    .garbage("200MiB/s")
    .requests("300/s", { alloc: "128KiB", lasts: "200ms" })
    .leakGoroutines("20/s", { stack: "8KiB", retains: "16KiB" })
    .at("30s", (s) => s.garbage("300MiB/s").requests("600/s", { alloc: "128KiB", lasts: "200ms" }));

type Requests = Extract<PlanEvent, { kind: "requests" }>;
const requestsOf = (p: EventPlan) => p.events.filter((e): e is Requests => e.kind === "requests");

function meanVar(xs: number[]): [number, number] {
  const m = xs.reduce((a, x) => a + x, 0) / xs.length;
  const v = xs.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1);
  return [m, v];
}

describe("addNoise", () => {
  const plan = compile(service());

  test("is reproducible from the seed, differs with another seed, and leaves the plan alone", () => {
    const before = JSON.stringify(plan);
    const opts = { jitter: { rates: 0.2 }, poisson: true };
    const a = addNoise(plan, opts, 7);
    const b = addNoise(plan, opts, 7);
    const c = addNoise(plan, opts, 8);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    expect(JSON.stringify(a)).not.toBe(JSON.stringify(c));
    expect(JSON.stringify(plan)).toBe(before);
    // the default seed is the plan's own
    expect(JSON.stringify(addNoise(plan, opts))).toBe(JSON.stringify(addNoise(plan, opts, plan.scenario.seed)));
  });

  test("noisy plans are valid plans and run; the noise changes the results, reproducibly", () => {
    const opts = { jitter: { rates: 0.2 }, poisson: true };
    const a = addNoise(plan, opts, 1);
    expect(() => validatePlan(JSON.parse(JSON.stringify(a)))).not.toThrow();
    const ra = run(a).summary;
    const ra2 = run(addNoise(plan, opts, 1)).summary;
    const rb = run(addNoise(plan, opts, 2)).summary;
    const r0 = run(plan).summary;
    expect({ ...ra, wallMs: 0 }).toEqual({ ...ra2, wallMs: 0 });
    expect(ra.peakRssBytes).not.toBe(rb.peakRssBytes);
    expect(ra.peakRssBytes).not.toBe(r0.peakRssBytes);
  });

  test("no noise (or zero jitter) gives the plan unchanged", () => {
    expect(normalizeNoise(undefined)).toBeNull();
    expect(normalizeNoise({})).toBeNull();
    expect(normalizeNoise({ jitter: { rates: 0 }, poisson: false })).toBeNull();
    expect(addNoise(plan, { jitter: { rates: 0 } }, 3)).toEqual(plan);
  });

  test("jitter scales each event's rates by a lognormal factor of mean 1 and the given log-sd; other fields stay", () => {
    let s = scenario("many", { duration: "1000s" });
    for (let i = 0; i < 2000; i++) s = s.at(`${i / 2}s`, (p) => p.garbage("100MiB/s"));
    const base = compile(s);
    const noisy = addNoise(base, { jitter: { rates: 0.3 } }, 42);
    expect(noisy.events).toHaveLength(base.events.length);
    const factors = noisy.events.map(
      (e, i) => (e as { bytesPerSec: number }).bytesPerSec / (base.events[i] as { bytesPerSec: number }).bytesPerSec,
    );
    const [mean] = meanVar(factors);
    const [, logVar] = meanVar(factors.map(Math.log));
    expect(mean).toBeGreaterThan(0.97);
    expect(mean).toBeLessThan(1.03);
    expect(Math.sqrt(logVar)).toBeGreaterThan(0.27);
    expect(Math.sqrt(logVar)).toBeLessThan(0.33);
    noisy.events.forEach((e, i) => expect({ ...e, bytesPerSec: 0 }).toEqual({ ...base.events[i], bytesPerSec: 0 }));
  });

  test("jitter touches rates only: sizes, times and settings are unchanged", () => {
    const noisy = addNoise(plan, { jitter: { rates: 0.5 } }, 5);
    expect(noisy.scenario).toEqual(plan.scenario);
    noisy.events.forEach((e, i) => {
      const b = plan.events[i] as unknown as Record<string, unknown>;
      for (const [k, v] of Object.entries(e)) {
        if (!["bytesPerSec", "perSec", "churnBytesPerSec"].includes(k)) expect(v).toEqual(b[k]);
      }
    });
    expect((noisy.events.find((e) => e.kind === "leakGoroutines") as { perSec: number }).perSec).not.toBe(20);
  });

  test("Poisson requests keep the mean rate over a long window, with Poisson dispersion", () => {
    const long = compile(scenario("long", { duration: "1h" }).requests("200/s", { alloc: "64KiB", lasts: "100ms" }));
    const noisy = addNoise(long, { poisson: true }, 11);
    const req = requestsOf(noisy);
    // 36,000 windows of 100 ms would exceed the default bound of 10,000: widened to 360 ms.
    expect(req.length).toBeLessThanOrEqual(10_000 + 1);
    expect(req.length).toBeGreaterThan(9_000);
    const ends = [...req.slice(1).map((e) => e.atNs), long.scenario.durationNs];
    const counts = req.map((e, i) => (e.perSec * (ends[i] - e.atNs)) / 1e9);
    expect(Math.max(...counts.map((c) => Math.abs(c - Math.round(c))))).toBeLessThan(1e-6); // whole numbers of arrivals
    const total = counts.reduce((a, c) => a + c, 0);
    expect(Math.abs(total / 3600 - 200) / 200).toBeLessThan(0.01); // sd of the total is 0.12 % of it
    const full = counts.slice(0, -1);
    const [m, v] = meanVar(full);
    expect(m).toBeCloseTo(200 * 0.36, -0.5);
    expect(v / m).toBeGreaterThan(0.9);
    expect(v / m).toBeLessThan(1.1);
    // every window keeps the request's other fields; times stay in order
    const shape = (e: PlanEvent) => JSON.stringify({ ...e, atNs: 0, perSec: 0, source: "" });
    expect(req.every((e) => shape(e) === shape(long.events[0]))).toBe(true);
    expect(noisy.events.every((e, i) => i === 0 || e.atNs >= noisy.events[i - 1].atNs)).toBe(true);
  });

  test("Poisson windows: each request's lasts by default, or the window given; spans end at the next requests call", () => {
    const noisy = addNoise(plan, { poisson: true }, 3);
    const req = requestsOf(noisy);
    expect(req).toHaveLength(300); // 60 s / 200 ms
    expect(req[0].atNs).toBe(0);
    expect(req[1].atNs).toBe(200e6);
    expect(req.filter((e) => e.source.startsWith("at(30s).requests"))).toHaveLength(150);
    expect(req.filter((e) => e.atNs < 30e9).every((e) => e.source.startsWith("requests~poisson["))).toBe(true);
    const firstHalf = req.filter((e) => e.atNs < 30e9).reduce((a, e) => a + e.perSec * 0.2, 0);
    const secondHalf = req.filter((e) => e.atNs >= 30e9).reduce((a, e) => a + e.perSec * 0.2, 0);
    expect(firstHalf / 30).toBeGreaterThan(280);
    expect(firstHalf / 30).toBeLessThan(320);
    expect(secondHalf / 30).toBeGreaterThan(570);
    expect(secondHalf / 30).toBeLessThan(630);
    // the other events are all still there, in order
    expect(noisy.events.filter((e) => e.kind !== "requests")).toEqual(plan.events.filter((e) => e.kind !== "requests"));
    const wide = requestsOf(addNoise(plan, { poisson: { window: "1s" } }, 3));
    expect(wide).toHaveLength(60);
    const bounded = requestsOf(addNoise(plan, { poisson: { maxEvents: 10 } }, 3));
    expect(bounded.length).toBeLessThanOrEqual(10 + 2);
  });

  test("bad options are ScenarioErrors naming the field", () => {
    const cases: [unknown, RegExp][] = [
      [{ jitter: { rates: -1 } }, /^noise\.jitter\.rates: expected a log standard deviation from 0 to 2/],
      [{ jitter: { rates: "10%" } }, /^noise\.jitter\.rates: .*got "10%"/],
      [{ jitter: 0.1 }, /^noise\.jitter: expected \{ rates: 0\.1 \}/],
      [{ jiter: {} }, /^noise\.jiter: expected one of the fields jitter, poisson/],
      [{ poisson: { window: "0.5ms" } }, /^noise\.poisson\.window: expected a window of at least "1ms"/],
      [{ poisson: { window: "soon" } }, /^noise\.poisson\.window: expected a duration/],
      [{ poisson: { maxEvents: 0 } }, /^noise\.poisson\.maxEvents: expected a whole number/],
      [{ poisson: "yes" }, /^noise\.poisson: expected true, or/],
    ];
    for (const [opts, re] of cases) {
      expect(() => normalizeNoise(opts as never)).toThrow(ScenarioError);
      expect(() => normalizeNoise(opts as never)).toThrow(re);
    }
  });
});

describe("poisson()", () => {
  test.each([0.3, 4, 9.9, 10, 37, 5000])("mean and variance are λ = %p", (lambda) => {
    const rng = new Rng(mix32(123, Math.round(lambda * 10)));
    const xs = Array.from({ length: 20_000 }, () => poisson(rng, lambda));
    expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    const [m, v] = meanVar(xs);
    const se = Math.sqrt(lambda / xs.length);
    expect(Math.abs(m - lambda)).toBeLessThan(5 * se);
    expect(v / lambda).toBeGreaterThan(0.94);
    expect(v / lambda).toBeLessThan(1.06);
  });

  test("λ = 0 gives 0; the stream is the seed's", () => {
    expect(poisson(new Rng(1), 0)).toBe(0);
    const a = Array.from({ length: 50 }, (_, i) => poisson(new Rng(9), 3 + i));
    const b = Array.from({ length: 50 }, (_, i) => poisson(new Rng(9), 3 + i));
    expect(a).toEqual(b);
    expect(noiseSeed(1)).not.toBe(1);
  });
});
