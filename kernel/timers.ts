// The kernel's event kinds, in one table (kind, priority at equal times, why), and its timers: a Timer is one pending
// event of a kind that can be re-armed and cancelled (the trigger, the next mark step, the end of a pause, a CFS
// throttle, the sweep's end). A timer never fires in the past: arming it before the current time is a bug in the model
// and throws (EventQueue.push checks the same for every event), so simulated time can only move forward.
//
// A timer keeps a generation number: arming or cancelling it bumps the generation, and the event loop drops a popped
// event whose generation is not its timer's current one (Timer.fires). That is the whole cancellation: the queue is
// never searched.

import { EventQueue } from "./scheduler";

/** One kind of kernel event. */
export interface EventKindInfo {
  readonly name: string;
  /** Order among events at the same instant: lower runs first. */
  readonly priority: number;
  /** Why it runs at that rank. */
  readonly why: string;
}

/**
 * Every event kind, indexed by its code (E_* below). The priorities order the instant's work: the scenario's actions
 * first (what the user wrote at t takes effect at t), then what they start or end (ramps), pauses ending before the
 * mark steps that follow them, the heap and time triggers, then the observers (timeline samples) and the end of the
 * run after everything else at that instant.
 */
export const EVENT_KINDS: readonly EventKindInfo[] = [
  { name: "plan", priority: 0, why: "a scenario action at t takes effect before anything else at t" },
  { name: "ramp-end", priority: 1, why: "ramps set by an action end before the GC looks at the rates they leave" },
  { name: "stw-end", priority: 2, why: "a pause ends before the mark steps and triggers it makes possible" },
  {
    name: "mark-step",
    priority: 2,
    why: "the mark rates change (assist regime, goal passed, limiter full, preemption)",
  },
  { name: "trigger", priority: 3, why: "the heap reaches the pacer's trigger: gcStart" },
  { name: "periodic", priority: 3, why: "sysmon's forcegc test (2 minutes without a GC)" },
  { name: "sample", priority: 5, why: "the timeline observes the state every action and cycle at t has left" },
  { name: "end", priority: 9, why: "the run ends after everything else at its last instant" },
  { name: "cfs-period", priority: 0, why: "a new CFS period refills the quota before anything runs in it" },
  { name: "cfs-throttle", priority: 2, why: "the quota runs out: every thread stops" },
  { name: "sweep", priority: 3, why: "the sweep ends (bgsweep or gcStart's sweep): the trigger is tested again" },
  {
    name: "gomaxprocs",
    priority: 1,
    why: "sysmon re-reads the CPU limit (Go 1.25+): a new GOMAXPROCS before the GC looks at the Ps",
  },
];

export const E_PLAN = 0;
export const E_RAMP_END = 1;
export const E_STW_END = 2;
export const E_MARK_STEP = 3;
export const E_TRIGGER = 4;
export const E_PERIODIC = 5;
export const E_SAMPLE = 6;
export const E_END = 7;
export const E_CFS_PERIOD = 8;
export const E_CFS_THROTTLE = 9;
export const E_SWEEP = 10;
export const E_GOMAXPROCS = 11;

const PRIORITY = EVENT_KINDS.map((k) => k.priority);

/** Pushes a one-shot event of `kind` at `t` (plan actions, ramp ends, samples, the end, CFS periods). */
export function schedule(queue: EventQueue, t: number, kind: number, arg = 0): void {
  queue.push(t, PRIORITY[kind], kind, arg, 0);
}

/** One pending event of a kind, re-armed or cancelled as the model's state changes. */
export class Timer {
  /** Bumped by arm and cancel: only the event pushed by the last arm, if no cancel followed, fires. */
  private gen = 0;
  private readonly priority: number;

  constructor(
    private readonly queue: EventQueue,
    readonly kind: number,
  ) {
    this.priority = PRIORITY[kind];
  }

  /** (Re-)arms the timer at `t` ns: any earlier arming is cancelled. `t` must not be before the current time. */
  arm(t: number): void {
    this.queue.push(t, this.priority, this.kind, 0, ++this.gen);
  }

  /** Cancels the pending event, if any. */
  cancel(): void {
    this.gen++;
  }

  /** Whether an event of this timer's kind just popped with generation `gen` is the live one. */
  fires(gen: number): boolean {
    return gen === this.gen;
  }
}
