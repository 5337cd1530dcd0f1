// The scenario DSL (lib/dsl.ts) and its compiler (lib/compile.ts): the exact form of the spec compiles to a plain-JSON,
// versioned EventPlan; every bad input throws a ScenarioError naming the path, the value and the expected form;
// validatePlan checks plans that come back from JSON; and the types reject wrong usages at compile time.
import * as path from "path";
import * as ts from "typescript";
import { DEFAULTS, ScenarioError, compile, run, scenario, validatePlan, type EventPlan } from "heapcast";

const MiB = 1024 * 1024;
const KiB = 1024;
const S = 1e9;

/** The exact DSL form of the spec. */
function checkout() {
  return scenario("checkout-api", {
    go: { GOGC: 100, GOMEMLIMIT: "192MiB", GOMAXPROCS: 2 },
    container: { memory: "256MiB", cpus: 1.5 },
    duration: "40s",
    seed: 1,
  })
    .liveHeap("16MiB")
    .garbage("100MiB/s", { size: "1KiB" })
    .leakGoroutines("200/s", { stack: "16KiB", retains: "32KiB" })
    .at("20s", (s) => s.garbage("300MiB/s"));
}

/** The ScenarioError `f` throws. */
function scenarioError(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw new Error(`expected a ScenarioError, got ${String(e)}`);
    return e;
  }
  throw new Error("expected a ScenarioError, but nothing was thrown");
}

/**
 * Asserts that `v` is plain JSON data: no undefined, functions, NaN, Infinity or class instances. (Comparisons below
 * use toEqual, which ignores undefined properties, so this walk is what catches them. toStrictEqual is not usable:
 * compile() uses structuredClone, which under jest builds objects of the outer realm.)
 */
function expectPlainJson(v: unknown, at = "plan"): void {
  if (v === null || typeof v === "string" || typeof v === "boolean") return;
  if (typeof v === "number") {
    expect([at, Number.isFinite(v)]).toEqual([at, true]);
    return;
  }
  expect([at, typeof v]).toEqual([at, "object"]);
  if (Array.isArray(v)) {
    v.forEach((x, i) => expectPlainJson(x, `${at}[${i}]`));
    return;
  }
  const proto = Object.getPrototypeOf(v);
  expect([at, proto !== null && Object.getPrototypeOf(proto) === null && proto.constructor.name === "Object"]).toEqual([
    at,
    true,
  ]);
  for (const [k, x] of Object.entries(v as object)) expectPlainJson(x, `${at}.${k}`);
}

// Wrong values must get past the types to reach the run-time checks.

type Any = any;

