// The container's OOM killer (kernel/runtime.ts: advanceTo, beforeJump/afterJump, oomKill): a step that could take
// RSS to the limit is split at the crossing, an instantaneous change is checked at its instant, and the kill ends the
// run with a timeline sample at it, RSS at the limit (issue 16, case 3; issue 17).
import { scenario, run } from "heapcast";

const GiB = 2 ** 30;
const last = <T>(xs: T[]) => xs[xs.length - 1];

test("a container shrunk below RSS kills at that instant", () => {
  const r = run(
    scenario("A", { duration: "60s" })
      .liveHeap("2GiB")
      .at("10s", (s) => s.container({ memory: "1GiB" })),
  );
  expect(r.summary.oomKilledAtSeconds).toBe(10);
  expect(last(r.raw.samples).tNs).toBe(10e9);
  expect(r.raw.samples.every((s) => s.tNs <= 10e9)).toBe(true);
  expect(r.raw.events.map((e) => e.kind)).toContain("oom-kill");
});

test("goroutine stacks set at t = 0 above the container kill at t = 0; the sample there shows RSS at the limit", () => {
  const r = run(
    scenario("B", { duration: "60s", go: { GOMEMLIMIT: "40MiB" }, container: { memory: "1GiB" } })
      .goroutines(120000, { stack: "32KiB" })
      .goroutines(50000, { stack: "2KiB", over: "20s" }),
  );
  expect(r.summary.oomKilledAtSeconds).toBe(0);
  expect(r.raw.samples).toHaveLength(1);
  expect(r.raw.samples[0].rssBytes).toBe(GiB);
  expect(r.summary.peakRssBytes).toBe(GiB);
});

test("a goroutine step at 5 m kills at 5 m, whatever comes later", () => {
  const base = () =>
    scenario("C", { duration: "10m", sampleEvery: "1m", container: { memory: "1GiB" } }).at("5m", (s) =>
      s.goroutines(100000, { stack: "128KiB" }),
    );
  const a = run(base());
  const b = run(base().at("7m", (s) => s.go({ GOGC: 50 })));
  expect(a.summary.oomKilledAtSeconds).toBe(300);
  expect(b.summary.oomKilledAtSeconds).toBe(300);
  expect(a.raw.samples.every((s) => s.rssBytes <= GiB)).toBe(true);
  expect(last(a.raw.samples)).toMatchObject({ tNs: 300e9, rssBytes: GiB });
});

test("a leak reaching the limit: killed at the crossing, RSS there is the limit, heap in use below it, no sample above", () => {
  const mk = (extra: boolean) => {
    let s = scenario("leak", { duration: "60s", container: { memory: "256MiB" } })
      .liveHeap("32MiB")
      .garbage("50MiB/s")
      .leakHeap("10MiB/s");
    if (extra) s = s.at("50s", (p) => p.go({ GOMAXPROCS: 4 })); // an unrelated event after the kill
    return run(s);
  };
  const a = mk(false);
  const b = mk(true);
  expect(a.summary.oomKilledAtSeconds).not.toBeNull();
  expect(b.summary.oomKilledAtSeconds).toBe(a.summary.oomKilledAtSeconds);
  const k = last(a.raw.samples);
  expect(k.tNs / 1e9).toBe(a.summary.oomKilledAtSeconds);
  expect(k.rssBytes).toBe(256 * 2 ** 20);
  expect(a.summary.peakRssBytes).toBe(256 * 2 ** 20);
  for (const s of a.raw.samples) expect(s.heapObjectsBytes + s.heapUnusedBytes).toBeLessThanOrEqual(s.rssBytes);
  expect(a.summary.peakHeapInUseBytes).toBeLessThan(a.summary.peakRssBytes);
  for (const s of a.raw.samples.slice(0, -1)) expect(s.rssBytes).toBeLessThan(256 * 2 ** 20);
});

test("a container smaller than the program's baseline memory kills it as it starts (after the t = 0 actions)", () => {
  expect(run(scenario("tiny", { duration: "1s", container: { memory: "1MiB" } })).summary.oomKilledAtSeconds).toBe(0);
  // raised at t = 0 by an action: the actions at one instant are one change
  const r = run(
    scenario("raised", { duration: "1s", container: { memory: "1MiB" } }).at("0s", (s) =>
      s.liveHeap("1B").container({ memory: "64MiB" }),
    ),
  );
  expect(r.summary.oomKilledAtSeconds).toBeNull();
});

