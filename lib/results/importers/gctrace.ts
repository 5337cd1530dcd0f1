// Reader of GODEBUG=gctrace=1 logs as real programs leave them: the runtime's `gc` lines of every Go release from 1.19
// to the newest, mixed with the program's own output, with or without a log timestamp before each line, `GC forced`
// before a periodic cycle, scavenger lines of every format, a last line cut short by a kill.
//
// The gc line, as gcMarkTermination prints it (runtime/mgc.go; the same fields in Go 1.19 to 1.27):
//
//   gc 12 @1.234s 5%: 0.018+2.3+0.021 ms clock, 0.037+0.5/1.1/0.9+0.042 ms cpu, 70->71->36 MB, 72 MB goal,
//       0 MB stacks, 0 MB globals, 2 P (forced)
//
// Go 1.26 added ` (checking for goroutine leaks)` after `U%` for a cycle run by the goroutine leak profile
// (runtime/mgc.go, gcMarkTermination: `if goroutineLeakDone`). What changed between releases is the meaning of two
// numbers, not the layout: `MB stacks` is gcController.maxStackScan (allocated stack bytes) in Go 1.19 and
// lastStackScan (stack bytes scanned in the last cycle) from Go 1.20 on; the sweep-termination CPU is
// sweepTermCpu in 1.19 and 1.20, stwprocs × its wall time from 1.21 on.
//
// Scavenger lines (GODEBUG=scavtrace=1, and gctrace in Go ≤ 1.12), every format (printScavTrace in
// runtime/mgcscavenge.go, mheap.go's scavenge in Go ≤ 1.12):
//   Go 1.21+    scav 0 KiB work (bg), 128 KiB work (eager), 2376 KiB now, 99% util [(forced) | [controller reset]]
//   Go 1.19–20  scav 0 KiB work, 2376 KiB total, 99% util
//   Go 1.13–18  scav 3 0 KiB work, 2376 KiB total, 99% util          (3: the scavenger generation)
//   Go ≤ 1.12   scvg2: 1 MB released / scvg2: inuse: 4, idle: 0, sys: 5, released: 0, consumed: 5 (MB)
// `pacer: ...` lines come from GODEBUG=gcpacertrace=1 (runtime/mgcpacer.go, mgcsweep.go).
//
// Nothing is dropped silently: every line is a gc line, a `GC forced` line, a scavenger line, a pacer line, a blank
// line or an application line, and the log's report counts each kind. A gc line that does not parse is an error
// naming the line, the field and what was expected; the last line alone may be cut short (a process killed mid-write),
// and is then reported as truncated. Values are kept exactly as printed: "MB" fields are truncated MiB, times are
// fmtNSAsMS milliseconds.

/** One gctrace `gc` line. */
export interface GctraceCycle {
  /** memstats.numgc: 1-based cycle number. */
  cycle: number;
  /** `@S.SSSs`: seconds since runtime init when the cycle began (sweep termination), truncated to ms. */
  startSeconds: number;
  /** `U%`: cumulative GC CPU fraction since start, integer percent (truncated). */
  cpuPercent: number;
  /** Sweep termination STW wall time (ms). */
  stw1Ms: number;
  /** Concurrent mark wall time (ms). */
  markMs: number;
  /** Mark termination STW wall time (ms). */
  stw2Ms: number;
  /** CPU ms of the sweep termination STW. */
  stw1CpuMs: number;
  /** CPU ms of mark assists. */
  assistCpuMs: number;
  /** CPU ms of dedicated + fractional mark workers. */
  backgroundCpuMs: number;
  /** CPU ms of idle mark workers. */
  idleCpuMs: number;
  /** CPU ms of the mark termination STW. */
  stw2CpuMs: number;
  /** work.heap0 >> 20: heap live at cycle start (MiB). */
  heapStartMiB: number;
  /** work.heap1 >> 20: heap live at mark termination (MiB). */
  heapEndMiB: number;
  /** work.heap2 >> 20: marked heap (MiB). */
  heapMarkedMiB: number;
  /** Heap goal of the cycle (MiB). */
  goalMiB: number;
  /** Stack bytes counted by the pacer (MiB; maxStackScan in 1.19, lastStackScan from 1.20 on). */
  stacksMiB: number;
  /** Globals scanned (MiB). */
  globalsMiB: number;
  /** GOMAXPROCS at gcStart. */
  procs: number;
  /** `(forced)`: runtime.GC() / debug.FreeOSMemory. */
  forced: boolean;
  /** Preceded by a `GC forced` line: the 2-minute periodic (time-triggered) cycle. */
  periodic: boolean;
  /** `(checking for goroutine leaks)` (Go 1.26+): a cycle run for the goroutine leak profile. */
  leakCheck?: boolean;
  /** 1-based line number in the log (set by parseGctraceLog). */
  line?: number;
  /** Wall-clock time of the log timestamp before the line, ms since the Unix epoch, when the log has one. */
  loggedAtMs?: number | null;
}

