// The scenario DSL. A scenario is built by chained calls; each call takes effect from the current time (0 at top
// level, the `at` time inside `at`) and holds until changed. Every value is checked when the call is made, so a
// ScenarioError points at the line that is wrong; the scenario itself is data (see compile()).

import { ScenarioError } from "./errors";
import { ByteRate, CountRate, Duration, Size, parseByteRate, parseCountRate, parseDuration, parseSize } from "./units";
import type { PlanAction, PlanEvent, SizeShare } from "../../kernel/plan";
import { MARK_THROUGHPUT_LOG_SD } from "../../kernel/constants";
import type { ZodType } from "zod";
import { RANGES, inRange } from "./settings";
import type { GoVersionName } from "../../kernel/plan";
import { DEFAULT_GO_VERSION, GO_VERSION_NAMES, isGoVersionName } from "../../kernel/versions";
import { parseGoLine } from "../../kernel/versions/gomaxprocs";

/**
 * GOGC: a percentage, or "off". GOMEMLIMIT: a size, or "off". GOMAXPROCS: what the program sets (environment variable
 * or runtime.GOMAXPROCS); left out, the runtime picks its default (the node's CPUs, and since Go 1.25 the container's
 * CPU limit). version and goMod only in scenario(): they hold for the whole run.
 */
export interface GoOptions {
  /** The Go version the program is built with: "1.19", "1.26" or "1.27". Default: the newest, "1.27". */
  version?: GoVersionName;
  /**
   * The main module's go.mod `go` line, e.g. "1.24": Go 1.25+ follows the container's CPU limit only from go 1.25.
   * Default: version.
   */
  goMod?: string;
  GOGC?: number | "off";
  GOMEMLIMIT?: Size | "off";
  GOMAXPROCS?: number;
}

export interface ContainerOptions {
  /** cgroup memory limit, e.g. "256MiB"; reaching it with RSS means an OOM kill. */
  memory?: Size;
  /** CFS CPU quota in cores, e.g. 1.5. */
  cpus?: number;
  /** CPUs of the node the container runs on (what runtime.NumCPU sees). Default 2. */
  nodeCpus?: number;
}

export interface ScenarioSettings {
  go?: GoOptions;
  container?: ContainerOptions;
  /** Simulated time, e.g. "40s", "1h30m". */
  duration: Duration;
  /** Seed of the kernel's random number generator. Default 1. */
  seed?: number;
  /** Interval between timeline samples. Default: 100ms up to 2 minutes of duration, then duration/1200. */
  sampleEvery?: Duration;
  /**
   * Size of the program's global variables (data + bss), scanned by every GC and counted in the heap goal. Default
   * "256KiB".
   */
  globals?: Size;
  /**
   * Cycle-to-cycle variation of mark speed (log-sd, drawn from the seeded RNG). Default 0.25, measured on real
   * Go 1.19 runs; 0 gives a textbook run where every steady cycle is identical.
   */
  markJitter?: number;
}

export interface LiveHeapOptions {
  /** Move linearly from the current level to the new one over this time, instead of at once. */
  over?: Duration;
  /** Replace live objects at this rate: the old ones become garbage. */
  churn?: ByteRate;
  /** Size of the live objects. Default "4KiB". */
  objectSize?: Size;
  /** Whether the objects hold pointers (scanned by the GC): true, false, or the fraction of bytes. Default true. */
  pointers?: boolean | number;
}

export interface LeakHeapOptions {
  objectSize?: Size;
  pointers?: boolean | number;
}

export interface GarbageOptions {
  /** Object size. Default "1KiB". */
  size?: Size;
  /** A size mix; each share is the fraction of garbage bytes. Shares must add up to 1. */
  sizes?: { size: Size; share: number }[];
  /** Whether the objects hold pointers. Default false. */
  pointers?: boolean | number;
  /**
   * Allocate in batches on a grid of this period instead of continuously: a ticker-driven job, or a load generator
   * that catches up every few milliseconds. Each batch is rate × every bytes. Default: continuous.
   */
  every?: Duration;
  /**
   * When the program falls behind (CPU-starved, stopped, assisting), it keeps up to this much work as a backlog and
   * then runs on every P to catch up, like a saturated service draining its queue; work beyond it is dropped.
   * Default 0: work the program could not do is lost, it never runs harder than its rate.
   */
  catchUp?: Duration;
}

