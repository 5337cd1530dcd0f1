// Real Go on demand, end to end: short real runs (seconds each) under real cgroup limits, asserting on what was
// measured (a kill happened, its time, cycles within a loose band), never on timing; plans the load generator cannot
// execute; a run past its duration; and that nothing is left behind (cgroups, processes, temp files).
// Needs root and cgroups (CI has them) and Go: the go on PATH, and Debian's Go 1.19 for the --go 1.19 case.

import { spawn, spawnSync, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { compile } from "../lib/authoring/compile";
import { scenario } from "../lib/authoring/dsl";
import { run } from "../lib/running/run";
import type { EventPlan } from "../kernel/plan";
import { detectCgroups, GROUP_PREFIX, removeStaleGroups } from "../lib/running/real/cgroup";
import { PlanNotExecutableError, runRealRep } from "../lib/running/real/runner";
import { buildLoadgen, resolveToolchain, ToolchainError, type BuiltLoadgen } from "../lib/running/real/toolchain";
import { loadReal, loadRealReps } from "../lib/results/real";
import { compare } from "../lib/results/compare";
import { memoryChart } from "../lib/views/charts";
import { readSamples } from "./support/realgo";

jest.setTimeout(600_000);

const MiB = 2 ** 20;
let tmp: string;
let lg: BuiltLoadgen;
const support = detectCgroups();

/** Our groups still present (any heapcast group of this process). */
function ourGroups(): string[] {
  const found: string[] = [];
  for (const parent of new Set([support.memoryParent, support.cpuParent].filter((p): p is string => p !== null))) {
    for (const e of fs.readdirSync(parent))
      if (e.startsWith(GROUP_PREFIX) && e.includes(`-${process.pid}-`)) found.push(path.join(parent, e));
  }
  return found;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function buildTemps(): string[] {
  return fs.readdirSync(os.tmpdir()).filter((f) => f.startsWith("heapcast-loadgen-build-"));
}

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-real-test-"));
  lg = buildLoadgen(resolveToolchain(""));
});

afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

test("this machine can enforce container limits (cgroups)", () => {
  expect(support.version).not.toBeNull();
  expect(support.problems).toEqual([]);
  expect(support.memoryParent).not.toBeNull();
  expect(support.cpuParent).not.toBeNull();
});

