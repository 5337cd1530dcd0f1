// The kernel under arbitrary valid input (issue 16): random scenarios over the whole DSL must end within the event
// budget (or fail with RunawayScenarioError, never hang or crash) and keep every invariant of test/support/fuzz.ts:
// simulated time monotone in every table, no negative quantity, nothing after an OOM kill and a kill whenever RSS
// reaches the container's limit, summary peaks over the tables' instants, heap in use ≤ RSS, cycle procs =
// GOMAXPROCS. A few hundred runs here; `npm run fuzz -- --runs 10000` for the full depth.
import * as fc from "fast-check";
import { fuzzCase, runCase, checkInvariants } from "../support/fuzz";

test("random valid scenarios end within the budget and keep every invariant", () => {
  fc.assert(
    fc.property(fuzzCase, (c) => {
      const r = runCase(c);
      if (r === null) return; // the runaway budget spoke: a clear error, not a hang
      checkInvariants(r);
    }),
    { numRuns: 300, seed: 16 },
  );
});
