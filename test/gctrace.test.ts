import * as fs from "fs";
import * as path from "path";
import fc from "fast-check";
import type { GcCycleRecord } from "../kernel/records";
import { parseGctrace, type GctraceCycle } from "../lib/results/importers/gctrace";
import {
  formatGctrace,
  formatGctraceLine,
  formatNsAsMs,
  formatStartSeconds,
  gcCpuPercent,
  itoaDiv,
} from "../lib/results/gctrace";

const RUNS_DIR = path.join(__dirname, "fixtures/real-go/runs");
const MiB = 1 << 20;

/** Every runs/<workload>/<rep>/gctrace.txt of the real-Go corpus. */
function realGctraceFiles(): string[] {
  const files: string[] = [];
  for (const workload of fs.readdirSync(RUNS_DIR)) {
    const wdir = path.join(RUNS_DIR, workload);
    if (!fs.statSync(wdir).isDirectory()) continue;
    for (const rep of fs.readdirSync(wdir)) {
      const f = path.join(wdir, rep, "gctrace.txt");
      if (fs.existsSync(f)) files.push(f);
    }
  }
  return files.sort();
}

/** A record with every field set; override what a test cares about. */
function record(overrides: Partial<GcCycleRecord> = {}): GcCycleRecord {
  return {
    cycle: 1,
    startNs: 0,
    stw1Ns: 0,
    markNs: 0,
    stw2Ns: 0,
    stw1CpuNs: 0,
    assistCpuNs: 0,
    backgroundCpuNs: 0,
    idleCpuNs: 0,
    stw2CpuNs: 0,
    heapStartBytes: 0,
    heapEndBytes: 0,
    heapMarkedBytes: 0,
    heapGoalBytes: 0,
    heapTriggerBytes: 0,
    stackBytes: 0,
    globalsBytes: 0,
    procs: 1,
    gcCpuFraction: 0,
    kind: "heap",
    utilization: 0.25,
    limiterOn: false,
    ...overrides,
  };
}

/** Rebuild a record from a parsed line: the ns/bytes a runtime would have had to print exactly that line. */
function recordFromCycle(c: GctraceCycle): GcCycleRecord {
  const ns = (ms: number): number => Math.round(ms * 1e6);
  return record({
    cycle: c.cycle,
    startNs: Math.round(c.startSeconds * 1e9),
    stw1Ns: ns(c.stw1Ms),
    markNs: ns(c.markMs),
    stw2Ns: ns(c.stw2Ms),
    stw1CpuNs: ns(c.stw1CpuMs),
    assistCpuNs: ns(c.assistCpuMs),
    backgroundCpuNs: ns(c.backgroundCpuMs),
    idleCpuNs: ns(c.idleCpuMs),
    stw2CpuNs: ns(c.stw2CpuMs),
    heapStartBytes: c.heapStartMiB * MiB,
    heapEndBytes: c.heapEndMiB * MiB,
    heapMarkedBytes: c.heapMarkedMiB * MiB,
    heapGoalBytes: c.goalMiB * MiB,
    stackBytes: c.stacksMiB * MiB,
    globalsBytes: c.globalsMiB * MiB,
    procs: c.procs,
    gcCpuFraction: (c.cpuPercent + 0.5) / 100,
    kind: c.forced ? "forced" : c.periodic ? "periodic" : "heap",
  });
}