export interface RequestOptions {
  /** Heap each request holds while in flight, e.g. "64KiB". */
  alloc: Size;
  /** How long a request lasts, e.g. "100ms". */
  lasts: Duration;
  /** Stack each request goroutine grows to. Default "8KiB". */
  stack?: Size;
  /** Size of the objects a request allocates. Default "1KiB". */
  objectSize?: Size;
  pointers?: boolean | number;
}

export interface GoroutineOptions {
  /** Stack each goroutine grows to, e.g. "32KiB". */
  stack: Size;
  /** Move linearly to the new count over this time. */
  over?: Duration;
}

export interface LeakGoroutineOptions {
  /** Stack each leaked goroutine keeps. */
  stack: Size;
  /** Heap each leaked goroutine keeps reachable. Default 0. */
  retains?: Size;
}

/** Defaults of the DSL, in one place. */
export const DEFAULTS = {
  GOGC: 100,
  /** GOMAXPROCS where a value is needed and none is known (an import without it): the default node's CPUs. */
  GOMAXPROCS: 2,
  nodeCpus: 2,
  goVersion: DEFAULT_GO_VERSION,
  seed: 1,
  globals: 256 * 1024,
  liveObjectSize: 4096,
  leakObjectSize: 1024,
  garbageObjectSize: 1024,
  requestObjectSize: 1024,
  requestStack: 8192,
  markJitter: MARK_THROUGHPUT_LOG_SD,
} as const;

/** Calls shared by the top level and `at` blocks. `t` is when the calls take effect. */
export class Phase {
  /** @internal */ constructor(
    /** @internal */ protected readonly owner: Scenario,
    /** When calls made on this phase take effect, ns since start. */
    readonly atNs: number,
    /** @internal */ protected readonly prefix: string,
  ) {}

  /** Reachable long-lived data (caches, indexes) at this level from now on. */
  liveHeap(size: Size, options: LiveHeapOptions = {}): this {
    const p = this.path("liveHeap");
    const bytes = parseSize(size, `${p}.size`);
    checkKeys(
      options,
      ["over", "churn", "objectSize", "pointers"],
      `${p}.options`,
      p,
      '{ over: "10s", churn: "1MiB/s" }',
    );
    const overNs = options.over === undefined ? 0 : this.overNs(options.over, `${p}.over`);
    const churnBytesPerSec = options.churn === undefined ? 0 : parseByteRate(options.churn, `${p}.churn`);
    const objectSize = objectSizeOf(options.objectSize, DEFAULTS.liveObjectSize, `${p}.objectSize`);
    const pointerFraction = pointerFractionOf(options.pointers, 1, `${p}.pointers`);
    return this.add({ kind: "liveHeap", bytes, overNs, churnBytesPerSec, objectSize, pointerFraction }, p);
  }

  /** Heap that stays reachable forever, growing at this rate (a map that only grows). */
  leakHeap(rate: ByteRate, options: LeakHeapOptions = {}): this {
    const p = this.path("leakHeap");
    checkKeys(options, ["objectSize", "pointers"], `${p}.options`, p, '{ objectSize: "1KiB", pointers: true }');
    const bytesPerSec = parseByteRate(rate, `${p}.rate`);
    const objectSize = objectSizeOf(options.objectSize, DEFAULTS.leakObjectSize, `${p}.objectSize`);
    const pointerFraction = pointerFractionOf(options.pointers, 1, `${p}.pointers`);
    return this.add({ kind: "leakHeap", bytesPerSec, objectSize, pointerFraction }, p);
  }