/** One scavenger line (printScavTrace, or Go ≤ 1.12's scvg lines). Byte counts as printed, converted to bytes. */
export interface ScavengerLine {
  line: number;
  /** The layout: which releases print it. */
  format: "go1.21+" | "go1.19-1.20" | "go1.13-1.18" | "go1.12-released" | "go1.12-summary";
  /** Seconds since runtime init of the gc line before it (scavenger lines carry no time), or null before any. */
  afterCycle: number | null;
  /** Bytes released since the previous line (bg + eager from Go 1.21 on). */
  releasedBytes: number | null;
  /** heapReleased after it: `KiB total` / `KiB now` / `released:` MB. */
  totalReleasedBytes: number | null;
  /** `util`: heapInUse × 100 / heapRetained. */
  utilPercent: number | null;
  /** `(forced)`: debug.FreeOSMemory. */
  forced: boolean;
}

/** The kinds of lines a log holds besides gc lines. */
export type SkippedKind = "application" | "scavenger" | "pacer" | "blank" | "gc-forced";

export interface SkippedLines {
  count: number;
  /** 1-based number of the first such line. */
  firstLine: number;
  /** Its text (the first 200 characters). */
  first: string;
}

/** Everything a gctrace log held, for the chosen process. */
export interface GctraceLog {
  cycles: GctraceCycle[];
  scavenger: ScavengerLine[];
  /** Lines in the log (a final newline does not start another). */
  lines: number;
  /** Lines that are not gc lines, by kind. */
  skipped: Partial<Record<SkippedKind, SkippedLines>>;
  /** The last line, cut short before it was complete (a process killed while printing), or null. */
  truncated: { line: number; text: string } | null;
  /** Malformed gc lines skipped because options.malformed was "skip" (never with the default "error"). */
  malformed: { line: number; text: string; problem: string }[];
  /** Cycle numbers missing from the log (lines lost), as ranges. */
  missingCycles: { from: number; to: number }[];
  /** Whether the gc lines carried a log timestamp (whose wall-clock time is each cycle's loggedAtMs). */
  timestamps: boolean;
  /** Processes in the log (gc numbering restarts at 1 for a new one) and which was read (1-based). */
  processes: { count: number; read: number; firstLines: number[] };
}

export interface GctraceLogOptions {
  /**
   * What a gc line that does not parse does (other than a cut-short last line): "error" (default) or "skip" (reported).
   */
  malformed?: "error" | "skip";
  /**
   * Which process to read when the log holds several (gc numbering restarts): 1-based, or "last". Default: an error
   * if there is more than one, naming where each starts.
   */
  process?: number | "last";
  /** Name of the log in messages (e.g. the file name). Default "gctrace". */
  source?: string;
}

/** A gctrace that cannot be read: the message names the line, the field and what was expected. */
export class GctraceError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = "GctraceError";
  }
}

const NUM = String.raw`\d+(?:\.\d+)?`;

/**
 * The fields of a gc line in order: what each looks like (anchored at the current position) and its name for error
 * messages. Reading them one by one lets an error say which field is wrong.
 */