test("a steady service: runs to its duration, cycles in a loose band, loads back as a simulation's tables", async () => {
  const plan = compile(
    scenario("steady", { duration: "3s", sampleEvery: "50ms", go: { GOGC: 100, GOMAXPROCS: 2 } })
      .liveHeap("32MiB")
      .garbage("100MiB/s", { every: "5ms" }),
  );
  const out = path.join(tmp, "steady", "rep1");
  const r = (await runRealRep(plan, lg, { out })) as Record<string, any>;
  expect(r.exit).toMatchObject({ exited: true, exit_code: 0, oom_killed: false, killed_by_runner_timeout: false });
  expect(r.go_version).toBe(lg.toolchain.version);
  expect(r.go_line).toBe(lg.goLine);
  expect(r.env).toMatchObject({ GOGC: "100", GOMAXPROCS: "2" });
  expect(r.gomaxprocs).toMatchObject({ set_by: "env", at_start: 2 });
  // Tests run on a busy 2-core machine: no rate is asserted, only what a loaded machine still guarantees.
  // The program never allocates more than the 300 MiB planned (allocated or dropped), and what it reports as achieved
  // per segment is what its counters counted.
  const fc = r.loadgen_summary.final_counters;
  expect(fc.garbage_bytes).toBeGreaterThan(0);
  expect(fc.garbage_bytes + fc.garbage_skipped_bytes).toBeLessThanOrEqual(300 * MiB * 1.02);
  const achieved = r.loadgen_summary.segments.reduce(
    (a: number, s: any) => a + s.achieved_garbage_bytes_per_s * (s.to_s - s.from_s),
    0,
  );
  expect(Math.abs(achieved - fc.garbage_bytes)).toBeLessThan(1024);
  // Between two cycle starts the heap takes in at most its size at the next start (≤ the largest heap at mark
  // termination, gctrace's truncated MiB + 1), so the cycles bound what was allocated, whatever the machine's speed;
  // and a heap of 32 MiB live stays within a loose band.
  const perCycle = (r.gctrace_summary.max_heap_end_mb + 1) * MiB;
  expect(r.gctrace_summary.gc_lines).toBeGreaterThanOrEqual(Math.max(1, Math.floor(fc.garbage_bytes / perCycle) - 1));
  expect(r.gctrace_summary.gc_lines).toBeLessThanOrEqual(40);
  expect(r.samples_summary.peak_heap_inuse_bytes).toBeGreaterThan(32 * MiB);
  expect(r.samples_summary.peak_heap_inuse_bytes).toBeLessThan(120 * MiB);
  expect(r.limits).toMatchObject({
    memory: { in_plan: false, enforced: false },
    cpu: { in_plan: false, enforced: false },
  });

  const real = loadReal(out);
  const sim = run(plan);
  expect(real.cycles.columnNames()).toEqual(sim.cycles.columnNames());
  expect(real.timeline.columnNames().slice(0, sim.timeline.columnNames().length)).toEqual(sim.timeline.columnNames());
  expect(real.cycles.numRows()).toBe(r.gctrace_summary.gc_lines);
  expect(real.timeline.numRows()).toBe(r.samples_summary.n_samples);
  // 3 s every 50 ms: 60 ticks, but a busy machine can make the sampler miss a tick (Go's Ticker drops ticks the
  // receiver was too late for), so only the span of the samples is asserted: from the start to the end of the run.
  const ts = real.timeline.array("t_s") as number[];
  expect(ts[0]).toBeLessThan(0.5);
  expect(ts[ts.length - 1]).toBeGreaterThan(2.5);
  expect(real.summary.oomKilledAtSeconds).toBeNull();
  expect(real.timeline.array("heap_live:bytes").every((v: unknown) => v === null)).toBe(true); // not measured: null
  expect(real.events.array("kind")).toEqual(["scenario", "scenario", "end-of-data"]);
  // the memory chart does not split a real run's heap objects into live and garbage: it cannot know which is which
  const mem = JSON.stringify(memoryChart(real));
  expect(mem).toContain("heap objects (live and garbage)");
  expect(mem).not.toContain("garbage (dead, not yet swept)");
  const c = compare(sim, loadRealReps(path.join(tmp, "steady")));
  expect(c.table.array("metric")).toContain("GC cycles");
  expect(c.table.columnNames()).toEqual(["metric", "unit", "sim", "rep1", "error_rep1", "note"]);
  const gc = c.table.filter((d: any) => d.metric === "GC cycles").object() as any;
  expect(gc.rep1).toBe(real.summary.gcCycles);
  expect(gc.error_rep1).toBeCloseTo((sim.summary.gcCycles - real.summary.gcCycles!) / real.summary.gcCycles!, 3);
  expect(JSON.stringify(c.chart)).toContain("real");
  expect(ourGroups()).toEqual([]);
});

test("every page of every object is touched: a 64 MiB live heap of 4 KiB pointerful objects is resident in full", async () => {
  // Go 1.22+ puts each in a 4,864-byte slot (8-byte malloc header), 5 to a 24 KiB span, so an object can end on a
  // page no object starts on; the load generator writes each object's last word too (loadgen/alloc.go: touch).
  // Written only from the start, a sixth of those spans stayed unresident (12.8 MiB of 76).
  const plan = compile(
    scenario("touch", { duration: "1s", sampleEvery: "50ms", go: { GOGC: "off", GOMAXPROCS: 2 } }).liveHeap("64MiB", {
      objectSize: "4KiB",
      pointers: true,
    }),
  );
  const out = path.join(tmp, "touch", "rep1");
  const r = (await runRealRep(plan, lg, { out })) as Record<string, any>;
  expect(r.exit).toMatchObject({ exited: true, exit_code: 0 });
  const samples = readSamples(path.join(out, "samples.jsonl.gz"));
  const slots = (64 * MiB) / 4096; // objects
  const [, minor] = /^go1\.(\d+)/.exec(lg.toolchain.version)!.map(Number);
  expect(minor).toBeGreaterThanOrEqual(22); // the go on PATH: a version with malloc headers
  const slotBytes = 4864; // runtime/sizeclasses.go: the class a 4,096-byte object and its 8-byte header take
  const grown = r.samples_summary.peak_rss_bytes - samples[0].rss;
  // RSS only counts pages written (no swap here): at least 97 % of the slots' bytes (span tails are never written)
  expect(grown).toBeGreaterThan(0.97 * slots * slotBytes);
  expect(ourGroups()).toEqual([]);
});