describe("compile: the exact form of the spec", () => {
  test("compiles to the expected plan", () => {
    const plan = compile(checkout());
    expectPlainJson(plan);
    expect(plan).toEqual({
      format: "heapcast.plan",
      version: 2,
      scenario: {
        name: "checkout-api",
        go: { version: DEFAULTS.goVersion, goMod: DEFAULTS.goVersion, GOGC: 100, GOMEMLIMIT: 192 * MiB, GOMAXPROCS: 2 },
        container: { memoryBytes: 256 * MiB, cpus: 1.5, nodeCpus: DEFAULTS.nodeCpus },
        durationNs: 40 * S,
        seed: 1,
        sampleEveryNs: 100e6,
        globalsBytes: DEFAULTS.globals,
        markJitter: DEFAULTS.markJitter,
      },
      events: [
        {
          kind: "liveHeap",
          bytes: 16 * MiB,
          overNs: 0,
          churnBytesPerSec: 0,
          objectSize: DEFAULTS.liveObjectSize,
          pointerFraction: 1,
          atNs: 0,
          source: "liveHeap",
        },
        {
          kind: "garbage",
          bytesPerSec: 100 * MiB,
          sizes: [{ size: KiB, share: 1 }],
          pointerFraction: 0,
          atNs: 0,
          source: "garbage",
        },
        {
          kind: "leakGoroutines",
          perSec: 200,
          stackBytes: 16 * KiB,
          retainsBytes: 32 * KiB,
          atNs: 0,
          source: "leakGoroutines",
        },
        {
          kind: "garbage",
          bytesPerSec: 300 * MiB,
          sizes: [{ size: DEFAULTS.garbageObjectSize, share: 1 }],
          pointerFraction: 0,
          atNs: 20 * S,
          source: "at(20s).garbage",
        },
      ],
    });
  });

  test("the plan is plain JSON", () => {
    const plan = compile(checkout());
    const text = JSON.stringify(plan);
    expect(JSON.parse(text)).toEqual(plan);
    expect(JSON.stringify(JSON.parse(text))).toBe(text);
    expectPlainJson(plan);
  });

  test("the plan is versioned", () => {
    const plan = compile(checkout());
    expect(plan.format).toBe("heapcast.plan");
    expect(plan.version).toBe(2);
    expect(Object.keys(plan)).toEqual(["format", "version", "scenario", "events"]);
  });

  test("a plan read back from JSON validates, and runs the same as the scenario", () => {
    const plan = compile(checkout());
    const back = validatePlan(JSON.parse(JSON.stringify(plan)));
    expect(back).toEqual(plan);
    const a = run(checkout()).summary;
    const b = run(back).summary;
    expect({ ...b, wallMs: 0 }).toEqual({ ...a, wallMs: 0 });
  });

  test("compiling twice gives equal plans, and a plan does not share state with its scenario", () => {
    const s = checkout();
    const p1 = compile(s);
    const p2 = compile(s);
    expect(p2).toEqual(p1);
    (p1.events[1] as Any).sizes[0].size = 1;
    p1.scenario.go.GOGC = 5;
    p1.events.pop();
    expect(compile(s)).toEqual(p2);
  });

  test("defaults are filled in", () => {
    const plan = compile(scenario("defaults", { duration: "10s" }));
    expect(plan.scenario).toEqual({
      name: "defaults",
      go: {
        version: DEFAULTS.goVersion,
        goMod: DEFAULTS.goVersion,
        GOGC: DEFAULTS.GOGC,
        GOMEMLIMIT: null,
        GOMAXPROCS: null,
      },
      container: { memoryBytes: null, cpus: null, nodeCpus: DEFAULTS.nodeCpus },
      durationNs: 10 * S,
      seed: DEFAULTS.seed,
      sampleEveryNs: 100e6,
      globalsBytes: DEFAULTS.globals,
      markJitter: DEFAULTS.markJitter,
    });
    expect(plan.events).toEqual([]);
  });

  test('GOGC "off" is -1 and GOMEMLIMIT "off" is null', () => {
    const plan = compile(
      scenario("off", { duration: "10s", go: { GOGC: "off", GOMEMLIMIT: "off" } }).at("5s", (s) =>
        s.go({ GOGC: "off", GOMEMLIMIT: "off" }),
      ),
    );
    expectPlainJson(plan);
    expect(plan.scenario.go).toEqual({
      version: DEFAULTS.goVersion,
      goMod: DEFAULTS.goVersion,
      GOGC: -1,
      GOMEMLIMIT: null,
      GOMAXPROCS: null,
    });
    expect(plan.events).toEqual([{ kind: "go", GOGC: -1, GOMEMLIMIT: null, atNs: 5 * S, source: "at(5s).go" }]);
  });
});

