// Units of the scenario API: sizes ("512B", "64KiB", "1.5GiB", decimal "64KB", "1MB"), durations ("250ms", "40s",
// "10m", "1h30m"), rates ("100MiB/s", "3000/s"). A plain number means bytes, seconds, or per second.
// Each parser returns an exact integer (bytes, nanoseconds) or a finite non-negative number, or throws ScenarioError.

import { ScenarioError } from "./errors";

/** A size: bytes as a number, or a string like "64KiB" (binary) or "64MB" (decimal). */
export type Size = number | `${number}${SizeUnit}`;
export type SizeUnit = "B" | "KiB" | "MiB" | "GiB" | "TiB" | "KB" | "MB" | "GB" | "TB";
/** A duration: seconds as a number, or a string like "250ms", "40s", "10m", "1h30m". */
export type Duration = number | string;
/** A byte rate: bytes per second, or a string like "200MiB/s". */
export type ByteRate = number | `${number}${SizeUnit}/s`;
/** An event rate: events per second, or a string like "3000/s". */
export type CountRate = number | `${number}/s`;

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
};

const DURATION_UNITS_NS: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Largest byte count accepted anywhere: 2^50 (1 PiB) keeps all byte arithmetic exact in doubles. */
export const MAX_BYTES = 2 ** 50;
/** Longest duration accepted: 100 days in ns (< 2^53, so integer-ns arithmetic stays exact). */
export const MAX_DURATION_NS = 100 * 24 * 3600e9;