test("a leak OOM-killed in a 64 MiB cgroup (Go 1.19): the kill, its evidence, its time", async () => {
  const lg119 = buildLoadgen(resolveToolchain("1.19"));
  const plan = compile(
    scenario("leak-64MiB", { duration: "20s", sampleEvery: "50ms", container: { memory: "64MiB" } })
      .liveHeap("8MiB")
      .garbage("20MiB/s", { every: "5ms" })
      .leakHeap("20MiB/s", { objectSize: "4KiB" }),
  );
  const out = path.join(tmp, "leak", "rep1");
  let pid = -1;
  const r = (await runRealRep(plan, lg119, { out, onStart: (p) => (pid = p) })) as Record<string, any>;
  expect(r.go_version).toBe("go1.19.8");
  expect(r.exit.oom_killed).toBe(true);
  expect(r.exit.signal_name).toBe("SIGKILL");
  expect(r.exit.killed_by_runner_timeout).toBe(false);
  expect(r.exit.oom_evidence.join("\n")).toMatch(/oom_kill=[1-9]/);
  expect(r.cgroup.memoryLimitBytes).toBe(64 * MiB);
  expect(r.limits.memory).toMatchObject({ requested_bytes: 64 * MiB, enforced: true });
  // 8 MiB live + 20 MiB/s leaked, the heap goal twice the marked heap: RSS reaches 64 MiB after ≈ 1–3 s.
  expect(r.time_to_oom_s).toBeGreaterThan(0.5);
  expect(r.time_to_oom_s).toBeLessThan(10);
  expect(r.samples_summary.peak_rss_bytes).toBeGreaterThan(40 * MiB);
  // statm's resident set also counts the binary's file pages, which the cgroup may have charged to another group
  // (already in the page cache): a few MiB above the limit is possible, much more is not.
  expect(r.samples_summary.peak_rss_bytes).toBeLessThanOrEqual(64 * MiB + 4 * MiB);
  expect(r.cgroup.memoryMaxUsageBytes).toBeLessThanOrEqual(64 * MiB + 64 * 1024);
  expect(fs.existsSync(path.join(out, "summary.json"))).toBe(false); // killed: no normal exit
  const real = loadReal(out);
  expect(real.summary.oomKilledAtSeconds).toBe(r.time_to_oom_s);
  expect(real.events.array("kind")).toContain("oom-kill");
  expect(alive(pid)).toBe(false);
  expect(ourGroups()).toEqual([]);
});

test("a CPU quota of 0.1 core: throttled, and the process held to about a tenth of a core", async () => {
  // 0.1 core, far below what the program asks for (≈ 0.6 cores) even when a loaded machine gives it less than usual.
  const plan = compile(
    scenario("quota", { duration: "3s", sampleEvery: "50ms", go: { GOMAXPROCS: 2 }, container: { cpus: 0.1 } })
      .liveHeap("32MiB")
      .garbage("900MiB/s", { every: "5ms", catchUp: "200ms" }),
  );
  const out = path.join(tmp, "quota", "rep1");
  const r = (await runRealRep(plan, lg, { out })) as Record<string, any>;
  expect(r.exit).toMatchObject({ exit_code: 0, oom_killed: false });
  expect(r.limits.cpu).toMatchObject({ requested_cores: 0.1, enforced: true });
  expect(r.cgroup.cpuQuotaUs).toBe(10_000);
  expect(r.cgroup.cpuStat.nr_throttled).toBeGreaterThan(0);
  expect(r.cgroup.throttledPeriodsFraction).toBeGreaterThan(0.3);
  expect(r.cgroup.throttledTimeS).toBeGreaterThan(0);
  expect(r.cpu_cores_avg).toBeLessThan(0.2); // CFS caps it at the quota (plus the shell and the start)
  // 900 MiB/s in a tenth of a core: the program cannot keep up, and says so
  expect(r.samples_summary["final.h.garbage_skipped_bytes"]).toBeGreaterThan(0);
  expect(ourGroups()).toEqual([]);
});