describe("compile: events", () => {
  test("events are sorted by time; ties keep the order they were written in", () => {
    const s = scenario("order", { duration: "1m" })
      .garbage("1MiB/s") // 0: t=0
      .at("30s", (p) => p.gc().garbage("2MiB/s")) // t=30
      .at("10s", (p) => p.liveHeap("1MiB").go({ GOGC: 50 })) // t=10
      .at("30s", (p) => p.container({ cpus: 2 })) // t=30, after the first 30s block
      .at(0, (p) => p.leakHeap("1KiB/s")) // t=0, after the top-level garbage
      .liveHeap("2MiB") // t=0, written last
      .at("10000ms", (p) => p.gc()); // t=10, after the first 10s block
    const plan = compile(s);
    expect(plan.events.map((e) => [e.atNs / S, e.source])).toEqual([
      [0, "garbage"],
      [0, "at(0s).leakHeap"],
      [0, "liveHeap"],
      [10, "at(10s).liveHeap"],
      [10, "at(10s).go"],
      [10, "at(10000ms).gc"],
      [30, "at(30s).gc"],
      [30, "at(30s).garbage"],
      [30, "at(30s).container"],
    ]);
    for (let i = 1; i < plan.events.length; i++)
      expect(plan.events[i].atNs).toBeGreaterThanOrEqual(plan.events[i - 1].atNs);
  });

  test("at events carry atNs and a source naming the at block and the call", () => {
    const plan = compile(
      scenario("at", { duration: "2h" })
        .at("20s", (s) => s.garbage("300MiB/s"))
        .at(90, (s) => s.go({ GOMAXPROCS: 4 }))
        .at("1h30m", (s) => s.container({ memory: "1GiB" }).gc()),
    );
    expect(plan.events.map((e) => ({ atNs: e.atNs, source: e.source, kind: e.kind }))).toEqual([
      { atNs: 20 * S, source: "at(20s).garbage", kind: "garbage" },
      { atNs: 90 * S, source: "at(90s).go", kind: "go" },
      { atNs: 5400 * S, source: "at(1h30m).container", kind: "container" },
      { atNs: 5400 * S, source: "at(1h30m).gc", kind: "gc" },
    ]);
    expectPlainJson(plan);
    expect(plan.events[1]).toEqual({ kind: "go", GOMAXPROCS: 4, atNs: 90 * S, source: "at(90s).go" });
    expect(plan.events[2]).toEqual({
      kind: "container",
      memoryBytes: 1024 * MiB,
      atNs: 5400 * S,
      source: "at(1h30m).container",
    });
    expect(plan.events[3]).toEqual({ kind: "gc", atNs: 5400 * S, source: "at(1h30m).gc" });
  });

  test("at the very end of the scenario is allowed", () => {
    expect(compile(scenario("end", { duration: "40s" }).at("40s", (s) => s.gc())).events[0].atNs).toBe(40 * S);
  });

  test("every call is normalized to integer bytes, ns and per-second rates", () => {
    const plan = compile(
      scenario("all", { duration: "1m" })
        .liveHeap("1.5GiB", { over: "10s", churn: "1MB/s", objectSize: "8KiB", pointers: 0.5 })
        .leakHeap("1KiB/s", { objectSize: "64B", pointers: false })
        .garbage("10MB/s", {
          sizes: [
            { size: "64B", share: 0.25 },
            { size: "4KiB", share: 0.75 },
          ],
          every: "10ms",
          pointers: true,
        })
        .requests("3000/s", { alloc: "64KiB", lasts: "100ms" })
        .goroutines(100, { stack: "8KiB", over: "5s" }),
    );
    expectPlainJson(plan);
    expect(plan.events.map(({ atNs: _a, source: _s, ...rest }) => rest)).toEqual([
      {
        kind: "liveHeap",
        bytes: 1536 * MiB,
        overNs: 10 * S,
        churnBytesPerSec: 1e6,
        objectSize: 8192,
        pointerFraction: 0.5,
      },
      { kind: "leakHeap", bytesPerSec: 1024, objectSize: 64, pointerFraction: 0 },
      {
        kind: "garbage",
        bytesPerSec: 1e7,
        sizes: [
          { size: 64, share: 0.25 },
          { size: 4096, share: 0.75 },
        ],
        pointerFraction: 1,
        everyNs: 10e6,
      },
      {
        kind: "requests",
        perSec: 3000,
        allocBytes: 64 * KiB,
        lastsNs: 100e6,
        stackBytes: DEFAULTS.requestStack,
        objectSize: DEFAULTS.requestObjectSize,
        pointerFraction: 1,
      },
      { kind: "goroutines", count: 100, stackBytes: 8192, overNs: 5 * S },
    ]);
  });

  test("compile rejects something that is not a scenario", () => {
    const e = scenarioError(() => compile({ name: "x", events: [] } as Any));
    expect(e.path).toBe("scenario");
    expect(e.message).toContain('a scenario made with scenario("name", {...})');
  });
});

