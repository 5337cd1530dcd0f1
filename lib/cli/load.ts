// Loading what the user gives the command line: a scenario module (.ts, or .js) with a default export made with
// scenario(...), or a saved event plan (.json). Every mistake of the user's — a missing file, a directory, a file of
// another kind, a syntax error, a module the scenario imports that is not there (a typo in "heapcast"), a scenario
// that throws while it is built, a wrong value — is a UsageError or a ScenarioError: one line, exit code 2. Only an
// error raised inside heapcast itself stays an internal error (exit code 1, with its stack).

import * as fs from "node:fs";
import * as path from "node:path";
import Module from "node:module";
import { ScenarioError } from "../authoring/errors";
import { Scenario } from "../authoring/dsl";
import { compile, validatePlan } from "../authoring/compile";
import type { EventPlan } from "../../kernel/plan";

/** A failure the user can fix: printed as one message, exit code 2. */
export class UsageError extends Error {}

/** The folder of this package (dist/ or the sources): frames in it are heapcast's, not the user's. */
const PACKAGE_ROOT = path.resolve(__dirname, "..", "..");
const HEAPCAST_DIRS = [
  path.join(PACKAGE_ROOT, "lib"),
  path.join(PACKAGE_ROOT, "kernel"),
  path.join(PACKAGE_ROOT, "dist"),
  path.join(PACKAGE_ROOT, "node_modules"),
];

/** Scenario files `import { scenario } from "heapcast"`: wherever they live, that resolves to this very package. */
let aliased = false;
function aliasOwnPackage(): void {
  if (aliased) return;
  aliased = true;
  const M = Module as unknown as { _resolveFilename: (req: string, ...rest: unknown[]) => string };
  const original = M._resolveFilename;
  const self = path.join(__dirname, "..", "index");
  M._resolveFilename = function (request: string, ...rest: unknown[]) {
    return original.call(this, request === "heapcast" ? self : request, ...rest);
  };
}

let tsRegistered = false;
function registerTypeScript(): void {
  if (tsRegistered) return;
  tsRegistered = true;
  // transpileOnly: scenarios are checked by the DSL's own validation at run time; `heapcast check` type-checks them.
  // skipProject: the options are these, whatever tsconfig.json the scenario's folder has.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("ts-node").register({
    transpileOnly: true,
    skipProject: true,
    compilerOptions: { module: "commonjs", target: "ES2022", esModuleInterop: true },
  });
}

const SCENARIO_EXTENSIONS = [".ts", ".js", ".cjs"];

/** Loads a scenario module (default export) or a saved plan, and returns the plan. */
export function loadPlan(file: string): EventPlan {
  const abs = path.resolve(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch {
    throw new UsageError(`no such file: ${file}`);
  }
  if (stat.isDirectory())
    throw new UsageError(`${file} is a directory: expected a scenario (.ts) or a saved event plan (.json)`);
  const ext = path.extname(abs).toLowerCase();
  if (ext === ".json") {
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(abs, "utf8"));
    } catch (e) {
      throw new UsageError(`${file}: not valid JSON (${(e as Error).message})`);
    }
    return validatePlan(data);
  }
  if (!SCENARIO_EXTENSIONS.includes(ext)) {
    throw new UsageError(
      `${file}: expected a scenario (.ts) or a saved event plan (.json), got ${ext ? `a ${ext} file` : "a file without an extension"}`,
    );
  }
  aliasOwnPackage();
  if (ext === ".ts") registerTypeScript();
  let mod: { default?: unknown };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the scenario is loaded through ts-node's hook
    mod = require(abs);
  } catch (e) {
    throw loadError(e, file);
  }
  const s = mod.default ?? mod;
  if (!(s instanceof Scenario)) {
    throw new UsageError(
      `${file}: expected a default export made with scenario("name", {...}), got ${describeExport(s)}`,
    );
  }
  return compile(s);
}

function describeExport(x: unknown): string {
  if (x === null) return "null";
  if (typeof x !== "object") return typeof x;
  const keys = Object.keys(x);
  return keys.length === 0
    ? "no default export"
    : `an object with ${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", ..." : ""}`;
}

/** The edit distance between two short names (a typo of "heapcast" is one or two edits away). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** Whether a file belongs to heapcast or Node (not to the user's scenario). */
function ours(file: string): boolean {
  return file.startsWith("node:") || !path.isAbsolute(file) || HEAPCAST_DIRS.some((d) => file.startsWith(d + path.sep));
}

/** The first frame of a stack in the user's own files: "scenario.ts:12:5", or null if it threw inside heapcast. */
function userFrame(e: Error): string | null {
  for (const line of (e.stack ?? "").split("\n").slice(1)) {
    const m = /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?\s*$/.exec(line.trim());
    if (m && !ours(m[1])) return `${path.relative(process.cwd(), m[1]) || m[1]}:${m[2]}:${m[3]}`;
  }
  return null;
}

/** What went wrong while the scenario module was loaded, as one line for the user (or the error itself if ours). */
function loadError(e: unknown, file: string): Error {
  if (e instanceof ScenarioError || e instanceof UsageError) return e;
  const err = e as Error & { code?: string; requireStack?: string[]; diagnosticText?: string };
  if (!(err instanceof Error)) return new UsageError(`${file}: the scenario threw ${String(e)}`);
  // TypeScript's diagnostics name the file, line and column themselves ("x.ts(3,1): error TS1005: ')' expected.").
  if (err.diagnosticText) return new UsageError(err.diagnosticText.split("\n").find((l) => l.trim()) ?? err.message);
  if (err instanceof SyntaxError) return new UsageError(`${file}: ${err.message.split("\n")[0]}`);
  if (err.code === "MODULE_NOT_FOUND") {
    const name = /Cannot find module '([^']+)'/.exec(err.message)?.[1] ?? "?";
    const from = err.requireStack?.[0];
    if (from && ours(from)) return err; // a module heapcast itself needs: an installation problem, with its stack
    const hint =
      !name.startsWith(".") && !path.isAbsolute(name) && distance(name, "heapcast") <= 2
        ? ` (did you mean "heapcast"?)`
        : name.startsWith(".")
          ? " (no such file next to it)"
          : " (not installed: npm install it, or check the name)";
    return new UsageError(
      `${from ? path.relative(process.cwd(), from) || from : file}: cannot find module "${name}"${hint}`,
    );
  }
  const where = userFrame(err);
  if (where === null) return err; // thrown inside heapcast: an internal error
  return new UsageError(`${file}: the scenario threw ${err.name}: ${err.message.split("\n")[0]} (at ${where})`);
}