const GC_FIELDS: { name: string; expected: string; re: RegExp }[] = [
  { name: "cycle number", expected: '"gc N"', re: /^gc (\d+)/y },
  { name: "start time", expected: '" @S.SSSs"', re: new RegExp(`^ @(${NUM})s`, "y") },
  { name: "GC CPU percent", expected: '" U%"', re: /^ (\d+)%/y },
  {
    name: "goroutine leak check",
    expected: '" (checking for goroutine leaks)" or ":"',
    re: /^( \(checking for goroutine leaks\))?:/y,
  },
  {
    name: "wall times",
    expected: '" A+B+C ms clock,"',
    re: new RegExp(`^ (${NUM})\\+(${NUM})\\+(${NUM}) ms clock,`, "y"),
  },
  {
    name: "CPU times",
    expected: '" A+B/C/D+E ms cpu,"',
    re: new RegExp(`^ (${NUM})\\+(${NUM})/(${NUM})/(${NUM})\\+(${NUM}) ms cpu,`, "y"),
  },
  { name: "heap sizes", expected: '" A->B->C MB,"', re: /^ (\d+)->(\d+)->(\d+) MB,/y },
  { name: "heap goal", expected: '" G MB goal,"', re: /^ (\d+) MB goal,/y },
  { name: "stacks", expected: '" S MB stacks,"', re: /^ (\d+) MB stacks,/y },
  { name: "globals", expected: '" L MB globals,"', re: /^ (\d+) MB globals,/y },
  { name: "GOMAXPROCS", expected: '" N P"', re: /^ (\d+) P/y },
  { name: "end of line", expected: '" (forced)" or the end of the line', re: /^( \(forced\))?$/y },
];

/** Where a gc line starts in a log line: at the start, or after a log prefix (timestamp, stream, pod name, ...). */
const GC_START = /(?:^|[\s\]|:>)])gc \d+ @/;
/** Something that starts like a gc line but stops before `@` (a cut-short last line): `gc`, `gc 12`. */
const GC_START_CUT = /(?:^|[\s\]|:>)])g(?:c(?: \d*)?)?$/;
const GC_FORCED = /(?:^|[\s\]|:>)])GC forced$/;
const SCAV_START = /(?:^|[\s\]|:>)])(scav \d|scvg-?\d*:)/;
const PACER_START = /(?:^|[\s\]|:>)])pacer: /;

const SCAV_FORMATS: {
  format: ScavengerLine["format"];
  re: RegExp;
  read: (m: RegExpExecArray) => Omit<ScavengerLine, "line" | "format" | "afterCycle">;
}[] = [
  {
    format: "go1.21+",
    re: /^scav (\d+) KiB work \(bg\), (\d+) KiB work \(eager\), (\d+) KiB now, (\d+)% util( \(forced\)| \[controller reset\])?$/,
    read: (m) => ({
      releasedBytes: (+m[1] + +m[2]) * 1024,
      totalReleasedBytes: +m[3] * 1024,
      utilPercent: +m[4],
      forced: m[5] === " (forced)",
    }),
  },
  {
    format: "go1.19-1.20",
    re: /^scav (\d+) KiB work, (\d+) KiB total, (\d+)% util( \(forced\)| \[controller reset\])?$/,
    read: (m) => ({
      releasedBytes: +m[1] * 1024,
      totalReleasedBytes: +m[2] * 1024,
      utilPercent: +m[3],
      forced: m[4] === " (forced)",
    }),
  },
  {
    format: "go1.13-1.18",
    re: /^scav \d+ (\d+) KiB work, (\d+) KiB total, (\d+)% util( \(forced\)| \[controller reset\])?$/,
    read: (m) => ({
      releasedBytes: +m[1] * 1024,
      totalReleasedBytes: +m[2] * 1024,
      utilPercent: +m[3],
      forced: m[4] === " (forced)",
    }),
  },
  {
    format: "go1.12-released",
    re: /^scvg(-?\d+): (\d+) MB released$/,
    read: (m) => ({
      releasedBytes: +m[2] * 2 ** 20,
      totalReleasedBytes: null,
      utilPercent: null,
      forced: m[1] === "-1",
    }),
  },
  {
    format: "go1.12-summary",
    re: /^scvg(-?\d+): inuse: (\d+), idle: (\d+), sys: (\d+), released: (\d+), consumed: (\d+) \(MB\)$/,
    read: (m) => ({
      releasedBytes: null,
      totalReleasedBytes: +m[5] * 2 ** 20,
      utilPercent: null,
      forced: m[1] === "-1",
    }),
  },
];

/**
 * ISO 8601 / RFC 3339 (`2024-03-01T12:00:00.123Z`, with a space or offset) or Go's log package (`2024/03/01
 * 12:00:00.123456`).
 */
const LOG_TIME = /^\s*(\d{4})[-/](\d{2})[-/](\d{2})[T ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:?\d{2})?/;