test("GOMAXPROCS left to the runtime, and the go.mod go line the program was built with, are recorded", async () => {
  // From Go 1.25 the default GOMAXPROCS follows the cgroup's CPU quota for modules whose go line is 1.25 or later
  // (GODEBUG containermaxprocs): min(CPUs, max(2, ceil(quota))) (runtime/cgroup_linux.go, adjustCgroupGOMAXPROCS).
  // On this 2-CPU machine that is 2 whatever the quota, so both builds start with 2 Ps; what is checked is that the
  // runtime chose it (no GOMAXPROCS in the environment) and that each binary reports the go line it was built with.
  const plan = compile(
    scenario("maxprocs", { duration: "0.5s", sampleEvery: "50ms", container: { cpus: 1 } }).liveHeap("1MiB"),
  );
  const tc = resolveToolchain("");
  const modern = (await runRealRep(plan, buildLoadgen(tc), {
    out: path.join(tmp, "maxprocs-new", "rep1"),
    gomaxprocs: "runtime",
  })) as Record<string, any>;
  const old = (await runRealRep(plan, buildLoadgen(tc, "1.24"), {
    out: path.join(tmp, "maxprocs-old", "rep1"),
    gomaxprocs: "runtime",
  })) as Record<string, any>;
  const expected = Math.min(os.cpus().length, Math.max(2, Math.ceil(1)));
  for (const r of [modern, old]) {
    expect(r.env.GOMAXPROCS).toBeUndefined();
    expect(r.loadgen_start.GOMAXPROCS).toBe("");
    expect(r.gomaxprocs).toMatchObject({ set_by: "runtime-default", plan: null, at_start: expected }); // (the plan leaves it to the runtime)
  }
  expect(modern.go_line).toBe(tc.version.replace(/^go/, ""));
  expect(modern.loadgen_start.go_line).toBe(modern.go_line);
  expect(old.go_line).toBe("1.24");
  expect(old.loadgen_start.go_line).toBe("1.24");
  expect(ourGroups()).toEqual([]);
});

test("a container event resizes the cgroup in place", async () => {
  const plan = compile(
    scenario("resize", { duration: "1.5s", sampleEvery: "50ms", container: { memory: "512MiB" } })
      .liveHeap("8MiB")
      .at("0.5s", (s) => s.container({ memory: "256MiB", cpus: 1 })),
  );
  const out = path.join(tmp, "resize", "rep1");
  const r = (await runRealRep(plan, lg, { out })) as Record<string, any>;
  expect(r.exit.exit_code).toBe(0);
  expect(r.cgroup.memoryLimitBytes).toBe(256 * MiB);
  expect(r.cgroup.cpuQuotaUs).toBe(100_000);
  const ev = r.events_applied.find((e: any) => e.kind === "container");
  expect(ev.note).toContain(`memory.limit_in_bytes=${256 * MiB}`);
  expect(ev.t).toBeGreaterThanOrEqual(0.5);
  expect(ourGroups()).toEqual([]);
});

function withEvent(plan: EventPlan, event: Record<string, unknown>): EventPlan {
  return { ...plan, events: [...plan.events, event as never] };
}

test("a plan the load generator cannot execute: an error naming the event, nothing started", async () => {
  const base = compile(scenario("bad", { duration: "2s", container: { memory: "64MiB" } }).liveHeap("8MiB"));
  const cases: [EventPlan, RegExp][] = [
    [
      withEvent(base, { kind: "explode", atNs: 1e9, source: "at(1s).explode" }),
      /event 1 \(at\(1s\)\.explode at 1\.000s\): unknown kind "explode"/,
    ],
    [
      withEvent(base, { kind: "gc", atNs: 3e9, source: "at(3s).gc" }),
      /event 1 \(at\(3s\)\.gc at 3\.000s\): atNs 3000000000 is outside the scenario/,
    ],
    [
      withEvent(base, {
        kind: "goroutines",
        count: 1e8,
        stackBytes: 1 << 20,
        overNs: 0,
        atNs: 0,
        source: "goroutines",
      }),
      /event 1 \(goroutines at 0\.000s\): the goroutines' stacks needs .* more than this machine's/,
    ],
    [
      withEvent(base, {
        kind: "garbage",
        bytesPerSec: 1e6,
        sizes: [{ size: 0, share: 1 }],
        pointerFraction: 0,
        atNs: 0,
        source: "garbage",
      }),
      /event 1 \(garbage at 0\.000s\): sizes\[0\]\.size must be 1 B to 1 GiB, got 0/,
    ],
  ];
  for (const [plan, message] of cases) {
    const out = path.join(tmp, "bad", "rep1");
    await expect(runRealRep(plan, lg, { out })).rejects.toThrow(PlanNotExecutableError);
    await expect(runRealRep(plan, lg, { out })).rejects.toThrow(message);
    expect(fs.existsSync(path.join(out, "result.json"))).toBe(false);
  }
  expect(ourGroups()).toEqual([]);
});

