// The scenario units (lib/units.ts): sizes, durations, byte rates and event rates. Every parser returns an exact
// integer (bytes, ns) or a finite non-negative number, or throws a ScenarioError naming the path, the value as written
// and the expected form.
import fc from "fast-check";
import { ScenarioError } from "../lib/authoring/errors";
import {
  MAX_BYTES,
  MAX_DURATION_NS,
  formatBytes,
  formatDurationNs,
  parseByteRate,
  parseCountRate,
  parseDuration,
  parseSize,
} from "../lib/authoring/units";
import * as api from "heapcast";

const SIZE_FORM = 'a size like "512MiB", "64KiB" or "1.5GB"';
const DURATION_FORM = 'a duration like "250ms", "40s" or "1h30m"';
const BYTE_RATE_FORM = 'a rate like "100MiB/s"';
const COUNT_RATE_FORM = 'a rate like "3000/s"';
const NOT_NEGATIVE = " (must be finite and not negative)";

const BINARY: [string, number][] = [
  ["B", 1],
  ["KiB", 1024],
  ["MiB", 1024 ** 2],
  ["GiB", 1024 ** 3],
  ["TiB", 1024 ** 4],
];
const DECIMAL: [string, number][] = [
  ["KB", 1e3],
  ["MB", 1e6],
  ["GB", 1e9],
  ["TB", 1e12],
];

/** The ScenarioError `f` throws (fails the test if it returns or throws something else). */
function scenarioError(f: () => unknown): ScenarioError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ScenarioError);
    return e as ScenarioError;
  }
  throw new Error("expected a ScenarioError, but nothing was thrown");
}

/** Asserts that `f` throws a ScenarioError with exactly this message (and the path/value/expected fields to match). */
function expectRejection(f: () => unknown, message: string, path: string, value: unknown, expected: string): void {
  const e = scenarioError(f);
  expect(e.message).toBe(message);
  expect(e.name).toBe("ScenarioError");
  expect(e.path).toBe(path);
  if (typeof value === "number" && Number.isNaN(value)) expect(e.value).toBeNaN();
  else expect(e.value).toStrictEqual(value);
  expect(e.expected).toBe(expected);
}

describe("the public API re-exports the parsers", () => {
  test("heapcast exports parseSize, parseDuration, parseByteRate, parseCountRate, formatBytes and ScenarioError", () => {
    expect(api.parseSize).toBe(parseSize);
    expect(api.parseDuration).toBe(parseDuration);
    expect(api.parseByteRate).toBe(parseByteRate);
    expect(api.parseCountRate).toBe(parseCountRate);
    expect(api.formatBytes).toBe(formatBytes);
    expect(api.ScenarioError).toBe(ScenarioError);
  });
});