test("a container lowered below RSS together with runtime.GC(): killed at that instant, with the RSS it had (fuzz counterexample)", () => {
  const r = run(scenario("g", { duration: "120002ms" }).at("60001ms", (s) => s.container({ memory: "1MiB" }).gc()));
  expect(r.summary.oomKilledAtSeconds).toBe(60.001);
  const k = last(r.raw.samples);
  expect(k.tNs).toBe(60001e6);
  expect(k.rssBytes).toBeGreaterThan(2 ** 20); // the limit was lowered below it: the RSS it dies with
  expect(r.raw.events.every((e) => e.tNs === 60001e6)).toBe(true); // the actions are logged at their instant
});

test("a kill by mark termination's sweep keeps the state before it: heap in use never above RSS (fuzz counterexample)", () => {
  // Go 1.27, a 1 GiB/s leak of 36,885 B objects, then a live heap of 682 B objects: the sweep recomputes the
  // survivors' span waste at the live heap's overhead (heap.ts: sweepGrowth), an instantaneous jump of 533 MB in use
  // that reaches the limit. The last sample was the state after it with RSS set to the limit (in use 9.74 GB > RSS).
  const plan = {
    format: "heapcast.plan",
    version: 2,
    scenario: {
      name: "fuzz",
      go: { version: "1.27", goMod: "1.27", GOGC: 100, GOMEMLIMIT: 1048576, GOMAXPROCS: null },
      container: { memoryBytes: 9403629568, cpus: null, nodeCpus: 2 },
      durationNs: 13093000000,
      seed: 0,
      sampleEveryNs: 100000000,
      globalsBytes: 262144,
      markJitter: 0,
    },
    events: [
      { kind: "leakHeap", bytesPerSec: GiB, objectSize: 36885, pointerFraction: 1, atNs: 0, source: "leakHeap" },
      { kind: "go", GOMAXPROCS: 11, atNs: 6808000000, source: "at(6808ms).go" },
      {
        kind: "liveHeap",
        bytes: 1,
        overNs: 0,
        churnBytesPerSec: GiB,
        objectSize: 682,
        pointerFraction: 1,
        atNs: 6808000000,
        source: "at(6808ms).liveHeap",
      },
    ],
  };
  const r = run(plan as Parameters<typeof run>[0]);
  const k = last(r.raw.samples);
  expect((r.summary.oomKilledAtSeconds as number) * 1e9).toBeCloseTo(k.tNs, -1);
  expect(k.rssBytes).toBe(9403629568);
  for (const x of r.raw.samples) expect(x.heapObjectsBytes + x.heapUnusedBytes).toBeLessThanOrEqual(x.rssBytes);
  // killed at a mark termination (the cycle's second pause), with the state before its sweep
  const c = last(r.raw.cycles);
  expect(c.startNs + c.stw1Ns + c.markNs).toBeLessThanOrEqual(k.tNs);
});

// The OOM killer's module itself (kernel/oom.ts), through its door.
import { ContainerMemory, earliestOomNs, RSS_PER_SPAN_BYTE, staysBelowLimit } from "../../kernel/oom";
import { HeapMemory } from "../../kernel/heap";
import { SampleLog, SAMPLE } from "../../kernel/samplelog";
import { EventLog } from "../../kernel/eventlog";
import { Workload } from "../../kernel/workload";

const MiB2 = 2 ** 20;

test("ContainerMemory: below the limit it keeps peaks; at the limit it kills with a sample at the limit", () => {
  const heap = new HeapMemory();
  const samples = new SampleLog(["off"]);
  const events = new EventLog();
  const c = new ContainerMemory(null, heap, samples, events, (row, i) => row.fill(0, i, i + SAMPLE.gcPhase + 1));
  heap.allocate(10 * MiB2, 1);
  expect(c.check(1e9)).toBe(false);
  expect(c.peakRss).toBe(heap.rss());
  c.limitBytes = Math.floor(heap.rss()) - 1;
  expect(c.check(2e9)).toBe(true);
  expect(c.killedAtNs).toBe(2e9);
  const [kill] = samples.records();
  expect(kill.tNs).toBe(2e9);
  expect(kill.rssBytes).toBe(c.limitBytes);
  expect(events.records().map((e) => e.kind)).toEqual(["oom-kill"]);
});