test("a run past its duration is killed at duration + margin and reported; its cgroup is removed", async () => {
  const plan = compile(
    scenario("stuck", { duration: "1s", sampleEvery: "50ms", container: { memory: "128MiB" } }).liveHeap("4MiB"),
  );
  const out = path.join(tmp, "stuck", "rep1");
  let pid = -1;
  // A real fault: the process is stopped (SIGSTOP) and never finishes on its own.
  const r = (await runRealRep(plan, lg, {
    out,
    marginS: 1.5,
    onStart: (p) => {
      pid = p;
      setTimeout(() => process.kill(p, "SIGSTOP"), 300);
    },
  })) as Record<string, any>;
  expect(r.exit.killed_by_runner_timeout).toBe(true);
  expect(r.exit.oom_killed).toBe(false);
  expect(r.exit.signal_name).toBe("SIGKILL");
  expect(r.timeout_s).toBe(2.5);
  expect(r.wall_s).toBeGreaterThanOrEqual(2.5);
  expect(loadReal(out).events.array("kind")).toContain("timeout-kill");
  expect(alive(pid)).toBe(false);
  expect(ourGroups()).toEqual([]);
});

/** Starts a separate node process that runs a 30 s plan with a memory cgroup; resolves once its group exists. */
function startRunner(): Promise<{ child: ReturnType<typeof spawn>; group: string; loadgenPid: number }> {
  const plan = compile(scenario("orphan", { duration: "30s", container: { memory: "128MiB" } }).liveHeap("4MiB"));
  const planFile = path.join(tmp, `orphan-plan-${Date.now()}.json`);
  fs.writeFileSync(planFile, JSON.stringify(plan));
  const dist = path.join(__dirname, "..", "dist", "lib", "running", "real");
  const code = `
    const { runRealRep } = require(${JSON.stringify(path.join(dist, "runner.js"))});
    const { buildLoadgen, resolveToolchain } = require(${JSON.stringify(path.join(dist, "toolchain.js"))});
    const plan = JSON.parse(require("fs").readFileSync(${JSON.stringify(planFile)}, "utf8"));
    runRealRep(plan, buildLoadgen(resolveToolchain("")), { out: ${JSON.stringify(path.join(tmp, "orphan-" + Date.now()))},
      onStart: (pid) => console.log("STARTED " + pid) });`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let buf = "";
    child.stdout!.on("data", (d) => {
      buf += d;
      const m = /STARTED (\d+)/.exec(buf);
      if (!m) return;
      const loadgenPid = Number(m[1]);
      const deadline = Date.now() + 20_000;
      const poll = () => {
        const g = fs
          .readdirSync(support.memoryParent!)
          .find((e) => e.startsWith(`${GROUP_PREFIX}orphan-${child.pid}-`));
        if (
          g &&
          fs.readFileSync(path.join(support.memoryParent!, g, "cgroup.procs"), "utf8").includes(String(loadgenPid))
        ) {
          resolve({ child, group: path.join(support.memoryParent!, g), loadgenPid });
        } else if (Date.now() > deadline) reject(new Error("the runner's group did not appear"));
        else setTimeout(poll, 100);
      };
      poll();
    });
    child.on("error", reject);
  });
}

