// The discrete-event scheduler, after SimPy's core: a binary heap of events ordered by (time, priority, insertion
// counter), so that events at the same instant run in a fixed, documented order and every run is deterministic.
// Time is integer nanoseconds (exact up to 2^53 ns ≈ 104 days). The scheduler knows nothing of Go; it only orders.

/** An entry in the queue. `kind` and `arg` are the owner's; `gen` lets the owner cancel by bumping a generation. */
export interface ScheduledEvent {
  t: number;
  priority: number;
  seq: number;
  kind: number;
  arg: number;
  gen: number;
}

export class EventQueue {
  private heap: ScheduledEvent[] = [];
  private seq = 0;
  /** Number of events pushed so far (the insertion counter). */
  get inserted(): number {
    return this.seq;
  }
  get size(): number {
    return this.heap.length;
  }

  push(t: number, priority: number, kind: number, arg = 0, gen = 0): void {
    if (!Number.isInteger(t) || t < 0) throw new Error(`EventQueue.push: time must be a non-negative integer ns, got ${t}`);
    const e: ScheduledEvent = { t, priority, seq: this.seq++, kind, arg, gen };
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(e, h[parent])) break;
      h[i] = h[parent];
      i = parent;
    }
    h[i] = e;
  }

  peek(): ScheduledEvent | undefined {
    return this.heap[0];
  }

  pop(): ScheduledEvent | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length > 0 && last !== undefined) {
      let i = 0;
      const n = h.length;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        const c = r < n && before(h[r], h[l]) ? r : l;
        if (!before(h[c], last)) break;
        h[i] = h[c];
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}

function before(a: ScheduledEvent, b: ScheduledEvent): boolean {
  if (a.t !== b.t) return a.t < b.t;
  if (a.priority !== b.priority) return a.priority < b.priority;
  return a.seq < b.seq;
}
