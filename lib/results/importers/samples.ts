// Reader of runtime/metrics samples as JSON lines: one object per line, each key a runtime/metrics name
// ("/gc/heap/goal:bytes") or a named extra ("ms.HeapInuse" for runtime.MemStats fields, "proc.rss_bytes" for
// /proc/self/statm), plus the sample's time. This is the format of the calibration corpus' samples.jsonl.gz (the
// harness README, "Samples") and of `heapcast real`'s samples.
//
// Time: "t_rt" (seconds since the Go runtime started, gctrace's time base) when present, else "t_s" or "t" (seconds
// since the program's own start). Every other numeric field becomes a timeline column under its own name; a few get
// the name the simulation's timeline uses for the same quantity (proc.rss_bytes → rss:bytes,
// ms.GCCPUFraction → gc_cpu_fraction). A string or object value is not a metric: such keys are counted and left out.
//
// A line that is not a JSON object is an error naming the line and what was expected; only the last line may be cut
// short (a SIGKILL mid-write), and is then reported, not read.

import { gunzipSync } from "node:zlib";
import type { SampleTimeline } from "./imported-run";

/** Time fields, in order of preference, and what they count from. */
const TIME_FIELDS: [string, string][] = [
  ["t_rt", "seconds since the Go runtime started"],
  ["t_s", "seconds since the program started"],
  ["t", "seconds since the program started"],
];

/** Fields that the simulation's timeline names differently (same quantity). */
export const SAMPLE_ALIASES: Record<string, string> = {
  "proc.rss_bytes": "rss:bytes",
  "ms.GCCPUFraction": "gc_cpu_fraction",
};

export class SamplesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SamplesError";
  }
}

/** Gunzips when the bytes start with gzip's magic number, else reads UTF-8. */
export function textOf(data: Buffer | string): string {
  if (typeof data === "string") return data;
  if (data.length >= 2 && data[0] === 0x1f && data[1] === 0x8b) return gunzipSync(data).toString("utf8");
  return data.toString("utf8");
}

/** Reads runtime/metrics samples (JSON lines, gzipped or not) into a timeline. */
export function parseSamples(data: Buffer | string, name = "samples"): SampleTimeline {
  const lines = textOf(data).split("\n");
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  let lastNonBlank = lines.length - 1;
  while (lastNonBlank >= 0 && lines[lastNonBlank].trim() === "") lastNonBlank--;
  const rows: Record<string, unknown>[] = [];
  let blank = 0;
  let truncated: number | null = null;
  let timeField: string | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === "") {
      blank++;
      continue;
    }
    let v: unknown;
    try {
      v = JSON.parse(line);
    } catch (e) {
      if (i === lastNonBlank && line.startsWith("{") && !line.endsWith("}")) {
        truncated = i + 1;
        continue;
      }
      throw new SamplesError(
        `${name} line ${i + 1}: expected a JSON object of runtime/metrics samples, got ${JSON.stringify(line.slice(0, 60))}${line.length > 60 ? "…" : ""} (${(e as Error).message})`,
      );
    }
    if (typeof v !== "object" || v === null || Array.isArray(v)) {
      throw new SamplesError(
        `${name} line ${i + 1}: expected a JSON object of runtime/metrics samples, got ${JSON.stringify(line.slice(0, 60))}`,
      );
    }
    const obj = v as Record<string, unknown>;
    if (timeField === null) {
      timeField = TIME_FIELDS.find(([f]) => typeof obj[f] === "number")?.[0] ?? null;
      if (timeField === null) {
        throw new SamplesError(
          `${name} line ${i + 1}: expected a time field (${TIME_FIELDS.map(([f, what]) => `"${f}": ${what}`).join(", or ")}), found none`,
        );
      }
    }
    const t = obj[timeField];
    if (typeof t !== "number" || !Number.isFinite(t)) {
      throw new SamplesError(
        `${name} line ${i + 1}: "${timeField}": expected a number of seconds, got ${JSON.stringify(t)}`,
      );
    }
    if (rows.length > 0 && t < (rows[rows.length - 1][timeField] as number)) {
      throw new SamplesError(
        `${name} line ${i + 1}: "${timeField}": ${t} is before the previous sample's ${rows[rows.length - 1][timeField]} (samples must be in time order)`,
      );
    }
    rows.push(obj);
  }
  if (rows.length === 0) throw new SamplesError(`${name}: no samples (expected one JSON object per line)`);
  // Every key that is a number in some sample is a column; other keys are counted.
  const numeric = new Set<string>();
  const other = new Set<string>();
  for (const r of rows) {
    for (const [k, v] of Object.entries(r)) {
      if (typeof v === "number") numeric.add(k);
      else if (v !== null) other.add(k);
    }
  }
  for (const k of numeric) other.delete(k);
  const columns: Record<string, (number | null)[]> = { t_s: rows.map((r) => r[timeField!] as number) };
  for (const k of [...numeric].sort()) {
    if (TIME_FIELDS.some(([f]) => f === k)) {
      if (k !== timeField)
        columns[`${k}:seconds`] = rows.map((r) => (typeof r[k] === "number" ? (r[k] as number) : null));
      continue;
    }
    const col = rows.map((r) =>
      typeof r[k] === "number" && Number.isFinite(r[k] as number) ? (r[k] as number) : null,
    );
    columns[SAMPLE_ALIASES[k] ?? k] = col;
  }
  const parts = [
    `${rows.length} samples of ${numeric.size - 1} metrics from ${lines.length} lines, time from "${timeField}"`,
  ];
  if (blank > 0) parts.push(`${blank} blank lines skipped`);
  if (other.size > 0)
    parts.push(
      `${other.size} non-numeric fields left out (${[...other].slice(0, 5).join(", ")}${other.size > 5 ? ", …" : ""})`,
    );
  if (truncated !== null) parts.push(`line ${truncated} cut short (not read)`);
  return { columns, read: parts.join("; "), name, kind: "samples" };
}
