// Grids (lib/running/grid.ts): one row per combination in order, the same table whatever the worker count, rows equal
// to a
// plain run of the combination, seeded Monte Carlo aggregates, axes checked like the DSL, budgets checked at once, and
// the `heapcast grid` command.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compile, run, scenario, ScenarioError, RunawayScenarioError } from "heapcast";
import { grid, gridPlan, wilson95, formatGridTable, MAX_GRID_RUNS } from "../lib/running/grid";
import { runSeed } from "../lib/running/grid-run";
import { tableFields } from "../lib/results/outputs";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist/lib/cli/heapcast.js");

/** The README's example shape, short: a goroutine leak in a container. */
const leaky = () =>
  scenario("checkout-api", {
    duration: "30s",
    go: { GOGC: 100, GOMEMLIMIT: "192MiB" },
    container: { memory: "256MiB", cpus: 1.5 },
  })
    .liveHeap("16MiB")
    .garbage("100MiB/s")
    .leakGoroutines("200/s", { stack: "16KiB", retains: "32KiB" })
    .at("20s", (s) => s.garbage("300MiB/s"));

const EXAMPLE_AXES = {
  "go.GOGC": [50, 100, 200, "off"],
  "go.GOMEMLIMIT": ["300MiB", "400MiB"],
  "container.memory": ["512MiB", "1GiB"],
};

/** A row's columns after the axes: the summary's, from the outputs catalogue (as summaryTable names them). */
const METRICS = tableFields().map((f) => f.column as string);

/**
 * numpy's default percentile (linear between order statistics, "type 7"), the definition grid() documents: an oracle.
 */
function type7(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  return s[lo] + (h - lo) * (s[Math.min(s.length - 1, lo + 1)] - s[lo]);
}

function finiteOrNull(rows: Record<string, unknown>[]): boolean {
  return rows.every((r) =>
    Object.values(r).every((v) => v === null || typeof v === "string" || (typeof v === "number" && Number.isFinite(v))),
  );
}