describe("parseGctrace on the real-Go corpus", () => {
  const files = realGctraceFiles();

  test("the corpus is present", () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  test.each(files.map((f) => [path.relative(RUNS_DIR, f), f]))("%s parses, one cycle per gc line", (_name, file) => {
    const text = fs.readFileSync(file, "utf8");
    const gcLines = text.split("\n").filter((l) => l.startsWith("gc "));
    const cycles = parseGctrace(text);
    expect(cycles).toHaveLength(gcLines.length);
    // Cycle numbers are consecutive from 1 (OOM runs only lose the cycle in progress at the kill).
    cycles.forEach((c, i) => expect(c.cycle).toBe(i + 1));
    for (const c of cycles) {
      expect(c.forced).toBe(false); // no runtime.GC() in the corpus
      expect(c.periodic).toBe(false); // runs are shorter than the 2-minute forcegc period
      for (const v of Object.values(c)) if (typeof v === "number") expect(Number.isFinite(v)).toBe(true);
    }
  });

  test("every real gc line reformats byte for byte (parse → record → formatGctraceLine)", () => {
    let checked = 0;
    for (const file of files) {
      const lines = fs
        .readFileSync(file, "utf8")
        .split("\n")
        .filter((l) => l.startsWith("gc "));
      const cycles = parseGctrace(lines.join("\n"));
      cycles.forEach((c, i) => {
        expect(formatGctraceLine(recordFromCycle(c))).toBe(lines[i]);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(4000);
  });

  test("spot check: steady_gogc100 rep1, cycle 1", () => {
    const file = path.join(RUNS_DIR, "steady_gogc100_live64m_500mibps/rep1/gctrace.txt");
    // gc 1 @0.003s 8%: 0.10+4.8+0.003 ms clock, 0.21+0.43/0.69/0+0.006 ms cpu, 3->7->6 MB, 4 MB goal,
    //   0 MB stacks, 0 MB globals, 2 P
    const [first] = parseGctrace(fs.readFileSync(file, "utf8"));
    expect(first).toEqual<GctraceCycle>({
      cycle: 1,
      startSeconds: 0.003,
      cpuPercent: 8,
      stw1Ms: 0.1,
      markMs: 4.8,
      stw2Ms: 0.003,
      stw1CpuMs: 0.21,
      assistCpuMs: 0.43,
      backgroundCpuMs: 0.69,
      idleCpuMs: 0,
      stw2CpuMs: 0.006,
      heapStartMiB: 3,
      heapEndMiB: 7,
      heapMarkedMiB: 6,
      goalMiB: 4,
      stacksMiB: 0,
      globalsMiB: 0,
      procs: 2,
      forced: false,
      periodic: false,
    });
  });
});

describe("parseGctrace line handling", () => {
  const line = (n: number, suffix = ""): string =>
    `gc ${n} @1.234s 5%: 0.018+2.3+0.021 ms clock, 0.037+0.5/1.1/0.9+0.042 ms cpu, ` +
    `70->71->36 MB, 72 MB goal, 0 MB stacks, 0 MB globals, 2 P${suffix}`;

  test("ignores scav, pacer and other lines; GC forced marks only the next cycle periodic; (forced) is runtime.GC", () => {
    const text = [
      "pacer: assist ratio=+1.0e+000 (scan 0 MB in 3->4 MB) workers=0++0.500000",
      line(1),
      "scav 0 KiB work, 3792 KiB total, 96% util",
      "GC forced",
      "scav 0 KiB work, 3792 KiB total, 96% util",
      line(2),
      line(3, " (forced)"),
      "hello from the program",
      line(4) + "\r",
      "",
    ].join("\n");
    const cycles = parseGctrace(text);
    expect(cycles.map((c) => [c.cycle, c.periodic, c.forced])).toEqual([
      [1, false, false],
      [2, true, false],
      [3, false, true],
      [4, false, false],
    ]);
  });

  test("a malformed gc line is an Error naming its line number, the field, what was expected and the text", () => {
    const bad = "gc 2 @1.234s 5%: 0.018+2.3 ms clock, garbage";
    expect(() => parseGctrace([line(1), "scav 0 KiB work, 1 KiB total, 9% util", bad].join("\n"))).toThrow(
      `gctrace line 3: malformed gc line: wall times: expected " A+B+C ms clock,", got " 0.018+2.3 ms clock, garbage" (line: ${JSON.stringify(bad)})`,
    );
    expect(() => parseGctrace(line(1) + " trailing")).toThrow(/gctrace line 1/);
  });

  test("empty input has no cycles", () => {
    expect(parseGctrace("")).toEqual([]);
  });
});

describe("formatNsAsMs = runtime.fmtNSAsMS", () => {
  test.each<[number, string]>([
    [0, "0"],
    [500, "0"], // < 1 µs: x = ns/1e3 = 0
    [999, "0"],
    [1_000, "0.001"],
    [3_000, "0.003"],
    [57_000, "0.057"],
    [57_999, "0.057"], // truncated, not rounded
    [80_000, "0.080"], // itoaDiv keeps the trailing zero of 2 significant digits
    [100_000, "0.10"],
    [999_999, "0.99"],
    [1_000_000, "1.0"],
    [1_100_000, "1.1"],
    [4_850_000, "4.8"],
    [9_999_999, "9.9"],
    [10_000_000, "10"], // ≥ 10 ms: whole milliseconds
    [12_345_678, "12"],
    [999_999_999, "999"],
    [123_456_000_000, "123456"],
  ])("%d ns → %s", (ns, expected) => {
    expect(formatNsAsMs(ns)).toBe(expected);
  });

  test("never prints NaN or a minus sign", () => {
    for (const v of [NaN, -1, -5e6, Infinity, -Infinity]) expect(formatNsAsMs(v)).toBe("0");
  });

  test("property: two significant digits below 10 ms, truncated; whole ms at or above", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (ns) => {
        const s = formatNsAsMs(ns);
        expect(s).toMatch(/^\d+(\.\d{1,3})?$/);
        const ms = Number(s);
        if (ns >= 10e6) {
          expect(s).toBe(String(Math.floor(ns / 1e6)));
        } else if (ns < 1000) {
          expect(s).toBe("0");
        } else {
          expect(ms).toBeLessThanOrEqual(ns / 1e6 + 1e-12);
          expect(s.replace(".", "").replace(/^0+/, "")).toHaveLength(Math.min(2, String(Math.floor(ns / 1e3)).length));
          expect(ns / 1e6 - ms).toBeLessThan(ms * 0.1 + 0.001);
        }
      }),
    );
  });

  test("itoaDiv pads to the decimal point (runtime behaviour)", () => {
    expect(itoaDiv(0, 3)).toBe("0.000");
    expect(itoaDiv(10, 3)).toBe("0.010");
    expect(itoaDiv(123456, 3)).toBe("123.456");
    expect(itoaDiv(12, 0)).toBe("12");
    expect(itoaDiv(11, 1)).toBe("1.1");
  });
});

describe("formatGctraceLine", () => {
  test("reproduces the §17 example exactly", () => {
    const rec = record({
      cycle: 5,
      startNs: 10_999_999, // truncated to whole ms before printing: @0.010s
      stw1Ns: 8_000,
      markNs: 810_000,
      stw2Ns: 61_000,
      stw1CpuNs: 16_000,
      assistCpuNs: 77_000,
      backgroundCpuNs: 140_000,
      idleCpuNs: 500_000,
      stw2CpuNs: 120_000,
      heapStartBytes: 54 * MiB + 123,
      heapEndBytes: 59 * MiB + MiB - 1, // truncated MiB
      heapMarkedBytes: 38 * MiB,
      heapGoalBytes: 61 * MiB + 64 * 1024,
      stackBytes: 300 * 1024,
      globalsBytes: 50_000,
      procs: 2,
      gcCpuFraction: 0.0799,
    });
    expect(formatGctraceLine(rec)).toBe(
      "gc 5 @0.010s 7%: 0.008+0.81+0.061 ms clock, 0.016+0.077/0.14/0.50+0.12 ms cpu, " +
        "54->59->38 MB, 61 MB goal, 0 MB stacks, 0 MB globals, 2 P",
    );
  });

  test("forced cycle, long times, multi-GiB heaps", () => {
    const rec = record({
      cycle: 1234,
      startNs: 123_456_789_012,
      stw1Ns: 77_000_000,
      markNs: 12_345_678,
      stw2Ns: 999,
      stw1CpuNs: 154_000_001,
      assistCpuNs: 1_000_000,
      backgroundCpuNs: 9_999_999,
      idleCpuNs: 0,
      stw2CpuNs: 1_998,
      heapStartBytes: 3 * 1024 * MiB,
      heapEndBytes: 5 * 1024 * MiB + 7,
      heapMarkedBytes: 2048 * MiB,
      heapGoalBytes: 4096 * MiB,
      stackBytes: 124 * MiB + 5,
      globalsBytes: 1 * MiB,
      procs: 64,
      gcCpuFraction: 0.395,
      kind: "forced",
    });
    expect(formatGctraceLine(rec)).toBe(
      "gc 1234 @123.456s 39%: 77+12+0 ms clock, 154+1.0/9.9/0+0.001 ms cpu, " +
        "3072->5120->2048 MB, 4096 MB goal, 124 MB stacks, 1 MB globals, 64 P (forced)",
    );
  });

  test("U% truncates the float64 product like Go's int(x*100)", () => {
    expect(gcCpuPercent(0.07)).toBe(7); // 7.000000000000001
    expect(gcCpuPercent(0.29)).toBe(28); // 28.999999999999996
    expect(gcCpuPercent(0.999)).toBe(99);
    expect(gcCpuPercent(NaN)).toBe(0);
    expect(formatStartSeconds(0)).toBe("0.000");
    expect(formatStartSeconds(2_999_999_999)).toBe("2.999");
  });

  test("formatGctrace puts GC forced before periodic cycles and ends every line with a newline", () => {
    const text = formatGctrace([
      record({ cycle: 1 }),
      record({ cycle: 2, kind: "periodic" }),
      record({ cycle: 3, kind: "forced" }),
    ]);
    const lines = text.split("\n");
    expect(text.endsWith("\n")).toBe(true);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^gc 1 @0\.000s 0%: 0\+0\+0 ms clock, 0\+0\/0\/0\+0 ms cpu, 0->0->0 MB/);
    expect(lines[1]).toBe("GC forced");
    expect(lines[2]).toMatch(/^gc 2 .* 1 P$/);
    expect(lines[3]).toMatch(/^gc 3 .* 1 P \(forced\)$/);
    expect(lines[4]).toBe("");
    expect(formatGctrace([])).toBe("");
  });

  test("never prints NaN for odd inputs", () => {
    const text = formatGctraceLine(
      record({ startNs: NaN, markNs: -1, heapEndBytes: Infinity, gcCpuFraction: NaN, stackBytes: -5 }),
    );
    expect(text).not.toMatch(/NaN|Infinity|-\d/);
  });
});

