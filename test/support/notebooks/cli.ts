// `npm run notebooks [-- [--check] [--html DIR] [NAME...]]`
//   Executes the example notebooks (notebooks/*.ipynb) in place with the heapcast kernel — their outputs are committed,
//   so that they render on GitHub — and checks them (an output for every code cell, no errors, charts with all their
//   MIME types). Run it after changing a notebook, the charts or the model. NAME filters by substring.
//   --check      only check the notebooks as they are (no execution)
//   --html DIR   also export each notebook to DIR/NAME.html and check every chart in headless Chromium
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  chartOutputs,
  executeNotebook,
  exportHTML,
  kernelEnv,
  listNotebooks,
  notebookProblems,
  numberCells,
  pool,
  readNotebook,
} from "./notebooks";
import { blankReason, checkPage, withChromium } from "./browser";

async function main(argv: string[]): Promise<number> {
  const check = argv.includes("--check");
  const h = argv.indexOf("--html");
  const htmlDir = h >= 0 ? path.resolve(argv[h + 1]) : undefined;
  const names = argv.filter((a, i) => !a.startsWith("--") && (h < 0 || i !== h + 1));
  const files = listNotebooks().filter((f) => names.length === 0 || names.some((n) => path.basename(f).includes(n)));
  if (files.length === 0) {
    process.stderr.write("no notebooks matched\n");
    return 2;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "heapcast-nb-"));
  let failed = false;
  try {
    const env = kernelEnv(tmp);
    if (!check) {
      const results = await pool(files, Math.max(1, Math.min(2, os.cpus().length)), async (f) => {
        const r = await executeNotebook(f, env, { inplace: true });
        if (r.code === 0) numberCells(f);
        process.stdout.write(
          `${path.basename(f)}: executed in ${(r.ms / 1000).toFixed(1)} s${r.code === 0 ? "" : ` — FAILED (exit ${r.code})`}\n`,
        );
        if (r.code !== 0) {
          // Why: run again with --allow-errors into a scratch folder and show the cells' stderr and errors.
          const again = await executeNotebook(f, env, { outDir: tmp, allowErrors: true });
          const out = path.join(tmp, path.basename(f));
          const why =
            again.code === 0 && fs.existsSync(out)
              ? notebookProblems(readNotebook(out))
              : [again.stderr.split("\n").slice(-30).join("\n")];
          for (const p of why) process.stdout.write(`  ${p}\n`);
        }
        return r.code === 0;
      });
      failed ||= results.includes(false);
    }
    for (const f of files) {
      const nb = readNotebook(f);
      const problems = notebookProblems(nb);
      process.stdout.write(
        `${path.basename(f)}: ${nb.cells.length} cells, ${chartOutputs(nb).length} charts, ${problems.length === 0 ? "ok" : problems.length + " problems"}\n`,
      );
      for (const p of problems) process.stdout.write(`  ${p}\n`);
      failed ||= problems.length > 0;
    }
    if (htmlDir) {
      fs.mkdirSync(htmlDir, { recursive: true });
      const pages = await Promise.all(files.map((f) => exportHTML(f, htmlDir, env)));
      await withChromium(async (browser) => {
        for (let i = 0; i < files.length; i++) {
          const expected = chartOutputs(readNotebook(files[i])).length;
          const page = await checkPage(browser, pages[i], ".jp-RenderedImage img");
          const bad = page.charts.map(blankReason).filter((x) => x !== null);
          process.stdout.write(
            `${path.relative(process.cwd(), pages[i])}: ${page.charts.length}/${expected} charts visible${bad.length ? `, ${bad.length} blank: ${bad.join("; ")}` : ""}\n`,
          );
          failed ||= page.charts.length !== expected || bad.length > 0;
        }
      });
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
