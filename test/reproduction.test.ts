// The reproduction of the external harness's Go 1.19.8 corpus by this project's load generator, as the README and the
// same-session recording state it: the README's table is what `npm run reproduction` prints today, and the committed
// same-session report (test/fixtures/real-go/same-session/go1.19.8/README.md) is what `npm run same-session -- --table`
// prints from the committed recordings. What the numbers say is in those two texts; this test keeps them true.
import * as fs from "node:fs";
import * as path from "node:path";
import { reproduction, reproductionTable } from "./support/reproduction";
import { SAME_SESSION_DIR, sameSessionReport } from "./support/same-session";
import { listWorkloads, loadRealRuns } from "./support/realgo";

const README = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
const ROOT = path.join(SAME_SESSION_DIR, "go1.19.8");

test("the README's reproduction table is what npm run reproduction prints", () => {
  const table = reproductionTable(reproduction("go1.19.8"), "go1.19.8");
  expect(README).toContain(table);
});

test("the same-session recording: every workload, harness and load generator, two reps each, on an idle machine", () => {
  const names = listWorkloads();
  expect(names.length).toBe(21);
  for (const side of ["harness", "loadgen"]) {
    for (const n of names) {
      const runs = loadRealRuns(n, path.relative(path.join(__dirname, "fixtures", "real-go"), path.join(ROOT, side)));
      expect(runs.map((r) => r.rep)).toEqual([1, 2]);
      for (const r of runs) {
        expect(r.result.go_version).toBe("go1.19.8");
        // recorded while the rest of the machine used at most a tenth of a core (same-session.ts --redo-busy 0.1)
        expect((r.result.machine as { other_cpu_cores_avg: number }).other_cpu_cores_avg).toBeLessThanOrEqual(0.1);
      }
    }
  }
});

test("the committed same-session report is what npm run same-session -- --table prints", () => {
  expect(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")).toBe(sameSessionReport(ROOT));
});