describe("parseGctrace(formatGctrace(records)) round trip", () => {
  const bytes = fc.integer({ min: 0, max: 2 ** 40 });
  const ns = fc.oneof(fc.integer({ min: 0, max: 20_000_000 }), fc.integer({ min: 0, max: 2 ** 40 }));
  const recordArb = fc.record({
    startNs: fc.integer({ min: 0, max: 10 ** 15 }),
    stw1Ns: ns,
    markNs: ns,
    stw2Ns: ns,
    stw1CpuNs: ns,
    assistCpuNs: ns,
    backgroundCpuNs: ns,
    idleCpuNs: ns,
    stw2CpuNs: ns,
    heapStartBytes: bytes,
    heapEndBytes: bytes,
    heapMarkedBytes: bytes,
    heapGoalBytes: bytes,
    stackBytes: bytes,
    globalsBytes: bytes,
    procs: fc.integer({ min: 1, max: 256 }),
    gcCpuFraction: fc.double({ min: 0, max: 1, noNaN: true }),
    kind: fc.constantFrom<GcCycleRecord["kind"]>("heap", "periodic", "forced"),
  });

  test("property: cycle numbers, truncated MiB, fmtNSAsMS values, forced/periodic flags", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 20 }), (partials) => {
        const records = partials.map((p, i) => record({ ...p, cycle: i + 1 }));
        const parsed = parseGctrace(formatGctrace(records));
        expect(parsed).toHaveLength(records.length);
        parsed.forEach((c, i) => {
          const r = records[i];
          expect(c.cycle).toBe(r.cycle);
          expect(c.startSeconds).toBeCloseTo(Math.floor(r.startNs / 1e6) / 1e3, 6);
          expect(c.cpuPercent).toBe(Math.trunc(r.gcCpuFraction * 100));
          expect(c.stw1Ms).toBe(Number(formatNsAsMs(r.stw1Ns)));
          expect(c.markMs).toBe(Number(formatNsAsMs(r.markNs)));
          expect(c.stw2Ms).toBe(Number(formatNsAsMs(r.stw2Ns)));
          expect(c.stw1CpuMs).toBe(Number(formatNsAsMs(r.stw1CpuNs)));
          expect(c.assistCpuMs).toBe(Number(formatNsAsMs(r.assistCpuNs)));
          expect(c.backgroundCpuMs).toBe(Number(formatNsAsMs(r.backgroundCpuNs)));
          expect(c.idleCpuMs).toBe(Number(formatNsAsMs(r.idleCpuNs)));
          expect(c.stw2CpuMs).toBe(Number(formatNsAsMs(r.stw2CpuNs)));
          expect(c.heapStartMiB).toBe(Math.floor(r.heapStartBytes / MiB));
          expect(c.heapEndMiB).toBe(Math.floor(r.heapEndBytes / MiB));
          expect(c.heapMarkedMiB).toBe(Math.floor(r.heapMarkedBytes / MiB));
          expect(c.goalMiB).toBe(Math.floor(r.heapGoalBytes / MiB));
          expect(c.stacksMiB).toBe(Math.floor(r.stackBytes / MiB));
          expect(c.globalsMiB).toBe(Math.floor(r.globalsBytes / MiB));
          expect(c.procs).toBe(r.procs);
          expect(c.forced).toBe(r.kind === "forced");
          expect(c.periodic).toBe(r.kind === "periodic");
          // Formatting the parsed line again gives the same text.
          expect(formatGctraceLine(recordFromCycle(c))).toBe(formatGctraceLine(r));
        });
      }),
      { numRuns: 200 },
    );
  });
});