  /** Short-lived allocation at this rate: garbage by the next GC. */
  garbage(rate: ByteRate, options: GarbageOptions = {}): this {
    const p = this.path("garbage");
    const bytesPerSec = parseByteRate(rate, `${p}.rate`);
    checkKeys(
      options,
      ["size", "sizes", "pointers", "every", "catchUp"],
      `${p}.options`,
      p,
      '{ size: "1KiB", every: "5ms" }',
    );
    if (options.size !== undefined && options.sizes !== undefined) {
      throw new ScenarioError(`${p}.sizes`, options.sizes, "either size or sizes, not both");
    }
    let sizes: SizeShare[];
    if (options.sizes !== undefined) {
      if (!Array.isArray(options.sizes) || options.sizes.length === 0) {
        throw new ScenarioError(
          `${p}.sizes`,
          options.sizes,
          'a list like [{ size: "64B", share: 0.5 }, { size: "4KiB", share: 0.5 }]',
        );
      }
      sizes = options.sizes.map((s, i) => {
        checkKeys(s, ["size", "share"], `${p}.sizes[${i}]`, `${p}.sizes[${i}]`, '{ size: "64B", share: 0.5 }');
        if (s.size === undefined)
          throw new ScenarioError(`${p}.sizes[${i}].size`, undefined, 'an object size like "1KiB"');
        const size = objectSizeOf(s.size, 0, `${p}.sizes[${i}].size`);
        const share = s?.share;
        if (!inRange(RANGES.share, share)) {
          throw new ScenarioError(`${p}.sizes[${i}].share`, share, "a fraction of bytes in (0, 1]");
        }
        return { size, share };
      });
      const total = sizes.reduce((a, s) => a + s.share, 0);
      if (Math.abs(total - 1) > 1e-9) {
        throw new ScenarioError(
          `${p}.sizes`,
          sizes.map((s) => s.share),
          "shares that add up to 1",
          `they add up to ${total}`,
        );
      }
    } else {
      sizes = [{ size: objectSizeOf(options.size, DEFAULTS.garbageObjectSize, `${p}.size`), share: 1 }];
    }
    const pointerFraction = pointerFractionOf(options.pointers, 0, `${p}.pointers`);
    const action: PlanAction = { kind: "garbage", bytesPerSec, sizes, pointerFraction };
    if (options.every !== undefined) {
      const everyNs = parseDuration(options.every, `${p}.every`);
      if (everyNs < RANGES.everyNs.min)
        throw new ScenarioError(`${p}.every`, options.every, 'a period of at least "1us"');
      action.everyNs = everyNs;
    }
    if (options.catchUp !== undefined) {
      const catchUpNs = parseDuration(options.catchUp, `${p}.catchUp`);
      if (catchUpNs > 0) action.catchUpNs = catchUpNs;
    }
    return this.add(action, p);
  }

  /** One goroutine per request, holding `alloc` of heap for `lasts`. In flight ≈ rate × lasts. */
  requests(rate: CountRate, options: RequestOptions): this {
    const p = this.path("requests");
    const perSec = parseCountRate(rate, `${p}.rate`);
    checkKeys(
      options,
      ["alloc", "lasts", "stack", "objectSize", "pointers"],
      `${p}.options`,
      p,
      '{ alloc: "64KiB", lasts: "100ms" }',
    );
    const allocBytes = parseSize(options.alloc, `${p}.alloc`);
    const lastsNs = parseDuration(options.lasts, `${p}.lasts`);
    const stackBytes = stackSizeOf(options.stack ?? DEFAULTS.requestStack, `${p}.stack`);
    const objectSize = objectSizeOf(options.objectSize, DEFAULTS.requestObjectSize, `${p}.objectSize`);
    const pointerFraction = pointerFractionOf(options.pointers, 1, `${p}.pointers`);
    return this.add({ kind: "requests", perSec, allocBytes, lastsNs, stackBytes, objectSize, pointerFraction }, p);
  }