/** The wall-clock time of a log prefix's leading timestamp (ms since the epoch; UTC when it names no zone), or null. */
export function logTimestampMs(prefix: string): number | null {
  const m = LOG_TIME.exec(prefix);
  if (!m) return null;
  const frac = m[7] ? Number(m[7]) * 1000 : 0;
  let ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) + frac;
  if (m[8] && m[8] !== "Z") {
    const sign = m[8][0] === "-" ? -1 : 1;
    const hh = Number(m[8].slice(1, 3));
    const mm = Number(m[8].slice(-2));
    ms -= sign * (hh * 60 + mm) * 60000;
  }
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Outcome of reading one gc line: the cycle, or the field where it went wrong (and whether the text simply ran out).
 */
type GcParse =
  { ok: true; cycle: GctraceCycle } | { ok: false; field: string; expected: string; got: string; ranOut: boolean };

/** Reads a gc line field by field (text starts at "gc "). */
function readGcLine(text: string): GcParse {
  const v: string[] = [];
  let pos = 0;
  for (const f of GC_FIELDS) {
    f.re.lastIndex = 0;
    const m = f.re.exec(text.slice(pos));
    if (!m) {
      const rest = text.slice(pos);
      // The text ran out if what is left is a beginning of something the field (and the rest of a line) could be.
      const ranOut = rest.length < 40 && couldContinue(rest, f.name);
      return {
        ok: false,
        field: f.name,
        expected: f.expected,
        got: rest.length > 60 ? rest.slice(0, 60) + "…" : rest,
        ranOut,
      };
    }
    v.push(...m.slice(1).map((x) => x ?? ""));
    pos += m[0].length;
  }
  const n = (i: number) => Number(v[i]);
  return {
    ok: true,
    cycle: {
      cycle: n(0),
      startSeconds: n(1),
      cpuPercent: n(2),
      leakCheck: v[3] !== "",
      stw1Ms: n(4),
      markMs: n(5),
      stw2Ms: n(6),
      stw1CpuMs: n(7),
      assistCpuMs: n(8),
      backgroundCpuMs: n(9),
      idleCpuMs: n(10),
      stw2CpuMs: n(11),
      heapStartMiB: n(12),
      heapEndMiB: n(13),
      heapMarkedMiB: n(14),
      goalMiB: n(15),
      stacksMiB: n(16),
      globalsMiB: n(17),
      procs: n(18),
      forced: v[19] !== "",
      periodic: false,
    },
  };
}

/** A well-formed gc line's text after `rest`'s field: used to tell a cut-short line from a wrong one. */
const SAMPLE_TAIL: Record<string, string> = {
  "cycle number": "gc 1",
  "start time": " @0.000s",
  "GC CPU percent": " 0%",
  "goroutine leak check": ":",
  "wall times": " 0.0+0.0+0.0 ms clock,",
  "CPU times": " 0.0+0.0/0.0/0.0+0.0 ms cpu,",
  "heap sizes": " 0->0->0 MB,",
  "heap goal": " 0 MB goal,",
  stacks: " 0 MB stacks,",
  globals: " 0 MB globals,",
  GOMAXPROCS: " 0 P",
  "end of line": " (forced)",
};

/** Whether `rest` is a prefix of some valid text for this field (digits standing for digits). */
function couldContinue(rest: string, field: string): boolean {
  const shape = (s: string) => s.replace(/\d+(\.\d+)?/g, "9").replace(/9\.$/, "9");
  const want = shape(SAMPLE_TAIL[field] ?? "");
  const got = shape(rest);
  if (got === "") return true;
  if (want.startsWith(got)) return true;
  // "@0." or " 0.0+0." end in a dot: drop it and compare again.
  return want.startsWith(got.replace(/9\.$/, "9").replace(/\.$/, ""));
}

/** One scavenger line, or null if it matches no known format. */
function readScavLine(
  text: string,
): { format: ScavengerLine["format"]; data: Omit<ScavengerLine, "line" | "format" | "afterCycle"> } | null {
  for (const f of SCAV_FORMATS) {
    const m = f.re.exec(text);
    if (m) return { format: f.format, data: f.read(m) };
  }
  return null;
}

function note(skipped: GctraceLog["skipped"], kind: SkippedKind, line: number, text: string): void {
  const s = skipped[kind];
  if (s) s.count++;
  else skipped[kind] = { count: 1, firstLine: line, first: text.slice(0, 200) };
}

/**
 * Reads a whole gctrace log. Throws a GctraceError naming the line, the field and what was expected for a gc line that
 * does not parse (unless options.malformed is "skip"), and when the log holds several processes and options.process
 * does not say which to read.
 */
