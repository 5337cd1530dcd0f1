// The discrete-event kernel: ordering, determinism, invariants on every sample, fail-fast on runaway scenarios.
import * as fc from "fast-check";
import { EventQueue } from "../kernel/scheduler";
import { Rng } from "../kernel/rng";
import { roundedSize } from "../kernel/sizeclasses";
import { scenario, compile, run, RunawayScenarioError } from "heapcast";
import { runKernel } from "../kernel/runtime";

describe("EventQueue", () => {
  test("orders by time, then priority, then insertion", () => {
    const q = new EventQueue();
    q.push(10, 1, 1);
    q.push(5, 2, 2);
    q.push(10, 0, 3);
    q.push(10, 1, 4);
    q.push(5, 2, 5);
    const order: number[] = [];
    while (q.pop()) order.push(q.kind);
    expect(order).toEqual([2, 5, 3, 1, 4]);
  });
  test("pops any set of events in sorted order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(1000), fc.nat(3)), { maxLength: 300 }), (items) => {
        const q = new EventQueue();
        items.forEach(([t, p], i) => q.push(t, p, i));
        let prev: [number, number, number] = [-1, -1, -1];
        let popped = 0;
        while (q.pop()) {
          popped++;
          const cur: [number, number, number] = [q.t, q.priority, q.kind]; // kind = insertion index here
          const ok =
            cur[0] > prev[0] || (cur[0] === prev[0] && (cur[1] > prev[1] || (cur[1] === prev[1] && cur[2] > prev[2])));
          if (!ok) return false;
          prev = cur;
        }
        return popped === items.length;
      }),
    );
  });
  test("interleaved pushes and pops always yield the earliest pending event (property, front slot included)", () => {
    // ops: [true, dt, p] pushes (time: the last popped + dt, priority p); [false] pops. A sorted array is the
    // reference.
    const op = fc.oneof(fc.tuple(fc.constant(true), fc.nat(50), fc.nat(3)), fc.tuple(fc.constant(false)));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const q = new EventQueue();
        const ref: [number, number, number][] = [];
        let seq = 0;
        for (const o of ops) {
          if (o[0]) {
            const [, dt, p] = o as [boolean, number, number];
            const t = q.t + dt;
            q.push(t, p, seq);
            ref.push([t, p, seq++]);
            ref.sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
          } else {
            const got = q.pop();
            if (got !== ref.length > 0) return false;
            if (!got) continue;
            const [t, p, k] = ref.shift()!;
            if (q.t !== t || q.priority !== p || q.kind !== k) return false;
          }
          if (q.size !== ref.length || q.peekTime() !== (ref.length ? ref[0][0] : Infinity)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });
  test("rejects non-integer times", () => {
    expect(() => new EventQueue().push(1.5, 0, 0)).toThrow(/integer/);
  });
  test("rejects a time before the last event popped: simulated time never runs backwards", () => {
    const q = new EventQueue();
    q.push(10, 0, 0);
    q.pop();
    expect(() => q.push(9, 0, 0)).toThrow(/not before the last event popped \(10\), got 9/);
    expect(() => q.push(10, 0, 0)).not.toThrow();
  });
});

test("Rng is seeded and reproducible", () => {
  const a = new Rng(7);
  const b = new Rng(7);
  const c = new Rng(8);
  const xs = Array.from({ length: 5 }, () => a.float());
  expect(Array.from({ length: 5 }, () => b.float())).toEqual(xs);
  expect(Array.from({ length: 5 }, () => c.float())).not.toEqual(xs);
  xs.forEach((x) => expect(x >= 0 && x < 1).toBe(true));
});