  /** Long-lived parked goroutines (worker pools, connections). A lower count lets some exit. */
  goroutines(count: number, options: GoroutineOptions): this {
    const p = this.path("goroutines");
    if (!inRange(RANGES.count, count)) {
      throw new ScenarioError(
        `${p}.count`,
        count,
        `a whole number of goroutines from ${RANGES.count.min} to ${RANGES.count.max}`,
      );
    }
    checkKeys(options, ["stack", "over"], `${p}.options`, p, '{ stack: "8KiB" }');
    const stackBytes = stackSizeOf(options.stack, `${p}.stack`);
    const overNs = options.over === undefined ? 0 : this.overNs(options.over, `${p}.over`);
    return this.add({ kind: "goroutines", count, stackBytes, overNs }, p);
  }

  /** Goroutines blocked forever (e.g. on an unconsumed channel), each keeping its stack and `retains` of heap. */
  leakGoroutines(rate: CountRate, options: LeakGoroutineOptions): this {
    const p = this.path("leakGoroutines");
    const perSec = parseCountRate(rate, `${p}.rate`);
    checkKeys(options, ["stack", "retains"], `${p}.options`, p, '{ stack: "8KiB", retains: "32KiB" }');
    const stackBytes = stackSizeOf(options.stack, `${p}.stack`);
    const retainsBytes = options.retains === undefined ? 0 : parseSize(options.retains, `${p}.retains`);
    return this.add({ kind: "leakGoroutines", perSec, stackBytes, retainsBytes }, p);
  }

  /** debug.SetGCPercent / debug.SetMemoryLimit / runtime.GOMAXPROCS from now on. */
  go(options: GoOptions): this {
    const p = this.path("go");
    const s = parseGoOptions(options, p);
    return this.add({ kind: "go", ...s }, p);
  }

  /** An in-place resize of the container (cgroup memory limit and CPU quota). */
  container(options: ContainerOptions): this {
    const p = this.path("container");
    const c = parseContainerOptions(options, p);
    return this.add({ kind: "container", ...c }, p);
  }

  /** runtime.GC(): a forced, blocking collection now. */
  gc(): this {
    return this.add({ kind: "gc" }, this.path("gc"));
  }

  /** @internal */ protected path(call: string): string {
    return this.prefix ? `${this.prefix}.${call}` : call;
  }

  /** @internal */ protected overNs(value: Duration, path: string): number {
    const ns = parseDuration(value, path);
    if (this.atNs + ns > this.owner.durationNs) {
      throw new ScenarioError(
        path,
        value,
        `a duration that ends by the scenario's end (${this.owner.durationText})`,
        "over past the end",
      );
    }
    return ns;
  }

  /** @internal */ protected add(action: PlanAction, source: string): this {
    this.owner.pushEvent({ ...action, atNs: this.atNs, source } as PlanEvent);
    return this;
  }
}

/** A scenario: the top-level phase (t = 0) plus `at` blocks. */
// A nested at() is a mistake TypeScript catches (Phase has no at()); in JavaScript, or through `any`, it would fail as
// "s.at is not a function". At run time a phase answers it with a ScenarioError that says what to write instead
// (Scenario's own at() shadows this one).
Object.defineProperty(Phase.prototype, "at", {
  configurable: true,
  writable: true,
  enumerable: false,
  value: function nestedAt(this: Phase, time: unknown): never {
    const prefix = (this as unknown as { prefix: string }).prefix;
    throw new ScenarioError(
      `${prefix}.at`,
      time,
      "at() on the scenario itself (at() cannot be nested: give the inner call its own top-level at() with the absolute time)",
    );
  },
});

export class Scenario extends Phase {
  readonly name: string;
  /** @internal */ readonly durationNs: number;
  /** @internal */ readonly durationText: string;
  /** @internal */ readonly settings: ReturnType<typeof parseSettings>;
  /** @internal */ readonly events: PlanEvent[] = [];

  /** @internal */ constructor(name: string, settings: ScenarioSettings) {
    if (typeof name !== "string" || name.trim() === "")
      throw new ScenarioError("scenario.name", name, "a non-empty name");
    const parsed = parseSettings(settings);
    super(undefined as unknown as Scenario, 0, "");
    (this as unknown as { owner: Scenario }).owner = this;
    this.name = name;
    this.settings = parsed;
    this.durationNs = parsed.durationNs;
    this.durationText = typeof settings.duration === "string" ? settings.duration : `${settings.duration}s`;
  }

