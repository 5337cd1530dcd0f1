// What a gctrace says about the workload that produced it, cycle by cycle, and its phases.
//
// Per cycle, gctrace prints heap0 (heap live at the start), heap1 (at mark termination), heap2 (marked), the goal,
// the stacks and globals the pacer counts, and GOMAXPROCS (runtime/mgc.go, gcMarkTermination). From them:
//   - live heap at the cycle's start ≈ heap2 − (heap1 − heap0): everything marked, less what was allocated during the
//     mark (allocated black, so marked too) — plus ½ MiB, the mean of what gctrace's truncation to whole MiB drops;
//   - bytes allocated from one cycle's start to the next = (heap1 − heap0) + (heap0′ − heap2): heapLive only grows
//     between mark terminations (mallocgc → gcController.update), and is reset to the marked heap at each;
//   - garbage = allocation − the live heap's growth (growing live data is allocated too);
//   - GOGC from the goal the pacer sets after each cycle: goal = heap2 + (heap2 + stacks + globals) × GOGC/100, at
//     least the heap minimum 4 MiB × GOGC/100 (runtime/mgcpacer.go, gcControllerState.commit, heapGoalInternal);
//   - a memory limit where the goals stay below that (see fit.ts: the limit is then found by simulation).
// The series are cut into phases where they change (PELT, changepoint.ts), not one phase per cycle.

import { median, quantile } from "simple-statistics";
import type { GctraceCycle } from "../../results/importers/gctrace";
import { constantCost, linearCost, noiseScale, pelt, segmentLine, segmentMean, type Segment } from "./changepoint";

const MiB = 2 ** 20;
/** runtime/mgcpacer.go defaultHeapMinimum: 4 MiB at GOGC=100, scaled by GOGC/100. */
export const HEAP_MINIMUM_BYTES = 4 * MiB;
/** Shortest phase, in cycles: a change must hold for this many cycles to be a phase of its own. */
export const MIN_PHASE_CYCLES = 3;
/**
 * Penalty per change point, in units of σ² ln n (BIC's 2 for one extra parameter, with room for noise that is not
 * Gaussian).
 */
export const PENALTY_FACTOR = 6;

/** A straight piece of a series over [t0, t1] (seconds), from y0 to y1. */
export interface Piece {
  t0: number;
  t1: number;
  y0: number;
  y1: number;
  /** Cycles it was fitted on. */
  cycles: number;
}

/** The per-cycle series derived from a gctrace. */
export interface CycleSeries {
  /** Cycle start, s since the runtime started. */
  t: number[];
  /** Cycle end (after mark termination), s. */
  end: number[];
  /** Live heap at the cycle's start, bytes. */
  live: number[];
  /** Stack bytes the pacer counted, bytes. */
  stacks: number[];
  /** Interval i: from cycle i's start to cycle i+1's (interval −1, from 0 to the first cycle, is index 0 here). */
  intervals: { t0: number; t1: number; allocated: number }[];
}

export function cycleSeries(cycles: readonly GctraceCycle[]): CycleSeries {
  const t = cycles.map((c) => c.startSeconds);
  const end = cycles.map((c) => c.startSeconds + (c.stw1Ms + c.markMs + c.stw2Ms) / 1e3);
  const live = cycles.map((c) => Math.max(0, c.heapMarkedMiB - (c.heapEndMiB - c.heapStartMiB) + 0.5) * MiB);
  const stacks = cycles.map((c) => c.stacksMiB * MiB);
  const intervals: CycleSeries["intervals"] = [];
  if (cycles.length > 0 && cycles[0].startSeconds > 0)
    intervals.push({ t0: 0, t1: cycles[0].startSeconds, allocated: (cycles[0].heapStartMiB + 0.5) * MiB });
  for (let i = 0; i + 1 < cycles.length; i++) {
    const c = cycles[i];
    const n = cycles[i + 1];
    if (n.startSeconds <= c.startSeconds) continue;
    intervals.push({
      t0: c.startSeconds,
      t1: n.startSeconds,
      allocated: (c.heapEndMiB - c.heapStartMiB + n.heapStartMiB - c.heapMarkedMiB) * MiB,
    });
  }
  return { t, end, live, stacks, intervals };
}

