// The fit (issue 15): change points, GOGC from goals, and the acceptance — for every calibration workload, a scenario
// fitted from rep1's gctrace alone (container limits as facts) reproduces the trace's GC cycles and peak heap within
// 10 %, and the OOM kill within 10 % of its time where the run was killed.

import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFileSync, spawnSync } from "node:child_process";
import fc from "fast-check";
import { pelt } from "../lib/authoring/fit/changepoint";
import { constantCost, linearCost } from "../lib/authoring/fit/changepoint";
import { inferGogc } from "../lib/authoring/fit/infer";
import { scenario, run, parseGctrace, importGctrace, importRun, fit, fitChart, compile } from "../lib";
import { loadPlan } from "../lib/cli/heapcast";
import { acceptance, acceptanceTable, TOLERANCE, type AcceptanceRow } from "./support/fit-acceptance";
import { listWorkloads, REAL_GO_DIR } from "./support/realgo";

describe("PELT", () => {
  /** The exact optimum by dynamic programming over every segmentation (no pruning). */
  function bruteForce(n: number, cost: (s: number, e: number) => number, beta: number, m: number): number {
    const F = new Array(n + 1).fill(Infinity);
    F[0] = -beta;
    for (let t = m; t <= n; t++)
      for (let s = 0; s <= t - m; s++) if (s === 0 || s >= m) F[t] = Math.min(F[t], F[s] + cost(s, t) + beta);
    return F[n];
  }
  const total = (segs: { from: number; to: number }[], cost: (s: number, e: number) => number, beta: number) =>
    segs.reduce((a, s) => a + cost(s.from, s.to), 0) + beta * (segs.length - 1);

  test("finds the exact optimum of Σ cost + β × changes (against exhaustive search)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -50, max: 50, noNaN: true }), { minLength: 2, maxLength: 40 }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.integer({ min: 1, max: 4 }),
        (y, beta, m) => {
          const cost = constantCost(y);
          const segs = pelt(y.length, cost, beta, m);
          expect(segs[0].from).toBe(0);
          expect(segs[segs.length - 1].to).toBe(y.length);
          for (const s of segs) expect(s.to - s.from).toBeGreaterThanOrEqual(Math.min(m, y.length));
          if (y.length >= 2 * m) expect(total(segs, cost, beta)).toBeCloseTo(bruteForce(y.length, cost, beta, m), 6);
        },
      ),
      { numRuns: 300 },
    );
  });

  test("piecewise-linear: a ramp then a level is two segments, split where the slope changes", () => {
    const t = Array.from({ length: 60 }, (_, i) => i);
    const y = t.map((x) => (x < 25 ? 2 * x : 50) + Math.sin(x * 7) * 0.3);
    const segs = pelt(y.length, linearCost(t, y), 6 * 0.1 * Math.log(60), 3);
    expect(segs.length).toBe(2);
    expect(Math.abs(segs[0].to - 25)).toBeLessThanOrEqual(1);
  });
});

describe("GOGC from the goals", () => {
  test.each([50, 100, 150, 200, 400])("GOGC=%i is read back from a simulated gctrace", (gogc) => {
    const r = run(
      scenario("g", { go: { version: "1.19", GOGC: gogc }, duration: "10s" })
        .liveHeap("40MiB")
        .garbage("200MiB/s"),
    );
    const g = inferGogc(parseGctrace(r.gctrace()));
    expect(g.range![0]).toBeLessThanOrEqual(gogc);
    expect(g.range![1]).toBeGreaterThanOrEqual(gogc);
    expect(g.gogc).toBe(gogc);
    expect(g.explained / g.tried).toBeGreaterThan(0.9);
  });
});

describe("fit: acceptance on the calibration corpus (rep1's gctrace, container limits as facts)", () => {
  const rows: AcceptanceRow[] = [];
  afterAll(() => {
    if (rows.length === listWorkloads().length) process.stdout.write(acceptanceTable(rows));
  });
  test.each(listWorkloads())("%s", (w) => {
    const r = acceptance(w);
    rows.push(r);
    expect(Math.abs(r.cyclesError)).toBeLessThanOrEqual(TOLERANCE);
    expect(Math.abs(r.peakError)).toBeLessThanOrEqual(TOLERANCE);
    if (r.realOomSeconds === null) {
      expect(r.simOomSeconds).toBeNull();
    } else {
      expect(r.simOomSeconds).not.toBeNull();
      expect(Math.abs(r.oomError!)).toBeLessThanOrEqual(TOLERANCE);
    }
  });
});

