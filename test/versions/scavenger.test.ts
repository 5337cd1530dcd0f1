// The scavenger's version rules (kernel/versions/scavenger.ts): the background memory-limit goal (95 × the limit in
// Go 1.19 — a bug, so it never works for the limit — 95 % of it since 1.22) and the dense-chunk gate of 1.21+.

import { GO1_19 } from "../../kernel/versions/go1_19";
import { GO1_26 } from "../../kernel/versions/go1_26";
import { GO1_27 } from "../../kernel/versions/go1_27";

const MiB = 1 << 20;

test("Go 1.19: the memory-limit goal is 95 times the limit (never reached)", () => {
  expect(GO1_19.scavenger.memoryLimitGoal(512 * MiB)).toBe(95 * 512 * MiB);
  expect(GO1_19.scavenger.denseChunkFraction).toBeNull();
});

test.each([
  ["1.26", GO1_26],
  ["1.27", GO1_27],
])("Go %s: 95 % of the limit (uint64 of the float product), dense-chunk gate 31/32", (_n, v) => {
  expect(v.scavenger.memoryLimitGoal(512 * MiB)).toBe(Math.trunc(512 * MiB * 0.95));
  expect(v.scavenger.memoryLimitGoal(1000)).toBe(950);
  expect(v.scavenger.memoryLimitGoal(1001)).toBe(950); // 950.95 truncated
  expect(v.scavenger.denseChunkFraction).toBe(31 / 32);
});
