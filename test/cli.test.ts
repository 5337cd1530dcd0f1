// The command line (lib/cli/heapcast.ts, built to dist/lib/cli/heapcast.js): `heapcast run <scenario.ts | plan.json>` with --summary
// json, --gctrace, --csv; `heapcast compile`; reproducible outputs; bad input → the ScenarioError message, exit code 2.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compile, parseGctrace } from "heapcast";
import checkoutScenario from "../scenarios/checkout-api-goroutine-leak";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist/lib/cli/heapcast.js");
const SCENARIO = "scenarios/checkout-api-goroutine-leak.ts";
const SUMMARY_KEYS = [
  "scenario",
  "simulatedSeconds",
  "gcCycles",
  "peakHeapBytes",
  "finalHeapGoalBytes",
  "peakRssBytes",
  "gcCpuFraction",
  "maxPauseSeconds",
  "oomKilledAtSeconds",
  "wallMs",
  "events",
];

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function heapcast(args: string[], cwd = ROOT): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs heapcast, expects exit 0 and no stderr, returns stdout. */
function ok(args: string[], cwd = ROOT): string {
  const r = heapcast(args, cwd);
  if (r.status !== 0) throw new Error(`heapcast ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  expect(r.stderr).toBe("");
  return r.stdout;
}

/** A failing command: exit 2, one message on stderr, no stack trace, nothing on stdout. */
function fails(args: string[], cwd = ROOT): Result {
  const r = heapcast(args, cwd);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toContain("internal error");
  return r;
}

let tmp: string;
let summary: Record<string, unknown>;
let run1: string;
let run2: string;

beforeAll(() => {
  execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "pipe" });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-cli-test-"));
  run1 = path.join(tmp, "run1");
  run2 = path.join(tmp, "run2");
  for (const dir of [run1, run2]) {
    fs.mkdirSync(dir);
    const out = ok(["run", SCENARIO, "--summary", "json", "--gctrace", path.join(dir, "gctrace.txt"), "--csv", path.join(dir, "csv")]);
    if (dir === run1) summary = JSON.parse(out);
  }
}, 120_000);

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe("heapcast run --summary json", () => {
  test("prints exactly one JSON object with every key of the spec", () => {
    const out = ok(["run", SCENARIO, "--summary", "json"]);
    expect(out.endsWith("\n")).toBe(true);
    expect(out.trimEnd().split("\n")).toHaveLength(1);
    const s = JSON.parse(out);
    expect(typeof s).toBe("object");
    expect(Array.isArray(s)).toBe(false);
    for (const k of SUMMARY_KEYS) expect(Object.keys(s)).toContain(k);
  });

  test("numbers are finite; this scenario is OOM-killed", () => {
    expect(summary.scenario).toBe("checkout-api: goroutine leak in a 256 MiB container");
    for (const k of SUMMARY_KEYS.filter((k) => k !== "scenario")) {
      expect([k, typeof summary[k]]).toEqual([k, "number"]);
      expect([k, Number.isFinite(summary[k])]).toEqual([k, true]);
    }
    const oom = summary.oomKilledAtSeconds as number;
    expect(oom).toBeGreaterThan(0);
    expect(oom).toBeLessThanOrEqual(40);
    expect(oom).toBeLessThanOrEqual(summary.simulatedSeconds as number);
    expect(Number.isInteger(summary.gcCycles)).toBe(true);
    expect(summary.gcCycles as number).toBeGreaterThan(0);
    expect(Number.isInteger(summary.events)).toBe(true);
    expect(summary.gcCpuFraction as number).toBeGreaterThan(0);
    expect(summary.gcCpuFraction as number).toBeLessThan(1);
    expect(summary.peakHeapBytes as number).toBeGreaterThan(16 * 1024 * 1024);
    expect(summary.wallMs as number).toBeGreaterThanOrEqual(0);
  });

  test("the default text summary also runs", () => {
    const out = ok(["run", SCENARIO]);
    expect(out.length).toBeGreaterThan(0);
    expect(out).not.toMatch(/NaN|undefined/);
  });
});

describe("heapcast run --gctrace FILE", () => {
  test("writes Go 1.19 gctrace lines that parseGctrace reads, one per GC cycle", () => {
    const text = fs.readFileSync(path.join(run1, "gctrace.txt"), "utf8");
    const cycles = parseGctrace(text);
    expect(cycles).toHaveLength(summary.gcCycles as number);
    expect(cycles.map((c) => c.cycle)).toEqual(cycles.map((_, i) => i + 1));
    const gcLines = text.split("\n").filter((l) => l.startsWith("gc "));
    expect(gcLines).toHaveLength(summary.gcCycles as number);
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
  });
});

describe("heapcast run --csv DIR", () => {
  const read = (name: string) => fs.readFileSync(path.join(run1, "csv", name), "utf8");

  test("writes cycles.csv, timeline.csv and events.csv", () => {
    expect(fs.readdirSync(path.join(run1, "csv")).sort()).toEqual(["cycles.csv", "events.csv", "timeline.csv"]);
  });

  test("timeline.csv has runtime/metrics names as columns", () => {
    const header = read("timeline.csv").split("\n")[0].split(",");
    expect(header).toContain("/gc/heap/goal:bytes");
    expect(header).toContain("/memory/classes/heap/objects:bytes");
    expect(header).toContain("/memory/classes/total:bytes");
    expect(header).toContain("/gc/cycles/total:gc-cycles");
  });

  test("cycles.csv has one row per GC cycle; events.csv records the OOM kill", () => {
    const cycles = read("cycles.csv").trimEnd().split("\n");
    expect(cycles.length - 1).toBe(summary.gcCycles);
    const events = read("events.csv").trimEnd().split("\n");
    expect(events[0]).toBe("t_s,kind,detail");
    const oom = events.filter((l) => l.split(",")[1] === "oom-kill");
    expect(oom).toHaveLength(1);
    expect(Number(oom[0].split(",")[0])).toBe(summary.oomKilledAtSeconds);
  });

  test('no "NaN" or "Infinity" anywhere, and every row has as many fields as the header', () => {
    for (const name of ["cycles.csv", "timeline.csv", "events.csv"]) {
      const text = read(name);
      expect([name, /NaN|Infinity|undefined/.test(text)]).toEqual([name, false]);
      if (name === "events.csv") continue; // the detail column is free text
      const rows = text.trimEnd().split("\n");
      const width = rows[0].split(",").length;
      expect(rows.length).toBeGreaterThan(1);
      for (const row of rows) expect([name, row.split(",").length]).toEqual([name, width]);
    }
  });
});

describe("reproducibility", () => {
  test("two runs of the same scenario give byte-identical CSV and gctrace files", () => {
    for (const f of ["gctrace.txt", "csv/cycles.csv", "csv/timeline.csv", "csv/events.csv"]) {
      const a = fs.readFileSync(path.join(run1, f));
      const b = fs.readFileSync(path.join(run2, f));
      expect([f, a.length > 0, a.equals(b)]).toEqual([f, true, true]);
    }
  });
});

describe("heapcast compile", () => {
  test("compile scenario.ts > plan.json, then run plan.json, gives the same run as the .ts", () => {
    const planText = ok(["compile", SCENARIO]);
    const planFile = path.join(tmp, "plan.json");
    fs.writeFileSync(planFile, planText);
    const plan = JSON.parse(planText);
    expect(plan.format).toBe("heapcast.plan");
    expect(plan.version).toBe(2);
    // The CLI's plan is the one the library compiles from the same scenario.
    expect(plan).toEqual(JSON.parse(JSON.stringify(compile(checkoutScenario))));

    const dir = path.join(tmp, "from-plan");
    fs.mkdirSync(dir);
    const s = JSON.parse(ok(["run", planFile, "--summary", "json", "--gctrace", path.join(dir, "gctrace.txt"), "--csv", dir]));
    expect(s.gcCycles).toBe(summary.gcCycles);
    expect(s.peakHeapBytes).toBe(summary.peakHeapBytes);
    expect({ ...s, wallMs: 0 }).toEqual({ ...summary, wallMs: 0 });
    for (const f of ["gctrace.txt", "cycles.csv", "timeline.csv", "events.csv"]) {
      const fromTs = fs.readFileSync(path.join(run1, f === "gctrace.txt" ? f : `csv/${f}`));
      expect([f, fs.readFileSync(path.join(dir, f)).equals(fromTs)]).toEqual([f, true]);
    }
  });
});

describe("bad input: the message, no stack trace, exit code 2", () => {
  let outside: string;
  beforeAll(() => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-bad-"));
    expect(path.relative(ROOT, outside).startsWith("..")).toBe(true);
  });
  afterAll(() => fs.rmSync(outside, { recursive: true, force: true }));

  test("a scenario file outside the repo with a bad container.memory", () => {
    const file = path.join(outside, "bad.ts");
    fs.writeFileSync(
      file,
      'import { scenario } from "heapcast";\nexport default scenario("x", { duration: "10s", container: { memory: "512MB " } });\n',
    );
    for (const cwd of [ROOT, outside]) {
      const r = fails(["run", file, "--summary", "json"], cwd);
      expect(r.stderr).toContain("container.memory: expected a size like");
      expect(r.stderr).toContain('got "512MB "');
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
    expect(fails(["compile", file]).stderr).toContain('container.memory: expected a size like "512MiB", "64KiB" or "1.5GB", got "512MB "');
  });

  test("a bad value inside an at block", () => {
    const file = path.join(outside, "bad-at.ts");
    fs.writeFileSync(file, 'import { scenario } from "heapcast";\nexport default scenario("x", { duration: "10s" }).at("5s", (s) => s.garbage("100MB" as any));\n');
    expect(fails(["run", file]).stderr).toContain('at(5s).garbage.rate: expected a rate like "100MiB/s", got "100MB"');
  });

  test("a file without a scenario default export", () => {
    const file = path.join(outside, "no-default.ts");
    fs.writeFileSync(file, "export default 5;\n");
    expect(fails(["run", file]).stderr).toContain("expected a default export made with scenario");
  });

  test("a missing file", () => {
    const r = fails(["run", path.join(outside, "does-not-exist.ts"), "--summary", "json"]);
    expect(r.stderr).toContain("no such file");
    expect(fails(["run", path.join(outside, "does-not-exist.json")]).stderr).toContain("no such file");
  });

  test("a malformed plan.json", () => {
    const file = path.join(outside, "plan.json");
    fs.writeFileSync(file, '{"format": "heapcast.plan", "version": 1,');
    const r = fails(["run", file, "--summary", "json"]);
    expect(r.stderr).toContain("not valid JSON");
  });

  test("a plan.json of the wrong version, or with events out of order", () => {
    const plan = JSON.parse(JSON.stringify(compile(checkoutScenario)));
    const v2 = path.join(outside, "v2.json");
    fs.writeFileSync(v2, JSON.stringify({ ...plan, version: 3 }));
    expect(fails(["run", v2]).stderr).toContain("plan.version: expected plan version 1 or 2, got 3");
    const reversed = path.join(outside, "reversed.json");
    fs.writeFileSync(reversed, JSON.stringify({ ...plan, events: [...plan.events].reverse() }));
    expect(fails(["run", reversed]).stderr).toContain("plan.events[1].atNs: expected events in time order");
  });

  test("bad command-line usage", () => {
    fails(["run", SCENARIO, "--summary", "xml"]);
    fails(["run"]);
  });
});
