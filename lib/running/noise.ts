// Seeded noise on an event plan: the Monte Carlo side of capacity planning. The kernel stays deterministic and pure;
// noise is a plan → plan transform drawn from the kernel's own xoshiro128** generator (kernel/rng.ts), so a noisy run
// is reproducible from its seed and can be saved as a plain plan and run again.
//
// Two kinds, applied in this order, from one stream of random numbers:
// 1. jitter: `{ jitter: { rates: σ } }` multiplies the rates of each plan event (garbage and leak byte rates, live-heap
//      churn, request and goroutine-leak rates) by its own lognormal factor exp(σ·z − σ²/2), z ~ N(0, 1) clamped to
//      ±4: the mean factor is 1, so the long-run rate is the nominal one; σ = 0.1 is about ±10 %. One draw per event
//      that has a rate, in plan order (an event with several rates scales them all by the same factor).
//   2. poisson: `{ poisson: true }` makes request arrivals a Poisson process. Each `requests` event of rate r holds
//      until the next `requests` event (or the end); that span is cut into windows of width w and each window becomes a
//      `requests` event of rate N/w with N ~ Poisson(r·w) (the last window may be shorter). The default w is the
//      request's `lasts`: the kernel moves requests in flight to rate × lasts over `lasts`, so the in-flight count then
//      varies as Poisson(r·lasts), as an M/D/∞ queue's does. Bounded: the windows are widened (never narrowed) so that
//      all the `requests` events of the plan make at most `maxEvents` windows (default 10,000) in total, plus at most
//      one more per original `requests` event for its shorter last window.
//
// The noise stream is Rng(noiseSeed(seed)), distinct from the kernel's Rng(seed) (mark jitter), so that turning noise
// on does not shift the kernel's own draws.

import { Rng } from "../../kernel/rng";
import type { EventPlan, PlanEvent } from "../../kernel/plan";
import { ScenarioError } from "../authoring/errors";
import { RANGES } from "../authoring/settings";
import { Duration, parseDuration } from "../authoring/units";

/** Noise options as a user writes them (grid's `noise` option, `addNoise`). */
export interface NoiseOptions {
  /** Lognormal jitter of each plan event's rates: `rates` is the log standard deviation (0 to 2), e.g. 0.1 ≈ ±10 %. */
  jitter?: { rates?: number };
  /**
   * Poisson request arrivals: `true`, or options. `window`: width of the windows the arrivals are counted over
   * (default: each request's `lasts`, at least 1 ms). `maxEvents`: most windows in the whole plan (default 10,000).
   */
  poisson?: boolean | { window?: Duration; maxEvents?: number };
}

/** Noise options checked and normalized (integer ns); plain data, so it can be posted to a worker thread. */
export interface NormalizedNoise {
  jitterRates: number;
  poisson: boolean;
  /** Window width, ns; 0 = each request's lasts. */
  poissonWindowNs: number;
  poissonMaxEvents: number;
}

export const DEFAULT_POISSON_MAX_EVENTS = 10_000;
/** Narrowest Poisson window: 1 ms (a request with lasts = 0 would otherwise give zero-width windows). */
export const MIN_POISSON_WINDOW_NS = 1e6;
const MAX_POISSON_EVENTS = RANGES.poissonMaxEvents.max;
const MAX_JITTER = RANGES.jitterRates.max;