export function parseGctraceLog(text: string, options: GctraceLogOptions = {}): GctraceLog {
  const source = options.source ?? "gctrace";
  const raw = text.split("\n");
  if (raw.length > 0 && raw[raw.length - 1] === "") raw.pop(); // the final newline ends the last line
  const lastNonBlank = (() => {
    for (let i = raw.length - 1; i >= 0; i--) if (raw[i].trim() !== "") return i;
    return -1;
  })();
  // Lines are read for every process; the chosen one is picked at the end.
  const processes: { cycles: GctraceCycle[]; scav: ScavengerLine[]; firstLine: number }[] = [];
  let current: (typeof processes)[number] | null = null;
  const skipped: GctraceLog["skipped"] = {};
  const malformed: GctraceLog["malformed"] = [];
  let truncated: GctraceLog["truncated"] = null;
  let timestamps = false;
  let nextIsPeriodic = false;
  let lastCycleStart: number | null = null;
  for (let i = 0; i < raw.length; i++) {
    const lineNo = i + 1;
    const line = raw[i].replace(/\r$/, "").trimEnd();
    if (line.trim() === "") {
      note(skipped, "blank", lineNo, line);
      continue;
    }
    const gc = GC_START.exec(line);
    if (gc) {
      const at = gc.index + (gc[0].startsWith("gc") ? 0 : 1);
      const prefix = line.slice(0, at);
      const r = readGcLine(line.slice(at));
      if (!r.ok) {
        if (i === lastNonBlank && r.ranOut) {
          truncated = { line: lineNo, text: line };
          continue;
        }
        const problem = `${r.field}: expected ${r.expected}, got ${JSON.stringify(r.got)}`;
        if (options.malformed === "skip") {
          malformed.push({ line: lineNo, text: line, problem });
          continue;
        }
        throw new GctraceError(
          `${source} line ${lineNo}: malformed gc line: ${problem} (line: ${JSON.stringify(line.length > 160 ? line.slice(0, 160) + "…" : line)})`,
          lineNo,
        );
      }
      const c = r.cycle;
      if (
        current === null ||
        (current.cycles.length > 0 && c.cycle <= current.cycles[current.cycles.length - 1].cycle)
      ) {
        current = { cycles: [], scav: [], firstLine: lineNo };
        processes.push(current);
      }
      c.periodic = nextIsPeriodic;
      nextIsPeriodic = false;
      c.line = lineNo;
      const ts = prefix.trim() === "" ? null : logTimestampMs(prefix);
      if (ts !== null) timestamps = true;
      c.loggedAtMs = ts;
      current.cycles.push(c);
      lastCycleStart = c.startSeconds;
      continue;
    }
    if (GC_FORCED.test(line)) {
      note(skipped, "gc-forced", lineNo, line);
      nextIsPeriodic = true;
      continue;
    }
    const scav = SCAV_START.exec(line);
    if (scav) {
      const at = scav.index + (scav[0].startsWith("sc") ? 0 : 1);
      const s = readScavLine(line.slice(at));
      note(skipped, "scavenger", lineNo, line);
      if (s) {
        const target = current ?? (processes.push((current = { cycles: [], scav: [], firstLine: lineNo })), current);
        target.scav.push({ line: lineNo, format: s.format, afterCycle: lastCycleStart, ...s.data });
      } else if (i === lastNonBlank) {
        truncated = { line: lineNo, text: line };
        skipped.scavenger!.count--;
      } else {
        // A scavenger line of no known layout is still a scavenger line: counted, not read.
        note(skipped, "application", lineNo, line);
        skipped.scavenger!.count--;
      }
      continue;
    }
    if (PACER_START.test(line)) {
      note(skipped, "pacer", lineNo, line);
      continue;
    }
    if (i === lastNonBlank && GC_START_CUT.test(line)) {
      truncated = { line: lineNo, text: line };
      continue;
    }
    note(skipped, "application", lineNo, line);
  }
  for (const k of Object.keys(skipped) as SkippedKind[]) if (skipped[k]!.count === 0) delete skipped[k];
  const withCycles = processes.filter((p) => p.cycles.length > 0);
  let chosen =
    withCycles.length > 0
      ? withCycles[withCycles.length - 1]
      : (processes[processes.length - 1] ?? { cycles: [], scav: [], firstLine: 1 });
  let read = withCycles.length;
  if (withCycles.length > 1) {
    const where = withCycles.map((p, k) => `${k + 1} from line ${p.firstLine}`).join(", ");
    if (options.process === undefined) {
      throw new GctraceError(
        `${source}: the log holds ${withCycles.length} processes (gc numbering restarts: ${where}); choose one with process: N or "last"`,
        withCycles[1].firstLine,
      );
    }
    if (options.process !== "last") {
      const k = options.process;
      if (!Number.isInteger(k) || k < 1 || k > withCycles.length) {
        throw new GctraceError(
          `${source}: process: expected 1 to ${withCycles.length} or "last", got ${JSON.stringify(k)}`,
          0,
        );
      }
      chosen = withCycles[k - 1];
      read = k;
    }
  }
  const missingCycles: GctraceLog["missingCycles"] = [];
  const cs = chosen.cycles;
  for (let k = 1; k < cs.length; k++) {
    if (cs[k].cycle > cs[k - 1].cycle + 1) missingCycles.push({ from: cs[k - 1].cycle + 1, to: cs[k].cycle - 1 });
  }
  return {
    cycles: cs,
    scavenger: chosen.scav,
    lines: raw.length,
    skipped,
    truncated,
    malformed,
    missingCycles,
    timestamps,
    processes: {
      count: withCycles.length,
      read: Math.max(read, withCycles.length > 0 ? 1 : 0),
      firstLines: withCycles.map((p) => p.firstLine),
    },
  };
}

