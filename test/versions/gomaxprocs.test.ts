// The default GOMAXPROCS by version (kernel/versions/gomaxprocs.ts): the CPU count in Go 1.19; since Go 1.25, with a
// go.mod go line ≥ 1.25, min(CPUs, max(2, ceil(CPU limit))), re-read every second.

import { GO1_19 } from "../../kernel/versions/go1_19";
import { GO1_26 } from "../../kernel/versions/go1_26";
import { GO1_27 } from "../../kernel/versions/go1_27";
import { goLineAtLeast, parseGoLine, type GoLine } from "../../kernel/versions/gomaxprocs";

const go = (s: string): GoLine => {
  const l = parseGoLine(s);
  if (!l) throw new Error(`not a go line: ${s}`);
  return l;
};

describe("go.mod go lines", () => {
  test("parse and compare", () => {
    expect(parseGoLine("1.25")).toEqual({ major: 1, minor: 25 });
    expect(parseGoLine("1.24.3")).toEqual({ major: 1, minor: 24 });
    expect(parseGoLine("1.25rc1")).toEqual({ major: 1, minor: 25 });
    expect(parseGoLine("1.x")).toBeNull();
    expect(parseGoLine("go1.25")).toBeNull();
    expect(goLineAtLeast(go("1.25"), 1, 25)).toBe(true);
    expect(goLineAtLeast(go("1.24.9"), 1, 25)).toBe(false);
    expect(goLineAtLeast(go("2.0"), 1, 25)).toBe(true);
  });
});

describe("Go 1.19: the CPU count, never updated", () => {
  test.each([
    [64, 2, 64],
    [2, null, 2],
    [8, 0.5, 8],
  ])("%d CPUs, limit %p → %d", (cpus, limit, want) => {
    expect(GO1_19.gomaxprocs.initial(cpus, limit, go("1.25"))).toBe(want);
    expect(GO1_19.gomaxprocs.updatePeriodNs(go("1.25"))).toBeNull();
  });
});

describe.each([
  ["1.26", GO1_26],
  ["1.27", GO1_27],
])("Go %s: container-aware from go 1.25", (_name, v) => {
  test.each([
    // cpus, CPU limit, go line, GOMAXPROCS
    [64, 2, "1.25", 2],
    [64, 1.5, "1.25", 2], // max(2, ceil(1.5)) = 2
    [64, 0.25, "1.26", 2], // never below 2 …
    [1, 0.25, "1.26", 1], // … unless there are fewer CPUs
    [64, 2.1, "1.25", 3], // the fraction rounds up
    [4, 16, "1.25", 4], // a limit above the CPU count changes nothing
    [64, null, "1.25", 64], // no limit
    [64, 2, "1.24", 64], // go line below 1.25: the old default
  ] as const)("%d CPUs, limit %p, go %s → %d", (cpus, limit, line, want) => {
    expect(v.gomaxprocs.initial(cpus, limit, go(line))).toBe(want);
  });

  test("re-read every second with go ≥ 1.25, never below", () => {
    expect(v.gomaxprocs.updatePeriodNs(go("1.25"))).toBe(1e9);
    expect(v.gomaxprocs.updatePeriodNs(go("1.24"))).toBeNull();
  });
});