/** Segments of a level series (live heap, stacks) as straight pieces; flat where the slope is within the noise. */
export function levelPieces(
  t: number[],
  y: number[],
  resolution: number,
): { pieces: Piece[]; sigma: number; segments: Segment[] } {
  const n = y.length;
  if (n === 0) return { pieces: [], sigma: 0, segments: [] };
  const sigma = Math.max(noiseScale(y), resolution / Math.sqrt(12));
  const segments = pelt(
    n,
    linearCost(t, y),
    PENALTY_FACTOR * sigma * sigma * Math.log(Math.max(n, 2)),
    MIN_PHASE_CYCLES,
  );
  const pieces = segments.map((s) => {
    const t0 = t[s.from];
    const t1 = t[s.to - 1];
    const { slope, intercept } = segmentLine(t, y, s);
    let y0 = intercept + slope * t0;
    let y1 = intercept + slope * t1;
    // A change smaller than the noise (or than gctrace's 1 MiB resolution) over the whole piece is no change.
    if (Math.abs(y1 - y0) < Math.max(2 * sigma, resolution)) {
      const m = segmentMean(y, undefined, s);
      y0 = y1 = m;
    }
    return { t0, t1, y0: Math.max(0, y0), y1: Math.max(0, y1), cycles: s.to - s.from };
  });
  return { pieces, sigma, segments };
}

/** The level of a piecewise series at time x: its pieces, joined by straight lines across the gaps between them. */
export function levelAt(pieces: Piece[], x: number): number {
  if (pieces.length === 0) return 0;
  if (x <= pieces[0].t0) return pieces[0].y0;
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (x <= p.t1) return p.t1 > p.t0 ? p.y0 + ((p.y1 - p.y0) * (x - p.t0)) / (p.t1 - p.t0) : p.y1;
    const next = pieces[k + 1];
    if (next && x < next.t0) return p.y1 + ((next.y0 - p.y1) * (x - p.t1)) / (next.t0 - p.t1);
  }
  const p = pieces[pieces.length - 1];
  return p.y1;
}

/** Garbage rate phases: per interval, allocation less the live heap's growth, cut where it changes. */
export function garbagePhases(
  series: CycleSeries,
  live: Piece[],
): { phases: { t0: number; t1: number; rate: number; intervals: number }[]; sigma: number } {
  const iv = series.intervals;
  if (iv.length === 0) return { phases: [], sigma: 0 };
  const rates = iv.map((v) => {
    const grow = Math.max(0, levelAt(live, v.t1) - levelAt(live, v.t0));
    return Math.max(0, v.allocated - grow) / (v.t1 - v.t0);
  });
  const w = iv.map((v) => v.t1 - v.t0);
  const sigma = noiseScale(rates, w);
  const n = rates.length;
  let segments = pelt(
    n,
    constantCost(rates, w),
    PENALTY_FACTOR * sigma * sigma * Math.log(Math.max(n, 2)),
    MIN_PHASE_CYCLES,
  );
  // Neighbouring phases whose rates differ by less than 10 % are one phase: a difference that small is not worth a
  // phase of the scenario, and PELT finds it only in long traces where σ/√n is tiny.
  let merged = true;
  while (merged && segments.length > 1) {
    merged = false;
    for (let k = 0; k + 1 < segments.length; k++) {
      const a = segmentMean(rates, w, segments[k]);
      const b = segmentMean(rates, w, segments[k + 1]);
      if (Math.abs(a - b) <= 0.1 * Math.max(a, b)) {
        segments = [
          ...segments.slice(0, k),
          { from: segments[k].from, to: segments[k + 1].to },
          ...segments.slice(k + 2),
        ];
        merged = true;
        break;
      }
    }
  }
  const phases = segments.map((s) => ({
    t0: iv[s.from].t0,
    t1: iv[s.to - 1].t1,
    rate: segmentMean(rates, w, s),
    intervals: s.to - s.from,
  }));
  return { phases, sigma };
}

/** What the goals say about GOGC: the value, how many cycles it explains, and which cycles a lower goal bounded. */
export interface GogcInference {
  /**
   * The GOGC that explains the most goals (null: none does, every goal was set by something else: GOGC off or a limit).
   */
  gogc: number | null;
  /** Cycles whose goal it explains, of those it was tried on. */
  explained: number;
  tried: number;
  /** Lowest and highest GOGC that explain as many goals (the value's uncertainty). */
  range: [number, number] | null;
  /** Indices of cycles whose goal is below what GOGC gives: bounded by a memory limit. */
  bounded: number[];
  /** Ratio (goal − heap2′)/(heap2′ + stacks′ + globals′) of each cycle after the first, as printed (for the report). */
  ratios: number[];
}