  /** Calls inside `body` take effect at `time`. */
  at(time: Duration, body: (s: Phase) => unknown): this {
    const atNs = parseDuration(time, `at`);
    if (atNs > this.durationNs) {
      throw new ScenarioError("at", time, `a time within the scenario's duration (${this.durationText})`);
    }
    if (typeof body !== "function")
      throw new ScenarioError(`at(${describeTime(time)})`, body, "a function (s) => s.garbage(...)");
    body(new Phase(this, atNs, `at(${describeTime(time)})`));
    return this;
  }

  /** @internal */ pushEvent(e: PlanEvent): void {
    this.events.push(e);
  }
}

/** Starts a scenario. */
export function scenario(name: string, settings: ScenarioSettings): Scenario {
  return new Scenario(name, settings);
}

function describeTime(t: Duration): string {
  return typeof t === "number" ? `${t}s` : t;
}

function parseSettings(settings: ScenarioSettings) {
  if (settings === null || typeof settings !== "object") {
    throw new ScenarioError("scenario", settings, '{ duration: "40s", go: {...}, container: {...} }');
  }
  checkKeys(
    settings,
    ["go", "container", "duration", "seed", "sampleEvery", "globals", "markJitter"],
    "scenario",
    "",
    '{ duration: "40s", go: {...}, container: {...} }',
  );
  if (settings.duration === undefined) throw new ScenarioError("duration", undefined, 'a duration like "40s"');
  const durationNs = parseDuration(settings.duration, "duration");
  if (durationNs <= 0) throw new ScenarioError("duration", settings.duration, "a duration longer than zero");
  // (a field left out takes its default; null is not a way to leave it out: checkKeys rejects it)
  const go = parseGoOptions(settings.go === undefined ? {} : settings.go, "go", true);
  const container = parseContainerOptions(
    settings.container === undefined ? {} : settings.container,
    "container",
    true,
  );
  const seed = settings.seed === undefined ? DEFAULTS.seed : settings.seed;
  if (!inRange(RANGES.seed, seed))
    throw new ScenarioError("seed", seed, `a whole number from ${RANGES.seed.min} to ${RANGES.seed.max}`);
  let sampleEveryNs: number;
  if (settings.sampleEvery !== undefined) {
    sampleEveryNs = parseDuration(settings.sampleEvery, "sampleEvery");
    if (sampleEveryNs < RANGES.sampleEveryNs.min)
      throw new ScenarioError("sampleEvery", settings.sampleEvery, 'a duration of at least "1ms"');
  } else {
    sampleEveryNs = durationNs <= 120e9 ? 100e6 : Math.round(durationNs / 1200 / 1e6) * 1e6;
  }
  const globalsBytes = settings.globals === undefined ? DEFAULTS.globals : parseSize(settings.globals, "globals");
  const markJitter = settings.markJitter === undefined ? DEFAULTS.markJitter : settings.markJitter;
  if (!inRange(RANGES.markJitter, markJitter)) {
    throw new ScenarioError("markJitter", markJitter, "a log standard deviation from 0 (no noise) to 1");
  }
  return {
    go: {
      version: go.version ?? DEFAULTS.goVersion,
      goMod: go.goMod ?? go.version ?? DEFAULTS.goVersion,
      GOGC: go.GOGC ?? DEFAULTS.GOGC,
      GOMEMLIMIT: go.GOMEMLIMIT === undefined ? null : go.GOMEMLIMIT,
      GOMAXPROCS: go.GOMAXPROCS ?? null,
    },
    container: {
      memoryBytes: container.memoryBytes ?? null,
      cpus: container.cpus ?? null,
      nodeCpus: container.nodeCpus ?? DEFAULTS.nodeCpus,
    },
    durationNs,
    seed,
    sampleEveryNs,
    globalsBytes,
    markJitter,
  };
}