describe("parseSize", () => {
  test.each(BINARY)("binary unit %s", (unit, factor) => {
    expect(parseSize(`1${unit}`, "p")).toBe(factor);
    expect(parseSize(`3${unit}`, "p")).toBe(3 * factor);
    expect(parseSize(`0${unit}`, "p")).toBe(0);
  });

  test.each(DECIMAL)("decimal unit %s", (unit, factor) => {
    expect(parseSize(`1${unit}`, "p")).toBe(factor);
    expect(parseSize(`64${unit}`, "p")).toBe(64 * factor);
  });

  test("the examples of the spec", () => {
    expect(parseSize("512B", "p")).toBe(512);
    expect(parseSize("64KiB", "p")).toBe(65536);
    expect(parseSize("1.5GiB", "p")).toBe(1610612736);
    expect(parseSize("64KB", "p")).toBe(64000);
    expect(parseSize("1MB", "p")).toBe(1000000);
    expect(parseSize("192MiB", "p")).toBe(201326592);
    expect(parseSize("256MiB", "p")).toBe(268435456);
  });

  test("decimal and binary units differ", () => {
    expect(parseSize("1KB", "p")).not.toBe(parseSize("1KiB", "p"));
    expect(parseSize("1MB", "p")).toBe(1_000_000);
    expect(parseSize("1MiB", "p")).toBe(1_048_576);
    expect(parseSize("1GB", "p")).toBe(1_000_000_000);
    expect(parseSize("1GiB", "p")).toBe(1_073_741_824);
  });

  test("fractions give exact integers", () => {
    for (const [text, bytes] of [
      ["1.5KiB", 1536],
      [".5KiB", 512],
      ["0.25MiB", 262144],
      ["1.1MB", 1_100_000],
      ["0.1KB", 100],
      ["4.35GB", 4_350_000_000],
      ["2.5TiB", 2.5 * 1024 ** 4],
      ["1.0005KiB", 1025], // 1024.512 bytes, rounded to the nearest byte
    ] as const) {
      const got = parseSize(text, "p");
      expect(got).toBe(bytes);
      expect(Number.isInteger(got)).toBe(true);
    }
  });

  test("a plain number means bytes (rounded to the nearest byte)", () => {
    expect(parseSize(0, "p")).toBe(0);
    expect(parseSize(512, "p")).toBe(512);
    expect(parseSize(16 * 1024 * 1024, "p")).toBe(16777216);
    expect(parseSize(1.5, "p")).toBe(2);
    expect(parseSize(0.4, "p")).toBe(0);
  });

  test("the largest size is 1 PiB, as a number or as a string", () => {
    expect(MAX_BYTES).toBe(2 ** 50);
    expect(parseSize(MAX_BYTES, "p")).toBe(2 ** 50);
    expect(parseSize("1024TiB", "p")).toBe(2 ** 50);
    expectRejection(
      () => parseSize(2 ** 50 + 1, "p"),
      `p: expected ${SIZE_FORM}, got 1125899906842625 (larger than 1 PiB)`,
      "p",
      2 ** 50 + 1,
      SIZE_FORM,
    );
    expectRejection(
      () => parseSize("1025TiB", "p"),
      `p: expected ${SIZE_FORM}, got "1025TiB" (larger than 1 PiB)`,
      "p",
      "1025TiB",
      SIZE_FORM,
    );
  });

  test("the container.memory example of the spec, with its trailing space", () => {
    expectRejection(
      () => parseSize("512MB ", "container.memory"),
      'container.memory: expected a size like "512MiB", "64KiB" or "1.5GB", got "512MB "',
      "container.memory",
      "512MB ",
      SIZE_FORM,
    );
  });

  test.each([
    ["512 MiB"], // a space between number and unit
    [" 512MiB"],
    ["512mib"], // units are case-sensitive
    ["512kb"],
    ["512Mi"],
    ["512M"],
    ["512"], // a string needs a unit
    ["512PiB"], // no such unit
    ["512PB"],
    ["-1B"],
    ["+1B"],
    ["1e3B"],
    ["0x10B"],
    ["1.B"],
    ["1..5KiB"],
    ["1,5KiB"],
    ["1_000KiB"],
    ["KiB"],
    ["NaNB"],
    ["InfinityB"],
    ["64KiB/s"],
    [""],
  ])("rejects the string %j with the exact message", (text) => {
    expectRejection(
      () => parseSize(text, "liveHeap.size"),
      `liveHeap.size: expected ${SIZE_FORM}, got ${JSON.stringify(text)}`,
      "liveHeap.size",
      text,
      SIZE_FORM,
    );
  });

  test("rejects negative, NaN and infinite numbers", () => {
    expectRejection(() => parseSize(-1, "p"), `p: expected ${SIZE_FORM}, got -1${NOT_NEGATIVE}`, "p", -1, SIZE_FORM);
    expectRejection(
      () => parseSize(-0.5, "p"),
      `p: expected ${SIZE_FORM}, got -0.5${NOT_NEGATIVE}`,
      "p",
      -0.5,
      SIZE_FORM,
    );
    expectRejection(() => parseSize(NaN, "p"), `p: expected ${SIZE_FORM}, got NaN${NOT_NEGATIVE}`, "p", NaN, SIZE_FORM);
    expectRejection(
      () => parseSize(Infinity, "p"),
      `p: expected ${SIZE_FORM}, got Infinity${NOT_NEGATIVE}`,
      "p",
      Infinity,
      SIZE_FORM,
    );
    expectRejection(
      () => parseSize(-Infinity, "p"),
      `p: expected ${SIZE_FORM}, got -Infinity${NOT_NEGATIVE}`,
      "p",
      -Infinity,
      SIZE_FORM,
    );
  });

  test("rejects values of the wrong type", () => {
    expectRejection(
      () => parseSize(undefined, "p"),
      `p: expected ${SIZE_FORM}, got nothing`,
      "p",
      undefined,
      SIZE_FORM,
    );
    expectRejection(() => parseSize(null, "p"), `p: expected ${SIZE_FORM}, got null`, "p", null, SIZE_FORM);
    expectRejection(() => parseSize(true, "p"), `p: expected ${SIZE_FORM}, got true`, "p", true, SIZE_FORM);
    expectRejection(
      () => parseSize({ size: "1KiB" }, "p"),
      `p: expected ${SIZE_FORM}, got {"size":"1KiB"}`,
      "p",
      { size: "1KiB" },
      SIZE_FORM,
    );
    expectRejection(() => parseSize(["1KiB"], "p"), `p: expected ${SIZE_FORM}, got ["1KiB"]`, "p", ["1KiB"], SIZE_FORM);
  });

  test("a caller can name its own expected form", () => {
    const form = 'a stack size like "8KiB"';
    expectRejection(
      () => parseSize("big", "goroutines.stack", form),
      'goroutines.stack: expected a stack size like "8KiB", got "big"',
      "goroutines.stack",
      "big",
      form,
    );
  });

  test("property: n<unit> is n × the unit's factor, exactly, for every binary unit", () => {
    for (const [unit, factor] of BINARY) {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: Math.floor(MAX_BYTES / factor) }), (n) => {
          const got = parseSize(`${n}${unit}`, "p");
          return got === n * factor && Number.isInteger(got);
        }),
        { numRuns: 200 },
      );
    }
  });

  test("property: n<unit> is n × the unit's factor, exactly, for every decimal unit", () => {
    for (const [unit, factor] of DECIMAL) {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: Math.floor(MAX_BYTES / factor) }),
          (n) => parseSize(`${n}${unit}`, "p") === n * factor,
        ),
        { numRuns: 200 },
      );
    }
  });

  test("property: decimal sizes with up to 3 fraction digits are exact integers", () => {
    for (const [unit, factor] of DECIMAL) {
      const maxWhole = Math.floor(MAX_BYTES / factor) - 1;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: maxWhole }), fc.integer({ min: 0, max: 999 }), (whole, milli) => {
          const text = `${whole}.${String(milli).padStart(3, "0")}${unit}`;
          const expected = whole * factor + milli * (factor / 1000);
          return parseSize(text, "p") === expected;
        }),
        { numRuns: 200 },
      );
    }
  });

  test("property: any integer byte count up to 1 PiB given as a number comes back unchanged", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: MAX_BYTES }), (n) => parseSize(n, "p") === n));
  });

  test("property: a negative number of any unit is rejected with the exact message", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e9 }), fc.constantFrom(...BINARY, ...DECIMAL), (n, [unit]) => {
        const text = `-${n}${unit}`;
        const e = scenarioError(() => parseSize(text, "p"));
        return e.message === `p: expected ${SIZE_FORM}, got ${JSON.stringify(text)}`;
      }),
      { numRuns: 100 },
    );
  });
});

