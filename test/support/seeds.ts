import * as path from "node:path";
import { loadPlan } from "../../lib/cli";
import { run } from "../../lib/run";
const [file, n] = [process.argv[2], +(process.argv[3] ?? 8)];
const plan = loadPlan(file);
const rows: string[] = [];
for (let seed = 1; seed <= n; seed++) {
  const r = run({ ...plan, scenario: { ...plan.scenario, seed } });
  rows.push(`${seed}:${r.summary.gcCycles}/${(r.summary.peakHeapBytes / 2 ** 20).toFixed(0)}/${(r.summary.peakHeapInUseBytes / 2 ** 20).toFixed(0)}`);
}
console.log(path.basename(file), rows.join(" "));
