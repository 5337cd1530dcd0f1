// Bringing a real run in: a gctrace log, runtime/metrics samples, Prometheus data, or a gctrace with samples of the
// same run (cycles from the one, the timeline from the other). Each returns an ImportedRun, whose tables are a
// simulation's (cycles, timeline, events) so that every chart and comparison works on it.

import * as fs from "node:fs";
import * as path from "node:path";
import { parseGctraceLog, type GctraceLogOptions } from "./gctrace";
import { ImportedRun, type ImportFacts, type SampleTimeline } from "./imported-run";
import { parseSamples, textOf } from "./samples";
import { parsePrometheus, type PrometheusOptions } from "./prometheus";

export { ImportedRun } from "./imported-run";
export type { ImportFacts, ImportSummary, ImportReport, RealRecord, SampleTimeline } from "./imported-run";

/** Data given as text or bytes (gzip is recognized), or a file path. */
export type DataSource = string | Buffer | { file: string };

function load(src: DataSource): { data: string | Buffer; name: string } {
  if (typeof src === "object" && !Buffer.isBuffer(src)) {
    let data: Buffer;
    try {
      data = fs.readFileSync(src.file);
    } catch (e) {
      throw new ImportError(`cannot read ${src.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    return { data, name: path.basename(src.file) };
  }
  return { data: src, name: "" };
}

/** Input that cannot be imported (a bad file, an unknown format). */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportError";
  }
}

export interface ImportOptions extends ImportFacts {
  gctrace?: GctraceLogOptions;
  prometheus?: PrometheusOptions;
}

/** A gctrace log (GODEBUG=gctrace=1 stderr, application lines and all). */
export function importGctrace(src: DataSource, options: ImportOptions = {}): ImportedRun {
  const { data, name } = load(src);
  const source = name || options.gctrace?.source || "gctrace";
  const log = parseGctraceLog(textOf(data), { ...options.gctrace, source });
  if (log.cycles.length === 0)
    throw new ImportError(
      `${source}: no gc line in ${log.lines} lines (expected GODEBUG=gctrace=1 output: "gc N @S.SSSs U%: ...")`,
    );
  return new ImportedRun({ gctrace: { log, name: source } }, options);
}

/** runtime/metrics samples as JSON lines (the corpus' samples.jsonl.gz, `heapcast real`'s samples). */
export function importSamples(src: DataSource, options: ImportOptions = {}): ImportedRun {
  const { data, name } = load(src);
  return new ImportedRun({ samples: parseSamples(data, name || "samples") }, options);
}

/** Prometheus data: a query_range JSON response (or several) or CSV of the client_golang series. */
export function importPrometheus(src: DataSource, options: ImportOptions = {}): ImportedRun {
  const { data, name } = load(src);
  return new ImportedRun(
    {
      samples: parsePrometheus(data, { ...options.prometheus, name: name || options.prometheus?.name || "prometheus" }),
    },
    options,
  );
}

/** One run from several sources: cycles from its gctrace, the timeline from its samples or Prometheus data. */
export function importRun(
  sources: { gctrace?: DataSource; samples?: DataSource; prometheus?: DataSource },
  options: ImportOptions = {},
): ImportedRun {
  if (sources.samples !== undefined && sources.prometheus !== undefined)
    throw new ImportError("importRun: give samples or prometheus, not both (one timeline)");
  let gctrace: { log: ReturnType<typeof parseGctraceLog>; name: string } | undefined;
  if (sources.gctrace !== undefined) {
    const { data, name } = load(sources.gctrace);
    const source = name || "gctrace";
    gctrace = { log: parseGctraceLog(textOf(data), { ...options.gctrace, source }), name: source };
    if (gctrace.log.cycles.length === 0)
      throw new ImportError(
        `${source}: no gc line in ${gctrace.log.lines} lines (expected GODEBUG=gctrace=1 output: "gc N @S.SSSs U%: ...")`,
      );
  }
  let samples: SampleTimeline | undefined;
  if (sources.samples !== undefined) {
    const { data, name } = load(sources.samples);
    samples = parseSamples(data, name || "samples");
  } else if (sources.prometheus !== undefined) {
    const { data, name } = load(sources.prometheus);
    samples = parsePrometheus(data, { ...options.prometheus, name: name || "prometheus" });
  }
  return new ImportedRun({ gctrace, samples }, options);
}

/** What a file holds, from its first lines: gctrace, samples (JSON lines with a time field) or Prometheus data. */
export function detectFormat(data: string | Buffer): "gctrace" | "samples" | "prometheus" {
  const text = textOf(data);
  const head = text.slice(0, 4096);
  const first =
    head
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? "";
  if (/"resultType"|"status"\s*:\s*"(success|error)"/.test(head)) return "prometheus";
  if (first.startsWith("{") && /"t(_rt|_s)?"\s*:/.test(first)) return "samples";
  if (/(^|\n)[^\n]*\bgc \d+ @/.test(text.slice(0, 1 << 20))) return "gctrace";
  if (/^[^\n]*\b(time|timestamp|ts)\b/i.test(first) && first.includes(",")) return "prometheus";
  throw new ImportError(
    `cannot tell what this is: expected a gctrace log (lines "gc N @S.SSSs ..."), runtime/metrics samples (JSON lines with "t" or "t_rt"), ` +
      `a Prometheus query_range JSON response, or CSV with a time column; the first line is ${JSON.stringify(first.slice(0, 60))}`,
  );
}

/** Imports a file of any of the three kinds. */
export function importFile(file: string, options: ImportOptions = {}): ImportedRun {
  const { data } = load({ file });
  const kind = detectFormat(data);
  const src = { file };
  return kind === "gctrace"
    ? importGctrace(src, options)
    : kind === "samples"
      ? importSamples(src, options)
      : importPrometheus(src, options);
}