/** Smallest and largest goal (MiB, real-valued) GOGC=g gives after a cycle that printed these (truncated) figures. */
function goalRange(prev: GctraceCycle | null, g: number, stackLow: number): [number, number] {
  const min = 4 * (g / 100);
  if (prev === null) return [min, min + 1e-9];
  const f = g / 100;
  const lo = prev.heapMarkedMiB * (1 + f) + (stackLow * prev.stacksMiB + prev.globalsMiB) * f;
  const hi = (prev.heapMarkedMiB + 1) * (1 + f) + (prev.stacksMiB + 1 + prev.globalsMiB + 1) * f;
  return [Math.max(lo, min), Math.max(hi, min)];
}

/**
 * GOGC from the goals: for every whole GOGC from 1 to 2000, the cycles whose printed goal (truncated MiB) falls in
 * the range that GOGC gives from the previous cycle's marked heap, stacks and globals (each truncated). A goal above
 * that range cannot happen under any memory limit, so a GOGC that leaves more than 5 % of goals above it is out.
 * `stackLow` is the least fraction of the printed stacks the pacer may have counted (Go 1.19 prints maxStackScan,
 * the allocated stacks, and counts lastStackScan, the scanned part: 0.5; from Go 1.20 on it prints what it counts: 1).
 */
export function inferGogc(cycles: readonly GctraceCycle[], stackLow = 0.5): GogcInference {
  const idx = cycles.map((_, i) => i);
  const tried = idx.length;
  const ratios: number[] = [];
  for (let i = 1; i < cycles.length; i++) {
    const p = cycles[i - 1];
    const d = p.heapMarkedMiB + 0.5 + p.stacksMiB + p.globalsMiB;
    ratios.push((cycles[i].goalMiB + 0.5 - (p.heapMarkedMiB + 0.5)) / d);
  }
  let best: { g: number; explained: number; bounded: number[] } | null = null;
  const ties: number[] = [];
  for (let g = 1; g <= 2000; g++) {
    let explained = 0;
    let above = 0;
    const bounded: number[] = [];
    for (const i of idx) {
      const [lo, hi] = goalRange(i === 0 ? null : cycles[i - 1], g, stackLow);
      const G = cycles[i].goalMiB;
      if (G + 1 <= lo - 1e-9) bounded.push(i);
      else if (G >= hi + 1e-9) above++;
      else explained++;
    }
    if (above > 0.05 * tried) continue;
    if (!best || explained > best.explained) {
      best = { g, explained, bounded };
      ties.length = 0;
      ties.push(g);
    } else if (explained === best.explained) ties.push(g);
  }
  if (!best || best.explained < Math.max(2, 0.05 * tried)) {
    // No GOGC explains the goals: every goal is below what any GOGC that fits gives (GOGC off under a memory limit).
    const bounded = idx.filter((i) => i > 0);
    return { gogc: null, explained: 0, tried, range: null, bounded, ratios };
  }
  // Of the values that explain as many goals, the roundest (a multiple of 100, 50, 25, 10, 5, else the middle one).
  const lo = Math.min(...ties);
  const hi = Math.max(...ties);
  const round = [100, 50, 25, 10, 5].map((m) => ties.find((g) => g % m === 0)).find((g) => g !== undefined);
  const g = round ?? ties[Math.floor(ties.length / 2)];
  const bounded = best.bounded;
  return { gogc: g, explained: best.explained, tried, range: [lo, hi], bounded, ratios };
}

/** GOMAXPROCS over the trace: its value and every change (at the first cycle that shows the new value). */
export function inferProcs(cycles: readonly GctraceCycle[]): {
  initial: number;
  changes: { t: number; procs: number }[];
} {
  const changes: { t: number; procs: number }[] = [];
  for (let i = 1; i < cycles.length; i++)
    if (cycles[i].procs !== cycles[i - 1].procs) changes.push({ t: cycles[i].startSeconds, procs: cycles[i].procs });
  return { initial: cycles[0]?.procs ?? 0, changes };
}

/** Median interval between the last few cycles: when the next one would have come. */
export function recentInterval(cycles: readonly GctraceCycle[], k = 5): number {
  const n = cycles.length;
  if (n < 2) return 1;
  const d: number[] = [];
  for (let i = Math.max(1, n - k); i < n; i++) d.push(cycles[i].startSeconds - cycles[i - 1].startSeconds);
  return median(d);
}

/** The middle 50 % of a list, for the report. */
export function iqr(v: number[]): [number, number] {
  if (v.length === 0) return [NaN, NaN];
  return [quantile(v, 0.25), quantile(v, 0.75)];
}