describe("grid", () => {
  let inProcess: Awaited<ReturnType<typeof grid>>;
  let onWorkers: Awaited<ReturnType<typeof grid>>;
  const progress: [number, number][] = [];

  beforeAll(async () => {
    inProcess = await grid(leaky(), EXAMPLE_AXES, { workers: 1 });
    onWorkers = await grid(leaky(), EXAMPLE_AXES, { workers: 2, onProgress: (d, t) => progress.push([d, t]) });
  });

  test("the example's 4 × 2 × 2 axes give 16 rows, in combination order, with the user's values", () => {
    expect(onWorkers.numRows()).toBe(16);
    expect(onWorkers.columnNames()).toEqual(["go.GOGC", "go.GOMEMLIMIT", "container.memory", ...METRICS]);
    const rows = onWorkers.objects() as Record<string, unknown>[];
    let i = 0;
    for (const g of EXAMPLE_AXES["go.GOGC"])
      for (const m of EXAMPLE_AXES["go.GOMEMLIMIT"])
        for (const c of EXAMPLE_AXES["container.memory"]) {
          expect([rows[i]["go.GOGC"], rows[i]["go.GOMEMLIMIT"], rows[i]["container.memory"]]).toEqual([g, m, c]);
          i++;
        }
    expect(finiteOrNull(rows)).toBe(true);
    expect(onWorkers.toCSV()).not.toMatch(/NaN|Infinity/);
  });

  test("the same table, byte for byte, on 1 and 2 workers", () => {
    expect(onWorkers.toCSV()).toBe(inProcess.toCSV());
  });

  test("progress: (0, total) first, never backwards, up to (total, total)", () => {
    expect(progress[0]).toEqual([0, 16]);
    expect(progress[progress.length - 1]).toEqual([16, 16]);
    for (let i = 1; i < progress.length; i++) {
      expect(progress[i][1]).toBe(16);
      expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
    }
  });

  test("every combination is its own run: a container larger than the peak RSS still gives that run's own figures", async () => {
    // A leak through 160–320 MiB: the smaller containers are OOM-killed, the larger ones are not. Each row must be the
    // plain run of its combination (the kernel splits its steps where RSS could reach the limit, so a limit the run
    // never reaches may still change its figures in the last bits: no run is taken for another's).
    const axes = { "go.GOGC": [100, "off"], "container.memory": ["160MiB", "256MiB", "1GiB", "none"] };
    const steps = (p: number[]) => p.slice(1).map((d, i) => d - p[i]);
    const progress: number[] = [];
    const table = await grid(leaky(), axes, { workers: 1, onProgress: (d) => progress.push(d) });
    const rows = table.objects() as Record<string, unknown>[];
    expect(rows.some((r) => r.oom_killed_at_s !== null)).toBe(true);
    expect(rows.some((r) => r.oom_killed_at_s === null && r["container.memory"] !== "none")).toBe(true);
    rows.forEach((row, i) => {
      const s = run(
        gridPlan(leaky(), {
          "go.GOGC": row["go.GOGC"] as number | "off",
          "container.memory": row["container.memory"] as string,
        }),
      ).summary;
      expect([i, row.peak_rss_bytes, row.gc_cycles, row.oom_killed_at_s]).toEqual([
        i,
        s.peakRssBytes,
        s.gcCycles,
        s.oomKilledAtSeconds,
      ]);
    });
    expect(Math.max(...steps(progress))).toBe(1); // every run run, one by one
    await expect(grid(leaky(), axes, { reuse: false } as never)).rejects.toThrow(
      /grid\.options\.reuse: .*unknown field/,
    );
  });

  test("each row is the plain run of its combination", () => {
    const rows = inProcess.objects() as Record<string, unknown>[];
    for (const i of [0, 5, 15]) {
      const r = rows[i];
      const settings = {
        "go.GOGC": r["go.GOGC"],
        "go.GOMEMLIMIT": r["go.GOMEMLIMIT"],
        "container.memory": r["container.memory"],
      };
      const s = run(gridPlan(leaky(), settings)).summary;
      expect(r.peak_rss_bytes).toBe(s.peakRssBytes);
      expect(r.gc_cycles).toBe(s.gcCycles);
      expect(r.gc_cpu_fraction).toBe(s.gcCpuFraction);
      expect(r.oom_killed_at_s).toBe(s.oomKilledAtSeconds);
      expect(r.final_heap_goal_bytes).toBe(s.finalHeapGoalBytes);
    }
    // and the one that matches the scenario as written is run(scenario)
    const same = run(leaky()).summary;
    const direct = (inProcess.objects() as Record<string, unknown>[]).length; // table built
    expect(direct).toBe(16);
    const t = rows.find(
      (r) => r["go.GOGC"] === 100 && r["go.GOMEMLIMIT"] === "300MiB" && r["container.memory"] === "512MiB",
    );
    expect(t).toBeDefined();
    const noAxes = run(gridPlan(leaky(), {})).summary;
    expect({ ...noAxes, wallMs: 0 }).toEqual({ ...same, wallMs: 0 });
  });

  test("a GOMEMLIMIT axis: with GOGC=off peak RSS follows the limit, and a limit above the container is OOM-killed", async () => {
    const leak = scenario("heap leak", { duration: "60s", go: { GOGC: "off" }, container: { memory: "512MiB" } })
      .liveHeap("32MiB")
      .leakHeap("2MiB/s")
      .garbage("100MiB/s");
    const t = (await grid(leak, { "go.GOMEMLIMIT": ["256MiB", "384MiB", "1GiB"] }, { workers: 1 })).objects() as Record<
      string,
      number | null
    >[];
    const MiB = 2 ** 20;
    expect(t[0].oom_killed_at_s).toBeNull();
    expect(t[1].oom_killed_at_s).toBeNull();
    expect(t[0].peak_rss_bytes as number).toBeLessThan(t[1].peak_rss_bytes as number);
    expect(Math.abs((t[0].peak_rss_bytes as number) / MiB - 256)).toBeLessThan(256 * 0.05);
    expect(Math.abs((t[1].peak_rss_bytes as number) / MiB - 384)).toBeLessThan(384 * 0.05);
    expect(t[2].oom_killed_at_s).toBeGreaterThan(0);
    expect(t[2].oom_killed_at_s).toBeLessThan(60);
    expect(t[2].peak_rss_bytes).toBe(512 * MiB);
  });

  test("a GOMEMLIMIT axis on a goroutine leak: any limit delays the OOM kill", async () => {
    const t = (
      await grid(leaky(), { "go.GOMEMLIMIT": ["150MiB", "200MiB", "off"] }, { workers: 1 })
    ).objects() as Record<string, number>[];
    expect(t.every((r) => r.oom_killed_at_s !== null)).toBe(true);
    expect(t[0].oom_killed_at_s).toBeGreaterThan(t[2].oom_killed_at_s);
    expect(t[1].oom_killed_at_s).toBeGreaterThan(t[2].oom_killed_at_s);
    expect(t[0].gc_cycles).toBeGreaterThan(t[1].gc_cycles); // a tighter limit collects more often
  });
});