describe("fit: the written scenario", () => {
  const file = path.join(REAL_GO_DIR, "runs/goroutine_leak_200ps_16k_stack_cgroup256m/rep1/gctrace.txt");
  const trace = importGctrace({ file }, { name: "leak rep1" });
  const f = fit(trace, { containerMemory: "256MiB" });

  test("is what was simulated: the module, loaded as the CLI loads it, compiles to the same plan", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fit-"));
    const out = path.join(dir, "incident.ts");
    fs.writeFileSync(out, f.source);
    expect(loadPlan(out)).toEqual(compile(f.scenario));
    expect(f.result.plan).toEqual(compile(f.scenario));
  });

  test("its header says what was inferred from what, and how well the simulation reproduces the trace", () => {
    const head = f.source
      .split("\n")
      .filter((l) => l.startsWith("//"))
      .join("\n");
    expect(head).toMatch(/^\/\/ Fitted by heapcast fit from leak rep1: 31 gc cycles from 62 lines/);
    expect(head).toMatch(/GOGC=100: it gives \d+ of 31 cycles' goals/);
    expect(head).toMatch(/GOMEMLIMIT: none/);
    expect(head).toMatch(/Live heap: .* in \d phases? \(PELT/);
    expect(head).toMatch(/Stacks: gctrace's "MB stacks" .* written as goroutines of 8(\.00)? KiB each/);
    expect(head).toMatch(/Given as facts: container memory 256 MiB, no CPU quota/);
    expect(head).toMatch(/- GC cycles: trace 31, simulation \d+ \([+-]\d+\.\d %\)/);
    expect(head).toMatch(/- OOM kill: the simulation is OOM-killed at \d+\.\d+ s/);
    // No NaN, no sentinel, anywhere.
    expect(f.source).not.toMatch(/NaN|Infinity|undefined/);
  });

  test("the overlay draws the trace and the simulation with the fit's errors", () => {
    const spec = fitChart(trace, f.result, { errors: f.errors });
    expect(spec.title.subtitle).toMatch(/^fit errors: GC cycles [+-]\d+\.\d %, peak heap [+-]\d+\.\d %/);
    expect(spec.description).toMatch(
      /31 traced and \d+ simulated GC cycles; trace ends at 11\.684s; simulation OOM-killed at 1\d\.\d+s/,
    );
  });

  test.each([
    ["goroutine_leak_200ps_16k_stack_cgroup256m", "16KiB"],
    ["goroutine_leak_200ps_8k_stack_cgroup256m", "8KiB"],
  ])(
    "%s: with the run's runtime/metrics samples beside its gctrace, the goroutines are counted: %s stacks, about 200 leaked per second",
    (w, stack) => {
      const d = path.join(REAL_GO_DIR, "runs", w, "rep1");
      const fitted = fit(
        importRun({
          gctrace: { file: path.join(d, "gctrace.txt") },
          samples: { file: path.join(d, "samples.jsonl.gz") },
        }),
        { containerMemory: "256MiB" },
      );
      const leak = fitted.source.match(/\.leakGoroutines\("([\d.]+)\/s", \{ stack: "(\w+)" \}\)/);
      expect(leak).not.toBeNull();
      expect(leak![2]).toBe(stack);
      expect(Math.abs(Number(leak![1]) - 200) / 200).toBeLessThan(0.05); // the workload leaked 200/s
      expect(fitted.source).toMatch(/stacks ÷ \/sched\/goroutines:goroutines at the nearest sample/);
    },
  );

  test("what-if: the same workload with GOMEMLIMIT at 75 % of the container dies later, or not within the scenario", () => {
    const withLimit = compile(f.scenario);
    withLimit.scenario.go.GOMEMLIMIT = 192 * 2 ** 20;
    const r = run(withLimit);
    expect(
      r.summary.oomKilledAtSeconds === null || r.summary.oomKilledAtSeconds > f.result.summary.oomKilledAtSeconds!,
    ).toBe(true);
  });
});

describe("fit: a simulated trace whose workload is known", () => {
  test("recovers its phases: the garbage rate's step, the live heap and the leak that starts later", () => {
    const truth = run(
      scenario("known", { duration: "10m", go: { version: "1.19" }, container: { memory: "2GiB" } })
        .liveHeap("64MiB")
        .garbage("100MiB/s")
        .at("3m", (s) => s.garbage("300MiB/s"))
        .at("6m", (s) => s.leakHeap("256KiB/s")),
    );
    const f = fit(importGctrace(truth.gctrace()), { containerMemory: "2GiB" });
    // Two garbage rates as written (the second from the step on, within a cycle or two of 180 s).
    const rates = [...f.source.matchAll(/\.garbage\("([\d.]+)MiB\/s"/g)].map((m) => Number(m[1]));
    expect(rates.length).toBe(2);
    expect(Math.abs(rates[0] - 100) / 100).toBeLessThan(0.03);
    expect(Math.abs(rates[1] - 300) / 300).toBeLessThan(0.03);
    expect(Math.abs(f.inferred.garbage[0].t1 - 180)).toBeLessThan(1);
    // The live heap: 64 MiB, then growing at 256 KiB/s from about 360 s.
    const live = f.inferred.live;
    const last = live[live.length - 1];
    expect(Math.abs(last.t0 - 360)).toBeLessThan(5);
    expect((last.y1 - last.y0) / (last.t1 - last.t0) / 1024).toBeCloseTo(256, -1.3);
    expect(live[live.length - 2].y0 / 2 ** 20).toBeCloseTo(64, 0);
    expect(f.source).toMatch(/\.leakHeap\("2\d\d(\.\d)?KiB\/s"\)/);
    expect(f.inferred.GOGC).toBe(100);
    expect(f.inferred.GOMEMLIMIT).toBeNull();
  });
});

describe("fit: the small programs recorded with Go 1.19.8 and Go 1.26.8", () => {
  test.each([
    ["go1.19.8-small.txt", /Go release of the trace: 1\.19 \(not shown by the trace; read as Go 1\.19's\)/],
    ["go1.26.8-small.txt", /Go release of the trace: 1\.21 or later \(Go 1\.21\+: its scavenger lines' layout\)/],
  ])(
    "%s: the release read off the log, the program's lines skipped, runtime.GC() calls where the trace has (forced)",
    (file, release) => {
      const trace = importGctrace({ file: path.join(__dirname, "fixtures/gctrace", file) });
      const f = fit(trace);
      expect(f.source).toMatch(release);
      expect(f.source).toMatch(/application lines skipped \(first at line \d+: "\d{4}\/\d\d\/\d\d [\d:.]+ app: step 0/);
      const forced = trace.gctrace.filter((c) => c.forced).length;
      expect((f.source.match(/\.gc\(\) \/\/ gctrace: \(forced\)/g) ?? []).length).toBe(forced);
      expect(f.result.raw.cycles.filter((c) => c.kind === "forced").length).toBe(forced);
      const cycles = f.errors.find((e) => e.metric === "GC cycles")!;
      expect(Math.abs(cycles.relative!)).toBeLessThanOrEqual(0.15);
    },
  );
});

describe("heapcast fit (CLI)", () => {
  const cli = path.join(__dirname, "../dist/lib/cli/heapcast.js");
  const file = path.join(REAL_GO_DIR, "runs/steady_gogc200_live64m_500mibps/rep1/gctrace.txt");

  test("writes the scenario and prints how well it reproduces the trace; heapcast run runs it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fitcli-"));
    const out = path.join(dir, "incident.ts");
    const text = execFileSync(
      process.execPath,
      [cli, "fit", file, "--container-memory", "512MiB", "--cpus", "2", "--out", out],
      { encoding: "utf8" },
    );
    expect(text).toMatch(/^Simulated \(seed 1\) against the trace/);
    expect(text).toMatch(/- GC cycles: trace 52, simulation \d+/);
    expect(text).toMatch(new RegExp(`scenario: ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n$`));
    const src = fs.readFileSync(out, "utf8");
    expect(src).toMatch(/go: \{ version: "1.19", GOGC: 200, GOMAXPROCS: 2 \}/);
    expect(src).toMatch(/container: \{ memory: "512MiB", cpus: 2 \}/);
    const summary = JSON.parse(
      execFileSync(process.execPath, [cli, "run", out, "--summary", "json"], { encoding: "utf8" }),
    );
    expect(summary.gcCycles).toBeGreaterThan(45);
  });

  test("bad input: one line naming what is wrong, exit code 2", () => {
    const bad = spawnSync(process.execPath, [cli, "fit", path.join(__dirname, "../README.md")], { encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^heapcast: README.md: no gc line in \d+ lines \(expected GODEBUG=gctrace=1 output/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "fitbad-"));
    const damaged = path.join(dir, "gctrace.txt");
    const lines = fs.readFileSync(file, "utf8").split("\n");
    lines[6] = lines[6].replace(" MB goal", " MB gaol");
    fs.writeFileSync(damaged, lines.join("\n"));
    const r = spawnSync(process.execPath, [cli, "fit", damaged], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^heapcast: gctrace.txt line 7: malformed gc line: heap goal: expected " G MB goal,"/);
    const cpus = spawnSync(process.execPath, [cli, "fit", file, "--cpus", "two"], { encoding: "utf8" });
    expect(cpus.status).toBe(2);
    expect(cpus.stderr).toBe('heapcast: --cpus: expected a CPU quota in cores like 2 or 0.5, got "two"\n');
    const mem = spawnSync(process.execPath, [cli, "fit", file, "--container-memory", "512"], { encoding: "utf8" });
    expect(mem.status).toBe(2);
    expect(mem.stderr).toMatch(/^heapcast: fit.containerMemory: expected a size/);
  });
});
