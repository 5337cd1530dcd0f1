// The container's memory limit and the kernel's OOM killer (Linux mm/memcontrol.c: a cgroup whose charge reaches
// memory.limit_in_bytes and cannot reclaim kills the process), and the peaks of RSS and heap in use the summary
// reports. RSS is heap.ts's (pages touched, metadata, stacks, the runtime's baseline). The kill is at the crossing
// itself: the runtime splits a step where RSS could reach the limit (earliestOomNs) and checks every instantaneous
// change (beforeJump/check); the last timeline sample is the state at the kill, RSS at the limit.

import type { HeapMemory } from "./heap";
import type { EventLog } from "./eventlog";
import { SAMPLE, SAMPLE_FIELDS, type SampleLog } from "./samplelog";
import type { Workload } from "./workload";
import { RunawayScenarioError } from "./budget";
import { ARENA_METADATA_RATIO, MSPAN_RATIO } from "./constants";
import { STACK_MIN } from "./workload/stacks";

/** RSS per byte of span taken from released or new pages: the page, the heap bitmap it touches, its mspan (heap.ts). */
export const RSS_PER_SPAN_BYTE = 1 + ARENA_METADATA_RATIO + MSPAN_RATIO;

/** RSS per byte of span for a heap whose arena metadata is `arenaMetadataRatio` per byte (the version's heapArena). */
export function rssPerSpanByte(arenaMetadataRatio: number): number {
  return 1 + arenaMetadataRatio + MSPAN_RATIO;
}

/**
 * Most memory a run may reach, bytes (1 PiB, the DSL's largest size): byte counts stay exact integers in doubles far
 * below 2^53, and nothing larger is a plan for a real machine. Past it the run fails (RunawayScenarioError).
 */
export const MAX_MODEL_BYTES = 2 ** 50;

/** A timeline sample's row width (the fields, then the phase). */
const SAMPLE_WIDTH = SAMPLE_FIELDS.length + 1;

/** Writes the runtime's state now into a sample row at offset i (runtime.ts: sampleInto). */
export type Snapshot = (row: Float64Array, i: number) => void;

/** notePeaks' failure, out of line (notePeaks runs at every step that allocates). */
function ranAway(nowNs: number): never {
  throw new RunawayScenarioError(
    `scenario ran away: RSS passes 1 PiB at ${(nowNs / 1e9).toFixed(3)} s (the largest memory the model holds to the byte); ` +
      `shorten the duration, lower the rates, or set a container memory limit`,
  );
}

export class ContainerMemory {
  /** The container's memory limit, bytes; null = none. Changed by the scenario's container actions. */
  limitBytes: number | null;
  /** The limit before the scenario's actions at this instant (set by the runtime when an instant's actions begin). */
  limitBefore: number | null = null;
  /** The scenario's actions at this instant lowered the limit (a resize): the process dies with the RSS it has. */
  limitLowered = false;
  /** Highest RSS measured, bytes (at step ends, instantaneous changes and samples). */
  peakRss = 0;
  /** Highest heap in use (objects + unused in in-use spans) measured at the same instants, bytes. */
  peakHeapInUse = 0;
  /** Time of the kill, ns; null while alive. */
  killedAtNs: number | null = null;
  /** The state before an instantaneous change that may reach the limit (beforeJump), if jumpRowValid. */
  readonly jumpRow = new Float64Array(SAMPLE_WIDTH);
  jumpRowValid = false;

  constructor(
    limitBytes: number | null,
    private readonly heap: HeapMemory,
    private readonly samples: SampleLog,
    private readonly events: EventLog,
    private readonly snapshot: Snapshot,
  ) {
    this.limitBytes = limitBytes;
  }

  /** Keeps the state now for the final sample (the state before a batch of garbage that may reach the limit). */
  keepState(): void {
    this.snapshot(this.jumpRow, 0);
    this.jumpRowValid = true;
  }

  /**
   * Before an instantaneous change of memory (a scenario action, timers' batches, stacks resized at mark termination)
   * that takes at most `spanBytes` more span bytes: keeps the state as it is if the change could reach the limit, for
   * the final sample (the process is killed while the change is made: it never has the state after it).
   */
  beforeJump(spanBytes: number): void {
    this.jumpRowValid = false;
    if (this.limitBytes === null) return;
    if (this.heap.rss() + spanBytes * rssPerSpanByte(this.heap.arenaMetadataRatio) < this.limitBytes) return;
    this.keepState();
  }

  /**
   * After a step or an instantaneous change: the OOM kill if RSS reached the limit (returns true: the run ends at
   * `nowNs`), otherwise the peaks.
   */
  check(nowNs: number): boolean {
    const rss = this.heap.rss();
    if (this.limitBytes !== null && rss >= this.limitBytes) return this.killAtCheck(nowNs);
    this.notePeaks(rss, this.heap.inUse(), nowNs);
    return false;
  }

  /** check's kill (out of line: check runs at every step that allocates). Returns true. */
  private killAtCheck(nowNs: number): boolean {
    this.kill(nowNs, this.jumpRowValid ? this.jumpRow : null);
    return true;
  }

  /** Peaks over the instants RSS is measured on; past MAX_MODEL_BYTES the scenario has run away. */
  notePeaks(rss: number, inUse: number, nowNs: number): void {
    if (inUse > this.peakHeapInUse) this.peakHeapInUse = inUse;
    if (rss > this.peakRss) {
      this.peakRss = rss;
      if (rss > MAX_MODEL_BYTES) ranAway(nowNs);
    }
  }