/** Checks noise options (ScenarioError naming `path.field`), or returns null when there is no noise to apply. */
export function normalizeNoise(options: NoiseOptions | undefined, path = "noise"): NormalizedNoise | null {
  if (options === undefined || options === null) return null;
  if (typeof options !== "object") throw new ScenarioError(path, options, "{ jitter: { rates: 0.1 }, poisson: true }");
  checkKeys(options, ["jitter", "poisson"], path);
  let jitterRates = 0;
  if (options.jitter !== undefined) {
    const j = options.jitter;
    if (j === null || typeof j !== "object") throw new ScenarioError(`${path}.jitter`, j, "{ rates: 0.1 }");
    checkKeys(j, ["rates"], `${path}.jitter`);
    if (j.rates !== undefined) {
      if (typeof j.rates !== "number" || !Number.isFinite(j.rates) || j.rates < 0 || j.rates > MAX_JITTER) {
        throw new ScenarioError(
          `${path}.jitter.rates`,
          j.rates,
          `a log standard deviation from 0 to ${MAX_JITTER}, like 0.1`,
        );
      }
      jitterRates = j.rates;
    }
  }
  let poisson = false;
  let poissonWindowNs = 0;
  let poissonMaxEvents = DEFAULT_POISSON_MAX_EVENTS;
  const p = options.poisson;
  if (p !== undefined && p !== false) {
    poisson = true;
    if (p !== true) {
      if (p === null || typeof p !== "object")
        throw new ScenarioError(`${path}.poisson`, p, 'true, or { window: "100ms", maxEvents: 10000 }');
      checkKeys(p, ["window", "maxEvents"], `${path}.poisson`);
      if (p.window !== undefined) {
        poissonWindowNs = parseDuration(p.window, `${path}.poisson.window`);
        if (poissonWindowNs < MIN_POISSON_WINDOW_NS)
          throw new ScenarioError(`${path}.poisson.window`, p.window, 'a window of at least "1ms"');
      }
      if (p.maxEvents !== undefined) {
        const m = p.maxEvents;
        if (typeof m !== "number" || !Number.isInteger(m) || m < 1 || m > MAX_POISSON_EVENTS) {
          throw new ScenarioError(
            `${path}.poisson.maxEvents`,
            m,
            `a whole number of events from 1 to ${MAX_POISSON_EVENTS}`,
          );
        }
        poissonMaxEvents = m;
      }
    }
  }
  if (jitterRates === 0 && !poisson) return null;
  return { jitterRates, poisson, poissonWindowNs, poissonMaxEvents };
}

/** The seed of the noise stream for a run seed: a different stream from the kernel's Rng(seed). */
export function noiseSeed(seed: number): number {
  return mix32(seed, 0x6e6f6973); // "nois"
}

/**
 * A noisy copy of `plan` (the plan is not modified), drawn from the noise stream of `seed` (default: the plan's own
 * seed). Same plan, options and seed → the same events, byte for byte.
 */
export function addNoise(
  plan: EventPlan,
  options: NoiseOptions | NormalizedNoise,
  seed: number = plan.scenario.seed,
): EventPlan {
  const noise = isNormalized(options) ? options : normalizeNoise(options);
  const out = structuredClone(plan);
  if (noise === null) return out;
  const rng = new Rng(noiseSeed(seed));
  if (noise.jitterRates > 0) jitterRates(out.events, noise.jitterRates, rng);
  if (noise.poisson) out.events = poissonRequests(out.events, out.scenario.durationNs, noise, rng);
  return out;
}

function isNormalized(o: NoiseOptions | NormalizedNoise): o is NormalizedNoise {
  return o !== null && typeof o === "object" && "poissonMaxEvents" in o;
}

/** The rate fields of each event kind that jitter scales. */
const RATE_FIELDS: Record<string, readonly string[]> = {
  liveHeap: ["churnBytesPerSec"],
  leakHeap: ["bytesPerSec"],
  garbage: ["bytesPerSec"],
  requests: ["perSec"],
  leakGoroutines: ["perSec"],
};

function jitterRates(events: PlanEvent[], sd: number, rng: Rng): void {
  for (const e of events) {
    const fields = RATE_FIELDS[e.kind];
    if (!fields) continue;
    const rec = e as unknown as Record<string, number>;
    if (!fields.some((f) => rec[f] > 0)) continue;
    const factor = Math.exp(sd * rng.normal() - (sd * sd) / 2);
    for (const f of fields) if (rec[f] > 0) rec[f] = rec[f] * factor;
  }
}

type RequestsEvent = Extract<PlanEvent, { kind: "requests" }>;

