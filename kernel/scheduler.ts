// The discrete-event scheduler, after SimPy's core: a binary heap of events ordered by (time, priority, insertion
// counter), so that events at the same instant run in a fixed, documented order and every run is deterministic.
// Time is integer nanoseconds (exact up to 2^53 ns ≈ 104 days). The scheduler knows nothing of Go; it only orders.
// Time never runs backwards: an event may not be pushed before the last one popped (push throws).
//
// The heap lives in typed arrays (struct of arrays), so pushing and popping allocate nothing: the kernel processes
// millions of events per second without feeding the JavaScript garbage collector. pop() moves the earliest event into
// the fields t, priority, seq, kind, arg and gen. An event pushed ahead of all others waits in a front slot, outside
// the heap: a model that keeps rescheduling its next step pops it again without a sift.

const INITIAL_CAPACITY = 256;

export class EventQueue {
  private times = new Float64Array(INITIAL_CAPACITY);
  /** priority·2^40 + insertion counter: one number orders ties (priority < 2^12, counter < 2^40 stay exact). */
  private order = new Float64Array(INITIAL_CAPACITY);
  private kinds = new Int32Array(INITIAL_CAPACITY);
  private args = new Float64Array(INITIAL_CAPACITY);
  private gens = new Float64Array(INITIAL_CAPACITY);
  private n = 0;
  private seq = 0;
  // The front slot (see push).
  private slotFull = false;
  private slotT = 0;
  private slotKey = 0;
  private slotKind = 0;
  private slotArg = 0;
  private slotGen = 0;

  /** The event last popped. */
  t = 0;
  priority = 0;
  kind = 0;
  arg = 0;
  gen = 0;

  /** Number of events pushed so far (the insertion counter). */
  get inserted(): number {
    return this.seq;
  }
  get size(): number {
    return this.n + (this.slotFull ? 1 : 0);
  }

  push(t: number, priority: number, kind: number, arg = 0, gen = 0): void {
    if (!Number.isInteger(t) || t < this.t) badTime(t, this.t);
    const key = priority * 2 ** 40 + this.seq++;
    // The front slot holds the earliest event when it was pushed last (the common case: a model reschedules its next
    // step): it is popped without touching the heap. Invariant: the slot's event precedes every event in the heap.
    if (!this.slotFull && (this.n === 0 || t < this.times[0] || (t === this.times[0] && key < this.order[0]))) {
      this.fillSlot(t, key, kind, arg, gen);
    } else this.pushBehind(t, key, kind, arg, gen);
  }

  /** push with the slot full or the event not first (out of line: push stays small enough to be inlined). */
  private pushBehind(t: number, key: number, kind: number, arg: number, gen: number): void {
    if (this.slotFull && (t < this.slotT || (t === this.slotT && key < this.slotKey))) {
      this.heapPush(this.slotT, this.slotKey, this.slotKind, this.slotArg, this.slotGen);
      this.fillSlot(t, key, kind, arg, gen);
      return;
    }
    this.heapPush(t, key, kind, arg, gen);
  }

  private fillSlot(t: number, key: number, kind: number, arg: number, gen: number): void {
    this.slotFull = true;
    this.slotT = t;
    this.slotKey = key;
    this.slotKind = kind;
    this.slotArg = arg;
    this.slotGen = gen;
  }

  private heapPush(t: number, key: number, kind: number, arg: number, gen: number): void {
    if (this.n === this.times.length) this.grow();
    const { times, order, kinds, args, gens } = this;
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = times[parent];
      if (pt < t || (pt === t && order[parent] < key)) break;
      times[i] = pt;
      order[i] = order[parent];
      kinds[i] = kinds[parent];
      args[i] = args[parent];
      gens[i] = gens[parent];
      i = parent;
    }
    times[i] = t;
    order[i] = key;
    kinds[i] = kind;
    args[i] = arg;
    gens[i] = gen;
  }

  /** Time of the earliest event, or Infinity if none. */
  peekTime(): number {
    if (this.slotFull) return this.slotT;
    return this.n > 0 ? this.times[0] : Infinity;
  }

  /** Removes the earliest event into t/priority/kind/arg/gen; false if the queue is empty. */
  pop(): boolean {
    if (this.slotFull) {
      this.slotFull = false;
      this.t = this.slotT;
      this.priority = Math.floor(this.slotKey / 2 ** 40);
      this.kind = this.slotKind;
      this.arg = this.slotArg;
      this.gen = this.slotGen;
      return true;
    }
    return this.popHeap();
  }

  /** pop from the heap (out of line: pop stays small enough to be inlined in the event loop). */
  private popHeap(): boolean {
    if (this.n === 0) return false;
    const { times, order, kinds, args, gens } = this;
    this.t = times[0];
    this.priority = Math.floor(order[0] / 2 ** 40);
    this.kind = kinds[0];
    this.arg = args[0];
    this.gen = gens[0];
    const last = --this.n;
    if (last > 0) {
      const lt = times[last];
      const lo = order[last];
      const lk = kinds[last];
      const la = args[last];
      const lg = gens[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        let c = l;
        if (r < last && (times[r] < times[l] || (times[r] === times[l] && order[r] < order[l]))) c = r;
        if (lt < times[c] || (lt === times[c] && lo < order[c])) break;
        times[i] = times[c];
        order[i] = order[c];
        kinds[i] = kinds[c];
        args[i] = args[c];
        gens[i] = gens[c];
        i = c;
      }
      times[i] = lt;
      order[i] = lo;
      kinds[i] = lk;
      args[i] = la;
      gens[i] = lg;
    }
    return true;
  }

  private grow(): void {
    const cap = this.times.length * 2;
    const g = <T extends Float64Array | Int32Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(cap);
      b.set(a);
      return b;
    };
    this.times = g(this.times);
    this.order = g(this.order);
    this.kinds = g(this.kinds);
    this.args = g(this.args);
    this.gens = g(this.gens);
  }
}

/** push's argument check failed (kept out of push, which stays small enough to be inlined where events are pushed). */
function badTime(t: number, now: number): never {
  throw new Error(`EventQueue.push: time must be an integer ns, not before the last event popped (${now}), got ${t}`);
}
