// Parser for Go 1.19 GODEBUG=gctrace=1 output (the format lib/outputs/gctrace.ts prints; go-runtime-model.md §17).
//
//   gc 12 @1.234s 5%: 0.018+2.3+0.021 ms clock, 0.037+0.5/1.1/0.9+0.042 ms cpu, 70->71->36 MB, 72 MB goal,
//       0 MB stacks, 0 MB globals, 2 P (forced)
//
// Only `gc ` lines are cycles. A `GC forced` line (forcegchelper) marks the next cycle as periodic. Every other line
// (`scav ...` from scavtrace, `pacer: ...` from gcpacertrace, program output, fatal errors) is ignored.
// Values are kept exactly as printed: "MB" fields are truncated MiB, times are fmtNSAsMS milliseconds.

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
  /** Stack bytes counted by the pacer (MiB; maxStackScan in 1.19). */
  stacksMiB: number;
  /** Globals scanned (MiB). */
  globalsMiB: number;
  /** GOMAXPROCS at gcStart. */
  procs: number;
  /** `(forced)`: runtime.GC() / debug.FreeOSMemory. */
  forced: boolean;
  /** Preceded by a `GC forced` line: the 2-minute periodic (time-triggered) cycle. */
  periodic: boolean;
}

const NUM = String.raw`(\d+(?:\.\d+)?)`;
const INT = String.raw`(\d+)`;

/** The complete Go 1.19 gc line; anchored at both ends so that trailing garbage is a parse error. */
const GC_LINE = new RegExp(
  `^gc ${INT} @${NUM}s ${INT}%: ` +
    `${NUM}\\+${NUM}\\+${NUM} ms clock, ` +
    `${NUM}\\+${NUM}/${NUM}/${NUM}\\+${NUM} ms cpu, ` +
    `${INT}->${INT}->${INT} MB, ${INT} MB goal, ${INT} MB stacks, ${INT} MB globals, ${INT} P` +
    `( \\(forced\\))?$`,
);

/** Whether a line is meant to be a gc cycle line (and so must parse). */
function isGcLine(line: string): boolean {
  return line.startsWith("gc ");
}

/** Whether a line is forcegchelper's announcement of a periodic cycle. */
function isGcForcedLine(line: string): boolean {
  return line === "GC forced";
}

/** Parse one gc line; null if it does not have the Go 1.19 layout. */
export function parseGctraceLine(line: string, periodic = false): GctraceCycle | null {
  const m = GC_LINE.exec(line);
  if (!m) return null;
  const n = (i: number): number => Number(m[i]);
  return {
    cycle: n(1),
    startSeconds: n(2),
    cpuPercent: n(3),
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
    forced: m[19] !== undefined,
    periodic,
  };
}

/**
 * All gc cycles of a gctrace log, in order. Lines may end in "\n" or "\r\n"; trailing whitespace is ignored.
 * Throws an Error naming the 1-based line number and the text of the first line that starts with "gc " but is not a
 * well-formed Go 1.19 gc line.
 */
export function parseGctrace(text: string): GctraceCycle[] {
  const cycles: GctraceCycle[] = [];
  let nextIsPeriodic = false;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trimEnd();
    if (isGcForcedLine(line)) {
      nextIsPeriodic = true;
      continue;
    }
    if (!isGcLine(line)) continue;
    const cycle = parseGctraceLine(line, nextIsPeriodic);
    if (cycle === null) {
      throw new Error(`gctrace line ${i + 1}: malformed gc line: ${JSON.stringify(line)}`);
    }
    cycles.push(cycle);
    nextIsPeriodic = false;
  }
  return cycles;
}