describe("bad input throws a ScenarioError naming the path, the value and the expected form", () => {
  // [label, thunk, path, the value as the message quotes it, the expected form (a substring)]
  const cases: [string, () => unknown, string, string, string][] = [
    [
      'GOGC "of"',
      () => scenario("x", { duration: "40s", go: { GOGC: "of" as Any } }),
      "go.GOGC",
      '"of"',
      'a whole percentage like 100, or "off"',
    ],
    [
      "GOGC -5",
      () => scenario("x", { duration: "40s", go: { GOGC: -5 } }),
      "go.GOGC",
      "-5",
      'a whole percentage like 100, or "off"',
    ],
    [
      'GOMEMLIMIT "lots"',
      () => scenario("x", { duration: "40s", go: { GOMEMLIMIT: "lots" as Any } }),
      "go.GOMEMLIMIT",
      '"lots"',
      'a size like "512MiB", or "off"',
    ],
    [
      "GOMEMLIMIT 0",
      () => scenario("x", { duration: "40s", go: { GOMEMLIMIT: 0 } }),
      "go.GOMEMLIMIT",
      "0",
      "a size larger than zero",
    ],
    [
      'at("50s") beyond "40s"',
      () => scenario("x", { duration: "40s" }).at("50s", (s) => s.gc()),
      "at",
      '"50s"',
      "a time within the scenario's duration (40s)",
    ],
    ["at(-1)", () => scenario("x", { duration: "40s" }).at(-1, (s) => s.gc()), "at", "-1", 'a duration like "250ms"'],
    ["at without a body", () => scenario("x", { duration: "40s" }).at("10s", 5 as Any), "at(10s)", "5", "a function"],
    [
      "liveHeap over past the end (top level)",
      () => scenario("x", { duration: "40s" }).liveHeap("16MiB", { over: "41s" }),
      "liveHeap.over",
      '"41s"',
      "a duration that ends by the scenario's end (40s)",
    ],
    [
      "liveHeap over past the end (in at)",
      () => scenario("x", { duration: "40s" }).at("30s", (s) => s.liveHeap("16MiB", { over: "20s" })),
      "at(30s).liveHeap.over",
      '"20s"',
      "a duration that ends by the scenario's end (40s)",
    ],
    [
      "goroutines over past the end",
      () => scenario("x", { duration: "40s" }).at("35s", (s) => s.goroutines(10, { stack: "8KiB", over: "6s" })),
      "at(35s).goroutines.over",
      '"6s"',
      "ends by the scenario's end",
    ],
    [
      'goroutines stack: "big"',
      () => scenario("x", { duration: "40s" }).goroutines(10, { stack: "big" as Any }),
      "goroutines.stack",
      '"big"',
      'a stack size like "8KiB"',
    ],
    [
      "goroutines without stack",
      () => scenario("x", { duration: "40s" }).goroutines(10, {} as Any),
      "goroutines.stack",
      "nothing",
      'a stack size like "8KiB"',
    ],
    [
      "goroutines count 2.5",
      () => scenario("x", { duration: "40s" }).goroutines(2.5, { stack: "8KiB" }),
      "goroutines.count",
      "2.5",
      "a whole number of goroutines",
    ],
    [
      'leakGoroutines stack: "big"',
      () => scenario("x", { duration: "40s" }).leakGoroutines("200/s", { stack: "big" as Any }),
      "leakGoroutines.stack",
      '"big"',
      'a stack size like "8KiB"',
    ],
    [
      'garbage rate "100MB"',
      () => scenario("x", { duration: "40s" }).garbage("100MB" as Any),
      "garbage.rate",
      '"100MB"',
      'a rate like "100MiB/s"',
    ],
    [
      "garbage rate -5",
      () => scenario("x", { duration: "40s" }).garbage(-5),
      "garbage.rate",
      "-5",
      'a rate like "100MiB/s"',
    ],
    [
      "garbage rate NaN",
      () => scenario("x", { duration: "40s" }).garbage(NaN),
      "garbage.rate",
      "NaN",
      'a rate like "100MiB/s"',
    ],
    [
      "garbage rate NaN in at",
      () => scenario("x", { duration: "40s" }).at("20s", (s) => s.garbage(NaN)),
      "at(20s).garbage.rate",
      "NaN",
      'a rate like "100MiB/s"',
    ],
    [
      "leakGoroutines rate -1",
      () => scenario("x", { duration: "40s" }).leakGoroutines(-1, { stack: "8KiB" }),
      "leakGoroutines.rate",
      "-1",
      'a rate like "3000/s"',
    ],
    [
      "requests rate NaN",
      () => scenario("x", { duration: "40s" }).requests(NaN, { alloc: "1KiB", lasts: "1s" }),
      "requests.rate",
      "NaN",
      'a rate like "3000/s"',
    ],
    [
      "requests without alloc",
      () => scenario("x", { duration: "40s" }).requests("10/s", { lasts: "1s" } as Any),
      "requests.alloc",
      "nothing",
      'a size like "512MiB"',
    ],
    [
      "unknown garbage option",
      () => scenario("x", { duration: "40s" }).garbage("1MiB/s", { sizee: "1KiB" } as Any),
      "garbage.options.sizee",
      '"1KiB"',
      "one of the fields size, sizes, pointers, every",
    ],
    [
      "unknown leakGoroutines option",
      () => scenario("x", { duration: "40s" }).leakGoroutines("1/s", { stack: "8KiB", retain: "1KiB" } as Any),
      "leakGoroutines.options.retain",
      '"1KiB"',
      "one of the fields stack, retains",
    ],
    [
      "unknown scenario setting",
      () => scenario("x", { duration: "40s", durration: "1s" } as Any),
      "scenario.durration",
      '"1s"',
      "one of the fields go, container, duration, seed",
    ],
    [
      "unknown go option",
      () => scenario("x", { duration: "40s", go: { GOGCC: 1 } as Any }),
      "go.GOGCC",
      "1",
      "one of the fields version, goMod, GOGC, GOMEMLIMIT, GOMAXPROCS",
    ],
    [
      "sizes shares not summing to 1",
      () =>
        scenario("x", { duration: "40s" }).garbage("1MiB/s", {
          sizes: [
            { size: "64B", share: 0.5 },
            { size: "1KiB", share: 0.4 },
          ],
        }),
      "garbage.sizes",
      "[0.5,0.4]",
      "shares that add up to 1",
    ],
    [
      "sizes share 0",
      () =>
        scenario("x", { duration: "40s" }).garbage("1MiB/s", {
          sizes: [
            { size: "64B", share: 0 },
            { size: "1KiB", share: 1 },
          ],
        }),
      "garbage.sizes[0].share",
      "0",
      "a fraction of bytes in (0, 1]",
    ],
    [
      "size and sizes together",
      () => scenario("x", { duration: "40s" }).garbage("1MiB/s", { size: "1KiB", sizes: [{ size: "64B", share: 1 }] }),
      "garbage.sizes",
      '[{"size":"64B","share":1}]',
      "either size or sizes, not both",
    ],
    [
      "GOMAXPROCS 0",
      () => scenario("x", { duration: "40s", go: { GOMAXPROCS: 0 } }),
      "go.GOMAXPROCS",
      "0",
      "a whole number of Ps from 1 to 1024",
    ],
    [
      "GOMAXPROCS 2.5",
      () => scenario("x", { duration: "40s", go: { GOMAXPROCS: 2.5 } }),
      "go.GOMAXPROCS",
      "2.5",
      "a whole number of Ps from 1 to 1024",
    ],
    [
      "GOMAXPROCS 0 in at",
      () => scenario("x", { duration: "40s" }).at("1s", (s) => s.go({ GOMAXPROCS: 0 })),
      "at(1s).go.GOMAXPROCS",
      "0",
      "a whole number of Ps",
    ],
    [
      "container cpus 0",
      () => scenario("x", { duration: "40s", container: { cpus: 0 } }),
      "container.cpus",
      "0",
      "a number of cores like 0.5 or 2 (at least 0.01)",
    ],
    [
      'container memory "512MB "',
      () => scenario("x", { duration: "10s", container: { memory: "512MB " as Any } }),
      "container.memory",
      '"512MB "',
      'a size like "512MiB", "64KiB" or "1.5GB"',
    ],
    [
      "container memory below 1MiB in at",
      () => scenario("x", { duration: "10s" }).at("5s", (s) => s.container({ memory: "1KB" })),
      "at(5s).container.memory",
      '"1KB"',
      'a size of at least "1MiB"',
    ],
    ['duration "0s"', () => scenario("x", { duration: "0s" }), "duration", '"0s"', "a duration longer than zero"],
    [
      'duration "forty"',
      () => scenario("x", { duration: "forty" }),
      "duration",
      '"forty"',
      'a duration like "250ms", "40s" or "1h30m"',
    ],
    ["no duration", () => scenario("x", {} as Any), "duration", "nothing", 'a duration like "40s"'],
    [
      "seed -1",
      () => scenario("x", { duration: "40s", seed: -1 }),
      "seed",
      "-1",
      "a whole number from 0 to 4294967295",
    ],
    [
      "seed 1.5",
      () => scenario("x", { duration: "40s", seed: 1.5 }),
      "seed",
      "1.5",
      "a whole number from 0 to 4294967295",
    ],
    ["empty name", () => scenario("", { duration: "40s" }), "scenario.name", '""', "a non-empty name"],
    [
      "pointers 2",
      () => scenario("x", { duration: "40s" }).liveHeap("1MiB", { pointers: 2 }),
      "liveHeap.pointers",
      "2",
      "true, false, or the fraction",
    ],
    [
      'liveHeap "16 MiB"',
      () => scenario("x", { duration: "40s" }).liveHeap("16 MiB"),
      "liveHeap.size",
      '"16 MiB"',
      'a size like "512MiB"',
    ],
    [
      "garbage every 0",
      () => scenario("x", { duration: "40s" }).garbage("1MiB/s", { every: 0 }),
      "garbage.every",
      "0",
      'a period of at least "1us"',
    ],
    [
      "markJitter 2",
      () => scenario("x", { duration: "40s", markJitter: 2 }),
      "markJitter",
      "2",
      "a log standard deviation from 0",
    ],
    [
      "sampleEvery 1us",
      () => scenario("x", { duration: "40s", sampleEvery: "1us" }),
      "sampleEvery",
      '"1us"',
      'a duration of at least "1ms"',
    ],
  ];

  test.each(cases)("%s", (_label, f, path, quoted, expected) => {
    const e = scenarioError(f);
    expect(e.name).toBe("ScenarioError");
    expect(e.path).toBe(path);
    expect(e.message.startsWith(`${path}: expected `)).toBe(true);
    expect(e.message).toContain(expected);
    expect(e.expected).toContain(expected);
    expect(e.message).toContain(`got ${quoted}`);
  });

  test("the spec's two example messages, in full", () => {
    expect(scenarioError(() => scenario("x", { duration: "40s" }).garbage("100MB" as Any)).message).toBe(
      'garbage.rate: expected a rate like "100MiB/s", got "100MB"',
    );
    expect(
      scenarioError(() => scenario("x", { duration: "10s", container: { memory: "512MB " as Any } })).message,
    ).toBe('container.memory: expected a size like "512MiB", "64KiB" or "1.5GB", got "512MB "');
  });

  test("a bad value inside an at block is reported when the scenario is written, with the at path", () => {
    const e = scenarioError(() =>
      scenario("x", { duration: "40s" }).at("20s", (s) => s.garbage("300MiB/s").go({ GOGC: "of" as Any })),
    );
    expect(e.message).toBe('at(20s).go.GOGC: expected a whole percentage like 100, or "off", got "of"');
  });
});

