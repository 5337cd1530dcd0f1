// Notebook tooling for tests and `npm run notebooks`: register the heapcast kernel in a private Jupyter path, execute
// notebooks with `jupyter nbconvert --execute`, export them to HTML, and check notebooks (committed or executed).
// Jupyter is Debian's (/usr/bin/jupyter, /usr/bin/python3): a python3 earlier on PATH may lack nbformat.

import * as cp from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { install } from "../../../lib/cli/notebook-kernel";

export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const NOTEBOOKS = path.join(ROOT, "notebooks");
export const JUPYTER = fs.existsSync("/usr/bin/jupyter") ? "/usr/bin/jupyter" : "jupyter";
export const PYTHON = fs.existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
export const VEGALITE = "application/vnd.vegalite.v5+json";

/**
 * How exported HTML shows a chart: PNG before SVG and HTML (nbconvert 6.5's HTML export strips the children of inline
 * SVG, leaving a blank box; a PNG shows everywhere, trusted or not). Otherwise nbconvert's HTML defaults.
 */
export const HTML_DISPLAY_PRIORITY = [
  "application/vnd.jupyter.widget-view+json",
  "application/javascript",
  "image/png",
  "text/html",
  "text/markdown",
  "image/svg+xml",
  "text/latex",
  "image/jpeg",
  "text/plain",
];

/** The example notebooks, in order. */
export function listNotebooks(dir = NOTEBOOKS): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("_") && !f.startsWith("."))
    .sort()
    .map((f) => path.join(dir, f));
}

/**
 * Registers the heapcast kernel (the same installer as `npm run kernel:install`) in a private Jupyter path under
 * `dir`, and returns the environment that makes Jupyter use it (and nothing from the user's own kernels).
 */
export function kernelEnv(dir: string): NodeJS.ProcessEnv {
  install({ prefix: dir });
  return { ...process.env, JUPYTER_PATH: path.join(dir, "share", "jupyter"), PYDEVD_DISABLE_FILE_VALIDATION: "1" };
}

export interface RunOutput {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function spawnAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<RunOutput> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const child = cp.spawn(cmd, args, { env, cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr, ms: Date.now() - t0 }));
  });
}

/**
 * Executes a notebook top to bottom with nbconvert (a failing cell fails it: exit code 1), writing the executed
 * notebook to `outDir` (or over the input with `inplace`). The kernel runs in the notebook's own folder.
 */
export function executeNotebook(
  file: string,
  env: NodeJS.ProcessEnv,
  opts: { outDir?: string; inplace?: boolean; allowErrors?: boolean } = {},
): Promise<RunOutput> {
  const args = [
    "nbconvert",
    "--to",
    "notebook",
    "--execute",
    "--ExecutePreprocessor.timeout=600",
    "--ExecutePreprocessor.kernel_name=heapcast",
    // No per-cell timestamps: a re-run of an unchanged notebook leaves the file unchanged.
    "--ExecutePreprocessor.record_timing=False",
  ];
  // tslab reports a failing cell on stderr with an empty error name: to see why, run again with allowErrors.
  if (opts.allowErrors) args.push("--allow-errors");
  if (opts.inplace) args.push("--inplace");
  else args.push("--output-dir", opts.outDir ?? os.tmpdir());
  args.push(file);
  return spawnAsync(JUPYTER, args, env);
}

/** Exports an (executed) notebook to HTML in `outDir`, charts as PNG. Returns the HTML file. */
export async function exportHTML(file: string, outDir: string, env: NodeJS.ProcessEnv): Promise<string> {
  const args = ["nbconvert", "--to", "html", "--output-dir", outDir];
  for (const m of HTML_DISPLAY_PRIORITY) args.push(`--NbConvertBase.display_data_priority=${m}`);
  args.push(file);
  const r = await spawnAsync(JUPYTER, args, env);
  if (r.code !== 0) throw new Error(`nbconvert --to html ${file} failed (${r.code}):\n${r.stderr}`);
  return path.join(outDir, path.basename(file, ".ipynb") + ".html");
}

/** Runs `fn` over `items`, at most `n` at a time, keeping the order of results. */
export async function pool<T, R>(items: T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Checking a notebook's JSON

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
  ename?: string;
  evalue?: string;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
}
export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string; language?: string }; language_info?: { name?: string } };
}

export function readNotebook(file: string): Notebook {
  return JSON.parse(fs.readFileSync(file, "utf8")) as Notebook;
}

/**
 * Numbers the code cells 1, 2, 3... (tslab sends no execute_input message, so nbconvert leaves execution_count empty
 * and front ends show "In [ ]"). Keeps nbformat's layout: sorted keys as read, one-space indent, final newline.
 */
export function numberCells(file: string): void {
  const nb = JSON.parse(fs.readFileSync(file, "utf8")) as {
    cells: {
      cell_type: string;
      execution_count?: number | null;
      outputs?: { output_type: string; execution_count?: number | null }[];
    }[];
  };
  let n = 0;
  for (const c of nb.cells) {
    if (c.cell_type !== "code") continue;
    c.execution_count = ++n;
    for (const o of c.outputs ?? []) if (o.output_type === "execute_result") o.execution_count = n;
  }
  fs.writeFileSync(file, JSON.stringify(nb, null, 1) + "\n");
}

const text = (t: string | string[] | undefined) => (Array.isArray(t) ? t.join("") : (t ?? ""));

/** Outputs that are charts: one display_data carrying the Vega-Lite spec. */
export function chartOutputs(nb: Notebook): Output[] {
  return nb.cells.flatMap((c) => c.outputs ?? []).filter((o) => o.data && VEGALITE in o.data);
}

/**
 * What is wrong with an executed notebook, as messages (none: fine): code cells without output, error outputs,
 * anything on stderr, empty stream outputs, a util.inspect dump of a table or result instead of HTML, a chart output
 * missing one of its MIME types, or a kernelspec other than heapcast.
 */
export function notebookProblems(nb: Notebook): string[] {
  const problems: string[] = [];
  if (nb.metadata.kernelspec?.name !== "heapcast")
    problems.push(`kernelspec is ${JSON.stringify(nb.metadata.kernelspec?.name)}, not "heapcast"`);
  nb.cells.forEach((c, i) => {
    if (c.cell_type !== "code") return;
    const where = `cell ${i + 1} (${text(c.source).split("\n")[0].slice(0, 60)})`;
    const outs = c.outputs ?? [];
    if (outs.length === 0) problems.push(`${where}: no output`);
    for (const o of outs) {
      if (o.output_type === "error") problems.push(`${where}: error ${o.ename}: ${o.evalue}`);
      // A displayed table or result leaves no stdout behind (display.ts swallows console.log's newline).
      if (o.output_type === "stream" && text(o.text).trim() === "")
        problems.push(`${where}: an empty ${o.name} output`);
      if (o.output_type === "stream" && o.name === "stderr")
        problems.push(`${where}: stderr: ${text(o.text).slice(0, 1500)}`);
      const plain =
        o.output_type === "stream" ? text(o.text) : text(o.data?.["text/plain"] as string | string[] | undefined);
      if (/ColumnTable \[Table|_names: \[|RunResult \{/.test(plain))
        problems.push(`${where}: a table or result printed with util.inspect`);
      if (o.data && VEGALITE in o.data) {
        for (const m of ["image/png", "image/svg+xml", "text/plain"])
          if (!(m in o.data)) problems.push(`${where}: chart output without ${m}`);
      }
    }
  });
  return problems;
}