describe("Rng.normal", () => {
  // Φ(x) through erf (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7).
  const erf = (x: number) => {
    const t = 1 / (1 + 0.3275911 * Math.abs(x));
    const y =
      1 -
      ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) *
        t *
        Math.exp(-x * x);
    return x >= 0 ? y : -y;
  };
  const phi = (x: number) => 0.5 * (1 + erf(x / Math.SQRT2));
  const N = 200_000;
  test.each([1, 2, 3])("seed %i: moments, tails and the whole distribution are a standard normal's", (seed) => {
    const rng = new Rng(seed);
    const xs = new Float64Array(N);
    let sum = 0;
    let sumSq = 0;
    let beyond2 = 0;
    let beyond3 = 0;
    let beyond35 = 0;
    for (let i = 0; i < N; i++) {
      const z = rng.normal();
      xs[i] = z;
      sum += z;
      sumSq += z * z;
      if (Math.abs(z) > 2) beyond2++;
      if (Math.abs(z) > 3) beyond3++;
      if (Math.abs(z) > 3.5) beyond35++;
    }
    // Bounds at about 4.5 standard errors of each estimate for N draws.
    expect(Math.abs(sum / N)).toBeLessThan(0.01);
    expect(Math.abs(sumSq / N - 1)).toBeLessThan(0.015);
    expect(Math.abs(beyond2 / N - 0.0455)).toBeLessThan(0.0021);
    expect(Math.abs(beyond3 / N - 0.0027)).toBeLessThan(0.00055);
    expect(beyond35).toBeGreaterThan(50); // expected 93 (P(|z| > 3.5) = 4.65e-4)
    expect(beyond35).toBeLessThan(140);
    // Kolmogorov–Smirnov against Φ: D below the 1 % critical value 1.63/√N.
    xs.sort();
    let d = 0;
    for (let i = 0; i < N; i++) {
      const f = phi(xs[i]);
      d = Math.max(d, Math.abs(f - i / N), Math.abs(f - (i + 1) / N));
    }
    expect(d).toBeLessThan(1.63 / Math.sqrt(N));
    expect(xs[0]).toBeGreaterThanOrEqual(-4);
    expect(xs[N - 1]).toBeLessThanOrEqual(4);
  });
  test("is reproducible for a seed", () => {
    const a = new Rng(11);
    const b = new Rng(11);
    const xs = Array.from({ length: 1000 }, () => a.normal());
    expect(Array.from({ length: 1000 }, () => b.normal())).toEqual(xs);
  });
});

test("size classes round as mallocgc does", () => {
  expect(roundedSize(1024, true)).toBe(1024);
  expect(roundedSize(1000, false)).toBe(1024);
  expect(roundedSize(33, false)).toBe(48);
  expect(roundedSize(32769, false)).toBe(40960); // large: whole 8 KiB pages
  expect(roundedSize(8, true)).toBe(8); // tiny allocator: two 8 B objects per 16 B block
  expect(roundedSize(5, true)).toBe(16 / 3); // odd sizes are 1-byte aligned: three 5 B objects share a 16 B block
});

const steady = () =>
  scenario("steady", { go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 }, duration: "10s" })
    .liveHeap("32MiB")
    .garbage("200MiB/s", { size: "1KiB" });

describe("GC cycle", () => {
  const r = run(steady());
  test("the first cycle is triggered at 61/64 of the 4 MiB heap minimum", () => {
    // the first goal is 4 MiB·GOGC/100; the trigger with no runway is 3,997,696 B (Go's TestGcPacer cycle 1)
    const first = r.raw.cycles[0];
    expect(first.heapGoalBytes).toBeGreaterThanOrEqual(4 << 20);
  });
  test("steady state: the goal is marked heap + (marked + stacks + globals)·GOGC/100", () => {
    const cs = r.raw.cycles.slice(10);
    for (let i = 1; i < cs.length; i++) {
      const prev = cs[i - 1];
      const c = cs[i];
      // GOGC=100: goal ≈ 2 × heap marked by the previous cycle (+ roots), never below it
      expect(c.heapGoalBytes).toBeGreaterThanOrEqual(2 * prev.heapMarkedBytes);
      expect(c.heapGoalBytes).toBeLessThanOrEqual(2 * prev.heapMarkedBytes + 2 * (1 << 20) + 64 * 1024);
      expect(c.heapStartBytes).toBeLessThan(c.heapEndBytes + 1);
    }
  });
  test("black allocation: marked heap = live heap at mark start + what was allocated during the mark", () => {
    for (const c of r.raw.cycles.slice(5)) {
      expect(c.heapMarkedBytes).toBeGreaterThan(32 << 20);
      expect(c.heapMarkedBytes - (32 << 20) - 119_936).toBeCloseTo(c.heapEndBytes - c.heapStartBytes, -3);
    }
  });
  test("cycle times and CPU are consistent", () => {
    for (const c of r.raw.cycles) {
      expect(c.markNs).toBeGreaterThan(0);
      expect(c.stw1Ns).toBeGreaterThan(0);
      expect(c.gcCpuFraction).toBeGreaterThan(0);
      expect(c.gcCpuFraction).toBeLessThan(1);
    }
  });
});