describe("validatePlan rejects a tampered plan", () => {
  const good = (): EventPlan => JSON.parse(JSON.stringify(compile(checkout())));

  function rejects(tamper: (p: Any) => void): ScenarioError {
    const p = good();
    tamper(p);
    const e = scenarioError(() => validatePlan(p));
    // run() validates plans too.
    expect(scenarioError(() => run(p)).message).toBe(e.message);
    return e;
  }

  test("an untouched plan validates", () => {
    expect(validatePlan(good())).toEqual(compile(checkout()));
  });

  test("wrong version", () => {
    const e = rejects((p) => (p.version = 3 as never));
    expect(e.path).toBe("plan.version");
    expect(e.message).toBe("plan.version: expected plan version 1 or 2, got 3");
  });

  test("wrong format, or not a plan at all", () => {
    expect(rejects((p) => (p.format = "heapcast.plan.v2")).message).toBe(
      'plan.format: expected "heapcast.plan", got "heapcast.plan.v2"',
    );
    expect(scenarioError(() => validatePlan(null)).path).toBe("plan");
    expect(scenarioError(() => validatePlan("plan.json")).path).toBe("plan");
    expect(scenarioError(() => validatePlan([])).path).toBe("plan.format");
  });

  test("NaN or Infinity in an event", () => {
    expect(rejects((p) => (p.events[1].bytesPerSec = NaN)).message).toBe(
      "plan.events[1].bytesPerSec: expected a number from 0 to 1125899906842624, got NaN",
    );
    expect(rejects((p) => (p.events[3].bytesPerSec = Infinity)).message).toBe(
      "plan.events[3].bytesPerSec: expected a number from 0 to 1125899906842624, got Infinity",
    );
    expect(rejects((p) => (p.events[2].stackBytes = -1)).path).toBe("plan.events[2].stackBytes");
    expect(rejects((p) => (p.events[0].atNs = NaN)).path).toBe("plan.events[0].atNs");
  });

  test("events out of order", () => {
    const e = rejects((p) => p.events.reverse());
    expect(e.path).toBe("plan.events[1].atNs");
    expect(e.message).toBe("plan.events[1].atNs: expected events in time order, got 0");
  });

  test("an event after the end, an unknown kind, a bad scenario field", () => {
    expect(rejects((p) => (p.events[3].atNs = 41 * S)).path).toBe("plan.events[3].atNs");
    expect(rejects((p) => (p.events[0].kind = "heap")).path).toBe("plan.events[0].kind");
    expect(rejects((p) => (p.scenario.durationNs = 1.5)).path).toBe("plan.scenario.durationNs");
    expect(rejects((p) => (p.scenario.seed = -1)).path).toBe("plan.scenario.seed");
    expect(rejects((p) => (p.scenario.go.GOMAXPROCS = 0)).path).toBe("plan.scenario.go.GOMAXPROCS");
    expect(rejects((p) => (p.scenario.markJitter = "0.25")).path).toBe("plan.scenario.markJitter");
    expect(rejects((p) => (p.events = {})).path).toBe("plan.events");
  });
});

