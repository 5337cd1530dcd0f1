// Change points: where a series of per-cycle figures (allocation rate, live heap, stacks) changes its behaviour.
//
// PELT (Killick, Fearnhead & Eckley 2012, "Optimal detection of changepoints with a linear computational cost",
// JASA 107:500) finds the segmentation minimizing Σ segment cost + β × (number of change points) exactly, pruning
// candidate last change points that can never win again, so it runs in close to linear time. npm has no maintained
// change-point package (bayesian-changepoint: one release, a description copied from another package, no types), so
// PELT is written here on top of simple-statistics, which gives the robust noise scale (median absolute deviation)
// and the per-segment least-squares fits.
//
// Two segment costs, each O(1) from prefix sums:
//   - piecewise constant with weights (a rate per interval, weighted by the interval's length): Σ w (y − ȳ_w)²;
//   - piecewise linear in time (a level that may rise or fall): the residual sum of squares of the segment's
//     least-squares line.
// The penalty β is a multiple of σ² log n (the BIC's form), σ the series' noise scale estimated from the median
// absolute deviation of its successive differences (robust to the change points themselves).

import { medianAbsoluteDeviation, linearRegression, median } from "simple-statistics";

/** A segment of a series: indices [from, to). */
export interface Segment {
  from: number;
  to: number;
}

/** Cost of the segment [s, e) (e > s); must be ≥ 0 and may only fall when a segment is split (PELT's K = 0). */
export type SegmentCost = (s: number, e: number) => number;

/**
 * PELT: the segmentation of n points minimizing Σ cost + penalty × (segments − 1), with every segment at least
 * minSize points long. Returns the segments in order.
 */
export function pelt(n: number, cost: SegmentCost, penalty: number, minSize = 1): Segment[] {
  if (!(n >= 1)) return [];
  if (!(penalty >= 0) || !Number.isFinite(penalty))
    throw new Error(`pelt: penalty must be a finite number ≥ 0, got ${penalty}`);
  const m = Math.max(1, Math.floor(minSize));
  if (n < 2 * m) return [{ from: 0, to: n }];
  // F[t]: the best total for the first t points; last[t]: the start of the last segment in it.
  const F = new Float64Array(n + 1).fill(Infinity);
  const last = new Int32Array(n + 1).fill(-1);
  F[0] = -penalty;
  let candidates: number[] = [0];
  for (let t = m; t <= n; t++) {
    // Prune: if F(τ) + C(τ, s) > F(s) for some s, τ is never again the best last change point of a segmentation
    // ending at T ≥ s + m, which can split at s instead (C(τ,T) ≥ C(τ,s) + C(s,T)). With a minimum segment length m
    // that holds only from T = s + m on, so the check at T uses s = T − m.
    const s = t - m;
    if (s > 0 && Number.isFinite(F[s])) {
      const tol = 1e-12 * Math.max(1, Math.abs(F[s]));
      candidates = candidates.filter((tau) => tau >= s || F[tau] + cost(tau, s) <= F[s] + tol);
    }
    let best = Infinity;
    let arg = -1;
    for (const tau of candidates) {
      if (t - tau < m) continue;
      const v = F[tau] + cost(tau, t) + penalty;
      if (v < best) {
        best = v;
        arg = tau;
      }
    }
    F[t] = best;
    last[t] = arg;
    // t becomes a candidate last change point: a first segment of at least m points can end at it.
    if (Number.isFinite(F[t])) candidates.push(t);
  }
  const segments: Segment[] = [];
  let t = n;
  while (t > 0) {
    const s = last[t];
    if (s < 0) return [{ from: 0, to: n }];
    segments.push({ from: s, to: t });
    t = s;
  }
  return segments.reverse();
}

/** Prefix sums of a series, so that segment sums are O(1). */
function prefix(values: ArrayLike<number>): Float64Array {
  const p = new Float64Array(values.length + 1);
  for (let i = 0; i < values.length; i++) p[i + 1] = p[i] + values[i];
  return p;
}

