// `npm run fidelity [workload...] [--charts DIR]`: prints sim vs real for every calibration workload and writes one
// chart per workload (SVG) overlaying simulated and real heap in use, heap goal and RSS, plus DIR/index.html.
import * as fs from "node:fs";
import * as path from "node:path";
import { calibrationScenarios, compareWorkload, comparisonTable } from "./fidelity";
import { fidelityChart } from "./fidelity-chart";
import { toSVG } from "../../lib/views/render";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf("--charts");
  const dir = i >= 0 ? args.splice(i, 2)[1] : ".fidelity";
  const names = args.length > 0 ? args : calibrationScenarios();
  const rows = names.map((name) => compareWorkload(name));
  const table = comparisonTable(rows);
  process.stdout.write(table);
  fs.mkdirSync(dir, { recursive: true });
  const links: string[] = [];
  for (const c of rows) {
    const file = `${c.workload}.svg`;
    fs.writeFileSync(path.join(dir, file), await toSVG(fidelityChart(c)));
    links.push(`<h2>${c.workload}</h2><img src="${file}" alt="${c.workload}">`);
  }
  fs.writeFileSync(
    path.join(dir, "index.html"),
    `<!doctype html><meta charset="utf-8"><title>heapcast fidelity</title><body style="font:14px system-ui">` +
      `<h1>heapcast vs real Go 1.19.8</h1><pre>${table.replace(/</g, "&lt;")}</pre>${links.join("\n")}</body>\n`,
  );
  process.stderr.write(`charts: ${path.join(dir, "index.html")} (${rows.length} workloads)\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