// A hand-edited plan is checked as strictly as a scenario: nested values, types, required fields, ranges and the
// scenario's container (a NaN share once ran to 0 GC cycles and gcCpuFraction NaN).
describe("validatePlan rejects tampering that compile() would never produce", () => {
  const good = (): EventPlan => JSON.parse(JSON.stringify(compile(checkout())));
  const tampered: [string, (p: Any) => void, string][] = [
    [
      "NaN nested in an event (garbage sizes[0].share)",
      (p) => (p.events[1].sizes[0].share = NaN),
      "plan.events[1].sizes[0].share",
    ],
    ["negative nested size", (p) => (p.events[1].sizes[0].size = -5), "plan.events[1].sizes[0].size"],
    [
      "a required field missing (garbage bytesPerSec)",
      (p) => delete p.events[1].bytesPerSec,
      "plan.events[1].bytesPerSec",
    ],
    ["a number given as a string", (p) => (p.events[1].bytesPerSec = "104857600"), "plan.events[1].bytesPerSec"],
    [
      "GOMAXPROCS 0 in a go event",
      (p) => p.events.push({ kind: "go", GOMAXPROCS: 0, atNs: 30 * S, source: "x" }),
      "plan.events[4].GOMAXPROCS",
    ],
    ["pointerFraction 5", (p) => (p.events[0].pointerFraction = 5), "plan.events[0].pointerFraction"],
    ["container memoryBytes -1", (p) => (p.scenario.container.memoryBytes = -1), "plan.scenario.container.memoryBytes"],
    ["container cpus 0", (p) => (p.scenario.container.cpus = 0), "plan.scenario.container.cpus"],
  ];
  test.each(tampered)("%s", (_label, tamper, path) => {
    const p = good();
    tamper(p);
    expect(() => validatePlan(p)).toThrow(ScenarioError);
    expect(scenarioError(() => validatePlan(p)).path).toBe(path);
  });
});