describe("parseDuration", () => {
  test.each([
    ["1ns", 1],
    ["1us", 1e3],
    ["1µs", 1e3],
    ["1ms", 1e6],
    ["1s", 1e9],
    ["1m", 60e9],
    ["1h", 3600e9],
  ])("unit: %s = %d ns", (text, ns) => {
    expect(parseDuration(text, "p")).toBe(ns);
  });

  test("the examples of the spec", () => {
    expect(parseDuration("250ms", "p")).toBe(250_000_000);
    expect(parseDuration("40s", "p")).toBe(40_000_000_000);
    expect(parseDuration("10m", "p")).toBe(600_000_000_000);
    expect(parseDuration("1h30m", "p")).toBe(5400e9);
    expect(parseDuration("1h30m", "p")).toBe(5_400_000_000_000);
    expect(Number.isInteger(parseDuration("1h30m", "p"))).toBe(true);
  });

  test("compound forms are summed", () => {
    expect(parseDuration("2m30s", "p")).toBe(150e9);
    expect(parseDuration("1h1m1s1ms1us1ns", "p")).toBe(3600e9 + 60e9 + 1e9 + 1e6 + 1e3 + 1);
    expect(parseDuration("1m500ms", "p")).toBe(60.5e9);
    expect(parseDuration("1.5h", "p")).toBe(5400e9);
    expect(parseDuration("90m", "p")).toBe(parseDuration("1h30m", "p"));
  });

  test("fractions give exact integer nanoseconds", () => {
    for (const [text, ns] of [
      ["1.5s", 1_500_000_000],
      [".25s", 250_000_000],
      ["0.1s", 100_000_000],
      ["2.5ms", 2_500_000],
      ["1.001s", 1_001_000_000],
      ["0.3s", 300_000_000],
    ] as const) {
      const got = parseDuration(text, "p");
      expect(got).toBe(ns);
      expect(Number.isInteger(got)).toBe(true);
    }
  });

  test("a plain number means seconds, as exact integer nanoseconds", () => {
    expect(parseDuration(0, "p")).toBe(0);
    expect(parseDuration(40, "p")).toBe(40e9);
    expect(parseDuration(1.5, "p")).toBe(1.5e9);
    expect(parseDuration(0.1, "p")).toBe(100_000_000); // 0.1 * 1e9 is 100000000.00000001 in doubles
    expect(parseDuration(0.3, "p")).toBe(300_000_000);
    expect(Number.isInteger(parseDuration(0.7, "p"))).toBe(true);
  });

  test("the longest duration is 100 days", () => {
    expect(MAX_DURATION_NS).toBe(100 * 24 * 3600e9);
    expect(parseDuration("2400h", "p")).toBe(MAX_DURATION_NS);
    expectRejection(
      () => parseDuration("2401h", "p"),
      `p: expected ${DURATION_FORM}, got "2401h" (longer than 100 days)`,
      "p",
      "2401h",
      DURATION_FORM,
    );
    expectRejection(
      () => parseDuration(8640001, "p"),
      `p: expected ${DURATION_FORM}, got 8640001 (longer than 100 days)`,
      "p",
      8640001,
      DURATION_FORM,
    );
  });

  test.each([
    [""],
    ["40"], // a string needs a unit
    ["1h 30m"],
    [" 40s"],
    ["40s "],
    ["40S"],
    ["40sec"],
    ["1d"],
    ["-1s"],
    ["+1s"],
    ["1e3ms"],
    ["1..5s"],
    ["s"],
    ["40s30"],
    ["NaNs"],
    ["Infinitys"],
  ])("rejects the string %j with the exact message", (text) => {
    expectRejection(
      () => parseDuration(text, "duration"),
      `duration: expected ${DURATION_FORM}, got ${JSON.stringify(text)}`,
      "duration",
      text,
      DURATION_FORM,
    );
  });

  test("rejects negative, NaN and infinite numbers", () => {
    expectRejection(
      () => parseDuration(-1, "p"),
      `p: expected ${DURATION_FORM}, got -1${NOT_NEGATIVE}`,
      "p",
      -1,
      DURATION_FORM,
    );
    expectRejection(
      () => parseDuration(NaN, "p"),
      `p: expected ${DURATION_FORM}, got NaN${NOT_NEGATIVE}`,
      "p",
      NaN,
      DURATION_FORM,
    );
    expectRejection(
      () => parseDuration(Infinity, "p"),
      `p: expected ${DURATION_FORM}, got Infinity${NOT_NEGATIVE}`,
      "p",
      Infinity,
      DURATION_FORM,
    );
  });

  test("rejects values of the wrong type", () => {
    expectRejection(
      () => parseDuration(undefined, "at"),
      `at: expected ${DURATION_FORM}, got nothing`,
      "at",
      undefined,
      DURATION_FORM,
    );
    expectRejection(
      () => parseDuration(null, "at"),
      `at: expected ${DURATION_FORM}, got null`,
      "at",
      null,
      DURATION_FORM,
    );
    expectRejection(
      () => parseDuration(false, "at"),
      `at: expected ${DURATION_FORM}, got false`,
      "at",
      false,
      DURATION_FORM,
    );
    expectRejection(
      () => parseDuration({ s: 40 }, "at"),
      `at: expected ${DURATION_FORM}, got {"s":40}`,
      "at",
      { s: 40 },
      DURATION_FORM,
    );
  });

  test("property: compound h/m/s/ms/us/ns strings give the exact sum in ns", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2399 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 999 }),
        fc.integer({ min: 0, max: 999 }),
        (h, m, s, ms, us, ns) => {
          const text = `${h}h${m}m${s}s${ms}ms${us}us${ns}ns`;
          const expected = h * 3600e9 + m * 60e9 + s * 1e9 + ms * 1e6 + us * 1e3 + ns;
          return parseDuration(text, "p") === expected;
        },
      ),
    );
  });

  test("property: formatted durations round-trip (at the 3 decimals formatDurationNs prints)", () => {
    // < 1 ms prints ns, or µs with 3 decimals: every integer ns round-trips.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 999_999 }), (ns) => parseDuration(formatDurationNs(ns), "p") === ns),
    );
    // [1 ms, 1 s) prints ms with 3 decimals: every whole µs round-trips.
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 999_999 }),
        (us) => parseDuration(formatDurationNs(us * 1e3), "p") === us * 1e3,
      ),
    );
    // ≥ 1 s prints s with 3 decimals (from a minute on as h/m/s): every whole ms round-trips, up to the 100-day limit.
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: Math.floor((100 * 24 * 3600e9) / 1e6) }),
        (ms) => parseDuration(formatDurationNs(ms * 1e6), "p") === ms * 1e6,
      ),
    );
  });

  // Durations are summed in exact integer ns: a double product of "4311291.07" and 1e9 would be 1 ns off.
  test("decimal seconds near the 100-day limit are exact", () => {
    expect(parseDuration("4311291.07s", "p")).toBe(4_311_291_070_000_000);
    expect(parseDuration(formatDurationNs(4_311_291_070_000_000), "p")).toBe(4_311_291_070_000_000);
  });

  test("formatDurationNs examples: the DSL's own forms, hours, minutes and seconds from a minute on (as Go prints them)", () => {
    expect(formatDurationNs(12.5e9)).toBe("12.5s");
    expect(formatDurationNs(250e6)).toBe("250ms");
    expect(formatDurationNs(1500)).toBe("1.5µs");
    expect(formatDurationNs(15)).toBe("15ns");
    expect(formatDurationNs(0)).toBe("0s");
    expect(formatDurationNs(60e9)).toBe("1m");
    expect(formatDurationNs(422.116072192e9)).toBe("7m2.116s");
    expect(formatDurationNs(3600e9)).toBe("1h");
    expect(formatDurationNs(3605e9)).toBe("1h0m5s");
    expect(formatDurationNs(86400e9)).toBe("24h");
    expect(formatDurationNs(59.9996e9)).toBe("1m"); // rounded to the ms, not "60s"
  });
});