function exited(child: ReturnType<typeof spawn>): Promise<void> {
  return new Promise((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.on("exit", () => resolve()),
  );
}

test("Ctrl-C (SIGINT) of heapcast kills its run and removes its cgroup", async () => {
  const { child, group, loadgenPid } = await startRunner();
  child.kill("SIGINT");
  await exited(child);
  expect(child.signalCode).toBe("SIGINT");
  expect(fs.existsSync(group)).toBe(false);
  for (let i = 0; i < 50 && alive(loadgenPid); i++) await new Promise((r) => setTimeout(r, 100));
  expect(alive(loadgenPid)).toBe(false);
});

test("after heapcast itself is SIGKILLed, the next run removes the group it left and kills its orphan", async () => {
  const { child, group, loadgenPid } = await startRunner();
  child.kill("SIGKILL");
  await exited(child);
  expect(fs.existsSync(group)).toBe(true); // a SIGKILL leaves no chance to clean up
  expect(alive(loadgenPid)).toBe(true);
  const removed = removeStaleGroups(support);
  expect(removed).toContain(group);
  expect(fs.existsSync(group)).toBe(false);
  for (let i = 0; i < 50 && alive(loadgenPid); i++) await new Promise((r) => setTimeout(r, 100));
  expect(alive(loadgenPid)).toBe(false);
});

test("no temp files left: the build's work directory is removed", () => {
  const before = buildTemps();
  fs.rmSync(path.dirname(lg.binary), { recursive: true, force: true }); // force a rebuild
  const again = buildLoadgen(resolveToolchain(""));
  expect(again.built).toBe(true);
  expect(buildTemps()).toEqual(before);
});

test("a missing toolchain: one error saying what is missing and how to get it", () => {
  expect(() => resolveToolchain("1.17")).toThrow(ToolchainError);
  expect(() => resolveToolchain("1.17")).toThrow(/Go 1\.17 is not installed .*apt-get install golang-1\.17-go/);
  expect(() => resolveToolchain("banana")).toThrow(/--go: expected a Go version like 1\.26\.8 or 1\.19, got "banana"/);
  const path0 = process.env.PATH;
  process.env.PATH = "/nonexistent";
  try {
    expect(() => resolveToolchain("1.26.8")).toThrow(/no go command on PATH.*Install Go 1\.21 or newer/);
  } finally {
    process.env.PATH = path0;
  }
  expect(execFileSync("go", ["version"], { encoding: "utf8" })).toMatch(/^go version go1\./);
});

describe("the command line", () => {
  const CLI = path.join(__dirname, "..", "dist", "lib", "cli", "heapcast.js");
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", timeout: 300_000 });

  test("heapcast real: runs the reps, prints what happened, writes the comparison page; heapcast run --real compares again", () => {
    const file = path.join(tmp, "cli-leak.ts");
    fs.writeFileSync(
      file,
      `import { scenario } from "heapcast";\nexport default scenario("cli leak", { duration: "20s", container: { memory: "48MiB" } })\n` +
        `  .liveHeap("4MiB").leakHeap("40MiB/s", { objectSize: "4KiB" });\n`,
    );
    const out = path.join(tmp, "cli-real");
    const report = path.join(tmp, "cli-report.html");
    const r = cli("real", file, "--reps", "2", "--out", out, "--report", report);
    expect(r.stderr).toContain(`heapcast real: rep 2 of 2 → ${path.join(out, "rep2")}`);
    expect(r.status).toBe(0);
    // killed at about 0.9 s (4 MiB live and 40 MiB/s of 4 KiB objects in 4,864-byte slots, every page written, reach
    // 48 MiB then): a time under a second prints in ms
    expect(r.stdout).toMatch(/OOM kill\s+at \d+(\.\d+)?(ms|s)\n/);
    expect(r.stdout).toContain("memory limit enforced");
    for (const rep of ["rep1", "rep2"])
      for (const f of ["plan.json", "gctrace.txt", "samples.jsonl.gz", "result.json", "loadgen.log"])
        expect(fs.existsSync(path.join(out, rep, f))).toBe(true);
    const html = fs.readFileSync(report, "utf8");
    expect(html).toContain("cli leak: simulated and real");
    expect(html).toContain("error_rep2");
    expect(html).toMatch(/<svg/);
    const again = path.join(tmp, "cli-report-again.html");
    const r2 = cli("run", file, "--real", out, "--report", again);
    expect(r2.status).toBe(0);
    expect(fs.readFileSync(again, "utf8")).toContain("cli leak: simulated and real");
    expect(ourGroups()).toEqual([]);
  });

  test("heapcast real: a missing toolchain or an unreadable --real is one line and exit 2", () => {
    const file = path.join(tmp, "cli-leak.ts");
    const r = cli("real", file, "--go", "1.17");
    expect(r.status).toBe(2);
    expect(r.stderr.trim()).toMatch(
      /^heapcast: --go 1\.17: Go 1\.17 is not installed .* apt-get install golang-1\.17-go$/,
    );
    const r2 = cli("run", file, "--real", path.join(tmp, "nowhere"), "--report", path.join(tmp, "x.html"));
    expect(r2.status).toBe(2);
    expect(r2.stderr.trim()).toMatch(/^heapcast: --real: .*nowhere: no real runs/);
  });
});
