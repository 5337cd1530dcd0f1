// `npm run fuzz -- --runs 10000 [--seed N]`: the property suite of test/kernel/properties.test.ts at full depth,
// printing runs, runaways (RunawayScenarioError, the budget speaking), and the first counterexample if any.
import * as fc from "fast-check";
import { fuzzCase, runCase, checkInvariants, buildScenario } from "./fuzz";
import { compile } from "../../lib/index";

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}
const runs = arg("--runs", 1000);
const seed = arg("--seed", Date.now() % 2 ** 31);
let ran = 0;
let runaways = 0;
let killed = 0;
let slowest = 0;
const t0 = Date.now();
const details = fc.check(
  fc.property(fuzzCase, (c) => {
    const t = Date.now();
    const r = runCase(c);
    slowest = Math.max(slowest, Date.now() - t);
    ran++;
    if (r === null) {
      runaways++;
      return;
    }
    if (r.summary.oomKilledAtSeconds !== null) killed++;
    checkInvariants(r);
  }),
  { numRuns: runs, seed },
);
const secs = ((Date.now() - t0) / 1000).toFixed(1);
console.log(
  `fuzz: ${ran} runs (seed ${seed}) in ${secs} s: ${runaways} stopped by the runaway budget, ${killed} OOM-killed, slowest run ${slowest} ms`,
);
if (details.failed) {
  console.log(fc.defaultReportMessage(details));
  console.log(String(details.errorInstance));
  const c = details.counterexample?.[0];
  if (c) console.log("plan:", JSON.stringify(compile(buildScenario(c))));
  process.exit(1);
}
console.log("0 hangs, 0 invariant violations, 0 crashes");