function parseGoOptions(
  options: GoOptions,
  p: string,
  top = false,
): { version?: GoVersionName; goMod?: string; GOGC?: number; GOMEMLIMIT?: number | null; GOMAXPROCS?: number } {
  const form = top
    ? '{ version: "1.26", GOGC: 100, GOMEMLIMIT: "512MiB", GOMAXPROCS: 2 }'
    : '{ GOGC: 100, GOMEMLIMIT: "512MiB", GOMAXPROCS: 2 }';
  if (options === null || typeof options !== "object") throw new ScenarioError(p, options, form);
  checkKeys(
    options,
    top ? ["version", "goMod", "GOGC", "GOMEMLIMIT", "GOMAXPROCS"] : ["GOGC", "GOMEMLIMIT", "GOMAXPROCS"],
    p,
    p,
    form,
  );
  const out: {
    version?: GoVersionName;
    goMod?: string;
    GOGC?: number;
    GOMEMLIMIT?: number | null;
    GOMAXPROCS?: number;
  } = {};
  if (options.version !== undefined) {
    if (!isGoVersionName(options.version))
      throw new ScenarioError(
        `${p}.version`,
        options.version,
        `one of the Go versions ${GO_VERSION_NAMES.map((v) => `"${v}"`).join(", ")}`,
      );
    out.version = options.version;
  }
  if (options.goMod !== undefined) {
    if (typeof options.goMod !== "string" || parseGoLine(options.goMod) === null)
      throw new ScenarioError(`${p}.goMod`, options.goMod, 'a go.mod go line like "1.24" or "1.25.3"');
    out.goMod = options.goMod;
  }
  if (options.GOGC !== undefined) {
    const g = options.GOGC;
    if (g === "off") out.GOGC = -1;
    else if (typeof g === "number" && g >= 0 && inRange(RANGES.GOGC, g)) out.GOGC = g;
    else throw new ScenarioError(`${p}.GOGC`, g, 'a whole percentage like 100, or "off"');
  }
  if (options.GOMEMLIMIT !== undefined) {
    const m = options.GOMEMLIMIT;
    if (m === "off") out.GOMEMLIMIT = null;
    else {
      const bytes = parseSize(m, `${p}.GOMEMLIMIT`, 'a size like "512MiB", or "off"');
      if (bytes <= 0) throw new ScenarioError(`${p}.GOMEMLIMIT`, m, 'a size larger than zero, or "off"');
      out.GOMEMLIMIT = bytes;
    }
  }
  if (options.GOMAXPROCS !== undefined) {
    const n = options.GOMAXPROCS;
    if (!inRange(RANGES.GOMAXPROCS, n)) {
      throw new ScenarioError(
        `${p}.GOMAXPROCS`,
        n,
        `a whole number of Ps from ${RANGES.GOMAXPROCS.min} to ${RANGES.GOMAXPROCS.max}`,
      );
    }
    out.GOMAXPROCS = n;
  }
  return out;
}

function parseContainerOptions(
  options: ContainerOptions,
  p: string,
  top = false,
): { memoryBytes?: number; cpus?: number; nodeCpus?: number } {
  const form = top ? '{ memory: "512MiB", cpus: 1.5, nodeCpus: 8 }' : '{ memory: "512MiB", cpus: 1.5 }';
  if (options === null || typeof options !== "object") throw new ScenarioError(p, options, form);
  checkKeys(options, top ? ["memory", "cpus", "nodeCpus"] : ["memory", "cpus"], p, p, form);
  const out: { memoryBytes?: number; cpus?: number; nodeCpus?: number } = {};
  if (options.nodeCpus !== undefined) {
    const n = options.nodeCpus;
    if (!inRange(RANGES.nodeCpus, n))
      throw new ScenarioError(
        `${p}.nodeCpus`,
        n,
        `a whole number of CPUs from ${RANGES.nodeCpus.min} to ${RANGES.nodeCpus.max}`,
      );
    out.nodeCpus = n;
  }
  if (options.memory !== undefined) {
    const bytes = parseSize(options.memory, `${p}.memory`);
    if (bytes < RANGES.memoryBytes.min)
      throw new ScenarioError(`${p}.memory`, options.memory, 'a size of at least "1MiB"');
    out.memoryBytes = bytes;
  }
  if (options.cpus !== undefined) {
    const c = options.cpus;
    if (c === null || !inRange(RANGES.cpus, c)) {
      throw new ScenarioError(`${p}.cpus`, c, "a number of cores like 0.5 or 2 (at least 0.01)");
    }
    out.cpus = c;
  }
  return out;
}