describe("parseByteRate", () => {
  test.each([...BINARY, ...DECIMAL])("unit %s/s", (unit, factor) => {
    expect(parseByteRate(`1${unit}/s`, "p")).toBe(factor);
    expect(parseByteRate(`100${unit}/s`, "p")).toBe(100 * factor);
  });

  test("the examples of the spec", () => {
    expect(parseByteRate("100MiB/s", "p")).toBe(104_857_600);
    expect(parseByteRate("300MiB/s", "p")).toBe(314_572_800);
    expect(parseByteRate("1.5GB/s", "p")).toBe(1_500_000_000);
    expect(parseByteRate("0MiB/s", "p")).toBe(0);
  });

  test("a plain number means bytes per second (fractions kept: a rate is not rounded)", () => {
    expect(parseByteRate(0, "p")).toBe(0);
    expect(parseByteRate(1e6, "p")).toBe(1e6);
    expect(parseByteRate(0.5, "p")).toBe(0.5);
    expect(parseByteRate("0.5B/s", "p")).toBe(0.5);
  });

  test("the spec's garbage.rate example: a size without /s", () => {
    expectRejection(
      () => parseByteRate("100MB", "garbage.rate"),
      'garbage.rate: expected a rate like "100MiB/s", got "100MB"',
      "garbage.rate",
      "100MB",
      BYTE_RATE_FORM,
    );
  });

  test.each([
    ["100MiB"],
    ["100MiB/s "],
    ["100 MiB/s"],
    ["100MiB/m"],
    ["100MiB/sec"],
    ["100/s"],
    ["/s"],
    [""],
    ["-5MiB/s"],
    ["100mib/s"],
    ["100MiB//s"],
  ])("rejects the string %j with the exact message", (text) => {
    expectRejection(
      () => parseByteRate(text, "garbage.rate"),
      `garbage.rate: expected ${BYTE_RATE_FORM}, got ${JSON.stringify(text)}`,
      "garbage.rate",
      text,
      BYTE_RATE_FORM,
    );
  });

  test("rejects negative, NaN and infinite numbers, and more than 1 PiB/s", () => {
    expectRejection(
      () => parseByteRate(-5, "garbage.rate"),
      `garbage.rate: expected ${BYTE_RATE_FORM}, got -5${NOT_NEGATIVE}`,
      "garbage.rate",
      -5,
      BYTE_RATE_FORM,
    );
    expectRejection(
      () => parseByteRate(NaN, "garbage.rate"),
      `garbage.rate: expected ${BYTE_RATE_FORM}, got NaN${NOT_NEGATIVE}`,
      "garbage.rate",
      NaN,
      BYTE_RATE_FORM,
    );
    expectRejection(
      () => parseByteRate(Infinity, "r"),
      `r: expected ${BYTE_RATE_FORM}, got Infinity${NOT_NEGATIVE}`,
      "r",
      Infinity,
      BYTE_RATE_FORM,
    );
    expectRejection(
      () => parseByteRate(2 ** 51, "r"),
      `r: expected ${BYTE_RATE_FORM}, got 2251799813685248 (larger than 1 PiB per second)`,
      "r",
      2 ** 51,
      BYTE_RATE_FORM,
    );
    expectRejection(
      () => parseByteRate("1025TiB/s", "r"),
      `r: expected ${BYTE_RATE_FORM}, got "1025TiB/s" (larger than 1 PiB per second)`,
      "r",
      "1025TiB/s",
      BYTE_RATE_FORM,
    );
  });

  test("rejects values of the wrong type", () => {
    expectRejection(
      () => parseByteRate(undefined, "r"),
      `r: expected ${BYTE_RATE_FORM}, got nothing`,
      "r",
      undefined,
      BYTE_RATE_FORM,
    );
    expectRejection(
      () => parseByteRate(null, "r"),
      `r: expected ${BYTE_RATE_FORM}, got null`,
      "r",
      null,
      BYTE_RATE_FORM,
    );
    expectRejection(
      () => parseByteRate(true, "r"),
      `r: expected ${BYTE_RATE_FORM}, got true`,
      "r",
      true,
      BYTE_RATE_FORM,
    );
    expectRejection(() => parseByteRate({}, "r"), `r: expected ${BYTE_RATE_FORM}, got {}`, "r", {}, BYTE_RATE_FORM);
  });

  test("property: n<unit>/s is n × the unit's factor for every unit", () => {
    for (const [unit, factor] of [...BINARY, ...DECIMAL]) {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: Math.floor(MAX_BYTES / factor) }),
          (n) => parseByteRate(`${n}${unit}/s`, "p") === n * factor,
        ),
        { numRuns: 100 },
      );
    }
  });
});

