// `npm run fidelity [workload...] [--go 1.26] [--charts DIR]`: prints sim vs real for every calibration workload under
// one Go version (default 1.19, against the harness's go1.19.8 runs; 1.26 and 1.27 against test/fixtures/real-go/
// go1.26.8 and go1.27.4) and writes one chart per workload (SVG) overlaying simulated and real heap in use, heap goal
// and RSS, plus DIR/index.html.
import * as fs from "node:fs";
import * as path from "node:path";
import {
  CALIBRATION_DIR,
  CORPUS,
  FIDELITY_SEEDS,
  machineMarkSpeed,
  GO126_WORKLOADS_CORPUS,
  GO126_WORKLOADS_DIR,
  calibrationScenarios,
  compareWorkload,
  comparisonTable,
  hasCorpus,
  toleranceMisses,
} from "./fidelity";
import { REAL_GO_DIR } from "./realgo";
import { GO_VERSION_NAMES, isGoVersionName, type GoVersionName } from "../../kernel/versions";
import { fidelityChart } from "./fidelity-chart";
import { toSVG } from "../../lib/views/render";

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const i = args.indexOf("--charts");
  const dir = i >= 0 ? args.splice(i, 2)[1] : ".fidelity";
  const g = args.indexOf("--go");
  const go = (g >= 0 ? args.splice(g, 2)[1] : "1.19") as GoVersionName;
  if (!isGoVersionName(go)) throw new Error(`--go: expected one of ${GO_VERSION_NAMES.join(", ")}, got ${go}`);
  // --corpus NAME: against another recording of the same version (e.g. --go 1.19 --corpus go1.19.8, made on this VM)
  const c = args.indexOf("--corpus");
  const corpus = c >= 0 ? args.splice(c, 2)[1] : CORPUS[go];
  const names = args.length > 0 ? args : calibrationScenarios().filter((n) => hasCorpus(n, go));
  const calibration = names.map((name) => compareWorkload(name, FIDELITY_SEEDS, go, { dir: CALIBRATION_DIR, corpus }));
  const written = []; // the workloads written for Go 1.26
  // Go 1.26: also the workloads recorded with it only (scenarios/calibration-go1.26), when recorded.
  if (go === "1.26" && args.length === 0 && c < 0 && fs.existsSync(path.join(REAL_GO_DIR, GO126_WORKLOADS_CORPUS))) {
    for (const name of calibrationScenarios(GO126_WORKLOADS_DIR)) {
      if (fs.existsSync(path.join(REAL_GO_DIR, GO126_WORKLOADS_CORPUS, name)))
        written.push(
          compareWorkload(name, FIDELITY_SEEDS, go, { dir: GO126_WORKLOADS_DIR, corpus: GO126_WORKLOADS_CORPUS }),
        );
    }
  }
  const rows = [...calibration, ...written];
  process.stdout.write(
    `Go ${go} against ${corpus}, mark speed ${machineMarkSpeed(corpus).toFixed(3)} (median of ${FIDELITY_SEEDS} seeds [range] vs rep1/rep2, error against the nearer rep)\n\n`,
  );
  const table = comparisonTable(rows);
  process.stdout.write(table);
  // "within every tolerance" (toleranceMisses: the regime's three metrics, the OOM kill and its time, the limiter),
  // the calibration workloads and the ones written for Go 1.26 counted apart
  for (const [label, set] of [
    ["calibration", calibration],
    ["written for Go 1.26", written],
  ] as const) {
    if (set.length === 0) continue;
    const off = set.map((r) => [r.workload, toleranceMisses(r)] as const).filter(([, m]) => m.length > 0);
    process.stdout.write(`\nwithin every tolerance (${label}): ${set.length - off.length}/${set.length}\n`);
    for (const [w, m] of off) process.stdout.write(`  ${w}: ${m.join(", ")}\n`);
  }
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
      `<h1>heapcast vs real Go ${go} (${corpus})</h1><pre>${table.replace(/</g, "&lt;")}</pre>${links.join("\n")}</body>\n`,
  );
  process.stderr.write(`charts: ${path.join(dir, "index.html")} (${rows.length} workloads)\n`);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