function objectSizeOf(value: Size | undefined, dflt: number, path: string): number {
  if (value === undefined) return dflt;
  const bytes = parseSize(value, path);
  if (bytes < 1) throw new ScenarioError(path, value, 'an object size of at least "1B"');
  if (bytes > RANGES.objectSize.max) throw new ScenarioError(path, value, 'an object size of at most "1TiB"');
  return bytes;
}

function stackSizeOf(value: Size | undefined, path: string): number {
  if (value === undefined) throw new ScenarioError(path, value, 'a stack size like "8KiB"');
  const bytes = parseSize(value, path, 'a stack size like "8KiB"');
  if (bytes > RANGES.stackBytes.max)
    throw new ScenarioError(path, value, 'a stack size of at most "1GiB" (Go\'s maxstacksize)');
  return bytes;
}

function pointerFractionOf(value: boolean | number | undefined, dflt: number, path: string): number {
  if (value === undefined) return dflt;
  if (value === true) return 1;
  if (value === false) return 0;
  if (typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 1) return value;
  throw new ScenarioError(path, value, "true, false, or the fraction of bytes that hold pointers (0 to 1)");
}

/** A plain object with no field but `allowed` and no null value: what shapeOf(allowed) accepts. */
function plainShape(obj: unknown, allowed: readonly string[]): boolean {
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return false;
  for (const k of Object.keys(obj))
    if (!allowed.includes(k) || (obj as Record<string, unknown>)[k] === null) return false;
  return true;
}

/** The zod schema of an options object with these fields (cached): a plain object, no other field, no null value. */
const SHAPES = new Map<string, ZodType>();
function shapeOf(allowed: readonly string[]): ZodType {
  const key = allowed.join(",");
  let shape = SHAPES.get(key);
  if (!shape) {
    // zod is loaded the first time an options object is not of its shape (it takes 50–100 ms to load: a valid
    // scenario, a notebook's first chart, never pays it)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { z } = require("zod") as typeof import("zod");
    const notNull = z
      .unknown()
      .refine((v) => v !== null, { message: "null" })
      .optional();
    shape = z.strictObject(Object.fromEntries(allowed.map((k) => [k, notNull])));
    SHAPES.set(key, shape);
  }
  return shape;
}

/**
 * Checks an options object's shape with zod: a plain object (not null, a number, a boolean or an array: `path`, with
 * `example`), no field but `allowed` (`path.field`, "unknown field"), and no null value (`valuePath.field`: null does
 * not mean "the default", leaving the field out does). The values themselves are parsed by the calls (units, RANGES).
 */
function checkKeys(obj: unknown, allowed: readonly string[], path: string, valuePath: string, example: string): void {
  if (plainShape(obj, allowed)) return; // what the schema accepts, checked without loading it
  const r = shapeOf(allowed).safeParse(obj);
  if (r.success) return;
  const issue = r.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    const k = issue.keys[0];
    throw new ScenarioError(
      `${path}.${k}`,
      (obj as Record<string, unknown>)[k],
      `one of the fields ${allowed.join(", ")}`,
      "unknown field",
    );
  }
  if (issue.path.length > 0) {
    const k = String(issue.path[0]);
    throw new ScenarioError(
      valuePath ? `${valuePath}.${k}` : k,
      null,
      "a value, or the field left out for its default (null is not a default)",
    );
  }
  throw new ScenarioError(path, obj, example);
}