test("beforeJump keeps the state only for a change that could reach the limit", () => {
  const heap = new HeapMemory();
  let snapshots = 0;
  const c = new ContainerMemory(
    heap.rss() + 10 * MiB2,
    heap,
    new SampleLog(["off"]),
    new EventLog(),
    () => snapshots++,
  );
  c.beforeJump(1 * MiB2);
  expect(c.jumpRowValid).toBe(false);
  c.beforeJump((10 * MiB2) / RSS_PER_SPAN_BYTE + 1);
  expect(c.jumpRowValid).toBe(true);
  expect(snapshots).toBe(1);
});

test("earliestOomNs is a bound: never after the instant allocation at the step's rate could cover the distance", () => {
  const w = new Workload();
  w.apply({ kind: "leakHeap", bytesPerSec: 100 * MiB2, objectSize: 1024, pointerFraction: 0 }, 0);
  const distance = 10 * MiB2;
  const at = earliestOomNs(0, 10e9, distance, 0, w, 1);
  const exact = (distance / RSS_PER_SPAN_BYTE / (100 * MiB2)) * 1e9; // every span byte from new pages
  expect(at).toBeLessThanOrEqual(Math.ceil(exact));
  expect(at).toBeGreaterThan(0);
  expect(earliestOomNs(0, 1e6, distance, 0, w, 1)).toBe(Infinity); // not within 1 ms
});

test("staysBelowLimit skips only steps earliestOomNs would not split; a crossing within the step still goes to it", () => {
  // garbage in batches every 5 ms (the batch term) and a heap leak, each part with its own span overhead
  const w = new Workload();
  w.apply(
    { kind: "garbage", bytesPerSec: 400 * MiB2, sizes: [{ size: 1024, share: 1 }], pointerFraction: 0, everyNs: 5e6 },
    0,
  );
  w.apply({ kind: "leakHeap", bytesPerSec: 10 * MiB2, objectSize: 3072, pointerFraction: 1 }, 0);
  const dt = 50e6; // a 50 ms step: at most (400 + 10) MiB/s × 50 ms + one batch of 2 MiB, times the overhead
  let skipped = 0;
  let split = 0;
  for (let distance = 1; distance < 200 * MiB2; distance = Math.ceil(distance * 1.01)) {
    for (const free of [0, 1 * MiB2, 100 * MiB2]) {
      const crossing = earliestOomNs(0, dt, distance, free, w, 1);
      if (staysBelowLimit(distance, dt, w, RSS_PER_SPAN_BYTE)) {
        skipped++;
        expect(crossing).toBe(Infinity); // never skips a step that the exact split would cut
      } else if (crossing <= dt) split++;
    }
  }
  // both sides are exercised: far limits skip, near ones are split at the crossing
  expect(skipped).toBeGreaterThan(100);
  expect(split).toBeGreaterThan(100);
  // right at the bound: one byte of growth more than the distance allows is not skipped
  const most = w.spanBytesBound(dt) * RSS_PER_SPAN_BYTE;
  expect(staysBelowLimit(most, dt, w, RSS_PER_SPAN_BYTE)).toBe(false);
  expect(staysBelowLimit(most * 1.001, dt, w, RSS_PER_SPAN_BYTE)).toBe(true);
  // half of it is reached within the step: not skipped, split at the crossing
  expect(staysBelowLimit(most / 2, dt, w, RSS_PER_SPAN_BYTE)).toBe(false);
  expect(earliestOomNs(0, dt, most / 2, 0, w, 1)).toBeLessThanOrEqual(dt);
});

test("a leak crossing the limit inside one long step (GOGC off, no other event) is killed at the crossing, RSS at the limit", () => {
  const mk = (extraAt: string | null) => {
    let s = scenario("long step", { duration: "60s", go: { GOGC: "off" }, container: { memory: "512MiB" } }).leakHeap(
      "64MiB/s",
    );
    if (extraAt) s = s.at(extraAt, (p) => p.go({ GOMAXPROCS: 4 })); // an unrelated event after the kill
    return run(s);
  };
  const a = mk(null);
  const b = mk("30s");
  const at = a.summary.oomKilledAtSeconds as number;
  expect(at).toBeGreaterThan(1);
  expect(at).toBeLessThan(10);
  expect(b.summary.oomKilledAtSeconds).toBe(at);
  const k = last(a.raw.samples);
  expect(k).toMatchObject({ tNs: at * 1e9, rssBytes: 512 * 2 ** 20 });
  for (const s of a.raw.samples.slice(0, -1)) expect(s.rssBytes).toBeLessThan(512 * 2 ** 20);
  expect(a.raw.events.filter((e) => e.kind === "oom-kill")).toHaveLength(1);
});
