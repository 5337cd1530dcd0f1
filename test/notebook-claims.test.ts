// The committed notebooks' prose against their own outputs: what a notebook says in words (the goal flattens 32 MiB
// below the limit, the limiter is on for 28 s, 16 Ps mark faster, stacks are stacked above the heap, ...) held as
// numbers read from its committed outputs (test/support/notebooks/claims.ts). test/notebooks.test.ts checks the same
// claims on freshly executed notebooks.
import * as path from "node:path";
import { NOTEBOOKS, readNotebook } from "./support/notebooks/notebooks";
import { CLAIMS, failedClaims } from "./support/notebooks/claims";

test.each(Object.keys(CLAIMS))("%s: its prose and its outputs agree", (name) => {
  expect(failedClaims(name, readNotebook(path.join(NOTEBOOKS, name)))).toEqual([]);
});