test("SetGCPercent re-paces the scavenger at once (gcControllerCommit), not at the next mark termination", () => {
  // GOGC 100 → 60 just after a cycle: the heap stays below the new trigger, and the goal and with it the scavenger's
  // retention goal (lastHeapInUse × goal / lastGoal + 10 %) fall, so free pages are released from the change on.
  const s = scenario("setgcpercent", {
    go: { version: "1.19", GOGC: 100, GOMAXPROCS: 2 },
    duration: "22s",
    sampleEvery: "10ms",
  })
    .liveHeap("128MiB")
    .garbage("20MiB/s", { size: "1KiB" })
    .at("18500ms", (x) => x.go({ GOGC: 60 }));
  const r = run(s);
  const changeNs = 18.5e9;
  const next = r.raw.cycles.find((c) => c.startNs >= changeNs)!;
  expect(next.startNs - changeNs).toBeGreaterThan(50e6); // no cycle ends in the window below
  const at = (t: number) => r.raw.samples.filter((x) => x.tNs <= t).pop()!;
  const released = at(changeNs + 50e6).heapReleasedBytes - at(changeNs).heapReleasedBytes;
  // the background scavenger's pace, 1 % of 2 Ps at SCAVENGE_BYTES_PER_CPU_SECOND, for 50 ms: ≈ 8 MB
  expect(released).toBeGreaterThan(1 << 20);
});

test("same scenario and seed → byte-identical tables; another seed → different jitter", () => {
  const a = run(steady());
  const b = run(steady());
  expect(a.cycles.toCSV()).toBe(b.cycles.toCSV());
  expect(a.timeline.toCSV()).toBe(b.timeline.toCSV());
  expect(a.gctrace()).toBe(b.gctrace());
  const plan = compile(steady());
  const c = runKernel({ ...plan, scenario: { ...plan.scenario, seed: 99 } });
  expect(c.cycles.map((x) => x.markNs)).not.toEqual(a.raw.cycles.map((x) => x.markNs));
});

test("markJitter: 0 gives identical steady cycles", () => {
  const r = run(
    scenario("textbook", { duration: "5s", markJitter: 0 }).liveHeap("32MiB").garbage("200MiB/s", { size: "1KiB" }),
  );
  const tail = r.raw.cycles.slice(-5);
  tail.forEach((c) => expect(c.markNs).toBe(tail[0].markNs));
});

test("GOGC=off without a limit never collects; periodic GC only with GOGC on", () => {
  const off = run(
    scenario("off", { go: { version: "1.19", GOGC: "off" }, duration: "5m" })
      .liveHeap("8MiB")
      .garbage("100KiB/s"),
  );
  expect(off.summary.gcCycles).toBe(0);
  const idle = run(scenario("idle", { duration: "10m" }).liveHeap("8MiB").garbage("1KiB/s"));
  const periodic = idle.raw.cycles.filter((c) => c.kind === "periodic");
  expect(periodic.length).toBeGreaterThanOrEqual(3);
  for (let i = 1; i < periodic.length; i++) {
    // forcegcperiod: the next forced cycle starts 2 minutes after the previous one ended
    const prev = periodic[i - 1];
    const gap = periodic[i].startNs - (prev.startNs + prev.stw1Ns + prev.markNs + prev.stw2Ns);
    expect(gap).toBe(120e9);
  }
});

test("runtime.GC() inside at() runs a forced cycle", () => {
  const r = run(
    scenario("forced", { duration: "2s" })
      .liveHeap("4MiB")
      .at("1s", (s) => s.gc()),
  );
  const forced = r.raw.cycles.filter((c) => c.kind === "forced");
  expect(forced).toHaveLength(1);
  expect(forced[0].startNs).toBe(1e9);
  expect(r.gctrace()).toMatch(/ \(forced\)\n/);
});

test("a runaway scenario fails fast with a clear message", () => {
  const s = scenario("runaway", { go: { version: "1.19", GOGC: 0 }, duration: "24h" })
    .liveHeap("64MiB")
    .garbage("1GiB/s");
  // (how fast it fails is measured in bench/, not here: tests pass on a loaded machine)
  expect(() => run(s, { maxEvents: 1_000_000 })).toThrow(RunawayScenarioError);
  expect(() => run(s, { maxEvents: 1_000_000 })).toThrow(/events projected .*GC cycles per simulated second/);
});

