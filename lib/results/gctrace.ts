// GODEBUG=gctrace=1 output, byte for byte as Go 1.19 prints it (go-runtime-model.md §17). Go 1.26 and 1.27 print the
// same line (runtime/mgc.go, gcMarkTermination); only what its "MB stacks" counts differs, and the kernel
// writes that into the record (GcCycleRecord.stackBytes: maxStackScan in 1.19, lastStackScan since 1.20).
//
// Ported from the Go 1.19 runtime:
//   - itoaDiv, fmtNSAsMS (runtime/mgc.go, "Timing" section at the end of the file);
//   - the gctrace print block at the end of gcMarkTermination (runtime/mgc.go);
//   - forcegchelper's `println("GC forced")` before a periodic (2-minute) cycle (runtime/proc.go).
//
// Everything is integer arithmetic on integer ns / integer bytes, as in the runtime (uint64 there). Inputs that a
// uint64 cannot hold (negative, NaN, ±Infinity) print as 0, so the output never contains "NaN" or "-".

import type { GcCycleRecord } from "../../kernel/records";

/** 1 MiB: gctrace's "MB" is bytes>>20 (truncated MiB). */
const MiB = 1 << 20;

/** The line forcegchelper prints (when gctrace > 0) just before starting a time-triggered (periodic) cycle. */
export const GC_FORCED_LINE = "GC forced";

/**
 * The runtime's uint64 view of a model quantity: truncated to an integer, and 0 for anything a uint64 conversion
 * would not sensibly hold (negative, NaN, infinite). Go would wrap negatives; the model never produces them.
 */
function toUint64(x: number): number {
  if (!Number.isFinite(x) || x <= 0) return 0;
  return Math.floor(x);
}

/**
 * itoaDiv formats val/(10**dec), exactly as runtime.itoaDiv does with its 24-byte buffer:
 * digits are written from the right, a '.' is inserted after `dec` digits, and the loop keeps writing (zero) digits
 * until the '.' has been placed, so leading zeros appear: itoaDiv(57, 3) = "0.057", itoaDiv(10, 2) = "0.10".
 * (With dec = 0 and val < 10 the runtime's loop emits one leading zero, e.g. "05"; fmtNSAsMS never asks for that.)
 */
export function itoaDiv(val: number, dec: number): string {
  let v = toUint64(val);
  const buf: string[] = [];
  // i counts down from the last buffer index; we only need positions relative to it.
  const last = 23;
  let i = last;
  const idec = i - dec;
  while (v >= 10 || i >= idec) {
    buf.push(String(v % 10));
    i--;
    if (i === idec) {
      buf.push(".");
      i--;
    }
    v = Math.floor(v / 10);
  }
  buf.push(String(v));
  return buf.reverse().join("");
}

/**
 * fmtNSAsMS "nicely formats ns nanoseconds as milliseconds" (runtime/mgc.go):
 * ≥ 10 ms → whole milliseconds ("12"); otherwise two significant digits with at most three decimal places, truncated,
 * not rounded ("0.057", "1.1", "0.10", "1.0"); below 1 µs → "0".
 */
export function formatNsAsMs(ns: number): string {
  const n = toUint64(ns);
  if (n >= 10e6) {
    // Format as whole milliseconds.
    return itoaDiv(Math.floor(n / 1e6), 0);
  }
  // Format two digits of precision, with at most three decimal places.
  let x = Math.floor(n / 1e3);
  if (x === 0) return "0";
  let dec = 3;
  while (x >= 100) {
    x = Math.floor(x / 10);
    dec--;
  }
  return itoaDiv(x, dec);
}

/** Truncated MiB as gctrace prints byte counts (`bytes>>20`; division, so sizes ≥ 2 GiB do not overflow int32). */
export function bytesToTraceMiB(bytes: number): number {
  return Math.floor(toUint64(bytes) / MiB);
}

/** `@S.SSSs`: the start time is first truncated to whole ms (uint64(ns)/1e6), then printed with 3 decimals. */
export function formatStartSeconds(startNs: number): string {
  return itoaDiv(Math.floor(toUint64(startNs) / 1e6), 3);
}

/** `U%`: int(memstats.gc_cpu_fraction * 100), truncated toward zero in float64 as Go does (0.29 → 28). */
export function gcCpuPercent(gcCpuFraction: number): number {
  const u = Math.trunc(gcCpuFraction * 100);
  return Number.isFinite(u) && u > 0 ? u : 0;
}

/**
 * One gctrace line (without the newline), laid out as gcMarkTermination prints it:
 * `gc N @S.SSSs U%: Tst+Tmark+Tmt ms clock, Cst+Cassist/Cbg/Cidle+Cmt ms cpu, H0->H1->H2 MB, G MB goal,
 * K MB stacks, L MB globals, P P` and ` (forced)` for runtime.GC() (work.userForced).
 * Periodic cycles are not marked on this line; see formatGctrace for their preceding "GC forced" line.
 */
export function formatGctraceLine(rec: GcCycleRecord): string {
  const clock = [rec.stw1Ns, rec.markNs, rec.stw2Ns].map(formatNsAsMs).join("+");
  const cpu =
    formatNsAsMs(rec.stw1CpuNs) +
    "+" +
    formatNsAsMs(rec.assistCpuNs) +
    "/" +
    formatNsAsMs(rec.backgroundCpuNs) +
    "/" +
    formatNsAsMs(rec.idleCpuNs) +
    "+" +
    formatNsAsMs(rec.stw2CpuNs);
  const heap = [rec.heapStartBytes, rec.heapEndBytes, rec.heapMarkedBytes].map(bytesToTraceMiB).join("->");
  let line =
    `gc ${toUint64(rec.cycle)} @${formatStartSeconds(rec.startNs)}s ${gcCpuPercent(rec.gcCpuFraction)}%: ` +
    `${clock} ms clock, ${cpu} ms cpu, ${heap} MB, ` +
    `${bytesToTraceMiB(rec.heapGoalBytes)} MB goal, ` +
    `${bytesToTraceMiB(rec.stackBytes)} MB stacks, ` +
    `${bytesToTraceMiB(rec.globalsBytes)} MB globals, ` +
    `${toUint64(rec.procs)} P`;
  if (rec.kind === "forced") line += " (forced)";
  return line;
}

/**
 * The gctrace of a whole run: one line per cycle, each newline-terminated, with forcegchelper's `GC forced` line
 * before every periodic cycle. An empty record list gives "".
 */
export function formatGctrace(records: Iterable<GcCycleRecord>): string {
  let out = "";
  writeGctrace((s) => (out += s), records);
  return out;
}

/** The same text as formatGctrace, handed to `write` in pieces of about 1 MiB (a run's millions of lines streamed). */
export function writeGctrace(write: (text: string) => void, records: Iterable<GcCycleRecord>): void {
  let out = "";
  for (const rec of records) {
    if (rec.kind === "periodic") out += GC_FORCED_LINE + "\n";
    out += formatGctraceLine(rec) + "\n";
    if (out.length >= 1 << 20) {
      write(out);
      out = "";
    }
  }
  if (out.length > 0) write(out);
}
