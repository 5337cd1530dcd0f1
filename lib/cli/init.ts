// `heapcast init [dir]`: a folder of one's own for scenarios, outside this clone: a package.json that depends on this
// checkout (or on a tarball made with `npm pack`), a tsconfig.json for editors and tsc, and an example scenario.
// After `npm install` there, `npx heapcast run scenario.ts` and `npx heapcast check scenario.ts` work from that folder.

import * as fs from "node:fs";
import * as path from "node:path";
import { CHECK_OPTIONS } from "./check";
import { UsageError } from "./load";

/** This package's root folder (the one with package.json), from dist/lib/cli or lib/cli. */
export function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, "utf8")).name === "heapcast") return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error("heapcast: cannot find its own package.json");
    dir = up;
  }
}

/** The `overrides` of this package's package.json, if any. */
function ownOverrides(): Record<string, string> | undefined {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")).overrides;
}

/** This package's version (package.json). */
export function packageVersion(): string {
  return JSON.parse(fs.readFileSync(path.join(packageRoot(), "package.json"), "utf8")).version;
}

const EXAMPLE = `// A scenario of your own: change it, then \`npx heapcast run scenario.ts\` (add --report report.html for charts) and
// \`npx heapcast check scenario.ts\` to check its types. The DSL is described in heapcast's README.
import { scenario } from "heapcast";

export default scenario("my service", {
  go: { GOGC: 100, GOMEMLIMIT: "400MiB", GOMAXPROCS: 2 },
  container: { memory: "512MiB", cpus: 2 },
  duration: "2m",
})
  .liveHeap("128MiB")
  .requests("500/s", { alloc: "64KiB", lasts: "100ms" })
  .garbage("100MiB/s")
  .at("1m", (s) => s.garbage("250MiB/s")); // a traffic spike
`;

export interface InitOptions {
  /** What the folder's package.json depends on: this checkout (default) or a tarball made with `npm pack`. */
  from?: string;
}

/** Writes the folder (created if needed; existing files are never overwritten). Returns the files written. */
export function init(dir: string, opts: InitOptions = {}): string[] {
  const target = path.resolve(dir);
  const from = path.resolve(opts.from ?? packageRoot());
  if (!fs.existsSync(from)) throw new UsageError(`--from: no such file or folder: ${opts.from}`);
  const isTarball = fs.statSync(from).isFile();
  if (isTarball && !/\.tgz$|\.tar\.gz$/.test(from))
    throw new UsageError(
      `--from: expected this checkout's folder or a tarball made with npm pack (.tgz), got ${opts.from}`,
    );
  if (fs.existsSync(target) && !fs.statSync(target).isDirectory())
    throw new UsageError(`${dir} exists and is not a folder`);
  const name =
    path
      .basename(target)
      .toLowerCase()
      .replace(/[^a-z0-9._-]+/g, "-")
      .replace(/^[._-]+/, "") || "scenarios";
  const files: Record<string, string> = {
    "package.json":
      JSON.stringify(
        {
          name,
          private: true,
          description: "Go memory scenarios for heapcast",
          scripts: {
            start: "heapcast run scenario.ts",
            report: "heapcast run scenario.ts --report report.html",
            check: "heapcast check scenario.ts",
          },
          dependencies: { heapcast: `file:${from}` },
          // heapcast's own overrides (package.json), which npm applies only in the project being installed: without
          // them npm resolves a version of arquero's @uwdata/flechette that depends on a package missing from the
          // registry. Harmless with a linked checkout (its node_modules are used as they are).
          ...(ownOverrides() ? { overrides: ownOverrides() } : {}),
        },
        null,
        2,
      ) + "\n",
    "tsconfig.json": JSON.stringify({ compilerOptions: CHECK_OPTIONS, include: ["*.ts"] }, null, 2) + "\n",
    "scenario.ts": EXAMPLE,
    ".gitignore": "node_modules/\nreport.html\n",
  };
  for (const f of Object.keys(files)) {
    if (fs.existsSync(path.join(target, f)))
      throw new UsageError(`${path.join(dir, f)} exists: heapcast init writes only into a new or empty folder`);
  }
  fs.mkdirSync(target, { recursive: true });
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(target, f), text);
  return Object.keys(files).map((f) => path.join(target, f));
}