/** Replaces each `requests` event by windows of Poisson counts (see the header). Keeps the plan in time order. */
function poissonRequests(events: PlanEvent[], durationNs: number, noise: NormalizedNoise, rng: Rng): PlanEvent[] {
  // Spans: from each requests event to the next one (or the end).
  const spans: { index: number; endNs: number; widthNs: number }[] = [];
  let open = -1;
  events.forEach((e, i) => {
    if (e.kind !== "requests") return;
    if (open >= 0) spans.push(span(events[open] as RequestsEvent, open, e.atNs));
    open = i;
  });
  if (open >= 0) spans.push(span(events[open] as RequestsEvent, open, durationNs));
  function span(e: RequestsEvent, index: number, endNs: number) {
    const widthNs = Math.max(MIN_POISSON_WINDOW_NS, noise.poissonWindowNs > 0 ? noise.poissonWindowNs : e.lastsNs);
    return { index, endNs, widthNs };
  }
  const active = spans.filter((s) => (events[s.index] as RequestsEvent).perSec > 0 && s.endNs > events[s.index].atNs);
  // Bound: widen every window to at least (total span) / maxEvents.
  const totalNs = active.reduce((a, s) => a + (s.endNs - events[s.index].atNs), 0);
  const minWidthNs = Math.ceil(totalNs / noise.poissonMaxEvents);
  const windows = new Map<number, PlanEvent[]>();
  for (const s of active) {
    const e = events[s.index] as RequestsEvent;
    const w = Math.max(s.widthNs, minWidthNs);
    const list: PlanEvent[] = [];
    for (let t = e.atNs, k = 0; t < s.endNs; t += w, k++) {
      const lenNs = Math.min(w, s.endNs - t);
      const n = poisson(rng, (e.perSec * lenNs) / 1e9);
      list.push({ ...e, atNs: t, perSec: n / (lenNs / 1e9), source: `${e.source}~poisson[${k}]` });
    }
    windows.set(s.index, list);
  }
  // Merge, keeping the order of the plan: by time, then by position of the event the window came from.
  const keyed: { e: PlanEvent; order: number; sub: number }[] = [];
  events.forEach((e, i) => {
    const list = windows.get(i);
    if (list) list.forEach((w, sub) => keyed.push({ e: w, order: i, sub }));
    else keyed.push({ e, order: i, sub: 0 });
  });
  keyed.sort((a, b) => a.e.atNs - b.e.atNs || a.order - b.order || a.sub - b.sub);
  return keyed.map((k) => k.e);
}

/** A Poisson variate of mean `lambda`: inversion below 10, Hörmann's PTRS (transformed rejection) above, as numpy. */
export function poisson(rng: Rng, lambda: number): number {
  if (!(lambda > 0)) return 0;
  if (lambda < 10) {
    const u = rng.float();
    let k = 0;
    let p = Math.exp(-lambda);
    let cdf = p;
    while (u > cdf && k < 1000) {
      k++;
      p *= lambda / k;
      cdf += p;
    }
    return k;
  }
  const slam = Math.sqrt(lambda);
  const loglam = Math.log(lambda);
  const b = 0.931 + 2.53 * slam;
  const a = -0.059 + 0.02483 * b;
  const invalpha = 1.1239 + 1.1328 / (b - 3.4);
  const vr = 0.9277 - 3.6224 / (b - 2);
  for (;;) {
    const U = rng.float() - 0.5;
    const V = rng.float();
    const us = 0.5 - Math.abs(U);
    const k = Math.floor(((2 * a) / us + b) * U + lambda + 0.43);
    if (us >= 0.07 && V <= vr) return k;
    if (k < 0 || (us < 0.013 && V > us)) continue;
    if (Math.log(V) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1))
      return k;
  }
}

/** log Γ(x) for x ≥ 1 (Stirling series with a shift below 7, numpy's random_loggam). */
function logGamma(x: number): number {
  const a = [
    8.333333333333333e-2, -2.777777777777778e-3, 7.936507936507937e-4, -5.952380952380952e-4, 8.417508417508418e-4,
    -1.917526917526918e-3, 6.41025641025641e-3, -2.955065359477124e-2, 1.796443723688307e-1, -1.3924322169059,
  ];
  if (x === 1 || x === 2) return 0;
  const n = x < 7 ? Math.floor(7 - x) : 0;
  let x0 = x + n;
  const x2 = 1 / x0 / x0;
  let gl0 = a[9];
  for (let k = 8; k >= 0; k--) gl0 = gl0 * x2 + a[k];
  let gl = gl0 / x0 + 0.5 * Math.log(2 * Math.PI) + (x0 - 0.5) * Math.log(x0) - x0;
  for (let k = 1; k <= n; k++) {
    gl -= Math.log(x0 - 1);
    x0 -= 1;
  }
  return gl;
}

/** A 32-bit mix of two integers (murmur3's finalizer over a golden-ratio combination): seeds for derived streams. */
export function mix32(a: number, b: number): number {
  let z = (Math.imul(a >>> 0, 0x9e3779b1) ^ (b >>> 0)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

function checkKeys(obj: object, allowed: readonly string[], path: string): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.includes(k))
      throw new ScenarioError(
        `${path}.${k}`,
        (obj as Record<string, unknown>)[k],
        `one of the fields ${allowed.join(", ")}`,
        "unknown field",
      );
  }
}
