// The command line (lib/cli/heapcast.ts, built to dist/lib/cli/heapcast.js): `heapcast run <scenario.ts | plan.json>`
// with --summary
// json, --gctrace, --csv; `heapcast compile`; reproducible outputs; bad input → the ScenarioError message, exit code 2.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compile, parseGctrace, OUTPUTS } from "heapcast";
import checkoutScenario from "../scenarios/checkout-api-goroutine-leak";
import { AXIS_KEYS } from "../lib/running/grid-run";

const ROOT = path.resolve(__dirname, "..");
const CLI = path.join(ROOT, "dist/lib/cli/heapcast.js");
const SCENARIO = "scenarios/checkout-api-goroutine-leak.ts";
/** Every key of the summary, from the outputs catalogue (lib/results/outputs.ts). */
const SUMMARY_KEYS: string[] = OUTPUTS.map((f) => f.key);

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

function heapcast(args: string[], cwd = ROOT): Result {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", timeout: 300_000 });
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
    const out = ok([
      "run",
      SCENARIO,
      "--summary",
      "json",
      "--gctrace",
      path.join(dir, "gctrace.txt"),
      "--csv",
      path.join(dir, "csv"),
    ]);
    if (dir === run1) summary = JSON.parse(out);
  }
}, 600_000);

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
    expect(Object.keys(s)).toEqual(SUMMARY_KEYS);
  });

  test("numbers are finite; this scenario is OOM-killed", () => {
    expect(summary.scenario).toBe("checkout-api: goroutine leak in a 256 MiB container");
    for (const f of OUTPUTS.filter((f) => f.unit !== "text" && f.unit !== "list")) {
      const k = f.key;
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

  test("the default text summary: one line per catalogue field, durations as h/m/s", () => {
    const out = ok(["run", SCENARIO]);
    expect(out).not.toMatch(/NaN|undefined/);
    const lines = out.trimEnd().split("\n");
    expect(lines.map((l) => l.split(/\s{2,}/)[0])).toEqual(OUTPUTS.map((f) => f.label));
    expect(out).toMatch(/^simulated\s+2\d\.\d+s$/m);
    expect(out).toMatch(/^STW pause p99\s+\d+µs$/m);
    expect(out).toMatch(/^OOM kill\s+at 2\d\.\d+s$/m);
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
    const s = JSON.parse(
      ok(["run", planFile, "--summary", "json", "--gctrace", path.join(dir, "gctrace.txt"), "--csv", dir]),
    );
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
    expect(fails(["compile", file]).stderr).toContain(
      'container.memory: expected a size like "512MiB", "64KiB" or "1.5GB", got "512MB "',
    );
  });

  test("a bad value inside an at block", () => {
    const file = path.join(outside, "bad-at.ts");
    fs.writeFileSync(
      file,
      'import { scenario } from "heapcast";\nexport default scenario("x", { duration: "10s" }).at("5s", (s) => s.garbage("100MB" as any));\n',
    );
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
    expect(fails(["run", SCENARIO, "--summary", "xml"]).stderr).toMatch(
      /^heapcast: option '--summary <format>' argument 'xml' is invalid/,
    );
    fails(["run"]);
    expect(fails(["bogus"]).stderr).toBe("heapcast: unknown command 'bogus'\n");
  });

  /** Writes a file in the folder outside the repo and returns its path. */
  const write = (name: string, text: string) => {
    const file = path.join(outside, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const oneLine = (r: Result) => {
    expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    return r.stderr.trimEnd();
  };

  test("a nested at() (plain JavaScript or `any`: TypeScript itself rejects it) names the call and what to write", () => {
    const file = write(
      "nested.ts",
      'import { scenario } from "heapcast";\nexport default scenario("n", { duration: "10s" }).at("2s", (s: any) => s.at("3s", (t: any) => t.garbage("1MiB/s")));\n',
    );
    expect(oneLine(fails(["run", file]))).toBe(
      'heapcast: at(2s).at: expected at() on the scenario itself (at() cannot be nested: give the inner call its own top-level at() with the absolute time), got "3s"',
    );
  });

  test("a typo in the package name, a module that is not there", () => {
    const typo = write(
      "typo.ts",
      'import { scenario } from "heapcst";\nexport default scenario("n", { duration: "10s" });\n',
    );
    expect(oneLine(fails(["run", typo], outside))).toBe(
      'heapcast: typo.ts: cannot find module "heapcst" (did you mean "heapcast"?)',
    );
    const missing = write(
      "missing.ts",
      'import { scenario } from "heapcast";\nimport { profile } from "./profile";\nexport default scenario("n", { duration: "10s" }).liveHeap(profile);\n',
    );
    expect(oneLine(fails(["run", missing], outside))).toBe(
      'heapcast: missing.ts: cannot find module "./profile" (no such file next to it)',
    );
    const pkg = write(
      "pkg.ts",
      'import * as yaml from "left-pad-yaml";\nimport { scenario } from "heapcast";\nexport default scenario(String(yaml), { duration: "10s" });\n',
    );
    expect(oneLine(fails(["run", pkg], outside))).toMatch(
      /^heapcast: pkg\.ts: cannot find module "left-pad-yaml" \(not installed/,
    );
  });

  test("a scenario that throws while it is built: the error and where, not a stack", () => {
    const file = write(
      "throws.ts",
      'import { scenario } from "heapcast";\nconst cfg: any = undefined;\nexport default scenario("n", { duration: cfg.duration });\n',
    );
    expect(file).toBe(path.join(outside, "throws.ts"));
    expect(oneLine(fails(["run", "throws.ts"], outside))).toBe(
      "heapcast: throws.ts: the scenario threw TypeError: Cannot read properties of undefined (reading 'duration') (at throws.ts:3:46)",
    );
  });

  test("a directory, or a file that is not a scenario or a plan", () => {
    fs.mkdirSync(path.join(outside, "adir"), { recursive: true });
    expect(oneLine(fails(["run", "adir"], outside))).toBe(
      "heapcast: adir is a directory: expected a scenario (.ts) or a saved event plan (.json)",
    );
    write("notes.txt", "hello\n");
    expect(oneLine(fails(["run", "notes.txt"], outside))).toBe(
      "heapcast: notes.txt: expected a scenario (.ts) or a saved event plan (.json), got a .txt file",
    );
    expect(oneLine(fails(["compile", "notes.txt"], outside))).toContain("got a .txt file");
  });

  test("a TypeScript syntax error", () => {
    write(
      "syntax.ts",
      'import { scenario } from "heapcast";\nexport default scenario("n", { duration: "10s" }).liveHeap("8MiB"\n',
    );
    expect(oneLine(fails(["run", "syntax.ts"], outside))).toBe("heapcast: syntax.ts(3,1): error TS1005: ')' expected.");
  });
});

describe("a runaway scenario", () => {
  test("2,400 h of back-to-back GC cycles: refused from its plan, before any simulation — one line, exit 2", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-runaway-"));
    try {
      fs.writeFileSync(
        path.join(dir, "r.ts"),
        'import { scenario } from "heapcast";\nexport default scenario("r", { duration: "2400h", go: { GOGC: 10 } }).liveHeap("1MiB").garbage("2GiB/s");\n',
      );
      const r = fails(["run", "r.ts"], dir);
      // "projected from the plan" is checkPlan's (kernel/budget.ts), which runs before the first event: the answer does
      // not wait for simulated time to pass (how long it takes is measured in bench/, not here).
      expect(r.stderr).toMatch(
        /^heapcast: scenario would run away: at least [\d,]+ events projected from the plan \(budget 20,000,000\), [^\n]*\n$/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("warnings", () => {
  test("a GOMEMLIMIT above the container's memory: a warning line on stderr, the run still made (exit 0), the summary says it too", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-warn-"));
    try {
      fs.writeFileSync(
        path.join(dir, "w.ts"),
        'import { scenario } from "heapcast";\nexport default scenario("w", { duration: "2s", go: { GOMEMLIMIT: "2GiB" }, container: { memory: "1GiB" } }).liveHeap("64MiB").garbage("10MiB/s");\n',
      );
      const r = heapcast(["run", "w.ts"], dir);
      expect(r.status).toBe(0);
      expect(r.stderr).toMatch(/^heapcast: warning: GOMEMLIMIT \(.+\) is above the container's memory \(.+\)[^\n]*\n$/);
      expect(r.stdout).toMatch(/^warnings\s+GOMEMLIMIT \(/m);
      const j = heapcast(["run", "w.ts", "--summary", "json"], dir);
      expect(JSON.parse(j.stdout).warnings).toEqual([expect.stringMatching(/^GOMEMLIMIT/)]);
      expect(j.stderr).toBe(r.stderr);
      // A container smaller than the live heap: the same, in its words.
      fs.writeFileSync(
        path.join(dir, "small.ts"),
        'import { scenario } from "heapcast";\nexport default scenario("small", { duration: "2s", go: { version: "1.19" }, container: { memory: "64MiB" } }).liveHeap("128MiB");\n',
      );
      const small = heapcast(["run", "small.ts", "--summary", "json"], dir);
      expect(small.status).toBe(0);
      expect(small.stderr).toMatch(
        /^heapcast: warning: the container's memory \(64 MiB\) is smaller than the live heap \(128 MiB\)[^\n]*\n$/,
      );
      expect(JSON.parse(small.stdout).warnings).toEqual([expect.stringMatching(/smaller than the live heap/)]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("--version, --help", () => {
  test("--version prints the package's version", () => {
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    expect(ok(["--version"])).toBe(`heapcast ${version}\n`);
    expect(ok(["-v"])).toBe(`heapcast ${version}\n`);
  });

  test("--help lists every command; grid --help lists every axis with an example", () => {
    const help = ok(["--help"]);
    for (const c of ["run", "compile", "grid", "check", "init"]) expect(help).toMatch(new RegExp(`^  ${c} `, "m"));
    expect(help).toContain("Exit codes: 0 success, 2 a mistake");
    const grid = ok(["grid", "--help"]);
    for (const axis of AXIS_KEYS)
      expect(grid).toMatch(new RegExp(`^  ${axis.replace(".", "\\.")}\\s+e\\.g\\. \\S+`, "m"));
    expect(grid).toContain("--axis <path=values>");
    expect(grid).toContain("--seeds <n>");
    // The README's command-line section: the grid command and a row per axis.
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    expect(readme).toMatch(/^npx heapcast grid <scenario\.ts\|plan\.json> --axis PATH=V1,V2,\.\.\./m);
    for (const axis of AXIS_KEYS)
      expect(readme).toMatch(new RegExp(`^  \\| \`${axis.replace(".", "\\.")}\` \\| \`[^\`]+\` \\|$`, "m"));
  });
});

describe("heapcast check: a type check that works without a tsconfig or flags", () => {
  test("the example scenarios have no type errors", () => {
    const files = fs
      .readdirSync(path.join(ROOT, "scenarios"))
      .filter((f) => f.endsWith(".ts"))
      .map((f) => path.join("scenarios", f));
    expect(ok(["check", ...files])).toContain("no type errors");
  });

  test("a type error: the line and the message, exit code 2", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-check-"));
    try {
      fs.writeFileSync(
        path.join(dir, "bad.ts"),
        'import { scenario } from "heapcast";\nexport default scenario("x", { duration: "10s", go: { GOGC: "fast" } });\n',
      );
      const r = heapcast(["check", "bad.ts"], dir);
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(
        `bad.ts:2:55 - error TS2322: Type '"fast"' is not assignable to type 'number | "off" | undefined'.\nheapcast: check: 1 type error\n`,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("heapcast init: a scenario folder of one's own, outside this clone", () => {
  let dir: string;
  beforeAll(() => {
    dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-init-")), "my-scenarios");
  });
  afterAll(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

  test("init, npm install (this checkout, no registry), then run and check from that folder", () => {
    const out = ok(["init", dir]);
    expect(out).toContain("npm install");
    expect(fs.readdirSync(dir).sort()).toEqual([".gitignore", "package.json", "scenario.ts", "tsconfig.json"]);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.dependencies).toEqual({ heapcast: `file:${ROOT}` });
    const npm = spawnSync("npm", ["install", "--offline", "--no-audit", "--no-fund"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(npm.status).toBe(0);
    // The folder's own heapcast command (node_modules/.bin), as `npx heapcast` finds it.
    const bin = path.join(dir, "node_modules", ".bin", "heapcast");
    const run = spawnSync(bin, ["run", "scenario.ts", "--summary", "json"], {
      cwd: dir,
      encoding: "utf8",
      timeout: 300_000,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).scenario).toBe("my service");
    const check = spawnSync(bin, ["check", "scenario.ts"], { cwd: dir, encoding: "utf8", timeout: 300_000 });
    expect([check.status, check.stdout]).toEqual([0, "scenario.ts: no type errors\n"]);
    // The tsconfig it writes is the options `check` uses: an editor's TypeScript sees what `check` sees.
    expect(JSON.parse(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8")).compilerOptions).toMatchObject({
      strict: true,
      skipLibCheck: true,
      noEmit: true,
    });
    // And TypeScript's own compiler, run in that folder on its tsconfig.json, finds heapcast's types: no errors.
    const tsc = spawnSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "."], {
      cwd: dir,
      encoding: "utf8",
      timeout: 300_000,
    });
    expect([tsc.status, tsc.stdout]).toEqual([0, ""]);
  }, 600_000);

  test("init never overwrites a file", () => {
    const r = fails(["init", dir]);
    expect(r.stderr).toMatch(/package\.json exists: heapcast init writes only into a new or empty folder\n$/);
  });
});
