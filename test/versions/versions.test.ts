// The version modules' data (kernel/versions/go1_NN.ts) against what each real toolchain reports about itself:
// runtime/metrics names (metrics.All(), fixtures go1.NN/metrics.txt), runtime-internal sizes and stack constants
// (unsafe.Sizeof through an overlay of the runtime package, fixtures go1.NN/sizeof.txt; probes/ records both), and
// the model's own outputs named after runtime/metrics existing in every version.

import * as fs from "fs";
import * as path from "path";
import { timelineTable } from "../../lib/results/tables";
import { GO1_19 } from "../../kernel/versions/go1_19";
import { GO1_26 } from "../../kernel/versions/go1_26";
import { GO1_27 } from "../../kernel/versions/go1_27";
import type { GoVersion } from "../../kernel/versions/version";

const fixture = (dir: string, file: string): string =>
  fs.readFileSync(path.join(__dirname, "..", "fixtures", "versions", dir, file), "utf8");

const versions: Array<[string, GoVersion]> = [
  ["go1.19", GO1_19],
  ["go1.26", GO1_26],
  ["go1.27", GO1_27],
];

describe.each(versions)("%s", (dir, v) => {
  test("toolchain and name agree with the fixtures' directory", () => {
    expect(dir).toBe(`go${v.name}`);
    expect(v.toolchain.startsWith(`go${v.name}.`)).toBe(true);
  });

  test("metrics: exactly the names metrics.All() lists, without the /godebug/ counters", () => {
    const real = fixture(dir, "metrics.txt")
      .trim()
      .split("\n")
      .filter((n) => !n.startsWith("/godebug/"));
    expect([...v.metrics]).toEqual(real);
  });

  test("sizes and stack rules: unsafe.Sizeof and the runtime's constants, measured", () => {
    const sizes = Object.fromEntries(
      fixture(dir, "sizeof.txt")
        .trim()
        .split("\n")
        .map((l) => l.split(" "))
        .map(([k, x]) => [k, Number(x)]),
    );
    expect(sizes.heapArenaBytes).toBe(64 << 20);
    expect(sizes.pageSize).toBe(8192);
    expect(v.heapArenaMetadataBytes).toBe(sizes.heapArena);
    expect(v.gStructBytes).toBe(sizes.g);
    expect(v.stacks).toEqual({
      minBytes: sizes.stackMin,
      guardBytes: sizes.stackGuard,
      adaptiveStart: sizes.adaptivestackstart === 1,
    });
    if (v.layout.spec.inlineMarkBitsBytes > 0) expect(v.layout.spec.inlineMarkBitsBytes).toBe(sizes.spanInlineMarkBits);
    else expect(sizes.spanInlineMarkBits).toBeUndefined();
  });

  test("every runtime/metrics name the timeline table uses exists in this version", () => {
    const names = timelineTable([])
      .columnNames()
      .filter((c) => c.startsWith("/"));
    expect(names.length).toBeGreaterThan(10);
    expect(names.filter((n) => !v.metrics.includes(n))).toEqual([]);
  });
});

test("gctrace: 1.19 prints allocated stacks and the old scavtrace; 1.20+ scanned stacks, 1.21+ the new scavtrace", () => {
  expect(GO1_19.gctrace).toEqual({ stacks: "allocated", scavtrace: "1.19" });
  expect(GO1_26.gctrace).toEqual({ stacks: "scanned", scavtrace: "1.21" });
  expect(GO1_27.gctrace).toEqual({ stacks: "scanned", scavtrace: "1.21" });
});

test("heap-arena metadata: 3.2 % of an arena in Go 1.19, 0.10 % since Go 1.22 (go-versions.md §11.3)", () => {
  expect(GO1_19.heapArenaMetadataBytes / (64 << 20)).toBeCloseTo(0.0323, 4);
  expect(GO1_26.heapArenaMetadataBytes / (64 << 20)).toBeCloseTo(0.00104, 5);
});