const SIZE_EXAMPLE = 'a size like "512MiB", "64KiB" or "1.5GB"';
const DURATION_EXAMPLE = 'a duration like "250ms", "40s" or "1h30m"';
const BYTE_RATE_EXAMPLE = 'a rate like "100MiB/s"';
const COUNT_RATE_EXAMPLE = 'a rate like "3000/s"';

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const SIZE_RE = new RegExp(`^${NUMBER}(B|KiB|MiB|GiB|TiB|KB|MB|GB|TB)$`);
const DURATION_PART_RE = /(\d+(?:\.\d+)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;

/** Parses a size into integer bytes (rounded to the nearest byte). */
export function parseSize(value: unknown, path: string, expected: string = SIZE_EXAMPLE): number {
  let bytes: number;
  if (typeof value === "number") {
    bytes = value;
  } else if (typeof value === "string") {
    const m = SIZE_RE.exec(value);
    if (!m) throw new ScenarioError(path, value, expected);
    bytes = Number(m[1]) * SIZE_UNITS[m[2]];
  } else {
    throw new ScenarioError(path, value, expected);
  }
  if (!Number.isFinite(bytes) || bytes < 0)
    throw new ScenarioError(path, value, expected, "must be finite and not negative");
  if (bytes > MAX_BYTES) throw new ScenarioError(path, value, expected, "larger than 1 PiB");
  return Math.round(bytes);
}

/** Parses a duration into integer nanoseconds. Compound forms ("1h30m", "2m30s") are summed. */
export function parseDuration(value: unknown, path: string): number {
  let ns: number;
  if (typeof value === "number") {
    ns = value * 1e9;
  } else if (typeof value === "string") {
    if (value.length === 0) throw new ScenarioError(path, value, DURATION_EXAMPLE);
    // Summed exactly in integer nanoseconds (BigInt, parse time only): "4311291.07s" is 4311291070000000 ns, not a
    // double product one nanosecond off.
    let exact = 0n;
    let pos = 0;
    while (pos < value.length) {
      DURATION_PART_RE.lastIndex = pos;
      const m = DURATION_PART_RE.exec(value);
      if (!m) throw new ScenarioError(path, value, DURATION_EXAMPLE);
      const [whole, frac = ""] = m[1].split(".");
      const scale = 10n ** BigInt(frac.length);
      const scaled = BigInt(whole || "0") * scale + BigInt(frac || "0"); // the number × 10^frac.length
      const unitNs = BigInt(DURATION_UNITS_NS[m[2]]);
      exact += (scaled * unitNs * 2n + scale) / (2n * scale); // rounded to the nearest ns
      pos = DURATION_PART_RE.lastIndex;
      if (exact > BigInt(MAX_DURATION_NS))
        throw new ScenarioError(path, value, DURATION_EXAMPLE, "longer than 100 days");
    }
    ns = Number(exact);
  } else {
    throw new ScenarioError(path, value, DURATION_EXAMPLE);
  }
  if (!Number.isFinite(ns) || ns < 0)
    throw new ScenarioError(path, value, DURATION_EXAMPLE, "must be finite and not negative");
  if (ns > MAX_DURATION_NS) throw new ScenarioError(path, value, DURATION_EXAMPLE, "longer than 100 days");
  return Math.round(ns);
}

/** Parses a byte rate into bytes per second (a finite, non-negative number). */
export function parseByteRate(value: unknown, path: string): number {
  if (typeof value === "number") return checkRate(value, value, path, BYTE_RATE_EXAMPLE);
  if (typeof value !== "string" || !value.endsWith("/s")) throw new ScenarioError(path, value, BYTE_RATE_EXAMPLE);
  const m = SIZE_RE.exec(value.slice(0, -2));
  if (!m) throw new ScenarioError(path, value, BYTE_RATE_EXAMPLE);
  return checkRate(Number(m[1]) * SIZE_UNITS[m[2]], value, path, BYTE_RATE_EXAMPLE);
}

/** Parses an event rate ("3000/s" or a number) into events per second. */
export function parseCountRate(value: unknown, path: string): number {
  if (typeof value === "number") return checkRate(value, value, path, COUNT_RATE_EXAMPLE);
  if (typeof value !== "string") throw new ScenarioError(path, value, COUNT_RATE_EXAMPLE);
  const m = new RegExp(`^${NUMBER}/s$`).exec(value);
  if (!m) throw new ScenarioError(path, value, COUNT_RATE_EXAMPLE);
  return checkRate(Number(m[1]), value, path, COUNT_RATE_EXAMPLE);
}

function checkRate(rate: number, original: unknown, path: string, expected: string): number {
  if (!Number.isFinite(rate) || rate < 0)
    throw new ScenarioError(path, original, expected, "must be finite and not negative");
  if (rate > MAX_BYTES) throw new ScenarioError(path, original, expected, "larger than 1 PiB per second");
  return rate;
}

/** Formats bytes for people: binary units with up to 3 significant digits ("137 MiB", "1.5 GiB"). */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const digits = i === 0 || Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2;
  return `${v.toFixed(digits)} ${units[i]}`;
}

/**
 * Formats integer nanoseconds for people, in the DSL's own duration syntax (so that what is printed can be pasted
 * back): "250ms", "12.5s", from a minute on hours, minutes and seconds as Go's time.Duration prints them ("7m2.116s",
 * "1h0m5s", "24h"). At most three decimals (milliseconds from a minute on).
 */
export function formatDurationNs(ns: number): string {
  if (ns >= 59_999.5e6) {
    const ms = Math.round(ns / 1e6);
    const h = Math.floor(ms / 3_600_000);
    const m = Math.floor((ms % 3_600_000) / 60_000);
    const sMs = ms % 60_000;
    return (
      (h > 0 ? `${h}h` : "") +
      (m > 0 || (h > 0 && sMs > 0) ? `${m}m` : "") +
      (sMs > 0 ? `${+(sMs / 1e3).toFixed(3)}s` : "")
    );
  }
  if (ns >= 1e9) return `${+(ns / 1e9).toFixed(3)}s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toFixed(3)}ms`;
  if (ns >= 1e3 || ns === 0) return `${+(ns / 1e3).toFixed(3)}${ns === 0 ? "s" : "µs"}`;
  return `${+ns.toFixed(0)}ns`;
}