test("a grid on workers settles only once its worker threads have exited (nothing left running when it returns)", async () => {
  const threads = () => process.getActiveResourcesInfo().filter((r) => r === "MessagePort" || r === "Worker");
  expect(threads()).toEqual([]);
  const pending = grid(
    scenario("small", { duration: "2s" }).liveHeap("16MiB").garbage("50MiB/s"),
    { "go.GOGC": [50, 100, 200, 400] },
    { workers: 2 },
  );
  await new Promise((r) => setTimeout(r, 5));
  expect(threads().length).toBeGreaterThan(0); // the workers' ports, while it runs
  expect((await pending).numRows()).toBe(4);
  expect(threads()).toEqual([]);
});

describe("grid with seeds (Monte Carlo)", () => {
  // Incident 9 of prior-art.md in small: a CI task close to its container limit, OOM-killed in a few runs out of many.
  const ciTask = () =>
    // (Go 1.19's model: the container sizes below were chosen around its peak RSS)
    scenario("ci task", { duration: "60s", go: { version: "1.19", GOGC: 100 }, container: { memory: "200MiB" } })
      .liveHeap("64MiB")
      .garbage("200MiB/s")
      .requests("300/s", { alloc: "128KiB", lasts: "200ms" });
  const noise = { jitter: { rates: 0.1 }, poisson: true };
  let agg: Record<string, unknown>[];
  let aggCsv: string;

  beforeAll(async () => {
    const t = await grid(
      ciTask(),
      { "container.memory": ["160MiB", "164MiB", "200MiB"] },
      { seeds: 60, noise, workers: 2 },
    );
    agg = t.objects() as Record<string, unknown>[];
    aggCsv = t.toCSV();
  });

  test("OOM probabilities in [0, 1], inside their interval, falling with a larger container; p50 ≤ p90 ≤ p99", () => {
    expect(agg).toHaveLength(3);
    for (const r of agg) {
      const p = r.oom_probability as number;
      expect(r.runs).toBe(60);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      expect(r.oom_probability_ci95_low as number).toBeLessThanOrEqual(p);
      expect(r.oom_probability_ci95_high as number).toBeGreaterThanOrEqual(p);
      const q = [
        "peak_rss_bytes_min",
        "peak_rss_bytes_p50",
        "peak_rss_bytes_p90",
        "peak_rss_bytes_p99",
        "peak_rss_bytes_max",
      ].map((k) => r[k] as number);
      for (let i = 1; i < q.length; i++) expect(q[i]).toBeGreaterThanOrEqual(q[i - 1]);
      expect(r.gc_cpu_fraction_p50 as number).toBeLessThanOrEqual(r.gc_cpu_fraction_p90 as number);
      expect(r.oom_killed_at_s_p50 === null).toBe(p === 0);
    }
    const p = agg.map((r) => r.oom_probability as number);
    expect(p[0]).toBeGreaterThan(p[1]);
    expect(p[1]).toBeGreaterThan(0); // noise makes the middle one a matter of chance
    expect(p[1]).toBeLessThan(1);
    expect(p[2]).toBe(0);
    expect(finiteOrNull(agg)).toBe(true);
  });

  test("the same aggregates in process, and per-run rows that add up to them", async () => {
    const t1 = await grid(
      ciTask(),
      { "container.memory": ["160MiB", "164MiB", "200MiB"] },
      { seeds: 60, noise, workers: 1 },
    );
    expect(t1.toCSV()).toBe(aggCsv);
    const runs = (
      await grid(ciTask(), { "container.memory": ["164MiB"] }, { seeds: 60, noise, workers: 1, perRun: true })
    ).objects() as Record<string, unknown>[];
    expect(runs).toHaveLength(60);
    expect(runs.map((r) => r.run)).toEqual([...Array(60).keys()]);
    expect(runs[0].seed).toBe(1); // run 0 uses the scenario's seed
    expect(new Set(runs.map((r) => r.seed)).size).toBe(60);
    const killed = runs.filter((r) => r.oom_killed_at_s !== null).length;
    expect(killed / 60).toBe(agg[1].oom_probability);
    const rss = runs.map((r) => r.peak_rss_bytes as number);
    expect(agg[1].peak_rss_bytes_p90).toBe(type7(rss, 0.9));
    expect(agg[1].peak_rss_bytes_p99).toBe(type7(rss, 0.99));
    expect(agg[1].peak_rss_bytes_min).toBe(Math.min(...rss));
    const p99s = runs.map((r) => r.pause_p99_s as number);
    expect(agg[1].pause_p99_s_p99).toBe(type7(p99s, 0.99));
    expect(agg[1].max_pause_s_max).toBe(Math.max(...runs.map((r) => r.max_pause_s as number)));
  });

  test("another base seed gives other runs", async () => {
    const a = await grid(
      ciTask(),
      { "container.memory": ["164MiB"], seed: [1, 2] },
      { seeds: 20, noise, workers: 1, perRun: true },
    );
    const rows = a.objects() as Record<string, number>[];
    expect(rows.slice(0, 20).map((r) => r.seed)).not.toEqual(rows.slice(20).map((r) => r.seed));
    expect(rows.slice(0, 20).map((r) => r.peak_rss_bytes)).not.toEqual(rows.slice(20).map((r) => r.peak_rss_bytes));
    expect(rows[20].seed).toBe(2);
    expect(runSeed(2, 0)).toBe(2);
  });

  test("the percentile oracle and wilson95", () => {
    expect(type7([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(type7([5], 0.99)).toBe(5);
    expect(type7([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
    const [lo, hi] = wilson95(2, 100);
    expect(lo).toBeCloseTo(0.0055, 3);
    expect(hi).toBeCloseTo(0.07, 3);
    expect(wilson95(0, 10)[0]).toBe(0);
    expect(wilson95(10, 10)[1]).toBeCloseTo(1, 12);
  });
});

describe("axes", () => {
  const base = () => scenario("svc", { duration: "20s" }).liveHeap("32MiB").garbage("50MiB/s");

  async function axisError(axes: Record<string, unknown[]>): Promise<ScenarioError> {
    try {
      await grid(base(), axes, { workers: 1 });
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      return e as ScenarioError;
    }
    throw new Error("no error");
  }

  test("a bad value is a ScenarioError naming grid[axis][index], the value and the expected form", async () => {
    let e = await axisError({ "go.GOGC": [50, 100, "fast"] });
    expect(e.message).toBe('grid["go.GOGC"][2]: expected a whole percentage like 100, or "off", got "fast"');
    expect(e.path).toBe('grid["go.GOGC"][2]');
    e = await axisError({ "go.GOMEMLIMIT": ["300MiB", "300MB/s"] });
    expect(e.message).toBe('grid["go.GOMEMLIMIT"][1]: expected a size like "512MiB", or "off", got "300MB/s"');
    e = await axisError({ "container.memory": ["512KiB"] });
    expect(e.message).toBe('grid["container.memory"][0]: expected a size of at least "1MiB", or "none", got "512KiB"');
    e = await axisError({ "container.memory": ["2PiB"] });
    expect(e.message).toMatch(/^grid\["container\.memory"\]\[0\]: expected .*got "2PiB"/);
    e = await axisError({ "container.cpus": [0] });
    expect(e.message).toMatch(/^grid\["container\.cpus"\]\[0\]: expected a number of cores/);
    e = await axisError({ duration: ["10m", "forever"] });
    expect(e.message).toMatch(/^grid\["duration"\]\[1\]: expected a duration like/);
    e = await axisError({ "go.GOGC": [undefined] });
    expect(e.message).toMatch(/^grid\["go\.GOGC"\]\[0\]: expected a value/);
    e = await axisError({ "go.GOMAXPROCS": [2, 2.5] });
    expect(e.message).toBe('grid["go.GOMAXPROCS"][1]: expected a whole number of Ps from 1 to 1024, got 2.5');
    e = await axisError({ "go.gogc": [50] });
    expect(e.message).toMatch(
      /^grid\["go\.gogc"\]: expected one of the axes go\.version, go\.GOGC, go\.GOMEMLIMIT, .*got "go\.gogc" \(unknown axis\)$/,
    );
    e = await axisError({ "go.GOGC": [] });
    expect(e.message).toBe('grid["go.GOGC"]: expected a non-empty list of values, got []');
    e = await axisError({ "go.GOGC": "off" as never });
    expect(e.message).toBe('grid["go.GOGC"]: expected a non-empty list of values, got "off"');
  });

  test("bad options are ScenarioErrors too", async () => {
    await expect(grid(base(), {}, { seeds: 0 })).rejects.toThrow(
      /^grid\.options\.seeds: expected a whole number from 1 to 100,000, got 0$/,
    );
    await expect(grid(base(), {}, { workers: 1.5 })).rejects.toThrow(/^grid\.options\.workers: /);
    await expect(grid(base(), {}, { noise: { jitter: { rates: 5 } } })).rejects.toThrow(
      /^grid\.options\.noise\.jitter\.rates: /,
    );
    await expect(grid(base(), {}, { seed: 3 } as never)).rejects.toThrow(
      /^grid\.options\.seed: expected one of the fields/,
    );
    await expect(grid({ format: "heapcast.plan" } as never, {})).rejects.toThrow(/^grid\.base\.version: /);
    const big = { "go.GOGC": [...Array(1000).keys()], "go.GOMAXPROCS": [...Array(1000).keys()].map((i) => i + 1) };
    await expect(grid(base(), big, { seeds: 2 })).rejects.toThrow(
      `at most ${MAX_GRID_RUNS.toLocaleString("en-US")} runs`,
    );
  });

  test("no axes: one row, the base scenario", async () => {
    const t = await grid(base(), {}, { workers: 1 });
    expect(t.numRows()).toBe(1);
    expect(t.columnNames()).toEqual(METRICS);
    expect((t.objects()[0] as Record<string, number>).gc_cycles).toBe(run(base()).summary.gcCycles);
  });

  test("an axis beats a go/container call at t = 0; later calls still happen", () => {
    const s = scenario("calls", { duration: "20s", go: { GOGC: 100 } })
      .go({ GOGC: 50, GOMAXPROCS: 4 })
      .container({ memory: "1GiB" })
      .liveHeap("32MiB")
      .garbage("50MiB/s")
      .at("10s", (p) => p.go({ GOGC: 300 }));
    const p = gridPlan(s, { "go.GOGC": 200, "container.memory": "none" });
    expect(p.scenario.go.GOGC).toBe(200);
    expect(p.scenario.container.memoryBytes).toBeNull();
    const goEvents = p.events.filter((e) => e.kind === "go");
    expect(goEvents).toEqual([
      { kind: "go", GOMAXPROCS: 4, atNs: 0, source: "go" }, // GOGC stripped, GOMAXPROCS kept
      { kind: "go", GOGC: 300, atNs: 10e9, source: "at(10s).go" },
    ]);
    expect(p.events.filter((e) => e.kind === "container")).toEqual([]); // nothing left: dropped
    // the same as writing the scenario with those settings
    const written = scenario("calls", { duration: "20s", go: { GOGC: 200 } })
      .go({ GOMAXPROCS: 4 })
      .liveHeap("32MiB")
      .garbage("50MiB/s")
      .at("10s", (q) => q.go({ GOGC: 300 }));
    const a = run(p).summary;
    const b = run(written).summary;
    expect({ ...a, wallMs: 0 }).toEqual({ ...b, wallMs: 0 });
    // GOGC axis values without the event: GOGC 50 at t = 0 would have given more cycles
    expect(run(s).summary.gcCycles).toBeGreaterThan(a.gcCycles);
  });

  test("a duration axis: default sampling follows the duration, later events are dropped, a ramp must fit", () => {
    const s = scenario("d", { duration: "20s" })
      .liveHeap("32MiB", { over: "5s" })
      .garbage("50MiB/s")
      .at("15s", (p) => p.garbage("80MiB/s"));
    const p = gridPlan(s, { duration: "10m" });
    expect(p.scenario.durationNs).toBe(600e9);
    expect(p.scenario.sampleEveryNs).toBe(compile(scenario("x", { duration: "10m" })).scenario.sampleEveryNs);
    const short = gridPlan(s, { duration: "10s" });
    expect(short.events.map((e) => e.source)).toEqual(["liveHeap", "garbage"]);
    expect(() => gridPlan(s, { duration: "4s" })).toThrow(
      'gridPlan["duration"]: expected a duration of at least 5s (a ramp of the scenario ends there), got "4s"',
    );
    const explicit = scenario("e", { duration: "20s", sampleEvery: "1s" }).garbage("50MiB/s");
    expect(gridPlan(explicit, { duration: "10m" }).scenario.sampleEveryNs).toBe(1e9);
    expect(gridPlan(explicit, { duration: "10m", sampleEvery: "2s" }).scenario.sampleEveryNs).toBe(2e9);
  });

  test("a plan (JSON) works as a base, and is not modified", async () => {
    const plan = JSON.parse(JSON.stringify(compile(base())));
    const before = JSON.stringify(plan);
    const t = await grid(plan, { "go.GOGC": [100, 200], "go.GOMAXPROCS": [1, 2] }, { workers: 1 });
    expect(t.numRows()).toBe(4);
    expect(JSON.stringify(plan)).toBe(before);
  });
});

describe("budgets and failures", () => {
  test("a combination whose timeline alone is over the budget fails at once, naming the cause and the combination", async () => {
    const s = scenario("long", { duration: "1h" }).liveHeap("32MiB").garbage("50MiB/s");
    let err: Error | undefined;
    const seen: number[] = [];
    try {
      await grid(
        s,
        { duration: ["1h", "2400h"], sampleEvery: ["1s", "1ms"] },
        { workers: 2, onProgress: (d) => seen.push(d) },
      );
    } catch (e) {
      err = e as Error;
    }
    expect(err).toBeInstanceOf(RunawayScenarioError);
    expect(err?.message).toMatch(
      /^grid combination 2 of 4 \(duration="1h", sampleEvery="1ms"\): scenario would run out of memory: 3,600,001 timeline samples \(duration 1h \/ sampleEvery 1ms\)/,
    );
    expect(seen).toEqual([]); // before any run (how fast is measured by npm run bench, not here)
  });

  test("a combination that runs away fails with the kernel's message and the combination", async () => {
    const s = scenario("hot", { duration: "10m", sampleEvery: "10s" }).liveHeap("1MiB").garbage("2GiB/s");
    await expect(grid(s, { "go.GOGC": ["off", 10] }, { workers: 2, maxEvents: 200_000 })).rejects.toThrow(
      /^grid combination 2 of 2 \(go\.GOGC=10\): scenario would run away: .* events projected \(budget 200,000\)/,
    );
    await expect(grid(s, { "go.GOGC": [10] }, { workers: 1, maxEvents: 200_000 })).rejects.toBeInstanceOf(
      RunawayScenarioError,
    );
  });

  test("an abort signal stops the grid", async () => {
    const s = scenario("svc", { duration: "10m" }).liveHeap("32MiB").garbage("50MiB/s");
    const ac = new AbortController();
    const p = grid(
      s,
      { "go.GOGC": [50, 60, 70, 80, 90, 100, 110, 120] },
      { seeds: 10, workers: 2, signal: ac.signal, onProgress: (d) => d === 3 && ac.abort(new Error("stop")) },
    );
    await expect(p).rejects.toThrow("stop");
    await expect(grid(s, { "go.GOGC": [50] }, { workers: 2, signal: ac.signal })).rejects.toThrow("stop"); // aborted already
    const ac1 = new AbortController();
    const seen: number[] = [];
    const q = grid(
      s,
      { "go.GOGC": [50, 60, 70, 80] },
      {
        seeds: 10,
        workers: 1,
        signal: ac1.signal,
        onProgress: (d) => (seen.push(d), d === 3 && ac1.abort(new Error("stop 1"))),
      },
    );
    await expect(q).rejects.toThrow("stop 1");
    expect(seen[seen.length - 1]).toBeLessThan(40);
  });
});

describe("heapcast grid", () => {
  let tmp: string;
  beforeAll(() => {
    // Build unless dist/ is newer than every source (`npm test` has just built it; a second concurrent tsc writing
    // the same files could trip test/cli.test.ts).
    const newest = (dir: string, ext: string): number =>
      fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
        const f = path.join(dir, e.name);
        return Math.max(m, e.isDirectory() ? newest(f, ext) : e.name.endsWith(ext) ? fs.statSync(f).mtimeMs : 0);
      }, 0);
    const built = ["lib/cli/heapcast.js", "lib/running/grid.js", "lib/running/grid-worker.js"].map((f) =>
      path.join(ROOT, "dist", f),
    );
    const stale =
      built.some((f) => !fs.existsSync(f)) ||
      Math.min(...built.map((f) => fs.statSync(f).mtimeMs)) <
        Math.max(newest(path.join(ROOT, "lib"), ".ts"), newest(path.join(ROOT, "kernel"), ".ts"));
    if (stale) execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "pipe" });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-grid-test-"));
  }, 600_000);
  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });
  const heapcast = (args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
  const SCENARIO = "scenarios/checkout-api-goroutine-leak.ts";

  test("prints one row per combination; --csv and --json hold the same table; no progress bar off a terminal", () => {
    const csv = path.join(tmp, "grid.csv");
    const r = heapcast([
      "grid",
      SCENARIO,
      "--axis",
      "go.GOGC=50,100,200,off",
      "--axis",
      "go.GOMEMLIMIT=150MiB,off",
      "--csv",
      csv,
    ]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(10); // the header, 8 rows, the count of the columns left to --csv and --json
    expect(lines[0]).toMatch(
      /^go\.GOGC\s+go\.GOMEMLIMIT\s+gc_cycles\s+peak_rss_bytes\s+gc_cpu_fraction\s+pause_p99_s\s+oom_killed_at_s$/,
    );
    expect(lines[1]).toMatch(/^50\s+150MiB\s+\d+\s+256 MiB/);
    expect(lines[8]).toMatch(/^off\s+off\s/);
    expect(lines[9]).toMatch(/^\(\d+ more columns in --csv FILE or --json: /);
    const csvText = fs.readFileSync(csv, "utf8");
    expect(csvText.split("\n")[0]).toBe(["go.GOGC", "go.GOMEMLIMIT", ...METRICS].join(","));
    const j = heapcast([
      "grid",
      SCENARIO,
      "--axis",
      "go.GOGC=50,100,200,off",
      "--axis",
      "go.GOMEMLIMIT=150MiB,off",
      "--json",
      "--workers",
      "1",
    ]);
    expect(j.status).toBe(0);
    const rows = JSON.parse(j.stdout);
    expect(rows).toHaveLength(8);
    expect(rows[0]["go.GOGC"]).toBe(50); // a plain number on the command line is a number
    expect(rows[7]["go.GOGC"]).toBe("off");
    expect(csvText.split("\n")[1].split(",")[2 + METRICS.indexOf("peak_rss_bytes")]).toBe(
      String(rows[0].peak_rss_bytes),
    );
  });

  test("--seeds with noise prints aggregates", () => {
    const r = heapcast([
      "grid",
      SCENARIO,
      "--axis",
      "container.memory=256MiB,none",
      "--seeds",
      "8",
      "--jitter",
      "0.1",
      "--poisson",
      "--json",
    ]);
    expect(r.status).toBe(0);
    const rows = JSON.parse(r.stdout);
    expect(rows.map((x: Record<string, unknown>) => x["container.memory"])).toEqual(["256MiB", "none"]);
    expect(rows[0].runs).toBe(8);
    expect(rows[0].oom_probability).toBe(1);
    expect(rows[1].oom_probability).toBe(0);
  });

  test.each([
    [
      ["--axis", "go.GOGC=50,fast"],
      'heapcast: grid["go.GOGC"][1]: expected a whole percentage like 100, or "off", got "fast"\n',
    ],
    [["--axis", "go.GOGC"], /^heapcast: --axis: expected PATH=VALUE,VALUE/],
    [["--axis", "go.GOGC=50,,100"], /^heapcast: --axis: empty value/],
    [["--axis", "go.GOGC=50", "--axis", "go.GOGC=100"], /^heapcast: --axis: go\.GOGC given twice/],
    [["--axis", "go.GOGC=50", "--seeds", "many"], /^heapcast: --seeds: expected a whole number, got "many"/],
    [["--axis", "go.GOGC=50", "--jitter", "lots"], /^heapcast: --jitter: expected a log standard deviation/],
    [["--axis", "GOGC=50"], /^heapcast: grid\["GOGC"\]: expected one of the axes/],
  ])("bad input %j → message, exit 2", (args, message) => {
    const r = heapcast(["grid", SCENARIO, ...(args as string[])]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    if (typeof message === "string") expect(r.stderr).toBe(message);
    else expect(r.stderr).toMatch(message);
  });

  test("formatGridTable: units for bytes, percent for fractions, none for null", async () => {
    const t = await grid(
      scenario("x", { duration: "5s" }).liveHeap("8MiB").garbage("10MiB/s"),
      { "go.GOGC": [100] },
      { workers: 1 },
    );
    const text = formatGridTable(t);
    expect(text).toMatch(/MiB/);
    expect(text).toMatch(/%/);
    expect(text.split("\n")[1]).toMatch(/\snone$/); // oom_killed_at_s is null
  });
});