describe("parseCountRate", () => {
  test("the examples of the spec", () => {
    expect(parseCountRate("3000/s", "p")).toBe(3000);
    expect(parseCountRate("200/s", "p")).toBe(200);
    expect(parseCountRate("0.5/s", "p")).toBe(0.5);
    expect(parseCountRate("0/s", "p")).toBe(0);
  });

  test("a plain number means per second", () => {
    expect(parseCountRate(3000, "p")).toBe(3000);
    expect(parseCountRate(0, "p")).toBe(0);
    expect(parseCountRate(0.25, "p")).toBe(0.25);
  });

  test.each([
    ["3000"],
    ["3000/m"],
    ["3000 /s"],
    ["3000/s "],
    ["-1/s"],
    ["/s"],
    [""],
    ["3000MiB/s"],
    ["1e3/s"],
    ["3,000/s"],
  ])("rejects the string %j with the exact message", (text) => {
    expectRejection(
      () => parseCountRate(text, "requests.rate"),
      `requests.rate: expected ${COUNT_RATE_FORM}, got ${JSON.stringify(text)}`,
      "requests.rate",
      text,
      COUNT_RATE_FORM,
    );
  });

  test("rejects negative, NaN, infinite and wrongly typed values", () => {
    expectRejection(
      () => parseCountRate(-1, "r"),
      `r: expected ${COUNT_RATE_FORM}, got -1${NOT_NEGATIVE}`,
      "r",
      -1,
      COUNT_RATE_FORM,
    );
    expectRejection(
      () => parseCountRate(NaN, "r"),
      `r: expected ${COUNT_RATE_FORM}, got NaN${NOT_NEGATIVE}`,
      "r",
      NaN,
      COUNT_RATE_FORM,
    );
    expectRejection(
      () => parseCountRate(Infinity, "r"),
      `r: expected ${COUNT_RATE_FORM}, got Infinity${NOT_NEGATIVE}`,
      "r",
      Infinity,
      COUNT_RATE_FORM,
    );
    expectRejection(
      () => parseCountRate(null, "r"),
      `r: expected ${COUNT_RATE_FORM}, got null`,
      "r",
      null,
      COUNT_RATE_FORM,
    );
    expectRejection(
      () => parseCountRate(undefined, "r"),
      `r: expected ${COUNT_RATE_FORM}, got nothing`,
      "r",
      undefined,
      COUNT_RATE_FORM,
    );
    expectRejection(
      () => parseCountRate([3000], "r"),
      `r: expected ${COUNT_RATE_FORM}, got [3000]`,
      "r",
      [3000],
      COUNT_RATE_FORM,
    );
  });

  test("property: n/s is n", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e12 }), (n) => parseCountRate(`${n}/s`, "p") === n));
  });
});

describe("formatBytes", () => {
  test("binary units with up to 3 significant digits", () => {
    expect(formatBytes(0)).toBe("0 B");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.50 KiB");
    expect(formatBytes(137 * 1024 ** 2)).toBe("137 MiB");
    expect(formatBytes(1.5 * 1024 ** 3)).toBe("1.50 GiB");
    expect(formatBytes(12.5 * 1024 ** 2)).toBe("12.5 MiB");
  });
});