/** Cost of a weighted piecewise-constant fit: Σ w (y − ȳ_w)² over the segment. */
export function constantCost(y: ArrayLike<number>, w?: ArrayLike<number>): SegmentCost {
  const n = y.length;
  const ws = w ?? new Float64Array(n).fill(1);
  const W = prefix(ws);
  const WY = prefix(Array.from({ length: n }, (_, i) => ws[i] * y[i]));
  const WYY = prefix(Array.from({ length: n }, (_, i) => ws[i] * y[i] * y[i]));
  return (s, e) => {
    const sw = W[e] - W[s];
    if (sw <= 0) return 0;
    const swy = WY[e] - WY[s];
    return Math.max(0, WYY[e] - WYY[s] - (swy * swy) / sw);
  };
}

/** Cost of a piecewise-linear fit in x: the residual sum of squares of each segment's least-squares line. */
export function linearCost(x: ArrayLike<number>, y: ArrayLike<number>): SegmentCost {
  const n = y.length;
  // Centered x keeps the sums well conditioned over long traces.
  let mx = 0;
  for (let i = 0; i < n; i++) mx += x[i] / n;
  const xc = Array.from({ length: n }, (_, i) => x[i] - mx);
  const X = prefix(xc);
  const Y = prefix(y);
  const XX = prefix(xc.map((v) => v * v));
  const XY = prefix(xc.map((v, i) => v * y[i]));
  const YY = prefix(Array.from({ length: n }, (_, i) => y[i] * y[i]));
  return (s, e) => {
    const k = e - s;
    if (k <= 1) return 0;
    const sx = X[e] - X[s];
    const sy = Y[e] - Y[s];
    const sxx = XX[e] - XX[s] - (sx * sx) / k;
    const syy = YY[e] - YY[s] - (sy * sy) / k;
    const sxy = XY[e] - XY[s] - (sx * sy) / k;
    const rss = sxx > 1e-12 ? syy - (sxy * sxy) / sxx : syy;
    return Math.max(0, rss);
  };
}

/**
 * Noise scale of a series: 1.4826 × the median absolute deviation of its successive differences, over √2 (the
 * differences of independent noise have twice its variance; a trend or a few change points barely move the median).
 * With weights (Var(y_i) = σ² / w_i), each difference is scaled to unit weight first. 0 for fewer than 3 points.
 */
export function noiseScale(y: ArrayLike<number>, w?: ArrayLike<number>): number {
  if (y.length < 3) return 0;
  const d: number[] = [];
  for (let i = 1; i < y.length; i++) {
    const scale = w ? Math.sqrt(1 / (1 / w[i] + 1 / w[i - 1])) : Math.SQRT1_2;
    d.push((y[i] - y[i - 1]) * scale);
  }
  return 1.4826 * medianAbsoluteDeviation(d);
}

/** The least-squares line of a segment: value at x = intercept + slope × x. */
export function segmentLine(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  seg: Segment,
): { slope: number; intercept: number } {
  const pts: [number, number][] = [];
  for (let i = seg.from; i < seg.to; i++) pts.push([x[i], y[i]]);
  if (pts.length === 1) return { slope: 0, intercept: pts[0][1] };
  const { m, b } = linearRegression(pts);
  return { slope: m, intercept: b };
}

/** The weighted mean of a segment. */
export function segmentMean(y: ArrayLike<number>, w: ArrayLike<number> | undefined, seg: Segment): number {
  let sw = 0;
  let swy = 0;
  for (let i = seg.from; i < seg.to; i++) {
    const wi = w ? w[i] : 1;
    sw += wi;
    swy += wi * y[i];
  }
  return sw > 0 ? swy / sw : median(Array.from({ length: seg.to - seg.from }, (_, k) => y[seg.from + k]));
}
