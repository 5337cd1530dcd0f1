#!/usr/bin/env node
// The Jupyter kernel of this project: tslab (TypeScript), started so that notebooks `import { scenario } from
// "heapcast"`.
//
//   node dist/lib/cli/notebook-kernel.js install [--user | --prefix DIR] [--python PYTHON]   (npm run kernel:install)
//       registers the kernelspec "heapcast" ("TypeScript (heapcast)") with Jupyter and links node_modules/heapcast;
//   node dist/lib/cli/notebook-kernel.js kernel --config-path FILE
//       what Jupyter runs (the kernelspec's argv): re-links node_modules/heapcast if npm pruned it, then starts tslab;
//   node dist/lib/cli/notebook-kernel.js link
//       only the link.
//
// How a notebook finds "heapcast": tslab compiles each cell with TypeScript (Node10 module resolution, its own fixed
// compiler options; tsconfig.json is ignored) and runs it with a require() rooted in the notebook's folder. Both look
// for node_modules/heapcast in the folders above the notebook, so node_modules/heapcast is a symlink to the project
// root ("..", relative): its package.json points at dist/ (`npm run build`, run by `npm ci`). npm removes links it did
// not make whenever it installs, so the kernel re-creates the link each time it starts. Notebooks anywhere under the
// project root (notebooks/ or your own folder) import the project's build.
//
// The kernelspec runs this file with the absolute path of the node that installed it, so Jupyter needs neither node
// nor tslab on its PATH. Re-run `npm run kernel:install` after moving the clone or changing node.

import * as cp from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * The project root: the nearest folder above this file with heapcast's package.json (dist/lib/ or lib/ under ts-node).
 */
export const ROOT = findRoot(__dirname);

function findRoot(from: string): string {
  for (let d = from; ; d = path.dirname(d)) {
    try {
      if (JSON.parse(fs.readFileSync(path.join(d, "package.json"), "utf8")).name === "heapcast") return d;
    } catch {
      /* no package.json here */
    }
    if (path.dirname(d) === d) throw new Error(`heapcast kernel: no heapcast package.json above ${from}`);
  }
}
export const KERNEL_NAME = "heapcast";
export const KERNEL_DISPLAY_NAME = "TypeScript (heapcast)";

/** The kernelspec (kernel.json) that starts this project's tslab. */
export function kernelSpec(): Record<string, unknown> {
  return {
    argv: [
      process.execPath,
      path.join(ROOT, "dist", "lib", "cli", "notebook-kernel.js"),
      "kernel",
      "--config-path",
      "{connection_file}",
    ],
    display_name: KERNEL_DISPLAY_NAME,
    language: "typescript",
    interrupt_mode: "signal",
    metadata: { heapcast: { root: ROOT } },
  };
}

/**
 * Makes node_modules/heapcast resolve to this project (a relative symlink to the root). Leaves an existing
 * node_modules/heapcast that is something else alone, with a warning. Returns what it found or did.
 */
export function ensureLink(root = ROOT): "linked" | "ok" | "other" {
  const link = path.join(root, "node_modules", "heapcast");
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(link);
  } catch {
    st = undefined;
  }
  if (st) {
    let target: string | undefined;
    try {
      target = fs.realpathSync(link);
    } catch {
      target = undefined; // a dangling link
    }
    if (target === fs.realpathSync(root)) return "ok";
    if (!st.isSymbolicLink() || target !== undefined) {
      process.stderr.write(
        `heapcast kernel: ${link} is not a link to ${root}; notebooks will import that package instead\n`,
      );
      return "other";
    }
    fs.unlinkSync(link); // dangling: replace it
  }
  fs.mkdirSync(path.dirname(link), { recursive: true });
  if (process.platform === "win32") fs.symlinkSync(root, link, "junction");
  else fs.symlinkSync("..", link, "dir");
  return "linked";
}

/** The Python that runs Jupyter: the first of these that can import jupyter_client. */
export function findPython(explicit?: string): string {
  const candidates: string[] = [];
  if (explicit) candidates.push(explicit);
  if (process.env.HEAPCAST_PYTHON) candidates.push(process.env.HEAPCAST_PYTHON);
  // The interpreter on the `jupyter` command's #! line is the one whose kernelspec paths Jupyter uses.
  const jupyter = which("jupyter");
  if (jupyter) {
    const first = fs.readFileSync(jupyter, "utf8").split("\n", 1)[0];
    const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
    if (m) candidates.push(m[1].endsWith("/env") && m[2] ? m[2] : m[1]);
  }
  candidates.push("python3", "/usr/bin/python3", "python");
  for (const py of [...new Set(candidates)]) {
    const r = cp.spawnSync(py, ["-c", "import jupyter_client"], { stdio: "ignore" });
    if (r.status === 0) return py;
  }
  throw new Error(
    `no Python with Jupyter (jupyter_client) found (tried ${[...new Set(candidates)].join(", ")}); ` +
      "install Jupyter (Debian: apt-get install jupyter-notebook jupyter-nbconvert python3-ipykernel) or pass --python",
  );
}