  /**
   * The OOM killer ends the process at `nowNs`, RSS at the limit: the last timeline sample is taken here, from
   * `before` (the state before an instantaneous change that reached the limit) or from the state now (a step that ends
   * at the crossing), RSS at the limit — unless the limit itself was just lowered below RSS (a container resize): then
   * the process dies with the RSS it has.
   */
  kill(nowNs: number, before: Float64Array | null): void {
    const limit = this.limitBytes as number;
    this.killedAtNs = nowNs;
    this.events.add(nowNs, "oom-kill", limit);
    const i = this.samples.append();
    const c = this.samples.row;
    if (before !== null) c.set(before.subarray(0, SAMPLE_WIDTH), i);
    else this.snapshot(c, i);
    c[i] = nowNs;
    // RSS at the kill is the limit (a step ends within a nanosecond of the crossing, an instantaneous change is cut
    // short there), but for a limit lowered below the RSS the process has: that RSS is what it dies with.
    if (!this.limitLowered || c[i + SAMPLE.rssBytes] < limit) c[i + SAMPLE.rssBytes] = limit;
    this.notePeaks(c[i + SAMPLE.rssBytes], c[i + SAMPLE.heapObjectsBytes] + c[i + SAMPLE.heapUnusedBytes], nowNs);
  }
}

/** staysBelowLimit's margin: its bound is taken this much larger, far above the rounding of either computation. */
const BOUND_MARGIN = 1 + 1e-9;

/**
 * Whether RSS, `distance` bytes below the container's limit, certainly stays below it over the next `dtNs` — the
 * common case, checked before earliestOomNs at every step under a limit (runtime: advanceUnderLimit). When the
 * mutator is not behind (earliestOomNs's progress is 1) and stacks do not move, earliestOomNs's step can take at
 * most `most` span bytes (Workload.spanBytesBound: the same terms), each adding at most `perSpanByte` of RSS
 * (MSPAN_RATIO from free pages, the whole of perSpanByte from released or new ones), while reaching the limit takes
 * at least distance / perSpanByte of them. So `perSpanByte · most < distance` implies earliestOomNs's
 * `most < spanBytes`: it would return Infinity and the step would not be split; this answer is the same, without its
 * work. Taken with a margin of 1e-9 over rounding, so true here is never false there; false only sends the step to
 * earliestOomNs (the crossing is computed exactly as before whenever it can matter).
 * @param perSpanByte RSS per byte of span from new pages (rssPerSpanByte)
 */
export function staysBelowLimit(distance: number, dtNs: number, w: Workload, perSpanByte: number): boolean {
  return !w.behind() && !w.stacksMoving() && perSpanByte * w.spanBytesBound(dtNs) * BOUND_MARGIN < distance;
}

/**
 * The earliest instant in (nowNs, t] at which RSS, `distance` bytes below the container's limit, could reach it at the
 * workload's rates, or Infinity if it cannot by then. A bound, not a guess: RSS grows by at most RSS_PER_SPAN_BYTE per
 * byte of span taken from released or new pages, and by MSPAN_RATIO per byte taken from the resident free pages
 * (heap.ts: takePages; a stack that grows may take them too, so they are not counted while stacks move). Span bytes
 * come from allocation (the step's allocation rate at `progress` — at least full speed — in batches on the grid when
 * batched, times its span overhead) and from stacks (g structs included). A step to that instant cannot cross before
 * its end: if RSS is at the limit there, that is the kill's instant.
 * @param freeBytes the heap's resident free pages
 * @param progress the mutator's progress over the step, at least 1 (runtime.ts: stepProgress)
 */
export function earliestOomNs(
  nowNs: number,
  t: number,
  distance: number,
  freeBytes: number,
  w: Workload,
  progress: number,
  perSpanByte = RSS_PER_SPAN_BYTE,
): number {
  const stacksRate = w.stacksMoving() ? w.stackBytesRate() * (1 + w.gSlotBytes / STACK_MIN) : 0; // bytes/ns
  // Span bytes d that could take RSS over the distance: MSPAN_RATIO·d even from free pages (heap.ts: takePages
  // raises the mspan peak before taking them), plus (1 + bitmap)·(d − free) once they run out.
  const free = stacksRate > 0 ? 0 : freeBytes;
  const spanBytes =
    MSPAN_RATIO * free >= distance ? distance / MSPAN_RATIO : free + (distance - MSPAN_RATIO * free) / perSpanByte;
  const overhead = Math.max(w.garbageOverhead, w.reachableSpanOverhead(), 1);
  const dt = t - nowNs;
  // Most span bytes the step could take (rate × time, plus one batch more than the grid's average).
  const most =
    overhead * ((w.allocRate() * progress * dt) / 1e9 + (w.garbageEveryNs > 0 ? w.garbageBatchBytes() * progress : 0)) +
    stacksRate * dt;
  if (most < spanBytes) return Infinity;
  if (stacksRate <= 0) return nowNs + w.timeToAllocate(nowNs, spanBytes / overhead, progress, t);
  // Either the allocation or the stacks take half of it first.
  const byAlloc = w.timeToAllocate(nowNs, spanBytes / 2 / overhead, progress, t);
  const byStacks = Math.max(1, Math.floor(spanBytes / 2 / stacksRate));
  const at = nowNs + Math.min(byAlloc, byStacks);
  return at <= t ? at : Infinity;
}