/** One line saying what a log held: cycles read and every kind of line skipped. */
export function describeGctraceLog(log: GctraceLog): string {
  const parts = [`${log.cycles.length} gc cycle${log.cycles.length === 1 ? "" : "s"} from ${log.lines} lines`];
  const names: Record<SkippedKind, string> = {
    application: "application lines",
    scavenger: "scavenger lines",
    pacer: "pacer lines",
    blank: "blank lines",
    "gc-forced": '"GC forced" lines',
  };
  for (const k of Object.keys(names) as SkippedKind[]) {
    const s = log.skipped[k];
    if (!s) continue;
    if (k === "scavenger" || k === "gc-forced") parts.push(`${s.count} ${names[k]} read apart`);
    else
      parts.push(
        `${s.count} ${names[k]} skipped${k === "application" ? ` (first at line ${s.firstLine}: ${JSON.stringify(s.first.slice(0, 60))})` : ""}`,
      );
  }
  if (log.truncated) parts.push(`line ${log.truncated.line} cut short (not read)`);
  if (log.malformed.length > 0)
    parts.push(
      `${log.malformed.length} malformed gc lines skipped (first at line ${log.malformed[0].line}: ${log.malformed[0].problem})`,
    );
  for (const m of log.missingCycles)
    parts.push(m.from === m.to ? `cycle ${m.from} missing` : `cycles ${m.from}–${m.to} missing`);
  if (log.processes.count > 1) parts.push(`process ${log.processes.read} of ${log.processes.count} read`);
  if (log.timestamps) parts.push("log timestamps read");
  return parts.join("; ");
}

/** Parse one gc line (from its "gc " on); null if it does not have the gc line's layout. */
export function parseGctraceLine(line: string, periodic = false): GctraceCycle | null {
  const r = readGcLine(line);
  if (!r.ok) return null;
  r.cycle.periodic = periodic;
  delete r.cycle.leakCheck;
  if (!/\(checking for goroutine leaks\)/.test(line)) return r.cycle;
  r.cycle.leakCheck = true;
  return r.cycle;
}

/**
 * All gc cycles of a gctrace log, in order (the strict reader of earlier versions: any malformed gc line throws, a
 * cut-short last line too, and a log of several processes returns the last one's). Lines may end in "\n" or "\r\n".
 */
export function parseGctrace(text: string): GctraceCycle[] {
  const log = parseGctraceLog(text, { process: "last" });
  if (log.truncated && GC_START.test(log.truncated.text)) {
    const at = GC_START.exec(log.truncated.text)!;
    const r = readGcLine(log.truncated.text.slice(at.index + (at[0].startsWith("gc") ? 0 : 1)));
    const problem = r.ok ? "" : `${r.field}: expected ${r.expected}, got ${JSON.stringify(r.got)}`;
    throw new GctraceError(
      `gctrace line ${log.truncated.line}: malformed gc line (cut short): ${problem}`,
      log.truncated.line,
    );
  }
  return log.cycles.map((c) => {
    const { line: _l, loggedAtMs: _t, leakCheck, ...rest } = c;
    return leakCheck ? { ...rest, leakCheck } : rest;
  });
}