function which(cmd: string): string | null {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const p = path.join(dir, cmd);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      if (fs.statSync(p).isFile()) return p;
    } catch {
      /* not here */
    }
  }
  return null;
}

export interface InstallOptions {
  /**
   * Install into PREFIX/share/jupyter/kernels (e.g. a temporary Jupyter path for tests; set
   * JUPYTER_PATH=PREFIX/share/jupyter).
   */
  prefix?: string;
  /** Install for the current user only (the default when not root). */
  user?: boolean;
  /** Python with jupyter_client to register the kernel with. */
  python?: string;
}

/** Links node_modules/heapcast and registers the kernelspec. Returns the kernelspec's folder. */
export function install(options: InstallOptions = {}): string {
  if (!fs.existsSync(path.join(ROOT, "dist", "lib", "index.js"))) {
    throw new Error(`${path.join(ROOT, "dist")} is missing: run npm run build (npm ci runs it) first`);
  }
  ensureLink();
  const src = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-kernelspec-"));
  try {
    fs.writeFileSync(path.join(src, "kernel.json"), JSON.stringify(kernelSpec(), null, 2) + "\n");
    if (options.prefix && !options.python) {
      // A prefix needs no Python: Jupyter reads PREFIX/share/jupyter/kernels/NAME/kernel.json.
      const dest = path.join(path.resolve(options.prefix), "share", "jupyter", "kernels", KERNEL_NAME);
      fs.mkdirSync(dest, { recursive: true });
      fs.copyFileSync(path.join(src, "kernel.json"), path.join(dest, "kernel.json"));
      return dest;
    }
    const py = findPython(options.python);
    const user = options.user ?? (typeof process.getuid === "function" && process.getuid() !== 0);
    const script =
      "import sys\nfrom jupyter_client.kernelspec import KernelSpecManager\n" +
      "src, name, user, prefix = sys.argv[1], sys.argv[2], sys.argv[3] == '1', sys.argv[4] or None\n" +
      "print(KernelSpecManager().install_kernel_spec(src, name, user=user, prefix=prefix, replace=True))\n";
    const r = cp.spawnSync(
      py,
      [
        "-c",
        script,
        src,
        KERNEL_NAME,
        user && !options.prefix ? "1" : "0",
        options.prefix ? path.resolve(options.prefix) : "",
      ],
      { encoding: "utf8" },
    );
    if (r.status !== 0) throw new Error(`registering the kernel with ${py} failed: ${r.stderr || r.error}`);
    return r.stdout.trim().split("\n").pop()!;
  } finally {
    fs.rmSync(src, { recursive: true, force: true });
  }
}

/** Starts the tslab kernel (what Jupyter runs). */
export function startKernel(configPath: string): void {
  try {
    ensureLink();
  } catch (e) {
    process.stderr.write(`heapcast kernel: could not link node_modules/heapcast: ${(e as Error).message}\n`);
  }
  // tslab's own startKernel; enableFindLocal: false keeps this project's pinned tslab even if the notebook's folder
  // has another one above it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tslab = require(require.resolve("tslab/dist/main.js", { paths: [ROOT] })) as {
    startKernel: (o: { configPath: string; enableFindLocal: boolean }) => void;
  };
  tslab.startKernel({ configPath, enableFindLocal: false });
}

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  const opt = (name: string): string | undefined => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  if (cmd === "kernel") {
    const configPath = opt("--config-path");
    if (!configPath) {
      process.stderr.write("usage: notebook-kernel kernel --config-path CONNECTION_FILE\n");
      return 2;
    }
    startKernel(configPath);
    return -1; // keeps running
  }
  if (cmd === "link") {
    process.stdout.write(`node_modules/heapcast: ${ensureLink()}\n`);
    return 0;
  }
  if (cmd === "install") {
    const dest = install({
      prefix: opt("--prefix"),
      user: rest.includes("--user") ? true : undefined,
      python: opt("--python"),
    });
    process.stdout.write(
      `Installed the Jupyter kernel "${KERNEL_DISPLAY_NAME}" (kernelspec ${KERNEL_NAME}) in ${dest}\n` +
        `node_modules/heapcast -> ${ROOT}\n` +
        `Start Jupyter (e.g. jupyter notebook notebooks/) and pick "${KERNEL_DISPLAY_NAME}".\n`,
    );
    return 0;
  }
  process.stderr.write(
    "usage: notebook-kernel install [--user | --prefix DIR] [--python PYTHON] | kernel --config-path FILE | link\n",
  );
  return 2;
}

if (require.main === module) {
  let code: number;
  try {
    code = main(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`heapcast kernel: ${(e as Error).message}\n`);
    code = 1;
  }
  if (code >= 0) process.exit(code);
}
