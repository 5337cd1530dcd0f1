// Runs code in a plain Node process against the built package (dist/), for what jest's sandbox cannot do: vega and
// vega-lite are ESM with top-level await, loaded with a dynamic import(), which jest's vm does not support without
// --experimental-vm-modules. `h` is require("dist/lib/index.js"), `aq` is arquero; the code's return value (awaited)
// comes back through JSON. The real package, the real vega: nothing is mocked.
import { spawnSync } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
const DIST = path.join(ROOT, "dist", "lib", "index.js");

export interface NodeEvalResult<T> {
  value: T;
  stdout: string;
  stderr: string;
}

export function nodeEval<T = unknown>(code: string, timeoutMs = 300_000): NodeEvalResult<T> {
  const marker = "\u0000HEAPCAST_RESULT\u0000";
  const script =
    `const h = require(${JSON.stringify(DIST)}); const aq = require("arquero");\n` +
    `(async () => { ${code}\n })().then((v) => { process.stdout.write(${JSON.stringify(marker)} + JSON.stringify(v === undefined ? null : v)); },` +
    ` (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });`;
  const r = spawnSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`node exited ${r.status}: ${r.stderr}`);
  const i = r.stdout.lastIndexOf(marker);
  if (i < 0) throw new Error(`no result; stdout: ${r.stdout.slice(0, 500)}; stderr: ${r.stderr}`);
  return { value: JSON.parse(r.stdout.slice(i + marker.length)) as T, stdout: r.stdout.slice(0, i), stderr: r.stderr };
}