test("one P, batched garbage and a catch-up backlog: the marks still end (the mutator behind takes the P)", () => {
  const r = run(
    scenario("one P behind", { go: { version: "1.19", GOGC: 100, GOMAXPROCS: 1 }, duration: "10s" })
      .liveHeap("64MiB", { over: "61ms", objectSize: "4KiB", pointers: true })
      .garbage("300MiB/s", { size: "1KiB", pointers: false, every: "5ms", catchUp: "200ms" }),
  );
  // 300 MiB/s over a ≈130 MiB goal: a GC every ≈0.2 s, and the heap never far above its goal
  expect(r.summary.gcCycles).toBeGreaterThan(40);
  expect(r.summary.peakHeapInUseBytes).toBeLessThan(1.5 * (r.summary.finalHeapGoalBytes as number));
});

// Invariants on every sample of random valid scenarios (fast-check).
const sizeArb = fc.integer({ min: 1, max: 512 }).map((n) => `${n}MiB` as const);
const rateArb = fc.integer({ min: 0, max: 400 }).map((n) => `${n}MiB/s` as const);
test("invariants hold on every sample of random scenarios", () => {
  fc.assert(
    fc.property(
      fc.record({
        gogc: fc.oneof(fc.integer({ min: 25, max: 800 }), fc.constant("off" as const)),
        limit: fc.option(fc.integer({ min: 64, max: 2048 }), { nil: undefined }),
        procs: fc.integer({ min: 1, max: 16 }),
        live: sizeArb,
        garbage: rateArb,
        leak: fc.integer({ min: 0, max: 20 }),
        goroutines: fc.integer({ min: 0, max: 20000 }),
        stack: fc.constantFrom("2KiB", "8KiB", "64KiB"),
        step: fc.boolean(),
        batched: fc.boolean(),
        catchUp: fc.boolean(),
        seed: fc.nat(1000),
      }),
      (p) => {
        let s = scenario("random", {
          go: {
            version: "1.19",
            GOGC: p.gogc,
            GOMAXPROCS: p.procs,
            ...(p.limit ? { GOMEMLIMIT: `${p.limit}MiB` as const } : {}),
          },
          duration: "20s",
          seed: p.seed,
        })
          .liveHeap(p.live)
          .garbage(p.garbage, {
            size: "512B",
            ...(p.batched ? { every: "5ms" as const } : {}),
            ...(p.catchUp ? { catchUp: "200ms" as const } : {}),
          })
          .leakHeap(`${p.leak}MiB/s`)
          .goroutines(p.goroutines, { stack: p.stack });
        if (p.step) s = s.at("10s", (x) => x.liveHeap("1MiB", { over: "5s" }).garbage("50MiB/s"));
        const r = run(s, { maxEvents: 3_000_000 });
        for (const x of r.raw.samples) {
          for (const [k, v] of Object.entries(x))
            if (typeof v === "number") expect([k, Number.isFinite(v) && v >= 0]).toEqual([k, true]);
          expect(x.rssBytes).toBeGreaterThanOrEqual(x.heapObjectsBytes + x.heapUnusedBytes + x.heapStacksBytes);
          expect(x.heapObjectsBytes + 1).toBeGreaterThanOrEqual(x.reachableBytes);
          // allocated = freed + retained. The three are sampled floored (whole bytes) from doubles that satisfy it to
          // within rounding (≈1e-5 B), so the floors differ by at most 2 (found by fast-check: 3381527392.0000005 −
          // 3215818542.999996 − 165708848.99999997 floors to 2); an accounting error would be whole objects off.
          expect(Math.abs(x.allocsBytes - x.freesBytes - x.heapObjectsBytes)).toBeLessThanOrEqual(2);
          // the GC keeps up: with GOGC on and no memory limit, the heap stays within reach of its goal (a mark that
          // could never end would let it grow without bound); a live heap set at once may exceed a goal not yet updated
          if (p.gogc !== "off" && !p.limit) {
            const bound = 2 * (x.heapGoalBytes as number) + x.reachableBytes + (16 << 20);
            expect([x.tNs, x.heapLiveBytes <= bound]).toEqual([x.tNs, true]);
          }
        }
        for (const c of r.raw.cycles)
          for (const v of Object.values(c)) if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
      },
    ),
    {
      numRuns: 25,
      // fast-check's counterexample for the floors above (before their bound was 2): always checked
      examples: [
        [
          {
            gogc: 25,
            limit: undefined,
            procs: 1,
            live: "124MiB",
            garbage: "182MiB/s",
            leak: 0,
            goroutines: 17042,
            stack: "2KiB",
            step: false,
            batched: true,
            catchUp: false,
            seed: 0,
          },
        ],
      ],
    },
  );
});