describe("types reject wrong usages at compile time", () => {
  const root = path.resolve(__dirname, "..");
  const fixture = path.join(__dirname, "fixtures/dsl/type-errors.ts");
  const DIRECTIVE = /^\s*\/\/ @ts-expect-error\b.*$/;

  function compilerOptions(): ts.CompilerOptions {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      path.join(root, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    if (!parsed) throw new Error("cannot read tsconfig.json");
    expect(parsed.errors).toEqual([]);
    return { ...parsed.options, noEmit: true, baseUrl: root, paths: { heapcast: ["lib/index.ts"] } };
  }

  function diagnose(text: string, options: ts.CompilerOptions, oldProgram?: ts.Program) {
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      path.resolve(name) === fixture ? ts.createSourceFile(name, text, lang) : getSourceFile(name, lang, ...rest);
    const program = ts.createProgram({ rootNames: [fixture], options, host, oldProgram });
    const sf = program.getSourceFile(fixture)!;
    const diagnostics = [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...ts.getPreEmitDiagnostics(program, sf),
    ];
    const lines = diagnostics.map((d) =>
      d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : -1,
    );
    const messages = diagnostics.map(
      (d, i) => `${lines[i] + 1}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
    );
    return { program, lines, messages };
  }

  test("the fixture has zero diagnostics; without its @ts-expect-error directives, exactly the marked lines are errors", () => {
    const options = compilerOptions();
    const text = ts.sys.readFile(fixture)!;
    const withDirectives = diagnose(text, options);
    expect(withDirectives.messages).toEqual([]);

    const sourceLines = text.split("\n");
    const marked = sourceLines.flatMap((l, i) => (DIRECTIVE.test(l) ? [i + 1] : []));
    expect(marked.length).toBeGreaterThanOrEqual(30);
    // Blank out the directives (keeping line numbers) and compile again: every marked line must be an error, and
    // nothing else.
    const stripped = sourceLines.map((l) => (DIRECTIVE.test(l) ? "" : l)).join("\n");
    const without = diagnose(stripped, options, withDirectives.program);
    expect([...new Set(without.lines)].sort((a, b) => a - b)).toEqual(marked);
    expect(without.messages.every((m) => !m.startsWith("0:"))).toBe(true);
  });
});
